/**
 * Invariant 1 (SPEC §12, ADR 025): no session before the login email is verified, and
 * nothing attached to an account whose email is unverified. Shared login's linking and
 * pairing, and the attack story with an identity, are in
 * flows/shared-login/unverified-email.api.test.ts.
 */
import { describe, expect, it } from "vitest";
import { appForFile, type Browser, createTestApp, messagesTo, newBrowser, solveCaptcha, verifyEmailByLink } from "../../test/app.ts";
import { RESEND_VERIFICATION_PATH } from "./verified-email.ts";

const t = appForFile(createTestApp);

const PASSWORD = "a long enough passphrase";
const SESSION_COOKIE = "__Host-portier_session";
let n = 0;

async function signUp(browser: Browser = newBrowser(t.app)) {
  const email = `unverified${++n}-${Date.now()}@example.com`;
  const phone = `+42060${String(4000000 + n).slice(-7)}`;
  const res = await browser.post("/api/v1/signup", {
    email,
    phone,
    password: PASSWORD,
    acceptTerms: true,
    captcha: await solveCaptcha(t.app),
  });
  expect(res.statusCode, res.body).toBe(202);
  return { email, phone };
}

/**
 * A session of an account whose email is unverified: one that existed before ADR 025
 * (its migration ends them; a flow must refuse anyway, since the rule is not "there is a
 * session" but "the email is verified"). Signed in while verified, then unverified
 * before the session is first used (so no cached copy says otherwise).
 */
async function unverifiedWithSession() {
  const browser = newBrowser(t.app);
  const account = await signUp(browser);
  await verifyEmailByLink(t, account.email);
  const signIn = await browser.post("/api/v1/auth/sign-in", { email: account.email, password: PASSWORD });
  expect(signIn.json().status).toBe("complete");
  await t.db.account.update({ where: { email: account.email }, data: { emailVerifiedAt: null } });
  return { ...account, browser };
}

function expectNotVerified(res: { statusCode: number; json(): unknown; headers: Record<string, unknown> }) {
  expect(res.statusCode).toBe(403);
  expect(res.headers["content-type"]).toContain("application/problem+json");
  expect(res.json()).toMatchObject({ code: "EMAIL_NOT_VERIFIED", status: 403 });
}

