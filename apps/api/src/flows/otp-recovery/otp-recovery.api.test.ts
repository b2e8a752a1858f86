import { Secret } from "otpauth";
import { describe, expect, it } from "vitest";
import {
  appForFile,
  codeFromSms,
  createTestApp,
  messagesTo,
  ORIGIN,
  postAs,
  solveCaptcha,
  tokenFromLink,
  UA_FIREFOX,
} from "../../../test/app.ts";
import { MINUTE, SECOND } from "../../lib/clock.ts";
import { codeAtStep, stepAt } from "../../otp/totp.ts";

const t = appForFile(createTestApp);

const PASSWORD = "a long enough passphrase";
let n = 0;

const post = (url: string, payload?: object, token?: string) => postAs(t.app, url, payload, token);

/** An account with OTP on, signed out, stopped at the OTP step of a new sign-in. */
async function atOtpStep(opts: { phoneVerified?: boolean } = {}) {
  const email = `lost${++n}-${Date.now()}@example.com`;
  const phone = `+42073${String(1000000 + n).slice(-7)}`;
  await post("/api/v1/signup", { email, phone, password: PASSWORD, acceptTerms: true, captcha: await solveCaptcha(t.app) });
  await t.db.account.update({ where: { email }, data: { emailVerifiedAt: t.clock.now(), phoneVerifiedAt: t.clock.now() } });
  const session = (await post("/api/v1/auth/sign-in", { email, password: PASSWORD, tokenDelivery: "bearer" })).json().token;
  const key = (await post("/api/v1/account/otp/setup", undefined, session)).json();
  const secret = new Uint8Array(Secret.fromBase32(key.secret).buffer);
  await post("/api/v1/account/otp/activate", { password: PASSWORD, code: codeAtStep(secret, stepAt(t.clock.now().getTime())) }, session);
  if (opts.phoneVerified === false) await t.db.account.update({ where: { email }, data: { phoneVerifiedAt: null } });
  const attemptToken = (await post("/api/v1/auth/sign-in", { email, password: PASSWORD, tokenDelivery: "bearer" })).json()
    .attemptToken as string;
  return { email, phone, attemptToken };
}

async function lostDeviceLink(user: { email: string; attemptToken: string }) {
  const res = await post("/api/v1/auth/sign-in/otp/lost-device", { attemptToken: user.attemptToken });
  expect(res.json()).toEqual({ status: "email_sent" });
  const mail = (await messagesTo(t.db, user.email)).find((m) => m.template === "otp_recovery_link");
  return tokenFromLink(mail!.text);
}

