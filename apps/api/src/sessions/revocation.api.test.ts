import { afterAll, beforeAll, expect, it } from "vitest";
import { TEST_ENV, UA_FIREFOX } from "../../test/app.ts";
import { createTestDatabase } from "../../test/database.ts";
import { bearerToken, signUpThroughApi } from "../../test/sign-in.ts";
import { buildApp } from "../app.ts";
import { loadConfig } from "../config.ts";
import { FakeClock } from "../lib/clock.ts";
import { CACHE_TTL_MS } from "./service.ts";

// Two API instances on one database, each with its own session cache and its own
// monotonic time that the test advances instead of sleeping.
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let monotonic = 0;
const clock = new FakeClock(new Date());
const instances: Awaited<ReturnType<typeof buildApp>>[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  for (let i = 0; i < 2; i++) {
    const app = await buildApp({ config: loadConfig(TEST_ENV), db: database.db, clock, monotonicNow: () => monotonic });
    await app.ready();
    instances.push(app);
  }
});
afterAll(async () => {
  for (const app of instances) await app.close();
  await database.drop();
});

it("refuses a session revoked on one instance on every other within a second", async () => {
  const [a, b] = instances as [(typeof instances)[0], (typeof instances)[0]];
  const email = `multi-${Date.now()}@example.com`;
  await signUpThroughApi({ app: a, db: database.db }, email);
  const token = await bearerToken(a, email);
  const headers = { authorization: `Bearer ${token}`, "user-agent": UA_FIREFOX };
  expect((await b.inject({ method: "GET", url: "/api/v1/account", headers })).statusCode).toBe(200); // b caches it

  expect((await a.inject({ method: "POST", url: "/api/v1/sessions/revoke-all", headers })).statusCode).toBe(200);
  expect((await a.inject({ method: "GET", url: "/api/v1/account", headers })).statusCode).toBe(401); // at once where revoked

  monotonic += CACHE_TTL_MS; // one second later, on the other instance too
  const later = await b.inject({ method: "GET", url: "/api/v1/account", headers });
  expect(later.statusCode).toBe(401);
  expect(later.json().code).toBe("UNAUTHENTICATED");
});
