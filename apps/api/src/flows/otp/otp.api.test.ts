import { Secret } from "otpauth";
import { describe, expect, it } from "vitest";
import { appForFile, createTestApp, messagesTo, postAs, solveCaptcha, TEST_ENV, UA_FIREFOX } from "../../../test/app.ts";
import { buildApp } from "../../app.ts";
import { loadConfig } from "../../config.ts";
import { MINUTE, SECOND } from "../../lib/clock.ts";
import { createEncryptor } from "../../lib/encryption.ts";
import { codeAtStep, stepAt } from "../../otp/totp.ts";
import { reencryptOtpSecrets } from "./key-rotation.ts";

const t = appForFile(createTestApp);

const PASSWORD = "a long enough passphrase";
let n = 0;

interface User {
  email: string;
  token: string;
  secret?: Uint8Array;
}

const post = (url: string, payload?: object, token?: string) => postAs(t.app, url, payload, token);

/** A signed-in account with a verified email and phone (arranged directly: those flows have their own tests). */
async function newUser(): Promise<User> {
  const email = `otp${++n}-${Date.now()}@example.com`;
  await post("/api/v1/signup", {
    email,
    phone: "+420601123456",
    password: PASSWORD,
    acceptTerms: true,
    captcha: await solveCaptcha(t.app),
  });
  await t.db.account.update({ where: { email }, data: { emailVerifiedAt: t.clock.now(), phoneVerifiedAt: t.clock.now() } });
  const token = (await post("/api/v1/auth/sign-in", { email, password: PASSWORD, tokenDelivery: "bearer" })).json().token;
  return { email, token };
}

const codeNow = (secret: Uint8Array, offsetSteps = 0) => codeAtStep(secret, stepAt(t.clock.now().getTime()) + offsetSteps);
const nextStep = () => t.clock.advance(30 * SECOND);

async function enableOtp(user: User) {
  const key = (await post("/api/v1/account/otp/setup", undefined, user.token)).json();
  user.secret = new Uint8Array(Secret.fromBase32(key.secret).buffer);
  const res = await post("/api/v1/account/otp/activate", { password: PASSWORD, code: codeNow(user.secret) }, user.token);
  expect(res.statusCode).toBe(200);
  nextStep();
  return user.secret;
}

/** Password step as a bearer client; returns the attempt token for the OTP step. */
async function passwordStep(email: string) {
  const res = await post("/api/v1/auth/sign-in", { email, password: PASSWORD, tokenDelivery: "bearer" });
  expect(res.json().status).toBe("otp_required");
  return res.json().attemptToken as string;
}

const otpStep = (attemptToken: string, code: string) => post("/api/v1/auth/sign-in/otp", { attemptToken, code });

