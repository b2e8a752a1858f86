/**
 * Sign in with Portier (SPEC §11, issue 8) with a real relying party: openid-client
 * against the app listening on a port. The browser's part (redirects, the SPA's sign-in
 * through the API, the consent answer) is done by hand, hop by hop.
 */
import * as oidc from "openid-client";
import { describe, expect, it, vi } from "vitest";
import { appForFile } from "../../../test/app.ts";
import {
  authorizationRequest,
  CLIENTS,
  createAccount,
  exchangeCode,
  type HttpBrowser,
  httpBrowser,
  jsonOf,
  LOGGED_OUT,
  PASSWORD,
  REDIRECT,
  relyingParty,
  signInWithPassword,
  startListeningApp,
} from "../../../test/oidc-provider.ts";
import { MINUTE } from "../../lib/clock.ts";
import { hashClientSecret } from "./clients.ts";

const t = appForFile(startListeningApp);

type Account = Awaited<ReturnType<typeof createAccount>>;
type Request = Awaited<ReturnType<typeof authorizationRequest>>;

/** Starts an authorization in the browser; returns where the browser ends up (the SPA's sign-in, or the callback). */
async function authorize(browser: HttpBrowser, request: Request) {
  return browser.follow(request.url.href);
}

/** The browser is sent to the SPA's sign-in with a way back to the interaction. */
function expectSignInPage(url: URL): string {
  expect(url.origin).toBe(t.baseUrl);
  expect(url.pathname).toBe("/sign-in");
  const back = url.searchParams.get("continue") ?? "";
  expect(back).toMatch(/^\/oidc\/interaction\/[A-Za-z0-9_-]+$/);
  return back;
}

/** From nothing to tokens: authorization, sign-in on Portier (password + OTP when on), code exchange. */
async function signInThrough(
  which: "firstParty" | "publicApp",
  account: Account,
  browser = httpBrowser(t.baseUrl),
  params: Record<string, string> = {},
) {
  const rp = await relyingParty(t.issuer, which);
  const request = await authorizationRequest(rp, REDIRECT[which], params);
  let step = await authorize(browser, request);
  if (step.url.pathname === "/sign-in") {
    const back = expectSignInPage(step.url);
    await signInWithPassword(browser, account);
    step = await browser.follow(back);
  }
  expect(step.url.href.startsWith(REDIRECT[which])).toBe(true);
  const tokens = await exchangeCode(rp, step.url, request, { idTokenExpected: true });
  return { rp, browser, tokens, callback: step.url };
}

