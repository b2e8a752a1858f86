import { Secret } from "otpauth";
import { describe, expect, it } from "vitest";
import {
  appForFile,
  type Browser,
  newBrowser as browserFor,
  createTestApp,
  messagesTo,
  solveCaptcha,
  tokenFromLink,
  UA_FIREFOX,
} from "../../../test/app.ts";
import { MINUTE, SECOND } from "../../lib/clock.ts";
import { codeAtStep, stepAt } from "../../otp/totp.ts";

const t = appForFile(createTestApp);

const OLD_PASSWORD = "a long enough passphrase";
const NEW_PASSWORD = "quiet orchard under snow 4471";
// PUBLIC_URL https:// in tests: cookies are Secure and named like the session cookie.
const COOKIE = "__Host-portier_reset";
let n = 0;

const newBrowser = () => browserFor(t.app);

/** A signed-up customer with a verified email (signed out). */
async function customer() {
  const email = `reset${++n}-${Date.now()}@example.com`;
  const phone = `+42073${String(2000000 + n).slice(-7)}`;
  const signup = await newBrowser().post("/api/v1/signup", {
    email,
    phone,
    password: OLD_PASSWORD,
    acceptTerms: true,
    captcha: await solveCaptcha(t.app),
  });
  expect(signup.statusCode, signup.body).toBe(202);
  await t.db.account.update({ where: { email }, data: { emailVerifiedAt: t.clock.now(), phoneVerifiedAt: t.clock.now() } });
  return { email };
}

async function askForReset(browser: Browser, email: string, headers: Record<string, string> = {}) {
  return browser.post("/api/v1/password-reset", { email, captcha: await solveCaptcha(t.app) }, headers);
}

/** The newest reset email's text. */
async function resetMail(email: string) {
  const mail = (await messagesTo(t.db, email)).find((m) => m.template === "password_reset_link");
  expect(mail, "reset email").toBeDefined();
  return mail!.text;
}

async function resetLinkFor(browser: Browser, email: string) {
  const before = new Set((await messagesTo(t.db, email)).map((m) => m.id));
  const res = await askForReset(browser, email);
  expect(res.statusCode, res.body).toBe(202);
  // The email this request wrote (several may share the fake clock's instant).
  const mail = (await messagesTo(t.db, email)).filter((m) => m.template === "password_reset_link" && !before.has(m.id));
  expect(mail).toHaveLength(1);
  return tokenFromLink(mail[0]!.text);
}

const complete = (browser: Browser, token: string, password = NEW_PASSWORD, passwordConfirmation = password) =>
  browser.post("/api/v1/password-reset/complete", { token, password, passwordConfirmation });

const bearerSignIn = (email: string, password: string) =>
  t.app.inject({
    method: "POST",
    url: "/api/v1/auth/sign-in",
    headers: { "user-agent": UA_FIREFOX },
    payload: { email, password, tokenDelivery: "bearer" },
  });

const passwordHashOf = async (email: string) => (await t.db.account.findUniqueOrThrow({ where: { email } })).passwordHash;

