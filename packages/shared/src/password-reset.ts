import { z } from "zod";
import { CaptchaSolution, Email, LinkToken, Locale, NewPassword, PASSWORD_MAX_LENGTH, singleLine } from "./common.ts";
import { defineErrors } from "./define-errors.ts";

/** SPEC §6 (seed 001: "valid for 30 minutes after sending the request"). */
export const PASSWORD_RESET_LINK_TTL_MINUTES = 30;

export const PasswordResetRequest = z
  .strictObject({
    email: Email,
    captcha: CaptchaSolution,
    /** Language of the email when the address has no account (an account's own language wins otherwise). */
    locale: Locale.default("en"),
  })
  .meta({ id: "PasswordResetRequest" });
export type PasswordResetRequest = z.input<typeof PasswordResetRequest>;

/** The same answer, byte for byte, whether or not an account has the address (no enumeration). */
export const PasswordResetResponse = z.object({ status: z.literal("check_email") }).meta({ id: "PasswordResetResponse" });

export const PasswordResetTokenRequest = z.strictObject({ token: LinkToken }).meta({ id: "PasswordResetTokenRequest" });

/** What the link is for, once it proved usable in this browser. */
export const PasswordResetInfo = z
  .object({
    /** The login email, masked as support's hint masks it: lu**@we***.c** */
    email: z.string(),
    expiresAt: z.string(),
  })
  .meta({ id: "PasswordResetInfo" });

export const PasswordResetCompleteRequest = z
  .strictObject({
    token: LinkToken,
    password: NewPassword,
    /** The new password typed a second time (seed 001: "enter a new password twice"). */
    passwordConfirmation: singleLine(z.string().max(PASSWORD_MAX_LENGTH * 4)),
  })
  .meta({ id: "PasswordResetCompleteRequest" });
export type PasswordResetCompleteRequest = z.input<typeof PasswordResetCompleteRequest>;

/** The password changed and every session ended; the user signs in anew (OTP still applies). */
export const PasswordResetCompleteResponse = z
  .object({ status: z.literal("password_changed") })
  .meta({ id: "PasswordResetCompleteResponse" });

/** Password recovery's error codes (SPEC §6). */
export const passwordResetErrors = defineErrors({
  PASSWORDS_DO_NOT_MATCH: { status: 400 },
  /** The reset link was sent to an address that is no longer the account's login email. */
  RESET_LINK_ADDRESS_CHANGED: { status: 400 },
});
