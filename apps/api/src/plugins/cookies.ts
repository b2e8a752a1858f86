/**
 * Every cookie Portier sets, in one registry: its name, its attributes and what it
 * vouches for. The code that sets, clears or reads a cookie goes through here (the
 * OpenID provider library gets its names and attributes from here too), and the CSRF
 * hook (plugins/csrf.ts) decides from here which requests need an allowed Origin.
 * A cookie that is not in this registry must not be set: the registry test
 * (plugins/csrf.api.test.ts) runs the flows and compares every Set-Cookie with it.
 */
import { type Cookies, parseCookie, stringifySetCookie } from "cookie";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";

export interface CookieDefinition {
  /** The name over plain http (development); `__Host-` goes before it where `hostPrefix` and cookies are Secure. */
  name: string;
  /**
   * `__Host-` makes the browser refuse the cookie unless Secure, host-only and Path=/
   * (ADR 009). The library's interaction cookies have their own paths, so they cannot have it.
   */
  hostPrefix: boolean;
  /** Lax where a cookie must survive the return from another site (a provider, an emailed link); Strict for staff. */
  sameSite: "lax" | "strict";
  /** Who writes it: Portier's routes (setCookie below) or the OpenID provider library (with oidcProviderCookies()). */
  setBy: "portier" | "oidc-provider";
  /** The library signs its cookies: each comes with a `<name>.sig` companion. */
  signed: boolean;
  /**
   * What a request carrying it may do. Every cookie here vouches for something, so a
   * state-changing request carrying any of them must come from an allowed Origin (ADR 028).
   */
  authorises: string;
}

export const COOKIES = {
  session: {
    name: "portier_session",
    hostPrefix: true,
    sameSite: "lax",
    setBy: "portier",
    signed: false,
    authorises: "everything the signed-in customer may do (it is the customer's session)",
  },
  attempt: {
    name: "portier_attempt",
    hostPrefix: true,
    sameSite: "lax",
    setBy: "portier",
    signed: false,
    authorises: "the next step (OTP, lost device, confirmation) of the sign-in this browser started",
  },
  staff: {
    name: "portier_staff",
    hostPrefix: true,
    // Strict: the console is never entered from another site with the staff member's authority.
    sameSite: "strict",
    setBy: "portier",
    signed: false,
    authorises: "everything the signed-in staff member may do in the console",
  },
  reset: {
    name: "portier_reset",
    hostPrefix: true,
    sameSite: "lax",
    setBy: "portier",
    signed: false,
    authorises: "using an emailed password-reset link in the browser that asked for it",
  },
  sharedLogin: {
    name: "portier_shared_login",
    hostPrefix: true,
    // Lax: it only has to reach our own API, from our own SPA page after the provider's redirect.
    sameSite: "lax",
    setBy: "portier",
    signed: false,
    authorises: "finishing a shared-login round trip, and pairing or creating an account from its identity",
  },
  passkey: {
    name: "portier_passkey",
    hostPrefix: true,
    sameSite: "lax",
    setBy: "portier",
    signed: false,
    authorises: "answering the passkey sign-in challenge this browser asked for (ADR 040)",
  },
  browser: {
    name: "portier_browser",
    hostPrefix: true,
    sameSite: "lax",
    setBy: "portier",
    signed: false,
    authorises: "being a browser that has signed in to an account before (new_browser rule, SPEC §4)",
  },
  oidcSession: {
    name: "portier_oidc_session",
    hostPrefix: false,
    sameSite: "lax",
    setBy: "oidc-provider",
    signed: true,
    authorises: "the OpenID provider's session: logging out of it, and (with a Portier session) single sign-on",
  },
  oidcInteraction: {
    name: "portier_oidc_interaction",
    hostPrefix: false,
    sameSite: "lax",
    setBy: "oidc-provider",
    signed: true,
    authorises: "answering the sign-in or consent step of a service's authorization request",
  },
  oidcResume: {
    name: "portier_oidc_resume",
    hostPrefix: false,
    sameSite: "lax",
    setBy: "oidc-provider",
    signed: true,
    authorises: "resuming a service's authorization request after its sign-in or consent step",
  },
} as const satisfies Record<string, CookieDefinition>;

