/**
 * Ends everything of every customer at once (ASVS 7.4.5 "all users", ADR 019, ADR 026):
 * the operator's answer to a suspected breach, run as `pnpm sessions:end-all`
 * (scripts/sessions-end-all.ts). What "everything" is — sessions, sign-ins in progress,
 * the OpenID provider's sessions and every token held by services — is `endEverything`'s
 * to say, as for one account.
 *
 * Staff sessions are not touched (they are not customer sessions; a disabled staff member
 * is refused on the next request anyway). Every API instance refuses an ended session
 * within a second (the session cache, ADR 007); services' tokens stop at the commit.
 */

import type { Db } from "../db/client.ts";
import type { Clock } from "../lib/clock.ts";
import { type EndReason, EVERY_ACCOUNT, endEverything } from "./end-everything.ts";

export const END_ALL_REASON = "ended_by_operator" satisfies EndReason;

export async function endAllCustomerSessions({ db, clock }: { db: Db; clock: Clock }) {
  const now = clock.now();
  return db.$transaction((tx) => endEverything(tx, EVERY_ACCOUNT, { reason: END_ALL_REASON, now }));
}
