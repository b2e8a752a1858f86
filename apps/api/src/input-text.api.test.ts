/**
 * No bad input reaches the database (SPEC §12, ADR 027): text with a NUL byte, another
 * control character or a lone surrogate is refused by the shared schemas with a 400
 * naming the field; whatever slips past them is still a 400, never a 500; staff search
 * matches `%` and `_` literally.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, solveCaptcha, TEST_ENV, type TestContext } from "../test/app.ts";
import { createTestDatabase } from "../test/database.ts";
import { createTestStaff, customerClient, fileRequest, type StaffBrowser, staffBrowser } from "../test/staff.ts";
import { buildApp } from "./app.ts";
import { loadConfig } from "./config.ts";
import { FakeClock } from "./lib/clock.ts";

let t: TestContext;
let desk: StaffBrowser;
beforeAll(async () => {
  t = await createTestApp();
  desk = await staffBrowser(t, await createTestStaff(t));
});
afterAll(async () => {
  await t.close();
});

let n = 0;
const contact = () => `contact${++n}@example.org`;

function expectFieldRefused(
  response: { statusCode: number; json(): { code: string; errors?: { field: string; code: string }[] } },
  field: string,
) {
  expect(response.statusCode).toBe(400);
  expect(response.json().code).toBe("VALIDATION_FAILED");
  expect(response.json().errors).toContainEqual(expect.objectContaining({ field, code: "INVALID_CHARACTERS" }));
}

describe("text with control characters", () => {
  it("public support request: NUL, escape or a lone surrogate in the details is a 400 naming the field; line breaks are fine", async () => {
    const file = async (details: string) =>
      customerClient(t)("POST", "/api/v1/support-requests", {
        type: "email_hint",
        contactEmail: contact(),
        details,
        captcha: await solveCaptcha(t.app),
      });
    for (const details of ["service \u0000 alpha", "service \u001b[31m alpha", "service \ud800 alpha"]) {
      expectFieldRefused(await file(details), "details");
    }
    expect(await t.db.supportRequest.count()).toBe(0);
    const multiLine = await file("service alpha\r\nand\tbeta");
    expect(multiLine.statusCode, multiLine.body).toBe(202);
  });

  it("staff search: a NUL in the query is a 400 naming it", async () => {
    const request = await fileRequest(t, { type: "email_hint", contactEmail: contact(), details: "service gamma" });
    const res = await desk.get(`/api/v1/staff/accounts?q=${encodeURIComponent("abc\u0000")}&requestId=${request.id}`);
    expectFieldRefused(res, "q");
  });

  it("staff reject: a NUL in the reason is a 400 naming it, and the request stays open", async () => {
    const request = await fileRequest(t, { type: "email_hint", contactEmail: contact(), details: "service delta" });
    expectFieldRefused(await desk.post(`/api/v1/staff/support-requests/${request.id}/reject`, { reason: "not \u0000 enough" }), "reason");
    expect((await t.db.supportRequest.findUniqueOrThrow({ where: { id: request.id } })).status).toBe("open");
  });

  it("one-line fields refuse a line break (an email address with a newline)", async () => {
    const res = await customerClient(t)("POST", "/api/v1/signup/resend-email", {
      email: "someone@example.com\nBcc: other@example.com",
      captcha: await solveCaptcha(t.app),
    });
    expectFieldRefused(res, "email");
  });
});

describe("staff account search", () => {
  it("matches % and _ literally", async () => {
    const now = new Date();
    const account = (email: string) => ({
      email,
      phone: "+420601000111",
      passwordHash: "x",
      termsAcceptedAt: now,
      createdAt: now,
      updatedAt: now,
    });
    // Addresses the sign-up form would refuse, as an imported or older account may have.
    await t.db.account.createMany({
      data: [
        account("lit%pct@example.com"),
        account("litxpct@example.com"),
        account("lit_und@example.com"),
        account("litxund@example.com"),
      ],
    });
    const request = await fileRequest(t, { type: "email_hint", contactEmail: contact(), details: "service epsilon" });
    const search = async (q: string) => {
      const res = await desk.get(`/api/v1/staff/accounts?q=${encodeURIComponent(q)}&requestId=${request.id}`);
      expect(res.statusCode, res.body).toBe(200);
      return (res.json().accounts as { email: string }[]).map((a) => a.email).sort();
    };
    expect(await search("%pc")).toEqual(["lit%pct@example.com"]);
    expect(await search("t_u")).toEqual(["lit_und@example.com"]);
    expect(await search("%%%")).toEqual([]);
    expect(await search("lit")).toHaveLength(4);
  });
});

describe("the database's refusal of a value", () => {
  it("is a 400 problem, not a 500, if some future field forgets the schema check", async () => {
    const database = await createTestDatabase();
    const app = await buildApp({ config: loadConfig(TEST_ENV), db: database.db, clock: new FakeClock(new Date()) });
    // A route with no text schema at all, storing what it is given.
    app.post("/test/store", async (request) => {
      await database.db.captchaUse.create({ data: { challengeHash: (request.body as { value: string }).value, expiresAt: new Date() } });
      return { ok: true };
    });
    await app.ready();
    try {
      const res = await app.inject({ method: "POST", url: "/test/store", payload: { value: "a\u0000b" } });
      expect(res.statusCode).toBe(400);
      expect(res.headers["content-type"]).toMatch(/application\/problem\+json/);
      expect(res.json().code).toBe("MALFORMED_REQUEST");
      expect((await app.inject({ method: "POST", url: "/test/store", payload: { value: "ab" } })).statusCode).toBe(200);
    } finally {
      await app.close();
      await database.drop();
    }
  });
});
