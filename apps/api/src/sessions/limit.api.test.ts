import { describe, expect, it } from "vitest";
import { appForFile, createTestApp, UA_FIREFOX } from "../../test/app.ts";
import { signUpThroughApi } from "../../test/sign-in.ts";
import { HOUR, MINUTE, SECOND } from "../lib/clock.ts";
import { createSessionService } from "./service.ts";

// A small limit, so the tests reach it; the default is 50 (ADR 018).
const LIMIT = 3;
const t = appForFile(() => createTestApp({ SESSION_MAX_PER_ACCOUNT: String(LIMIT) }));

const PASSWORD = "a long enough passphrase";
let n = 0;

async function newAccount() {
  const email = `limit${++n}-${Date.now()}@example.com`;
  await signUpThroughApi(t, email, { password: PASSWORD });
  return email;
}

const signIn = (email: string) =>
  t.app.inject({
    method: "POST",
    url: "/api/v1/auth/sign-in",
    headers: { "user-agent": UA_FIREFOX },
    payload: { email, password: PASSWORD, tokenDelivery: "bearer" },
  });

async function bearer(email: string) {
  const res = await signIn(email);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().token as string;
}

const getAccount = (token: string) =>
  t.app.inject({ method: "GET", url: "/api/v1/account", headers: { authorization: `Bearer ${token}`, "user-agent": UA_FIREFOX } });

const liveSessions = (email: string) => t.db.session.count({ where: { account: { email }, revokedAt: null } });

describe("sessions per account", () => {
  it("keeps at most SESSION_MAX_PER_ACCOUNT: sign-in number limit+1 ends the oldest session and is never refused", async () => {
    const email = await newAccount();
    const tokens: string[] = [];
    for (let i = 0; i < LIMIT + 1; i++) {
      tokens.push(await bearer(email));
      t.clock.advance(SECOND);
    }
    expect(await liveSessions(email)).toBe(LIMIT);
    const oldest = await getAccount(tokens[0]!);
    expect(oldest.statusCode).toBe(401);
    expect(oldest.json().code).toBe("UNAUTHENTICATED");
    for (const token of tokens.slice(1)) expect((await getAccount(token)).statusCode).toBe(200);
    const ended = await t.db.session.findMany({ where: { account: { email }, revokedAt: { not: null } } });
    expect(ended.map((s) => s.revokeReason)).toEqual(["session_limit"]);
  });

  it("ends the least recently used session, not the oldest sign-in", async () => {
    const email = await newAccount();
    const tokens: string[] = [];
    for (let i = 0; i < LIMIT; i++) {
      tokens.push(await bearer(email));
      t.clock.advance(SECOND);
    }
    // The first session is used again later (last use is recorded at most once a minute).
    t.clock.advance(2 * MINUTE);
    expect((await getAccount(tokens[0]!)).statusCode).toBe(200);
    t.clock.advance(SECOND);
    tokens.push(await bearer(email));
    expect((await getAccount(tokens[1]!)).statusCode).toBe(401);
    for (const token of [tokens[0]!, tokens[2]!, tokens[3]!]) expect((await getAccount(token)).statusCode).toBe(200);
    expect(await liveSessions(email)).toBe(LIMIT);
  });

  it("does not count sessions that ended or timed out", async () => {
    const email = await newAccount();
    const first = await bearer(email);
    await t.app.inject({
      method: "POST",
      url: "/api/v1/sessions/revoke-all",
      headers: { authorization: `Bearer ${first}`, "user-agent": UA_FIREFOX },
    });
    const stale = await bearer(email);
    t.clock.advance(61 * MINUTE); // `stale` is now idle past the timeout
    const tokens = [];
    for (let i = 0; i < LIMIT; i++) {
      tokens.push(await bearer(email));
      t.clock.advance(SECOND);
    }
    for (const token of tokens) expect((await getAccount(token)).statusCode).toBe(200);
    const reasons = (await t.db.session.findMany({ where: { account: { email } } })).map((s) => s.revokeReason);
    expect(reasons).not.toContain("session_limit");
    expect((await getAccount(stale)).json().code).toBe("SESSION_EXPIRED");
  });

  it("holds the limit when 20 sessions of one account are created at once", async () => {
    // Sign-ins that reach session creation together (after the password, an OTP code or a
    // confirmation link) call the service in parallel; the HTTP password step alone lets at
    // most 3 through at once (the throttle's CAPTCHA rule), so the service is driven here.
    const email = await newAccount();
    const account = await t.db.account.findUniqueOrThrow({ where: { email } });
    const sessions = createSessionService({
      db: t.db,
      clock: t.clock,
      settings: { idleMs: HOUR, absoluteMs: 12 * HOUR, maxPerAccount: LIMIT },
    });
    const created = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        i % 2 === 0
          ? sessions.create({ accountId: account.id, userAgent: UA_FIREFOX, ip: "192.0.2.1" })
          : t.db.$transaction((tx) => sessions.create({ accountId: account.id, userAgent: UA_FIREFOX, ip: "192.0.2.1" }, tx)),
      ),
    );
    expect(await liveSessions(email)).toBe(LIMIT);
    const answers = await Promise.all(created.map(({ token }) => getAccount(token)));
    expect(answers.filter((r) => r.statusCode === 200)).toHaveLength(LIMIT);
    expect(answers.filter((r) => r.statusCode === 401)).toHaveLength(20 - LIMIT);
  });
});
