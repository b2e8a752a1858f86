/**
 * The browser binding of a shared-login round trip (SPEC §7: `state` and `nonce` bound to
 * the browser). Starting a round trip sets a random 256-bit cookie, HttpOnly and short-lived;
 * the database keeps only its SHA-256. `state`, `nonce` and the PKCE verifier are HMACs of
 * the cookie under a server key: another browser (without the cookie) cannot produce them,
 * a database leak reveals none of them, and nothing secret has to be stored.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import { hmac } from "../../lib/crypto.ts";
import { clearCookie, cookieName, setCookie } from "../../plugins/cookies.ts";
import type { RoundTripSecrets } from "./relying-party.ts";

export function flowCookieName(secure: boolean) {
  return cookieName("sharedLogin", secure);
}

/** The flow cookie this request carries, if it is one we could have issued. */
export function flowCookieOf(request: FastifyRequest, secure: boolean): string | undefined {
  const value = request.cookies[flowCookieName(secure)];
  return value && /^[A-Za-z0-9_-]{43}$/.test(value) ? value : undefined;
}

export function setFlowCookie(reply: FastifyReply, secure: boolean, value: string, maxAgeMs: number) {
  setCookie(reply, "sharedLogin", secure, value, maxAgeMs);
}

export function clearFlowCookie(reply: FastifyReply, secure: boolean) {
  clearCookie(reply, "sharedLogin", secure);
}

/** The round trip's one-time values, from the cookie (43 base64url characters each: a valid PKCE verifier). */
export function secretsOf(key: string, cookie: string): RoundTripSecrets {
  return {
    state: hmac(key, "shared-login-state", cookie),
    nonce: hmac(key, "shared-login-nonce", cookie),
    codeVerifier: hmac(key, "shared-login-pkce", cookie),
  };
}
