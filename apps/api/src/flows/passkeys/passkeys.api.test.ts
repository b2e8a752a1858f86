import { describe, expect, it } from "vitest";
import type { Browser } from "../../../test/app.ts";
import * as testApp from "../../../test/app.ts";
import { appForFile } from "../../../test/app.ts";
import { createAuthenticator } from "../../../test/authenticator.ts";
import { accountWithOtp, PASSWORD, type TestAccount, verifiedAccount } from "../../../test/factories.ts";
import { bearerToken, signIn } from "../../../test/sign-in.ts";
import { MINUTE } from "../../lib/clock.ts";

const { codeFromSms, createTestApp, messagesTo, newBrowser, ORIGIN, postAs, solveCaptcha, tokenFromLink, UA_FIREFOX } = testApp;

const t = appForFile(createTestApp);

const RP = { origin: ORIGIN, rpId: "portier.test" };

const post = (url: string, payload?: object, token?: string) => postAs(t.app, url, payload, token);

/** Adds a passkey from a signed-in bearer session; answers the registration's response. */
async function addPasskey(token: string, authenticator = createAuthenticator(RP), extra: { code?: string } = {}, name = "Laptop") {
  const options = await post("/api/v1/account/passkeys/registration-options", { password: PASSWORD, ...extra }, token);
  expect(options.statusCode).toBe(200);
  const res = await post("/api/v1/account/passkeys", { name, response: authenticator.register(options.json()) }, token);
  return { res, authenticator };
}

/** A verified account with one passkey, and its authenticator. */
async function accountWithPasskey(options: { synced?: boolean; counter?: boolean } = {}) {
  const user = await verifiedAccount(t);
  const token = await bearerToken(t.app, user.email);
  const { res, authenticator } = await addPasskey(token, createAuthenticator(RP, options));
  expect(res.statusCode).toBe(200);
  return { user, token, authenticator, passkeyId: res.json().passkey.id as string };
}

/** A passkey-only sign-in in `browser`: the options, then the authenticator's answer. */
async function passkeySignIn(browser: Browser, answer: (options: Record<string, unknown>) => object) {
  t.clock.advance(1000); // the newest session is the one this makes
  const options = await browser.post("/api/v1/auth/passkey/options");
  expect(options.statusCode).toBe(200);
  return browser.post("/api/v1/auth/passkey", { response: answer(options.json().options) });
}

async function amrOfNewestSession(user: TestAccount) {
  const session = await t.db.session.findFirstOrThrow({ where: { accountId: user.id }, orderBy: { createdAt: "desc" } });
  return session.amr;
}

