import { isValidPhoneNumber, parsePhoneNumberWithError } from "libphonenumber-js/mobile";
import { z } from "zod";

/** SPEC §1: passwords are 10–256 characters, counted after NFKC normalisation. */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;

/** Code points, not UTF-16 units: "𝔭" is one character to a user. */
export function passwordLength(password: string): number {
  return [...password.normalize("NFKC")].length;
}

/**
 * Text that reaches the database, a message or a log (SPEC §12, ADR 027): no C0 control
 * character and no DEL (PostgreSQL cannot store NUL; the others hide or forge text in
 * emails, logs and the staff console), and well-formed UTF-16 (a lone surrogate has no
 * UTF-8 form: it would be stored as something else than was sent). Tab, CR and LF are
 * allowed only in multi-line text. Every free-text input schema ends in one of these.
 */
export const TEXT_INVALID_CHARACTERS = "INVALID_CHARACTERS";

/** A C0 control character or DEL (tab, LF and CR excepted when `lineBreaks`), or a lone surrogate. */
function hasInvalidCharacter(value: string, lineBreaks: boolean): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) {
      if (lineBreaks && (c === 0x09 || c === 0x0a || c === 0x0d)) continue;
      return true;
    }
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return true;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      return true;
    }
  }
  return false;
}
const invalidCharacters = {
  message: "Remove the invisible control characters from this field.",
  params: { code: TEXT_INVALID_CHARACTERS },
};

/** One line of text: no control character at all. */
export const singleLine = <T extends z.ZodString>(schema: T): T =>
  schema.refine((value) => !hasInvalidCharacter(value, false), invalidCharacters) as T;

/** Several lines (support details, staff reasons): tab, CR and LF are fine, other controls are not. */
export const multiLine = <T extends z.ZodString>(schema: T): T =>
  schema.refine((value) => !hasInvalidCharacter(value, true), invalidCharacters) as T;

/** Login email: trimmed, lower-cased (SPEC §1). */
export const Email = singleLine(z.string())
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email({ message: "Enter a valid email address." }));

/**
 * Mobile phone in E.164. The SPA and the API use the same metadata, so a number the
 * form accepts is one the API accepts. Only mobile numbers can receive the SMS code.
 */
export const MobilePhone = singleLine(z.string())
  .trim()
  .max(32)
  .refine((value) => /^\+[1-9]\d{6,14}$/.test(value.replace(/[\s-]/g, "")), {
    message: "Enter the number in international format, e.g. +420 601 123 456.",
  })
  .refine((value) => isValidPhoneNumber(value.replace(/[\s-]/g, "")), {
    message: "This is not a valid mobile phone number.",
    params: { code: "PHONE_NOT_MOBILE" },
  })
  .transform((value) => parsePhoneNumberWithError(value.replace(/[\s-]/g, "")).number as string)
  .meta({ description: "Mobile phone number in E.164 format", example: "+420601123456" });

/**
 * A phone number as people read it: international format with spaces
 * (`+420601123456` → `+420 601 123 456`). Anything it cannot parse (a masked
 * `+420 *** *** 456`) is shown as it came.
 */
export function formatPhone(phone: string): string {
  try {
    return parsePhoneNumberWithError(phone).formatInternational();
  } catch {
    return phone;
  }
}

/** A new password as typed; the API adds the blocklist and context rules. */
export const NewPassword = singleLine(z.string().max(PASSWORD_MAX_LENGTH * 4))
  .refine((value) => passwordLength(value) >= PASSWORD_MIN_LENGTH, {
    message: `Use at least ${PASSWORD_MIN_LENGTH} characters.`,
    params: { code: "PASSWORD_TOO_SHORT" },
  })
  .refine((value) => passwordLength(value) <= PASSWORD_MAX_LENGTH, {
    message: `Use at most ${PASSWORD_MAX_LENGTH} characters.`,
    params: { code: "PASSWORD_TOO_LONG" },
  });

/** An existing password as typed at sign-in: never length-checked beyond a sane cap. */
export const CurrentPassword = singleLine(
  z
    .string()
    .min(1)
    .max(PASSWORD_MAX_LENGTH * 4),
);

/** Link tokens: 32 random bytes, base64url (43 characters). */
/** A sign-in attempt's token, sent by bearer clients at each later step (browsers hold it in a cookie). */
export const AttemptTokenField = singleLine(z.string().max(64)).optional();

export const LinkToken = z.string().regex(/^[A-Za-z0-9_-]{43}$/, "This link is not valid.");

/** SMS codes: six digits. */
export const SmsCode = z
  .string()
  .trim()
  .regex(/^\d{6}$/, "Enter the 6-digit code.");

export const Locale = z.enum(["en", "cs"]);
export type Locale = z.infer<typeof Locale>;

/** Proof-of-work (or third-party) CAPTCHA solution, as the widget hands it over. */
export const CaptchaSolution = singleLine(z.string().min(1).max(8192));

export const Ok = z.object({ ok: z.literal(true) });
