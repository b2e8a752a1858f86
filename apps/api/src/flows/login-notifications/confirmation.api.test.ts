import { CONFIRMATION_LINK_TTL_MINUTES } from "@portier/shared/login-notifications";
import { Secret } from "otpauth";
import { describe, expect, it } from "vitest";
import { appForFile, createTestApp } from "../../../test/app.ts";
import { Client, IP, linkToken, newAccount, notificationsTo, PASSWORD, UA } from "../../../test/login-notifications.ts";
import { DAY, MINUTE, SECOND } from "../../lib/clock.ts";
import { codeAtStep, stepAt } from "../../otp/totp.ts";

const t = appForFile(createTestApp);

const historyOf = async (email: string) =>
  (await t.db.loginEvent.findMany({ where: { account: { email } }, orderBy: { at: "asc" } })).map((e) => ({
    result: e.result,
    ip: e.ip,
    notified: e.notified,
  }));

/** An account that requires confirmation of sign-ins from a new browser, and a browser that just entered the password. */
async function waitingSignIn() {
  const email = await newAccount(t, { policy: "new_browser", confirmation: true });
  const browser = new Client(t, UA.firefox128, IP.cz);
  const res = await browser.signIn(email);
  expect(res.statusCode, res.body).toBe(200);
  const [mail] = await notificationsTo(t, email);
  return { email, browser, res, mail: mail! };
}

