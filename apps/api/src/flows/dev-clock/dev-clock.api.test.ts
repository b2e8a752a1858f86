import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, TEST_ENV, type TestContext } from "../../../test/app.ts";
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