async function tokenRequest(body: Record<string, string>, basic?: { id: string; secret: string }) {
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
  if (basic) headers.authorization = `Basic ${Buffer.from(`${basic.id}:${basic.secret}`).toString("base64")}`;
  const response = await fetch(`${t.issuer}/token`, { method: "POST", headers, body: new URLSearchParams(body).toString() });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("discovery", () => {
  it("publishes the issuer at PUBLIC_URL/oidc: code flow with PKCE (S256), signed ID tokens, logout", async () => {
    const response = await fetch(`${t.issuer}/.well-known/openid-configuration`);
    expect(response.status).toBe(200);
    const meta = await jsonOf(response);
    expect(meta.issuer).toBe(t.issuer);
    expect(meta.authorization_endpoint).toBe(`${t.issuer}/auth`);
    expect(meta.token_endpoint).toBe(`${t.issuer}/token`);
    expect(meta.userinfo_endpoint).toBe(`${t.issuer}/me`);
    expect(meta.end_session_endpoint).toBe(`${t.issuer}/session/end`);
    expect(meta.jwks_uri).toBe(`${t.issuer}/jwks`);
    expect(meta.response_types_supported).toEqual(["code"]);
    expect(meta.code_challenge_methods_supported).toEqual(["S256"]);
    expect(meta.claims_supported).toEqual(
      expect.arrayContaining(["sub", "email", "email_verified", "phone_number_verified", "name", "amr", "auth_time"]),
    );
    expect(meta.subject_types_supported).toEqual(expect.arrayContaining(["public", "pairwise"]));

    const jwks = await jsonOf<{ keys: Record<string, unknown>[] }>(await fetch(String(meta.jwks_uri)));
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig" });
    expect(jwks.keys[0]?.d).toBeUndefined();
  });

  it("builds its URLs from PUBLIC_URL, never from the Host header", async () => {
    const response = await fetch(`${t.issuer}/.well-known/openid-configuration`, { headers: { "x-forwarded-host": "evil.example" } });
    const meta = await jsonOf(response);
    expect(JSON.stringify(meta)).not.toContain("evil.example");
    expect(meta.authorization_endpoint).toBe(`${t.issuer}/auth`);
  });
});

describe("a first-party service", () => {
  it("signs a customer in with password and OTP: code + PKCE, a verified ID token, userinfo, refresh, history", async () => {
    const account = await createAccount(t, { otp: true });
    // A refresh token is asked for with offline_access and prompt=consent (OpenID Connect Core
    // §11); a first-party service's consent is given without asking the customer.
    const { rp, tokens } = await signInThrough("firstParty", account, httpBrowser(t.baseUrl), {
      scope: "openid email phone profile offline_access",
      prompt: "consent",
    });

    // The ID token's signature was checked against the JWKS (non-repudiation checks on).
    const claims = tokens.claims();
    expect(claims).toMatchObject({
      iss: t.issuer,
      aud: CLIENTS.firstParty.id,
      sub: account.id,
      email: account.email,
      email_verified: true,
      phone_number_verified: true,
      name: account.email,
      amr: ["pwd", "otp", "mfa"],
    });
    expect(typeof claims?.auth_time).toBe("number");

    const userinfo = await oidc.fetchUserInfo(rp, tokens.access_token, account.id);
    expect(userinfo).toMatchObject({ sub: account.id, email: account.email, phone_number: account.phone, phone_number_verified: true });

    // A first-party service allowed refresh tokens gets one, and it works.
    expect(tokens.refresh_token).toBeTruthy();
    const refreshed = await oidc.refreshTokenGrant(rp, tokens.refresh_token as string);
    expect(refreshed.access_token).not.toBe(tokens.access_token);
    expect(refreshed.claims()).toMatchObject({ sub: account.id, amr: ["pwd", "otp", "mfa"] });
    expect(await oidc.fetchUserInfo(rp, refreshed.access_token, account.id)).toMatchObject({ email: account.email });

    // The customer's login history says which service they signed in to.
    const events = await t.db.loginEvent.findMany({ where: { accountId: account.id, method: "oidc:Portier Cloud" } });
    expect(events).toHaveLength(1);
    expect(events[0]?.result).toBe("success");
  });

  it("does not ask again while the customer is signed in to Portier (single sign-on), and asks after Portier sign-out", async () => {
    const account = await createAccount(t);
    const { browser } = await signInThrough("firstParty", account);

    const rp = await relyingParty(t.issuer, "firstParty");
    const again = await authorize(browser, await authorizationRequest(rp, REDIRECT.firstParty));
    expect(again.url.href.startsWith(REDIRECT.firstParty)).toBe(true);
    expect(again.url.searchParams.get("code")).toBeTruthy();

    const signOut = await browser.post("/api/v1/auth/sign-out");
    expect(signOut.status).toBeLessThan(300);
    const afterSignOut = await authorize(browser, await authorizationRequest(rp, REDIRECT.firstParty));
    expectSignInPage(afterSignOut.url);
  });

  it("hands no service the Portier session of an account whose email is unverified (ADR 025), and its sign-in is refused", async () => {
    const account = await createAccount(t);
    const browser = httpBrowser(t.baseUrl);
    await signInWithPassword(browser, account);
    // A session from before ADR 025: unverified before the session is first used.
    await t.db.account.update({ where: { id: account.id }, data: { emailVerifiedAt: null } });

    const rp = await relyingParty(t.issuer, "firstParty");
    const step = await authorize(browser, await authorizationRequest(rp, REDIRECT.firstParty));
    expectSignInPage(step.url);
    const again = await browser.post("/api/v1/auth/sign-in", { email: account.email, password: PASSWORD });
    expect(again.status).toBe(403);
    expect(((await again.json()) as { code: string }).code).toBe("EMAIL_NOT_VERIFIED");
  });

  it("signs in whoever is signed in to Portier now: another account in the same browser switches", async () => {
    const first = await createAccount(t);
    const { browser, rp } = await signInThrough("firstParty", first);
    await browser.post("/api/v1/auth/sign-out");
    const second = await createAccount(t);
    await signInWithPassword(browser, second);

    const request = await authorizationRequest(rp, REDIRECT.firstParty);
    const done = await authorize(browser, request);
    expect(done.url.href.startsWith(REDIRECT.firstParty)).toBe(true);
    const tokens = await exchangeCode(rp, done.url, request);
    expect(tokens.claims()?.sub).toBe(second.id);
    // The provider ended its session of the first account on its own; Portier's stays.
    expect((await browser.get("/api/v1/account")).status).toBe(200);
  });

  it("asks for a fresh sign-in for prompt=login, and for max_age when the sign-in is older", async () => {
    const account = await createAccount(t);
    const { browser, tokens } = await signInThrough("firstParty", account);
    const firstAuthTime = tokens.claims()?.auth_time as number;
    const rp = await relyingParty(t.issuer, "firstParty");

    // prompt=login: signed in already, yet the sign-in page comes first.
    const forced = await authorizationRequest(rp, REDIRECT.firstParty, { prompt: "login" });
    const step = await authorize(browser, forced);
    const back = expectSignInPage(step.url);
    // Coming back without signing in again does not pass.
    expectSignInPage((await browser.follow(back)).url);
    t.clock.advance(2000);
    await signInWithPassword(browser, account);
    const done = await browser.follow(back);
    expect(done.url.href.startsWith(REDIRECT.firstParty)).toBe(true);
    const fresh = await exchangeCode(rp, done.url, forced);
    expect(fresh.claims()?.auth_time as number).toBeGreaterThan(firstAuthTime);

    // max_age=60 after 10 minutes: sign in again.
    t.clock.advance(10 * MINUTE);
    const aged = await authorize(browser, await authorizationRequest(rp, REDIRECT.firstParty, { max_age: "60" }));
    expectSignInPage(aged.url);
    // Within max_age: straight through.
    const young = await authorize(browser, await authorizationRequest(rp, REDIRECT.firstParty, { max_age: "3600" }));
    expect(young.url.href.startsWith(REDIRECT.firstParty)).toBe(true);
  });

  it("logs out at the service's request (RP-initiated logout): asks first, then ends the Portier session too", async () => {
    const account = await createAccount(t);
    const { rp, browser, tokens } = await signInThrough("firstParty", account);

    const logoutUrl = oidc.buildEndSessionUrl(rp, {
      id_token_hint: tokens.id_token as string,
      post_logout_redirect_uri: LOGGED_OUT,
      state: "after-logout",
    });
    const question = await browser.get(logoutUrl.href);
    expect(question.status).toBe(200);
    const page = await question.text();
    expect(page).toContain("Sign out of Portier?");
    expect(page).toContain("Portier Cloud asked to sign you out.");
    const xsrf = page.match(/name="xsrf" value="([^"]+)"/)?.[1];
    expect(xsrf).toBeTruthy();

    const confirmed = await browser.post(`${t.issuer}/session/end/confirm`, new URLSearchParams({ xsrf: xsrf as string, logout: "yes" }));
    expect(confirmed.status).toBe(303);
    const back = new URL(confirmed.headers.get("location") as string);
    expect(`${back.origin}${back.pathname}`).toBe(LOGGED_OUT);
    expect(back.searchParams.get("state")).toBe("after-logout");

    // Signed out of Portier as well: the account page refuses, and the next sign-in asks.
    expect((await browser.get("/api/v1/account")).status).toBe(401);
    const next = await authorize(browser, await authorizationRequest(rp, REDIRECT.firstParty));
    expectSignInPage(next.url);
  });
});

