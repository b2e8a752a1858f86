/**
 * Invariant 6 of issue 12: one CSRF policy (plugins/csrf.ts) over one registry of every
 * cookie Portier sets (plugins/cookies.ts), for /api and /oidc alike (ADR 028).
 */
import { ErrorCode } from "@portier/shared/errors";
import * as oidc from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestProvider, type TestProvider } from "../../dev/oidc-test-provider.ts";
import { createTestApp, ORIGIN, solveCaptcha, type TestContext, UA_FIREFOX } from "../../test/app.ts";
import {
  authorizationRequest,
  createAccount,
  exchangeCode,
  httpBrowser,
  type ListeningApp,
  LOGGED_OUT,
  PASSWORD,
  REDIRECT,
  relyingParty,
  signInWithPassword,
  startListeningApp,
} from "../../test/oidc-provider.ts";
import { createTestStaff, STAFF_PASSWORD, staffCode } from "../../test/staff.ts";
import { COOKIE_IDS, COOKIES, type CookieId, cookieName, registeredCookieNames } from "./cookies.ts";

const FOREIGN = "https://evil.example";

let t: ListeningApp;
let provider: TestProvider;
beforeAll(async () => {
  provider = await startTestProvider({
    clients: [{ clientId: "portier-test", clientSecret: "test-client-secret-0123456789abcdef", redirectUris: ["http://127.0.0.1:9/cb"] }],
  });
  t = await startListeningApp({
    SHARED_LOGIN_PROVIDERS: JSON.stringify([
      {
        id: "test-id",
        displayName: "Portier Test ID",
        issuer: provider.issuer,
        clientId: "portier-test",
        clientSecret: "test-client-secret-0123456789abcdef",
      },
    ]),
  });
});
afterAll(async () => {
  await t?.close();
  await provider?.close();
});

/** Every cookie name of the registry as this server (plain http) names it, the library's `.sig` companions included. */
function namesOf(id: CookieId): string[] {
  const name = cookieName(id, false);
  return COOKIES[id].signed ? [name, `${name}.sig`] : [name];
}

async function send(method: string, path: string, headers: Record<string, string>, body?: string, type = "application/json") {
  const response = await fetch(`${t.baseUrl}${path}`, {
    method,
    redirect: "manual",
    headers: { "user-agent": UA_FIREFOX, ...(body !== undefined ? { "content-type": type } : {}), ...headers },
    ...(body !== undefined ? { body } : {}),
  });
  const text = await response.text();
  return { status: response.status, type: response.headers.get("content-type") ?? "", text };
}

function expectRefused(res: { status: number; type: string; text: string }) {
  expect(res.status).toBe(403);
  expect(res.type).toMatch(/^application\/problem\+json/);
  expect(JSON.parse(res.text)).toMatchObject({ status: 403, code: ErrorCode.ORIGIN_NOT_ALLOWED });
}

function expectNotRefused(res: { status: number; text: string }) {
  expect(res.text).not.toContain(ErrorCode.ORIGIN_NOT_ALLOWED);
}

/** Requests that change state: an /api one (JSON) and the OpenID provider's logout confirmation (a form). */
const TARGETS = [
  { label: "POST /api/v1/auth/sign-in", method: "POST", path: "/api/v1/auth/sign-in", body: "{}", type: "application/json" },
  { label: "DELETE /api/v1/account/sessions/:id", method: "DELETE", path: `/api/v1/account/sessions/${crypto.randomUUID()}` },
  {
    label: "POST /oidc/session/end/confirm",
    method: "POST",
    path: "/oidc/session/end/confirm",
    body: "xsrf=forged&logout=yes",
    type: "application/x-www-form-urlencoded",
  },
] as const;

describe("the CSRF hook, for each registered cookie", () => {
  for (const id of COOKIE_IDS) {
    for (const name of namesOf(id)) {
      describe(`${name} (${id})`, () => {
        for (const target of TARGETS) {
          const body = "body" in target ? target.body : undefined;
          const type = "type" in target ? target.type : undefined;
          it(`${target.label}: refused with a 403 problem from a foreign Origin, \`null\` or none; passes from the allowed one`, async () => {
            const cookie = `${name}=${"A".repeat(43)}`;
            expectRefused(await send(target.method, target.path, { cookie, origin: FOREIGN }, body, type));
            expectRefused(await send(target.method, target.path, { cookie, origin: "null" }, body, type));
            expectRefused(await send(target.method, target.path, { cookie }, body, type));
            expectNotRefused(await send(target.method, target.path, { cookie, origin: t.baseUrl }, body, type));
          });
        }
      });
    }
  }

  it("does not look at requests without Portier's cookies (bearer clients, services), nor at ones carrying only other cookies", async () => {
    for (const target of TARGETS) {
      const body = "body" in target ? target.body : undefined;
      const type = "type" in target ? target.type : undefined;
      expectNotRefused(await send(target.method, target.path, { origin: FOREIGN }, body, type));
      expectNotRefused(await send(target.method, target.path, {}, body, type));
      expectNotRefused(await send(target.method, target.path, { origin: FOREIGN, cookie: "analytics=1; theme=dark" }, body, type));
    }
  });

  it("lets a third-party bearer client change state from any Origin: it carries no cookie, so no ambient authority", async () => {
    const account = await createAccount(t);
    const signIn = await send(
      "POST",
      "/api/v1/auth/sign-in",
      { origin: FOREIGN },
      JSON.stringify({ email: account.email, password: PASSWORD, tokenDelivery: "bearer" }),
    );
    expect(signIn.status).toBe(200);
    const { token } = JSON.parse(signIn.text) as { token: string };
    const signOut = await send("POST", "/api/v1/auth/sign-out", { origin: FOREIGN, authorization: `Bearer ${token}` });
    expect(signOut.status).toBe(204);
    expect((await send("GET", "/api/v1/account", { authorization: `Bearer ${token}` })).status).toBe(401);
  });

  it("does not look at safe methods: a service's link from another site still reaches the logout page", async () => {
    const res = await send("GET", "/oidc/session/end", { cookie: `${cookieName("session", false)}=x`, origin: FOREIGN });
    expect(res.status).toBe(200);
    expect(res.text).toContain(`action="${t.issuer}/session/end/confirm"`);
  });
});

