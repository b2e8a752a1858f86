import { describe, expect, it } from "vitest";
import {
  appForFile,
  codeFromSms,
  createTestApp,
  messagesTo,
  newBrowser,
  ORIGIN,
  solveCaptcha,
  tokenFromLink,
  UA_FIREFOX,
} from "../../../test/app.ts";
import { PASSWORD, verifiedAccount } from "../../../test/factories.ts";
import { bearerToken, signIn } from "../../../test/sign-in.ts";
import { HOUR, MINUTE, SECOND } from "../../lib/clock.ts";

const t = appForFile(createTestApp);

const NEW_PASSWORD = "quiet orchard under snow 4471";
let n = 0;

const uniqueEmail = (prefix: string) => `${prefix}${++n}-${Date.now()}@example.com`;
const uniquePhone = () => `+42073${String(3000000 + ++n).slice(-7)}`;

/** A customer with verified email and phone, signed in with a bearer token. */
async function customer() {
  const { email, phone } = await verifiedAccount(t);
  return { email, phone, token: await bearerToken(t.app, email) };
}

const post = (token: string, url: string, payload?: unknown) =>
  t.app.inject({
    method: "POST",
    url: `/api/v1${url}`,
    headers: { authorization: `Bearer ${token}`, "user-agent": UA_FIREFOX },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });

const getAccount = (token: string) =>
  t.app.inject({ method: "GET", url: "/api/v1/account", headers: { authorization: `Bearer ${token}`, "user-agent": UA_FIREFOX } });

const changePassword = (token: string, body: Record<string, unknown>) =>
  post(token, "/account/password", { currentPassword: PASSWORD, newPassword: NEW_PASSWORD, endOtherSessions: true, ...body });

const templatesTo = async (recipient: string) => (await messagesTo(t.db, recipient)).map((m) => m.template);

function expectProblem(
  res: { statusCode: number; headers: Record<string, unknown>; json(): { code: string } },
  status: number,
  code: string,
) {
  expect(res.statusCode).toBe(status);
  expect(res.headers["content-type"]).toContain("application/problem+json");
  expect(res.json().code).toBe(code);
}