describe("a third-party service", () => {
  async function toConsent(account: Account, browser = httpBrowser(t.baseUrl)) {
    const rp = await relyingParty(t.issuer, "thirdParty");
    const request = await authorizationRequest(rp, REDIRECT.thirdParty, { scope: "openid email offline_access" });
    let step = await authorize(browser, request);
    if (step.url.pathname === "/sign-in") {
      await signInWithPassword(browser, account);
      step = await browser.follow(expectSignInPage(step.url));
    }
    return { rp, request, browser, step };
  }

  it("asks for consent on Portier's page; a refusal reaches the service as access_denied", async () => {
    const account = await createAccount(t);
    const { browser, step } = await toConsent(account);
    expect(step.url.pathname).toMatch(/^\/authorize\/[A-Za-z0-9_-]+$/);
    const uid = step.url.pathname.split("/")[2];

    const details = await browser.get(`/oidc/interaction/${uid}/details`);
    expect(await jsonOf(details)).toEqual({
      prompt: "consent",
      client: { name: "Partner Shop", firstParty: false },
      scopes: ["email"],
      apiScopes: [],
      signedInAs: account.email,
    });

    const denied = await browser.post(`/oidc/interaction/${uid}/consent`, { decision: "deny" });
    expect(denied.status).toBe(200);
    const done = await browser.follow((await jsonOf<{ redirectTo: string }>(denied)).redirectTo);
    expect(done.url.href.startsWith(REDIRECT.thirdParty)).toBe(true);
    expect(done.url.searchParams.get("error")).toBe("access_denied");
    expect(done.url.searchParams.get("code")).toBeNull();
  });

  it("after consent: a pairwise sub, no refresh token, and no second question", async () => {
    const account = await createAccount(t);
    const { rp, request, browser, step } = await toConsent(account);
    const uid = step.url.pathname.split("/")[2];
    const allowed = await browser.post(`/oidc/interaction/${uid}/consent`, { decision: "allow" });
    const done = await browser.follow((await jsonOf<{ redirectTo: string }>(allowed)).redirectTo);
    const tokens = await exchangeCode(rp, done.url, request);
    const sub = tokens.claims()?.sub as string;
    expect(sub).not.toBe(account.id);
    expect(sub).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(tokens.claims()).toMatchObject({ email: account.email, amr: ["pwd"] });
    // Not allowed refresh tokens: offline_access is dropped.
    expect(tokens.refresh_token).toBeUndefined();

    // The same customer, next time: no consent page, the same pairwise sub.
    const second = await authorizationRequest(rp, REDIRECT.thirdParty);
    const next = await authorize(browser, second);
    expect(next.url.href.startsWith(REDIRECT.thirdParty)).toBe(true);
    const again = await exchangeCode(rp, next.url, second);
    expect(again.claims()?.sub).toBe(sub);
  });

  it("refuses a consent answer without the customer's session, or from another account", async () => {
    const account = await createAccount(t);
    const { browser, step } = await toConsent(account);
    const uid = step.url.pathname.split("/")[2];

    // Another account signs in in this browser (the interaction cookie stays).
    const other = await createAccount(t);
    await signInWithPassword(browser, other);
    const refused = await browser.post(`/oidc/interaction/${uid}/consent`, { decision: "allow" });
    expect(refused.status).toBe(403);
    expect((await jsonOf(refused)).code).toBe("OIDC_INTERACTION_OTHER_ACCOUNT");

    // A stranger's browser without the interaction cookie: not found.
    const stranger = httpBrowser(t.baseUrl);
    await signInWithPassword(stranger, account);
    const notHis = await stranger.post(`/oidc/interaction/${uid}/consent`, { decision: "allow" });
    expect(notHis.status).toBe(404);
    expect((await jsonOf(notHis)).code).toBe("OIDC_INTERACTION_NOT_FOUND");
    const page = await stranger.get(`/oidc/interaction/${uid}`);
    expect(page.status).toBe(400);
    expect(await page.text()).toContain("started in another browser");
  });
});

