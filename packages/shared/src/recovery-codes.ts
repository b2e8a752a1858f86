import { z } from "zod";
import { AttemptTokenField, CurrentPassword, singleLine } from "./common.ts";
import { defineErrors } from "./define-errors.ts";

/**
 * Recovery codes (issue 17, ADR 040): ten single-use codes, shown once, that stand in
 * for a second factor at sign-in when the authenticator app or the passkey is lost.
 */

/** How many codes a set has (issue 17; as GitHub, Google and most products). */
export const RECOVERY_CODE_COUNT = 10;
/**
 * Each code is 10 characters of Crockford's base32 (0-9 and letters without i, l, o, u):
 * 50 bits, so a guess within the sign-in's 5 tries has odds of about 10⁻¹⁴.
 */
export const RECOVERY_CODE_LENGTH = 10;
export const RECOVERY_CODE_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

/**
 * A code as typed: spaces and hyphens ignored, any case, and the letters people confuse
 * with digits read as those digits (Crockford: o → 0, i and l → 1).
 */
export const RecoveryCodeInput = singleLine(z.string().max(40))
  .transform((value) => value.toLowerCase().replace(/[\s-]/g, "").replace(/o/g, "0").replace(/[il]/g, "1"))
  .pipe(z.string().regex(/^[0-9a-hjkmnp-tv-z]{10}$/, "Enter a recovery code: 10 letters and digits, as printed."));

/** How a code is shown: two groups of five. */
export function formatRecoveryCode(code: string): string {
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

export const RecoveryCodesStatus = z
  .object({
    /** Unused codes of the current set (0 when there is none). */
    remaining: z.number().int(),
    /** When the current set was made; null when there is none. */
    createdAt: z.string().nullable(),
    /** Codes are offered while two-factor sign-in is on (OTP or a passkey). */
    available: z.boolean(),
  })
  .meta({ id: "RecoveryCodesStatus" });

export const RecoveryCodesCreateRequest = z.strictObject({ password: CurrentPassword }).meta({ id: "RecoveryCodesCreateRequest" });

/** A new set, shown once: print it or download it, it is never shown again. */
export const RecoveryCodesSet = z
  .object({
    codes: z.array(z.string()).meta({ description: "Ten codes, formatted `xxxxx-xxxxx`." }),
    createdAt: z.string(),
  })
  .meta({ id: "RecoveryCodesSet" });

/** The second step of a sign-in with a recovery code instead of an authenticator code or a passkey. */
export const SignInRecoveryCodeRequest = z
  .strictObject({
    code: RecoveryCodeInput,
    attemptToken: AttemptTokenField,
  })
  .meta({ id: "SignInRecoveryCodeRequest" });

export const recoveryCodeErrors = defineErrors({
  /** No such unused code on this account; `remainingTries` before the sign-in ends. */
  RECOVERY_CODE_INVALID: { status: 400, params: z.object({ remainingTries: z.number().int() }) },
  /** Recovery codes need two-factor sign-in on (OTP or a passkey). */
  RECOVERY_CODES_UNAVAILABLE: { status: 409 },
});
