import { Secret } from "otpauth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, TEST_ENV, type TestContext, UA_FIREFOX } from "../../../test/app.ts";
import { bearerToken, signIn } from "../../../test/sign-in.ts";
import { loadConfig } from "../../config.ts";
import { codeAtStep, stepAt } from "../../otp/totp.ts";

const PROVIDERS = [
  { id: "test-id", displayName: "Portier Test ID", issuer: "http://127.0.0.1:9", clientId: "c", clientSecret: "s-0123456789abcdef" },
];

describe("dev seeding", () => {
  let on: TestContext;
  let off: TestContext;
  beforeAll(async () => {
    on = await createTestApp({ DEV_SEED: "true", SHARED_LOGIN_PROVIDERS: JSON.stringify(PROVIDERS) });
    off = await createTestApp();
  });
  afterAll(async () => {
    await on.close();
    await off.close();
  });

  const seed = (payload: unknown) => on.app.inject({ method: "POST", url: "/api/v1/dev/seed/accounts", payload: payload as object });
  const me = (token: string) =>
    on.app.inject({ method: "GET", url: "/api/v1/account", headers: { authorization: `Bearer ${token}`, "user-agent": UA_FIREFOX } });

  it("gives a verified account that signs in with the password it answers", async () => {
    const res = await seed({ state: "verified", locale: "cs" });
    expect(res.statusCode).toBe(201);
    const account = res.json();
    expect(account).toMatchObject({ state: "verified", locale: "cs", otpSecret: null, identity: null });
    expect(account.email).toMatch(/@example\.com$/);
    expect(account.phone).toMatch(/^\+420601\d{6}$/);
    const profile = (await me(await bearerToken(on.app, account.email, { password: account.password }))).json();
    expect(profile).toMatchObject({ email: account.email, phone: account.phone, emailVerified: true, phoneVerified: true, locale: "cs" });
  });

  it("gives an unverified account that cannot sign in until the email is verified (ADR 025)", async () => {
    const account = (await seed({ state: "unverified", email: "Fresh.Seed@Example.com" })).json();
    expect(account.email).toBe("fresh.seed@example.com");
    const res = await signIn(on.app, account.email, { password: account.password });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe("EMAIL_NOT_VERIFIED");
  });

  it("gives an account with OTP on whose answered key makes the codes the sign-in accepts", async () => {
    const account = (await seed({ state: "otp", password: "seven orange kettles sing" })).json();
    expect(account.password).toBe("seven orange kettles sing");
    const key = new Uint8Array(Secret.fromBase32(account.otpSecret).buffer);
    const passwordOnly = await signIn(on.app, account.email, { password: account.password });
    expect(passwordOnly.json()).toMatchObject({ status: "otp_required" });
    const token = await bearerToken(on.app, account.email, {
      password: account.password,
      otpCode: () => codeAtStep(key, stepAt(on.clock.now().getTime())),
    });
    expect((await me(token)).json()).toMatchObject({ email: account.email });
  });

  it("gives an account with a shared-login identity linked", async () => {
    const account = (await seed({ state: "linked", identity: { provider: "test-id", subject: "jana", name: "Jana" } })).json();
    expect(account.identity).toEqual({ provider: "test-id", subject: "jana" });
    const token = await bearerToken(on.app, account.email, { password: account.password });
    const overview = await on.app.inject({
      method: "GET",
      url: "/api/v1/account/shared-login",
      headers: { authorization: `Bearer ${token}`, "user-agent": UA_FIREFOX },
    });
    expect(overview.json().identities).toEqual([
      expect.objectContaining({ provider: { id: "test-id", displayName: "Portier Test ID" }, name: "Jana" }),
    ]);
    // One identity, one account.
    const again = await seed({ state: "linked", identity: { provider: "test-id", subject: "jana" } });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: "SHARED_LOGIN_LINKED_ELSEWHERE", errors: [{ field: "identity.subject" }] });
  });

  it("gives a staff member who signs in to the console with password and code", async () => {
    const res = await on.app.inject({ method: "POST", url: "/api/v1/dev/seed/staff", payload: { role: "admin" } });
    expect(res.statusCode).toBe(201);
    const staff = res.json();
    expect(staff).toMatchObject({ role: "admin" });
    const key = new Uint8Array(Secret.fromBase32(staff.otpSecret).buffer);
    const signedIn = await on.app.inject({
      method: "POST",
      url: "/api/v1/staff/sign-in",
      headers: { origin: TEST_ENV.PUBLIC_URL, "user-agent": UA_FIREFOX },
      payload: { email: staff.email, password: staff.password, code: codeAtStep(key, stepAt(on.clock.now().getTime())) },
    });
    expect(signedIn.statusCode, signedIn.body).toBe(200);
    const taken = await on.app.inject({ method: "POST", url: "/api/v1/dev/seed/staff", payload: { email: staff.email } });
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toMatchObject({ code: "EMAIL_TAKEN", errors: [{ field: "email" }] });
  });

  it("refuses bad input with problem+json naming the field", async () => {
    const cases: [unknown, string, string][] = [
      [{ state: "admin" }, "VALIDATION_FAILED", "state"],
      [{ state: "linked" }, "VALIDATION_FAILED", "identity"],
      [{ state: "verified", identity: { provider: "test-id" } }, "VALIDATION_FAILED", "identity"],
      [{ state: "linked", identity: { provider: "nowhere-id" } }, "VALIDATION_FAILED", "identity.provider"],
      [{ state: "verified", email: "not an address" }, "VALIDATION_FAILED", "email"],
      [{ state: "verified", phone: "+420 2 1234 5678" }, "VALIDATION_FAILED", "phone"],
      [{ state: "verified", password: "short" }, "VALIDATION_FAILED", "password"],
      [{ state: "verified", surprise: true }, "VALIDATION_FAILED", ""],
    ];
    for (const [payload, code, field] of cases) {
      const res = await seed(payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
      expect(res.json().code).toBe(code);
      if (field) expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    const existing = (await seed({ state: "verified" })).json();
    const taken = await seed({ state: "unverified", email: existing.email });
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toMatchObject({ code: "EMAIL_TAKEN", errors: [{ field: "email" }] });
  });

  it("does not exist unless DEV_SEED=true", async () => {
    expect((await off.app.inject({ method: "POST", url: "/api/v1/dev/seed/accounts", payload: { state: "verified" } })).statusCode).toBe(
      404,
    );
    expect((await off.app.inject({ method: "POST", url: "/api/v1/dev/seed/staff", payload: {} })).statusCode).toBe(404);
  });

  it("is refused at start in a production configuration (no dev mailbox)", () => {
    expect(() =>
      loadConfig({
        ...TEST_ENV,
        DEV_MAILBOX: "false",
        SMTP_URL: "smtp://127.0.0.1:2525",
        SMS_PROVIDER: "webhook",
        SMS_WEBHOOK_URL: "https://sms.example.com/send",
        DEV_SEED: "true",
      }),
    ).toThrow(
      /DEV_SEED: DEV_SEED creates accounts and staff members without any check, for development and tests only; it needs DEV_MAILBOX=true/,
    );
  });
});
