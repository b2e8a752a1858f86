import Fastify from "fastify";
import { describe, expect, it } from "vitest";
import { localPerIpLimit } from "./rate-limits.ts";

/** A bare app with the per-IP limit on one route; `now` is the limiter's clock. */
async function limitedApp(max: number, windowMs: number, clock: { now: number }, capacity?: number) {
  const app = Fastify();
  const hook = localPerIpLimit(max, windowMs, () => clock.now, capacity);
  app.setErrorHandler((error: Error & { code?: string }, _request, reply) => {
    reply.status(429).send({ code: error.code });
  });
  app.get("/read", { onRequest: hook }, async () => ({ ok: true }));
  await app.ready();
  return app;
}

const from = (remoteAddress: string) => ({ method: "GET" as const, url: "/read", remoteAddress });

describe("the general per-IP limit, counted in this process", () => {
  it("answers `max` requests of an address in a window and refuses the next with Retry-After and the limit", async () => {
    const clock = { now: 1_000_000 };
    const app = await limitedApp(3, 60_000, clock);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await app.inject(from("192.0.2.1"))).statusCode);
    clock.now += 15_000;
    const refused = await app.inject(from("192.0.2.1"));
    expect([...statuses, refused.statusCode]).toEqual([200, 200, 200, 429]);
    expect(refused.json()).toEqual({ code: "RATE_LIMITED" });
    expect(refused.headers["retry-after"]).toBe("45");
    expect(refused.headers["x-ratelimit-limit"]).toBe("3");
    expect(refused.headers["x-ratelimit-remaining"]).toBe("0");
    expect(refused.headers["x-ratelimit-reset"]).toBe("45");
    await app.close();
  });

  it("counts each address apart, and an address starts afresh when its window has passed", async () => {
    const clock = { now: 5_000 };
    const app = await limitedApp(2, 60_000, clock);
    for (let i = 0; i < 2; i++) await app.inject(from("192.0.2.1"));
    expect((await app.inject(from("192.0.2.1"))).statusCode).toBe(429);
    expect((await app.inject(from("192.0.2.2"))).statusCode).toBe(200);
    clock.now += 59_999;
    expect((await app.inject(from("192.0.2.1"))).statusCode).toBe(429);
    clock.now += 1;
    expect((await app.inject(from("192.0.2.1"))).statusCode).toBe(200);
    await app.close();
  });

  it("keeps at most its capacity of addresses: when full, the oldest windows go, a recent one keeps its count", async () => {
    const clock = { now: 0 };
    const app = await limitedApp(2, 60_000, clock, 10);
    // Ten addresses fill it; the tenth has used its budget.
    for (let i = 1; i <= 10; i++) await app.inject(from(`192.0.2.${i}`));
    await app.inject(from("192.0.2.10"));
    expect((await app.inject(from("192.0.2.10"))).statusCode).toBe(429);
    // An eleventh makes room down to nine tenths: the oldest go, the tenth stays refused.
    await app.inject(from("192.0.2.11"));
    expect((await app.inject(from("192.0.2.10"))).statusCode).toBe(429);
    // The first address's window was dropped: it starts afresh.
    expect((await app.inject(from("192.0.2.1"))).statusCode).toBe(200);
    expect((await app.inject(from("192.0.2.1"))).statusCode).toBe(200);
    expect((await app.inject(from("192.0.2.1"))).statusCode).toBe(429);
    await app.close();
  });
});