describe("the CSRF hook where cookies are Secure (`__Host-` names)", () => {
  let secure: TestContext;
  beforeAll(async () => {
    secure = await createTestApp();
  });
  afterAll(async () => {
    await secure?.close();
  });

  it("refuses every registered cookie under its Secure name from a foreign Origin, and passes the allowed one", async () => {
    for (const id of COOKIE_IDS) {
      const name = cookieName(id, true);
      if (COOKIES[id].hostPrefix) expect(name).toBe(`__Host-${COOKIES[id].name}`);
      const request = (origin: string) =>
        secure.app.inject({
          method: "POST",
          url: "/api/v1/auth/sign-in",
          headers: { "user-agent": UA_FIREFOX, origin, cookie: `${name}=x` },
          payload: {},
        });
      const refused = await request(FOREIGN);
      expect(refused.statusCode, name).toBe(403);
      expect(refused.headers["content-type"]).toMatch(/^application\/problem\+json/);
      expect(refused.json().code).toBe(ErrorCode.ORIGIN_NOT_ALLOWED);
      expect((await request(ORIGIN)).json().code, name).not.toBe(ErrorCode.ORIGIN_NOT_ALLOWED);
    }
  });
});

describe("the cookie registry", () => {
  it("holds every cookie a full run of the flows sets, and each of its cookies is set by one of them", async () => {
    const browser = httpBrowser(t.baseUrl);

    // Sign in with Portier: the provider's interaction cookies, then Portier's sign-in with
    // an OTP (attempt, browser, session), then the provider's session; then logout.
    const account = await createAccount(t, { otp: true });
    const rp = await relyingParty(t.issuer, "firstParty");
    const request = await authorizationRequest(rp, REDIRECT.firstParty);
    let step = await browser.follow(request.url.href);
    expect(step.url.pathname).toBe("/sign-in");
    const back = step.url.searchParams.get("continue") as string;
    await signInWithPassword(browser, account);
    step = await browser.follow(back);
    expect(step.url.href.startsWith(REDIRECT.firstParty)).toBe(true);
    const tokens = await exchangeCode(rp, step.url, request);
    const logout = oidc.buildEndSessionUrl(rp, { id_token_hint: tokens.id_token as string, post_logout_redirect_uri: LOGGED_OUT });
    const question = await (await browser.get(logout.href)).text();
    const xsrf = question.match(/name="xsrf" value="([^"]+)"/)?.[1] as string;
    expect((await browser.post(`${t.issuer}/session/end/confirm`, new URLSearchParams({ xsrf, logout: "yes" }))).status).toBe(303);

    // A passkey sign-in begins (the challenge's binding cookie).
    expect((await browser.post("/api/v1/auth/passkey/options", {})).status).toBe(200);

    // Password recovery (the binding cookie), shared login (the round trip's cookie), staff.
    const reset = await browser.post("/api/v1/password-reset", { email: account.email, captcha: await solveCaptcha(t.app) });
    expect(reset.status).toBe(202);
    const shared = await browser.post("/api/v1/shared-login/start", { provider: "test-id" });
    expect(shared.status).toBe(200);
    const staff = await createTestStaff(t);
    const staffSignIn = await browser.post("/api/v1/staff/sign-in", {
      email: staff.email,
      password: STAFF_PASSWORD,
      code: staffCode(t, staff),
    });
    expect(staffSignIn.status).toBe(200);
    expect((await browser.post("/api/v1/staff/sign-out")).status).toBeLessThan(300);

    const seen = [...browser.setCookieNames];
    const registered = registeredCookieNames(false);
    expect(seen.filter((name) => !registered.has(name))).toEqual([]);
    expect(COOKIE_IDS.filter((id) => !namesOf(id).every((name) => seen.includes(name)))).toEqual([]);
  });

  it("gives the OpenID provider library its names and attributes (HttpOnly, SameSite as registered)", async () => {
    const rp = await relyingParty(t.issuer, "firstParty");
    const response = await fetch((await authorizationRequest(rp, REDIRECT.firstParty)).url, {
      redirect: "manual",
      headers: { "user-agent": UA_FIREFOX },
    });
    const lines = response.headers.getSetCookie();
    const interaction = lines.find((line) => line.startsWith(`${COOKIES.oidcInteraction.name}=`));
    expect(interaction).toMatch(/httponly/i);
    expect(interaction).toMatch(new RegExp(`samesite=${COOKIES.oidcInteraction.sameSite}`, "i"));
  });
});

describe("the OpenID provider's pages", () => {
  it("send `Referrer-Policy: same-origin`, so a browser's form posts to the provider carry the real Origin; the API keeps `no-referrer`", async () => {
    const page = await fetch(`${t.issuer}/session/end`, { headers: { "user-agent": UA_FIREFOX } });
    expect(page.status).toBe(200);
    expect(page.headers.get("referrer-policy")).toBe("same-origin");
    const api = await fetch(`${t.baseUrl}/api/v1/config`);
    expect(api.headers.get("referrer-policy")).toBe("no-referrer");
  });
});
