/**
 * SMS budgets (ADR 027, SPEC §12): each budget is shown by counting the SMS that reach
 * the SMS provider of the tests (the dev mailbox), for every flow that sends one.
 */
import { describe, expect, it } from "vitest";
import { appForFile, createTestApp, TEST_ENV, type TestContext, tokenFromLink, UA_FIREFOX } from "../../test/app.ts";
import { createTestDatabase } from "../../test/database.ts";
import {
  CUSTOMER_PASSWORD,
  createCustomer,
  createTestStaff,
  customerClient,
  fileRequest,
  staffBrowser,
  type TestCustomer,
} from "../../test/staff.ts";
import { buildApp } from "../app.ts";
import { loadConfig } from "../config.ts";
import { FakeClock, HOUR, MINUTE, SECOND } from "../lib/clock.ts";

const t = appForFile(createTestApp);

let n = 0;
/** A number no other test sends to. */
const freshNumber = () => `+42077${String(1000000 + ++n).slice(-7)}`;

/** The SMS the provider received for `phone` (the dev mailbox is the tests' SMS provider). */
async function smsReceivedBy(ctx: TestContext, phone: string): Promise<number> {
  const mailbox = await ctx.app.inject({ method: "GET", url: `/api/v1/dev/mailbox?recipient=${encodeURIComponent(phone)}&limit=100` });
  expect(mailbox.statusCode, mailbox.body).toBe(200);
  return (mailbox.json().messages as { channel: string }[]).filter((m) => m.channel === "sms").length;
}

/** A signed-in customer asks for a code to `phone` (the phone-change flow sends to any number). */
function changePhone(ctx: TestContext, customer: TestCustomer, phone: string, remoteAddress = "127.0.0.1") {
  return ctx.app.inject({
    method: "POST",
    url: "/api/v1/account/phone/change",
    remoteAddress,
    headers: { "user-agent": UA_FIREFOX, authorization: `Bearer ${customer.token}` },
    payload: { password: CUSTOMER_PASSWORD, phone },
  });
}

/** Signs the customer in again after the clock has moved past the session's idle timeout. */
async function signInAgain(ctx: TestContext, customer: TestCustomer) {
  const res = await customerClient(ctx)("POST", "/api/v1/auth/sign-in", {
    email: customer.email,
    password: CUSTOMER_PASSWORD,
    tokenDelivery: "bearer",
  });
  customer.token = res.json().token;
}

function expectRefused(response: { statusCode: number; headers: Record<string, unknown>; json(): { code: string } }, code: string) {
  expect(response.statusCode).toBe(429);
  expect(response.json().code).toBe(code);
  expect(Number(response.headers["retry-after"])).toBeGreaterThan(0);
}

async function unverifiedEmail(ctx: TestContext, customer: TestCustomer) {
  await ctx.db.account.update({ where: { id: customer.id }, data: { emailVerifiedAt: null } });
}

