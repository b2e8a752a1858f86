import { describe, expect, it } from "vitest";
import { appForFile, createTestApp, messagesTo, solveCaptcha, tokenFromLink, verifyEmailByLink } from "../../../test/app.ts";
import { HOUR, SECOND } from "../../lib/clock.ts";

const t = appForFile(createTestApp);

let counter = 0;
const uniqueEmail = () => `user${++counter}-${Date.now()}@example.com`;
const PHONE = "+420601123456";
const PASSWORD = "correct horse battery";

async function signup(body: Record<string, unknown>) {
  return t.app.inject({
    method: "POST",
    url: "/api/v1/signup",
    payload: { phone: PHONE, password: PASSWORD, acceptTerms: true, captcha: await solveCaptcha(t.app), ...body },
  });
}

describe("sign-up", () => {
  it("creates the account and emails a verification link that verifies the address once", async () => {
    const email = uniqueEmail();
    const res = await signup({ email: `  ${email.toUpperCase()} ` });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ status: "check_email", email });

    const account = await t.db.account.findUniqueOrThrow({ where: { email } });
    expect(account.emailVerifiedAt).toBeNull();
    expect(account.phone).toBe(PHONE);
    expect(account.passwordHash).not.toContain(PASSWORD);

    const [mail] = await messagesTo(t.db, email);
    expect(mail?.template).toBe("signup_verify_email");
    expect(mail?.text).toContain("https://portier.test/verify-email#token=");
    const token = tokenFromLink(mail!.text);
    // Only a hash of the token is stored.
    expect(await t.db.verification.count({ where: { secretHash: token } })).toBe(0);

    const verified = await t.app.inject({ method: "POST", url: "/api/v1/signup/verify-email", payload: { token } });
    expect(verified.statusCode).toBe(200);
    expect((await t.db.account.findUniqueOrThrow({ where: { email } })).emailVerifiedAt).not.toBeNull();

    const again = await t.app.inject({ method: "POST", url: "/api/v1/signup/verify-email", payload: { token } });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe("TOKEN_USED");
  });

  it("answers a duplicate sign-up exactly as a new one and emails the owner instead", async () => {
    const email = uniqueEmail();
    const first = await signup({ email });
    t.clock.advance(SECOND);
    const before = await t.db.account.findUniqueOrThrow({ where: { email } });
    const second = await signup({ email, password: "another long passphrase", phone: "+420777000111" });

    expect(second.statusCode).toBe(first.statusCode);
    expect(second.json()).toEqual(first.json());
    expect(second.headers["content-type"]).toBe(first.headers["content-type"]);
    expect(await t.db.account.count({ where: { email } })).toBe(1);
    const after = await t.db.account.findUniqueOrThrow({ where: { email } });
    expect(after.passwordHash).toBe(before.passwordHash);
    expect(after.phone).toBe(PHONE);
    const templates = (await messagesTo(t.db, email)).map((m) => m.template);
    expect(templates).toEqual(["signup_already_registered", "signup_verify_email"]);
  });

  it("lets only one of many parallel sign-ups for one address create the account", async () => {
    const email = uniqueEmail();
    const responses = await Promise.all(Array.from({ length: 8 }, () => signup({ email })));
    expect(responses.map((r) => r.statusCode)).toEqual(Array(8).fill(202));
    expect(await t.db.account.count({ where: { email } })).toBe(1);
    const templates = (await messagesTo(t.db, email)).map((m) => m.template).sort();
    expect(templates.filter((x) => x === "signup_verify_email")).toHaveLength(1);
    expect(templates.filter((x) => x === "signup_already_registered")).toHaveLength(7);
  });

  it("refuses an expired link, a wrong link and a link replaced by a resend, each with its own code", async () => {
    const email = uniqueEmail();
    await signup({ email });
    const oldToken = tokenFromLink((await messagesTo(t.db, email))[0]!.text);
    t.clock.advance(SECOND);

    const resend = await t.app.inject({
      method: "POST",
      url: "/api/v1/signup/resend-email",
      payload: { email, captcha: await solveCaptcha(t.app) },
    });
    expect(resend.statusCode).toBe(202);
    const newToken = tokenFromLink((await messagesTo(t.db, email))[0]!.text);
    expect(newToken).not.toBe(oldToken);

    const replaced = await t.app.inject({ method: "POST", url: "/api/v1/signup/verify-email", payload: { token: oldToken } });
    expect(replaced.statusCode).toBe(400);
    expect(replaced.json().code).toBe("TOKEN_VOIDED");

    const wrong = await t.app.inject({ method: "POST", url: "/api/v1/signup/verify-email", payload: { token: "A".repeat(43) } });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().code).toBe("TOKEN_INVALID");

    t.clock.advance(24 * HOUR + SECOND);
    const expired = await t.app.inject({ method: "POST", url: "/api/v1/signup/verify-email", payload: { token: newToken } });
    expect(expired.statusCode).toBe(410);
    expect(expired.json().code).toBe("TOKEN_EXPIRED");
    expect((await t.db.account.findUniqueOrThrow({ where: { email } })).emailVerifiedAt).toBeNull();
  });

  it("answers a resend for an unknown address exactly as for a known one", async () => {
    const known = uniqueEmail();
    await signup({ email: known });
    const a = await t.app.inject({
      method: "POST",
      url: "/api/v1/signup/resend-email",
      payload: { email: known, captcha: await solveCaptcha(t.app) },
    });
    const b = await t.app.inject({
      method: "POST",
      url: "/api/v1/signup/resend-email",
      payload: { email: uniqueEmail(), captcha: await solveCaptcha(t.app) },
    });
    expect(b.statusCode).toBe(a.statusCode);
    expect(b.json()).toEqual(a.json());
  });

  it("lets a verification link be used exactly once when fired 20 times in parallel", async () => {
    const email = uniqueEmail();
    await signup({ email });
    const token = tokenFromLink((await messagesTo(t.db, email))[0]!.text);
    const results = await Promise.all(
      Array.from({ length: 20 }, () => t.app.inject({ method: "POST", url: "/api/v1/signup/verify-email", payload: { token } })),
    );
    const codes = results.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 200)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(19);
  });
});

