/**
 * Sessions (SPEC §2): a 256-bit random token, stored only as its SHA-256; idle and
 * absolute timeouts; bound to the browser (family, major version, OS) that created it.
 *
 * Lookups are cached in-process for at most one second (CACHE_TTL_MS): an authenticated
 * read then costs no database round trip, and a session revoked on any instance is
 * refused everywhere within a second (on the revoking instance at once). The account is
 * read with the session and cached alike; code that changes an account calls
 * `forgetAccount` so this instance never serves it stale. Last use is written at most
 * once a minute, so the idle timeout is exact to a minute.
 */

export type AuthenticatedSession = Session & { account: Account };

import { ErrorCode } from "@portier/shared/errors";
import type { Db, Tx } from "../db/client.ts";
import { recordLoginEvent } from "../flows/login/history.ts";
import type { Account, Session } from "../generated/prisma/client.ts";
import { clientInfo, parseUserAgent } from "../lib/client-info.ts";
import { type Clock, MINUTE } from "../lib/clock.ts";
import { randomToken, sha256 } from "../lib/crypto.ts";
import { AppError } from "../lib/errors.ts";

export interface SessionSettings {
  idleMs: number;
  absoluteMs: number;
}

export const CACHE_TTL_MS = 1000;
const TOUCH_INTERVAL_MS = MINUTE;
const CACHE_LIMIT = 50_000;

export interface SessionServiceDeps {
  db: Db;
  clock: Clock;
  settings: SessionSettings;
  /** Monotonic milliseconds for cache freshness (tests advance it instead of sleeping). */
  monotonicNow?: () => number;
}

export function createSessionService({ db, clock, settings, monotonicNow = () => performance.now() }: SessionServiceDeps) {
  // tokenHash → session and when it was read (monotonic time: freshness is not business time)
  const cache = new Map<string, { session: AuthenticatedSession; readAt: number }>();
  const forget = (tokenHash: string) => cache.delete(tokenHash);
  const forgetAccount = (accountId: string) => {
    for (const [hash, entry] of cache) if (entry.session.accountId === accountId) cache.delete(hash);
  };

  async function load(tokenHash: string): Promise<AuthenticatedSession | null> {
    const hit = cache.get(tokenHash);
    if (hit && monotonicNow() - hit.readAt < CACHE_TTL_MS) return hit.session;
    const session = await db.session.findUnique({ where: { tokenHash }, include: { account: true } });
    if (session) {
      if (cache.size >= CACHE_LIMIT) cache.clear();
      cache.set(tokenHash, { session, readAt: monotonicNow() });
    } else {
      cache.delete(tokenHash);
    }
    return session;
  }

  return {
    /**
     * A fresh token at every sign-in: an old token can never be promoted (no fixation).
     * `tx`: create it inside the caller's transaction (with what the sign-in records).
     */
    async create(input: { accountId: string; userAgent: string | undefined; ip: string; amr?: string[] }, tx: Db | Tx = db) {
      const token = randomToken();
      const now = clock.now();
      const session = await tx.session.create({
        data: {
          accountId: input.accountId,
          tokenHash: sha256(token),
          userAgent: parseUserAgent(input.userAgent).userAgentKey,
          ip: input.ip,
          createdAt: now,
          lastUsedAt: now,
          absoluteExpiresAt: new Date(now.getTime() + settings.absoluteMs),
          // How and when the customer signed in: Sign in with Portier's `amr` and `auth_time`.
          amr: input.amr ?? [],
          authTime: now,
        },
      });
      return { token, session };
    },

    /** The session behind a token, or the reason there is none. */
    async authenticate(token: string, userAgent: string | undefined, ip: string): Promise<AuthenticatedSession> {
      const now = clock.now();
      const tokenHash = sha256(token);
      const session = await load(tokenHash);
      if (!session || session.revokedAt) throw unauthenticated();
      if (session.absoluteExpiresAt <= now || session.lastUsedAt.getTime() + settings.idleMs <= now.getTime()) {
        forget(tokenHash);
        throw new AppError(401, ErrorCode.SESSION_EXPIRED, "Your session has expired. Sign in again.");
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
        throw new AppError(
          401,
          ErrorCode.SESSION_USER_AGENT_CHANGED,
          "The login was invalidated because the browser (User-Agent) was changed.",
        );
      }
      if (now.getTime() - session.lastUsedAt.getTime() >= TOUCH_INTERVAL_MS) {
        session.lastUsedAt = now;
        await db.session.updateMany({ where: { id: session.id, revokedAt: null }, data: { lastUsedAt: now, ip } });
      }
      return session;
    },

    /** Call after changing an account, so this instance does not serve the old one. */
    forgetAccount,

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
    async revoke(accountId: string, sessionId: string, reason: string): Promise<boolean> {
      const revoked = await db.session.updateMany({
        where: { id: sessionId, accountId, revokedAt: null },
        data: { revokedAt: clock.now(), revokeReason: reason },
      });
      forgetAccount(accountId);
      return revoked.count === 1;
    },

    /**
     * Ends every session of the account, except `keep` if given. `tx`: inside the caller's
     * transaction (this instance's cache is cleared at once; call `forgetAccount` again
     * after the commit so no read in between is served from it).
     */
    async revokeAll(accountId: string, reason: string, keep?: string, tx: Db | Tx = db): Promise<number> {
      const revoked = await tx.session.updateMany({
        where: { accountId, revokedAt: null, ...(keep ? { id: { not: keep } } : {}) },
        data: { revokedAt: clock.now(), revokeReason: reason },
      });
      forgetAccount(accountId);
      return revoked.count;
    },
  };
}

export function unauthenticated() {
  return new AppError(401, ErrorCode.UNAUTHENTICATED, "Sign in to continue.");
}

export type SessionService = ReturnType<typeof createSessionService>;