export type CookieId = keyof typeof COOKIES;
export const COOKIE_IDS = Object.keys(COOKIES) as CookieId[];

/** The name browsers see, where cookies are (`secure`) or are not Secure. */
export function cookieName(id: CookieId, secure: boolean): string {
  const definition: CookieDefinition = COOKIES[id];
  return secure && definition.hostPrefix ? `__Host-${definition.name}` : definition.name;
}

/** Every name a registered cookie can have here (with the library's `.sig` companions). */
export function registeredCookieNames(secure: boolean): Set<string> {
  const names = new Set<string>();
  for (const id of COOKIE_IDS) {
    const name = cookieName(id, secure);
    names.add(name);
    if (COOKIES[id].signed) names.add(`${name}.sig`);
  }
  return names;
}

/** The registered cookies a request carries. */
export function registeredCookiesIn(request: FastifyRequest, secure: boolean): CookieId[] {
  return COOKIE_IDS.filter((id) => {
    const name = cookieName(id, secure);
    return request.cookies[name] !== undefined || (COOKIES[id].signed && request.cookies[`${name}.sig`] !== undefined);
  });
}

/** The value of one of Portier's cookies in this request. */
export function readCookie(request: FastifyRequest, id: CookieId, secure: boolean): string | undefined {
  return request.cookies[cookieName(id, secure)];
}

/** The attributes of one of Portier's cookies (all HttpOnly, Path=/). */
export function cookieAttributes(id: CookieId, secure: boolean) {
  return { httpOnly: true, secure, sameSite: COOKIES[id].sameSite, path: "/" } as const;
}

export function setCookie(reply: FastifyReply, id: CookieId, secure: boolean, value: string, maxAgeMs: number) {
  if (COOKIES[id].setBy !== "portier") throw new Error(`${id} is the OpenID provider library's cookie`);
  const maxAge = Math.floor(maxAgeMs / 1000);
  reply.header("set-cookie", stringifySetCookie({ name: cookieName(id, secure), value, ...cookieAttributes(id, secure), maxAge }));
}

export function clearCookie(reply: FastifyReply, id: CookieId, secure: boolean) {
  const attributes = { ...cookieAttributes(id, secure), maxAge: 0, expires: new Date(0) };
  reply.header("set-cookie", stringifySetCookie({ name: cookieName(id, secure), value: "", ...attributes }));
}

/**
 * `request.cookies`: the Cookie header parsed the first time something asks, not on every
 * request (a bearer client's reads never ask; ADR 031). Set-Cookie headers are written by
 * setCookie/clearCookie above, with no hook on every answer.
 */
export const cookieParsing = fp(
  async (app: FastifyInstance) => {
    app.decorateRequest("parsedCookies", null);
    app.decorateRequest("cookies", {
      getter(this: FastifyRequest) {
        this.parsedCookies ??= this.headers.cookie ? parseCookie(this.headers.cookie) : {};
        return this.parsedCookies;
      },
    });
  },
  { name: "cookies" },
);

declare module "fastify" {
  interface FastifyRequest {
    /** The request's cookies by name (parsed on first use). */
    readonly cookies: Cookies;
    parsedCookies: Cookies | null;
  }
}

/**
 * The `cookies` settings of the OpenID provider library: the registry's names and
 * attributes. Secure follows the public URL's scheme, which routes.ts hands the library.
 */
export function oidcProviderCookies(keys: string[]) {
  // The library has one set of attributes for its session cookie and one for both interaction cookies.
  const short: CookieDefinition = COOKIES.oidcInteraction;
  const resume: CookieDefinition = COOKIES.oidcResume;
  if (short.sameSite !== resume.sameSite) throw new Error("the provider's interaction and resume cookies share their attributes");
  return {
    keys,
    names: { session: COOKIES.oidcSession.name, interaction: COOKIES.oidcInteraction.name, resume: COOKIES.oidcResume.name },
    long: { httpOnly: true, sameSite: COOKIES.oidcSession.sameSite },
    short: { httpOnly: true, sameSite: COOKIES.oidcInteraction.sameSite },
  };
}
