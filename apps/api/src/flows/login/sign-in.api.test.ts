import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HOUR, MINUTE, SECOND } from "../../lib/clock.ts";
import { createTestApp, ORIGIN, solveCaptcha, type TestContext, UA_FIREFOX } from "../../test/app.ts";

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const PASSWORD = "a long enough passphrase";
const UA_CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
let n = 0;

async function newAccount() {
  const email = `signin${++n}-${Date.now()}@example.com`;
  const res = await t.app.inject({
    method: "POST",
    url: "/api/v1/signup",
    payload: { email, phone: "+420601123456", password: PASSWORD, acceptTerms: true, captcha: await solveCaptcha(t.app) },
  });
  expect(res.statusCode).toBe(202);
  return email;
}

const signIn = (payload: Record<string, unknown>, ua = UA_FIREFOX) =>
  t.app.inject({ method: "POST", url: "/api/v1/auth/sign-in", headers: { "user-agent": ua }, payload });

const bearer = async (email: string, ua = UA_FIREFOX) => {
  const res = await signIn({ email, password: PASSWORD, tokenDelivery: "bearer" }, ua);
  expect(res.statusCode).toBe(200);
  return res.json().token as string;
};

const getAccount = (token: string, ua = UA_FIREFOX) =>
  t.app.inject({ method: "GET", url: "/api/v1/account", headers: { authorization: `Bearer ${token}`, "user-agent": ua } });

