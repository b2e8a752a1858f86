import type { FastifyInstance } from "fastify";
import * as oidc from "openid-client";
import { buildApp } from "../src/app.ts";
import { loadConfig } from "../src/config.ts";
import type { Db } from "../src/db/client.ts";
import { hashClientSecret } from "../src/flows/oidc-provider/clients.ts";
import { FakeClock } from "../src/lib/clock.ts";
import { TEST_ENV, UA_FIREFOX } from "./app.ts";
import { createTestDatabase } from "./database.ts";
import { accountWithOtp, PASSWORD, verifiedAccount } from "./factories.ts";
import { freePort } from "./free-port.ts";

export { PASSWORD } from "./factories.ts";

export const CLIENTS = {
  /** A first-party service with refresh tokens, signing in with client_secret_basic. */
  firstParty: { id: "portier-cloud", name: "Portier Cloud", secret: "first-party-secret-0123456789-abcdefghijklmnop" },
  /** A third-party service: consent, pairwise `sub`, no refresh tokens, client_secret_post. */
  thirdParty: { id: "partner-shop", name: "Partner Shop", secret: "third-party-secret-0123456789-abcdefghijklmnop" },
  /** A public first-party client (a browser app): PKCE and no secret. */
  publicApp: { id: "browser-app", name: "Browser App" },
  /** The first-party CLI (ADR 041): a public client signing in by the device flow, with every API scope. */
  cli: { id: "portier-cli", name: "Portier CLI" },
} as const;

export const REDIRECT = {
  firstParty: "http://127.0.0.1:9/cloud/callback",
  thirdParty: "http://localhost:9/shop/callback",
  publicApp: "http://127.0.0.1:9/app/callback",
} as const;

export const LOGGED_OUT = "http://127.0.0.1:9/cloud/logged-out";

export function testClients() {
  return [
    {
      id: CLIENTS.firstParty.id,
      name: CLIENTS.firstParty.name,
      secretHash: hashClientSecret(CLIENTS.firstParty.secret),
      redirectUris: [REDIRECT.firstParty],
      postLogoutRedirectUris: [LOGGED_OUT],
      scopes: ["openid", "email", "phone", "profile"],
      firstParty: true,
      refreshTokens: true,
    },
    {
      id: CLIENTS.thirdParty.id,
      name: CLIENTS.thirdParty.name,
      secretHash: hashClientSecret(CLIENTS.thirdParty.secret),
      tokenEndpointAuthMethod: "client_secret_post",
      redirectUris: [REDIRECT.thirdParty],
      scopes: ["openid", "email"],
      // Delegated access (ADR 041): it may ask the customer for the login history, nothing else of the API.
      apiScopes: ["history:read"],
    },
    {
      id: CLIENTS.publicApp.id,
      name: CLIENTS.publicApp.name,
      redirectUris: [REDIRECT.publicApp],
      scopes: ["openid", "email"],
      firstParty: true,
    },
    {
      id: CLIENTS.cli.id,
      name: CLIENTS.cli.name,
      firstParty: true,
      deviceFlow: true,
      scopes: ["openid"],
      apiScopes: ["account:read", "history:read", "sessions:read", "sessions:write"],
    },
  ];
}

export interface ListeningApp {
  app: FastifyInstance;
  db: Db;
  clock: FakeClock;
  baseUrl: string;
  issuer: string;
  /** Monotonic time the app's key recheck uses; tests move it forward. */
  advanceMonotonic(ms: number): void;
  close(): Promise<void>;
}

export async function startListeningApp(env: Record<string, string> = {}): Promise<ListeningApp> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const database = await createTestDatabase();
  const clock = new FakeClock(new Date());
  let monotonic = 0;
  const config = loadConfig({ ...TEST_ENV, PUBLIC_URL: baseUrl, OIDC_CLIENTS: JSON.stringify(testClients()), ...env });
  const app = await buildApp({ config, db: database.db, clock, monotonicNow: () => monotonic });
  await app.listen({ host: "127.0.0.1", port });
  return {
    app,
    db: database.db,
    clock,
    baseUrl,
    issuer: `${baseUrl}/oidc`,
    advanceMonotonic(ms) {
      monotonic += ms;
    },
    async close() {
      await app.close();
      await database.drop();
    },
  };
}

/** A JSON answer, read as the shape the test expects. */
export async function jsonOf<T = Record<string, unknown>>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

