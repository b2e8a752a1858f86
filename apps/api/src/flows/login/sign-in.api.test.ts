import { describe, expect, it } from "vitest";
import { appForFile, createTestApp, messagesTo, newBrowser, ORIGIN, solveCaptcha, tokenFromLink, UA_FIREFOX } from "../../../test/app.ts";
import { bearerToken, signUpThroughApi } from "../../../test/sign-in.ts";
import { HOUR, MINUTE, SECOND } from "../../lib/clock.ts";

const t = appForFile(createTestApp);

const PASSWORD = "a long enough passphrase";
const UA_CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
let n = 0;

/** A registered account; its email verified through the emailed link unless asked otherwise (ADR 025). */
async function newAccount({ verified = true } = {}) {
  const email = `signin${++n}-${Date.now()}@example.com`;
  await signUpThroughApi(t, email, { password: PASSWORD, verified });
  return email;
}

const signIn = (payload: Record<string, unknown>, ua = UA_FIREFOX) =>
  t.app.inject({ method: "POST", url: "/api/v1/auth/sign-in", headers: { "user-agent": ua }, payload });

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
    // An account whose email is not verified yet says so only after the right password (ADR 025).
    const unverified = await signIn({ email: await newAccount({ verified: false }), password: "not the password" });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(unverified.statusCode).toBe(401);
    expect(unknown.json()).toEqual(wrong.json());
    expect(unknown.body).toBe(wrong.body);
    expect(unverified.body).toBe(wrong.body);
    expect(unknown.headers["content-type"]).toBe(wrong.headers["content-type"]);
    expect(unverified.headers["content-type"]).toBe(wrong.headers["content-type"]);
  });

  it("answers the right password of an unverified email with EMAIL_NOT_VERIFIED and no session", async () => {
    const email = await newAccount({ verified: false });
    const res = await signIn({ email, password: PASSWORD });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe("EMAIL_NOT_VERIFIED");
    expect(res.cookies.find((c) => c.name === "__Host-portier_session")).toBeUndefined();
  });

  it("starts the failure count again at the right password of an unverified email too", async () => {
    const email = await newAccount({ verified: false });
    for (let i = 0; i < 2; i++) expect((await signIn({ email, password: "wrong password!" })).statusCode).toBe(401);
    expect((await signIn({ email, password: PASSWORD })).json().code).toBe("EMAIL_NOT_VERIFIED");
    // Three more failures without a CAPTCHA: the two before no longer count.
    for (let i = 0; i < 3; i++) expect((await signIn({ email, password: "wrong password!" })).statusCode).toBe(401);
  });

  it("issues a new token at every sign-in", async () => {
    const email = await newAccount();
    expect(await bearerToken(t.app, email)).not.toBe(await bearerToken(t.app, email));
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

/** Sign-in from a given client address, with the browser cookie if one is given (SPEC §12, ADR 029). */
const signInFrom = (ip: string, payload: Record<string, unknown>, browserCookie?: string) =>
  t.app.inject({
    method: "POST",
    url: "/api/v1/auth/sign-in",
    remoteAddress: ip,
    // The browser cookie comes from the SPA, whose posts carry its Origin (the CSRF hook checks it, ADR 028).
    headers: { "user-agent": UA_FIREFOX, ...(browserCookie ? { cookie: `__Host-portier_browser=${browserCookie}`, origin: ORIGIN } : {}) },
    payload,
  });

/** An attacker at `ip` guessing until `failures` wrong passwords were checked, solving every CAPTCHA and sitting out every wait. */
async function guessFrom(ip: string, email: string, failures: number) {
  let checked = 0;
  while (checked < failures) {
    const res = await signInFrom(ip, { email, password: "wrong password!", captcha: await solveCaptcha(t.app) });
    if (res.statusCode === 401) checked++;
    else if (res.statusCode === 429) t.clock.advance(res.json().retryAfter * SECOND);
    else throw new Error(`unexpected ${res.statusCode}: ${res.body}`);
  }
  const held = await signInFrom(ip, { email, password: PASSWORD, captcha: await solveCaptcha(t.app) });
  expect(held.json()).toMatchObject({ code: "SIGN_IN_THROTTLED" });
}

describe("no targeted lockout", () => {
  const ATTACKER = "203.0.113.7";
  const OWNER_ELSEWHERE = "198.51.100.20";

  it("lets the owner in from another address (with the CAPTCHA) while the attacker's address waits", async () => {
    const email = await newAccount();
    await guessFrom(ATTACKER, email, 15);
    // The CAPTCHA rule stays per account: the owner meets it too.
    const noCaptcha = await signInFrom(OWNER_ELSEWHERE, { email, password: PASSWORD, tokenDelivery: "bearer" });
    expect(noCaptcha.json().code).toBe("CAPTCHA_REQUIRED");
    const owner = await signInFrom(OWNER_ELSEWHERE, {
      email,
      password: PASSWORD,
      captcha: await solveCaptcha(t.app),
      tokenDelivery: "bearer",
    });
    expect(owner.statusCode, owner.body).toBe(200);
    expect(owner.json().status).toBe("complete");
    // The attacker's network still waits; another address in it is the same source.
    const neighbour = await signInFrom("203.0.113.99", { email, password: PASSWORD, captcha: await solveCaptcha(t.app) });
    expect(neighbour.json()).toMatchObject({ code: "SIGN_IN_THROTTLED" });
  }, 60_000);

  it("counts nothing while a source waits: its tries do not bring the CAPTCHA back for the owner", async () => {
    const email = await newAccount();
    await guessFrom(ATTACKER, email, 10);
    // The owner signs in elsewhere (with the CAPTCHA): the account's count starts again.
    const owner = await signInFrom(OWNER_ELSEWHERE, { email, password: PASSWORD, captcha: await solveCaptcha(t.app) });
    expect(owner.statusCode, owner.body).toBe(200);
    // Three more guesses from the waiting network, without a CAPTCHA: each waits, none counts.
    for (let i = 0; i < 3; i++) {
      const held = await signInFrom(ATTACKER, { email, password: "wrong password!" });
      expect(held.json()).toMatchObject({ code: "SIGN_IN_THROTTLED", retryAfter: 30 });
    }
    // So the owner's next sign-in needs no CAPTCHA.
    const again = await signInFrom(OWNER_ELSEWHERE, { email, password: PASSWORD });
    expect(again.statusCode, again.body).toBe(200);
  }, 60_000);

  it("lets a browser that signed in before in with the CAPTCHA, even from the attacker's own network", async () => {
    const email = await newAccount();
    const first = await signInFrom("203.0.113.40", { email, password: PASSWORD });
    expect(first.statusCode).toBe(200);
    const browserCookie = first.cookies.find((c) => c.name === "__Host-portier_browser")!.value;

    await guessFrom(ATTACKER, email, 15);
    // A browser new to the account in that network waits with the attacker…
    const stranger = await signInFrom("203.0.113.40", { email, password: PASSWORD, captcha: await solveCaptcha(t.app) });
    expect(stranger.json()).toMatchObject({ code: "SIGN_IN_THROTTLED" });
    // …the owner's browser does not, once it solves the CAPTCHA.
    const noCaptcha = await signInFrom("203.0.113.40", { email, password: PASSWORD }, browserCookie);
    expect(noCaptcha.json().code).toBe("CAPTCHA_REQUIRED");
    const owner = await signInFrom("203.0.113.40", { email, password: PASSWORD, captcha: await solveCaptcha(t.app) }, browserCookie);
    expect(owner.statusCode, owner.body).toBe(200);
    expect(owner.json().status).toBe("complete");
  }, 60_000);

  it("makes a known browser wait for its own failures", async () => {
    const email = await newAccount();
    const first = await signInFrom("198.51.100.30", { email, password: PASSWORD });
    const browserCookie = first.cookies.find((c) => c.name === "__Host-portier_browser")!.value;
    for (let i = 0; i < 10; i++) {
      const res = await signInFrom(
        "198.51.100.30",
        { email, password: "wrong password!", captcha: await solveCaptcha(t.app) },
        browserCookie,
      );
      expect(res.statusCode).toBe(401);
    }
    const held = await signInFrom("198.51.100.30", { email, password: PASSWORD, captcha: await solveCaptcha(t.app) }, browserCookie);
    expect(held.json()).toMatchObject({ code: "SIGN_IN_THROTTLED", retryAfter: 30 });
  }, 60_000);

  it("clears every failure counter of the account with a password reset", async () => {
    const email = await newAccount();
    await guessFrom(ATTACKER, email, 15);
    const browser = newBrowser(t.app);
    expect((await browser.post("/api/v1/password-reset", { email, captcha: await solveCaptcha(t.app) })).statusCode).toBe(202);
    const token = tokenFromLink((await messagesTo(t.db, email)).find((m) => m.template === "password_reset_link")!.text);
    const newPassword = "quiet orchard under snow 4471";
    const reset = await browser.post("/api/v1/password-reset/complete", {
      token,
      password: newPassword,
      passwordConfirmation: newPassword,
    });
    expect(reset.statusCode, reset.body).toBe(200);
    // From the attacker's own address, without a CAPTCHA: nothing is counted any more.
    const after = await signInFrom(ATTACKER, { email, password: newPassword, tokenDelivery: "bearer" });
    expect(after.statusCode, after.body).toBe(200);
    for (let i = 0; i < 3; i++) expect((await signInFrom(ATTACKER, { email, password: "wrong password!" })).statusCode).toBe(401);
  }, 60_000);

  it("still bounds parallel guessing: 20 networks at once meet the CAPTCHA after 3, one network waits after 10", async () => {
    const email = await newAccount();
    const spread = await Promise.all(
      Array.from({ length: 20 }, (_, i) => signInFrom(`192.0.${i}.1`, { email, password: "wrong password!" })),
    );
    const spreadStatuses = spread.map((r) => r.statusCode);
    expect(spreadStatuses.filter((s) => s === 401)).toHaveLength(3);
    expect(spreadStatuses.filter((s) => s === 403)).toHaveLength(17);

    // With a CAPTCHA each, from one network: 10 until its 10th failure, then it waits.
    const captchas = await Promise.all(Array.from({ length: 20 }, () => solveCaptcha(t.app)));
    const solved = await Promise.all(captchas.map((captcha) => signInFrom("198.18.0.1", { email, password: "wrong password!", captcha })));
    const solvedStatuses = solved.map((r) => r.statusCode);
    expect(solvedStatuses.filter((s) => s >= 500)).toEqual([]);
    expect(solvedStatuses.filter((s) => s === 401)).toHaveLength(10);
    expect(solvedStatuses.filter((s) => s === 429)).toHaveLength(10);
    expect(await t.db.loginEvent.count({ where: { account: { email }, result: "wrong_password" } })).toBe(13);
  }, 60_000);
});

describe("sessions", () => {
  it("ends a session used from another browser with SESSION_USER_AGENT_CHANGED, and records it", async () => {
    const email = await newAccount();
    const token = await bearerToken(t.app, email, { userAgent: UA_FIREFOX });
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
    const idle = await bearerToken(t.app, email);
    t.clock.advance(59 * MINUTE);
    expect((await getAccount(idle)).statusCode).toBe(200);
    t.clock.advance(59 * MINUTE);
    expect((await getAccount(idle)).statusCode).toBe(200);
    t.clock.advance(61 * MINUTE);
    expect((await getAccount(idle)).json().code).toBe("SESSION_EXPIRED");

    const busy = await bearerToken(t.app, email);
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
    const a = await bearerToken(t.app, email);
    const b = await bearerToken(t.app, email, { userAgent: UA_CHROME });
    const other = await bearerToken(t.app, otherEmail);

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

    const c = await bearerToken(t.app, email);
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
    // SMS go only to a verified email (ADR 027).
    await t.db.account.update({ where: { email }, data: { emailVerifiedAt: t.clock.now() } });
    expect((await post(ORIGIN)).statusCode).toBe(200);
  });

  it("sends security headers and no-store on authenticated responses", async () => {
    const email = await newAccount();
    const res = await getAccount(await bearerToken(t.app, email));
    expect(res.headers["cache-control"]).toBe("no-store");
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["referrer-policy"]).toBe("no-referrer");
    expect(res.headers["strict-transport-security"]).toBeDefined();
  });
});