describe("only accounts with a verified email get SMS", () => {
  it("phone verification", async () => {
    const customer = await createCustomer(t);
    await t.db.account.update({ where: { id: customer.id }, data: { emailVerifiedAt: null, phoneVerifiedAt: null } });
    const res = await customerClient(t)("POST", "/api/v1/account/phone/send-code", undefined, customer.token);
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe("EMAIL_NOT_VERIFIED");
    expect(await smsReceivedBy(t, customer.phone)).toBe(0);
  });

  it("phone change", async () => {
    const customer = await createCustomer(t);
    await unverifiedEmail(t, customer);
    const to = freshNumber();
    const res = await changePhone(t, customer, to);
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe("EMAIL_NOT_VERIFIED");
    expect(await smsReceivedBy(t, to)).toBe(0);
  });

  it("lost OTP device", async () => {
    const customer = await createCustomer(t, { otp: true });
    const call = customerClient(t);
    const attemptToken = (
      await call("POST", "/api/v1/auth/sign-in", { email: customer.email, password: CUSTOMER_PASSWORD, tokenDelivery: "bearer" })
    ).json().attemptToken;
    expect((await call("POST", "/api/v1/auth/sign-in/otp/lost-device", { attemptToken })).json()).toEqual({ status: "email_sent" });
    const mail = (await t.db.outboxMessage.findMany({ where: { recipient: customer.email, template: "otp_recovery_link" } }))[0];
    const token = tokenFromLink(mail!.text);
    await unverifiedEmail(t, customer);
    const res = await call("POST", "/api/v1/otp-recovery/send-sms", { token });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe("EMAIL_NOT_VERIFIED");
    expect(await smsReceivedBy(t, customer.phone)).toBe(0);
  });

  it("staff's SMS identity check", async () => {
    const customer = await createCustomer(t);
    await unverifiedEmail(t, customer);
    const desk = await staffBrowser(t, await createTestStaff(t));
    const request = await fileRequest(t, { type: "otp_disable", contactEmail: `c${++n}@example.org`, loginEmail: customer.email });
    expect((await desk.post(`/api/v1/staff/support-requests/${request.id}/account`, { accountId: customer.id })).statusCode).toBe(200);
    const res = await desk.post(`/api/v1/staff/support-requests/${request.id}/sms-code`);
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe("EMAIL_NOT_VERIFIED");
    expect(await smsReceivedBy(t, customer.phone)).toBe(0);
  });
});

describe("SMS budgets", () => {
  it("per account: 60 s between codes and 5 an hour, whatever the numbers", async () => {
    const customer = await createCustomer(t);
    const numbers = Array.from({ length: 6 }, freshNumber);
    expect((await changePhone(t, customer, numbers[0]!)).statusCode).toBe(200);
    expectRefused(await changePhone(t, customer, numbers[1]!), "SMS_TOO_SOON");
    for (const to of numbers.slice(1, 5)) {
      t.clock.advance(61 * SECOND);
      expect((await changePhone(t, customer, to)).statusCode).toBe(200);
    }
    t.clock.advance(61 * SECOND);
    expectRefused(await changePhone(t, customer, numbers[5]!), "SMS_HOURLY_LIMIT");
    const received = await Promise.all(numbers.map((to) => smsReceivedBy(t, to)));
    expect(received).toEqual([1, 1, 1, 1, 1, 0]);
  });

  it("per destination number: 5 an hour and 10 a day, whichever accounts ask", async () => {
    const victim = freshNumber();
    const senders = await Promise.all(Array.from({ length: 6 }, () => createCustomer(t)));
    const ask = (i: number) => changePhone(t, senders[i]!, victim);

    for (let i = 0; i < 5; i++) expect((await ask(i)).statusCode).toBe(200);
    const sixth = await ask(5);
    expectRefused(sixth, "SMS_NUMBER_LIMIT");
    expect(Number(sixth.headers["retry-after"])).toBeLessThanOrEqual(3600);
    expect(await smsReceivedBy(t, victim)).toBe(5);

    t.clock.advance(HOUR + MINUTE);
    for (const s of senders) await signInAgain(t, s);
    for (let i = 0; i < 5; i++) expect((await ask(i)).statusCode).toBe(200);
    t.clock.advance(HOUR + MINUTE);
    for (const s of senders) await signInAgain(t, s);
    const eleventh = await ask(5);
    expectRefused(eleventh, "SMS_NUMBER_LIMIT");
    // The day's oldest SMS leaves the window in about 22 hours.
    expect(Number(eleventh.headers["retry-after"])).toBeGreaterThan(21 * 3600);
    expect(await smsReceivedBy(t, victim)).toBe(10);

    t.clock.advance(22 * HOUR);
    await signInAgain(t, senders[5]!);
    expect((await ask(5)).statusCode).toBe(200);
    expect(await smsReceivedBy(t, victim)).toBe(11);
  });

  it("20 requests at once from 20 accounts put no more than 5 SMS on one number", async () => {
    const victim = freshNumber();
    const senders = await Promise.all(Array.from({ length: 20 }, () => createCustomer(t)));
    const answers = await Promise.all(senders.map((s) => changePhone(t, s, victim)));
    expect(answers.every((a) => a.statusCode < 500)).toBe(true);
    expect(answers.filter((a) => a.statusCode === 200)).toHaveLength(5);
    expect(answers.filter((a) => a.statusCode === 429 && a.json().code === "SMS_NUMBER_LIMIT")).toHaveLength(15);
    expect(await smsReceivedBy(t, victim)).toBe(5);
  });
});