interface StoredCookie {
  value: string;
  path: string;
}

/** A browser over real HTTP: cookies by name and path, redirects followed one by one. */
export function httpBrowser(baseUrl: string, userAgent = UA_FIREFOX) {
  const jar = new Map<string, StoredCookie>();
  /** The name of every cookie this server set in this browser, cleared ones included. */
  const setCookieNames = new Set<string>();
  const origin = new URL(baseUrl).origin;

  function cookieHeader(url: URL): string {
    if (url.origin !== origin) return "";
    return [...jar]
      .filter(([, c]) => url.pathname === c.path || url.pathname.startsWith(c.path.endsWith("/") ? c.path : `${c.path}/`))
      .map(([name, c]) => `${name}=${c.value}`)
      .join("; ");
  }

  function keep(url: URL, response: Response) {
    if (url.origin !== origin) return;
    for (const line of response.headers.getSetCookie()) {
      const [pair = "", ...attributes] = line.split(";").map((s) => s.trim());
      const at = pair.indexOf("=");
      const name = pair.slice(0, at);
      const value = pair.slice(at + 1);
      setCookieNames.add(name);
      const attr = new Map(attributes.map((a) => [a.split("=")[0]?.toLowerCase() ?? "", a.slice(a.indexOf("=") + 1)]));
      const path = attr.get("path") ?? "/";
      const expired = attr.get("max-age") === "0" || (attr.has("expires") && Date.parse(attr.get("expires") ?? "") < Date.now());
      if (expired || value === "") jar.delete(name);
      else jar.set(name, { value, path });
    }
  }

  async function request(method: string, target: string, body?: object | URLSearchParams) {
    const url = new URL(target, baseUrl);
    const headers: Record<string, string> = { "user-agent": userAgent, origin, "accept-language": "en" };
    const cookie = cookieHeader(url);
    if (cookie) headers.cookie = cookie;
    let payload: string | undefined;
    if (body instanceof URLSearchParams) {
      headers["content-type"] = "application/x-www-form-urlencoded";
      payload = body.toString();
    } else if (body) {
      headers["content-type"] = "application/json";
      payload = JSON.stringify(body);
    }
    const response = await fetch(url, { method, headers, redirect: "manual", ...(payload !== undefined ? { body: payload } : {}) });
    keep(url, response);
    return response;
  }

  return {
    jar,
    setCookieNames,
    get: (target: string) => request("GET", target),
    post: (target: string, body?: object | URLSearchParams) => request("POST", target, body),
    delete: (target: string) => request("DELETE", target),
    /**
     * Follows redirects from `target` while they stay on this server, and returns the
     * first address elsewhere (a service's callback) or the last answer here.
     */
    async follow(target: string): Promise<{ url: URL; response: Response; hops: string[] }> {
      let url = new URL(target, baseUrl);
      const hops: string[] = [];
      let form: URLSearchParams | undefined;
      for (let i = 0; i < 20; i++) {
        hops.push(url.pathname);
        const response = await request(form ? "POST" : "GET", url.href, form);
        form = undefined;
        // The library's self-submitting form (e.g. ending the previous account's session): a
        // browser runs its script and posts it.
        if (response.status === 200 && response.headers.get("content-type")?.startsWith("text/html")) {
          const html = await response.clone().text();
          const action = html.match(/<form method="post" action="([^"]+)"/)?.[1];
          if (action && html.includes("document.forms[0].submit()")) {
            form = new URLSearchParams(
              [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m): [string, string] => [
                m[1] ?? "",
                m[2] ?? "",
              ]),
            );
            url = new URL(action, url);
            continue;
          }
        }
        const location = response.headers.get("location");
        if (response.status < 300 || response.status >= 400 || !location) return { url, response, hops };
        url = new URL(location, url);
        // The SPA's pages and the services' callbacks are not this server's to answer.
        if (url.origin !== origin || !/^\/(oidc|api)\//.test(url.pathname)) return { url, response, hops: [...hops, url.pathname] };
      }
      throw new Error(`too many redirects: ${hops.join(" → ")}`);
    },
  };
}
export type HttpBrowser = ReturnType<typeof httpBrowser>;

