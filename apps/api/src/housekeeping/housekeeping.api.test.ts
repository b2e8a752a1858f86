/**
 * Housekeeping (ADR 027) on the fake clock: rows made by real flows stay while they can
 * matter and are gone a day after; several instances purging at once share the work.
 */
import { LOGOUT_ALL_LINK_TTL_DAYS } from "@portier/shared/login-notifications";
import { describe, expect, it } from "vitest";
import { appForFile, createTestApp, solveCaptcha } from "../../test/app.ts";
import { CUSTOMER_PASSWORD, createCustomer, customerClient } from "../../test/staff.ts";
import { HOUR, MINUTE } from "../lib/clock.ts";
import { createHousekeeping } from "./housekeeping.ts";

const t = appForFile(createTestApp);

/** Past the longest-lived link (log out all, from the new-browser notice) and its day of retention. */
const LONGEST = (LOGOUT_ALL_LINK_TTL_DAYS + 2) * 24 * HOUR;

const rows = async () => ({
  verifications: await t.db.verification.count(),
  loginAttempts: await t.db.loginAttempt.count(),
  smsSends: await t.db.smsSend.count(),
  failureCounters: await t.db.loginThrottle.count(),
});

/** What a busy minute leaves behind: a sign-up link, an SMS code, a sign-in at its OTP step, failures for an unknown email. */
async function leaveTraces() {
  const call = customerClient(t);
  const email = `fresh-${Date.now()}@example.com`;
  expect(
    (
      await call("POST", "/api/v1/signup", {
        email,
        phone: "+420601555111",
        password: CUSTOMER_PASSWORD,
        acceptTerms: true,
        captcha: await solveCaptcha(t.app),
      })
    ).statusCode,
  ).toBe(202);
  const customer = await createCustomer(t, { otp: true });
  await t.db.account.update({ where: { id: customer.id }, data: { phoneVerifiedAt: null } });
  expect((await call("POST", "/api/v1/account/phone/send-code", undefined, customer.token)).statusCode).toBe(200);
  const signIn = await call("POST", "/api/v1/auth/sign-in", {
    email: customer.email,
    password: CUSTOMER_PASSWORD,
    tokenDelivery: "bearer",
  });
  expect(signIn.json().attemptToken).toBeTruthy();
  expect(
    (await call("POST", "/api/v1/auth/sign-in", { email: "nobody-here@example.com", password: "wrong password 123" })).statusCode,
  ).toBe(401);
}

describe("housekeeping", () => {
  it("keeps what can still matter and purges links, codes, attempts, SMS records and idle counters a day later", async () => {
    const housekeeping = createHousekeeping({ db: t.db, clock: t.clock });
    await leaveTraces();
    const start = await rows();
    expect(start.verifications).toBeGreaterThanOrEqual(2); // the sign-up link and the SMS code
    expect(start.loginAttempts).toBeGreaterThanOrEqual(1);
    expect(start.smsSends).toBe(1);
    expect(start.failureCounters).toBeGreaterThanOrEqual(1);

    expect(await housekeeping.runOnce()).toEqual({ verifications: 0, loginAttempts: 0, smsSends: 0, failureCounters: 0 });

    // 23 hours on: the SMS budgets still count the SMS, the counter is still a day's history.
    t.clock.advance(23 * HOUR);
    const early = await housekeeping.runOnce();
    expect(early.smsSends).toBe(0);
    expect(early.failureCounters).toBe(0);

    // A day and a bit: the 10-minute code, the attempt, the SMS record and the idle counter go;
    // the sign-up link (valid 24 hours) is kept a day past its expiry.
    t.clock.advance(2 * HOUR);
    const purged = await housekeeping.runOnce();
    expect(purged).toMatchObject({ smsSends: 1 });
    expect(purged.loginAttempts).toBe(start.loginAttempts);
    expect(purged.failureCounters).toBe(start.failureCounters);
    expect(purged.verifications).toBeGreaterThanOrEqual(1);
    const emailLinks = await t.db.verification.count({ where: { purpose: "email_verification" } });
    expect(emailLinks).toBeGreaterThanOrEqual(1);

    t.clock.advance(LONGEST);
    await housekeeping.runOnce();
    expect(await rows()).toEqual({ verifications: 0, loginAttempts: 0, smsSends: 0, failureCounters: 0 });
  });

  it("keeps a counter that failed recently; a day of quiet ends it", async () => {
    const housekeeping = createHousekeeping({ db: t.db, clock: t.clock });
    const call = customerClient(t);
    const fail = () => call("POST", "/api/v1/auth/sign-in", { email: "quiet@example.com", password: "wrong password 456" });
    await fail();
    t.clock.advance(20 * HOUR);
    await fail();
    t.clock.advance(20 * HOUR);
    await housekeeping.runOnce();
    expect((await t.db.loginThrottle.findFirstOrThrow()).failures).toBe(2);
    t.clock.advance(5 * HOUR);
    await housekeeping.runOnce();
    expect(await t.db.loginThrottle.count()).toBe(0);
  });

  it("runs safely on several instances at once, and on its own schedule until stopped", async () => {
    const instances = [1, 2, 3].map(() => createHousekeeping({ db: t.db, clock: t.clock }));
    await leaveTraces();
    const before = await rows();
    t.clock.advance(LONGEST);
    const results = await Promise.all(instances.map((h) => h.runOnce()));
    const sum = (key: keyof (typeof results)[number]) => results.reduce((total, r) => total + r[key], 0);
    expect(sum("loginAttempts")).toBe(before.loginAttempts);
    expect(sum("smsSends")).toBe(before.smsSends);
    expect(sum("verifications")).toBe(before.verifications);
    expect(await rows()).toEqual({ verifications: 0, loginAttempts: 0, smsSends: 0, failureCounters: 0 });

    await leaveTraces();
    t.clock.advance(LONGEST);
    const scheduled = createHousekeeping({ db: t.db, clock: t.clock });
    scheduled.start(MINUTE);
    await scheduled.stop();
    expect(await rows()).toEqual({ verifications: 0, loginAttempts: 0, smsSends: 0, failureCounters: 0 });
  });
});
