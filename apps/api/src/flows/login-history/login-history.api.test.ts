import { describe, expect, it } from "vitest";
import { appForFile, createTestApp, UA_FIREFOX } from "../../../test/app.ts";
import { signUpThroughApi } from "../../../test/sign-in.ts";
import { Prisma } from "../../generated/prisma/client.ts";
import { MINUTE } from "../../lib/clock.ts";
import { pageQuery } from "./service.ts";

const t = appForFile(createTestApp);

const PASSWORD = "a long enough passphrase";
const UA_CHROME_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
/** Addresses the shipped IP database places in Czechia, the United States and Great Britain. */
const IP_CZ = "77.75.75.172";
const IP_US = "8.8.8.8";
const IP_GB = "81.2.69.142";
let n = 0;

/** A registered account that is never emailed about sign-ins, so every row reads `notified: false`. */
async function newAccount() {
  const email = `history${++n}-${Date.now()}@example.com`;
  await signUpThroughApi(t, email, { password: PASSWORD });
  const account = await t.db.account.update({ where: { email }, data: { loginNotification: "never" } });
  return { email, id: account.id };
}

const signIn = (email: string, password: string, { ua = UA_FIREFOX, ip = "127.0.0.1" } = {}) =>
  t.app.inject({
    method: "POST",
    url: "/api/v1/auth/sign-in",
    headers: { "user-agent": ua },
    remoteAddress: ip,
    payload: { email, password, tokenDelivery: "bearer" },
  });

/** A successful sign-in; the session (bound to Firefox) reads the history. */
async function session(email: string, opts: { ip?: string } = {}) {
  const res = await signIn(email, PASSWORD, opts);
  expect(res.json().status).toBe("complete");
  return res.json().token as string;
}

