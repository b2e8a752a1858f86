/**
 * Shared login against a real OpenID provider on 127.0.0.1 (oidc-provider; SPEC §7):
 * sign-in with a linked identity, OTP after it, pairing, a new account, linking and
 * unlinking, and each identity's history.
 */
import { Secret } from "otpauth";
import { describe, expect, it } from "vitest";
import { appForFile, type Browser, messagesTo, newBrowser, solveCaptcha } from "../../../test/app.ts";
import { atTestProvider, callbackBody, createSharedLoginTestApp, REDIRECT_URI, roundTrip } from "../../../test/shared-login.ts";
import { MINUTE, SECOND } from "../../lib/clock.ts";
import { codeAtStep, stepAt } from "../../otp/totp.ts";

const t = appForFile(createSharedLoginTestApp);

const PASSWORD = "a long enough passphrase";
const SESSION_COOKIE = "__Host-portier_session";
let n = 0;
const unique = (prefix: string) => `${prefix}${++n}-${Date.now().toString(36)}`;

/** A registered customer with a verified email and phone, signed in in `browser`. */
async function customer(browser: Browser = newBrowser(t.app)) {
  const email = `${unique("shared")}@example.com`;
  const phone = `+42073${String(3000000 + n).slice(-7)}`;
  const signup = await browser.post("/api/v1/signup", {
    email,
    phone,
    password: PASSWORD,
    acceptTerms: true,
    captcha: await solveCaptcha(t.app),
  });
  expect(signup.statusCode, signup.body).toBe(202);
  await t.db.account.update({ where: { email }, data: { emailVerifiedAt: t.clock.now(), phoneVerifiedAt: t.clock.now() } });
  const signIn = await browser.post("/api/v1/auth/sign-in", { email, password: PASSWORD });
  expect(signIn.json().status).toBe("complete");
  return { email, browser };
}

const linkStart = (password?: string) => ({
  url: "/api/v1/account/shared-login/link",
  payload: { provider: "test-id", ...(password ? { password } : {}) },
});

async function linkedCustomer(login: string) {
  const user = await customer();
  const linked = await roundTrip(user.browser, login, linkStart());
  expect(linked.json(), linked.body).toEqual({ status: "linked", provider: { id: "test-id", displayName: "Portier Test ID" } });
  return user;
}

async function accountEmail(browser: Browser) {
  const res = await browser.get("/api/v1/account");
  return res.statusCode === 200 ? (res.json().email as string) : null;
}

async function enableOtp(browser: Browser) {
  const key = (await browser.post("/api/v1/account/otp/setup")).json();
  const secret = new Uint8Array(Secret.fromBase32(key.secret).buffer);
  const activated = await browser.post("/api/v1/account/otp/activate", {
    password: PASSWORD,
    code: codeAtStep(secret, stepAt(t.clock.now().getTime())),
  });
  expect(activated.statusCode, activated.body).toBe(200);
  return secret;
}

