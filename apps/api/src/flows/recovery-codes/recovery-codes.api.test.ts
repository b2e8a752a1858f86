import { describe, expect, it } from "vitest";
import { appForFile, createTestApp, messagesTo, postAs, UA_FIREFOX } from "../../../test/app.ts";
import { accountWithOtp, PASSWORD, verifiedAccount } from "../../../test/factories.ts";
import { bearerToken, signIn } from "../../../test/sign-in.ts";
import { SECOND } from "../../lib/clock.ts";

const t = appForFile(createTestApp);

const post = (url: string, payload?: object, token?: string) => postAs(t.app, url, payload, token);
const get = (url: string, token: string) =>
  t.app.inject({ method: "GET", url, headers: { "user-agent": UA_FIREFOX, authorization: `Bearer ${token}` } });

/** An account with OTP on, signed in, with a fresh set of codes made on request. */
async function withCodes() {
  const user = await accountWithOtp(t);
  const token = await bearerToken(t.app, user.email, { otpCode: () => user.nextCode() });
  const res = await post("/api/v1/account/recovery-codes", { password: PASSWORD }, token);
  expect(res.statusCode).toBe(200);
  expect(res.headers["cache-control"]).toContain("no-store");
  const codes = res.json().codes as string[];
  return { user, token, codes };
}

async function passwordStep(email: string) {
  const res = await signIn(t.app, email);
  expect(res.json().status).toBe("otp_required");
  return res.json() as { attemptToken: string; secondFactors: string[] };
}

describe("recovery codes", () => {
  it("are ten, shown once, stored only as keyed hashes, and made when OTP is turned on", async () => {
    const { user, token, codes } = await withCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[0-9a-hjkmnp-tv-z]{5}-[0-9a-hjkmnp-tv-z]{5}$/);
    const rows = await t.db.recoveryCode.findMany({ where: { accountId: user.id } });
    expect(rows).toHaveLength(10);
    for (const row of rows) for (const code of codes) expect(row.codeHash).not.toContain(code.replace("-", ""));
    expect((await get("/api/v1/account/recovery-codes", token)).json()).toMatchObject({ remaining: 10, available: true });
    expect((await messagesTo(t.db, user.email)).map((m) => m.template)).toContain("recovery_codes_created");
    const history = await t.db.loginEvent.findMany({ where: { accountId: user.id, result: "recovery_codes_created" } });
    expect(history).toHaveLength(1);
  });

  it("come with OTP's activation, which turns two-factor sign-in on", async () => {
    const user = await verifiedAccount(t);
    const token = await bearerToken(t.app, user.email);
    const key = (await post("/api/v1/account/otp/setup", undefined, token)).json();
    const { Secret } = await import("otpauth");
    const { codeAtStep, stepAt } = await import("../../otp/totp.ts");
    const secret = new Uint8Array(Secret.fromBase32(key.secret).buffer);
    const res = await post(
      "/api/v1/account/otp/activate",
      { password: PASSWORD, code: codeAtStep(secret, stepAt(t.clock.now().getTime())) },
      token,
    );
    expect(res.statusCode).toBe(200);
    expect(res.json().enabled).toBe(true);
    expect(res.json().recoveryCodes).toHaveLength(10);
  });

  it("are refused without two-factor sign-in, and ask for the password", async () => {
    const plain = await verifiedAccount(t);
    const plainToken = await bearerToken(t.app, plain.email);
    const refused = await post("/api/v1/account/recovery-codes", { password: PASSWORD }, plainToken);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe("RECOVERY_CODES_UNAVAILABLE");

    const { token } = await withCodes();
    const wrong = await post("/api/v1/account/recovery-codes", { password: "not the password at all" }, token);
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().code).toBe("PASSWORD_INCORRECT");
  });

  it("each sign in once in place of the OTP code, tell how many are left, and email the owner", async () => {
    const { user, codes } = await withCodes();
    const first = await passwordStep(user.email);
    expect(first.secondFactors).toEqual(["otp", "recovery_code"]);
    // Typed loosely: upper case, spaces instead of the hyphen.
    const typed = (codes[0] as string).toUpperCase().replace("-", " ");
    const ok = await post("/api/v1/auth/sign-in/recovery-code", { attemptToken: first.attemptToken, code: typed });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ status: "complete", recoveryCodesRemaining: 9 });
    expect(ok.json().token).toEqual(expect.any(String));
    const mail = (await messagesTo(t.db, user.email)).find((m) => m.template === "recovery_code_used");
    expect(mail?.text).toContain("9 unused codes are left");

    // The same code again, in a new sign-in: refused, and counted as a wrong try.
    const second = await passwordStep(user.email);
    const again = await post("/api/v1/auth/sign-in/recovery-code", { attemptToken: second.attemptToken, code: codes[0] });
    expect(again.statusCode).toBe(400);
    expect(again.json()).toMatchObject({ code: "RECOVERY_CODE_INVALID", params: { remainingTries: 4 } });
    const other = await post("/api/v1/auth/sign-in/recovery-code", { attemptToken: second.attemptToken, code: codes[1] });
    expect(other.json()).toMatchObject({ status: "complete", recoveryCodesRemaining: 8 });
  });

  it("a new set voids the old one", async () => {
    const { user, token, codes } = await withCodes();
    t.clock.advance(SECOND);
    const fresh = (await post("/api/v1/account/recovery-codes", { password: PASSWORD }, token)).json().codes as string[];
    const attempt = await passwordStep(user.email);
    const old = await post("/api/v1/auth/sign-in/recovery-code", { attemptToken: attempt.attemptToken, code: codes[0] });
    expect(old.json().code).toBe("RECOVERY_CODE_INVALID");
    const ok = await post("/api/v1/auth/sign-in/recovery-code", { attemptToken: attempt.attemptToken, code: fresh[0] });
    expect(ok.json().status).toBe("complete");
  });

  it("one code used 20 times at once, in 20 sign-ins: exactly one gets in", async () => {
    const { user, codes } = await withCodes();
    const attempts = [];
    for (let i = 0; i < 20; i++) attempts.push((await passwordStep(user.email)).attemptToken);
    const answers = await Promise.all(
      attempts.map((attemptToken) => post("/api/v1/auth/sign-in/recovery-code", { attemptToken, code: codes[3] })),
    );
    const complete = answers.filter((r) => r.statusCode === 200 && r.json().status === "complete");
    expect(complete).toHaveLength(1);
    expect(answers.filter((r) => r.json().code === "RECOVERY_CODE_INVALID")).toHaveLength(19);
    expect(await t.db.recoveryCode.count({ where: { accountId: user.id, usedAt: { not: null } } })).toBe(1);
    expect((await messagesTo(t.db, user.email)).filter((m) => m.template === "recovery_code_used")).toHaveLength(1);
  });

  it("are no second factor of their own: an account without OTP or passkey signs in with the password", async () => {
    const { user, token } = await withCodes();
    await post("/api/v1/account/otp/deactivate", { password: PASSWORD, code: user.nextCode() }, token);
    const res = await signIn(t.app, user.email);
    expect(res.json().status).toBe("complete");
  });

  it("a malformed code is a 400 naming the field, and counts nothing", async () => {
    const { user } = await withCodes();
    const attempt = await passwordStep(user.email);
    const res = await post("/api/v1/auth/sign-in/recovery-code", { attemptToken: attempt.attemptToken, code: "not-a-code!" });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe("VALIDATION_FAILED");
    const row = await t.db.loginAttempt.findFirstOrThrow({ where: { accountId: user.id, state: "otp_required" } });
    expect(row.failures).toBe(0);
  });
});
