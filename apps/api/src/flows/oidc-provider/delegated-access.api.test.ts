/**
 * Delegated access (issue 15, ADR 041): apps call the REST API with access tokens the
 * OpenID provider issued for it (RFC 8707 resource PUBLIC_URL/api/v1), within their
 * scopes, until the customer revokes them; a CLI signs the customer in by the device
 * flow (RFC 8628). The real provider, the app listening on a port, HTTP as a CLI and a
 * browser would send it.
 */
import { describe, expect, it, vi } from "vitest";
import { appForFile } from "../../../test/app.ts";
import {
  apiResource,
  apiWithToken,
  authorizationRequest,
  CLIENTS,
  confirmDeviceCode,
  createAccount,
  deviceAuthorization,
  deviceSignIn,
  exchangeCode,
  httpBrowser,
  jsonOf,
  pollDeviceToken,
  REDIRECT,
  relyingParty,
  signInToService,
  signInWithPassword,
  startListeningApp,
} from "../../../test/oidc-provider.ts";
import { API_ACCESS_TOKEN_TTL } from "./provider.ts";

const t = appForFile(startListeningApp);

describe("the device flow (RFC 8628)", () => {
  it("signs a customer in to the CLI end to end: code, confirmation in the browser, polling, then the login history with the token", async () => {
    const account = await createAccount(t);
    const browser = httpBrowser(t.baseUrl);
    await signInWithPassword(browser, account);

    const started = await deviceAuthorization(t, { scope: "history:read sessions:read", resource: apiResource(t) });
    expect(started.status).toBe(200);
    expect(started.body.verification_uri).toBe(`${t.issuer}/device`);
    expect(started.body.user_code).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);

    // Before the customer allows it, the CLI is told to wait.
    const early = await pollDeviceToken(t, started.body.device_code ?? "");
    expect(early.body.error).toBe("authorization_pending");

    // A second later on Portier's clock than the password sign-in, so the history orders them.
    t.clock.advance(1000);
    const { confirmHtml, endHtml, end } = await confirmDeviceCode(browser, started.body.verification_uri_complete ?? "");
    // The confirmation page names the app, repeats the code and says what it may do.
    expect(confirmHtml).toContain("Allow Portier CLI to use your account?");
    expect(confirmHtml).toContain(started.body.user_code);
    expect(confirmHtml).toContain("see your login history");
    expect(confirmHtml).toContain("see where you are signed in");
    expect(confirmHtml).not.toContain("end your sessions");
    expect(end.response.status).toBe(200);
    expect(endHtml).toContain("Portier CLI is signed in");
    // The provider's policy, not the API's, and no third-party anything.
    expect(end.response.headers.get("content-security-policy")).toContain("default-src 'none'");

    const token = await pollDeviceToken(t, started.body.device_code ?? "");
    expect(token.status).toBe(200);
    expect(token.body).toMatchObject({ token_type: "Bearer", scope: "history:read sessions:read" });
    expect(Number(token.body.expires_in)).toBe(API_ACCESS_TOKEN_TTL);

    const history = await apiWithToken(t, "/account/login-history", token.body.access_token ?? "");
    expect(history.status).toBe(200);
    const items = (history.body as { items: { method: string; result: string }[] }).items;
    // The newest row: the sign-in to the CLI, with its name (shown as "… at Portier CLI").
    expect(items[0]).toMatchObject({ result: "success", method: `oidc:${CLIENTS.cli.name}` });

    // A device code is exchanged once.
    expect((await pollDeviceToken(t, started.body.device_code ?? "")).body.error).toBe("invalid_grant");
  });

  it("in Czech for a Czech browser, and a wrong code is said so on the entry page", async () => {
    const account = await createAccount(t);
    const browser = httpBrowser(t.baseUrl);
    await signInWithPassword(browser, account);
    const page = await fetch(`${t.issuer}/device`, { headers: { "accept-language": "cs" } });
    const html = await page.text();
    expect(html).toContain('<html lang="cs">');
    expect(html).toContain('<label for="user_code">Kód ze zařízení</label>');
    expect(html).not.toContain("onfocus");

    const wrong = await browser.follow(`${t.issuer}/device?user_code=BBBB-BBBB`);
    expect(await wrong.response.text()).toContain("That code is not valid");
  });

  it("sends a customer who is not signed in to Portier's sign-in first, then back to finish", async () => {
    const account = await createAccount(t);
    const browser = httpBrowser(t.baseUrl);
    const started = await deviceAuthorization(t, { scope: "account:read" });
    const { end } = await confirmDeviceCode(browser, started.body.verification_uri_complete ?? "");
    expect(end.url.pathname).toBe("/sign-in");
    await signInWithPassword(browser, account);
    const done = await browser.follow(end.url.searchParams.get("continue") ?? "");
    expect(await done.response.text()).toContain("Portier CLI is signed in");
    const token = await pollDeviceToken(t, started.body.device_code ?? "");
    // No resource named: asking for API scopes means the API.
    expect(token.body.scope).toBe("account:read");
    const me = await apiWithToken(t, "/account", token.body.access_token ?? "");
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: account.id, email: account.email });
  });

  it("cancelled by the customer: the CLI is refused (access_denied)", async () => {
    const account = await createAccount(t);
    const browser = httpBrowser(t.baseUrl);
    await signInWithPassword(browser, account);
    const started = await deviceAuthorization(t, { scope: "history:read" });
    const { endHtml } = await confirmDeviceCode(browser, started.body.verification_uri_complete ?? "", "cancel");
    expect(endHtml).toContain("The sign-in was cancelled");
    expect((await pollDeviceToken(t, started.body.device_code ?? "")).body.error).toBe("access_denied");
  });
});