describe("adding a passkey", () => {
  it("needs the password, stores the public key, emails the owner, records it, and makes the first recovery codes", async () => {
    const user = await verifiedAccount(t);
    const token = await bearerToken(t.app, user.email);
    const wrong = await post("/api/v1/account/passkeys/registration-options", { password: "not the password at all" }, token);
    expect(wrong.json().code).toBe("PASSWORD_INCORRECT");

    const { res } = await addPasskey(token);
    expect(res.statusCode).toBe(200);
    expect(res.json().passkey).toMatchObject({ name: "Laptop", synced: true, lastUsedAt: null });
    expect(res.json().recoveryCodes).toHaveLength(10);
    const list = await t.app.inject({
      method: "GET",
      url: "/api/v1/account/passkeys",
      headers: { "user-agent": UA_FIREFOX, authorization: `Bearer ${token}` },
    });
    expect(list.json().passkeys).toHaveLength(1);
    expect((await messagesTo(t.db, user.email)).map((m) => m.template)).toEqual(
      expect.arrayContaining(["passkey_added", "recovery_codes_created"]),
    );
    expect(await t.db.loginEvent.count({ where: { accountId: user.id, result: "passkey_added" } })).toBe(1);

    // A second one makes no new codes.
    const second = await addPasskey(token, createAuthenticator(RP, { synced: false }), {}, "Security key");
    expect(second.res.json().passkey.synced).toBe(false);
    expect(second.res.json().recoveryCodes).toBeUndefined();
  });

  it("asks for a current code too when OTP is on", async () => {
    const user = await accountWithOtp(t);
    const token = await bearerToken(t.app, user.email, { otpCode: () => user.nextCode() });
    const without = await post("/api/v1/account/passkeys/registration-options", { password: PASSWORD }, token);
    expect(without.json().code).toBe("OTP_INVALID");
    const { res } = await addPasskey(token, createAuthenticator(RP), { code: user.nextCode() });
    expect(res.statusCode).toBe(200);
    // OTP had turned two-factor sign-in on already: no new recovery codes.
    expect(res.json().recoveryCodes).toBeUndefined();
  });

  it("refuses an answer from another origin or for another RP id, without user verification, or replayed", async () => {
    const user = await verifiedAccount(t);
    const token = await bearerToken(t.app, user.email);
    const authenticator = createAuthenticator(RP);
    for (const override of [{ origin: "https://evil.example" }, { rpId: "evil.example" }, { noUserVerification: true }]) {
      const options = (await post("/api/v1/account/passkeys/registration-options", { password: PASSWORD }, token)).json();
      const res = await post("/api/v1/account/passkeys", { name: "X", response: authenticator.register(options, override) }, token);
      expect(res.statusCode, JSON.stringify(override)).toBe(400);
      expect(res.json().code).toBe("PASSKEY_INVALID");
    }
    const options = (await post("/api/v1/account/passkeys/registration-options", { password: PASSWORD }, token)).json();
    const response = authenticator.register(options);
    expect((await post("/api/v1/account/passkeys", { name: "X", response }, token)).statusCode).toBe(200);
    const replay = await post("/api/v1/account/passkeys", { name: "X", response }, token);
    expect(replay.json().code).toBe("PASSKEY_CHALLENGE_INVALID");
    expect(await t.db.passkey.count({ where: { accountId: user.id } })).toBe(1);
  });

  it("binds the challenge to the session that asked for it", async () => {
    const user = await verifiedAccount(t);
    const first = await bearerToken(t.app, user.email);
    const other = await bearerToken(t.app, user.email);
    const options = (await post("/api/v1/account/passkeys/registration-options", { password: PASSWORD }, first)).json();
    const res = await post("/api/v1/account/passkeys", { name: "X", response: createAuthenticator(RP).register(options) }, other);
    expect(res.json().code).toBe("PASSKEY_CHALLENGE_INVALID");
  });
});

describe("signing in with a passkey alone", () => {
  it("completes in the browser that asked, as both factors (amr swk + user + mfa), and moves the counter", async () => {
    const { user, authenticator, passkeyId } = await accountWithPasskey();
    const browser = newBrowser(t.app);
    const res = await passkeySignIn(browser, (options) => authenticator.assert(options));
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe("complete");
    expect(await amrOfNewestSession(user)).toEqual(["swk", "user", "mfa"]);
    const passkey = await t.db.passkey.findUniqueOrThrow({ where: { id: passkeyId } });
    expect(Number(passkey.signCount)).toBe(1);
    expect(passkey.lastUsedAt).not.toBeNull();
    const event = await t.db.loginEvent.findFirstOrThrow({ where: { accountId: user.id, result: "success" }, orderBy: { at: "desc" } });
    expect(event.method).toBe("passkey");
  });

  it("reports a device-bound passkey as hwk", async () => {
    const { user, authenticator } = await accountWithPasskey({ synced: false });
    const res = await passkeySignIn(newBrowser(t.app), (options) => authenticator.assert(options));
    expect(res.json().status).toBe("complete");
    expect(await amrOfNewestSession(user)).toEqual(["hwk", "user", "mfa"]);
  });

  it("refuses a replayed answer, another browser's challenge, an expired one, and a counter that goes back", async () => {
    const { authenticator } = await accountWithPasskey();
    const browser = newBrowser(t.app);
    const options = (await browser.post("/api/v1/auth/passkey/options")).json().options;
    const answer = authenticator.assert(options);
    expect((await browser.post("/api/v1/auth/passkey", { response: answer })).json().status).toBe("complete");
    expect((await browser.post("/api/v1/auth/passkey", { response: answer })).json().code).toBe("PASSKEY_CHALLENGE_INVALID");

    const elsewhere = (await newBrowser(t.app).post("/api/v1/auth/passkey/options")).json().options;
    const stolen = await browser.post("/api/v1/auth/passkey", { response: authenticator.assert(elsewhere) });
    expect(stolen.json().code).toBe("PASSKEY_CHALLENGE_INVALID");

    const late = (await browser.post("/api/v1/auth/passkey/options")).json().options;
    t.clock.advance(6 * MINUTE);
    expect((await browser.post("/api/v1/auth/passkey", { response: authenticator.assert(late) })).json().code).toBe(
      "PASSKEY_CHALLENGE_INVALID",
    );

    // A cloned authenticator: its counter is behind the one last seen.
    const cloned = await passkeySignIn(browser, (o) => authenticator.assert(o, { signCount: 1 }));
    expect(cloned.statusCode).toBe(400);
    expect(cloned.json().code).toBe("PASSKEY_INVALID");
  });

  it("refuses another origin, another RP id, and no user verification", async () => {
    const { user, authenticator } = await accountWithPasskey();
    for (const override of [{ origin: "https://evil.example" }, { rpId: "evil.example" }, { noUserVerification: true }]) {
      const res = await passkeySignIn(newBrowser(t.app), (o) => authenticator.assert(o, override));
      expect(res.statusCode, JSON.stringify(override)).toBe(400);
      expect(res.json().code).toBe("PASSKEY_INVALID");
    }
    expect(await t.db.loginEvent.count({ where: { accountId: user.id, result: "wrong_passkey" } })).toBe(3);
  });

  it("still asks for the emailed confirmation when the account requires it", async () => {
    const user = await verifiedAccount(t, { policy: "every_login", confirmation: true });
    const token = await bearerToken(t.app, user.email).catch(() => null);
    // The password sign-in itself waits for confirmation: arrange the passkey directly.
    expect(token).toBeNull();
    await t.db.account.update({ where: { id: user.id }, data: { loginConfirmation: false } });
    const { authenticator } = await addPasskey(await bearerToken(t.app, user.email));
    await t.db.account.update({ where: { id: user.id }, data: { loginConfirmation: true } });
    const res = await passkeySignIn(newBrowser(t.app), (o) => authenticator.assert(o));
    expect(res.json().status).toBe("confirmation_required");
    // The email names the method as the customer knows it (not "shared login (passkey)").
    const notice = (await messagesTo(t.db, user.email)).find((m) => m.template === "login_notification");
    expect(notice?.text).toContain("Method: passkey");
    expect(notice?.text).not.toContain("shared login");
  });
});