/** A verified account (test/factories.ts); optionally OTP on (returns a code source). */
export async function createAccount(t: ListeningApp, opts: { otp?: boolean } = {}) {
  if (opts.otp) {
    const account = await accountWithOtp(t);
    /** The authenticator's code for the next 30-second step (each step is accepted once). */
    return { id: account.id, email: account.email, phone: account.phone, nextOtpCode: () => account.nextCode() };
  }
  const account = await verifiedAccount(t);
  return {
    ...account,
    nextOtpCode(): string {
      throw new Error("OTP is off for this account");
    },
  };
}

/** Signs in through the API as the SPA does (cookie), with the OTP step when asked. */
export async function signInWithPassword(browser: HttpBrowser, account: { email: string; nextOtpCode(): string }, otp = false) {
  const first = await browser.post("/api/v1/auth/sign-in", { email: account.email, password: PASSWORD });
  const body = (await first.json()) as { status: string };
  if (body.status === "otp_required" || otp) {
    const second = await browser.post("/api/v1/auth/sign-in/otp", { code: account.nextOtpCode() });
    const done = (await second.json()) as { status: string };
    if (done.status !== "complete") throw new Error(`OTP step: ${JSON.stringify(done)}`);
    return;
  }
  if (body.status !== "complete") throw new Error(`sign-in: ${JSON.stringify(body)}`);
}

/** openid-client configured for one of the test clients (http is allowed: the issuer is on loopback). */
export async function relyingParty(issuer: string, which: keyof typeof CLIENTS, overrides: { secret?: string } = {}) {
  // How each client authenticates at the token endpoint.
  const authentication =
    which === "firstParty"
      ? oidc.ClientSecretBasic(overrides.secret ?? CLIENTS.firstParty.secret)
      : which === "thirdParty"
        ? oidc.ClientSecretPost(overrides.secret ?? CLIENTS.thirdParty.secret)
        : oidc.None();
  const config = await oidc.discovery(new URL(issuer), CLIENTS[which].id, undefined, authentication, {
    execute: [oidc.allowInsecureRequests],
  });
  // Verify the ID token's signature too (openid-client skips it for the code flow by default).
  oidc.enableNonRepudiationChecks(config);
  return config;
}

/** A fresh authorization request: its URL and what the callback is checked against. */
export async function authorizationRequest(config: oidc.Configuration, redirectUri: string, params: Record<string, string> = {}) {
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: "openid email",
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: "S256",
    state,
    nonce,
    ...params,
  });
  return { url, codeVerifier, state, nonce };
}

export type AuthorizationRequest = Awaited<ReturnType<typeof authorizationRequest>>;

/**
 * The service's side of the redirect back: the code exchanged with the request's PKCE
 * verifier, its state and nonce checked (openid-client), with any further `checks`.
 */
export function exchangeCode(
  rp: oidc.Configuration,
  callback: URL,
  request: AuthorizationRequest,
  checks: Partial<oidc.AuthorizationCodeGrantChecks> = {},
) {
  return oidc.authorizationCodeGrant(rp, callback, {
    pkceCodeVerifier: request.codeVerifier,
    expectedState: request.state,
    expectedNonce: request.nonce,
    ...checks,
  });
}

/**
 * The first-party service signs the customer in through the real code flow (authorization,
 * Portier's sign-in in `browser` when it has no session, code exchange), asking for a
 * refresh token (offline_access): what a service holds for 30 days.
 */
export async function signInToService(
  t: ListeningApp,
  account: { email: string; nextOtpCode(): string },
  browser: HttpBrowser = httpBrowser(t.baseUrl),
) {
  const rp = await relyingParty(t.issuer, "firstParty");
  const request = await authorizationRequest(rp, REDIRECT.firstParty, { scope: "openid email offline_access", prompt: "consent" });
  let step = await browser.follow(request.url.href);
  if (step.url.pathname === "/sign-in") {
    await signInWithPassword(browser, account);
    step = await browser.follow(step.url.searchParams.get("continue") ?? "");
  }
  if (!step.url.href.startsWith(REDIRECT.firstParty)) throw new Error(`no code for the service: ${step.url.href}`);
  const tokens = await exchangeCode(rp, step.url, request, { idTokenExpected: true });
  if (!tokens.refresh_token) throw new Error("the service got no refresh token");
  return { browser, accessToken: tokens.access_token, refreshToken: tokens.refresh_token };
}

/**
 * What the service notices when it uses what it holds: its access token at `/oidc/me`
 * (the HTTP status) and its refresh token at `/oidc/token` (`ok`, or the OAuth error).
 */
