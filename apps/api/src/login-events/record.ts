/**
 * Writes the login history (SPEC §3): one row per sign-in attempt and session event.
 * The customer-facing history (list, detail) is its own flow; this is the one writer.
 */
import type { Db, Tx } from "../db/client.ts";
import type { LoginResult as LoginEventResult } from "../generated/prisma/client.ts";
import type { ClientInfo } from "../lib/client-info.ts";
import type { Clock } from "../lib/clock.ts";

/** What a row of the history records (`login_event.result`, a PostgreSQL enum). */
export type LoginResult = LoginEventResult;

export async function recordLoginEvent(
  db: Db | Tx,
  clock: Clock,
  event: {
    accountId: string;
    result: LoginResult;
    method: string;
    ip: string;
    client: ClientInfo;
    /** Whether the sign-in was emailed to the customer (SPEC §3, §4); every sign-in row says it. */
    notified?: boolean;
  },
) {
  await db.loginEvent.create({
    data: {
      accountId: event.accountId,
      at: clock.now(),
      result: event.result,
      method: event.method,
      ip: event.ip,
      country: event.client.country,
      browser: event.client.browser,
      os: event.client.os,
      notified: event.notified ?? false,
      // Rows written from a stored attempt know only the normalised browser, not the header.
      userAgent: event.client.userAgent || null,
    },
  });
}
