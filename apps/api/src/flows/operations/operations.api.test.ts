import { describe, expect, it } from "vitest";
import { appForFile, createTestApp, solveCaptcha, TEST_ENV, UA_FIREFOX } from "../../../test/app.ts";
import { buildApp } from "../../app.ts";
import { loadConfig } from "../../config.ts";
import { createDb } from "../../db/client.ts";

const METRICS_TOKEN = "metrics-token-0123456789";
const t = appForFile(() => createTestApp({ METRICS_TOKEN }));

describe("health and readiness", () => {
  it("answers /health and /ready when the database is migrated", async () => {
    const health = await t.app.inject({ method: "GET", url: "/health" });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({ status: "ok" });
    const ready = await t.app.inject({ method: "GET", url: "/ready" });
    expect(ready.statusCode).toBe(200);
    expect(ready.json().status).toBe("ready");
  });

  it("is not ready while a migration of this build is missing, and names it", async () => {
    const [last] = await t.db.$queryRaw<{ name: string }[]>`
      SELECT migration_name AS name FROM _prisma_migrations ORDER BY migration_name DESC LIMIT 1`;
    await t.db.$executeRaw`UPDATE _prisma_migrations SET finished_at = NULL WHERE migration_name = ${last!.name}`;
    try {
      const ready = await t.app.inject({ method: "GET", url: "/ready" });
      expect(ready.statusCode).toBe(503);
      expect(ready.headers["content-type"]).toMatch(/application\/problem\+json/);
      expect(ready.json()).toMatchObject({ code: "SERVICE_UNAVAILABLE" });
      expect(ready.json().detail).toContain(last!.name);
    } finally {
      await t.db.$executeRaw`UPDATE _prisma_migrations SET finished_at = now() WHERE migration_name = ${last!.name}`;
    }
  });

  it("is alive but not ready when the database does not answer, and requests get a 503 problem instead of a crash", async () => {
    // A port nothing listens on: the database is "down".
    const db = createDb("postgresql://postgres@127.0.0.1:9/portier", 1);
    const app = await buildApp({ config: loadConfig({ ...TEST_ENV }), db });
    try {
      expect((await app.inject({ method: "GET", url: "/health" })).statusCode).toBe(200);
      const ready = await app.inject({ method: "GET", url: "/ready" });
      expect(ready.statusCode).toBe(503);
      expect(ready.json().code).toBe("SERVICE_UNAVAILABLE");
      const signIn = await app.inject({
        method: "POST",
        url: "/api/v1/auth/sign-in",
        headers: { "user-agent": UA_FIREFOX },
        payload: { email: "someone@example.com", password: "a long enough passphrase" },
      });
      expect(signIn.statusCode).toBe(503);
      expect(signIn.json().code).toBe("SERVICE_UNAVAILABLE");
    } finally {
      await app.close();
      await db.$disconnect();
    }
  });
});

describe("metrics", () => {
  it("needs the bearer token", async () => {
    expect((await t.app.inject({ method: "GET", url: "/metrics" })).statusCode).toBe(401);
    const wrong = await t.app.inject({ method: "GET", url: "/metrics", headers: { authorization: "Bearer not-the-token-at-all" } });
    expect(wrong.statusCode).toBe(401);
  });

  it("counts requests by route pattern, sign-in outcomes and the outbox backlog", async () => {
    const email = `metrics-${Date.now()}@example.com`;
    await t.app.inject({
      method: "POST",
      url: "/api/v1/signup",
      payload: {
        email,
        phone: "+420601123456",
        password: "a long enough passphrase",
        acceptTerms: true,
        captcha: await solveCaptcha(t.app),
      },
    });
    await t.app.inject({
      method: "POST",
      url: "/api/v1/auth/sign-in",
      headers: { "user-agent": UA_FIREFOX },
      payload: { email, password: "not the password" },
    });
    const res = await t.app.inject({ method: "GET", url: "/metrics", headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toMatch(/text\/plain/);
    const text = res.body;
    expect(text).toMatch(/portier_http_requests_total\{method="POST",route="\/api\/v1\/signup",status="202"\} 1/);
    expect(text).toMatch(/portier_sign_in_outcomes_total\{step="\/",outcome="INVALID_CREDENTIALS"\} 1/);
    expect(text).toMatch(/portier_outbox_backlog\{status="pending"\} [1-9]/);
    expect(text).toMatch(/portier_nodejs_eventloop_lag_seconds/);
    // Labels are route patterns: the email typed in never appears.
    expect(text).not.toContain(email);
  });

  it("does not exist without METRICS_TOKEN", async () => {
    const plain = await createTestApp({}, t);
    try {
      expect(
        (await plain.app.inject({ method: "GET", url: "/metrics", headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).statusCode,
      ).toBe(404);
    } finally {
      await plain.close();
    }
  });
});
