/**
 * Tests only: what a person does at the provider, done over HTTP — open the authorization
 * URL, type a user name into the test provider's login page (or cancel there), and
 * follow the redirects back to Portier's redirect URI, as the browser would.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { expect } from "vitest";
import { startTestProvider, type TestProvider } from "../dev/oidc-test-provider.ts";
import { type Browser, createTestApp, ORIGIN, type TestContext } from "./app.ts";
import { type SigningShim, startSigningShim } from "./signing-shim.ts";

/** Follows redirects (keeping the provider's cookies) until one leaves for `redirectPrefix`. */
async function follow(start: string, redirectPrefix: string, jar: Map<string, string>, init?: RequestInit): Promise<URL> {
  let url = start;
  let request: RequestInit | undefined = init;
  for (let hops = 0; hops < 10; hops++) {
    if (url.startsWith(redirectPrefix)) return new URL(url);
    const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join("; ");
    const response = await fetch(url, {
      ...request,
      redirect: "manual",
      headers: { ...(request?.headers as Record<string, string> | undefined), ...(cookie ? { cookie } : {}) },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const at = pair.indexOf("=");
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      if (value === "" || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) jar.delete(name);
      else jar.set(name, value);
    }
    const location = response.headers.get("location");
    if (!location) {
      if (response.status === 200) return new URL(url); // a page: the caller acts on it
      throw new Error(`the provider answered ${response.status} at ${url}: ${(await response.text()).slice(0, 300)}`);
    }
    url = new URL(location, url).href;
    request = undefined;
  }
  throw new Error("too many redirects at the provider");
}

/**
 * Signs in at the test provider as `login` (or cancels there) and answers where the
 * provider sent the browser back: the redirect URI with the authorization response.
 */
export async function atTestProvider(
  authorizationUrl: string,
  login: string,
  redirectPrefix: string,
  { cancel = false } = {},
): Promise<URL> {
  const jar = new Map<string, string>();
  const page = await follow(authorizationUrl, redirectPrefix, jar);
  if (page.href.startsWith(redirectPrefix)) return page; // already signed in there
  const action = cancel ? `${page.href}/abort` : `${page.href}/login`;
  return follow(action, redirectPrefix, jar, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ login }).toString(),
  });
}

/** Follows an authorization URL that approves at once (the signing shim). */
export async function throughShim(authorizationUrl: string, redirectPrefix: string): Promise<URL> {
  return follow(authorizationUrl, redirectPrefix, new Map());
}

/** Where a browser starts a sign-in with the test provider. */
export const SIGN_IN_START = { url: "/api/v1/shared-login/start", payload: { provider: "test-id" } };

/**
 * The round trip: start (a sign-in, or what `start` names: linking), sign in at the test
 * provider as `login`, hand its answer to the API's callback; answers the callback's response.
 */
export async function roundTrip(browser: Browser, login: string, start: { url: string; payload: object } = SIGN_IN_START) {
  const started = await browser.post(start.url, start.payload);
  expect(started.statusCode, started.body).toBe(200);
  const back = await atTestProvider(started.json().authorizationUrl, login, REDIRECT_URI);
  return browser.post("/api/v1/shared-login/callback", callbackBody(back));
}

/** The authorization response as the SPA's callback page hands it to the API. */
export function callbackBody(url: URL): Record<string, string> {
  const body: Record<string, string> = {};
  for (const [key, name] of [
    ["code", "code"],
    ["state", "state"],
    ["iss", "iss"],
    ["error", "error"],
    ["error_description", "errorDescription"],
  ] as const) {
    const value = url.searchParams.get(key);
    if (value !== null) body[name] = value;
  }
  return body;
}

export const CLIENT = { clientId: "portier-test", clientSecret: "test-client-secret-0123456789abcdef" };
/** The redirect URI of the test app (PUBLIC_URL https://portier.test). */
export const REDIRECT_URI = `${ORIGIN}/shared-login/callback`;

export interface SharedLoginTestContext extends TestContext {
  provider: TestProvider;
  shim: SigningShim;
}

/**
 * The test app with four providers: "test-id" (a real oidc-provider), "shim" (crafted ID
 * tokens), "misconfigured" (the real one with a wrong client secret) and "down" (nothing
 * listens there).
 */
export async function createSharedLoginTestApp(): Promise<SharedLoginTestContext> {
  const provider = await startTestProvider({ clients: [{ ...CLIENT, redirectUris: [REDIRECT_URI] }] });
  let clock: TestContext["clock"] | undefined;
  const shim = await startSigningShim({ ...CLIENT, now: () => (clock ? clock.now().getTime() : Date.now()) });
  const providers = [
    { id: "test-id", displayName: "Portier Test ID", issuer: provider.issuer, ...CLIENT },
    { id: "shim", displayName: "Shim ID", issuer: shim.issuer, ...CLIENT },
    // The real provider, but Portier was given the wrong client secret.
    {
      id: "misconfigured",
      displayName: "Misconfigured ID",
      issuer: provider.issuer,
      clientId: CLIENT.clientId,
      clientSecret: "not-the-secret",
    },
    // A port that was free a moment ago: nothing answers there.
    { id: "down", displayName: "Down ID", issuer: `http://127.0.0.1:${await closedPort()}`, ...CLIENT },
  ];
  const t = await createTestApp({ SHARED_LOGIN_PROVIDERS: JSON.stringify(providers) });
  clock = t.clock;
  return {
    ...t,
    provider,
    shim,
    async close() {
      await t.close();
      await provider.close();
      await shim.close();
    },
  };
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
