/**
 * Single use under concurrency (issue 9): the secret of every flow — email link, SMS
 * code, password-reset link, sign-in confirmation link, log-out-all link, OTP code — is
 * sent 20 times at once. Exactly one succeeds; the others get a 4xx problem, never a 5xx.
 */
import { Secret } from "otpauth";
import { describe, expect, it } from "vitest";
import {
  appForFile,
  codeFromSms,
  createTestApp,
  messagesTo,
  newBrowser,
  ORIGIN,
  solveCaptcha,
  type TestContext,
  tokenFromLink,
  UA_FIREFOX,
  verifyEmailByLink,
} from "../test/app.ts";
import { SECOND } from "./lib/clock.ts";
import { codeAtStep, stepAt } from "./otp/totp.ts";

const PASSWORD = "a long enough passphrase";
const PARALLEL = 20;
const t = appForFile(createTestApp);
let n = 0;

type Response = Awaited<ReturnType<TestContext["app"]["inject"]>>;

/** Fires `send` PARALLEL times at once; returns the answers. */
const burst = (send: () => Promise<Response>) => Promise.all(Array.from({ length: PARALLEL }, send));

function exactlyOneSucceeds(answers: Response[]) {
  const statuses = answers.map((a) => a.statusCode);
  expect(
    statuses.filter((s) => s >= 500),
    statuses.join(","),
  ).toEqual([]);
  expect(
    statuses.filter((s) => s >= 200 && s < 300),
    statuses.join(","),
  ).toHaveLength(1);
  for (const a of answers.filter((a) => a.statusCode >= 400)) {
    expect(a.headers["content-type"]).toMatch(/application\/problem\+json/);
  }
}

const post = (url: string, payload?: object, headers: Record<string, string> = {}) =>
  t.app.inject({ method: "POST", url, headers: { "user-agent": UA_FIREFOX, origin: ORIGIN, ...headers }, ...(payload ? { payload } : {}) });

async function signUp(verified = true) {
  const email = `single${++n}-${Date.now()}@example.com`;
  const phone = `+42060${String(2000000 + n).slice(-7)}`;
  expect(
    (await post("/api/v1/signup", { email, phone, password: PASSWORD, acceptTerms: true, captcha: await solveCaptcha(t.app) })).statusCode,
  ).toBe(202);
  if (verified) {
    await t.db.account.update({ where: { email }, data: { emailVerifiedAt: t.clock.now(), phoneVerifiedAt: t.clock.now() } });
  }
  return { email, phone };
}

async function bearer(email: string) {
  const res = await post("/api/v1/auth/sign-in", { email, password: PASSWORD, tokenDelivery: "bearer" });
  expect(res.statusCode, res.body).toBe(200);
  return { authorization: `Bearer ${res.json().token}` };
}

describe(`each single-use secret, sent ${PARALLEL} times at once`, () => {
  it("email verification link", async () => {
    const { email } = await signUp(false);
    const token = tokenFromLink((await messagesTo(t.db, email))[0]!.text);
    exactlyOneSucceeds(await burst(() => post("/api/v1/signup/verify-email", { token })));
  });

  it("SMS code", async () => {
    const { email, phone } = await signUp(false);
    // The email first (ADR 025), the phone is what this test verifies.
    await verifyEmailByLink(t, email);
    const auth = await bearer(email);
    expect((await post("/api/v1/account/phone/send-code", undefined, auth)).statusCode).toBeLessThan(300);
    const code = codeFromSms((await messagesTo(t.db, phone))[0]!.text);
    exactlyOneSucceeds(await burst(() => post("/api/v1/account/phone/verify", { code }, auth)));
  });

  it("password-reset link", async () => {
    const { email } = await signUp();
    const browser = newBrowser(t.app);
    expect((await browser.post("/api/v1/password-reset", { email, captcha: await solveCaptcha(t.app) })).statusCode).toBe(202);
    const mail = (await messagesTo(t.db, email)).find((m) => m.template === "password_reset_link");
    const token = tokenFromLink(mail!.text);
    const password = "a brand new passphrase 77";
    exactlyOneSucceeds(
      await burst(() => browser.post("/api/v1/password-reset/complete", { token, password, passwordConfirmation: password })),
    );
  });

  it("sign-in confirmation link and log-out-all link", async () => {
    const { email } = await signUp();
    const auth = await bearer(email);
    const settings = await t.app.inject({
      method: "PUT",
      url: "/api/v1/account/login-notifications",
      headers: { "user-agent": UA_FIREFOX, ...auth },
      payload: { policy: "every_login", confirmation: true },
    });
    expect(settings.statusCode, settings.body).toBe(200);
    const waiting = newBrowser(t.app);
    expect((await waiting.post("/api/v1/auth/sign-in", { email, password: PASSWORD })).json().status).toBe("confirmation_required");
    const mail = (await messagesTo(t.db, email)).find((m) => m.text.includes("/confirm-sign-in#token="));
    const confirm = mail!.text.match(/\/confirm-sign-in#token=([A-Za-z0-9_-]{43})/)![1]!;
    const logoutAll = mail!.text.match(/\/logout-all#token=([A-Za-z0-9_-]{43})/)![1]!;

    exactlyOneSucceeds(await burst(() => post("/api/v1/auth/sign-in/confirm", { token: confirm })));
    // The waiting browser polls from several tabs at once: one of them gets the session.
    const polls = await burst(() => waiting.post("/api/v1/auth/sign-in/confirmation"));
    expect(polls.filter((p) => p.statusCode >= 500)).toEqual([]);
    expect(polls.filter((p) => p.statusCode === 200 && p.json().status === "complete")).toHaveLength(1);
    expect(polls.filter((p) => p.statusCode >= 400).length).toBe(PARALLEL - 1);
    exactlyOneSucceeds(await burst(() => post("/api/v1/auth/logout-all", { token: logoutAll })));
  });

  it("OTP code", async () => {
    const { email } = await signUp();
    const auth = await bearer(email);
    const setup = (await post("/api/v1/account/otp/setup", undefined, auth)).json();
    const key = new Uint8Array(Secret.fromBase32(setup.secret).buffer);
    expect(
      (await post("/api/v1/account/otp/activate", { password: PASSWORD, code: codeAtStep(key, stepAt(t.clock.now().getTime())) }, auth))
        .statusCode,
    ).toBeLessThan(300);
    t.clock.advance(30 * SECOND);
    // Twenty sign-ins waiting at the OTP step (one after another: the throttle counts
    // concurrent password tries), then the same code for all of them at once.
    const attempts: string[] = [];
    for (let i = 0; i < PARALLEL; i++) {
      const res = await post("/api/v1/auth/sign-in", { email, password: PASSWORD, tokenDelivery: "bearer" });
      expect(res.json().status, res.body).toBe("otp_required");
      attempts.push(res.json().attemptToken);
    }
    const code = codeAtStep(key, stepAt(t.clock.now().getTime()));
    let i = 0;
    exactlyOneSucceeds(await burst(() => post("/api/v1/auth/sign-in/otp", { attemptToken: attempts[i++] as string, code })));
  });
});
