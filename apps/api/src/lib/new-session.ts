/**
 * What every new session is, customer's or staff's (SPEC §2): a fresh 256-bit token that
 * only its holder sees, stored as its SHA-256; bound to the browser that signed in
 * (family, major version, OS); its last use the moment it began; its absolute end fixed
 * then. Each kind adds its own columns (who, how they signed in).
 */
import { parseUserAgent } from "./client-info.ts";
import { randomToken, sha256 } from "./crypto.ts";

export function newSession(input: { userAgent: string | undefined; ip: string; now: Date; absoluteMs: number }) {
  const token = randomToken();
  return {
    token,
    row: {
      tokenHash: sha256(token),
      userAgent: parseUserAgent(input.userAgent).userAgentKey,
      ip: input.ip,
      createdAt: input.now,
      lastUsedAt: input.now,
      absoluteExpiresAt: new Date(input.now.getTime() + input.absoluteMs),
    },
  };
}
