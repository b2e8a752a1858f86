import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, TEST_ENV, type TestContext, UA_FIREFOX } from "../../../test/app.ts";
import { PASSWORD, verifiedAccount } from "../../../test/factories.ts";
import { signIn } from "../../../test/sign-in.ts";
import { loadConfig } from "../../config.ts";

describe("the dev clock", () => {
  let on: TestContext;
  let off: TestContext;
  beforeAll(async () => {
    on = await createTestApp({ DEV_CLOCK: "true" });
    off = await createTestApp();
  });
  afterAll(async () => {
    await on.close();
    await off.close();
  });

  it("reads and moves the API's time forward, never back", async () => {
    const before = Date.parse((await on.app.inject({ method: "GET", url: "/api/v1/dev/clock" })).json().now);
    expect(before).toBe(on.clock.now().getTime());
    const moved = await on.app.inject({ method: "POST", url: "/api/v1/dev/clock", payload: { advanceMs: 31_000 } });
    expect(moved.statusCode).toBe(200);
    expect(Date.parse(moved.json().now)).toBe(before + 31_000);
    expect(on.clock.now().getTime()).toBe(before + 31_000);

    const back = await on.app.inject({ method: "POST", url: "/api/v1/dev/clock", payload: { advanceMs: -1000 } });
    expect(back.statusCode).toBe(400);
    expect(back.json().code).toBe("VALIDATION_FAILED");
    expect(on.clock.now().getTime()).toBe(before + 31_000);
  });

  it("moves a scope's time only for requests in that scope (tests side by side, ADR 038)", async () => {
    const read = async (scope?: string) => {
      const res = await on.app.inject({
        method: "GET",
        url: "/api/v1/dev/clock",
        headers: scope ? { "x-portier-clock-scope": scope } : {},
      });
      expect(res.statusCode).toBe(200);
      return Date.parse(res.json().now);
    };
    const base = await read();
    expect(await read("worker-1_test-a")).toBe(base);
    const moved = await on.app.inject({
      method: "POST",
      url: "/api/v1/dev/clock",
      headers: { "x-portier-clock-scope": "worker-1_test-a" },
      payload: { advanceMs: 15 * 60_000 },
    });
    expect(Date.parse(moved.json().now)).toBe(base + 15 * 60_000);
    expect(await read("worker-1_test-a")).toBe(base + 15 * 60_000);
    // Another test's scope and unscoped requests keep the base time.
    expect(await read("worker-2_test-b")).toBe(base);
    expect(await read()).toBe(base);
    expect(on.clock.now().getTime()).toBe(base);
    // What the scope's requests do happens at the scope's time: a sign-in's history row.
    const account = await verifiedAccount(on);
    const signedIn = await on.app.inject({
      method: "POST",
      url: "/api/v1/auth/sign-in",
      headers: { "x-portier-clock-scope": "worker-1_test-a", "user-agent": UA_FIREFOX },
      payload: { email: account.email, password: PASSWORD, tokenDelivery: "bearer" },
    });
    expect(signedIn.statusCode, signedIn.body).toBe(200);
    const scoped = await on.db.loginEvent.findFirstOrThrow({ where: { accountId: account.id } });
    expect(scoped.at.getTime()).toBe(base + 15 * 60_000);
    expect((await signIn(on.app, account.email)).statusCode).toBe(200);
    const [unscoped] = await on.db.loginEvent.findMany({ where: { accountId: account.id }, orderBy: { at: "asc" } });
    expect(unscoped?.at.getTime()).toBe(base);
    // Moving the base clock moves every scope with it.
    await on.app.inject({ method: "POST", url: "/api/v1/dev/clock", payload: { advanceMs: 1000 } });
    expect(await read("worker-1_test-a")).toBe(base + 15 * 60_000 + 1000);
    expect(await read("worker-2_test-b")).toBe(base + 1000);
  });

  it("refuses a malformed scope", async () => {
    const res = await on.app.inject({ method: "GET", url: "/api/v1/dev/clock", headers: { "x-portier-clock-scope": "../../etc" } });
    expect(res.statusCode).toBe(400);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(res.json().code).toBe("VALIDATION_FAILED");
  });

  it("does not exist unless DEV_CLOCK=true", async () => {
    expect((await off.app.inject({ method: "GET", url: "/api/v1/dev/clock" })).statusCode).toBe(404);
    expect((await off.app.inject({ method: "POST", url: "/api/v1/dev/clock", payload: { advanceMs: 1000 } })).statusCode).toBe(404);
  });

  it("is refused by the configuration outside development (no dev mailbox)", () => {
    expect(() => loadConfig({ ...TEST_ENV, DEV_MAILBOX: "false", SMTP_URL: "smtp://127.0.0.1:2525", DEV_CLOCK: "true" })).toThrow(
      /DEV_CLOCK: DEV_CLOCK is for development and tests only/,
    );
  });
});