describe("a passkey as the second factor", () => {
  it("follows the password (pwd + swk + user + mfa), bound to that sign-in attempt", async () => {
    const { user, authenticator } = await accountWithPasskey();
    const step = await signIn(t.app, user.email);
    expect(step.json()).toMatchObject({ status: "otp_required", secondFactors: ["passkey", "recovery_code"] });
    const attemptToken = step.json().attemptToken as string;

    // The challenge of another sign-in attempt does not count for this one.
    const otherAttempt = (await signIn(t.app, user.email)).json().attemptToken as string;
    const otherOptions = (await post("/api/v1/auth/sign-in/passkey/options", { attemptToken: otherAttempt })).json();
    const cross = await post("/api/v1/auth/sign-in/passkey", { attemptToken, response: authenticator.assert(otherOptions) });
    expect(cross.json().code).toBe("PASSKEY_CHALLENGE_INVALID");

    t.clock.advance(1000); // the newest session is the one this makes
    const options = (await post("/api/v1/auth/sign-in/passkey/options", { attemptToken })).json();
    expect(options.allowCredentials).toHaveLength(1);
    expect(options.userVerification).toBe("required");
    const res = await post("/api/v1/auth/sign-in/passkey", { attemptToken, response: authenticator.assert(options) });
    expect(res.json().status).toBe("complete");
    expect(await amrOfNewestSession(user)).toEqual(["pwd", "swk", "user", "mfa"]);
  });

  it("counts a wrong answer against the attempt's five tries", async () => {
    const { user, authenticator } = await accountWithPasskey();
    const attemptToken = (await signIn(t.app, user.email)).json().attemptToken as string;
    const options = (await post("/api/v1/auth/sign-in/passkey/options", { attemptToken })).json();
    const res = await post("/api/v1/auth/sign-in/passkey", {
      attemptToken,
      response: authenticator.assert(options, { origin: "https://evil.example" }),
    });
    expect(res.json()).toMatchObject({ code: "PASSKEY_INVALID", params: { remainingTries: 4 } });
  });

  it("end everything invalidates the pending challenges, and keeps the passkeys", async () => {
    const { user, token, authenticator } = await accountWithPasskey();
    const attemptToken = (await signIn(t.app, user.email)).json().attemptToken as string;
    const options = (await post("/api/v1/auth/sign-in/passkey/options", { attemptToken })).json();
    await post("/api/v1/account/passkeys/registration-options", { password: PASSWORD }, token);
    expect(await t.db.passkeyChallenge.count({ where: { accountId: user.id } })).toBe(2);
    expect((await post("/api/v1/sessions/revoke-all", {}, token)).statusCode).toBeLessThan(300);
    expect(await t.db.passkeyChallenge.count({ where: { accountId: user.id } })).toBe(0);
    expect(await t.db.passkey.count({ where: { accountId: user.id } })).toBe(1);
    const res = await post("/api/v1/auth/sign-in/passkey", { attemptToken, response: authenticator.assert(options) });
    expect(res.json().code).toBe("LOGIN_ATTEMPT_CANCELLED");
  });
});