describe("sign in with a provider", () => {
  it("lists the configured providers for the sign-in page", async () => {
    const res = await newBrowser(t.app).get("/api/v1/shared-login/providers");
    expect(res.json().providers).toEqual([
      { id: "test-id", displayName: "Portier Test ID" },
      { id: "shim", displayName: "Shim ID" },
      { id: "misconfigured", displayName: "Misconfigured ID" },
      { id: "down", displayName: "Down ID" },
    ]);
  });

  it("signs in with a linked identity, records the method in the history and the identity's last use", async () => {
    const login = unique("alice");
    const { email } = await linkedCustomer(login);
    const browser = newBrowser(t.app);
    const res = await roundTrip(browser, login);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: "complete", provider: { id: "test-id" } });
    expect(browser.jar.has(SESSION_COOKIE)).toBe(true);
    expect(await accountEmail(browser)).toBe(email);

    const account = await t.db.account.findUniqueOrThrow({ where: { email } });
    const events = await t.db.loginEvent.findMany({ where: { accountId: account.id, method: "shared:test-id" } });
    expect(events.map((e) => e.result)).toEqual(["success"]);
    const identity = await t.db.externalIdentity.findFirstOrThrow({ where: { accountId: account.id } });
    expect(identity).toMatchObject({ provider: "test-id", subject: login, email: `${login}@test-id.example`, name: `Test user ${login}` });
    expect(identity.lastUsedAt).not.toBeNull();
    // The new browser's sign-in is emailed (SPEC §4), naming the provider as the customer knows it, not by its id.
    const notices = (await messagesTo(t.db, email)).filter((m) => m.template === "login_notification");
    expect(notices.map((m) => m.text.match(/^Method: .*$/m)?.[0])).toContain("Method: shared login (Portier Test ID)");
    for (const notice of notices) expect(`${notice.text}${notice.html}`).not.toContain("(test-id)");
  });

  it("still asks for the OTP code after the provider, and gives no session before it", async () => {
    const login = unique("otp");
    const { email, browser: owner } = await linkedCustomer(login);
    const secret = await enableOtp(owner);
    t.clock.advance(30 * SECOND);

    const browser = newBrowser(t.app);
    const res = await roundTrip(browser, login);
    expect(res.json()).toMatchObject({ status: "otp_required" });
    expect(browser.jar.has(SESSION_COOKIE)).toBe(false);
    expect(await accountEmail(browser)).toBeNull();

    const wrong = await browser.post("/api/v1/auth/sign-in/otp", {
      code: "000000" === codeAtStep(secret, stepAt(t.clock.now().getTime())) ? "111111" : "000000",
    });
    expect(wrong.json().code).toBe("OTP_INVALID");
    t.clock.advance(SECOND); // the history lists the two in order
    const done = await browser.post("/api/v1/auth/sign-in/otp", { code: codeAtStep(secret, stepAt(t.clock.now().getTime())) });
    expect(done.json().status).toBe("complete");
    expect(await accountEmail(browser)).toBe(email);
    const results = await t.db.loginEvent.findMany({ where: { account: { email }, method: "shared:test-id" }, orderBy: { at: "asc" } });
    expect(results.map((e) => e.result)).toEqual(["wrong_otp", "success"]);
  });

  it("tells the customer who cancelled at the provider that nothing changed", async () => {
    const browser = newBrowser(t.app);
    const started = await browser.post("/api/v1/shared-login/start", { provider: "test-id" });
    const back = await atTestProvider(started.json().authorizationUrl, "whoever", REDIRECT_URI, { cancel: true });
    expect(back.searchParams.get("error")).toBe("access_denied");
    const res = await browser.post("/api/v1/shared-login/callback", callbackBody(back));
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe("SHARED_LOGIN_CANCELLED");
    expect(res.json().detail).toMatch(/cancelled/);
    expect(browser.jar.has(SESSION_COOKIE)).toBe(false);
  });

  it("says when a provider is down or misconfigured, and when there is no such provider", async () => {
    const down = await newBrowser(t.app).post("/api/v1/shared-login/start", { provider: "down" });
    expect(down.statusCode).toBe(502);
    expect(down.json()).toMatchObject({
      code: "SHARED_LOGIN_PROVIDER_UNAVAILABLE",
      detail: expect.stringMatching(/Down ID is not available/),
    });
    // Set up wrongly here (the provider refuses Portier's client secret): the same message, after the provider's page.
    const browser = newBrowser(t.app);
    const misconfigured = await roundTrip(browser, unique("misconf"), {
      url: "/api/v1/shared-login/start",
      payload: { provider: "misconfigured" },
    });
    expect(misconfigured.statusCode).toBe(502);
    expect(misconfigured.json()).toMatchObject({
      code: "SHARED_LOGIN_PROVIDER_UNAVAILABLE",
      detail: expect.stringMatching(/not set up correctly/),
    });
    expect(browser.jar.has(SESSION_COOKIE)).toBe(false);
    const unknown = await newBrowser(t.app).post("/api/v1/shared-login/start", { provider: "nope" });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe("SHARED_LOGIN_PROVIDER_UNKNOWN");
  });
});