describe("confirmation by link", () => {
  it("holds the sign-in until the emailed link is clicked on another device; then the waiting browser gets the session", async () => {
    const { email, browser, res, mail } = await waitingSignIn();
    const startedAt = t.clock.now().getTime();
    expect(res.json()).toEqual({
      status: "confirmation_required",
      attemptExpiresAt: new Date(startedAt + 15 * MINUTE).toISOString(),
    });
    // No session yet: only the attempt cookie, which lives as long as the link.
    expect(res.cookies.map((c) => c.name).sort()).toEqual(["__Host-portier_attempt", "__Host-portier_browser"]);
    expect(res.cookies.find((c) => c.name === "__Host-portier_attempt")?.maxAge).toBe(15 * 60);
    expect((await browser.account()).statusCode).toBe(401);

    expect(mail.subject).toBe("Confirm the sign-in to your Portier account");
    expect(mail.text).toContain("within 15 minutes");
    const confirmToken = linkToken(mail.text, "/confirm-sign-in");
    expect(mail.html).toContain(`https://portier.test/confirm-sign-in#token=${confirmToken}`);
    linkToken(mail.text, "/logout-all");

    // Past the 10 minutes of an ordinary attempt, it still waits.
    t.clock.advance(11 * MINUTE);
    const waiting = await browser.poll();
    expect(waiting.statusCode, waiting.body).toBe(200);
    expect(waiting.json()).toEqual({ status: "confirmation_required", attemptExpiresAt: new Date(startedAt + 15 * MINUTE).toISOString() });
    expect((await browser.account()).statusCode).toBe(401);

    // The customer opens the link on the phone.
    t.clock.advance(SECOND);
    const phone = new Client(t, UA.chrome131, IP.us);
    const confirmed = await phone.post("/api/v1/auth/sign-in/confirm", { token: confirmToken });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json()).toEqual({ status: "confirmed" });
    expect(confirmed.cookies).toEqual([]);
    expect((await phone.account()).statusCode).toBe(401);
    const again = await phone.post("/api/v1/auth/sign-in/confirm", { token: confirmToken });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe("TOKEN_USED");

    // The waiting browser finishes by itself.
    t.clock.advance(SECOND);
    const done = await browser.poll();
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().status).toBe("complete");
    const me = await browser.account();
    expect(me.statusCode).toBe(200);
    expect(me.json().email).toBe(email);
    expect(browser.cookie("__Host-portier_attempt")).toBeUndefined();
    // Once complete, the attempt cannot hand out a second session.
    expect((await browser.post("/api/v1/auth/sign-in/confirmation", { attemptToken: "x".repeat(43) })).json().code).toBe(
      "LOGIN_ATTEMPT_INVALID",
    );

    expect(await historyOf(email)).toEqual([
      { result: "pending_confirmation", ip: IP.cz, notified: true },
      { result: "confirmed", ip: IP.us, notified: true },
      { result: "success", ip: IP.cz, notified: true },
    ]);

    // The confirmed sign-in made this browser known: the next one is neither emailed nor held.
    t.clock.advance(SECOND);
    const next = await browser.signIn(email);
    expect(next.json().status).toBe("complete");
    expect(await notificationsTo(t, email)).toHaveLength(1);
  });

  it("tells the page which sign-in the link confirms, without spending the link", async () => {
    const { mail } = await waitingSignIn();
    const startedAt = t.clock.now().toISOString();
    const token = linkToken(mail.text, "/confirm-sign-in");
    const phone = new Client(t, UA.chrome131, IP.us);
    for (let i = 0; i < 2; i++) {
      const details = await phone.post("/api/v1/auth/sign-in/confirm/details", { token });
      expect(details.statusCode, details.body).toBe(200);
      expect(details.headers["cache-control"]).toBe("no-store");
      // The browser and place of the waiting sign-in, not of the device reading the link.
      expect(details.json()).toEqual({ at: startedAt, browser: "Firefox 128", os: "Linux", ip: IP.cz, country: "CZ", method: "password" });
    }
    expect((await phone.post("/api/v1/auth/sign-in/confirm", { token })).statusCode).toBe(200);
    const spent = await phone.post("/api/v1/auth/sign-in/confirm/details", { token });
    expect(spent.statusCode).toBe(409);
    expect(spent.json().code).toBe("TOKEN_USED");
  });

  it("gives no details of a sign-in that no longer waits, or for a bad token", async () => {
    const { mail } = await waitingSignIn();
    const token = linkToken(mail.text, "/confirm-sign-in");
    const phone = new Client(t, UA.chrome131, IP.us);
    t.clock.advance(16 * MINUTE);
    const late = await phone.post("/api/v1/auth/sign-in/confirm/details", { token });
    expect(late.statusCode).toBe(410);
    expect(late.json().code).toBe("TOKEN_EXPIRED");
    for (const bad of ["x".repeat(43), "short", ""]) {
      const res = await phone.post("/api/v1/auth/sign-in/confirm/details", { token: bad });
      expect(res.statusCode, bad).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, bad).toBeLessThan(500);
    }
  });

  it("lets one of two simultaneous clicks confirm, and one of two simultaneous asks take the session", async () => {
    const { email, browser, mail } = await waitingSignIn();
    const token = linkToken(mail.text, "/confirm-sign-in");
    t.clock.advance(SECOND);
    const clicks = await Promise.all(
      [IP.us, IP.gb].map((ip) => new Client(t, UA.chrome131, ip).post("/api/v1/auth/sign-in/confirm", { token })),
    );
    expect(clicks.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    t.clock.advance(SECOND);
    const asks = await Promise.all([browser.poll(), browser.poll()]);
    expect(asks.map((r) => r.json().code ?? r.json().status).sort()).toEqual(["LOGIN_ATTEMPT_INVALID", "complete"]);
    expect(await t.db.session.count({ where: { account: { email } } })).toBe(1);
    expect((await historyOf(email)).map((e) => e.result)).toEqual(["pending_confirmation", "confirmed", "success"]);
  });

  it("works for bearer clients with the attempt token", async () => {
    const email = await newAccount(t, { policy: "new_browser", confirmation: true });
    const client = new Client(t, UA.firefox128, IP.gb, true);
    const started = await client.signIn(email);
    expect(started.json()).toMatchObject({ status: "confirmation_required", attemptToken: expect.any(String) });
    const { attemptToken } = started.json();
    expect((await client.poll(attemptToken)).json()).toMatchObject({ status: "confirmation_required", attemptToken });
    const [mail] = await notificationsTo(t, email);
    const clicker = new Client(t, UA.chrome131, IP.cz);
    expect((await clicker.post("/api/v1/auth/sign-in/confirm", { token: linkToken(mail!.text, "/confirm-sign-in") })).statusCode).toBe(200);
    const done = await client.poll(attemptToken);
    expect(done.json()).toMatchObject({ status: "complete", token: expect.any(String) });
    expect((await client.account(done.json().token)).statusCode).toBe(200);
  });

  it("ends the sign-in when the link is not clicked within 15 minutes", async () => {
    const { email, browser, mail } = await waitingSignIn();
    t.clock.advance(15 * MINUTE + SECOND);
    const expired = await browser.poll();
    expect(expired.statusCode).toBe(401);
    expect(expired.json()).toMatchObject({ code: "LOGIN_ATTEMPT_EXPIRED", params: { minutes: CONFIRMATION_LINK_TTL_MINUTES } });
    const late = await new Client(t, UA.chrome131, IP.us).post("/api/v1/auth/sign-in/confirm", {
      token: linkToken(mail.text, "/confirm-sign-in"),
    });
    expect(late.statusCode).toBe(410);
    expect(late.json().code).toBe("TOKEN_EXPIRED");
    expect((await browser.poll()).json().code).toBe("LOGIN_ATTEMPT_INVALID");
    expect(await historyOf(email)).toEqual([
      { result: "pending_confirmation", ip: IP.cz, notified: true },
      { result: "confirmation_expired", ip: IP.cz, notified: true },
    ]);
    // An unconfirmed sign-in did not make the browser known: the next one is held again.
    const retry = await browser.signIn(email);
    expect(retry.json().status).toBe("confirmation_required");
  });

  it("records the expiry also when only the late click notices it", async () => {
    const { email, mail } = await waitingSignIn();
    t.clock.advance(16 * MINUTE);
    const late = await new Client(t, UA.chrome131, IP.us).post("/api/v1/auth/sign-in/confirm", {
      token: linkToken(mail.text, "/confirm-sign-in"),
    });
    expect(late.json().code).toBe("TOKEN_EXPIRED");
    expect((await historyOf(email)).map((e) => e.result)).toEqual(["pending_confirmation", "confirmation_expired"]);
  });

  it("comes after the OTP step, and only when a notification is due", async () => {
    const email = await newAccount(t, { policy: "unknown_location" });
    // Two-factor authentication on, set up from an address in no country.
    const setup = new Client(t, UA.firefox128, IP.private, true);
    const session = (await setup.signIn(email)).json().token as string;
    const key = (await setup.post("/api/v1/account/otp/setup", undefined, session)).json();
    const secret = new Uint8Array(Secret.fromBase32(key.secret).buffer);
    const code = () => codeAtStep(secret, stepAt(t.clock.now().getTime()));
    const activated = await setup.post("/api/v1/account/otp/activate", { password: PASSWORD, code: code() }, session);
    expect(activated.statusCode, activated.body).toBe(200);
    await t.db.account.update({ where: { email }, data: { loginConfirmation: true } });
    const before = (await notificationsTo(t, email)).length;

    // From a new country: the password, then the code; only then the email, and the wait.
    const abroad = new Client(t, UA.firefox128, IP.gb);
    expect((await abroad.signIn(email)).json().status).toBe("otp_required");
    expect(await notificationsTo(t, email)).toHaveLength(before);
    t.clock.advance(30 * SECOND);
    const afterCode = await abroad.post("/api/v1/auth/sign-in/otp", { code: code() });
    expect(afterCode.json().status).toBe("confirmation_required");
    const [mail] = await notificationsTo(t, email);
    expect(await notificationsTo(t, email)).toHaveLength(before + 1);
    await new Client(t, UA.chrome131, IP.cz).post("/api/v1/auth/sign-in/confirm", { token: linkToken(mail!.text, "/confirm-sign-in") });
    expect((await abroad.poll()).json().status).toBe("complete");

    // Another browser in a country now known: no notification, so nothing to confirm.
    const other = new Client(t, UA.chrome131, IP.gb);
    expect((await other.signIn(email)).json().status).toBe("otp_required");
    t.clock.advance(30 * SECOND);
    expect((await other.post("/api/v1/auth/sign-in/otp", { code: code() })).json().status).toBe("complete");
    expect(await notificationsTo(t, email)).toHaveLength(before + 1);
  });

  it("refuses a link that is not a confirmation link, and malformed tokens", async () => {
    const { mail } = await waitingSignIn();
    const clicker = new Client(t, UA.chrome131, IP.us);
    const wrongKind = await clicker.post("/api/v1/auth/sign-in/confirm", { token: linkToken(mail.text, "/logout-all") });
    expect(wrongKind.statusCode).toBe(400);
    expect(wrongKind.json().code).toBe("TOKEN_INVALID");
    const malformed = await clicker.post("/api/v1/auth/sign-in/confirm", { token: "abc" });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().code).toBe("VALIDATION_FAILED");
    expect((await clicker.post("/api/v1/auth/sign-in/confirm", {})).statusCode).toBe(400);
  });

  it("answers a browser with no sign-in waiting", async () => {
    const res = await new Client(t, UA.firefox128, IP.cz).poll();
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe("LOGIN_ATTEMPT_INVALID");
  });
});

