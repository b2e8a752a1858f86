/**
 * Basic settings of the signed-in account (SPEC §1): change the password, the phone and
 * the login email. Each needs the account password again (ADR 016).
 */
import { z } from "zod";
import { CurrentPassword, Email, LinkToken, Locale, MobilePhone, NewPassword, SmsCode } from "./common.ts";
import { defineErrors } from "./define-errors.ts";
import { EMAIL_VERIFICATION_TTL_HOURS } from "./signup.ts";

/** The new address is proven by a link valid as long as the sign-up one (SPEC §1: 24 h). */
export const EMAIL_CHANGE_LINK_TTL_HOURS = EMAIL_VERIFICATION_TTL_HOURS;

export const PasswordChangeRequest = z
  .strictObject({
    currentPassword: CurrentPassword,
    newPassword: NewPassword,
    /** End every other session of the account (the SPA offers it checked). The current one stays. */
    endOtherSessions: z.boolean(),
  })
  .meta({ id: "PasswordChangeRequest" });
export type PasswordChangeRequest = z.input<typeof PasswordChangeRequest>;

export const PasswordChangeResponse = z
  .object({
    status: z.literal("password_changed"),
    /** How many other sessions were ended (0 when not asked). */
    otherSessionsEnded: z.number().int(),
  })
  .meta({ id: "PasswordChangeResponse" });

export const PhoneChangeRequest = z
  .strictObject({
    password: CurrentPassword,
    /** The new mobile number, in E.164 (validated as at sign-up). */
    phone: MobilePhone,
  })
  .meta({ id: "PhoneChangeRequest" });
export type PhoneChangeRequest = z.input<typeof PhoneChangeRequest>;

export const PhoneChangeVerifyRequest = z.strictObject({ code: SmsCode }).meta({ id: "PhoneChangeVerifyRequest" });

export const PhoneChangeVerifyResponse = z
  .object({ status: z.literal("phone_changed"), phone: z.string() })
  .meta({ id: "PhoneChangeVerifyResponse" });

export const EmailChangeRequest = z
  .strictObject({
    password: CurrentPassword,
    /** The new login email: trimmed, lower-cased, as at sign-up. */
    email: Email,
  })
  .meta({ id: "EmailChangeRequest" });
export type EmailChangeRequest = z.input<typeof EmailChangeRequest>;

/** The same answer whether or not another account uses the address (no enumeration). */
export const EmailChangeResponse = z
  .object({ status: z.literal("check_email"), hours: z.number().int() })
  .meta({ id: "EmailChangeResponse" });

export const EmailChangeConfirmRequest = z.strictObject({ token: LinkToken }).meta({ id: "EmailChangeConfirmRequest" });

export const EmailChangeConfirmResponse = z
  .object({ status: z.literal("email_changed"), email: z.string() })
  .meta({ id: "EmailChangeConfirmResponse" });

/**
 * The language of the emails and SMS the account receives (SPEC §10): chosen at sign-up
 * (the page's language then), changed here. The page's own language is the browser's choice.
 */
export const MessageLocaleRequest = z.strictObject({ messageLocale: Locale }).meta({ id: "MessageLocaleRequest" });
export type MessageLocaleRequest = z.input<typeof MessageLocaleRequest>;

export const MessageLocaleResponse = z.object({ messageLocale: Locale }).meta({ id: "MessageLocaleResponse" });

/** Basic settings' error codes: password, phone and login email changes (SPEC §1). */
export const accountSettingsErrors = defineErrors({
  PASSWORD_UNCHANGED: { status: 400 },
  PHONE_UNCHANGED: { status: 400 },
  EMAIL_UNCHANGED: { status: 400 },
  EMAIL_TAKEN: { status: 409 },
});