describe("sign-in before the email is verified", () => {
  it("answers the right password with 403 EMAIL_NOT_VERIFIED, naming where to get a new link, and gives no session", async () => {
    const { email } = await signUp();
    const browser = newBrowser(t.app);
    const res = await browser.post("/api/v1/auth/sign-in", { email, password: PASSWORD });
    expectNotVerified(res);
    expect((res.json() as { detail: string }).detail).toContain(RESEND_VERIFICATION_PATH);
    expect(browser.jar.has(SESSION_COOKIE)).toBe(false);
    const account = await t.db.account.findUniqueOrThrow({ where: { email } });
    expect(await t.db.session.count({ where: { accountId: account.id } })).toBe(0);
    expect(await t.db.loginAttempt.count({ where: { accountId: account.id } })).toBe(0);
    // Nor for a client that asks for the token in the body.
    const bearer = await browser.post("/api/v1/auth/sign-in", { email, password: PASSWORD, tokenDelivery: "bearer" });
    expectNotVerified(bearer);
    expect(bearer.json()).not.toHaveProperty("token");
  });

  it("says so only after the right password: a wrong one answers as for a verified or an unknown account, byte for byte", async () => {
    const unverified = await signUp();
    const verified = await signUp();
    await verifyEmailByLink(t, verified.email);
    const wrong = (email: string) => newBrowser(t.app).post("/api/v1/auth/sign-in", { email, password: "not the password at all" });
    const answers = [await wrong(unverified.email), await wrong(verified.email), await wrong(`nobody-${Date.now()}@example.com`)];
    for (const res of answers) {
      expect(res.statusCode).toBe(401);
      expect(res.body).toBe(answers[0]?.body);
      expect(res.headers["content-type"]).toBe(answers[0]?.headers["content-type"]);
    }
    expect(answers[0]?.json()).toMatchObject({ code: "INVALID_CREDENTIALS" });
  });

  it("lets the owner in once the link is opened, also with a link sent again from the sign-in page", async () => {
    const { email } = await signUp();
    const browser = newBrowser(t.app);
    expectNotVerified(await browser.post("/api/v1/auth/sign-in", { email, password: PASSWORD }));

    t.clock.advance(60_000);
    const resent = await browser.post(RESEND_VERIFICATION_PATH, { email, captcha: await solveCaptcha(t.app) });
    expect(resent.statusCode, resent.body).toBe(202);
    const links = (await messagesTo(t.db, email)).filter((m) => m.template === "signup_verify_email");
    expect(links).toHaveLength(2);
    // The newest link works (the first one was voided by it).
    await verifyEmailByLink(t, email);

    const res = await browser.post("/api/v1/auth/sign-in", { email, password: PASSWORD });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().status).toBe("complete");
    expect(browser.jar.has(SESSION_COOKIE)).toBe(true);
  });

  it("answers sending the link again the same for an unverified, a verified and an unknown address (no enumeration)", async () => {
    const unverified = await signUp();
    const verified = await signUp();
    await verifyEmailByLink(t, verified.email);
    const resend = async (email: string) => newBrowser(t.app).post(RESEND_VERIFICATION_PATH, { email, captcha: await solveCaptcha(t.app) });
    const answers = [await resend(unverified.email), await resend(verified.email), await resend(`nobody-${Date.now()}@example.com`)];
    for (const res of answers) {
      expect(res.statusCode).toBe(202);
      expect(res.body).toBe(answers[0]?.body);
    }
  });

  it("is limited like sign-up's resend: each request needs a fresh CAPTCHA", async () => {
    const { email } = await signUp();
    const captcha = await solveCaptcha(t.app);
    const browser = newBrowser(t.app);
    expect((await browser.post(RESEND_VERIFICATION_PATH, { email, captcha })).statusCode).toBe(202);
    const again = await browser.post(RESEND_VERIFICATION_PATH, { email, captcha });
    expect(again.statusCode).toBe(400);
    expect(again.json().code).toBe("CAPTCHA_INVALID");
    expect((await messagesTo(t.db, email)).filter((m) => m.template === "signup_verify_email")).toHaveLength(2);
  });

  it("marks the email verified with a password reset (the link proves the mailbox), after which the owner signs in", async () => {
    const { email } = await signUp();
    const browser = newBrowser(t.app);
    const requested = await browser.post("/api/v1/password-reset", { email, captcha: await solveCaptcha(t.app) });
    expect(requested.statusCode, requested.body).toBe(202);
    const reset = (await messagesTo(t.db, email)).find((m) => m.template === "password_reset_link");
    expect(reset).toBeDefined();
    const token = reset!.text.match(/#token=([A-Za-z0-9_-]{43})/)![1];
    const newPassword = "the owner's new passphrase";
    const done = await browser.post("/api/v1/password-reset/complete", { token, password: newPassword, passwordConfirmation: newPassword });
    expect(done.statusCode, done.body).toBe(200);
    // The reset signs nobody in.
    expect(browser.jar.has(SESSION_COOKIE)).toBe(false);
    const signIn = await browser.post("/api/v1/auth/sign-in", { email, password: newPassword });
    expect(signIn.json().status).toBe("complete");
  });
});

describe("nothing attached before the email is verified", () => {
  it("sets up no OTP key", async () => {
    const { email, browser } = await unverifiedWithSession();
    await t.db.account.update({ where: { email }, data: { phoneVerifiedAt: t.clock.now() } });
    expectNotVerified(await browser.post("/api/v1/account/otp/setup"));
    const account = await t.db.account.findUniqueOrThrow({ where: { email } });
    expect(account.otpPendingSecret).toBeNull();
  });

  it("changes no phone and sends the new number no SMS, refused before the password is even checked", async () => {
    const { email, browser } = await unverifiedWithSession();
    const phone = "+420739111222";
    expectNotVerified(await browser.post("/api/v1/account/phone/change", { password: "not the password at all", phone }));
    expectNotVerified(await browser.post("/api/v1/account/phone/change", { password: PASSWORD, phone }));
    expect(await messagesTo(t.db, phone)).toHaveLength(0);
    expect((await t.db.account.findUniqueOrThrow({ where: { email } })).phone).not.toBe(phone);
  });

  it("changes no login email and emails no link to the new address", async () => {
    const { email, browser } = await unverifiedWithSession();
    const newEmail = `new-${Date.now()}@example.com`;
    expectNotVerified(await browser.post("/api/v1/account/email/change", { password: "not the password at all", email: newEmail }));
    expectNotVerified(await browser.post("/api/v1/account/email/change", { password: PASSWORD, email: newEmail }));
    expect(await messagesTo(t.db, newEmail)).toHaveLength(0);
    expect(await t.db.verification.count({ where: { purpose: "account_email_change", target: newEmail } })).toBe(0);
    expect((await t.db.account.findUniqueOrThrow({ where: { email } })).email).toBe(email);
  });

  it("sends no SMS to verify the phone: the email first, then the phone", async () => {
    const { phone, browser } = await unverifiedWithSession();
    expectNotVerified(await browser.post("/api/v1/account/phone/send-code"));
    expect(await messagesTo(t.db, phone)).toHaveLength(0);
  });
});