describe("the log-out-all link", () => {
  it("ends every session of the account once; a second use is refused", async () => {
    const email = await newAccount(t, { policy: "every_login" });
    const laptop = new Client(t, UA.firefox128, IP.cz);
    const api = new Client(t, UA.firefox128, IP.gb, true);
    expect((await laptop.signIn(email)).json().status).toBe("complete");
    t.clock.advance(SECOND);
    const token = (await api.signIn(email)).json().token as string;
    expect((await laptop.account()).statusCode).toBe(200);
    expect((await api.account(token)).statusCode).toBe(200);

    // Both emails carry a link; each stays valid on its own (the newer does not void the older).
    const [newer, older] = await notificationsTo(t, email);
    const olderLink = linkToken(older!.text, "/logout-all");
    const newerLink = linkToken(newer!.text, "/logout-all");
    expect(olderLink).not.toBe(newerLink);

    const stranger = new Client(t, UA.chrome131, IP.us);
    const res = await stranger.post("/api/v1/auth/logout-all", { token: olderLink });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ status: "logged_out", ended: 2 });
    expect((await laptop.account()).statusCode).toBe(401);
    expect((await api.account(token)).statusCode).toBe(401);

    const reused = await stranger.post("/api/v1/auth/logout-all", { token: olderLink });
    expect(reused.statusCode).toBe(409);
    expect(reused.json().code).toBe("TOKEN_USED");
    expect((await stranger.post("/api/v1/auth/logout-all", { token: newerLink })).json()).toEqual({ status: "logged_out", ended: 0 });
  });

  it("also cancels a sign-in waiting for confirmation", async () => {
    const { email, browser, mail } = await waitingSignIn();
    const owner = new Client(t, UA.chrome131, IP.us);
    expect((await owner.post("/api/v1/auth/logout-all", { token: linkToken(mail.text, "/logout-all") })).statusCode).toBe(200);
    expect(
      (await t.db.loginAttempt.findMany({ where: { account: { email: email }, state: "rejected" } })).map((a) => a.rejectedReason),
    ).toEqual(["logout_all_link"]);
    const confirm = await owner.post("/api/v1/auth/sign-in/confirm", { token: linkToken(mail.text, "/confirm-sign-in") });
    expect(confirm.statusCode).toBe(409);
    expect(confirm.json().code).toBe("CONFIRMATION_SIGN_IN_ENDED");
    const poll = await browser.poll();
    expect(poll.statusCode).toBe(401);
    expect(poll.json()).toMatchObject({ code: "LOGIN_ATTEMPT_CANCELLED", params: { reason: "logout_all_link" } });
    expect(poll.json().detail).toMatch(/logged out/);
  });

  it("expires after 7 days", async () => {
    const email = await newAccount(t, { policy: "every_login" });
    await new Client(t, UA.firefox128, IP.cz).signIn(email);
    const [mail] = await notificationsTo(t, email);
    t.clock.advance(7 * DAY + SECOND);
    const res = await new Client(t, UA.firefox128, IP.cz).post("/api/v1/auth/logout-all", { token: linkToken(mail!.text, "/logout-all") });
    expect(res.statusCode).toBe(410);
    expect(res.json().code).toBe("TOKEN_EXPIRED");
  });
});