describe("password change", () => {
  it("sets the new password, ends the other sessions when asked and keeps this one", async () => {
    const { email, token } = await customer();
    const other = await bearerToken(t.app, email);

    const res = await changePassword(token, {});
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ status: "password_changed", otherSessionsEnded: 1 });
    expect(res.headers["cache-control"]).toBe("no-store");

    expect((await getAccount(token)).statusCode).toBe(200);
    expect((await getAccount(other)).statusCode).toBe(401);
    expect((await signIn(t.app, email, { password: PASSWORD })).statusCode).toBe(401);
    expect((await signIn(t.app, email, { password: NEW_PASSWORD })).statusCode).toBe(200);

    const mail = (await messagesTo(t.db, email)).find((m) => m.template === "password_changed");
    expect(mail?.text).toContain(
      "Every other sign-in to your account was logged out, and so was every service you signed in to with Portier.",
    );
  });

  it("keeps the other sessions when not asked to end them", async () => {
    const { email, token } = await customer();
    const other = await bearerToken(t.app, email);
    const res = await changePassword(token, { endOtherSessions: false });
    expect(res.json()).toEqual({ status: "password_changed", otherSessionsEnded: 0 });
    expect((await getAccount(other)).statusCode).toBe(200);
    expect((await getAccount(token)).statusCode).toBe(200);
    const mail = (await messagesTo(t.db, email)).find((m) => m.template === "password_changed");
    expect(mail?.text).toContain("Your other sign-ins stay signed in");
  });

  it("refuses a wrong current password and changes nothing", async () => {
    const { email, token } = await customer();
    const other = await bearerToken(t.app, email);
    const res = await changePassword(token, { currentPassword: "not the password at all" });
    expectProblem(res, 400, "PASSWORD_INCORRECT");
    expect(res.json().errors).toEqual([expect.objectContaining({ field: "currentPassword", code: "PASSWORD_INCORRECT" })]);
    expect((await getAccount(other)).statusCode).toBe(200);
    expect((await signIn(t.app, email, { password: PASSWORD })).statusCode).toBe(200);
    expect(await templatesTo(email)).not.toContain("password_changed");
  });

  it("names the policy reason for a weak new password, without spending a password try", async () => {
    const { email, token } = await customer();
    const common = await changePassword(token, { newPassword: "password1234" });
    expectProblem(common, 400, "VALIDATION_FAILED");
    expect(common.json().errors).toEqual([expect.objectContaining({ field: "newPassword", code: "PASSWORD_TOO_COMMON" })]);

    const local = email.split("@")[0]!;
    const context = await changePassword(token, { newPassword: `my ${local} password` });
    expect(context.json().errors).toEqual([expect.objectContaining({ field: "newPassword", code: "PASSWORD_CONTAINS_CONTEXT" })]);

    const short = await changePassword(token, { newPassword: "short" });
    expectProblem(short, 400, "VALIDATION_FAILED");
    expect(short.json().errors[0].field).toBe("newPassword");

    const same = await changePassword(token, { newPassword: PASSWORD });
    expectProblem(same, 400, "PASSWORD_UNCHANGED");
    expect((await signIn(t.app, email, { password: PASSWORD })).statusCode).toBe(200);
  });

  it("voids outstanding reset links and rejects sign-ins in progress", async () => {
    const { email, token } = await customer();
    const browser = newBrowser(t.app);
    const asked = await browser.post("/api/v1/password-reset", { email, captcha: await solveCaptcha(t.app) });
    expect(asked.statusCode).toBe(202);
    const resetToken = tokenFromLink((await messagesTo(t.db, email)).find((m) => m.template === "password_reset_link")!.text);

    expect((await changePassword(token, {})).statusCode).toBe(200);

    const reset = await browser.post("/api/v1/password-reset/complete", {
      token: resetToken,
      password: "another fine passphrase 99",
      passwordConfirmation: "another fine passphrase 99",
    });
    expectProblem(reset, 400, "TOKEN_VOIDED");
    expect((await signIn(t.app, email, { password: NEW_PASSWORD })).statusCode).toBe(200);
  });

  it("throttles wrong passwords: 5 within 15 minutes, then 429 until the oldest is 15 minutes old", async () => {
    const { email, token } = await customer();
    const wrong = () => changePassword(token, { currentPassword: "wrong password guess" });
    const codes = [];
    for (let i = 0; i < 6; i++) codes.push((await wrong()).json().code);
    expect(codes).toEqual([...Array(5).fill("PASSWORD_INCORRECT"), "PASSWORD_CHECK_THROTTLED"]);

    // While the budget is spent even the right password is not checked.
    const blocked = await changePassword(token, {});
    expectProblem(blocked, 429, "PASSWORD_CHECK_THROTTLED");
    expect(blocked.json().retryAfter).toBe(900);
    expect(blocked.headers["retry-after"]).toBe("900");

    // The same budget guards the phone and email forms (one per account, ADR 029).
    expectProblem(
      await post(token, "/account/email/change", { password: PASSWORD, email: uniqueEmail("new") }),
      429,
      "PASSWORD_CHECK_THROTTLED",
    );

    // Never a permanent lock.
    t.clock.advance(15 * MINUTE);
    expect((await changePassword(token, {})).statusCode).toBe(200);
    expect((await signIn(t.app, email, { password: NEW_PASSWORD })).statusCode).toBe(200);
  });

  it("lets 20 parallel wrong tries check no more than 5 passwords", async () => {
    const { token } = await customer();
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => post(token, "/account/phone/change", { password: "wrong password guess", phone: uniquePhone() })),
    );
    const codes = answers.map((r) => r.json().code);
    expect(codes.filter((c) => c === "PASSWORD_INCORRECT")).toHaveLength(5);
    expect(codes.filter((c) => c === "PASSWORD_CHECK_THROTTLED")).toHaveLength(15);
  });
});

