import { readFileSync } from "node:fs";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, passwordLength } from "@portier/shared/common";
import { ErrorCode, FieldCode } from "@portier/shared/errors";
import { AppError } from "../lib/errors.ts";

/**
 * Rules for a new password (SPEC §1; NIST SP 800-63B §3.1.1.2, OWASP ASVS 5.0 V6.2):
 * length and a blocklist, no composition rules — they push users to predictable
 * patterns ("Password1!") without adding strength.
 */
export type PasswordViolationCode =
  | typeof FieldCode.PASSWORD_TOO_SHORT
  | typeof FieldCode.PASSWORD_TOO_LONG
  | typeof FieldCode.PASSWORD_TOO_COMMON
  | typeof FieldCode.PASSWORD_CONTAINS_CONTEXT;

export interface PasswordViolation {
  code: PasswordViolationCode;
  /** English; the SPA shows its own translation, chosen by `code`. */
  message: string;
}

export const PRODUCT_NAME = "portier";

/** A local part shorter than this ("jo@…") would forbid too many good passwords. */
const MIN_CONTEXT_LENGTH = 3;

let blocklist: Set<string> | undefined;

/**
 * Loaded on first use, not at import, so modules that never check a password (and
 * tests of them) do not pay ~50k lines of parsing. The file is already NFKC and
 * lower case (see README.md), so a lookup is one `Set.has`.
 */
function commonPasswords(): Set<string> {
  if (!blocklist) {
    const text = readFileSync(new URL("./common-passwords.txt", import.meta.url), "utf8");
    blocklist = new Set(text.split("\n").filter((line) => line !== ""));
  }
  return blocklist;
}

/** Number of blocklist entries (SPEC §1 demands at least 10,000). */
export function commonPasswordCount(): number {
  return commonPasswords().size;
}

/** Whether the password is on the blocklist, compared NFKC-normalised and case-insensitively. */
export function isCommonPassword(password: string): boolean {
  return commonPasswords().has(fold(password));
}

/**
 * All the rules the password breaks, in a stable order (length, blocklist, context);
 * empty when it is acceptable. Every reason is returned so the form can show them
 * at once instead of one per round trip.
 */
export function checkPasswordPolicy(password: string, context: { email: string }): PasswordViolation[] {
  const violations: PasswordViolation[] = [];
  // Length is counted after NFKC in code points (the same function the SPA's form uses),
  // so "ｐａｓｓ" and "pass" are the same length and an emoji counts once.
  const length = passwordLength(password);
  if (length < PASSWORD_MIN_LENGTH) {
    violations.push({ code: FieldCode.PASSWORD_TOO_SHORT, message: `Use at least ${PASSWORD_MIN_LENGTH} characters.` });
  } else if (length > PASSWORD_MAX_LENGTH) {
    violations.push({ code: FieldCode.PASSWORD_TOO_LONG, message: `Use at most ${PASSWORD_MAX_LENGTH} characters.` });
  }

  const folded = fold(password);
  if (commonPasswords().has(folded)) {
    violations.push({
      code: FieldCode.PASSWORD_TOO_COMMON,
      message: "This password is one of the most commonly used. Choose one that is harder to guess.",
    });
  }

  if (emailLocalParts(context.email).some((part) => folded.includes(part))) {
    violations.push({
      code: FieldCode.PASSWORD_CONTAINS_CONTEXT,
      message: "The password must not contain the name part of your email address.",
    });
  }
  if (folded.includes(PRODUCT_NAME)) {
    violations.push({
      code: FieldCode.PASSWORD_CONTAINS_CONTEXT,
      message: "The password must not contain the name of this service.",
    });
  }
  return violations;
}

/** NFKC then lower case: fullwidth "ＰＯＲＴＩＥＲ" and "Portier" compare equal. */
function fold(value: string): string {
  return value.normalize("NFKC").toLowerCase();
}

/**
 * The email's local part, and for a sub-addressed "luke+shop@…" also "luke": the part
 * an attacker who knows the address would try first. Parts under 3 characters are
 * skipped.
 */
function emailLocalParts(email: string): string[] {
  const at = email.lastIndexOf("@");
  const local = fold((at === -1 ? email : email.slice(0, at)).trim());
  const parts = [local];
  const plus = local.indexOf("+");
  if (plus > 0) parts.push(local.slice(0, plus));
  return parts.filter((part) => [...part].length >= MIN_CONTEXT_LENGTH);
}

/**
 * The customer's new password against every rule (sign-up, password reset, basic
 * settings): VALIDATION_FAILED with each violation on `field`, so the form shows them all.
 */
export function assertPasswordPolicy(password: string, context: { email: string }, field = "password"): void {
  const violations = checkPasswordPolicy(password, context);
  if (violations.length > 0) {
    throw new AppError(ErrorCode.VALIDATION_FAILED, violations.map((v) => v.message).join(" "), {
      errors: violations.map((v) => ({ field, code: v.code, message: v.message })),
    });
  }
}