export async function serviceAccess(t: ListeningApp, held: { accessToken: string; refreshToken: string }) {
  const me = await fetch(`${t.issuer}/me`, { headers: { authorization: `Bearer ${held.accessToken}` } });
  const refreshed = await fetch(`${t.issuer}/token`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      authorization: `Basic ${Buffer.from(`${CLIENTS.firstParty.id}:${CLIENTS.firstParty.secret}`).toString("base64")}`,
    },
    body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: held.refreshToken }).toString(),
  });
  const body = (await refreshed.json()) as { error?: string };
  return { userinfo: me.status, refresh: refreshed.status === 200 ? "ok" : (body.error ?? String(refreshed.status)) };
}

/** The REST API as an OAuth resource (RFC 8707; ADR 041). */
export const apiResource = (t: ListeningApp) => `${t.baseUrl}/api/v1`;

/** The CLI's device authorization request (RFC 8628 §3.1); the answer as the CLI reads it. */
export async function deviceAuthorization(t: ListeningApp, params: Record<string, string>) {
  const response = await fetch(`${t.issuer}/device/auth`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ client_id: CLIENTS.cli.id, ...params }).toString(),
  });
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}

/** The CLI polls the token endpoint with its device code (RFC 8628 §3.4). */
export async function pollDeviceToken(t: ListeningApp, deviceCode: string) {
  const response = await fetch(`${t.issuer}/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "urn:ietf:params:oauth:grant-type:device_code",
      device_code: deviceCode,
      client_id: CLIENTS.cli.id,
    }).toString(),
  });
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}

/** The hidden fields of the page's form with this id (the library's, carrying its XSRF token). */
export function formFields(html: string, formId: string): URLSearchParams {
  const form = html.slice(html.indexOf(`id="${formId}"`));
  const end = form.indexOf("</form>");
  return new URLSearchParams(
    [...form.slice(0, end).matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m): [string, string] => [
      m[1] ?? "",
      m[2] ?? "",
    ]),
  );
}

/**
 * The customer, signed in to Portier in `browser`, opens the CLI's link with the code
 * (verification_uri_complete), sees the confirmation page and allows it; returns the
 * confirmation page's HTML and the page the browser ends on.
 */
export async function confirmDeviceCode(browser: HttpBrowser, verificationUriComplete: string, answer: "allow" | "cancel" = "allow") {
  const confirmation = await browser.follow(verificationUriComplete);
  const confirmHtml = await confirmation.response.text();
  const fields = formFields(confirmHtml, "op.deviceConfirmForm");
  if (answer === "cancel") fields.set("abort", "yes");
  const posted = await browser.post(confirmation.url.href, fields);
  const location = posted.headers.get("location");
  const end = location ? await browser.follow(new URL(location, confirmation.url).href) : { url: confirmation.url, response: posted };
  return { confirmHtml, end, endHtml: await end.response.text() };
}

/** From nothing to an access token for the API: device authorization, the customer allows it, the CLI polls. */
export async function deviceSignIn(
  t: ListeningApp,
  account: { email: string; nextOtpCode(): string },
  scope: string,
  browser?: HttpBrowser,
): Promise<{ accessToken: string; browser: HttpBrowser; scope: string }> {
  const customer = browser ?? httpBrowser(t.baseUrl);
  if (!browser) await signInWithPassword(customer, account);
  const started = await deviceAuthorization(t, { scope, resource: apiResource(t) });
  if (started.status !== 200) throw new Error(`device authorization: ${JSON.stringify(started.body)}`);
  await confirmDeviceCode(customer, started.body.verification_uri_complete ?? "");
  const token = await pollDeviceToken(t, started.body.device_code ?? "");
  if (token.status !== 200) throw new Error(`device token: ${JSON.stringify(token.body)}`);
  return { accessToken: token.body.access_token ?? "", browser: customer, scope: token.body.scope ?? "" };
}

/** A call to the REST API with a bearer token: status, the challenge, the body. */
export async function apiWithToken(t: ListeningApp, path: string, token: string, method = "GET") {
  const response = await fetch(`${t.baseUrl}/api/v1${path}`, { method, headers: { authorization: `Bearer ${token}` } });
  const text = await response.text();
  return {
    status: response.status,
    challenge: response.headers.get("www-authenticate"),
    body: (text ? JSON.parse(text) : null) as Record<string, unknown> | null,
  };
}
