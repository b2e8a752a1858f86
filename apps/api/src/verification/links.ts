/**
 * Link tokens (email verification, and later password reset, confirmation, log-out-all):
 * 256 random bits, stored only as SHA-256, single-use, consumed in one atomic statement.
 * Issuing a new token for the same account and purpose voids the earlier ones.
 */
import { ErrorCode } from "@portier/shared/errors";
import type { Db, Tx } from "../db/client.ts";
import type { Clock } from "../lib/clock.ts";
import { randomToken, sha256 } from "../lib/crypto.ts";
import { AppError } from "../lib/errors.ts";

export type LinkPurpose = "email_verification" | "otp_recovery_link";

export async function issueLinkToken(
  tx: Tx,
  clock: Clock,
  input: { accountId: string; purpose: LinkPurpose; target: string; ttlMs: number },
): Promise<string> {
  const now = clock.now();
  await tx.verification.updateMany({
    where: { accountId: input.accountId, purpose: input.purpose, consumedAt: null, voidedAt: null },
    data: { voidedAt: now },
  });
  const token = randomToken();
  await tx.verification.create({
    data: {
      accountId: input.accountId,
      purpose: input.purpose,
      target: input.target,
      secretHash: sha256(token),
      createdAt: now,
      expiresAt: new Date(now.getTime() + input.ttlMs),
    },
  });
  return token;
}

/**
 * The live verification behind a link token, without spending it (a page that shows
 * what the link will do). Each way a link can fail has its own code.
 */
export async function peekLinkToken(tx: Tx | Db, clock: Clock, purpose: LinkPurpose, token: string) {
  const now = clock.now();
  const row = await tx.verification.findUnique({ where: { secretHash: sha256(token) } });
  if (!row || row.purpose !== purpose) {
    throw new AppError(400, ErrorCode.TOKEN_INVALID, "This link is not valid. Request a new one.");
  }
  if (row.consumedAt) throw new AppError(409, ErrorCode.TOKEN_USED, "This link has already been used.");
  if (row.voidedAt) {
    throw new AppError(400, ErrorCode.TOKEN_INVALID, "This link was replaced by a newer one. Use the latest email.");
  }
  if (row.expiresAt <= now) throw new AppError(410, ErrorCode.TOKEN_EXPIRED, "This link has expired. Request a new one.");
  return row;
}

/**
 * Consumes a link token inside the caller's transaction, so the token is spent if and
 * only if the change it authorises commits.
 */
export async function consumeLinkToken(tx: Tx, clock: Clock, purpose: LinkPurpose, token: string) {
  const now = clock.now();
  const row = await peekLinkToken(tx, clock, purpose, token);
  // The conditions repeat the checks above in the UPDATE itself: of two concurrent
  // requests with the same token, exactly one matches the row.
  const spent = await tx.verification.updateMany({
    where: { id: row.id, consumedAt: null, voidedAt: null, expiresAt: { gt: now } },
    data: { consumedAt: now },
  });
  if (spent.count !== 1) throw new AppError(409, ErrorCode.TOKEN_USED, "This link has already been used.");
  return row;
}
