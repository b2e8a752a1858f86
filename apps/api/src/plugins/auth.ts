/**
 * Who is calling: a session from the cookie (browsers) or the Authorization bearer
 * header (other clients). The CSRF rule for the cookie is plugins/csrf.ts's.
 *
 * Delegated access (ADR 041): on a route that names its scopes in
 * `config: { oauthScopes: [...] }`, the bearer may also be an OAuth access token the
 * OpenID provider issued for the API; the caller is then `request.apiAccess` (the
 * account, the service, its scopes) and `request.session` stays null. A token is refused
 * as RFC 6750 §3 says: 401 with `WWW-Authenticate: Bearer … error="invalid_token"` when it
 * is unknown, revoked, expired or for another resource; 403 `error="insufficient_scope"`
 * when it lacks a scope the route names, or on a route that names none (session only).
 */
import { ErrorCode } from "@portier/shared/errors";
import type { OAuthScope } from "@portier/shared/oauth-scopes";
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from "fastify";
import fp from "fastify-plugin";
import { clientAddress } from "../lib/client-info.ts";
import { sha256 } from "../lib/crypto.ts";
import { AppError } from "../lib/errors.ts";
import type { AuthenticatedSession, SessionService } from "../sessions/service.ts";
import { unauthenticated } from "../sessions/service.ts";
import { clearCookie, cookieName, setCookie } from "./cookies.ts";

type Session = AuthenticatedSession;

/** A service acting for a customer with an access token for the API (ADR 041). */
export interface ApiAccess {
  accountId: string;
  clientId: string;
  clientName: string;
  scopes: ReadonlySet<OAuthScope>;
}

/** `unknown`: no such token (never issued, or revoked); `invalid`: a real one the API does not take. */
export type AccessTokenCheck = { ok: true; access: ApiAccess } | { ok: false; reason: "unknown" | "invalid" };

/** Looks an access token up (the OpenID provider's; flows/oidc-provider/access-tokens.ts). */
export interface AccessTokenChecker {
  check(token: string): Promise<AccessTokenCheck>;
}

declare module "fastify" {
  interface FastifyRequest {
    session: Session | null;
    /** The service acting for the customer, when the caller used an access token (ADR 041). */
    apiAccess: ApiAccess | null;
  }
  interface FastifyContextConfig {
    /** The scopes an access token needs for this route (ADR 041); absent: a session only. */
    oauthScopes?: readonly OAuthScope[];
  }
}

/** RFC 6750 §3: the realm every challenge names. */
const REALM = 'Bearer realm="portier"';

/** The account the caller acts for: the session's, or the access token's. */
export function callerAccountId(request: FastifyRequest): string {
  const accountId = request.session?.accountId ?? request.apiAccess?.accountId;
  if (!accountId) throw unauthenticated();
  return accountId;
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
  /** Access tokens for the API (ADR 041); without it, bearer tokens are sessions only. */
  accessTokens?: AccessTokenChecker;
}

export default fp<AuthOptions>(
  async (app: FastifyInstance, { sessions, secureCookies, accessTokens }) => {
    const sessionCookie = sessionCookieName(secureCookies);
    app.decorateRequest("session", null);
    app.decorateRequest("apiAccess", null);

    /**
     * A bearer that is no live session: an access token, if the route takes one and the
     * token has the route's scopes. Throws what RFC 6750 §3.1 says a resource server answers.
     */
    async function acceptAccessToken(request: FastifyRequest, reply: FastifyReply, token: string): Promise<void> {
      const checked = accessTokens ? await accessTokens.check(token) : ({ ok: false, reason: "unknown" } as const);
      if (!checked.ok) {
        reply.header("www-authenticate", `${REALM}, error="invalid_token"`);
        if (checked.reason === "unknown") throw unauthenticated();
        throw new AppError(
          ErrorCode.ACCESS_TOKEN_INVALID,
          "This access token has expired or is not for this API. Ask the customer to sign in to the app again.",
        );
      }
      const needed = request.routeOptions.config.oauthScopes ?? [];
      const missing = needed.filter((scope) => !checked.access.scopes.has(scope));
      if (needed.length === 0 || missing.length > 0) {
        reply.header("www-authenticate", `${REALM}, error="insufficient_scope"${needed.length > 0 ? `, scope="${needed.join(" ")}"` : ""}`);
        throw new AppError(
          ErrorCode.INSUFFICIENT_SCOPE,
          needed.length === 0
            ? "This operation needs the customer's own sign-in; an app's access token cannot do it."
            : `The app's access does not include ${missing.join(", ")}.`,
          { params: { scopes: [...needed] } },
        );
      }
      request.apiAccess = checked.access;
    }

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
        // RFC 6750 §3.1: a request with no credentials gets the challenge without an error code.
        if (request.routeOptions.config.oauthScopes) reply.header("www-authenticate", REALM);
        if (!done) throw unauthenticated();
        done(unauthenticated());
        return undefined;
      }
      const tokenHash = sha256(token);
      const cached = sessions.cached(tokenHash, request.headers["user-agent"]);
      if (cached) {
        request.session = cached;
        done?.();
        return undefined;
      }
      const checked = sessions.authenticate(token, request.headers["user-agent"], clientAddress(request), tokenHash).then(
        (session) => {
          request.session = session;
        },
        async (error: unknown) => {
          if (!bearer) {
            clearSessionCookie(reply, secureCookies);
            throw error;
          }
          // No live session has this token: it may be an app's access token (ADR 041).
          if (!(error instanceof AppError) || error.code !== ErrorCode.UNAUTHENTICATED) throw error;
          await acceptAccessToken(request, reply, bearer);
        },
      );
      if (!done) return checked;
      checked.then(() => done(), done);
      return undefined;
    };
    app.decorate("requireSession", requireSession);
  },
  { name: "auth", dependencies: ["cookies", "csrf"] },
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
