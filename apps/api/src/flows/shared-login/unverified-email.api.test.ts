/**
 * Invariant 1 (SPEC §12, ADR 025) where shared login meets it: an account whose email is
 * unverified is paired with no identity, links none, and is signed in to by none; and
 * the pre-account takeover of issue 12, told end to end against a real OpenID provider.
 */
import { describe, expect, it } from "vitest";
import { appForFile, type Browser, messagesTo, newBrowser, solveCaptcha, tokenFromLink, verifyEmailByLink } from "../../../test/app.ts";
import { atTestProvider, callbackBody, createSharedLoginTestApp, REDIRECT_URI, roundTrip } from "../../../test/shared-login.ts";

const t = appForFile(createSharedLoginTestApp);

const PASSWORD = "a long enough passphrase";
const SESSION_COOKIE = "__Host-portier_session";
let n = 0;
const unique = (prefix: string) => `${prefix}${++n}-${Date.now().toString(36)}`;

async function signUp(email: string, password: string, browser: Browser = newBrowser(t.app)) {
  const res = await browser.post("/api/v1/signup", {
    email,
    phone: `+42073${String(5000000 + n).slice(-7)}`,
    password,
    acceptTerms: true,
    captcha: await solveCaptcha(t.app),
  });
  expect(res.statusCode, res.body).toBe(202);
}

const linkStart = { url: "/api/v1/account/shared-login/link", payload: { provider: "test-id" } };

const identitiesOf = async (email: string) => t.db.externalIdentity.count({ where: { account: { email } } });

describe("shared login and an unverified email", () => {
  it("pairs no identity with it: the right password answers EMAIL_NOT_VERIFIED and nothing is linked", async () => {
    const email = `${unique("pair")}@example.com`;
    await signUp(email, PASSWORD);
    const browser = newBrowser(t.app);
    const login = unique("pairing");
    expect((await roundTrip(browser, login)).json().status).toBe("pending");

    const paired = await browser.post("/api/v1/shared-login/pending/pair", { email, password: PASSWORD });
    expect(paired.statusCode).toBe(403);
    expect(paired.json().code).toBe("EMAIL_NOT_VERIFIED");
    expect(browser.jar.has(SESSION_COOKIE)).toBe(false);
    expect(await t.db.externalIdentity.count({ where: { subject: login } })).toBe(0);
    expect((await messagesTo(t.db, email)).map((m) => m.template)).not.toContain("shared_login_linked");
  });

  it("starts no linking from a session of an unverified account", async () => {
    const email = `${unique("link")}@example.com`;
    const browser = newBrowser(t.app);
    await signUp(email, PASSWORD, browser);
    await verifyEmailByLink(t, email);
    expect((await browser.post("/api/v1/auth/sign-in", { email, password: PASSWORD })).json().status).toBe("complete");
    // A session from before ADR 025 (signed in, then the account is unverified before first use).
    await t.db.account.update({ where: { email }, data: { emailVerifiedAt: null } });

    const refused = await browser.post(linkStart.url, linkStart.payload);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe("EMAIL_NOT_VERIFIED");
    // Refused at the start: no round trip to the provider begins.
    expect(refused.json()).not.toHaveProperty("authorizationUrl");
    const { id } = await t.db.account.findUniqueOrThrow({ where: { email } });
    expect(await t.db.sharedLoginFlow.count({ where: { accountId: id } })).toBe(0);
    expect(await identitiesOf(email)).toBe(0);
  });

  it("refuses at the callback too, when the email was unverified after linking started", async () => {
    const email = `${unique("late")}@example.com`;
    const browser = newBrowser(t.app);
    await signUp(email, PASSWORD, browser);
    await verifyEmailByLink(t, email);
    expect((await browser.post("/api/v1/auth/sign-in", { email, password: PASSWORD })).json().status).toBe("complete");
    const started = await browser.post(linkStart.url, linkStart.payload);
    expect(started.statusCode, started.body).toBe(200);
    await t.db.account.update({ where: { email }, data: { emailVerifiedAt: null } });
    // The session cache (one second) may still hold the verified copy: the link itself asks the database.
    const back = await atTestProvider(started.json().authorizationUrl, unique("racing"), REDIRECT_URI);
    const res = await browser.post("/api/v1/shared-login/callback", callbackBody(back));
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe("EMAIL_NOT_VERIFIED");
    expect(await identitiesOf(email)).toBe(0);
  });

  it("signs in to it with no identity linked before ADR 025", async () => {
    const email = `${unique("legacy")}@example.com`;
    const owner = newBrowser(t.app);
    await signUp(email, PASSWORD, owner);
    await verifyEmailByLink(t, email);
    expect((await owner.post("/api/v1/auth/sign-in", { email, password: PASSWORD })).json().status).toBe("complete");
    const login = unique("legacy-id");
    expect((await roundTrip(owner, login, linkStart)).json().status).toBe("linked");
    await t.db.account.update({ where: { email }, data: { emailVerifiedAt: null } });

    const browser = newBrowser(t.app);
    const res = await roundTrip(browser, login);
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe("EMAIL_NOT_VERIFIED");
    expect(browser.jar.has(SESSION_COOKIE)).toBe(false);
  });
});

