/**
 * Who is calling: a session from the cookie (browsers) or the Authorization bearer
 * header (other clients). The CSRF rule for the cookie is plugins/csrf.ts's.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from "fastify";
import fp from "fastify-plugin";
import { clientAddress } from "../lib/client-info.ts";
import { sha256 } from "../lib/crypto.ts";
import type { AuthenticatedSession, SessionService } from "../sessions/service.ts";
import { unauthenticated } from "../sessions/service.ts";
import { clearCookie, cookieName, setCookie } from "./cookies.ts";

type Session = AuthenticatedSession;

declare module "fastify" {
  interface FastifyRequest {
    session: Session | null;
  }
}

export function sessionCookieName(secure: boolean) {
  return cookieName("session", secure);
}

/** The login attempt in progress in this browser (SPEC §2: bound to the browser that started it). */
export function attemptCookieName(secure: boolean) {
  return cookieName("attempt", secure);
}

export interface AuthOptions {
  sessions: SessionService;
  secureCookies: boolean;
}

export default fp<AuthOptions>(
  async (app: FastifyInstance, { sessions, secureCookies }) => {
    const sessionCookie = sessionCookieName(secureCookies);
    app.decorateRequest("session", null);

    // Not an async function: a session this instance read within the second is accepted
    // with no promise and no trip through the microtask queue (ADR 031). Two ways to call
    // it, never mixed: as a hook, given Fastify's `done`, which it calls once on every path
    // (and returns nothing); awaited directly, without `done`, when it returns the full
    // check's promise (or nothing, when the session was accepted at once).
    const requireSession = (request: FastifyRequest, reply: FastifyReply, done?: HookHandlerDoneFunction): undefined | Promise<void> => {
      const header = request.headers.authorization;
      const bearer = header?.startsWith("Bearer ") ? header.slice(7).trim() : undefined;
      const token = bearer ?? request.cookies[sessionCookie];
      if (!token) {
        if (!done) throw unauthenticated();
        done(unauthenticated());
        return undefined;
      }
      const tokenHash = sha256(token);
      const cached = sessions.cached(tokenHash, request.headers["user-agent"]);
      if (cached) {
        request.session = cached;
        reply.header("cache-control", "no-store");
        done?.();
        return undefined;
      }
      const checked = sessions.authenticate(token, request.headers["user-agent"], clientAddress(request), tokenHash).then(
        (session) => {
          request.session = session;
          reply.header("cache-control", "no-store");
        },
        (error: unknown) => {
          if (!bearer) clearSessionCookie(reply, secureCookies);
          throw error;
        },
      );
      if (!done) return checked;
      checked.then(() => done(), done);
      return undefined;
    };
    app.decorate("requireSession", requireSession);
  },
  { name: "auth", dependencies: ["@fastify/cookie", "csrf"] },
);

declare module "fastify" {
  interface FastifyInstance {
    /**
     * The signed-in customer's session, as a preHandler hook or awaited directly: throws
     * (or rejects) UNAUTHENTICATED, SESSION_EXPIRED or SESSION_USER_AGENT_CHANGED.
     */
    requireSession(request: FastifyRequest, reply: FastifyReply, done?: HookHandlerDoneFunction): undefined | Promise<void>;
  }
}

export function setSessionCookie(reply: FastifyReply, secure: boolean, token: string, maxAgeMs: number) {
  setCookie(reply, "session", secure, token, maxAgeMs);
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean) {
  clearCookie(reply, "session", secure);
}

export function setAttemptCookie(reply: FastifyReply, secure: boolean, token: string, maxAgeMs: number) {
  setCookie(reply, "attempt", secure, token, maxAgeMs);
}

export function clearAttemptCookie(reply: FastifyReply, secure: boolean) {
  clearCookie(reply, "attempt", secure);
}
