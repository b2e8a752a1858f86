/**
 * TOTP (RFC 6238) as the API checks it: SHA-1, 6 digits, 30-second steps, the current
 * step ±1 accepted (SPEC §5) — compatible with Google and Microsoft Authenticator.
 * Codes come from `otpauth`'s HOTP; which steps to try and the once-only rule are ours.
 */
import { timingSafeEqual } from "node:crypto";
import { OTP_DIGITS, OTP_PERIOD_SECONDS, OTP_WINDOW_STEPS } from "@portier/shared/otp";
import { HOTP, Secret } from "otpauth";

export interface TotpOptions {
  digits?: number;
  periodSeconds?: number;
  windowSteps?: number;
  algorithm?: "SHA1" | "SHA256" | "SHA512";
}

export function stepAt(timeMs: number, periodSeconds = OTP_PERIOD_SECONDS): number {
  return Math.floor(timeMs / 1000 / periodSeconds);
}

export function codeAtStep(secret: Uint8Array, step: number, options: TotpOptions = {}): string {
  return HOTP.generate({
    secret: new Secret({ buffer: secret.slice().buffer as ArrayBuffer }),
    algorithm: options.algorithm ?? "SHA1",
    digits: options.digits ?? OTP_DIGITS,
    counter: step,
  });
}

/**
 * The step a code belongs to, if it is within the window around `timeMs` and later than
 * `lastStep` (a code, once accepted, never is again); otherwise null. Every candidate is
 * compared in constant time.
 */
export function matchStep(
  secret: Uint8Array,
  code: string,
  timeMs: number,
  lastStep: number | null,
  options: TotpOptions = {},
): number | null {
  const window = options.windowSteps ?? OTP_WINDOW_STEPS;
  const current = stepAt(timeMs, options.periodSeconds);
  const given = Buffer.from(code);
  let matched: number | null = null;
  for (let step = current - window; step <= current + window; step++) {
    const expected = Buffer.from(codeAtStep(secret, step, options));
    if (expected.length === given.length && timingSafeEqual(expected, given) && (lastStep === null || step > lastStep)) {
      matched = step;
    }
  }
  return matched;
}

/** A new 160-bit key from the CSPRNG (RFC 4226 recommends 160 bits for SHA-1). */
export function newSecret(): Uint8Array {
  return new Uint8Array(new Secret({ size: 20 }).buffer);
}

export function toBase32(secret: Uint8Array): string {
  return new Secret({ buffer: secret.slice().buffer as ArrayBuffer }).base32;
}

/** "JBSWY3DPEHPK3PXP" → "JBSW Y3DP EHPK 3PXP", for typing the key by hand. */
export function groupBy4(base32: string): string {
  return base32.replace(/(.{4})(?=.)/g, "$1 ");
}

export function otpauthUri(secret: Uint8Array, label: string, issuer = "Portier"): string {
  const params = new URLSearchParams({
    secret: toBase32(secret),
    issuer,
    algorithm: "SHA1",
    digits: String(OTP_DIGITS),
    period: String(OTP_PERIOD_SECONDS),
  });
  return `otpauth://totp/${encodeURIComponent(issuer)}:${encodeURIComponent(label)}?${params.toString()}`;
}
