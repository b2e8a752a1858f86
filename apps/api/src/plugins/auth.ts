/**
 * Who is calling: a session from the cookie (browsers) or the Authorization bearer
 * header (other clients). The CSRF rule for the cookie is plugins/csrf.ts's.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { clientAddress } from "../lib/client-info.ts";
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

    app.decorate("requireSession", async (request: FastifyRequest, reply: FastifyReply) => {
      const header = request.headers.authorization;
      const bearer = header?.startsWith("Bearer ") ? header.slice(7).trim() : undefined;
      const token = bearer ?? request.cookies[sessionCookie];
      if (!token) throw unauthenticated();
      try {
        request.session = await sessions.authenticate(token, request.headers["user-agent"], clientAddress(request));
      } catch (error) {
        if (!bearer) clearSessionCookie(reply, secureCookies);
        throw error;
      }
      reply.header("cache-control", "no-store");
    });
  },
  { name: "auth", dependencies: ["@fastify/cookie", "csrf"] },
);

declare module "fastify" {
  interface FastifyInstance {
    requireSession(request: FastifyRequest, reply: FastifyReply): Promise<void>;
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