describe("sign-in", () => {
  it("sets an HttpOnly SameSite=Lax session cookie, and the cookie opens the account", async () => {
    const email = await newAccount();
    const res = await signIn({ email, password: PASSWORD });
    expect(res.statusCode).toBe(200);
    expect(res.json().token).toBeUndefined();
    const cookie = res.cookies.find((c) => c.name === "__Host-portier_session");
    expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: "Lax", path: "/" });
    expect(res.headers["cache-control"]).toBe("no-store");

    const me = await t.app.inject({
      method: "GET",
      url: "/api/v1/account",
      headers: { "user-agent": UA_FIREFOX },
      cookies: { "__Host-portier_session": cookie!.value },
    });
    expect(me.statusCode).toBe(200);
    expect(me.json().email).toBe(email);
    // Only a hash of the token is stored.
    expect(await t.db.session.count({ where: { tokenHash: cookie!.value } })).toBe(0);
  });

  it("answers a wrong password and an unknown email identically", async () => {
    const email = await newAccount();
    const wrong = await signIn({ email, password: "not the password" });
    const unknown = await signIn({ email: `nobody-${Date.now()}@example.com`, password: "not the password" });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json()).toEqual(wrong.json());
    expect(unknown.headers["content-type"]).toBe(wrong.headers["content-type"]);
  });

  it("issues a new token at every sign-in", async () => {
    const email = await newAccount();
    expect(await bearer(email)).not.toBe(await bearer(email));
  });

  it("asks for a CAPTCHA from the 4th consecutive failure, also for an unknown email", async () => {
    for (const email of [await newAccount(), `ghost-${Date.now()}@example.com`]) {
      for (let i = 0; i < 3; i++) expect((await signIn({ email, password: "wrong password!" })).statusCode).toBe(401);
      const fourth = await signIn({ email, password: PASSWORD });
      expect(fourth.statusCode).toBe(403);
      expect(fourth.json().code).toBe("CAPTCHA_REQUIRED");
      const withCaptcha = await signIn({ email, password: "wrong password!", captcha: await solveCaptcha(t.app) });
      expect(withCaptcha.statusCode).toBe(401);
    }
  });

  it("resets the count on success", async () => {
    const email = await newAccount();
    for (let i = 0; i < 2; i++) await signIn({ email, password: "wrong password!" });
    expect((await signIn({ email, password: PASSWORD })).statusCode).toBe(200);
    for (let i = 0; i < 3; i++) expect((await signIn({ email, password: "wrong password!" })).statusCode).toBe(401);
  });

  it("makes the 11th try wait 30 s, then doubles the wait, never locking for good", async () => {
    const email = await newAccount();
    const fail = async () => signIn({ email, password: "wrong password!", captcha: await solveCaptcha(t.app) });
    for (let i = 0; i < 10; i++) expect((await fail()).statusCode).toBe(401);
    const eleventh = await signIn({ email, password: PASSWORD, captcha: await solveCaptcha(t.app) });
    expect(eleventh.statusCode).toBe(429);
    expect(eleventh.json()).toMatchObject({ code: "SIGN_IN_THROTTLED", retryAfter: 30 });

    t.clock.advance(30 * SECOND);
    expect((await fail()).statusCode).toBe(401); // the 11th failure
    const waiting = await signIn({ email, password: PASSWORD, captcha: await solveCaptcha(t.app) });
    expect(waiting.json()).toMatchObject({ code: "SIGN_IN_THROTTLED", retryAfter: 60 });

    // Capped at an hour, and the right password still works once the wait is over.
    for (let i = 0; i < 10; i++) {
      t.clock.advance(HOUR);
      await fail();
    }
    const capped = await signIn({ email, password: PASSWORD, captcha: await solveCaptcha(t.app) });
    expect(capped.json().retryAfter).toBe(3600);
    t.clock.advance(HOUR);
    expect((await signIn({ email, password: PASSWORD, captcha: await solveCaptcha(t.app) })).statusCode).toBe(200);
  }, 60_000);

  it("counts no more than 3 failures when 50 wrong passwords arrive at once, and answers none with a 5xx", async () => {
    const email = await newAccount();
    const results = await Promise.all(Array.from({ length: 50 }, () => signIn({ email, password: "wrong password!" })));
    const statuses = results.map((r) => r.statusCode);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(statuses.filter((s) => s === 401)).toHaveLength(3);
    expect(statuses.filter((s) => s === 403)).toHaveLength(47);
    const events = await t.db.loginEvent.count({ where: { account: { email }, result: "wrong_password" } });
    expect(events).toBe(3);
  });

  it("records successes and failures in the login history", async () => {
    const email = await newAccount();
    await signIn({ email, password: "wrong password!" });
    t.clock.advance(SECOND);
    await signIn({ email, password: PASSWORD });
    const events = await t.db.loginEvent.findMany({ where: { account: { email } }, orderBy: { at: "asc" } });
    expect(events.map((e) => e.result)).toEqual(["wrong_password", "success"]);
    // The first sign-in in a browser is notified under the default policy (new_browser).
    expect(events[1]).toMatchObject({ method: "password", browser: "Firefox 128", os: "Linux", notified: true });
  });
});

