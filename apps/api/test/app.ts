/**
 * The real app for API tests: real PostgreSQL (a database of its own), real CAPTCHA
 * with a tiny work factor, bcrypt at its lowest cost, a fake clock.
 */

import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll } from "vitest";
import { buildApp } from "../src/app.ts";
import { solveAltchaChallenge } from "../src/captcha/solve.ts";
import { loadConfig } from "../src/config.ts";
import type { Db } from "../src/db/client.ts";
import { FakeClock, ScopedClock } from "../src/lib/clock.ts";
import { installContractCheck } from "./contract.ts";
import { createTestDatabase } from "./database.ts";

export const TEST_ENV = {
  PASSWORD_PEPPER: "test-pepper-0123456789abcdefghijklmnopqrstuvwxyz",
  TOKEN_SECRET: "test-token-secret-0123456789abcdefghijklmnopqrstuv",
  ENCRYPTION_KEYS: "test1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
  BCRYPT_COST: "4",
  DEV_MAILBOX: "true",
  PUBLIC_URL: "https://portier.test",
  ALTCHA_MAX_NUMBER: "50",
  LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
  RATE_LIMIT_MULTIPLIER: "1000",
  // Every test app answers 127.0.0.1; the budget tests set their own limits.
  SMS_PER_ADDRESS_HOURLY_LIMIT: "100000",
  SMS_GLOBAL_HOURLY_LIMIT: "100000",
};

export const ORIGIN = "https://portier.test";
export const UA_FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";

export interface TestContext {
  app: FastifyInstance;
  db: Db;
  clock: FakeClock;
  close(): Promise<void>;
}

/**
 * A test app on a database of its own; with `sameDatabaseAs`, a second API instance on
 * the first one's database (and clock), as several instances behind one address are.
 */
export async function createTestApp(env: Record<string, string> = {}, sameDatabaseAs?: TestContext): Promise<TestContext> {
  const database = sameDatabaseAs ? { db: sameDatabaseAs.db, drop: async () => {} } : await createTestDatabase();
  const clock = sameDatabaseAs ? sameDatabaseAs.clock : new FakeClock(new Date());
  const config = loadConfig({ ...TEST_ENV, ...env });
  // DEV_CLOCK=true: the fake clock is the dev clock's base, each request in its scope (ADR 038).
  const app = await buildApp({ config, db: database.db, clock: config.devClock ? new ScopedClock(clock) : clock });
  installContractCheck(app);
  await app.ready();
  return {
    app,
    db: database.db,
    clock,
    async close() {
      await app.close();
      await database.drop();
    },
  };
}

/**
 * The test app of one file, made before its tests and closed after them (vitest's
 * `beforeAll` and `afterAll`): `const t = appForFile(createTestApp)`, or with a setup of
 * its own (`() => createTestApp({ … })`, `startListeningApp`). Its fields are there from
 * `beforeAll` on, so the tests and hooks read them, not the file's top level.
 */
export function appForFile<T extends { close(): Promise<void> }>(create: () => Promise<T>): T {
  const holder = {} as T;
  beforeAll(async () => {
    Object.assign(holder, await create());
  });
  afterAll(async () => {
    // Absent when making it failed: beforeAll's error is the one to read.
    await (holder as Partial<T>).close?.();
  });
  return holder;
}

/** A POST as a client without cookies: with a bearer session token when given (the SPA's fetches are `newBrowser`). */
export function postAs(app: FastifyInstance, url: string, payload?: object, token?: string) {
  return app.inject({
    method: "POST",
    url,
    headers: { "user-agent": UA_FIREFOX, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(payload ? { payload } : {}),
  });
}

/** Fetches a challenge from the API and solves it, as the SPA's widget does. */
export async function solveCaptcha(app: FastifyInstance): Promise<string> {
  const response = await app.inject({ method: "GET", url: "/api/v1/captcha/challenge" });
  return solveAltchaChallenge(response.json());
}

/** The messages the outbox holds for one recipient, newest first. */
export async function messagesTo(db: Db, recipient: string) {
  return db.outboxMessage.findMany({ where: { recipient }, orderBy: { createdAt: "desc" } });
}

export function tokenFromLink(text: string): string {
  const match = text.match(/#token=([A-Za-z0-9_-]{43})/);
  if (!match?.[1]) throw new Error(`no link token in: ${text}`);
  return match[1];
}

export function codeFromSms(text: string): string {
  const match = text.match(/\b(\d{6})\b/);
  if (!match?.[1]) throw new Error(`no code in: ${text}`);
  return match[1];
}

/**
 * A browser: keeps the cookies the API sets and sends them back, from our origin, with
 * its User-Agent — as the SPA's fetches do.
 */
export function newBrowser(app: FastifyInstance, userAgent = UA_FIREFOX) {
  const jar = new Map<string, string>();
  const send = async (
    method: "GET" | "POST" | "PUT" | "DELETE",
    url: string,
    payload?: object,
    extraHeaders: Record<string, string> = {},
  ) => {
    const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join("; ");
    const response = await app.inject({
      method,
      url,
      headers: { "user-agent": userAgent, origin: ORIGIN, ...(cookie ? { cookie } : {}), ...extraHeaders },
      ...(payload ? { payload } : {}),
    });
    for (const c of response.cookies) {
      if (c.maxAge === 0 || c.value === "") jar.delete(c.name);
      else jar.set(c.name, c.value);
    }
    return response;
  };
  return {
    jar,
    get: (url: string, extraHeaders?: Record<string, string>) => send("GET", url, undefined, extraHeaders),
    post: (url: string, payload?: object, extraHeaders?: Record<string, string>) => send("POST", url, payload, extraHeaders),
    put: (url: string, payload?: object, extraHeaders?: Record<string, string>) => send("PUT", url, payload, extraHeaders),
  };
}
export type Browser = ReturnType<typeof newBrowser>;

/**
 * Opens the newest verification link emailed to `email`, as its owner would: until then
 * the account gets no session and nothing attached (ADR 025).
 */
export async function verifyEmailByLink(t: Pick<TestContext, "app" | "db">, email: string): Promise<void> {
  const message = (await messagesTo(t.db, email)).find((m) => m.template === "signup_verify_email");
  if (!message) throw new Error(`no verification email to ${email}`);
  const res = await t.app.inject({
    method: "POST",
    url: "/api/v1/signup/verify-email",
    headers: { origin: ORIGIN },
    payload: { token: tokenFromLink(message.text) },
  });
  if (res.statusCode !== 200) throw new Error(`verification failed: ${res.statusCode} ${res.body}`);
}
