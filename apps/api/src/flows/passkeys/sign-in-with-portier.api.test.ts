/**
 * Issue 17, done when "a sibling service sees the passkey in `amr`": a customer signs in to
 * Portier in a browser (a passkey alone, or the password and an OTP or recovery code), and a
 * registered service runs the real authorization-code flow against Portier's OpenID
 * provider on a listening server. The test exchanges the code at the token endpoint itself
 * and checks the ID token's signature with the provider's published JWKS (jose), then reads
 * `amr` and `acr` as the service would (RFC 8176 values, ADR 040).
 */
import { createRemoteJWKSet, type JWTPayload, jwtVerify } from "jose";
import { describe, expect, it } from "vitest";
import { appForFile } from "../../../test/app.ts";
import { createAuthenticator, type SoftwareAuthenticator } from "../../../test/authenticator.ts";
import {
  authorizationRequest,
  CLIENTS,
  createAccount,
  exchangeCode,
  type HttpBrowser,
  httpBrowser,
  jsonOf,
  PASSWORD,
  REDIRECT,
  relyingParty,
  signInWithPassword,
  startListeningApp,
} from "../../../test/oidc-provider.ts";

const t = appForFile(startListeningApp);

/** The browser's WebAuthn side for this server: its origin, and the RP id (PUBLIC_URL's host). */
const rp = () => ({ origin: t.baseUrl, rpId: new URL(t.baseUrl).hostname });

/** A customer with one passkey, registered from a signed-in browser as the SPA does it. */
async function customerWithPasskey(options: { synced?: boolean } = {}) {
  const account = await createAccount(t);
  const authenticator = createAuthenticator(rp(), options);
  const browser = httpBrowser(t.baseUrl);
  await signInWithPassword(browser, account);
  const creation = await browser.post("/api/v1/account/passkeys/registration-options", { password: PASSWORD });
  expect(creation.status).toBe(200);
  const added = await browser.post("/api/v1/account/passkeys", {
    name: "Laptop",
    response: authenticator.register(await jsonOf(creation)),
  });
  expect(added.status).toBe(200);
  return { account, authenticator };
}

/** Signs in on Portier's sign-in page with the passkey alone (no email, no password). */
async function signInWithPasskey(browser: HttpBrowser, authenticator: SoftwareAuthenticator) {
  const options = await jsonOf<{ options: Record<string, unknown> }>(await browser.post("/api/v1/auth/passkey/options"));
  const done = await jsonOf(await browser.post("/api/v1/auth/passkey", { response: authenticator.assert(options.options) }));
  expect(done.status).toBe("complete");
}

/**
 * The first-party service's code flow in a browser without a Portier session: the provider
 * sends it to the sign-in page, `signIn` signs in there, the browser comes back with a code;
 * the service exchanges it at the token endpoint. Answers the ID token's verified claims.
 */
async function serviceSignIn(signIn: (browser: HttpBrowser) => Promise<void>, params: Record<string, string> = {}): Promise<JWTPayload> {
  const config = await relyingParty(t.issuer, "firstParty");
  const request = await authorizationRequest(config, REDIRECT.firstParty, params);
  const browser = httpBrowser(t.baseUrl);
  const start = await browser.follow(request.url.href);
  expect(start.url.pathname).toBe("/sign-in");
  await signIn(browser);
  const back = await browser.follow(start.url.searchParams.get("continue") ?? "");
  expect(back.url.href.startsWith(REDIRECT.firstParty)).toBe(true);
  const code = back.url.searchParams.get("code") ?? "";
  expect(back.url.searchParams.get("state")).toBe(request.state);

  const answer = await fetch(`${t.issuer}/token`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      authorization: `Basic ${Buffer.from(`${CLIENTS.firstParty.id}:${CLIENTS.firstParty.secret}`).toString("base64")}`,
    },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code,
      redirect_uri: REDIRECT.firstParty,
      code_verifier: request.codeVerifier,
    }).toString(),
  });
  expect(answer.status).toBe(200);
  const tokens = await jsonOf<{ id_token: string }>(answer);
  const meta = await jsonOf<{ jwks_uri: string }>(await fetch(`${t.issuer}/.well-known/openid-configuration`));
  const { payload } = await jwtVerify(tokens.id_token, createRemoteJWKSet(new URL(meta.jwks_uri)), {
    issuer: t.issuer,
    audience: CLIENTS.firstParty.id,
    algorithms: ["RS256"],
  });
  expect(payload.nonce).toBe(request.nonce);
  return payload;
}