describe("an identity linked to no account", () => {
  it("is paired with an existing account by its email and password, then signs in by itself", async () => {
    const { email } = await customer();
    const login = unique("bob");
    const browser = newBrowser(t.app);
    const res = await roundTrip(browser, login);
    expect(res.json()).toMatchObject({ status: "pending", provider: { displayName: "Portier Test ID" } });
    expect(browser.jar.has(SESSION_COOKIE)).toBe(false);

    const pending = await browser.get("/api/v1/shared-login/pending");
    expect(pending.json()).toMatchObject({ email: `${login}@test-id.example`, emailVerified: true, provider: { id: "test-id" } });
    // Another browser has nothing waiting.
    expect((await newBrowser(t.app).get("/api/v1/shared-login/pending")).json().code).toBe("SHARED_LOGIN_NOT_STARTED");

    const wrong = await browser.post("/api/v1/shared-login/pending/pair", { email, password: "not the password at all" });
    expect(wrong.json().code).toBe("INVALID_CREDENTIALS");
    expect(await t.db.externalIdentity.count({ where: { subject: login } })).toBe(0);

    const paired = await browser.post("/api/v1/shared-login/pending/pair", { email, password: PASSWORD });
    expect(paired.json()).toMatchObject({ status: "complete" });
    expect(await accountEmail(browser)).toBe(email);
    const identity = await t.db.externalIdentity.findFirstOrThrow({ where: { subject: login } });
    expect(identity.accountId).toBe((await t.db.account.findUniqueOrThrow({ where: { email } })).id);
    expect((await messagesTo(t.db, email)).map((m) => m.template)).toContain("shared_login_linked");

    const again = newBrowser(t.app);
    expect((await roundTrip(again, login)).json().status).toBe("complete");
    expect(await accountEmail(again)).toBe(email);
  });

  it("is linked by pairing only once the account's OTP step is passed", async () => {
    const { email, browser: owner } = await customer();
    const secret = await enableOtp(owner);
    t.clock.advance(30 * SECOND);
    const login = unique("otp-pair");
    const browser = newBrowser(t.app);
    await roundTrip(browser, login);
    const paired = await browser.post("/api/v1/shared-login/pending/pair", { email, password: PASSWORD });
    expect(paired.json()).toMatchObject({ status: "otp_required" });
    expect(await t.db.externalIdentity.count({ where: { subject: login } })).toBe(0);

    const done = await browser.post("/api/v1/auth/sign-in/otp", { code: codeAtStep(secret, stepAt(t.clock.now().getTime())) });
    expect(done.json().status).toBe("complete");
    expect(await t.db.externalIdentity.count({ where: { subject: login } })).toBe(1);
  });

  it("creates a new account from the provider's verified email, which then signs in with the provider", async () => {
    const login = unique("carol");
    const browser = newBrowser(t.app);
    await roundTrip(browser, login);
    const created = await browser.post("/api/v1/shared-login/pending/create", {
      phone: "+420601555123",
      password: "seven quiet harbours at dawn",
      acceptTerms: true,
      captcha: await solveCaptcha(t.app),
    });
    expect(created.statusCode, created.body).toBe(200);
    expect(created.json()).toMatchObject({ status: "complete", email: `${login}@test-id.example` });
    const account = await t.db.account.findUniqueOrThrow({ where: { email: `${login}@test-id.example` } });
    expect(account.emailVerifiedAt).not.toBeNull();
    expect(account.phoneVerifiedAt).toBeNull();
    expect(await accountEmail(browser)).toBe(account.email);
    // The phone is verified next, as after sign-up.
    expect((await browser.post("/api/v1/account/phone/send-code")).json().status).toBe("sms_sent");
    // The identity signs in by itself from now on; the password works too.
    const again = newBrowser(t.app);
    expect((await roundTrip(again, login)).json().status).toBe("complete");
    const byPassword = await newBrowser(t.app).post("/api/v1/auth/sign-in", {
      email: account.email,
      password: "seven quiet harbours at dawn",
    });
    expect(byPassword.json().status).toBe("complete");
  });

  it("creates no account from an unverified email, nor for an address that has one (pair instead)", async () => {
    const unverified = unique("erin");
    t.provider.setUser(unverified, { emailVerified: false });
    const browser = newBrowser(t.app);
    await roundTrip(browser, unverified);
    expect((await browser.get("/api/v1/shared-login/pending")).json().emailVerified).toBe(false);
    const refused = await browser.post("/api/v1/shared-login/pending/create", {
      phone: "+420601555124",
      password: "seven quiet harbours at dawn",
      acceptTerms: true,
      captcha: await solveCaptcha(t.app),
    });
    expect(refused.json().code).toBe("SHARED_LOGIN_EMAIL_UNVERIFIED");

    const { email } = await customer();
    const taken = unique("dave");
    t.provider.setUser(taken, { email });
    const other = newBrowser(t.app);
    await roundTrip(other, taken);
    const res = await other.post("/api/v1/shared-login/pending/create", {
      phone: "+420601555125",
      password: "seven quiet harbours at dawn",
      acceptTerms: true,
      captcha: await solveCaptcha(t.app),
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe("SHARED_LOGIN_EMAIL_TAKEN");
    expect(await t.db.externalIdentity.count({ where: { subject: taken } })).toBe(0);
    // Matching emails link nothing: the identity is still waiting to be paired.
    expect((await other.get("/api/v1/shared-login/pending")).statusCode).toBe(200);
  });

  it("is forgotten after 10 minutes", async () => {
    const browser = newBrowser(t.app);
    await roundTrip(browser, unique("late"));
    t.clock.advance(10 * MINUTE + SECOND);
    const res = await browser.post("/api/v1/shared-login/pending/pair", { email: "x@example.com", password: PASSWORD });
    expect(res.statusCode).toBe(410);
    expect(res.json().code).toBe("SHARED_LOGIN_EXPIRED");
  });
});

describe("Account → Shared Login", () => {
  it("links an identity after a recent sign-in, or with the password after a longer while", async () => {
    const { browser } = await customer();
    const overview = await browser.get("/api/v1/account/shared-login");
    expect(overview.json()).toMatchObject({ identities: [], linkNeedsPassword: false });

    t.clock.advance(11 * MINUTE);
    const noPassword = await browser.post("/api/v1/account/shared-login/link", { provider: "test-id" });
    expect(noPassword.statusCode).toBe(403);
    expect(noPassword.json().code).toBe("REAUTHENTICATION_REQUIRED");
    expect((await browser.get("/api/v1/account/shared-login")).json().linkNeedsPassword).toBe(true);
    const wrong = await browser.post("/api/v1/account/shared-login/link", { provider: "test-id", password: "not the password at all" });
    expect(wrong.json().code).toBe("PASSWORD_INCORRECT");

    const login = unique("link");
    const linked = await roundTrip(browser, login, linkStart(PASSWORD));
    expect(linked.json().status).toBe("linked");
    const list = (await browser.get("/api/v1/account/shared-login")).json();
    expect(list.identities).toEqual([
      expect.objectContaining({
        provider: { id: "test-id", displayName: "Portier Test ID" },
        email: `${login}@test-id.example`,
        lastUsedAt: null,
      }),
    ]);
    // One identity per provider and account.
    const second = await browser.post("/api/v1/account/shared-login/link", { provider: "test-id", password: PASSWORD });
    expect(second.json().code).toBe("SHARED_LOGIN_PROVIDER_ALREADY_LINKED");
  });

  it("refuses to link an identity that another account already has", async () => {
    const login = unique("shared-sub");
    await linkedCustomer(login);
    const { browser } = await customer();
    const res = await roundTrip(browser, login, linkStart());
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe("SHARED_LOGIN_LINKED_ELSEWHERE");
  });

  it("unlinks with the password; the identity then signs in to nothing", async () => {
    const login = unique("unlink");
    const { email, browser } = await linkedCustomer(login);
    const [identity] = (await browser.get("/api/v1/account/shared-login")).json().identities;
    const wrong = await browser.post(`/api/v1/account/shared-login/identities/${identity.id}/unlink`, {
      password: "not the password at all",
    });
    expect(wrong.json().code).toBe("PASSWORD_INCORRECT");
    expect(await t.db.externalIdentity.count({ where: { subject: login } })).toBe(1);

    const res = await browser.post(`/api/v1/account/shared-login/identities/${identity.id}/unlink`, { password: PASSWORD });
    expect(res.json()).toEqual({ status: "unlinked" });
    expect((await browser.get("/api/v1/account/shared-login")).json().identities).toEqual([]);
    expect((await messagesTo(t.db, email)).map((m) => m.template)).toContain("shared_login_unlinked");
    const signIn = await roundTrip(newBrowser(t.app), login);
    expect(signIn.json().status).toBe("pending");
  });

  it("shows each identity's sign-ins, and another account's identity to nobody else", async () => {
    const login = unique("hist");
    const { browser } = await linkedCustomer(login);
    await roundTrip(newBrowser(t.app), login);
    await roundTrip(newBrowser(t.app), login);
    const [identity] = (await browser.get("/api/v1/account/shared-login")).json().identities;
    const history = await browser.get(`/api/v1/account/shared-login/identities/${identity.id}/history`);
    expect(history.statusCode).toBe(200);
    expect(history.json().items.map((e: { result: string; method: string }) => `${e.result} ${e.method}`)).toEqual([
      "success shared:test-id",
      "success shared:test-id",
    ]);
    const stranger = await customer();
    const foreign = await stranger.browser.get(`/api/v1/account/shared-login/identities/${identity.id}/history`);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().code).toBe("SHARED_LOGIN_IDENTITY_NOT_FOUND");
  });
});