describe("OTP setup", () => {
  it("needs a verified email and phone", async () => {
    const user = await newUser();
    await t.db.account.update({ where: { email: user.email }, data: { phoneVerifiedAt: null } });
    const res = await post("/api/v1/account/otp/setup", undefined, user.token);
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe("OTP_PREREQUISITES_MISSING");
  });

  it("shows a 160-bit key as otpauth URI and in groups of 4", async () => {
    const user = await newUser();
    const key = (await post("/api/v1/account/otp/setup", undefined, user.token)).json();
    expect(Secret.fromBase32(key.secret).buffer.byteLength).toBe(20);
    expect(key.secretGrouped.replaceAll(" ", "")).toBe(key.secret);
    expect(key.secretGrouped).toMatch(/^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$/);
    expect(key.otpauthUri).toMatch(/^otpauth:\/\/totp\/Portier:.+\?secret=[A-Z2-7]+&issuer=Portier&algorithm=SHA1&digits=6&period=30$/);
  });

  it("discards the key when activation has a wrong password or a wrong code", async () => {
    for (const mistake of ["password", "code"] as const) {
      const user = await newUser();
      const key = (await post("/api/v1/account/otp/setup", undefined, user.token)).json();
      const secret = new Uint8Array(Secret.fromBase32(key.secret).buffer);
      const good = codeNow(secret);
      const res = await post(
        "/api/v1/account/otp/activate",
        mistake === "password"
          ? { password: "not my password", code: good }
          : { password: PASSWORD, code: good === "000000" ? "111111" : "000000" },
        user.token,
      );
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe(mistake === "password" ? "PASSWORD_INCORRECT" : "OTP_INVALID");
      expect(res.json().detail).toMatch(/discarded/);
      // The same key, now with everything right, is gone: setup starts again.
      const again = await post("/api/v1/account/otp/activate", { password: PASSWORD, code: good }, user.token);
      expect(again.json().code).toBe("OTP_SETUP_NOT_STARTED");
      expect((await t.db.account.findUniqueOrThrow({ where: { email: user.email } })).otpPendingSecret).toBeNull();
    }
  });

  it("activates with password and code, stores the key encrypted, and emails the owner", async () => {
    const user = await newUser();
    const secret = await enableOtp(user);
    const row = await t.db.account.findUniqueOrThrow({ where: { email: user.email } });
    const base32 = new Secret({ buffer: secret.slice().buffer as ArrayBuffer }).base32;
    expect(row.otpSecret).toMatch(/^v1\.test1\./);
    for (const plain of [base32, Buffer.from(secret).toString("hex"), Buffer.from(secret).toString("base64")])
      expect(row.otpSecret).not.toContain(plain);
    expect((await messagesTo(t.db, user.email)).map((m) => m.template)).toContain("otp_activated");
    expect(
      (
        await t.app.inject({
          method: "GET",
          url: "/api/v1/account/otp",
          headers: { authorization: `Bearer ${user.token}`, "user-agent": UA_FIREFOX },
        })
      ).json(),
    ).toMatchObject({
      enabled: true,
    });
  });
});