const get = (url: string, token?: string) =>
  t.app.inject({
    method: "GET",
    url,
    headers: { "user-agent": UA_FIREFOX, ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });

/** Follows nextCursor to the end; every page's items in order. */
async function walk(token: string, limit: number) {
  const pages: { id: string; at: string }[][] = [];
  let cursor: string | null = null;
  do {
    const res = await get(`/api/v1/account/login-history?limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`, token);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    pages.push(body.items);
    cursor = body.nextCursor;
  } while (cursor);
  return pages;
}

describe("login history", () => {
  it("shows real sign-ins newest first: time, result, method, IP, country, browser, OS", async () => {
    const user = await newAccount();
    const first = t.clock.now();
    expect((await signIn(user.email, "not the password", { ua: UA_CHROME_WINDOWS, ip: IP_US })).statusCode).toBe(401);
    t.clock.advance(MINUTE);
    const token = await session(user.email, { ip: IP_CZ });
    t.clock.advance(MINUTE);
    expect((await signIn(user.email, "still not it", { ua: UA_CHROME_WINDOWS, ip: IP_GB })).statusCode).toBe(401);

    const res = await get("/api/v1/account/login-history", token);
    expect(res.statusCode).toBe(200);
    expect(res.headers["cache-control"]).toBe("no-store");
    const { items, nextCursor } = res.json();
    expect(nextCursor).toBeNull();
    const common = { method: "password", notified: false };
    expect(items).toEqual([
      {
        ...common,
        id: expect.any(String),
        at: new Date(first.getTime() + 2 * MINUTE).toISOString(),
        result: "wrong_password",
        ip: IP_GB,
        country: "GB",
        browser: "Chrome 131",
        os: "Windows",
      },
      {
        ...common,
        id: expect.any(String),
        at: new Date(first.getTime() + MINUTE).toISOString(),
        result: "success",
        ip: IP_CZ,
        country: "CZ",
        browser: "Firefox 128",
        os: "Linux",
      },
      {
        ...common,
        id: expect.any(String),
        at: first.toISOString(),
        result: "wrong_password",
        ip: IP_US,
        country: "US",
        browser: "Chrome 131",
        os: "Windows",
      },
    ]);

    // The detail view: the same row, plus the User-Agent exactly as the browser sent it.
    const detail = await get(`/api/v1/account/login-history/${items[0].id}`, token);
    expect(detail.statusCode).toBe(200);
    expect(detail.headers["cache-control"]).toBe("no-store");
    expect(detail.json()).toEqual({ ...items[0], userAgent: UA_CHROME_WINDOWS });
    expect((await get(`/api/v1/account/login-history/${items[1].id}`, token)).json().userAgent).toBe(UA_FIREFOX);
  });

  it("pages through every row exactly once, also rows recorded in the same millisecond", async () => {
    const user = await newAccount();
    // The fake clock stands still: a run of sign-ins share one timestamp, then two more follow later.
    for (let i = 0; i < 6; i++) {
      expect((await signIn(user.email, "wrong password", { ip: IP_US })).statusCode).toBe(401);
      await session(user.email);
    }
    t.clock.advance(1);
    await session(user.email);
    t.clock.advance(MINUTE);
    const token = await session(user.email, { ip: IP_CZ });
    const stored = await t.db.loginEvent.findMany({ where: { accountId: user.id }, select: { id: true } });
    expect(stored).toHaveLength(14);

    for (const limit of [1, 3, 5, 7, 14, 20]) {
      const pages = await walk(token, limit);
      // Full pages, then the rest; no empty last page when the rows divide evenly.
      expect(pages.map((p) => p.length)).toEqual([...Array(Math.floor(14 / limit)).fill(limit), ...(14 % limit ? [14 % limit] : [])]);
      const rows = pages.flat();
      expect(new Set(rows.map((r) => r.id)).size).toBe(14);
      expect(rows.map((r) => r.id).sort()).toEqual(stored.map((s) => s.id).sort());
      const times = rows.map((r) => Date.parse(r.at));
      expect(times).toEqual([...times].sort((a, b) => b - a));
      // Newest first: the last sign-in (from Czechia) opens the first page.
      expect(rows[0]).toMatchObject({ result: "success", ip: IP_CZ });
    }

    // Without `limit`, a page holds 20 rows.
    for (let i = 0; i < 7; i++) await session(user.email);
    const page = (await get("/api/v1/account/login-history", token)).json();
    expect(page.items).toHaveLength(20);
    expect(page.nextCursor).toEqual(expect.any(String));
  });

  it("refuses a cursor that was altered, cut short, made up or issued to another account", async () => {
    const user = await newAccount();
    for (let i = 0; i < 3; i++) await session(user.email);
    const token = await session(user.email);
    const first = (await get("/api/v1/account/login-history?limit=2", token)).json();
    const cursor = first.nextCursor as string;
    const ok = await get(`/api/v1/account/login-history?limit=2&cursor=${cursor}`, token);
    expect(ok.statusCode).toBe(200);
    expect(ok.json().items).toHaveLength(2);

    const other = await newAccount();
    const otherToken = await session(other.email);
    await session(other.email);
    const foreign = (await get("/api/v1/account/login-history?limit=1", otherToken)).json().nextCursor as string;
    expect(foreign).toEqual(expect.any(String));

    const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === "A" ? "B" : "A") + s.slice(i + 1);
    const bad = [
      flip(cursor, 3), // the time
      flip(cursor, 20), // the row id
      flip(cursor, cursor.length - 1), // the signature (its last, partly unused character too)
      cursor.slice(0, -1),
      `${cursor}A`,
      "not-a-cursor",
      Buffer.from(JSON.stringify({ at: first.items[1].at, id: first.items[1].id })).toString("base64url"),
      foreign,
    ];
    for (const value of bad) {
      const res = await get(`/api/v1/account/login-history?cursor=${encodeURIComponent(value)}`, token);
      expect(res.statusCode, value).toBe(400);
      expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
      expect(res.json()).toMatchObject({ code: "CURSOR_INVALID", errors: [{ field: "cursor", code: "CURSOR_INVALID" }] });
    }
    // The other account's own cursor still works for it: it was refused only here.
    expect((await get(`/api/v1/account/login-history?limit=1&cursor=${foreign}`, otherToken)).statusCode).toBe(200);
  });

  it("validates the page size and rejects unknown parameters", async () => {
    const user = await newAccount();
    const token = await session(user.email);
    for (const query of ["limit=0", "limit=101", "limit=ten", "limit=2.5", "page=2", "offset=100"]) {
      const res = await get(`/api/v1/account/login-history?${query}`, token);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().code).toBe("VALIDATION_FAILED");
    }
    expect((await get("/api/v1/account/login-history?limit=100", token)).statusCode).toBe(200);
  });

  it("shows the detail of the account's own rows only", async () => {
    const owner = await newAccount();
    const ownerToken = await session(owner.email);
    const intruder = await newAccount();
    const intruderToken = await session(intruder.email);
    const ownersRow = (await get("/api/v1/account/login-history", ownerToken)).json().items[0].id as string;

    const res = await get(`/api/v1/account/login-history/${ownersRow}`, intruderToken);
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe("NOT_FOUND");
    // Exactly as for an id that exists nowhere: nothing tells the two apart.
    const unknown = await get("/api/v1/account/login-history/00000000-0000-4000-8000-000000000000", intruderToken);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().detail).toBe(res.json().detail);
    // And the intruder's list holds only the intruder's sign-in.
    const list = (await get("/api/v1/account/login-history", intruderToken)).json().items;
    expect(list.map((row: { id: string }) => row.id)).not.toContain(ownersRow);
    expect(list).toHaveLength(1);

    const malformed = await get("/api/v1/account/login-history/42", ownerToken);
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ code: "VALIDATION_FAILED", errors: [{ field: "id" }] });
  });

  it("answers 401 without a session, whatever the query", async () => {
    const user = await newAccount();
    await session(user.email);
    for (const url of [
      "/api/v1/account/login-history",
      "/api/v1/account/login-history?limit=500&cursor=x",
      "/api/v1/account/login-history/00000000-0000-4000-8000-000000000000",
    ]) {
      const anonymous = await get(url);
      expect(anonymous.statusCode, url).toBe(401);
      expect(anonymous.json().code).toBe("UNAUTHENTICATED");
      expect((await get(url, "made-up-token")).statusCode).toBe(401);
    }
  });

  it("reads a page as one index range scan: no sort, no offset, however deep", async () => {
    const user = await newAccount();
    await session(user.email);
    const row = await t.db.loginEvent.findFirstOrThrow({ where: { accountId: user.id } });
    for (const after of [null, { at: row.at, id: row.id }]) {
      const plan = await t.db.$transaction(async (tx) => {
        // A table this small would be read whole; make the planner show what it does with a big one.
        await tx.$executeRawUnsafe("SET LOCAL enable_seqscan = off");
        await tx.$executeRawUnsafe("SET LOCAL enable_bitmapscan = off");
        const rows = await tx.$queryRaw<{ "QUERY PLAN": string }[]>(Prisma.sql`EXPLAIN ${pageQuery(user.id, after, 21)}`);
        return rows.map((r) => r["QUERY PLAN"]).join("\n");
      });
      expect(plan).toMatch(/Index Scan using login_event_account_id_at_id_idx/);
      expect(plan).not.toMatch(/Sort|Offset/);
    }
  });
});