describe("phone change", () => {
  it("sends a code to the new number and keeps the old one until the code is confirmed", async () => {
    const { email, phone, token } = await customer();
    const newPhone = uniquePhone();
    const sent = await post(token, "/account/phone/change", { password: PASSWORD, phone: `${newPhone.slice(0, 4)} ${newPhone.slice(4)}` });
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json()).toEqual({
      status: "sms_sent",
      phone: `+420 *** *** ${newPhone.slice(-3)}`,
      resendAfter: 60,
      expiresInSeconds: 600,
    });
    expect(await templatesTo(phone)).toEqual([]);
    const code = codeFromSms((await messagesTo(t.db, newPhone))[0]!.text);

    expect((await getAccount(token)).json()).toMatchObject({ phone, phoneVerified: true });

    const wrongCode = code === "000000" ? "111111" : "000000";
    expectProblem(await post(token, "/account/phone/change/verify", { code: wrongCode }), 400, "CODE_INVALID");
    expect((await getAccount(token)).json().phone).toBe(phone);

    const verified = await post(token, "/account/phone/change/verify", { code });
    expect(verified.statusCode, verified.body).toBe(200);
    expect(verified.json()).toEqual({ status: "phone_changed", phone: newPhone });
    expect((await getAccount(token)).json()).toMatchObject({ phone: newPhone, phoneVerified: true });

    const mail = (await messagesTo(t.db, email)).find((m) => m.template === "phone_changed");
    expect(mail?.text).toContain(`+420 *** *** ${newPhone.slice(-3)}`);
    expect(mail?.text).toContain(`+420 *** *** ${phone.slice(-3)}`);

    // The code is spent.
    expectProblem(await post(token, "/account/phone/change/verify", { code }), 400, "CODE_NOT_REQUESTED");
  });

  it("applies the SMS rules: 60 s between codes, 5 wrong tries, 10 minutes", async () => {
    const { phone, token } = await customer();
    const newPhone = uniquePhone();
    expect((await post(token, "/account/phone/change", { password: PASSWORD, phone: newPhone })).statusCode).toBe(200);
    const soon = await post(token, "/account/phone/change", { password: PASSWORD, phone: newPhone });
    expectProblem(soon, 429, "SMS_TOO_SOON");

    const code = codeFromSms((await messagesTo(t.db, newPhone))[0]!.text);
    const wrongCode = code === "000000" ? "111111" : "000000";
    for (let i = 0; i < 5; i++) await post(token, "/account/phone/change/verify", { code: wrongCode });
    expectProblem(await post(token, "/account/phone/change/verify", { code }), 429, "CODE_ATTEMPTS_EXCEEDED");

    t.clock.advance(61 * SECOND);
    expect((await post(token, "/account/phone/change", { password: PASSWORD, phone: newPhone })).statusCode).toBe(200);
    const fresh = codeFromSms((await messagesTo(t.db, newPhone))[0]!.text);
    t.clock.advance(10 * MINUTE + SECOND);
    expectProblem(await post(token, "/account/phone/change/verify", { code: fresh }), 410, "CODE_EXPIRED");
    expect((await getAccount(token)).json().phone).toBe(phone);
  });

  it("counts phone-change codes in the hourly SMS limit of the account", async () => {
    const { token } = await customer();
    for (let i = 0; i < 5; i++) {
      expect((await post(token, "/account/phone/change", { password: PASSWORD, phone: uniquePhone() })).statusCode).toBe(200);
      t.clock.advance(61 * SECOND);
    }
    expectProblem(await post(token, "/account/phone/change", { password: PASSWORD, phone: uniquePhone() }), 429, "SMS_HOURLY_LIMIT");
  });

  it("needs the password, a mobile number and a different one", async () => {
    const { phone, token } = await customer();
    const wrong = await post(token, "/account/phone/change", { password: "not the password at all", phone: uniquePhone() });
    expectProblem(wrong, 400, "PASSWORD_INCORRECT");
    expect(wrong.json().errors[0].field).toBe("password");

    const landline = await post(token, "/account/phone/change", { password: PASSWORD, phone: "+420212345678" });
    expectProblem(landline, 400, "VALIDATION_FAILED");
    expect(landline.json().errors[0].field).toBe("phone");

    expectProblem(await post(token, "/account/phone/change", { password: PASSWORD, phone }), 400, "PHONE_UNCHANGED");
  });

  it("makes an unverified phone that was wrong a verified new one (sign-in verification path)", async () => {
    const { email, token } = await customer();
    await t.db.account.update({ where: { email }, data: { phoneVerifiedAt: null } });
    const newPhone = uniquePhone();
    await post(token, "/account/phone/change", { password: PASSWORD, phone: newPhone });
    const code = codeFromSms((await messagesTo(t.db, newPhone))[0]!.text);
    expect((await post(token, "/account/phone/change/verify", { code })).statusCode).toBe(200);
    expect((await getAccount(token)).json()).toMatchObject({ phone: newPhone, phoneVerified: true });
  });
});