describe("sign-up password rules", () => {
  const fieldCodes = (res: { json(): { errors?: { field: string; code: string }[] } }) =>
    (res.json().errors ?? []).filter((e) => e.field === "password").map((e) => e.code);

  it("refuses 9 characters, 300 characters and a common password, saying why", async () => {
    const short = await signup({ email: uniqueEmail(), password: "abcdefgh9" });
    expect(short.statusCode).toBe(400);
    expect(fieldCodes(short)).toContain("PASSWORD_TOO_SHORT");

    const long = await signup({ email: uniqueEmail(), password: "x".repeat(300) });
    expect(long.statusCode).toBe(400);
    expect(fieldCodes(long)).toContain("PASSWORD_TOO_LONG");

    const common = await signup({ email: uniqueEmail(), password: "password123" });
    expect(common.statusCode).toBe(400);
    expect(fieldCodes(common)).toEqual(["PASSWORD_TOO_COMMON"]);
    expect(common.json().detail).toMatch(/common/i);
  });

  it("refuses a password containing the email's local part or the product name", async () => {
    const res = await signup({ email: "jan.novak@example.com", password: "my jan.novak secret" });
    expect(res.statusCode).toBe(400);
    expect(fieldCodes(res)).toContain("PASSWORD_CONTAINS_CONTEXT");
    const product = await signup({ email: uniqueEmail(), password: "I love PORTIER so much" });
    expect(fieldCodes(product)).toContain("PASSWORD_CONTAINS_CONTEXT");
  });

  it("accepts a 100-character Unicode password in full: changing its last character fails sign-in", async () => {
    const email = uniqueEmail();
    const password = `${[..."Žluťoučký kůň úpěl ďábelské ódy 🐎 ".repeat(3)].slice(0, 97).join("")}ž1!`;
    expect([...password]).toHaveLength(100);
    expect((await signup({ email, password })).statusCode).toBe(202);
    await verifyEmailByLink(t, email);

    const ok = await t.app.inject({ method: "POST", url: "/api/v1/auth/sign-in", payload: { email, password, tokenDelivery: "bearer" } });
    expect(ok.statusCode).toBe(200);
    const wrong = await t.app.inject({
      method: "POST",
      url: "/api/v1/auth/sign-in",
      payload: { email, password: `${password.slice(0, -1)}?`, tokenDelivery: "bearer" },
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().code).toBe("INVALID_CREDENTIALS");
  });
});

describe("sign-up bad input", () => {
  it("answers every malformed request with a 4xx problem saying what is wrong", async () => {
    const cases: { payload: string | Record<string, unknown>; headers?: Record<string, string>; status: number; code: string }[] = [
      { payload: { email: uniqueEmail(), extra: 1 }, status: 400, code: "VALIDATION_FAILED" },
      { payload: { email: "not-an-email" }, status: 400, code: "VALIDATION_FAILED" },
      { payload: { email: uniqueEmail(), phone: "+420212345678" }, status: 400, code: "VALIDATION_FAILED" },
      { payload: { email: uniqueEmail(), acceptTerms: false }, status: 400, code: "VALIDATION_FAILED" },
      { payload: { email: uniqueEmail(), captcha: "forged" }, status: 400, code: "CAPTCHA_INVALID" },
      { payload: "{not json", headers: { "content-type": "application/json" }, status: 400, code: "MALFORMED_REQUEST" },
      { payload: "email=a", headers: { "content-type": "application/x-www-form-urlencoded" }, status: 415, code: "UNSUPPORTED_MEDIA_TYPE" },
      {
        payload: JSON.stringify({ email: "a".repeat(70_000) }),
        headers: { "content-type": "application/json" },
        status: 413,
        code: "PAYLOAD_TOO_LARGE",
      },
    ];
    for (const c of cases) {
      const payload =
        typeof c.payload === "string"
          ? c.payload
          : { phone: PHONE, password: PASSWORD, acceptTerms: true, captcha: await solveCaptcha(t.app), ...c.payload };
      const res = await t.app.inject({ method: "POST", url: "/api/v1/signup", payload, headers: c.headers });
      expect(res.statusCode, JSON.stringify(c.payload).slice(0, 80)).toBe(c.status);
      expect(res.headers["content-type"]).toContain("application/problem+json");
      expect(res.json().code).toBe(c.code);
      expect(res.json().detail).toBeTruthy();
    }
  });

  it("names the unknown field, the invalid phone and the missing terms", async () => {
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/signup",
      payload: { email: uniqueEmail(), phone: "+420212345678", password: PASSWORD, captcha: "x", isAdmin: true },
    });
    const errors = res.json().errors as { field: string; code: string }[];
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: "isAdmin", code: "UNKNOWN_FIELD" }),
        expect.objectContaining({ field: "phone", code: "PHONE_NOT_MOBILE" }),
        expect.objectContaining({ field: "acceptTerms", code: "REQUIRED" }),
      ]),
    );
  });

  it("accepts a solved CAPTCHA once", async () => {
    const captcha = await solveCaptcha(t.app);
    const first = await signup({ email: uniqueEmail(), captcha });
    expect(first.statusCode).toBe(202);
    const second = await signup({ email: uniqueEmail(), captcha });
    expect(second.statusCode).toBe(400);
    expect(second.json().code).toBe("CAPTCHA_INVALID");
  });
});
