/**
 * Answers that must not sign anyone in (SPEC §7): a foreign `state`, a replayed or late
 * callback, a callback in another browser or from another origin — against the real
 * provider — and ID tokens with a wrong `aud`, `iss` or `nonce`, expired, unsigned
 * (`alg: none`) or signed with a key outside the provider's JWKS — from the signing
 * shim. Each is refused with a problem the customer can read, and no session is created.
 */
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { appForFile, type Browser, newBrowser, ORIGIN, solveCaptcha, verifyEmailByLink } from "../../../test/app.ts";
import { atTestProvider, callbackBody, createSharedLoginTestApp, REDIRECT_URI, throughShim } from "../../../test/shared-login.ts";
import type { Tampering } from "../../../test/signing-shim.ts";
import { MINUTE, SECOND } from "../../lib/clock.ts";

const t = appForFile(createSharedLoginTestApp);

const PASSWORD = "a long enough passphrase";
const SESSION_COOKIE = "__Host-portier_session";
/** An account with an identity linked at both the provider (`login`) and the shim (`shim-user`). */
let accountId = "";
const LOGIN = `mallory-target-${Date.now().toString(36)}`;

beforeAll(async () => {
  const browser = newBrowser(t.app);
  const email = `target-${Date.now()}@example.com`;
  await browser.post("/api/v1/signup", {
    email,
    phone: "+420601777000",
    password: PASSWORD,
    acceptTerms: true,
    captcha: await solveCaptcha(t.app),
  });
  accountId = (await t.db.account.findUniqueOrThrow({ where: { email } })).id;
  await verifyEmailByLink(t, email);
  await browser.post("/api/v1/auth/sign-in", { email, password: PASSWORD });
  for (const [provider, go] of [
    ["test-id", (url: string) => atTestProvider(url, LOGIN, REDIRECT_URI)],
    ["shim", (url: string) => throughShim(url, REDIRECT_URI)],
  ] as const) {
    const started = await browser.post("/api/v1/account/shared-login/link", { provider });
    const linked = await browser.post("/api/v1/shared-login/callback", callbackBody(await go(started.json().authorizationUrl)));
    expect(linked.json().status, linked.body).toBe("linked");
  }
});

beforeEach(() => {
  t.shim.tamper = null;
});

/** Nothing signed in: no session cookie, and no session row added for the account. */
async function expectNoSession(browser: Browser, sessionsBefore: number) {
  expect(browser.jar.has(SESSION_COOKIE)).toBe(false);
  expect(await t.db.session.count({ where: { accountId } })).toBe(sessionsBefore);
  expect((await browser.get("/api/v1/account")).statusCode).toBe(401);
}

const sessions = () => t.db.session.count({ where: { accountId } });

async function atProvider(browser: Browser) {
  const started = await browser.post("/api/v1/shared-login/start", { provider: "test-id" });
  expect(started.statusCode, started.body).toBe(200);
  return atTestProvider(started.json().authorizationUrl, LOGIN, REDIRECT_URI);
}

