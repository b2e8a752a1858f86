/**
 * Several API instances behind one address (issue 9): two apps on one PostgreSQL and
 * this machine's Redis (REDIS_URL, default redis://127.0.0.1:6379). The per-IP limit of
 * a route and the per-account sign-in throttle hold across both; without Redis each
 * instance counts alone, which is what the shared store is for.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, solveCaptcha, type TestContext, UA_FIREFOX } from "../test/app.ts";

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const PASSWORD = "a long enough passphrase";

let a: TestContext;
let b: TestContext;
beforeAll(async () => {
  // Real limits (no multiplier) and a key prefix of this run's own in the shared Redis.
  const env = { REDIS_URL, REDIS_KEY_PREFIX: `portier-test-${randomBytes(6).toString("hex")}:`, RATE_LIMIT_MULTIPLIER: "1" };
  a = await createTestApp(env);
  b = await createTestApp(env, a);
});
afterAll(async () => {
  await b?.close();
  await a?.close();
});

/** POST /auth/sign-in/otp/lost-device allows 5 requests a minute per IP. */
const lostDevice = (t: TestContext, ip: string) =>
  t.app.inject({ method: "POST", url: "/api/v1/auth/sign-in/otp/lost-device", remoteAddress: ip, payload: {} });

describe("two API instances", () => {
  it("share a route's per-IP limit through Redis", async () => {
    const ip = "203.0.113.7";
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await lostDevice(i % 2 === 0 ? a : b, ip)).statusCode);
    // Five answered (no sign-in in progress), then the limit, on whichever instance.
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
    const limited = await lostDevice(b, ip);
    expect(limited.headers["content-type"]).toMatch(/application\/problem\+json/);
    expect(limited.json().code).toBe("RATE_LIMITED");
    // Another address has its own budget.
    expect((await lostDevice(a, "203.0.113.8")).statusCode).toBe(401);
  });

  it("count alone without Redis (the control)", async () => {
    const env = { RATE_LIMIT_MULTIPLIER: "1" };
    const c = await createTestApp(env, a);
    const d = await createTestApp(env, a);
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++) statuses.push((await lostDevice(i % 2 === 0 ? c : d, "203.0.113.9")).statusCode);
      expect(statuses.filter((s) => s === 429)).toEqual([]);
    } finally {
      await c.close();
      await d.close();
    }
  });

  it("hold one account's sign-in throttle when 50 wrong passwords arrive at both at once", async () => {
    const email = `scale-${Date.now()}@example.com`;
    const signup = await a.app.inject({
      method: "POST",
      url: "/api/v1/signup",
      payload: { email, phone: "+420601123456", password: PASSWORD, acceptTerms: true, captcha: await solveCaptcha(a.app) },
    });
    expect(signup.statusCode).toBe(202);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        (i % 2 === 0 ? a : b).app.inject({
          method: "POST",
          url: "/api/v1/auth/sign-in",
          // Many addresses, so the per-IP limit is not what stops them.
          remoteAddress: `198.51.100.${i + 1}`,
          headers: { "user-agent": UA_FIREFOX },
          payload: { email, password: "wrong password!" },
        }),
      ),
    );
    const statuses = results.map((r) => r.statusCode);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(statuses.filter((s) => s === 401)).toHaveLength(3);
    expect(statuses.filter((s) => s === 403)).toHaveLength(47);
  });
});