describe("login email change", () => {
  async function requestChange(token: string, email: string, password = PASSWORD) {
    return post(token, "/account/email/change", { password, email });
  }
  const linkTo = async (address: string) =>
    tokenFromLink((await messagesTo(t.db, address)).find((m) => m.template === "email_change_link")!.text);
  const confirm = (token: string) =>
    t.app.inject({ method: "POST", url: "/api/v1/account/email/confirm", headers: { "user-agent": UA_FIREFOX }, payload: { token } });

  it("emails a link to the new address and a notice to the old one; the link switches the email once", async () => {
    const { email, token } = await customer();
    const newEmail = uniqueEmail("moved");
    const res = await requestChange(token, `  ${newEmail.toUpperCase()} `);
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json()).toEqual({ status: "check_email", hours: 24 });

    const link = (await messagesTo(t.db, newEmail)).find((m) => m.template === "email_change_link")!;
    expect(link.text).toContain("https://portier.test/confirm-email-change#token=");
    expect(await templatesTo(email)).toContain("email_change_requested");
    // Nothing changes until the link is opened.
    expect((await getAccount(token)).json().email).toBe(email);

    const confirmed = await confirm(tokenFromLink(link.text));
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json()).toEqual({ status: "email_changed", email: newEmail });
    expect((await getAccount(token)).json()).toMatchObject({ email: newEmail, emailVerified: true });
    expect(await templatesTo(email)).toContain("email_changed");
    expect((await signIn(t.app, newEmail)).statusCode).toBe(200);
    expect((await signIn(t.app, email)).statusCode).toBe(401);

    expectProblem(await confirm(tokenFromLink(link.text)), 409, "TOKEN_USED");
  });

  it("answers the same when another account has the address, which gets a note instead of a link", async () => {
    const { token } = await customer();
    const taken = await customer();
    const free = uniqueEmail("free");
    const a = await requestChange(token, taken.email);
    const b = await requestChange(token, free);
    expect(a.statusCode).toBe(202);
    expect(a.body).toBe(b.body);
    expect(a.headers["content-type"]).toBe(b.headers["content-type"]);
    expect(await templatesTo(taken.email)).toContain("email_change_taken");
    expect(await templatesTo(taken.email)).not.toContain("email_change_link");
  });

  it("answers 409 at confirmation when the address was taken meanwhile", async () => {
    const { email, token } = await customer();
    const newEmail = uniqueEmail("contested");
    await requestChange(token, newEmail);
    const linkToken = await linkTo(newEmail);
    // Someone registers the address before the link is opened.
    await t.app.inject({
      method: "POST",
      url: "/api/v1/signup",
      payload: { email: newEmail, phone: uniquePhone(), password: PASSWORD, acceptTerms: true, captcha: await solveCaptcha(t.app) },
    });
    const res = await confirm(linkToken);
    expectProblem(res, 409, "EMAIL_TAKEN");
    expect((await getAccount(token)).json().email).toBe(email);
  });

  it("lets exactly one of 20 parallel confirmations win", async () => {
    const { token } = await customer();
    const newEmail = uniqueEmail("race");
    await requestChange(token, newEmail);
    const linkToken = await linkTo(newEmail);
    const answers = await Promise.all(Array.from({ length: 20 }, () => confirm(linkToken)));
    expect(answers.filter((r) => r.statusCode === 200)).toHaveLength(1);
    expect(answers.filter((r) => r.statusCode === 409 && r.json().code === "TOKEN_USED")).toHaveLength(19);
  });

  it("voids the previous link on a new request, and expires links after 24 hours", async () => {
    const { token } = await customer();
    const first = uniqueEmail("first");
    const second = uniqueEmail("second");
    await requestChange(token, first);
    const firstToken = await linkTo(first);
    await requestChange(token, second);
    expectProblem(await confirm(firstToken), 400, "TOKEN_VOIDED");

    const secondToken = await linkTo(second);
    t.clock.advance(24 * HOUR + SECOND);
    expectProblem(await confirm(secondToken), 410, "TOKEN_EXPIRED");
  });

  it("is cancelled by a password change", async () => {
    const { token } = await customer();
    const newEmail = uniqueEmail("cancelled");
    await requestChange(token, newEmail);
    const linkToken = await linkTo(newEmail);
    expect((await changePassword(token, { endOtherSessions: false })).statusCode).toBe(200);
    expectProblem(await confirm(linkToken), 400, "TOKEN_VOIDED");
  });

  it("needs the password and a different, valid address", async () => {
    const { email, token } = await customer();
    const wrong = await requestChange(token, uniqueEmail("x"), "not the password at all");
    expectProblem(wrong, 400, "PASSWORD_INCORRECT");
    expect(await templatesTo(email)).not.toContain("email_change_requested");
    expectProblem(await requestChange(token, email.toUpperCase()), 400, "EMAIL_UNCHANGED");
    const invalid = await requestChange(token, "not-an-address");
    expectProblem(invalid, 400, "VALIDATION_FAILED");
    expect(invalid.json().errors[0].field).toBe("email");
  });
});