describe("lost OTP device", () => {
  it("disables OTP with the emailed link, an SMS code and a CAPTCHA; then the password alone signs in", async () => {
    const user = await atOtpStep();
    const token = await lostDeviceLink(user);
    const info = await post("/api/v1/otp-recovery/inspect", { token });
    expect(info.json()).toMatchObject({ phoneVerified: true, phone: `+420 *** *** ${user.phone.slice(-3)}` });

    const sent = await post("/api/v1/otp-recovery/send-sms", { token });
    expect(sent.statusCode, sent.body).toBe(200);
    const code = codeFromSms((await messagesTo(t.db, user.phone))[0]!.text);

    const noCaptcha = await post("/api/v1/otp-recovery/disable", { token, code, captcha: "forged" });
    expect(noCaptcha.json().code).toBe("CAPTCHA_INVALID");
    const wrongCode = await post("/api/v1/otp-recovery/disable", {
      token,
      code: code === "000000" ? "111111" : "000000",
      captcha: await solveCaptcha(t.app),
    });
    expect(wrongCode.json().code).toBe("CODE_INVALID");
    const missing = await post("/api/v1/otp-recovery/disable", { token, code });
    expect(missing.json().errors).toEqual([expect.objectContaining({ field: "captcha", code: "REQUIRED" })]);

    const done = await post("/api/v1/otp-recovery/disable", { token, code, captcha: await solveCaptcha(t.app) });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toEqual({ status: "otp_disabled" });

    const signIn = await post("/api/v1/auth/sign-in", { email: user.email, password: PASSWORD, tokenDelivery: "bearer" });
    expect(signIn.json().status).toBe("complete");
    expect((await messagesTo(t.db, user.email)).map((m) => m.template)).toContain("otp_disabled_by_recovery");
    const events = await t.db.loginEvent.findMany({ where: { account: { email: user.email }, result: "otp_disabled_by_recovery" } });
    expect(events).toHaveLength(1);
    // The old attempt cannot be finished any more, and its browser is told why.
    const stale = await post("/api/v1/auth/sign-in/otp", { attemptToken: user.attemptToken, code: "123456" });
    expect(stale.statusCode).toBe(401);
    expect(stale.json()).toMatchObject({ code: "LOGIN_ATTEMPT_CANCELLED", params: { reason: "otp_turned_off" } });
    expect(
      (await t.db.loginAttempt.findMany({ where: { account: { email: user.email }, state: "rejected" } })).map((a) => a.rejectedReason),
    ).toEqual(["otp_turned_off"]);
  });

  it("emails at most 3 links per sign-in attempt, even to 20 requests at once; a new sign-in may ask again", async () => {
    const user = await atOtpStep();
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => post("/api/v1/auth/sign-in/otp/lost-device", { attemptToken: user.attemptToken })),
    );
    expect(answers.filter((a) => a.statusCode === 200)).toHaveLength(3);
    const refused = answers.filter((a) => a.statusCode !== 200);
    expect(refused).toHaveLength(17);
    for (const r of refused) {
      expect(r.statusCode).toBe(429);
      expect(r.json().code).toBe("LOST_DEVICE_EMAIL_LIMIT");
      expect(Number(r.headers["retry-after"])).toBeGreaterThan(0);
    }
    const links = async () => (await messagesTo(t.db, user.email)).filter((m) => m.template === "otp_recovery_link").length;
    expect(await links()).toBe(3);
    expect((await post("/api/v1/auth/sign-in/otp/lost-device", { attemptToken: user.attemptToken })).statusCode).toBe(429);

    const again = (await post("/api/v1/auth/sign-in", { email: user.email, password: PASSWORD, tokenDelivery: "bearer" })).json();
    expect((await post("/api/v1/auth/sign-in/otp/lost-device", { attemptToken: again.attemptToken })).statusCode).toBe(200);
    expect(await links()).toBe(4);
  });

  it("refuses the link after 5 minutes", async () => {
    const user = await atOtpStep();
    const token = await lostDeviceLink(user);
    await post("/api/v1/otp-recovery/send-sms", { token });
    const code = codeFromSms((await messagesTo(t.db, user.phone))[0]!.text);
    t.clock.advance(5 * MINUTE + SECOND);
    const res = await post("/api/v1/otp-recovery/disable", { token, code, captcha: await solveCaptcha(t.app) });
    expect(res.statusCode).toBe(410);
    expect(res.json().code).toBe("TOKEN_EXPIRED");
    expect((await t.db.account.findUniqueOrThrow({ where: { email: user.email } })).otpEnabledAt).not.toBeNull();
  });

  it("refuses the link once used, and needs both the SMS code and the CAPTCHA", async () => {
    const user = await atOtpStep();
    const token = await lostDeviceLink(user);
    await post("/api/v1/otp-recovery/send-sms", { token });
    const code = codeFromSms((await messagesTo(t.db, user.phone))[0]!.text);
    const noCode = await post("/api/v1/otp-recovery/disable", { token, captcha: await solveCaptcha(t.app) });
    expect(noCode.json().errors).toEqual([expect.objectContaining({ field: "code", code: "REQUIRED" })]);
    expect((await post("/api/v1/otp-recovery/disable", { token, code, captcha: await solveCaptcha(t.app) })).statusCode).toBe(200);
    const reused = await post("/api/v1/otp-recovery/inspect", { token });
    expect(reused.json().code).toBe("TOKEN_USED");
  });

  it("explains the support path when there is no verified phone", async () => {
    const user = await atOtpStep({ phoneVerified: false });
    const token = await lostDeviceLink(user);
    expect((await post("/api/v1/otp-recovery/inspect", { token })).json()).toMatchObject({ phoneVerified: false, phone: null });
    const sms = await post("/api/v1/otp-recovery/send-sms", { token });
    expect(sms.statusCode).toBe(409);
    expect(sms.json().code).toBe("PHONE_NOT_VERIFIED");
    expect(sms.json().detail).toMatch(/support/);
  });

  it("accepts the browser's request with no body at all, finding the attempt by its cookie", async () => {
    const user = await atOtpStep();
    const browser = await t.app.inject({
      method: "POST",
      url: "/api/v1/auth/sign-in",
      headers: { "user-agent": UA_FIREFOX, origin: ORIGIN },
      payload: { email: user.email, password: PASSWORD },
    });
    const cookie = browser.cookies.map((c) => `${c.name}=${c.value}`).join("; ");
    expect(cookie).not.toBe("");
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/auth/sign-in/otp/lost-device",
      headers: { "user-agent": UA_FIREFOX, origin: ORIGIN, cookie },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ status: "email_sent" });
  });

  it("needs the OTP step of a sign-in in this browser", async () => {
    const res = await post("/api/v1/auth/sign-in/otp/lost-device", {});
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe("LOGIN_ATTEMPT_INVALID");
  });
});
