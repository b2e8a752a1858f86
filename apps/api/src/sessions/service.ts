/**
 * Sessions (SPEC §2): a 256-bit random token, stored only as its SHA-256; idle and
 * absolute timeouts; bound to the browser (family, major version, OS) that created it.
 *
 * Lookups are cached in-process for at most one second (CACHE_TTL_MS): an authenticated
 * read then costs no database round trip, and a session revoked on any instance is
 * refused everywhere within a second (on the revoking instance at once). The account is
 * read with the session and cached alike; code that changes an account does so through
 * `changeAccount`, which forgets the account's cached sessions after the commit, so this
 * instance never serves it stale. Last use is written at most
 * once a minute, so the idle timeout is exact to a minute.
 */

export type AuthenticatedSession = Session & { account: Account };

import { randomUUID } from "node:crypto";
import { ErrorCode } from "@portier/shared/errors";
import type { Db, Tx } from "../db/client.ts";
import type { Account, Session, SessionEndReason as SessionEndReasonValue } from "../generated/prisma/client.ts";
import { clientInfo, parseUserAgent } from "../lib/client-info.ts";
import { type Clock, MINUTE, type Monotonic, systemMonotonic } from "../lib/clock.ts";
import { sha256 } from "../lib/crypto.ts";
import { AppError } from "../lib/errors.ts";
import { newSession } from "../lib/new-session.ts";
import { recordLoginEvent } from "../login-events/record.ts";
import { type EndEverythingOptions, type EndedEverything, endEverything } from "./end-everything.ts";

/**
 * Why a session ended (`session.revoke_reason`, a PostgreSQL enum): signed out, ended from
 * the session list, by the OpenID provider's logout, by the session limit, by a changed
 * browser, or with everything else of the account (`EndReason`).
 */
export type SessionEndReason = SessionEndReasonValue;

export interface SessionSettings {
  idleMs: number;
  absoluteMs: number;
  /**
   * Live sessions one account may hold (ADR 018). At the limit a new sign-in ends the
   * least recently used session; a sign-in is never refused for it. Default 50.
   */
  maxPerAccount?: number;
}

export const DEFAULT_MAX_SESSIONS_PER_ACCOUNT = 50;

export const CACHE_TTL_MS = 1000;
const TOUCH_INTERVAL_MS = MINUTE;
const CACHE_LIMIT = 50_000;

export interface SessionServiceDeps {
  db: Db;
  clock: Clock;
  settings: SessionSettings;
  /** For the cache's freshness. */
  monotonicNow?: Monotonic;
}