describe("message language", () => {
  const put = (token: string | null, payload: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: "PUT",
      url: "/api/v1/account/message-locale",
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), "user-agent": UA_FIREFOX, ...headers },
      payload: payload as object,
    });

  it("sends every later email and SMS in the chosen language, and emails nothing about the change", async () => {
    const { email, token } = await customer();
    expect((await getAccount(token)).json().locale).toBe("en");
    const before = await templatesTo(email);

    const changed = await put(token, { messageLocale: "cs" });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toEqual({ messageLocale: "cs" });
    expect((await getAccount(token)).json().locale).toBe("cs");
    expect(await templatesTo(email)).toEqual(before);

    // An email and an SMS after it: both Czech.
    expect((await changePassword(token, { endOtherSessions: false })).statusCode).toBe(200);
    const mail = (await messagesTo(t.db, email)).find((m) => m.template === "password_changed");
    expect(mail?.subject).toBe("Vaše heslo bylo změněno");
    const newPhone = uniquePhone();
    expect((await post(token, "/account/phone/change", { password: NEW_PASSWORD, phone: newPhone })).statusCode).toBe(200);
    expect((await messagesTo(t.db, newPhone))[0]?.text).toMatch(/^Kód Portier pro nastavení tohoto čísla/);

    // And back.
    expect((await put(token, { messageLocale: "en" })).json()).toEqual({ messageLocale: "en" });
    expect((await getAccount(token)).json().locale).toBe("en");
  });

  it("needs a session, and refuses an unknown language or extra fields with a 4xx problem", async () => {
    expectProblem(await put(null, { messageLocale: "cs" }), 401, "UNAUTHENTICATED");
    const { token } = await customer();
    for (const bad of [{ messageLocale: "de" }, { messageLocale: "" }, {}, { messageLocale: "cs", locale: "cs" }, { messageLocale: 1 }]) {
      expectProblem(await put(token, bad), 400, "VALIDATION_FAILED");
    }
    expect((await getAccount(token)).json().locale).toBe("en");
  });
});