describe("asking for a reset link", () => {
  it("answers an unknown address exactly as a known one, setting a fresh binding cookie either way", async () => {
    const { email } = await customer();
    const unknown = `nobody${++n}-${Date.now()}@example.com`;
    const a = newBrowser();
    const b = newBrowser();
    const known = await askForReset(a, email);
    const missing = await askForReset(b, unknown);

    expect(known.statusCode).toBe(202);
    expect(missing.statusCode).toBe(known.statusCode);
    expect(missing.body).toBe(known.body);
    expect(known.json()).toEqual({ status: "check_email" });
    expect(missing.headers["content-type"]).toBe(known.headers["content-type"]);
    expect(missing.headers["cache-control"]).toBe("no-store");

    const attributes = (res: typeof known) =>
      res.cookies.map(({ name, path, maxAge, httpOnly, secure, sameSite }) => ({ name, path, maxAge, httpOnly, secure, sameSite }));
    expect(attributes(known)).toEqual([{ name: COOKIE, path: "/", maxAge: 30 * 60, httpOnly: true, secure: true, sameSite: "Lax" }]);
    expect(attributes(missing)).toEqual(attributes(known));
    const [knownValue, missingValue] = [known.cookies[0]!.value, missing.cookies[0]!.value];
    // 256 random bits, base64url, different in every answer.
    expect(knownValue).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(missingValue).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(knownValue).not.toBe(missingValue);

    // Only the owner of an account gets a link; the other address learns no account uses it.
    expect(await resetMail(email)).toContain("https://portier.test/reset-password#token=");
    const note = await messagesTo(t.db, unknown);
    expect(note.map((m) => m.template)).toEqual(["password_reset_no_account"]);
    expect(note[0]!.text).not.toContain("#token=");
  });

  it("needs a solved CAPTCHA, once", async () => {
    const { email } = await customer();
    const browser = newBrowser();
    const none = await browser.post("/api/v1/password-reset", { email });
    expect(none.statusCode).toBe(400);
    expect(none.json().errors).toEqual([expect.objectContaining({ field: "captcha", code: "REQUIRED" })]);

    const captcha = await solveCaptcha(t.app);
    expect((await browser.post("/api/v1/password-reset", { email, captcha })).statusCode).toBe(202);
    const replayed = await browser.post("/api/v1/password-reset", { email, captcha });
    expect(replayed.statusCode).toBe(400);
    expect(replayed.json().code).toBe("CAPTCHA_INVALID");
    expect((await messagesTo(t.db, email)).filter((m) => m.template === "password_reset_link")).toHaveLength(1);
  });

  it("refuses unknown fields and a malformed address", async () => {
    const browser = newBrowser();
    const extra = await browser.post("/api/v1/password-reset", { email: "a@example.com", captcha: "x", admin: true });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().errors).toEqual([expect.objectContaining({ field: "admin", code: "UNKNOWN_FIELD" })]);
    const bad = await browser.post("/api/v1/password-reset", { email: "not an address", captcha: "x" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([expect.objectContaining({ field: "email" })]);
  });

  it("builds the link from the configured public URL, whatever Host the request claims", async () => {
    const { email } = await customer();
    const res = await askForReset(newBrowser(), email, {
      host: "evil.example",
      "x-forwarded-host": "evil.example",
      "x-forwarded-proto": "http",
    });
    expect(res.statusCode).toBe(202);
    const text = await resetMail(email);
    expect(text).toMatch(/https:\/\/portier\.test\/reset-password#token=[A-Za-z0-9_-]{43}/);
    expect(text).not.toContain("evil.example");
  });

  it("refuses a request that carries the binding cookie but comes from another origin", async () => {
    const { email } = await customer();
    const browser = newBrowser();
    await resetLinkFor(browser, email);
    const res = await browser.post(
      "/api/v1/password-reset",
      { email, captcha: await solveCaptcha(t.app) },
      { origin: "https://evil.example" },
    );
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe("ORIGIN_NOT_ALLOWED");
  });
});

describe("the link", () => {
  it("works only in the browser that asked for it", async () => {
    const { email } = await customer();
    const hashBefore = await passwordHashOf(email);
    const asker = newBrowser();
    const token = await resetLinkFor(asker, email);

    const otherBrowser = newBrowser();
    await askForReset(otherBrowser, `someone-else${++n}@example.com`); // holds a binding cookie of its own
    for (const browser of [otherBrowser, newBrowser()]) {
      const inspect = await browser.post("/api/v1/password-reset/inspect", { token });
      expect(inspect.statusCode).toBe(403);
      expect(inspect.json().code).toBe("RESET_LINK_OTHER_DEVICE");
      expect(inspect.json().detail).toMatch(/only in the browser where it was requested/);
      const done = await complete(browser, token);
      expect(done.statusCode).toBe(403);
      expect(done.json().code).toBe("RESET_LINK_OTHER_DEVICE");
    }
    // Nothing changed for the account so far.
    expect(await passwordHashOf(email)).toBe(hashBefore);

    const inspect = await asker.post("/api/v1/password-reset/inspect", { token });
    expect(inspect.statusCode, inspect.body).toBe(200);
    expect(inspect.json()).toEqual({
      email: expect.stringMatching(/^re\*+@ex\*{5}\.c\*\*$/),
      expiresAt: new Date(t.clock.now().getTime() + 30 * MINUTE).toISOString(),
    });
    const done = await complete(asker, token);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toEqual({ status: "password_changed" });
    // The binding cookie has done its job.
    expect(done.cookies).toEqual([expect.objectContaining({ name: COOKIE, value: "" })]);
  });

  it("is voided by a newer request", async () => {
    const { email } = await customer();
    const browser = newBrowser();
    const first = await resetLinkFor(browser, email);
    const second = await resetLinkFor(browser, email);
    const old = await browser.post("/api/v1/password-reset/inspect", { token: first });
    expect(old.statusCode).toBe(400);
    expect(old.json().code).toBe("TOKEN_VOIDED");
    expect((await complete(browser, first)).json().code).toBe("TOKEN_VOIDED");
    expect((await complete(browser, second)).statusCode).toBe(200);
  });

  it("expires after 30 minutes", async () => {
    const { email } = await customer();
    const browser = newBrowser();
    const token = await resetLinkFor(browser, email);
    t.clock.advance(30 * MINUTE - SECOND);
    expect((await browser.post("/api/v1/password-reset/inspect", { token })).statusCode).toBe(200);
    t.clock.advance(SECOND);
    const inspect = await browser.post("/api/v1/password-reset/inspect", { token });
    expect(inspect.statusCode).toBe(410);
    expect(inspect.json().code).toBe("TOKEN_EXPIRED");
    const done = await complete(browser, token);
    expect(done.statusCode).toBe(410);
    expect(done.json().code).toBe("TOKEN_EXPIRED");
    expect((await bearerSignIn(email, OLD_PASSWORD)).json().status).toBe("complete");
  });

  it("is used once", async () => {
    const { email } = await customer();
    const browser = newBrowser();
    const token = await resetLinkFor(browser, email);
    const cookie = [...browser.jar];
    expect((await complete(browser, token)).statusCode).toBe(200);
    // Even with the binding cookie put back, a spent link stays spent.
    for (const [name, value] of cookie) browser.jar.set(name, value);
    const again = await complete(browser, token, "another fine passphrase 1");
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe("TOKEN_USED");
    expect((await browser.post("/api/v1/password-reset/inspect", { token })).json().code).toBe("TOKEN_USED");
    expect((await bearerSignIn(email, NEW_PASSWORD)).json().status).toBe("complete");
  });

  it("changes the password exactly once when 20 requests race with it", async () => {
    const { email } = await customer();
    const browser = newBrowser();
    const token = await resetLinkFor(browser, email);
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => complete(browser, token, `racing passphrase number ${i}`)));
    const statuses = results.map((r) => r.statusCode).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(results.filter((r) => r.statusCode !== 200).map((r) => r.json().code)).toEqual(Array(19).fill("TOKEN_USED"));

    const winner = results.findIndex((r) => r.statusCode === 200);
    expect((await bearerSignIn(email, `racing passphrase number ${winner}`)).json().status).toBe("complete");
    const account = await t.db.account.findUniqueOrThrow({ where: { email } });
    expect(await t.db.loginEvent.count({ where: { accountId: account.id, result: "password_reset" } })).toBe(1);
    expect((await messagesTo(t.db, email)).filter((m) => m.template === "password_changed_by_reset")).toHaveLength(1);
  });
});