describe("a sibling service signing a customer in through Portier", () => {
  it("sees a synced passkey alone as swk + user + mfa, and acr phr when it asks for phishing-resistant sign-in", async () => {
    const { account, authenticator } = await customerWithPasskey();
    const claims = await serviceSignIn((browser) => signInWithPasskey(browser, authenticator), { acr_values: "phr" });
    expect(claims.sub).toBe(account.id);
    expect(claims.amr).toEqual(["swk", "user", "mfa"]);
    expect(claims.amr).not.toContain("pwd");
    expect(claims.acr).toBe("phr");

    // A service that does not ask gets `amr` (always) and no `acr`.
    const unasked = await serviceSignIn((browser) => signInWithPasskey(browser, authenticator));
    expect(unasked.amr).toEqual(["swk", "user", "mfa"]);
    expect(unasked.acr).toBeUndefined();
  });

  it("sees a device-bound passkey alone as hwk + user + mfa, and acr phrh", async () => {
    const { account, authenticator } = await customerWithPasskey({ synced: false });
    const claims = await serviceSignIn((browser) => signInWithPasskey(browser, authenticator), { acr_values: "phrh phr" });
    expect(claims.sub).toBe(account.id);
    expect(claims.amr).toEqual(["hwk", "user", "mfa"]);
    expect(claims.acr).toBe("phrh");
  });

  it("sees the password and an OTP code as pwd + otp + mfa, with no acr even when it asked for phr", async () => {
    const account = await createAccount(t, { otp: true });
    // acr_values is a voluntary request (OIDC Core 3.1.2.1): the service learns from the
    // missing acr (and from amr) that the customer did not use a passkey.
    const claims = await serviceSignIn((browser) => signInWithPassword(browser, account, true), { acr_values: "phr" });
    expect(claims.sub).toBe(account.id);
    expect(claims.amr).toEqual(["pwd", "otp", "mfa"]);
    expect(claims.acr).toBeUndefined();
  });

  it("sees the password and a recovery code as pwd + otp + mfa (a recovery code is a one-time password)", async () => {
    const account = await createAccount(t, { otp: true });
    const settings = httpBrowser(t.baseUrl);
    await signInWithPassword(settings, account, true);
    const made = await jsonOf<{ codes: string[] }>(await settings.post("/api/v1/account/recovery-codes", { password: PASSWORD }));
    const claims = await serviceSignIn(async (browser) => {
      const first = await jsonOf(await browser.post("/api/v1/auth/sign-in", { email: account.email, password: PASSWORD }));
      expect(first.status).toBe("otp_required");
      const done = await jsonOf(await browser.post("/api/v1/auth/sign-in/recovery-code", { code: made.codes[0] }));
      expect(done.status).toBe("complete");
    });
    expect(claims.amr).toEqual(["pwd", "otp", "mfa"]);
    expect(claims.acr).toBeUndefined();
  });

  it("sees the password alone as pwd, one factor", async () => {
    const account = await createAccount(t);
    const claims = await serviceSignIn((browser) => signInWithPassword(browser, account));
    expect(claims.amr).toEqual(["pwd"]);
    expect(claims.acr).toBeUndefined();
  });

  it("openid-client, as a service would use it, reads the same amr from a passkey sign-in", async () => {
    const { authenticator } = await customerWithPasskey();
    const config = await relyingParty(t.issuer, "publicApp");
    const request = await authorizationRequest(config, REDIRECT.publicApp);
    const browser = httpBrowser(t.baseUrl);
    const start = await browser.follow(request.url.href);
    await signInWithPasskey(browser, authenticator);
    const back = await browser.follow(start.url.searchParams.get("continue") ?? "");
    const tokens = await exchangeCode(config, back.url, request, { idTokenExpected: true });
    expect(tokens.claims()?.amr).toEqual(["swk", "user", "mfa"]);
  });
});