describe("the provider's answer is accepted once, in the browser that asked for it", () => {
  it("signs in with a correct answer (the baseline of every refusal below)", async () => {
    const browser = newBrowser(t.app);
    const res = await browser.post("/api/v1/shared-login/callback", callbackBody(await atProvider(browser)));
    expect(res.json().status).toBe("complete");
    expect(browser.jar.has(SESSION_COOKIE)).toBe(true);
  });

  it("refuses a wrong state", async () => {
    const before = await sessions();
    const browser = newBrowser(t.app);
    const back = await atProvider(browser);
    const res = await browser.post("/api/v1/shared-login/callback", { ...callbackBody(back), state: "x".repeat(43) });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe("SHARED_LOGIN_NOT_STARTED");
    // The round trip is spent: the genuine answer does not work after a forged one either.
    const genuine = await browser.post("/api/v1/shared-login/callback", callbackBody(back));
    expect(genuine.json().code).toBe("SHARED_LOGIN_REPLAYED");
    await expectNoSession(browser, before);
  });

  it("refuses the answer in another browser (it carries no binding cookie)", async () => {
    const browser = newBrowser(t.app);
    const back = await atProvider(browser);
    const before = await sessions();
    const other = newBrowser(t.app);
    const res = await other.post("/api/v1/shared-login/callback", callbackBody(back));
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe("SHARED_LOGIN_NOT_STARTED");
    const forged = await other.post("/api/v1/shared-login/callback", callbackBody(back), {
      cookie: `__Host-portier_shared_login=${"A".repeat(43)}`,
    });
    expect(forged.json().code).toBe("SHARED_LOGIN_NOT_STARTED");
    await expectNoSession(other, before);
  });

  it("refuses a replayed callback (the same answer twice in the same browser)", async () => {
    const browser = newBrowser(t.app);
    const back = await atProvider(browser);
    const cookie = browser.jar.get("__Host-portier_shared_login") as string;
    expect((await browser.post("/api/v1/shared-login/callback", callbackBody(back))).json().status).toBe("complete");
    await browser.post("/api/v1/auth/sign-out");
    const before = await sessions();
    browser.jar.set("__Host-portier_shared_login", cookie);
    const replay = await browser.post("/api/v1/shared-login/callback", callbackBody(back));
    expect(replay.statusCode).toBe(409);
    expect(replay.json().code).toBe("SHARED_LOGIN_REPLAYED");
    await expectNoSession(browser, before);
  });

  it("refuses an answer that comes back after 10 minutes", async () => {
    const before = await sessions();
    const browser = newBrowser(t.app);
    const back = await atProvider(browser);
    t.clock.advance(10 * MINUTE + SECOND);
    const res = await browser.post("/api/v1/shared-login/callback", callbackBody(back));
    expect(res.statusCode).toBe(410);
    expect(res.json().code).toBe("SHARED_LOGIN_EXPIRED");
    await expectNoSession(browser, before);
  });

  it("refuses a callback from another origin (CSRF)", async () => {
    const before = await sessions();
    const browser = newBrowser(t.app);
    const back = await atProvider(browser);
    const res = await browser.post("/api/v1/shared-login/callback", callbackBody(back), { origin: "https://evil.example" });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe("ORIGIN_NOT_ALLOWED");
    await expectNoSession(browser, before);
    // Still usable from our own origin: the refused request changed nothing.
    expect((await browser.post("/api/v1/shared-login/callback", callbackBody(back), { origin: ORIGIN })).json().status).toBe("complete");
  });

  it("refuses an authorization response whose iss is not the provider's (mix-up, RFC 9207)", async () => {
    const before = await sessions();
    const browser = newBrowser(t.app);
    const back = await atProvider(browser);
    const res = await browser.post("/api/v1/shared-login/callback", { ...callbackBody(back), iss: t.shim.issuer });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe("SHARED_LOGIN_RESPONSE_INVALID");
    await expectNoSession(browser, before);
  });
});

describe("ID tokens that fail validation", () => {
  const cases: [string, Tampering][] = [
    ["a wrong aud", { kind: "claims", change: (c) => ({ ...c, aud: "someone-else" }) }],
    ["a wrong iss", { kind: "claims", change: (c) => ({ ...c, iss: "https://impostor.example" }) }],
    ["a wrong nonce", { kind: "claims", change: (c) => ({ ...c, nonce: "not-the-nonce" }) }],
    ["an expired token", { kind: "claims", change: (c) => ({ ...c, iat: (c.iat as number) - 900, exp: (c.iat as number) - 600 }) }],
    ["alg: none", { kind: "unsigned" }],
    ["a signature by a key outside the JWKS", { kind: "foreign_key" }],
  ];

  it.each(cases)("refuses %s without creating a session", async (_name, tampering) => {
    const before = await sessions();
    const browser = newBrowser(t.app);
    const started = await browser.post("/api/v1/shared-login/start", { provider: "shim" });
    const back = await throughShim(started.json().authorizationUrl, REDIRECT_URI);
    t.shim.tamper = tampering;
    const res = await browser.post("/api/v1/shared-login/callback", callbackBody(back));
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json()).toMatchObject({ code: "SHARED_LOGIN_RESPONSE_INVALID", detail: expect.stringMatching(/could not be verified/) });
    await expectNoSession(browser, before);
  });

  it("accepts the shim's untampered token (so the refusals above are about the tampering)", async () => {
    const browser = newBrowser(t.app);
    const started = await browser.post("/api/v1/shared-login/start", { provider: "shim" });
    const res = await browser.post(
      "/api/v1/shared-login/callback",
      callbackBody(await throughShim(started.json().authorizationUrl, REDIRECT_URI)),
    );
    expect(res.json().status).toBe("complete");
  });
});