describe("a lost passkey", () => {
  it("the lost-device path (emailed link, SMS code, CAPTCHA) removes the passkeys and the recovery codes", async () => {
    const { user, authenticator } = await accountWithPasskey();
    const attemptToken = (await signIn(t.app, user.email)).json().attemptToken as string;
    expect((await post("/api/v1/auth/sign-in/otp/lost-device", { attemptToken })).statusCode).toBe(200);
    const link = (await messagesTo(t.db, user.email)).find((m) => m.template === "otp_recovery_link");
    const token = tokenFromLink(link!.text);
    expect((await post("/api/v1/otp-recovery/send-sms", { token })).statusCode).toBe(200);
    const code = codeFromSms((await messagesTo(t.db, user.phone))[0]!.text);
    const done = await post("/api/v1/otp-recovery/disable", { token, code, captcha: await solveCaptcha(t.app) });
    expect(done.json()).toEqual({ status: "otp_disabled" });
    expect(await t.db.passkey.count({ where: { accountId: user.id } })).toBe(0);
    expect(await t.db.recoveryCode.count({ where: { accountId: user.id } })).toBe(0);
    // The lost passkey signs in no more; the password alone does.
    const res = await passkeySignIn(newBrowser(t.app), (o) => authenticator.assert(o));
    expect(res.json().code).toBe("PASSKEY_INVALID");
    expect((await signIn(t.app, user.email)).json().status).toBe("complete");
  });
});

describe("managing passkeys", () => {
  it("renames and removes, each emailed and recorded; the last second factor only when confirmed", async () => {
    const { user, token, passkeyId } = await accountWithPasskey();
    const patch = await t.app.inject({
      method: "PATCH",
      url: `/api/v1/account/passkeys/${passkeyId}`,
      headers: { "user-agent": UA_FIREFOX, authorization: `Bearer ${token}` },
      payload: { name: "Work laptop" },
    });
    expect(patch.json().name).toBe("Work laptop");

    const refused = await post(`/api/v1/account/passkeys/${passkeyId}/remove`, { password: PASSWORD }, token);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe("PASSKEY_LAST_SECOND_FACTOR");
    const removed = await post(
      `/api/v1/account/passkeys/${passkeyId}/remove`,
      { password: PASSWORD, confirmLastSecondFactor: true },
      token,
    );
    expect(removed.statusCode).toBe(204);
    expect(await t.db.passkey.count({ where: { accountId: user.id } })).toBe(0);
    const templates = (await messagesTo(t.db, user.email)).map((m) => m.template);
    expect(templates).toEqual(expect.arrayContaining(["passkey_renamed", "passkey_removed"]));
    const results = (await t.db.loginEvent.findMany({ where: { accountId: user.id } })).map((e) => e.result);
    expect(results).toEqual(expect.arrayContaining(["passkey_renamed", "passkey_removed"]));
    // Two-factor sign-in is off again: the password alone signs in.
    expect((await signIn(t.app, user.email)).json().status).toBe("complete");
  });

  it("another account's passkey is not found; a malformed id is a 400", async () => {
    const { passkeyId } = await accountWithPasskey();
    const stranger = await bearerToken(t.app, (await verifiedAccount(t)).email);
    const res = await post(`/api/v1/account/passkeys/${passkeyId}/remove`, { password: PASSWORD }, stranger);
    expect(res.statusCode).toBe(404);
    expect((await post("/api/v1/account/passkeys/nope/remove", { password: PASSWORD }, stranger)).statusCode).toBe(400);
  });
});