describe("sign-in with OTP", () => {
  it("asks for the code after the password, then completes with a session", async () => {
    const user = await newUser();
    const secret = await enableOtp(user);
    const attempt = await passwordStep(user.email);
    const res = await otpStep(attempt, codeNow(secret));
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe("complete");
    const session = res.json().token;
    expect(
      (
        await t.app.inject({
          method: "GET",
          url: "/api/v1/account",
          headers: { authorization: `Bearer ${session}`, "user-agent": UA_FIREFOX },
        })
      ).statusCode,
    ).toBe(200);
    // The attempt is spent.
    expect((await otpStep(attempt, codeNow(secret, 1))).json().code).toBe("LOGIN_ATTEMPT_INVALID");
  });

  it("sets the attempt in an HttpOnly cookie for browsers, and a cookie alone cannot be replayed from another attempt", async () => {
    const user = await newUser();
    const secret = await enableOtp(user);
    const res = await post("/api/v1/auth/sign-in", { email: user.email, password: PASSWORD });
    expect(res.json()).toMatchObject({ status: "otp_required" });
    expect(res.json().attemptToken).toBeUndefined();
    const cookie = res.cookies.find((c) => c.name === "__Host-portier_attempt");
    expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: "Lax" });
    const done = await t.app.inject({
      method: "POST",
      url: "/api/v1/auth/sign-in/otp",
      headers: { "user-agent": UA_FIREFOX, origin: "https://portier.test" },
      cookies: { "__Host-portier_attempt": cookie!.value },
      payload: { code: codeNow(secret) },
    });
    expect(done.statusCode).toBe(200);
    expect(done.cookies.find((c) => c.name === "__Host-portier_session")?.value).toBeTruthy();
    const foreign = await t.app.inject({
      method: "POST",
      url: "/api/v1/auth/sign-in/otp",
      headers: { "user-agent": UA_FIREFOX, origin: "https://evil.example" },
      cookies: { "__Host-portier_attempt": cookie!.value },
      payload: { code: codeNow(secret) },
    });
    expect(foreign.json().code).toBe("ORIGIN_NOT_ALLOWED");
  });

  it("accepts a code once: twice in a row, and twice at the same moment, it works once", async () => {
    const user = await newUser();
    const secret = await enableOtp(user);
    const code = codeNow(secret);
    expect((await otpStep(await passwordStep(user.email), code)).statusCode).toBe(200);
    const replay = await otpStep(await passwordStep(user.email), code);
    expect(replay.json().code).toBe("OTP_INVALID");

    nextStep();
    const fresh = codeNow(secret);
    const [a, b] = [await passwordStep(user.email), await passwordStep(user.email)];
    const results = await Promise.all([otpStep(a, fresh), otpStep(b, fresh)]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 400]);
  });

  it("refuses a code from two steps ago, accepts one from the last step", async () => {
    const user = await newUser();
    const secret = await enableOtp(user);
    nextStep(); // the activation's step is now two back, the one after it unused
    const attempt = await passwordStep(user.email);
    expect((await otpStep(attempt, codeNow(secret, -2))).json().code).toBe("OTP_INVALID");
    expect((await otpStep(attempt, codeNow(secret, -1))).statusCode).toBe(200);
  });

  it("ends the attempt after 5 wrong codes; the 6th try is refused even with the right code", async () => {
    const user = await newUser();
    const secret = await enableOtp(user);
    const attempt = await passwordStep(user.email);
    const wrong = codeNow(secret) === "000000" ? "111111" : "000000";
    const answers: { code: string; params?: unknown }[] = [];
    for (let i = 0; i < 5; i++) {
      const { code, params } = (await otpStep(attempt, wrong)).json();
      answers.push({ code, params });
    }
    // The tries left are a parameter, not only words in the detail (issue 14).
    expect(answers).toEqual([
      { code: "OTP_INVALID", params: { remainingTries: 4 } },
      { code: "OTP_INVALID", params: { remainingTries: 3 } },
      { code: "OTP_INVALID", params: { remainingTries: 2 } },
      { code: "OTP_INVALID", params: { remainingTries: 1 } },
      { code: "LOGIN_ATTEMPT_TOO_MANY_CODES", params: { maxTries: 5 } },
    ]);
    const sixth = await otpStep(attempt, codeNow(secret));
    expect(sixth.statusCode).toBe(401);
    expect(sixth.json()).toMatchObject({ code: "LOGIN_ATTEMPT_TOO_MANY_CODES", params: { maxTries: 5 } });
    expect(
      (await t.db.loginAttempt.findMany({ where: { account: { email: user.email }, state: "rejected" } })).map((a) => a.rejectedReason),
    ).toEqual(["too_many_codes"]);
    const history = await t.db.loginEvent.count({ where: { account: { email: user.email }, result: "wrong_otp" } });
    expect(history).toBe(5);
  });

  it("lets no more than 5 of 20 parallel wrong codes be checked in one attempt", async () => {
    const user = await newUser();
    const secret = await enableOtp(user);
    const attempt = await passwordStep(user.email);
    const wrong = codeNow(secret) === "000000" ? "111111" : "000000";
    const results = await Promise.all(Array.from({ length: 20 }, () => otpStep(attempt, wrong)));
    expect(results.every((r) => r.statusCode < 500)).toBe(true);
    expect(await t.db.loginEvent.count({ where: { account: { email: user.email }, result: "wrong_otp" } })).toBe(5);
  });

  it("blocks OTP checks for 15 minutes after 10 consecutive wrong codes on the account", async () => {
    const user = await newUser();
    const secret = await enableOtp(user);
    const wrong = () => (codeNow(secret) === "000000" ? "111111" : "000000");
    const first = await passwordStep(user.email);
    for (let i = 0; i < 4; i++) await otpStep(first, wrong());
    const second = await passwordStep(user.email);
    for (let i = 0; i < 4; i++) await otpStep(second, wrong());
    const third = await passwordStep(user.email);
    await otpStep(third, wrong());
    const tenth = await otpStep(third, wrong());
    expect(tenth.statusCode).toBe(429);
    expect(tenth.json()).toMatchObject({ code: "OTP_BLOCKED", retryAfter: 900 });
    expect((await otpStep(third, codeNow(secret))).json().code).toBe("OTP_BLOCKED");

    t.clock.advance(15 * MINUTE);
    const later = await passwordStep(user.email);
    expect((await otpStep(later, codeNow(secret))).statusCode).toBe(200);
  });

  it("expires the attempt after 10 minutes", async () => {
    const user = await newUser();
    const secret = await enableOtp(user);
    const attempt = await passwordStep(user.email);
    t.clock.advance(10 * MINUTE + SECOND);
    const res = await otpStep(attempt, codeNow(secret));
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe("LOGIN_ATTEMPT_EXPIRED");
  });
});

