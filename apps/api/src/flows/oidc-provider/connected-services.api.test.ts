/**
 * Account → Connected services (SPEC §11): the services a customer has allowed, and
 * revoking one — after which its refresh token fails and it must ask again.
 */
import type { ConnectedService } from "@portier/shared/oidc";
import * as oidc from "openid-client";
import { describe, expect, it } from "vitest";
import { appForFile } from "../../../test/app.ts";
import {
  authorizationRequest,
  createAccount,
  exchangeCode,
  type HttpBrowser,
  httpBrowser,
  jsonOf,
  REDIRECT,
  relyingParty,
  signInWithPassword,
  startListeningApp,
} from "../../../test/oidc-provider.ts";

const t = appForFile(startListeningApp);

/** Signs in to the first-party service with a refresh token (offline_access + prompt=consent). */
async function connectFirstParty(browser: HttpBrowser) {
  const rp = await relyingParty(t.issuer, "firstParty");
  const request = await authorizationRequest(rp, REDIRECT.firstParty, { scope: "openid email offline_access", prompt: "consent" });
  const done = await browser.follow(request.url.href);
  const tokens = await exchangeCode(rp, done.url, request);
  return { rp, tokens };
}

/** Allows the third-party service on the consent page. */
async function connectThirdParty(browser: HttpBrowser) {
  const rp = await relyingParty(t.issuer, "thirdParty");
  const request = await authorizationRequest(rp, REDIRECT.thirdParty, { scope: "openid email" });
  const consent = await browser.follow(request.url.href);
  const uid = consent.url.pathname.split("/")[2];
  const allowed = await browser.post(`/oidc/interaction/${uid}/consent`, { decision: "allow" });
  const done = await browser.follow((await jsonOf<{ redirectTo: string }>(allowed)).redirectTo);
  return exchangeCode(rp, done.url, request);
}

describe("Account → Connected services", () => {
  it("lists the services the customer allowed, with what they may see", async () => {
    const account = await createAccount(t);
    const browser = httpBrowser(t.baseUrl);
    await signInWithPassword(browser, account);
    expect(await (await browser.get("/api/v1/account/connected-services")).json()).toEqual({ services: [] });

    await connectFirstParty(browser);
    await connectThirdParty(browser);

    const response = await browser.get("/api/v1/account/connected-services");
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const { services } = await jsonOf<{ services: ConnectedService[] }>(response);
    expect(services).toHaveLength(2);
    expect(services).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ clientId: "portier-cloud", name: "Portier Cloud", scopes: ["email", "offline_access"] }),
        expect.objectContaining({ clientId: "partner-shop", name: "Partner Shop", scopes: ["email"] }),
      ]),
    );
    for (const service of services) {
      expect(Date.parse(service.authorizedAt)).not.toBeNaN();
      expect(Date.parse(service.lastUsedAt)).toBeGreaterThanOrEqual(Date.parse(service.authorizedAt));
    }

    // Another customer sees none of them.
    const other = await createAccount(t);
    const otherBrowser = httpBrowser(t.baseUrl);
    await signInWithPassword(otherBrowser, other);
    expect(await (await otherBrowser.get("/api/v1/account/connected-services")).json()).toEqual({ services: [] });
  });

  it("revoking a service makes its refresh token and access token fail, and its next sign-in ask again", async () => {
    const account = await createAccount(t);
    const browser = httpBrowser(t.baseUrl);
    await signInWithPassword(browser, account);
    const { rp, tokens } = await connectFirstParty(browser);
    const third = await connectThirdParty(browser);
    expect(tokens.refresh_token).toBeTruthy();

    const revoked = await browser.delete("/api/v1/account/connected-services/portier-cloud");
    expect(revoked.status).toBe(204);

    await expect(oidc.refreshTokenGrant(rp, tokens.refresh_token as string)).rejects.toMatchObject({ error: "invalid_grant" });
    await expect(oidc.fetchUserInfo(rp, tokens.access_token, tokens.claims()?.sub as string)).rejects.toBeDefined();
    const { services } = await jsonOf<{ services: ConnectedService[] }>(await browser.get("/api/v1/account/connected-services"));
    expect(services.map((s) => s.clientId)).toEqual(["partner-shop"]);
    // The other service is untouched.
    const thirdRp = await relyingParty(t.issuer, "thirdParty");
    expect(await oidc.fetchUserInfo(thirdRp, third.access_token, third.claims()?.sub as string)).toMatchObject({ email: account.email });

    // The revoked third party asks for consent again.
    expect((await browser.delete("/api/v1/account/connected-services/partner-shop")).status).toBe(204);
    const again = await browser.follow((await authorizationRequest(thirdRp, REDIRECT.thirdParty)).url.href);
    expect(again.url.pathname).toMatch(/^\/authorize\//);
  });

  it("refuses to revoke what is not connected, and answers only a signed-in customer", async () => {
    const account = await createAccount(t);
    const browser = httpBrowser(t.baseUrl);
    await signInWithPassword(browser, account);
    const missing = await browser.delete("/api/v1/account/connected-services/partner-shop");
    expect(missing.status).toBe(404);
    expect((await jsonOf(missing)).code).toBe("CONNECTED_SERVICE_NOT_FOUND");
    const bad = await browser.delete("/api/v1/account/connected-services/no");
    expect(bad.status).toBe(400);

    const anonymous = httpBrowser(t.baseUrl);
    expect((await anonymous.get("/api/v1/account/connected-services")).status).toBe(401);
  });
});

describe("login history", () => {
  it("records each sign-in to a service with the service's name", async () => {
    const account = await createAccount(t);
    const browser = httpBrowser(t.baseUrl);
    await signInWithPassword(browser, account);
    await connectThirdParty(browser);
    const rp = await relyingParty(t.issuer, "thirdParty");
    await browser.follow((await authorizationRequest(rp, REDIRECT.thirdParty)).url.href);

    const history = await browser.get("/api/v1/account/login-history");
    expect(history.status).toBe(200);
    const body = JSON.stringify(await history.json());
    expect(body.match(/oidc:Partner Shop/g)).toHaveLength(2);
  });
});
