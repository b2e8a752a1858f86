import { createHmac, hash, randomBytes, randomInt, timingSafeEqual } from "node:crypto";

/** 256 bits from the CSPRNG, base64url: for links and session tokens. */
export function randomToken(): string {
  return randomBytes(32).toString("base64url");
}

/** Six decimal digits, uniformly (randomInt has no modulo bias). */
export function randomDigits(length = 6): string {
  let out = "";
  for (let i = 0; i < length; i++) out += randomInt(0, 10).toString();
  return out;
}

/** High-entropy tokens are stored as their SHA-256; a database leak reveals no usable token. */
export function sha256(value: string): string {
  // One-shot: no Hash object per call (every authenticated request hashes its token).
  return hash("sha256", value, "base64url");
}

/**
 * Low-entropy secrets (6-digit codes) would fall to a brute force of their SHA-256,
 * so they are keyed with a server secret, and bound to their account and purpose.
 */
export function hmac(key: string, ...parts: string[]): string {
  const mac = createHmac("sha256", key);
  for (const part of parts) mac.update(`${part.length}:${part}`);
  return mac.digest("base64url");
}

export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}