describe("bad input and access", () => {
  it("needs a session for every change but the link confirmation", async () => {
    const bodies: Record<string, object> = {
      "/account/password": { currentPassword: PASSWORD, newPassword: NEW_PASSWORD, endOtherSessions: true },
      "/account/phone/change": { password: PASSWORD, phone: uniquePhone() },
      "/account/phone/change/verify": { code: "123456" },
      "/account/email/change": { password: PASSWORD, email: uniqueEmail("anon") },
    };
    for (const [url, payload] of Object.entries(bodies)) {
      const res = await t.app.inject({ method: "POST", url: `/api/v1${url}`, payload });
      expectProblem(res, 401, "UNAUTHENTICATED");
    }
  });

  it("refuses a cookie request from another origin", async () => {
    const { email } = await customer();
    const browser = newBrowser(t.app);
    const signedIn = await browser.post("/api/v1/auth/sign-in", { email, password: PASSWORD });
    expect(signedIn.statusCode, signedIn.body).toBe(200);
    const res = await browser.post(
      "/api/v1/account/password",
      { currentPassword: PASSWORD, newPassword: NEW_PASSWORD, endOtherSessions: false },
      { origin: "https://evil.example" },
    );
    expectProblem(res, 403, "ORIGIN_NOT_ALLOWED");
    const ok = await browser.post("/api/v1/account/password", {
      currentPassword: PASSWORD,
      newPassword: NEW_PASSWORD,
      endOtherSessions: false,
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ORIGIN).toBe("https://portier.test");
  });

  it("answers missing, unknown, malformed and oversized input with a 4xx problem", async () => {
    const { token } = await customer();
    const cases: [string, unknown][] = [
      ["/account/password", { currentPassword: PASSWORD, newPassword: NEW_PASSWORD }],
      ["/account/password", { currentPassword: PASSWORD, newPassword: NEW_PASSWORD, endOtherSessions: "yes" }],
      ["/account/password", { currentPassword: PASSWORD, newPassword: NEW_PASSWORD, endOtherSessions: true, admin: true }],
      ["/account/password", { currentPassword: "", newPassword: NEW_PASSWORD, endOtherSessions: true }],
      ["/account/password", { currentPassword: PASSWORD, newPassword: "x".repeat(2000), endOtherSessions: true }],
      ["/account/phone/change", { password: PASSWORD }],
      ["/account/phone/change", { password: PASSWORD, phone: 420601123456 }],
      ["/account/phone/change/verify", { code: "12345" }],
      ["/account/phone/change/verify", { code: "123456", extra: 1 }],
      ["/account/email/change", { password: PASSWORD, email: `${"a".repeat(300)}@example.com` }],
      ["/account/email/confirm", { token: "short" }],
      ["/account/email/confirm", {}],
      ["/account/email/confirm", []],
    ];
    for (const [url, payload] of cases) {
      const res = await post(token, url, payload);
      expect(res.statusCode, `${url} ${JSON.stringify(payload).slice(0, 80)}`).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
      expect(res.headers["content-type"]).toContain("application/problem+json");
    }
    const huge = await post(token, "/account/password", {
      currentPassword: "x".repeat(70 * 1024),
      newPassword: NEW_PASSWORD,
      endOtherSessions: true,
    });
    expectProblem(huge, 413, "PAYLOAD_TOO_LARGE");
    const malformed = await t.app.inject({
      method: "POST",
      url: "/api/v1/account/email/confirm",
      headers: { "content-type": "application/json" },
      payload: "{not json",
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.headers["content-type"]).toContain("application/problem+json");
  });
});