export function createSessionService({ db, clock, settings, monotonicNow = systemMonotonic }: SessionServiceDeps) {
  // tokenHash → session and when it was read (monotonic time: freshness is not business time)
  const cache = new Map<string, { session: AuthenticatedSession; readAt: number }>();
  // tokenHash → the read in flight: requests of one session that miss the cache at once
  // (a client's parallel requests, every second when the entry expires) share one read.
  const reading = new Map<string, Promise<AuthenticatedSession | null>>();
  const maxPerAccount = settings.maxPerAccount ?? DEFAULT_MAX_SESSIONS_PER_ACCOUNT;
  // A read still in flight may have started before the change that makes us forget:
  // it is dropped too, so no later request joins it and its result is not cached.
  const forget = (tokenHash: string) => {
    reading.delete(tokenHash);
    cache.delete(tokenHash);
  };
  const forgetAccount = (accountId: string) => {
    reading.clear();
    for (const [hash, entry] of cache) if (entry.session.accountId === accountId) cache.delete(hash);
  };

  /**
   * The one way to change an account (or what hangs on it: sessions, OTP, sign-ins): runs
   * `change` in a transaction and, after it ends, drops this instance's cached sessions of
   * the account; other instances re-read within the cache's second (ADR 007). When the
   * account is known only inside the change (a link names it), the change returns it as
   * `accountId`.
   */
  function changeAccount<T>(accountId: string, change: (tx: Tx) => Promise<T>): Promise<T>;
  function changeAccount<T extends { accountId: string }>(change: (tx: Tx) => Promise<T>): Promise<T>;
  async function changeAccount<T>(first: string | ((tx: Tx) => Promise<T>), second?: (tx: Tx) => Promise<T>): Promise<T> {
    if (typeof first !== "string") {
      const changed = await db.$transaction(first);
      forgetAccount((changed as { accountId: string }).accountId);
      return changed;
    }
    try {
      return await db.$transaction(second as (tx: Tx) => Promise<T>);
    } finally {
      // Also when the change failed: forgetting costs one read at most, and a change run
      // in a caller's transaction (an SMS code's check) may commit part of its work.
      forgetAccount(first);
    }
  }

  function load(tokenHash: string): Promise<AuthenticatedSession | null> {
    const hit = cache.get(tokenHash);
    if (hit && monotonicNow() - hit.readAt < CACHE_TTL_MS) return Promise.resolve(hit.session);
    const inFlight = reading.get(tokenHash);
    if (inFlight) return inFlight;
    const read = db.session.findUnique({ where: { tokenHash }, include: { account: true } }).then(
      (session) => {
        if (reading.get(tokenHash) !== read) return session;
        reading.delete(tokenHash);
        if (session) {
          if (cache.size >= CACHE_LIMIT) cache.clear();
          cache.set(tokenHash, { session, readAt: monotonicNow() });
        } else {
          cache.delete(tokenHash);
        }
        return session;
      },
      (error: unknown) => {
        if (reading.get(tokenHash) === read) reading.delete(tokenHash);
        throw error;
      },
    );
    reading.set(tokenHash, read);
    return read;
  }

  /**
   * Creates the session inside `tx`, keeping the account at or under its session limit
   * (ADR 018). The account row is locked first (FOR NO KEY UPDATE: it does not block the
   * rows that merely reference the account), so parallel sign-ins of one account take
   * their turns here and none of them counts before another has inserted: the limit
   * holds however many arrive at once, on however many instances.
   */
  async function createIn(tx: Tx, input: { accountId: string; userAgent: string | undefined; ip: string; amr?: string[] }) {
    const now = clock.now();
    await tx.$queryRaw`SELECT 1 FROM "account" WHERE "id" = ${input.accountId}::uuid FOR NO KEY UPDATE`;
    const { token, row } = newSession({ userAgent: input.userAgent, ip: input.ip, now, absoluteMs: settings.absoluteMs });
    const session: Session = {
      id: randomUUID(),
      accountId: input.accountId,
      ...row,
      revokedAt: null,
      revokeReason: null,
      // How and when the customer signed in: Sign in with Portier's `amr` and `auth_time`.
      amr: input.amr ?? [],
      authTime: now,
    };
    // One statement, under the lock: the live sessions beyond the newest (limit - 1) make
    // room for this one — the least recently used end first (last use is written at most
    // once a minute; ties go to the older sign-in) — and this one is inserted. The UPDATE
    // does not see the row its own statement inserts, as if it ran first.
    const ended = await tx.$queryRaw<{ token_hash: string }[]>`
      WITH ended AS (
        UPDATE "session" SET "revoked_at" = ${now}, "revoke_reason" = 'session_limit'
        WHERE "id" IN (
          SELECT "id" FROM "session"
          WHERE "account_id" = ${input.accountId}::uuid AND "revoked_at" IS NULL
            AND "absolute_expires_at" > ${now} AND "last_used_at" > ${new Date(now.getTime() - settings.idleMs)}
          ORDER BY "last_used_at" DESC, "created_at" DESC, "id" DESC
          OFFSET ${maxPerAccount - 1}
        )
        RETURNING "token_hash"
      ), created AS (
        INSERT INTO "session" ("id", "account_id", "token_hash", "user_agent", "ip", "created_at", "last_used_at",
                               "absolute_expires_at", "amr", "auth_time")
        VALUES (${session.id}::uuid, ${session.accountId}::uuid, ${session.tokenHash}, ${session.userAgent}, ${session.ip},
                ${session.createdAt}, ${session.lastUsedAt}, ${session.absoluteExpiresAt}, ${session.amr}::text[], ${session.authTime})
      )
      SELECT "token_hash" FROM ended`;
    for (const row of ended) forget(row.token_hash);
    return { token, session };
  }

  return {
    /**
     * A fresh token at every sign-in: an old token can never be promoted (no fixation).
     * `tx`: create it inside the caller's transaction (with what the sign-in records);
     * without one it gets its own. At the account's session limit the least recently
     * used session ends (ADR 018).
     */
    async create(input: { accountId: string; userAgent: string | undefined; ip: string; amr?: string[] }, tx?: Tx) {
      if (!tx) return db.$transaction((own) => createIn(own, input));
      return createIn(tx, input);
    },

    /**
     * The session behind a token when this instance read it less than a second ago and
     * nothing is left to do: live, same browser, last use written within the minute. No
     * promise, no database: the hot path of every signed-in request. Anything else
     * (not cached, ended, expired, another browser, a last use to write) is undefined, and
     * `authenticate` decides it.
     */
    cached(tokenHash: string, userAgent: string | undefined): AuthenticatedSession | undefined {
      const hit = cache.get(tokenHash);
      if (!hit || monotonicNow() - hit.readAt >= CACHE_TTL_MS) return undefined;
      const session = hit.session;
      const now = clock.now().getTime();
      if (session.revokedAt || session.absoluteExpiresAt.getTime() <= now || session.lastUsedAt.getTime() + settings.idleMs <= now)
        return undefined;
      if (now - session.lastUsedAt.getTime() >= TOUCH_INTERVAL_MS) return undefined;
      return parseUserAgent(userAgent).userAgentKey === session.userAgent ? session : undefined;
    },

    /** The session behind a token, or the reason there is none. */
    async authenticate(token: string, userAgent: string | undefined, ip: string, tokenHash = sha256(token)): Promise<AuthenticatedSession> {
      const now = clock.now();
      const session = await load(tokenHash);
      if (!session || session.revokedAt) throw unauthenticated();
      if (session.absoluteExpiresAt <= now || session.lastUsedAt.getTime() + settings.idleMs <= now.getTime()) {
        forget(tokenHash);
        throw new AppError(ErrorCode.SESSION_EXPIRED, "Your session has expired. Sign in again.");
      }
      if (parseUserAgent(userAgent).userAgentKey !== session.userAgent) {
        forget(tokenHash);
        const ended = await db.session.updateMany({
          where: { id: session.id, revokedAt: null },
          data: { revokedAt: now, revokeReason: "user_agent_changed" },
        });
        if (ended.count === 1) {
          await recordLoginEvent(db, clock, {
            accountId: session.accountId,
            result: "session_user_agent_changed",
            method: "session",
            ip,
            client: clientInfo(userAgent, ip),
          });
        }
        throw new AppError(ErrorCode.SESSION_USER_AGENT_CHANGED, "The login was invalidated because the browser (User-Agent) was changed.");
      }
      if (now.getTime() - session.lastUsedAt.getTime() >= TOUCH_INTERVAL_MS) {
        session.lastUsedAt = now;
        await db.session.updateMany({ where: { id: session.id, revokedAt: null }, data: { lastUsedAt: now, ip } });
      }
      return session;
    },

    changeAccount,

    async list(accountId: string) {
      const now = clock.now();
      const rows = await db.session.findMany({
        where: {
          accountId,
          revokedAt: null,
          absoluteExpiresAt: { gt: now },
          lastUsedAt: { gt: new Date(now.getTime() - settings.idleMs) },
        },
        orderBy: { lastUsedAt: "desc" },
      });
      return rows;
    },

    /** Ends one session of this account (a foreign id changes nothing). */
    async revoke(
      accountId: string,
      sessionId: string,
      reason: Extract<SessionEndReason, "sign_out" | "revoked_by_user" | "oidc_logout">,
    ): Promise<boolean> {
      const revoked = await changeAccount(accountId, (tx) =>
        tx.session.updateMany({
          where: { id: sessionId, accountId, revokedAt: null },
          data: { revokedAt: clock.now(), revokeReason: reason },
        }),
      );
      return revoked.count === 1;
    },

    /**
     * Ends everything of the account in a change of its own (`endEverything`, ADR 026).
     * Callers that end everything as part of a change of their own call `endEverything`
     * inside their `changeAccount`.
     */
    async endEverything(accountId: string, options: Omit<EndEverythingOptions, "now">): Promise<EndedEverything> {
      return changeAccount(accountId, (tx) => endEverything(tx, accountId, { ...options, now: clock.now() }));
    },
  };
}

export function unauthenticated() {
  return new AppError(ErrorCode.UNAUTHENTICATED, "Sign in to continue.");
}

export type SessionService = ReturnType<typeof createSessionService>;