describe("SMS budgets set by configuration", () => {
  it("per client address: SMS_PER_ADDRESS_HOURLY_LIMIT an hour, even in parallel; other addresses go on", async () => {
    const own = await createTestApp({ SMS_PER_ADDRESS_HOURLY_LIMIT: "3" });
    try {
      const senders = await Promise.all(Array.from({ length: 20 }, () => createCustomer(own)));
      const numbers = senders.map(() => freshNumber());
      const answers = await Promise.all(senders.map((s, i) => changePhone(own, s, numbers[i]!, "203.0.113.7")));
      expect(answers.filter((a) => a.statusCode === 200)).toHaveLength(3);
      const refused = answers.filter((a) => a.statusCode !== 200);
      for (const r of refused) expectRefused(r, "SMS_ADDRESS_LIMIT");
      const received = await Promise.all(numbers.map((to) => smsReceivedBy(own, to)));
      expect(received.reduce((a, b) => a + b, 0)).toBe(3);

      const elsewhere = senders.findIndex((_, i) => received[i] === 0);
      expect((await changePhone(own, senders[elsewhere]!, numbers[elsewhere]!, "198.51.100.9")).statusCode).toBe(200);
      expect(await smsReceivedBy(own, numbers[elsewhere]!)).toBe(1);
    } finally {
      await own.close();
    }
  });

  it("global: SMS_GLOBAL_HOURLY_LIMIT an hour, then refused with an error logged and a Prometheus counter raised", async () => {
    const lines: string[] = [];
    const database = await createTestDatabase();
    const clock = new FakeClock(new Date());
    const metricsToken = "metrics-token-0123456789";
    const app = await buildApp({
      config: loadConfig({ ...TEST_ENV, SMS_GLOBAL_HOURLY_LIMIT: "3", METRICS_TOKEN: metricsToken, LOG_LEVEL: "error" }),
      db: database.db,
      clock,
      logStream: { write: (line) => lines.push(line) },
    });
    await app.ready();
    const own: TestContext = { app, db: database.db, clock, close: async () => {} };
    try {
      const senders = await Promise.all(Array.from({ length: 5 }, () => createCustomer(own)));
      const numbers = senders.map(() => freshNumber());
      const answers = await Promise.all(senders.map((s, i) => changePhone(own, s, numbers[i]!, `192.0.2.${i + 1}`)));
      expect(answers.filter((a) => a.statusCode === 200)).toHaveLength(3);
      for (const r of answers.filter((a) => a.statusCode !== 200)) expectRefused(r, "SMS_SERVICE_LIMIT");
      const received = await Promise.all(numbers.map((to) => smsReceivedBy(own, to)));
      expect(received.reduce((a, b) => a + b, 0)).toBe(3);

      const errors = lines.map((l) => JSON.parse(l)).filter((l) => l.budget === "global");
      expect(errors).toHaveLength(2);
      expect(errors[0].level).toBe(50);
      const metrics = await app.inject({ method: "GET", url: "/metrics", headers: { authorization: `Bearer ${metricsToken}` } });
      expect(metrics.body).toContain('portier_sms_refused_total{budget="global"} 2');

      // An hour later the budget is there again.
      clock.advance(HOUR + MINUTE);
      const later = received.indexOf(0);
      await signInAgain(own, senders[later]!);
      expect((await changePhone(own, senders[later]!, numbers[later]!)).statusCode).toBe(200);
    } finally {
      await app.close();
      await database.drop();
    }
  });
});
