import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_ENV, type TestContext, UA_FIREFOX } from "../../test/app.ts";
import { createTestDatabase } from "../../test/database.ts";
import { bearerToken, signUpThroughApi } from "../../test/sign-in.ts";
import { createTestStaff, staffBrowser } from "../../test/staff.ts";
import { buildApp } from "../app.ts";
import { loadConfig } from "../config.ts";
import { FakeClock } from "../lib/clock.ts";
import { END_ALL_REASON, endAllCustomerSessions } from "./end-all.ts";
import { CACHE_TTL_MS } from "./service.ts";

// `pnpm sessions:end-all` (ASVS 7.4.5 "all users", ADR 019) runs endAllCustomerSessions in
// its own process, beside running API instances: like a second instance, the API under
// test has its own session cache, whose time the test moves instead of sleeping.
let t: TestContext;
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let monotonic = 0;
beforeAll(async () => {
  database = await createTestDatabase();
  const clock = new FakeClock(new Date());
  const app = await buildApp({ config: loadConfig(TEST_ENV), db: database.db, clock, monotonicNow: () => monotonic });
  await app.ready();
  t = { app, db: database.db, clock, close: async () => {} };
});
afterAll(async () => {
  await t.app.close();
  await database.drop();
});

const PASSWORD = "a long enough passphrase";
let n = 0;
async function signedInCustomer() {
  const email = `endall${++n}-${Date.now()}@example.com`;
  await signUpThroughApi(t, email, { password: PASSWORD });
  return { email, token: await bearerToken(t.app, email, { password: PASSWORD }) };
}
const getAccount = (token: string) =>
  t.app.inject({ method: "GET", url: "/api/v1/account", headers: { authorization: `Bearer ${token}`, "user-agent": UA_FIREFOX } });

describe("pnpm sessions:end-all", () => {
  it("ends every customer session, which every API instance refuses within a second; staff stay signed in", async () => {
    const customers = [await signedInCustomer(), await signedInCustomer(), await signedInCustomer()];
    const staff = await staffBrowser(t, await createTestStaff(t, "admin"));
    for (const c of customers) expect((await getAccount(c.token)).statusCode).toBe(200); // cached by the API now
    const before = await t.db.session.count({ where: { revokedAt: null } });

    const result = await endAllCustomerSessions({ db: t.db, clock: t.clock });
    expect(result.sessions).toBe(before);
    expect(await t.db.session.count({ where: { revokedAt: null } })).toBe(0);
    expect(await t.db.session.count({ where: { revokeReason: END_ALL_REASON } })).toBe(before);

    monotonic += CACHE_TTL_MS;
    for (const c of customers) {
      const refused = await getAccount(c.token);
      expect(refused.statusCode).toBe(401);
      expect(refused.json().code).toBe("UNAUTHENTICATED");
    }
    expect((await staff.get("/api/v1/staff/me")).statusCode).toBe(200);
    // A second run finds nothing left to end; customers can sign in again.
    expect((await endAllCustomerSessions({ db: t.db, clock: t.clock })).sessions).toBe(0);
    expect((await getAccount((await signedInCustomer()).token)).statusCode).toBe(200);
  });

  it("rejects sign-ins still in progress, so none becomes a session afterwards", async () => {
    const email = `endall-otp${++n}-${Date.now()}@example.com`;
    await signUpThroughApi(t, email, { password: PASSWORD, verified: false });
    const account = await t.db.account.findUniqueOrThrow({ where: { email } });
    const attempt = await t.db.loginAttempt.create({
      data: {
        accountId: account.id,
        state: "otp_required",
        browserHash: `test-${n}-${Date.now()}`,
        method: "password",
        ip: "192.0.2.1",
        userAgent: "Firefox/128/Linux",
        createdAt: t.clock.now(),
        expiresAt: new Date(t.clock.now().getTime() + 10 * 60_000),
      },
    });
    const result = await endAllCustomerSessions({ db: t.db, clock: t.clock });
    expect(result.signInsInProgress).toBeGreaterThanOrEqual(1);
    expect(await t.db.loginAttempt.findUniqueOrThrow({ where: { id: attempt.id } })).toMatchObject({
      state: "rejected",
      rejectedReason: "operator",
    });
  });
});