describe("show key and deactivate", () => {
  it("need the password and a current code, and each emails the owner", async () => {
    const user = await newUser();
    const secret = await enableOtp(user);
    const wrongPassword = await post("/api/v1/account/otp/show-key", { password: "nope nope nope", code: codeNow(secret) }, user.token);
    expect(wrongPassword.json().code).toBe("PASSWORD_INCORRECT");
    const shown = await post("/api/v1/account/otp/show-key", { password: PASSWORD, code: codeNow(secret) }, user.token);
    expect(shown.statusCode).toBe(200);
    expect(new Uint8Array(Secret.fromBase32(shown.json().secret).buffer)).toEqual(secret);

    const reused = await post("/api/v1/account/otp/deactivate", { password: PASSWORD, code: codeNow(secret) }, user.token);
    expect(reused.json().code).toBe("OTP_INVALID");
    nextStep();
    const off = await post("/api/v1/account/otp/deactivate", { password: PASSWORD, code: codeNow(secret) }, user.token);
    expect(off.statusCode).toBe(200);
    expect(off.json().enabled).toBe(false);
    const templates = (await messagesTo(t.db, user.email)).map((m) => m.template);
    expect(templates).toEqual(expect.arrayContaining(["otp_activated", "otp_key_displayed", "otp_deactivated"]));
    expect((await post("/api/v1/auth/sign-in", { email: user.email, password: PASSWORD, tokenDelivery: "bearer" })).json().status).toBe(
      "complete",
    );
  });
});

describe("key rotation", () => {
  it("re-encrypts under a new key and keeps existing users signing in", async () => {
    const user = await newUser();
    const secret = await enableOtp(user);
    const newKey = `test2:${Buffer.alloc(32, 9).toString("base64")}`;
    const rotatedConfig = loadConfig({ ...TEST_ENV, ENCRYPTION_KEYS: `${newKey},${TEST_ENV.ENCRYPTION_KEYS}` });
    const rewritten = await reencryptOtpSecrets({ db: t.db, encryptor: createEncryptor(rotatedConfig.encryptionKeys) });
    expect(rewritten).toBeGreaterThanOrEqual(1);
    expect((await t.db.account.findUniqueOrThrow({ where: { email: user.email } })).otpSecret).toMatch(/^v1\.test2\./);

    // An instance that knows only the new key signs the user in.
    const onlyNew = await buildApp({ config: loadConfig({ ...TEST_ENV, ENCRYPTION_KEYS: newKey }), db: t.db, clock: t.clock });
    try {
      const attempt = (
        await onlyNew.inject({
          method: "POST",
          url: "/api/v1/auth/sign-in",
          headers: { "user-agent": UA_FIREFOX },
          payload: { email: user.email, password: PASSWORD, tokenDelivery: "bearer" },
        })
      ).json().attemptToken;
      const done = await onlyNew.inject({
        method: "POST",
        url: "/api/v1/auth/sign-in/otp",
        headers: { "user-agent": UA_FIREFOX },
        payload: { attemptToken: attempt, code: codeNow(secret) },
      });
      expect(done.statusCode).toBe(200);
    } finally {
      await onlyNew.close();
    }
  });
});
