/**
 * Nothing secret in the logs (issue 9): the API logs at its most verbose level while a
 * customer signs up, verifies email and phone, signs in, sets up OTP, signs in with a
 * code and resets the password; then every password, code, token and key the test saw
 * is searched for in what was logged. (Tokens travel in bodies, fragments and cookies,
 * never in request URLs; cookies and Authorization are removed from request logs.)
 */
import { Secret } from "otpauth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codeFromSms, messagesTo, ORIGIN, solveCaptcha, TEST_ENV, tokenFromLink, UA_FIREFOX } from "../test/app.ts";
import { createTestDatabase } from "../test/database.ts";
import { buildApp } from "./app.ts";
import { loadConfig } from "./config.ts";
import { FakeClock, SECOND } from "./lib/clock.ts";
import { codeAtStep, stepAt } from "./otp/totp.ts";

const lines: string[] = [];
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let app: Awaited<ReturnType<typeof buildApp>>;
const clock = new FakeClock(new Date());

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildApp({
    config: loadConfig({ ...TEST_ENV, LOG_LEVEL: "trace" }),
    db: database.db,
    clock,
    logStream: { write: (line) => lines.push(line) },
  });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await database.drop();
});

describe("the logs", () => {
  it("hold none of the passwords, codes, tokens and keys of a customer's whole journey", async () => {
    const secrets: Record<string, string> = {};
    const email = `logs-${Date.now()}@example.com`;
    const phone = "+420601987654";
    const password = "logged nowhere at all 1";
    secrets.password = password;

    const post = (url: string, payload?: object, headers: Record<string, string> = {}) =>
      app.inject({ method: "POST", url, headers: { "user-agent": UA_FIREFOX, ...headers }, ...(payload ? { payload } : {}) });

    expect((await post("/api/v1/signup", { email, phone, password, acceptTerms: true, captcha: await solveCaptcha(app) })).statusCode).toBe(
      202,
    );
    secrets.emailToken = tokenFromLink((await messagesTo(database.db, email))[0]!.text);
    expect((await post("/api/v1/signup/verify-email", { token: secrets.emailToken })).statusCode).toBeLessThan(300);

    const wrong = await post("/api/v1/auth/sign-in", { email, password: "the wrong one, also secret" });
    expect(wrong.statusCode).toBe(401);
    secrets.wrongPassword = "the wrong one, also secret";

    const signedIn = await post("/api/v1/auth/sign-in", { email, password, tokenDelivery: "bearer" });
    secrets.session = signedIn.json().token;
    const auth = { authorization: `Bearer ${secrets.session}`, origin: ORIGIN };

    expect((await post("/api/v1/account/phone/send-code", undefined, auth)).statusCode).toBeLessThan(300);
    secrets.smsCode = codeFromSms((await messagesTo(database.db, phone))[0]!.text);
    expect((await post("/api/v1/account/phone/verify", { code: secrets.smsCode }, auth)).statusCode).toBeLessThan(300);

    const setup = (await post("/api/v1/account/otp/setup", undefined, auth)).json();
    secrets.otpSecret = setup.secret;
    const key = new Uint8Array(Secret.fromBase32(setup.secret).buffer);
    secrets.activationCode = codeAtStep(key, stepAt(clock.now().getTime()));
    expect((await post("/api/v1/account/otp/activate", { password, code: secrets.activationCode }, auth)).statusCode).toBeLessThan(300);

    clock.advance(30 * SECOND);
    const attempt = await post("/api/v1/auth/sign-in", { email, password, tokenDelivery: "bearer" });
    secrets.attemptToken = attempt.json().attemptToken;
    secrets.signInCode = codeAtStep(key, stepAt(clock.now().getTime()));
    const second = await post("/api/v1/auth/sign-in/otp", { attemptToken: secrets.attemptToken, code: secrets.signInCode });
    expect(second.statusCode).toBe(200);
    secrets.secondSession = second.json().token;

    // Password reset, in a browser: binding cookie, link token, new password.
    const asked = await post("/api/v1/password-reset", { email, captcha: await solveCaptcha(app) }, { origin: ORIGIN });
    const cookie = asked.cookies.map((c) => `${c.name}=${c.value}`).join("; ");
    for (const c of asked.cookies) secrets[`cookie:${c.name}`] = c.value;
    const resetMail = (await messagesTo(database.db, email)).find((m) => m.template === "password_reset_link");
    secrets.resetToken = tokenFromLink(resetMail!.text);
    secrets.newPassword = "another secret passphrase 2";
    const reset = await post(
      "/api/v1/password-reset/complete",
      { token: secrets.resetToken, password: secrets.newPassword, passwordConfirmation: secrets.newPassword },
      { origin: ORIGIN, cookie },
    );
    expect(reset.statusCode).toBe(200);

    const logged = lines.join("");
    // The test would prove nothing if nothing had been logged.
    expect(lines.length).toBeGreaterThan(20);
    expect(logged).toContain("/api/v1/password-reset/complete");
    for (const [name, value] of Object.entries(secrets)) {
      expect(value, name).toEqual(expect.any(String));
      expect(logged.includes(value), `${name} appears in the logs`).toBe(false);
    }
  });

  it("say of each request its method, URL, client address and status, and none of its headers", async () => {
    lines.length = 0;
    await app.inject({ method: "GET", url: "/api/v1/account", headers: { authorization: "Bearer not-a-session", cookie: "a=b" } });
    const completed = lines.map((line) => JSON.parse(line)).find((entry) => entry.msg === "request completed");
    expect(completed).toMatchObject({
      req: { method: "GET", url: "/api/v1/account", remoteAddress: "127.0.0.1" },
      res: { statusCode: 401 },
    });
    expect(Object.keys(completed.req).sort()).toEqual(["method", "remoteAddress", "url"]);
    expect(lines.join("")).not.toMatch(/not-a-session|"cookie"|"authorization"/);
  });
});