describe("access tokens on the REST API", () => {
  it("a token without the route's scope: 403 insufficient_scope, with the scope it needs", async () => {
    const account = await createAccount(t);
    const { accessToken } = await deviceSignIn(t, account, "account:read");
    const refused = await apiWithToken(t, "/account/login-history", accessToken);
    expect(refused.status).toBe(403);
    expect(refused.challenge).toBe('Bearer realm="portier", error="insufficient_scope", scope="history:read"');
    expect(refused.body).toMatchObject({ code: "INSUFFICIENT_SCOPE", params: { scopes: ["history:read"] } });
    // What it has works.
    expect((await apiWithToken(t, "/account", accessToken)).status).toBe(200);
  });

  it("never reaches what takes the customer's own session (sensitive operations)", async () => {
    const account = await createAccount(t);
    const { accessToken } = await deviceSignIn(t, account, "account:read history:read sessions:read sessions:write");
    for (const [method, path] of [
      ["GET", "/account/connected-services"],
      ["POST", "/sessions/revoke-all"],
      ["GET", "/account/otp"],
      ["GET", "/account/passkeys"],
    ] as const) {
      const refused = await apiWithToken(t, path, accessToken, method);
      expect({ path, status: refused.status, code: refused.body?.code }).toEqual({ path, status: 403, code: "INSUFFICIENT_SCOPE" });
      expect(refused.challenge).toBe('Bearer realm="portier", error="insufficient_scope"');
    }
  });

  it("lists the customer's sessions (sessions:read) and ends one (sessions:write)", async () => {
    const account = await createAccount(t);
    const { accessToken, browser } = await deviceSignIn(t, account, "sessions:read sessions:write");
    const list = await apiWithToken(t, "/sessions", accessToken);
    expect(list.status).toBe(200);
    const sessions = (list.body as { sessions: { id: string; current: boolean }[] }).sessions;
    expect(sessions).toHaveLength(1);
    expect(sessions[0]?.current).toBe(false);
    expect((await apiWithToken(t, `/sessions/${sessions[0]?.id}`, accessToken, "DELETE")).status).toBe(204);
    expect((await browser.get("/api/v1/account")).status).toBe(401);
  });

  it("an expired token: 401 invalid_token", async () => {
    const account = await createAccount(t);
    const { accessToken } = await deviceSignIn(t, account, "history:read");
    // The provider's clock (the library reads Date), just past the token's lifetime.
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + (API_ACCESS_TOKEN_TTL + 1) * 1000 });
    try {
      const refused = await apiWithToken(t, "/account/login-history", accessToken);
      expect(refused.status).toBe(401);
      expect(refused.challenge).toBe('Bearer realm="portier", error="invalid_token"');
      expect(refused.body?.code).toBe("ACCESS_TOKEN_INVALID");
    } finally {
      vi.useRealTimers();
    }
  });

  it("a token for another resource is refused: the userinfo token of a code flow, and an unknown resource at the provider", async () => {
    const account = await createAccount(t);
    const { accessToken } = await signInToService(t, account);
    // The service's token works where it was issued for …
    expect((await fetch(`${t.issuer}/me`, { headers: { authorization: `Bearer ${accessToken}` } })).status).toBe(200);
    // … and not on the API.
    const refused = await apiWithToken(t, "/account", accessToken);
    expect(refused.status).toBe(401);
    expect(refused.challenge).toBe('Bearer realm="portier", error="invalid_token"');
    expect(refused.body?.code).toBe("ACCESS_TOKEN_INVALID");

    const other = await deviceAuthorization(t, { scope: "history:read", resource: "https://elsewhere.example/api" });
    expect(other.status).toBe(400);
    expect(other.body.error).toBe("invalid_target");
  });

  it("a service not configured for the API gets no token for it, nor may a client start a device flow it is not registered for", async () => {
    const rp = await relyingParty(t.issuer, "firstParty");
    const request = await authorizationRequest(rp, REDIRECT.firstParty, { scope: "openid history:read" });
    const answer = await httpBrowser(t.baseUrl).follow(request.url.href);
    expect(answer.url.href.startsWith(REDIRECT.firstParty)).toBe(true);
    expect(answer.url.searchParams.get("error")).toBe("invalid_target");

    const response = await fetch(`${t.issuer}/device/auth`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ client_id: CLIENTS.publicApp.id, scope: "openid" }).toString(),
    });
    expect(response.status).toBe(400);
    expect(await jsonOf(response)).toMatchObject({
      error: "invalid_request",
      error_description: expect.stringContaining("not allowed for this client"),
    });
  });

  it("no token, or one that was never issued: 401 with the challenge", async () => {
    const none = await fetch(`${t.baseUrl}/api/v1/account/login-history`);
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toBe('Bearer realm="portier"');
    const made = await apiWithToken(t, "/account/login-history", "A".repeat(43));
    expect(made.status).toBe(401);
    expect(made.challenge).toBe('Bearer realm="portier", error="invalid_token"');
    expect(made.body?.code).toBe("UNAUTHENTICATED");
  });
});

