/**
 * Staff sessions: a 256-bit random token, stored only as its SHA-256, in a table of its
 * own (never the customers' `session`), bound to the browser that signed in, with
 * shorter timeouts than customers' (STAFF_SESSION_IDLE_MINUTES / _ABSOLUTE_HOURS).
 *
 * Unlike customer sessions there is no in-process cache: the console is used by a few
 * people, and a revoked or disabled staff member is refused on the very next request.
 */
import { ErrorCode } from "@portier/shared/errors";
import { STAFF_SESSION_ABSOLUTE_HOURS, STAFF_SESSION_IDLE_MINUTES } from "@portier/shared/staff";
import type { Db, Tx } from "../db/client.ts";
import type { StaffMember, StaffSession } from "../generated/prisma/client.ts";
import { parseUserAgent } from "../lib/client-info.ts";
import { type Clock, HOUR, MINUTE } from "../lib/clock.ts";
import { sha256 } from "../lib/crypto.ts";
import { AppError } from "../lib/errors.ts";
import { newSession } from "../lib/new-session.ts";

export const STAFF_IDLE_MS = STAFF_SESSION_IDLE_MINUTES * MINUTE;
export const STAFF_ABSOLUTE_MS = STAFF_SESSION_ABSOLUTE_HOURS * HOUR;
/** Last use is written at most once a minute: the idle timeout is exact to a minute. */
const TOUCH_INTERVAL_MS = MINUTE;

export type AuthenticatedStaff = StaffSession & { staff: StaffMember };

export function staffUnauthenticated() {
  return new AppError(ErrorCode.UNAUTHENTICATED, "Sign in to the staff console to continue.");
}

export function createStaffSessions({ db, clock }: { db: Db; clock: Clock }) {
  return {
    /** A fresh token at every sign-in (no fixation); inside the sign-in's transaction. */
    async create(input: { staffId: string; userAgent: string | undefined; ip: string }, tx: Db | Tx = db) {
      const { token, row } = newSession({ userAgent: input.userAgent, ip: input.ip, now: clock.now(), absoluteMs: STAFF_ABSOLUTE_MS });
      const session = await tx.staffSession.create({ data: { staffId: input.staffId, ...row } });
      return { token, session };
    },

    async authenticate(token: string, userAgent: string | undefined, ip: string): Promise<AuthenticatedStaff> {
      const now = clock.now();
      const session = await db.staffSession.findUnique({ where: { tokenHash: sha256(token) }, include: { staff: true } });
      if (!session || session.revokedAt || session.staff.disabledAt) throw staffUnauthenticated();
      if (session.absoluteExpiresAt <= now || session.lastUsedAt.getTime() + STAFF_IDLE_MS <= now.getTime()) {
        throw new AppError(ErrorCode.SESSION_EXPIRED, "Your staff session has expired. Sign in again.");
      }
      // The same User-Agent binding as customers' sessions (SPEC §2): a stolen cookie
      // replayed from another browser ends the session.
      if (parseUserAgent(userAgent).userAgentKey !== session.userAgent) {
        await db.staffSession.updateMany({ where: { id: session.id, revokedAt: null }, data: { revokedAt: now } });
        throw new AppError(ErrorCode.SESSION_USER_AGENT_CHANGED, "The login was invalidated because the browser (User-Agent) was changed.");
      }
      if (now.getTime() - session.lastUsedAt.getTime() >= TOUCH_INTERVAL_MS) {
        session.lastUsedAt = now;
        await db.staffSession.updateMany({ where: { id: session.id, revokedAt: null }, data: { lastUsedAt: now, ip } });
      }
      return session;
    },

    async revoke(sessionId: string) {
      await db.staffSession.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: clock.now() } });
    },
  };
}

export type StaffSessions = ReturnType<typeof createStaffSessions>;