describe("the new password", () => {
  it("must be typed the same twice; the link stays usable", async () => {
    const { email } = await customer();
    const browser = newBrowser();
    const token = await resetLinkFor(browser, email);
    const res = await complete(browser, token, NEW_PASSWORD, `${NEW_PASSWORD}!`);
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe("PASSWORDS_DO_NOT_MATCH");
    expect(res.json().errors).toEqual([expect.objectContaining({ field: "passwordConfirmation", code: "PASSWORDS_DO_NOT_MATCH" })]);
    expect((await bearerSignIn(email, OLD_PASSWORD)).json().status).toBe("complete");
    expect((await complete(browser, token)).statusCode).toBe(200);
  });

  it("follows the sign-up rules, with the email as context; the link stays usable", async () => {
    const { email } = await customer();
    const browser = newBrowser();
    const token = await resetLinkFor(browser, email);

    const common = await complete(browser, token, "password123");
    expect(common.statusCode).toBe(400);
    expect(common.json().code).toBe("VALIDATION_FAILED");
    expect(common.json().errors).toEqual([{ field: "password", code: "PASSWORD_TOO_COMMON", message: expect.any(String) }]);

    const local = email.split("@")[0]!;
    const context = await complete(browser, token, `my ${local} passphrase`);
    expect(context.json().errors).toEqual([expect.objectContaining({ field: "password", code: "PASSWORD_CONTAINS_CONTEXT" })]);

    const short = await complete(browser, token, "short");
    expect(short.statusCode).toBe(400);
    expect(short.json().errors).toEqual([expect.objectContaining({ field: "password", code: "PASSWORD_TOO_SHORT" })]);

    expect((await complete(browser, token)).statusCode).toBe(200);
  });
});

