/**
 * Ends every customer session at once (ASVS 7.4.5 "all users", ADR 019): the operator's
 * answer to a suspected breach, run as `pnpm sessions:end-all` (scripts/sessions-end-all.ts).
 *
 * Sign-ins still in progress (past the password, waiting for the OTP code or the
 * confirmation link) are rejected too, so none of them turns into a session afterwards.
 * Staff sessions are not touched (they are not customer sessions; a disabled staff member
 * is refused on the next request anyway). Every API instance refuses an ended session
 * within a second (the session cache, ADR 007).
 */

import type { Db } from "../db/client.ts";
import { UNFINISHED_STATES } from "../flows/login/attempt.ts";
import type { Clock } from "../lib/clock.ts";

export const END_ALL_REASON = "ended_by_operator";

export async function endAllCustomerSessions({ db, clock }: { db: Db; clock: Clock }) {
  const now = clock.now();
  return db.$transaction(async (tx) => {
    const sessions = await tx.session.updateMany({
      where: { revokedAt: null, absoluteExpiresAt: { gt: now } },
      data: { revokedAt: now, revokeReason: END_ALL_REASON },
    });
    const attempts = await tx.loginAttempt.updateMany({
      where: { state: { in: UNFINISHED_STATES }, expiresAt: { gt: now } },
      data: { state: "rejected" },
    });
    return { sessions: sessions.count, signInsInProgress: attempts.count };
  });
}
