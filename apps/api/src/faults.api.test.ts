/**
 * Faults (issue 9): the database stops mid-run. Requests then fail at once with a 503
 * problem (never a 500, never a hang), readiness says so, and when PostgreSQL returns
 * the same running API serves again by itself — no restart. Uses a PostgreSQL of its
 * own (embedded), so stopping it disturbs no other test.
 */
import { rmSync } from "node:fs";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { solveCaptcha, TEST_ENV, UA_FIREFOX, verifyEmailByLink } from "../test/app.ts";
import { freePort } from "../test/free-port.ts";
import { buildApp } from "./app.ts";
import { loadConfig } from "./config.ts";
import { createDb, type Db } from "./db/client.ts";
import { type EmbeddedDatabase, startEmbeddedPostgres } from "./db/embedded.ts";
import { applyMigrations } from "./db/schema-engine.ts";
import { FakeClock } from "./lib/clock.ts";

const dir = `.data/fault-postgres-${process.pid}`;
let port = 0;
let pg: EmbeddedDatabase | undefined;
let db: Db;
let app: FastifyInstance;

beforeAll(async () => {
  port = await freePort();
  pg = await startEmbeddedPostgres(dir, port, "portier_faults", { fsync: false });
  await applyMigrations(pg.url);
  db = createDb(pg.url, 5);
  app = await buildApp({ config: loadConfig({ ...TEST_ENV }), db, clock: new FakeClock(new Date()) });
  await app.ready();
}, 120_000);

afterAll(async () => {
  await app?.close();
  await db?.$disconnect();
  await pg?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const signUp = async (email: string) =>
  app.inject({
    method: "POST",
    url: "/api/v1/signup",
    payload: { email, phone: "+420601123456", password: "a long enough passphrase", acceptTerms: true, captcha: await solveCaptcha(app) },
  });
const signIn = (email: string) =>
  app.inject({
    method: "POST",
    url: "/api/v1/auth/sign-in",
    headers: { "user-agent": UA_FIREFOX },
    payload: { email, password: "a long enough passphrase", tokenDelivery: "bearer" },
  });

describe("PostgreSQL stops mid-run", () => {
  it("answers 503 problem+json while it is down, and serves again by itself when it returns", async () => {
    const email = `faults-${Date.now()}@example.com`;
    expect((await signUp(email)).statusCode).toBe(202);
    await verifyEmailByLink({ app, db }, email);
    expect((await signIn(email)).statusCode).toBe(200);

    await pg?.stop();
    pg = undefined;

    // Pooled connections are now dead and new ones are refused: every kind of request fails fast and cleanly.
    for (const res of [await signIn(email), await signIn(email), await app.inject({ method: "GET", url: "/ready" })]) {
      expect(res.statusCode).toBe(503);
      expect(res.headers["content-type"]).toMatch(/application\/problem\+json/);
      expect(res.json().code).toBe("SERVICE_UNAVAILABLE");
    }
    const captcha = await app.inject({ method: "GET", url: "/api/v1/captcha/challenge" });
    expect(captcha.statusCode).toBeLessThan(500);
    expect((await app.inject({ method: "GET", url: "/health" })).statusCode).toBe(200);

    pg = await startEmbeddedPostgres(dir, port, "portier_faults", { fsync: false });
    // The same app, not restarted: the pool reconnects on the next request.
    expect((await app.inject({ method: "GET", url: "/ready" })).statusCode).toBe(200);
    const again = await signIn(email);
    expect(again.statusCode).toBe(200);
    expect(again.json().token).toEqual(expect.any(String));
    // Nothing was half-written while it was down: one account, and the history holds
    // the two successful sign-ins only.
    expect(await db.account.count({ where: { email } })).toBe(1);
    expect(await db.loginEvent.count({ where: { account: { email }, result: "success" } })).toBe(2);
  }, 120_000);
});