describe("after the reset", () => {
  it("every session is ended, the old password is gone, the new one signs in, and the owner is told", async () => {
    const { email } = await customer();
    const sessions = [];
    for (let i = 0; i < 2; i++) sessions.push((await bearerSignIn(email, OLD_PASSWORD)).json().token as string);
    const account = (token: string) =>
      t.app.inject({ method: "GET", url: "/api/v1/account", headers: { authorization: `Bearer ${token}`, "user-agent": UA_FIREFOX } });
    for (const token of sessions) expect((await account(token)).statusCode).toBe(200); // now cached too

    const browser = newBrowser();
    const done = await complete(browser, await resetLinkFor(browser, email));
    expect(done.statusCode).toBe(200);
    // Not signed in by the reset.
    expect(done.json()).toEqual({ status: "password_changed" });
    expect(done.cookies.map((c) => c.name)).not.toContain("__Host-portier_session");

    for (const token of sessions) {
      const res = await account(token);
      expect(res.statusCode).toBe(401);
      expect(res.json().code).toBe("UNAUTHENTICATED");
    }
    const old = await bearerSignIn(email, OLD_PASSWORD);
    expect(old.statusCode).toBe(401);
    expect(old.json().code).toBe("INVALID_CREDENTIALS");
    const fresh = await bearerSignIn(email, NEW_PASSWORD);
    expect(fresh.json().status).toBe("complete");
    expect((await account(fresh.json().token)).statusCode).toBe(200);

    const mail = (await messagesTo(t.db, email)).find((m) => m.template === "password_changed_by_reset");
    expect(mail?.subject).toBe("Your password was changed");
    expect(mail?.text).toMatch(/logged out/);
    const events = await t.db.loginEvent.findMany({ where: { account: { email }, result: "password_reset" } });
    expect(events).toHaveLength(1);
  });

  it("never skips OTP: a sign-in in progress ends, and the next one still asks for the code", async () => {
    const { email } = await customer();
    const session = (await bearerSignIn(email, OLD_PASSWORD)).json().token as string;
    const auth = { authorization: `Bearer ${session}`, "user-agent": UA_FIREFOX };
    const key = (await t.app.inject({ method: "POST", url: "/api/v1/account/otp/setup", headers: auth })).json();
    const secret = new Uint8Array(Secret.fromBase32(key.secret).buffer);
    const activated = await t.app.inject({
      method: "POST",
      url: "/api/v1/account/otp/activate",
      headers: auth,
      payload: { password: OLD_PASSWORD, code: codeAtStep(secret, stepAt(t.clock.now().getTime())) },
    });
    expect(activated.statusCode, activated.body).toBe(200);
    const pending = (await bearerSignIn(email, OLD_PASSWORD)).json();
    expect(pending.status).toBe("otp_required");

    const browser = newBrowser();
    expect((await complete(browser, await resetLinkFor(browser, email))).statusCode).toBe(200);

    t.clock.advance(MINUTE); // a fresh OTP step, so the code below is not a replay
    const code = codeAtStep(secret, stepAt(t.clock.now().getTime()));
    const stale = await t.app.inject({
      method: "POST",
      url: "/api/v1/auth/sign-in/otp",
      headers: { "user-agent": UA_FIREFOX },
      payload: { attemptToken: pending.attemptToken, code },
    });
    expect(stale.statusCode).toBe(401);
    expect(stale.json()).toMatchObject({ code: "LOGIN_ATTEMPT_CANCELLED", params: { reason: "password_reset" } });
    expect((await t.db.loginAttempt.findMany({ where: { account: { email }, state: "rejected" } })).map((a) => a.rejectedReason)).toEqual([
      "password_reset",
    ]);

    const next = await bearerSignIn(email, NEW_PASSWORD);
    expect(next.json().status).toBe("otp_required");
    expect((await t.db.account.findUniqueOrThrow({ where: { email } })).otpEnabledAt).not.toBeNull();
  });
});

it("is documented for API clients", async () => {
  const res = await t.app.inject({ method: "GET", url: "/api/openapi.json" });
  expect(res.statusCode).toBe(200);
  const paths = res.json().paths as Record<string, { post?: { tags?: string[] } }>;
  for (const path of ["/api/v1/password-reset", "/api/v1/password-reset/inspect", "/api/v1/password-reset/complete"]) {
    expect(paths[path]?.post?.tags, path).toEqual(["Password recovery"]);
  }
});