describe("a public client (no secret)", () => {
  it("signs in with PKCE alone", async () => {
    const account = await createAccount(t);
    const { tokens } = await signInThrough("publicApp", account);
    expect(tokens.claims()?.aud).toBe(CLIENTS.publicApp.id);
  });
});

describe("refusals", () => {
  it("refuses a redirect URI that is not registered exactly, without redirecting there", async () => {
    const rp = await relyingParty(t.issuer, "firstParty");
    const browser = httpBrowser(t.baseUrl);
    for (const wrong of [
      `${REDIRECT.firstParty}/extra`,
      "https://evil.example/callback",
      REDIRECT.firstParty.replace("127.0.0.1", "localhost"),
    ]) {
      const request = await authorizationRequest(rp, wrong);
      const response = await browser.get(request.url.href);
      expect(response.status).toBe(400);
      expect(response.headers.get("location")).toBeNull();
      expect(await response.text()).toContain("redirect_uri did not match any of the client&#39;s registered redirect_uris");
    }
  });

  it("refuses a code used twice, and revokes what the first use gave", async () => {
    const account = await createAccount(t);
    const rp = await relyingParty(t.issuer, "firstParty");
    const browser = httpBrowser(t.baseUrl);
    await signInWithPassword(browser, account);
    const request = await authorizationRequest(rp, REDIRECT.firstParty);
    const done = await authorize(browser, request);
    const code = done.url.searchParams.get("code") as string;
    const exchange = () =>
      tokenRequest(
        { grant_type: "authorization_code", code, redirect_uri: REDIRECT.firstParty, code_verifier: request.codeVerifier },
        { id: CLIENTS.firstParty.id, secret: CLIENTS.firstParty.secret },
      );
    const first = await exchange();
    expect(first.status).toBe(200);
    const second = await exchange();
    expect(second.status).toBe(400);
    expect(second.body.error).toBe("invalid_grant");
    // The tokens of the first use no longer work.
    const userinfo = await fetch(`${t.issuer}/me`, { headers: { authorization: `Bearer ${first.body.access_token}` } });
    expect(userinfo.status).toBe(401);
  });

  it("refuses a code exchanged without its PKCE verifier, or with another one", async () => {
    const account = await createAccount(t);
    const rp = await relyingParty(t.issuer, "firstParty");
    const browser = httpBrowser(t.baseUrl);
    await signInWithPassword(browser, account);
    const request = await authorizationRequest(rp, REDIRECT.firstParty);
    const code = (await authorize(browser, request)).url.searchParams.get("code") as string;
    const basic = { id: CLIENTS.firstParty.id, secret: CLIENTS.firstParty.secret };

    const missing = await tokenRequest({ grant_type: "authorization_code", code, redirect_uri: REDIRECT.firstParty }, basic);
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatch(/invalid_grant|invalid_request/);
    const wrong = await tokenRequest(
      { grant_type: "authorization_code", code, redirect_uri: REDIRECT.firstParty, code_verifier: oidc.randomPKCECodeVerifier() },
      basic,
    );
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toBe("invalid_grant");
  });

  it("refuses an authorization request without a PKCE challenge", async () => {
    const account = await createAccount(t);
    const rp = await relyingParty(t.issuer, "firstParty");
    const browser = httpBrowser(t.baseUrl);
    await signInWithPassword(browser, account);
    const url = oidc.buildAuthorizationUrl(rp, { redirect_uri: REDIRECT.firstParty, scope: "openid", state: "s1" });
    const done = await authorize(browser, { url } as Request);
    expect(done.url.searchParams.get("error")).toBe("invalid_request");
    expect(done.url.searchParams.get("code")).toBeNull();
  });

  it("refuses a wrong client secret", async () => {
    const account = await createAccount(t);
    const browser = httpBrowser(t.baseUrl);
    await signInWithPassword(browser, account);
    const wrongRp = await relyingParty(t.issuer, "firstParty", { secret: "not-the-secret-0123456789-abcdefghijklmnopq" });
    const request = await authorizationRequest(wrongRp, REDIRECT.firstParty);
    const done = await authorize(browser, request);
    await expect(exchangeCode(wrongRp, done.url, request)).rejects.toMatchObject({
      status: 401,
      cause: [{ parameters: { error: "invalid_client" } }],
    });
    // The hash itself (what the configuration holds) is not the secret either.
    const hash = hashClientSecret(CLIENTS.firstParty.secret);
    const withHash = await tokenRequest(
      { grant_type: "authorization_code", code: "x", redirect_uri: REDIRECT.firstParty },
      { id: CLIENTS.firstParty.id, secret: hash },
    );
    expect(withHash.status).toBe(401);
    expect(withHash.body.error).toBe("invalid_client");
  });

  it("refuses a code exchanged after its lifetime (TTL.AuthorizationCode, 60 s), and accepts one just before", async () => {
    const account = await createAccount(t);
    const browser = httpBrowser(t.baseUrl);
    await signInWithPassword(browser, account);
    const basic = { id: CLIENTS.firstParty.id, secret: CLIENTS.firstParty.secret };
    const rp = await relyingParty(t.issuer, "firstParty");
    /** A fresh code, exchanged `afterMs` later on the provider's clock (the library reads Date). */
    const exchangeLater = async (afterMs: number) => {
      const request = await authorizationRequest(rp, REDIRECT.firstParty);
      const code = (await authorize(browser, request)).url.searchParams.get("code") as string;
      expect(code).toBeTruthy();
      vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + afterMs });
      try {
        return await tokenRequest(
          { grant_type: "authorization_code", code, redirect_uri: REDIRECT.firstParty, code_verifier: request.codeVerifier },
          basic,
        );
      } finally {
        vi.useRealTimers();
      }
    };
    expect((await exchangeLater(50 * 1000)).status).toBe(200);
    const expired = await exchangeLater(61 * 1000);
    expect(expired.status).toBe(400);
    expect(expired.body.error).toBe("invalid_grant");
  });
});

describe("state at rest", () => {
  it("stores no usable code or token: ids are hashed and the payload has no copy", async () => {
    const account = await createAccount(t);
    const { tokens } = await signInThrough("firstParty", account, httpBrowser(t.baseUrl), {
      scope: "openid offline_access",
      prompt: "consent",
    });
    const rows = await t.db.oidcPayload.findMany({ where: { kind: { in: ["AccessToken", "RefreshToken"] } } });
    const dump = JSON.stringify(rows);
    expect(rows.length).toBeGreaterThan(1);
    expect(dump).not.toContain(tokens.access_token);
    expect(dump).not.toContain(tokens.refresh_token as string);
  });
});