describe("a third-party app with the code flow", () => {
  it("asks the customer for the API scopes on the consent page, gets a token for the API, and only for what it was allowed", async () => {
    const account = await createAccount(t);
    const browser = httpBrowser(t.baseUrl);
    await signInWithPassword(browser, account);
    const rp = await relyingParty(t.issuer, "thirdParty");
    // It asks for more than it is configured for: the rest is not offered.
    const request = await authorizationRequest(rp, REDIRECT.thirdParty, { scope: "openid history:read sessions:write" });
    const consent = await browser.follow(request.url.href);
    expect(consent.url.pathname).toMatch(/^\/authorize\/[A-Za-z0-9_-]+$/);
    const uid = consent.url.pathname.split("/")[2];
    expect(await jsonOf(await browser.get(`/oidc/interaction/${uid}/details`))).toMatchObject({ scopes: [], apiScopes: ["history:read"] });

    const allowed = await browser.post(`/oidc/interaction/${uid}/consent`, { decision: "allow" });
    const done = await browser.follow((await jsonOf<{ redirectTo: string }>(allowed)).redirectTo);
    const tokens = await exchangeCode(rp, done.url, request);
    expect(tokens.scope).toBe("history:read");
    expect((await apiWithToken(t, "/account/login-history", tokens.access_token)).status).toBe(200);
    expect((await apiWithToken(t, "/sessions", tokens.access_token)).status).toBe(403);
    const listed = await jsonOf<{ services: Record<string, unknown>[] }>(await browser.get("/api/v1/account/connected-services"));
    expect(listed.services).toEqual([expect.objectContaining({ clientId: CLIENTS.thirdParty.id, apiScopes: ["history:read"] })]);
  });
});

describe("revoking", () => {
  it("Connected services lists the CLI with its API scopes; revoking it ends its token at once", async () => {
    const account = await createAccount(t);
    const { accessToken, browser } = await deviceSignIn(t, account, "history:read sessions:read");
    const listed = await jsonOf<{ services: Record<string, unknown>[] }>(await browser.get("/api/v1/account/connected-services"));
    expect(listed.services).toEqual([
      expect.objectContaining({ clientId: CLIENTS.cli.id, name: CLIENTS.cli.name, apiScopes: ["history:read", "sessions:read"] }),
    ]);
    expect((await apiWithToken(t, "/account/login-history", accessToken)).status).toBe(200);

    expect((await browser.delete(`/api/v1/account/connected-services/${CLIENTS.cli.id}`)).status).toBe(204);
    const refused = await apiWithToken(t, "/account/login-history", accessToken);
    expect(refused.status).toBe(401);
    expect(refused.challenge).toBe('Bearer realm="portier", error="invalid_token"');
  });

  it("log out all ends the CLI's token too (and a code confirmed but not yet exchanged)", async () => {
    const account = await createAccount(t);
    const { accessToken, browser } = await deviceSignIn(t, account, "history:read");
    const pending = await deviceAuthorization(t, { scope: "history:read" });
    await confirmDeviceCode(browser, pending.body.verification_uri_complete ?? "");

    expect((await browser.post("/api/v1/sessions/revoke-all")).status).toBe(200);
    const refused = await apiWithToken(t, "/account/login-history", accessToken);
    expect(refused.status).toBe(401);
    expect(refused.challenge).toBe('Bearer realm="portier", error="invalid_token"');
    expect((await pollDeviceToken(t, pending.body.device_code ?? "")).status).toBe(400);
  });
});