describe("the pre-account takeover of issue 12", () => {
  it("fails: the attacker who signed up the victim's address cannot sign in or link; the owner verifies, resets and is alone", async () => {
    const victim = `${unique("victim")}@example.com`;
    const attackerPassword = "the attacker's own passphrase";
    const attacker = newBrowser(t.app);
    await signUp(victim, attackerPassword, attacker);

    // The attacker knows the password they chose, but gets no session.
    const signIn = await attacker.post("/api/v1/auth/sign-in", { email: victim, password: attackerPassword });
    expect(signIn.statusCode).toBe(403);
    expect(signIn.json().code).toBe("EMAIL_NOT_VERIFIED");
    expect(attacker.jar.has(SESSION_COOKIE)).toBe(false);
    // Nor can they pair their own identity with the account.
    const attackerLogin = unique("mallory");
    expect((await roundTrip(attacker, attackerLogin)).json().status).toBe("pending");
    const paired = await attacker.post("/api/v1/shared-login/pending/pair", { email: victim, password: attackerPassword });
    expect(paired.json().code).toBe("EMAIL_NOT_VERIFIED");
    expect(await identitiesOf(victim)).toBe(0);

    // The owner: a password reset from the mailbox verifies the address.
    const owner = newBrowser(t.app);
    const requested = await owner.post("/api/v1/password-reset", { email: victim, captcha: await solveCaptcha(t.app) });
    expect(requested.statusCode, requested.body).toBe(202);
    const link = (await messagesTo(t.db, victim)).find((m) => m.template === "password_reset_link");
    const ownerPassword = "the owner's own passphrase";
    const reset = await owner.post("/api/v1/password-reset/complete", {
      token: tokenFromLink(link?.text ?? ""),
      password: ownerPassword,
      passwordConfirmation: ownerPassword,
    });
    expect(reset.statusCode, reset.body).toBe(200);
    expect((await t.db.account.findUniqueOrThrow({ where: { email: victim } })).emailVerifiedAt).not.toBeNull();

    const ownerIn = await owner.post("/api/v1/auth/sign-in", { email: victim, password: ownerPassword });
    expect(ownerIn.json().status).toBe("complete");
    expect((await owner.get("/api/v1/account/shared-login")).json().identities).toEqual([]);

    // The attacker's identity signs in to nothing, and their password is gone.
    const again = newBrowser(t.app);
    expect((await roundTrip(again, attackerLogin)).json().status).toBe("pending");
    expect(again.jar.has(SESSION_COOKIE)).toBe(false);
    expect((await attacker.post("/api/v1/auth/sign-in", { email: victim, password: attackerPassword })).json().code).toBe(
      "INVALID_CREDENTIALS",
    );
  });
});
