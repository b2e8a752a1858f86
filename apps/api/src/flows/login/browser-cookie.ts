/**
 * The long-lived browser cookie of the `new_browser` notification rule (SPEC §4): 256
 * random bits, set by the password step when the browser has none, and compared only as
 * its SHA-256 (account_sighting, login_attempt). It identifies a browser, not a person:
 * it authenticates nothing, so it is not bound to an account and survives signing out.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import { randomToken } from "../../lib/crypto.ts";
import { cookieName, setCookie } from "../../plugins/cookies.ts";

/** Browsers keep a cookie at most 400 days (RFC 6265bis); every sign-in renews it. */
const BROWSER_COOKIE_MAX_AGE_MS = 400 * 24 * 60 * 60 * 1000;

export function browserCookieName(secure: boolean) {
  return cookieName("browser", secure);
}

/** The browser id this request carries, if it is one we could have issued. */
export function browserIdOf(request: FastifyRequest, secure: boolean): string | undefined {
  const value = request.cookies[browserCookieName(secure)];
  return value && /^[A-Za-z0-9_-]{43}$/.test(value) ? value : undefined;
}

/** The browser's id: the one it sent, or a new one; (re)set for another 400 days either way. */
export function ensureBrowserId(request: FastifyRequest, reply: FastifyReply, secure: boolean): string {
  const browserId = browserIdOf(request, secure) ?? randomToken();
  setCookie(reply, "browser", secure, browserId, BROWSER_COOKIE_MAX_AGE_MS);
  return browserId;
}
