/**
 * Who is calling: a session from the cookie (browsers) or the Authorization bearer
 * header (other clients). Also the CSRF rule of SPEC §2: a state-changing request that
 * carries our cookie must come from an allowed Origin.
 */
import { ErrorCode } from "@portier/shared/errors";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { clientAddress } from "../lib/client-info.ts";
import { AppError } from "../lib/errors.ts";
import type { AuthenticatedSession, SessionService } from "../sessions/service.ts";
import { unauthenticated } from "../sessions/service.ts";

type Session = AuthenticatedSession;

declare module "fastify" {
  interface FastifyRequest {
    session: Session | null;
  }
}

export function sessionCookieName(secure: boolean) {
  // `__Host-` makes the browser refuse the cookie unless Secure, host-only and Path=/.
  return secure ? "__Host-portier_session" : "portier_session";
}

/** The login attempt in progress in this browser (SPEC §2: bound to the browser that started it). */
export function attemptCookieName(secure: boolean) {
  return secure ? "__Host-portier_attempt" : "portier_attempt";
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export interface AuthOptions {
  sessions: SessionService;
  secureCookies: boolean;
  allowedOrigins: string[];
}

export default fp<AuthOptions>(
  async (app: FastifyInstance, { sessions, secureCookies, allowedOrigins }) => {
    const cookieName = sessionCookieName(secureCookies);
    const attemptCookie = attemptCookieName(secureCookies);
    app.decorateRequest("session", null);

    app.addHook("onRequest", async (request) => {
      if (SAFE_METHODS.has(request.method) || !(request.cookies[cookieName] || request.cookies[attemptCookie])) return;
      const origin = request.headers.origin;
      if (!origin || !allowedOrigins.includes(origin)) {
        throw new AppError(403, ErrorCode.ORIGIN_NOT_ALLOWED, "This request did not come from an allowed origin.");
      }
    });

    app.decorate("requireSession", async (request: FastifyRequest, reply: FastifyReply) => {
      const header = request.headers.authorization;
      const bearer = header?.startsWith("Bearer ") ? header.slice(7).trim() : undefined;
      const token = bearer ?? request.cookies[cookieName];
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
  { name: "auth", dependencies: ["@fastify/cookie"] },
);

declare module "fastify" {
  interface FastifyInstance {
    requireSession(request: FastifyRequest, reply: FastifyReply): Promise<void>;
  }
}

export function setSessionCookie(reply: FastifyReply, secure: boolean, token: string, maxAgeMs: number) {
  reply.setCookie(sessionCookieName(secure), token, {
    httpOnly: true,
    secure,
    sameSite: "lax",
    path: "/",
    maxAge: Math.floor(maxAgeMs / 1000),
  });
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean) {
  reply.clearCookie(sessionCookieName(secure), { httpOnly: true, secure, sameSite: "lax", path: "/" });
}

export function setAttemptCookie(reply: FastifyReply, secure: boolean, token: string, maxAgeMs: number) {
  reply.setCookie(attemptCookieName(secure), token, {
    httpOnly: true,
    secure,
    sameSite: "lax",
    path: "/",
    maxAge: Math.floor(maxAgeMs / 1000),
  });
}

export function clearAttemptCookie(reply: FastifyReply, secure: boolean) {
  reply.clearCookie(attemptCookieName(secure), { httpOnly: true, secure, sameSite: "lax", path: "/" });
}