describe("sessions", () => {
  it("ends a session used from another browser with SESSION_USER_AGENT_CHANGED, and records it", async () => {
    const email = await newAccount();
    const token = await bearer(email, UA_FIREFOX);
    // A minor version bump is the same browser.
    expect((await getAccount(token, UA_FIREFOX.replace("128.0", "128.1"))).statusCode).toBe(200);
    const other = await getAccount(token, UA_CHROME);
    expect(other.statusCode).toBe(401);
    expect(other.json().code).toBe("SESSION_USER_AGENT_CHANGED");
    expect(other.json().detail).toBe("The login was invalidated because the browser (User-Agent) was changed.");
    // The session is over, even for the original browser.
    expect((await getAccount(token, UA_FIREFOX)).json().code).toBe("UNAUTHENTICATED");
    const event = await t.db.loginEvent.findFirst({ where: { account: { email }, result: "session_user_agent_changed" } });
    expect(event?.browser).toBe("Chrome 131");
  });

  it("expires after 60 idle minutes, and 12 hours after sign-in however used", async () => {
    const email = await newAccount();
    const idle = await bearer(email);
    t.clock.advance(59 * MINUTE);
    expect((await getAccount(idle)).statusCode).toBe(200);
    t.clock.advance(59 * MINUTE);
    expect((await getAccount(idle)).statusCode).toBe(200);
    t.clock.advance(61 * MINUTE);
    expect((await getAccount(idle)).json().code).toBe("SESSION_EXPIRED");

    const busy = await bearer(email);
    for (let i = 0; i < 24; i++) {
      t.clock.advance(30 * MINUTE);
      const res = await getAccount(busy);
      if (i < 23) expect(res.statusCode, `after ${(i + 1) * 30} min`).toBe(200);
      else expect(res.json().code).toBe("SESSION_EXPIRED");
    }
  });

  it("lists sessions, revokes one, and logs out all sessions of the account only", async () => {
    const email = await newAccount();
    const otherEmail = await newAccount();
    const a = await bearer(email);
    const b = await bearer(email, UA_CHROME);
    const other = await bearer(otherEmail);

    const list = await t.app.inject({
      method: "GET",
      url: "/api/v1/sessions",
      headers: { authorization: `Bearer ${a}`, "user-agent": UA_FIREFOX },
    });
    expect(list.statusCode).toBe(200);
    const sessions = list.json().sessions as { id: string; current: boolean; browser: string }[];
    expect(sessions).toHaveLength(2);
    expect(sessions.find((s) => s.current)?.browser).toBe("Firefox 128");

    const foreign = await t.app.inject({
      method: "DELETE",
      url: `/api/v1/sessions/${sessions[0]!.id}`,
      headers: { authorization: `Bearer ${other}`, "user-agent": UA_FIREFOX },
    });
    expect(foreign.statusCode).toBe(404);

    const chrome = sessions.find((s) => !s.current)!;
    const revoked = await t.app.inject({
      method: "DELETE",
      url: `/api/v1/sessions/${chrome.id}`,
      headers: { authorization: `Bearer ${a}`, "user-agent": UA_FIREFOX },
    });
    expect(revoked.statusCode).toBe(204);
    expect((await getAccount(b, UA_CHROME)).statusCode).toBe(401);

    const c = await bearer(email);
    const all = await t.app.inject({
      method: "POST",
      url: "/api/v1/sessions/revoke-all",
      headers: { authorization: `Bearer ${a}`, "user-agent": UA_FIREFOX },
    });
    expect(all.json()).toEqual({ ended: 2 });
    expect((await getAccount(a)).statusCode).toBe(401);
    expect((await getAccount(c)).statusCode).toBe(401);
    expect((await getAccount(other)).statusCode).toBe(200);
  });

  it("refuses a cookie-authenticated change from a foreign Origin, and allows the configured one", async () => {
    const email = await newAccount();
    const res = await signIn({ email, password: PASSWORD });
    const cookies = { "__Host-portier_session": res.cookies.find((c) => c.name === "__Host-portier_session")!.value };
    const post = (origin?: string) =>
      t.app.inject({
        method: "POST",
        url: "/api/v1/account/phone/send-code",
        headers: { "user-agent": UA_FIREFOX, ...(origin ? { origin } : {}) },
        cookies,
      });
    for (const origin of ["https://evil.example", undefined]) {
      const refused = await post(origin);
      expect(refused.statusCode).toBe(403);
      expect(refused.json().code).toBe("ORIGIN_NOT_ALLOWED");
    }
    // Nothing happened: no code was issued for the refused requests.
    expect(await t.db.verification.count({ where: { account: { email }, purpose: "phone_verification" } })).toBe(0);
    expect((await post(ORIGIN)).statusCode).toBe(200);
  });

  it("sends security headers and no-store on authenticated responses", async () => {
    const email = await newAccount();
    const res = await getAccount(await bearer(email));
    expect(res.headers["cache-control"]).toBe("no-store");
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["referrer-policy"]).toBe("no-referrer");
    expect(res.headers["strict-transport-security"]).toBeDefined();
  });
});
