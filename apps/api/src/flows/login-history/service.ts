/**
 * Login history (SPEC §3; seed 002 "Check your login history"): the account's sign-in
 * attempts and session events, newest first, one page at a time, and the detail of one
 * of them. Read-only: login-events/record.ts is the one writer.
 *
 * Pages are keyset ranges of the index (account_id, at DESC, id): a page costs the same
 * at row 20 as at row 900,000 (ADR 011; `pnpm bench` measures it).
 */
import { ErrorCode } from "@portier/shared/errors";
import type { LoginEventDetail, LoginEventView, LoginHistoryPage, LoginResult } from "@portier/shared/login-history";
import type { Db } from "../../db/client.ts";
import { Prisma } from "../../generated/prisma/client.ts";
import { AppError } from "../../lib/errors.ts";
import type { LoginResult as RecordedResult } from "../../login-events/record.ts";
import { type CursorPosition, cursorCodecFor } from "./cursor.ts";

// The SPA names every result the writer can record: a result added there and not to the
// shared list (or the other way round) fails the typecheck here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _resultsInStep: Same<RecordedResult, LoginResult> = true;

/** A login_event row as a page and the shared-login identity history read it. */
export interface EventRow {
  id: string;
  at: Date;
  result: string;
  method: string;
  ip: string;
  country: string | null;
  browser: string;
  os: string;
  notified: boolean;
}

/**
 * One page of an account's history after `after` (exclusive), in the index's own order:
 * at DESC, then id ASC for rows of the same millisecond. Written as SQL so that its plan
 * can be checked (the API test and the benchmark EXPLAIN this very statement): an index
 * range scan that stops after `take` rows, with no sort and no OFFSET.
 */
export function pageQuery(accountId: string, after: CursorPosition | null, take: number): Prisma.Sql {
  const position = after
    ? Prisma.sql`AND e.at <= ${after.at}::timestamptz AND (e.at < ${after.at}::timestamptz OR e.id > ${after.id}::uuid)`
    : Prisma.empty;
  return Prisma.sql`
    SELECT e.id::text AS id, e.at, e.result, e.method, e.ip, e.country, e.browser, e.os, e.notified
    FROM login_event e
    WHERE e.account_id = ${accountId}::uuid ${position}
    -- Qualified: a bare "id" here would be the text column of the SELECT list, not the uuid.
    ORDER BY e.at DESC, e.id ASC
    LIMIT ${take}::int`;
}

/** A history row as the API shows it. */
export function loginEventView(row: EventRow): LoginEventView {
  return {
    id: row.id,
    at: row.at.toISOString(),
    result: row.result as LoginResult,
    method: row.method,
    ip: row.ip,
    country: row.country,
    browser: row.browser,
    os: row.os,
    notified: row.notified,
  };
}

export interface LoginHistoryDeps {
  db: Db;
  /** Page cursors are signed with a key derived from it. */
  tokenSecret: string;
}

export function createLoginHistoryService({ db, tokenSecret }: LoginHistoryDeps) {
  const cursors = cursorCodecFor(tokenSecret);

  return {
    /** Up to `limit` rows older than the cursor's; `nextCursor` only when more exist. */
    async page(accountId: string, { limit, cursor }: { limit: number; cursor?: string | undefined }): Promise<LoginHistoryPage> {
      let after: CursorPosition | null = null;
      if (cursor !== undefined) {
        after = cursors.decode(accountId, cursor);
        if (!after) {
          throw new AppError(ErrorCode.CURSOR_INVALID, "This page cursor is not valid. Start again from the first page.", {
            errors: [{ field: "cursor", code: ErrorCode.CURSOR_INVALID, message: "Use nextCursor exactly as received." }],
          });
        }
      }
      // One row more than asked tells whether another page exists, without a count.
      const rows = await db.$queryRaw<EventRow[]>(pageQuery(accountId, after, limit + 1));
      const items = rows.slice(0, limit);
      const last = items.at(-1);
      return {
        items: items.map(loginEventView),
        nextCursor: rows.length > limit && last ? cursors.encode(accountId, last) : null,
      };
    },

    /** One row of this account's history; another account's row is as absent as a made-up id. */
    async detail(accountId: string, id: string): Promise<LoginEventDetail> {
      const row = await db.loginEvent.findFirst({ where: { id, accountId } });
      if (!row) throw new AppError(ErrorCode.NOT_FOUND, "There is no such sign-in in your login history.");
      return { ...loginEventView(row), userAgent: row.userAgent };
    },
  };
}

export type LoginHistoryService = ReturnType<typeof createLoginHistoryService>;
