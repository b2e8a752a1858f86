/**
 * The WebAuthn ceremonies' challenges (ADR 040): random (the library's 32 bytes from the
 * CSPRNG), stored with what they were issued for, and spent in one conditional DELETE —
 * a challenge answers once, within its time, for the account, attempt or browser it was
 * issued to. The challenge an answer signed is read from its clientDataJSON; the library
 * then checks that it is that challenge, for this RP id and an allowed origin.
 */
import { ErrorCode } from "@portier/shared/errors";
import { PASSKEY_CHALLENGE_TTL_MINUTES } from "@portier/shared/passkeys";
import type { Db, Tx } from "../../db/client.ts";
import type { PasskeyChallengePurpose } from "../../generated/prisma/client.ts";
import { type Clock, MINUTE } from "../../lib/clock.ts";
import { AppError } from "../../lib/errors.ts";

export const CHALLENGE_TTL_MS = PASSKEY_CHALLENGE_TTL_MINUTES * MINUTE;

export interface ChallengeBinding {
  accountId?: string;
  attemptId?: string;
  browserHash?: string;
}

/** Stores a new challenge for `binding`, replacing the earlier ones of the same binding (one ceremony at a time). */
export async function storeChallenge(
  db: Db | Tx,
  clock: Clock,
  purpose: PasskeyChallengePurpose,
  challenge: string,
  binding: ChallengeBinding,
): Promise<void> {
  const now = clock.now();
  if (binding.attemptId || binding.accountId) {
    await db.passkeyChallenge.deleteMany({
      where: { purpose, ...(binding.attemptId ? { attemptId: binding.attemptId } : { accountId: binding.accountId }) },
    });
  }
  await db.passkeyChallenge.create({
    data: { purpose, challenge, ...binding, createdAt: now, expiresAt: new Date(now.getTime() + CHALLENGE_TTL_MS) },
  });
}

/** The challenge an authenticator's answer signed (from its clientDataJSON), or null. */
export function challengeIn(clientDataJSON: string): string | null {
  try {
    const data: unknown = JSON.parse(Buffer.from(clientDataJSON, "base64url").toString("utf8"));
    const challenge = (data as { challenge?: unknown }).challenge;
    return typeof challenge === "string" && /^[A-Za-z0-9_-]{16,128}$/.test(challenge) ? challenge : null;
  } catch {
    return null;
  }
}

/**
 * Spends the challenge an answer signed, if it was issued for `purpose` and `binding` and is
 * still valid: one DELETE, so of two requests with one challenge only one gets it.
 */
export async function spendChallenge(
  db: Db | Tx,
  clock: Clock,
  purpose: PasskeyChallengePurpose,
  clientDataJSON: string,
  binding: ChallengeBinding,
): Promise<string> {
  const challenge = challengeIn(clientDataJSON);
  const spent = challenge
    ? await db.passkeyChallenge.deleteMany({ where: { challenge, purpose, ...binding, expiresAt: { gt: clock.now() } } })
    : { count: 0 };
  if (!challenge || spent.count !== 1) {
    throw new AppError(
      ErrorCode.PASSKEY_CHALLENGE_INVALID,
      "This passkey request has expired, was already answered, or belongs to another sign-in or browser. Try again.",
    );
  }
  return challenge;
}
