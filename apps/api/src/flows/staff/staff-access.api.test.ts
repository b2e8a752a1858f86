import { describe, expect, it } from "vitest";
import { appForFile, createTestApp, ORIGIN, TEST_ENV, UA_FIREFOX } from "../../../test/app.ts";
import {
  CUSTOMER_PASSWORD,
  createCustomer,
  createTestStaff,
  customerClient,
  STAFF_PASSWORD,
  staffBrowser,
  staffCode,
} from "../../../test/staff.ts";
import { MINUTE, SECOND } from "../../lib/clock.ts";
import { createEncryptor, parseEncryptionKeys } from "../../lib/encryption.ts";
import { reencryptStaffOtpSecrets, staffKeyContext } from "../../staff/members.ts";

const t = appForFile(createTestApp);

const UA_CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36";

const signIn = (payload: object, headers: Record<string, string> = {}) =>
  t.app.inject({
    method: "POST",
    url: "/api/v1/staff/sign-in",
    headers: { "user-agent": UA_FIREFOX, origin: ORIGIN, ...headers },
    payload,
  });

/** Every staff endpoint, as a customer or a stranger would try them. */
const STAFF_ENDPOINTS = [
  ["GET", "/api/v1/staff/me"],
  ["GET", "/api/v1/staff/audit"],
  ["GET", "/api/v1/staff/support-requests"],
  ["GET", "/api/v1/staff/support-requests/00000000-0000-4000-8000-000000000000"],
  ["GET", "/api/v1/staff/accounts?q=example&requestId=00000000-0000-4000-8000-000000000000"],
  ["POST", "/api/v1/staff/support-requests/00000000-0000-4000-8000-000000000000/disable-otp"],
  ["POST", "/api/v1/staff/support-requests/00000000-0000-4000-8000-000000000000/email-hint"],
  ["POST", "/api/v1/staff/support-requests/00000000-0000-4000-8000-000000000000/sms-code"],
  ["POST", "/api/v1/staff/sign-out"],
] as const;

describe("staff sign-in", () => {
  it("needs the password and a current authenticator code, and sets the staff cookie", async () => {
    const staff = await createTestStaff(t);
    const res = await signIn({ email: staff.email, password: STAFF_PASSWORD, code: staffCode(t, staff) });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ email: staff.email, role: "agent" });
    const cookie = res.cookies.find((c) => c.name === "__Host-portier_staff");
    expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: "Strict", path: "/" });
    expect(res.cookies.map((c) => c.name)).not.toContain("__Host-portier_session");
    const me = await t.app.inject({
      method: "GET",
      url: "/api/v1/staff/me",
      headers: { "user-agent": UA_FIREFOX, cookie: `${cookie?.name}=${cookie?.value}` },
    });
    expect(me.json()).toMatchObject({ email: staff.email });
    const audit = await t.db.auditEntry.findMany({ where: { staffId: staff.id } });
    expect(audit.map((a) => a.action)).toEqual(["sign_in"]);
  });

  it("answers every failure the same way: unknown email, wrong password, wrong code, replayed code", async () => {
    const staff = await createTestStaff(t);
    const good = staffCode(t, staff);
    const wrongCode = good === "000000" ? "111111" : "000000";
    const answers = [
      await signIn({ email: "nobody@portier.test", password: STAFF_PASSWORD, code: good }),
      await signIn({ email: staff.email, password: "not the password at all", code: good }),
      await signIn({ email: staff.email, password: STAFF_PASSWORD, code: wrongCode }),
    ];
    expect((await signIn({ email: staff.email, password: STAFF_PASSWORD, code: good })).statusCode).toBe(200);
    answers.push(await signIn({ email: staff.email, password: STAFF_PASSWORD, code: good }));
    for (const answer of answers) {
      expect(answer.statusCode).toBe(401);
      expect(answer.cookies).toEqual([]);
    }
    const bodies = answers.map((a) => JSON.stringify({ ...a.json(), instance: undefined }));
    expect(new Set(bodies).size).toBe(1);
    expect(answers[0]!.json().code).toBe("INVALID_CREDENTIALS");
  });

  it("refuses a staff member without an OTP key, even with the right password", async () => {
    const staff = await createTestStaff(t);
    const code = staffCode(t, staff);
    await t.db.staffMember.update({ where: { id: staff.id }, data: { otpSecret: null } });
    const res = await signIn({ email: staff.email, password: STAFF_PASSWORD, code });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe("INVALID_CREDENTIALS");
    expect(await t.db.staffSession.count({ where: { staffId: staff.id } })).toBe(0);
  });

  it("refuses a request without the code: OTP is not optional for staff", async () => {
    const staff = await createTestStaff(t);
    const res = await signIn({ email: staff.email, password: STAFF_PASSWORD });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([expect.objectContaining({ field: "code", code: "REQUIRED" })]);
  });

  it("after 5 failures waits before checking anything, even the right credentials", async () => {
    const staff = await createTestStaff(t);
    for (let i = 0; i < 5; i++) {
      expect((await signIn({ email: staff.email, password: `wrong password ${i}!`, code: "123456" })).statusCode).toBe(401);
    }
    const blocked = await signIn({ email: staff.email, password: STAFF_PASSWORD, code: staffCode(t, staff) });
    expect(blocked.statusCode).toBe(401);
    t.clock.advance(MINUTE);
    const after = await signIn({ email: staff.email, password: STAFF_PASSWORD, code: staffCode(t, staff) });
    expect(after.statusCode, after.body).toBe(200);
  });
});

describe("separation of staff and customers", () => {
  it("customers cannot reach staff endpoints, with their cookie or their bearer token", async () => {
    const customer = await createCustomer(t);
    const browser = await t.app.inject({
      method: "POST",
      url: "/api/v1/auth/sign-in",
      headers: { "user-agent": UA_FIREFOX, origin: ORIGIN },
      payload: { email: customer.email, password: CUSTOMER_PASSWORD },
    });
    const customerCookie = browser.cookies.map((c) => `${c.name}=${c.value}`).join("; ");
    expect(customerCookie).toContain("__Host-portier_session=");
    for (const [method, url] of STAFF_ENDPOINTS) {
      for (const headers of [{ cookie: customerCookie }, { authorization: `Bearer ${customer.token}` }, {}]) {
        const res = await t.app.inject({ method, url, headers: { "user-agent": UA_FIREFOX, origin: ORIGIN, ...headers }, payload: {} });
        expect(res.statusCode, `${method} ${url}`).toBe(401);
        expect(res.json().code).toBe("UNAUTHENTICATED");
      }
    }
  });

  it("a staff session does not open customer endpoints, as cookie or as bearer token", async () => {
    const staff = await createTestStaff(t);
    const desk = await staffBrowser(t, staff);
    const token = desk.cookie.split("=")[1]!;
    const asCookie = await t.app.inject({
      method: "GET",
      url: "/api/v1/account",
      headers: { "user-agent": UA_FIREFOX, cookie: `__Host-portier_session=${token}` },
    });
    const asBearer = await customerClient(t)("GET", "/api/v1/account", undefined, token);
    const staffCookie = await desk.get("/api/v1/account");
    for (const res of [asCookie, asBearer, staffCookie]) expect(res.statusCode).toBe(401);
    // And the other way round: a staff token is not a customer bearer token for the staff API either.
    const bearer = await t.app.inject({ method: "GET", url: "/api/v1/staff/me", headers: { authorization: `Bearer ${token}` } });
    expect(bearer.statusCode).toBe(401);
  });

  it("checks the Origin of every state-changing request that carries the staff cookie", async () => {
    const staff = await createTestStaff(t);
    const desk = await staffBrowser(t, staff);
    for (const origin of [undefined, "https://evil.example"]) {
      const res = await t.app.inject({
        method: "POST",
        url: "/api/v1/staff/sign-out",
        headers: { "user-agent": UA_FIREFOX, cookie: desk.cookie, ...(origin ? { origin } : {}) },
      });
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe("ORIGIN_NOT_ALLOWED");
    }
    expect((await desk.get("/api/v1/staff/me")).statusCode).toBe(200);
    expect((await desk.post("/api/v1/staff/sign-out")).statusCode).toBe(204);
    expect((await desk.get("/api/v1/staff/me")).statusCode).toBe(401);
  });

  it("ends the staff session when the browser (User-Agent) changes, and after 30 idle minutes", async () => {
    const staff = await createTestStaff(t);
    const desk = await staffBrowser(t, staff);
    const stolen = await t.app.inject({
      method: "GET",
      url: "/api/v1/staff/me",
      headers: { "user-agent": UA_CHROME, cookie: desk.cookie },
    });
    expect(stolen.json().code).toBe("SESSION_USER_AGENT_CHANGED");
    expect((await desk.get("/api/v1/staff/me")).statusCode).toBe(401);

    const again = await staffBrowser(t, staff);
    t.clock.advance(30 * MINUTE + SECOND);
    expect((await again.get("/api/v1/staff/me")).json().code).toBe("SESSION_EXPIRED");
  });
});

describe("audit log", () => {
  it("lists staff actions newest first, to staff only", async () => {
    const staff = await createTestStaff(t);
    const desk = await staffBrowser(t, staff);
    const res = await desk.get("/api/v1/staff/audit");
    expect(res.statusCode).toBe(200);
    const entries = res.json().entries as { action: string; staff: { email: string }; at: string }[];
    expect(entries[0]).toMatchObject({ action: "sign_in", staff: { email: staff.email } });
    const times = entries.map((e) => e.at);
    expect([...times].sort().reverse()).toEqual(times);
    expect((await desk.get("/api/v1/staff/audit?cursor=not-a-cursor")).json().code).toBe("CURSOR_INVALID");
  });

  it("cannot be edited or deleted, not even directly in the database", async () => {
    const staff = await createTestStaff(t);
    await staffBrowser(t, staff);
    const entry = await t.db.auditEntry.findFirstOrThrow({ where: { staffId: staff.id } });
    await expect(t.db.$executeRaw`UPDATE audit_entry SET reason = 'nothing happened' WHERE id = ${entry.id}::uuid`).rejects.toThrow(
      /append-only/,
    );
    await expect(t.db.auditEntry.update({ where: { id: entry.id }, data: { action: "request_rejected" } })).rejects.toThrow(/append-only/);
    await expect(t.db.$executeRaw`DELETE FROM audit_entry WHERE id = ${entry.id}::uuid`).rejects.toThrow(/append-only/);
    await expect(t.db.$executeRaw`TRUNCATE audit_entry CASCADE`).rejects.toThrow(/append-only/);
    expect(await t.db.auditEntry.findUniqueOrThrow({ where: { id: entry.id } })).toEqual(entry);
  });
});

describe("staff OTP keys at rest", () => {
  it("are encrypted, bound to their member, and re-encrypted when the key rotates", async () => {
    const staff = await createTestStaff(t);
    const stored = (await t.db.staffMember.findUniqueOrThrow({ where: { id: staff.id } })).otpSecret!;
    expect(stored).toMatch(/^v1\.test1\./);
    const [oldKey] = parseEncryptionKeys(TEST_ENV.ENCRYPTION_KEYS);
    const rotated = createEncryptor([{ id: "test2", key: Buffer.alloc(32, 7) }, oldKey!]);
    expect(await reencryptStaffOtpSecrets({ db: t.db, encryptor: rotated })).toBeGreaterThanOrEqual(1);
    const now = (await t.db.staffMember.findUniqueOrThrow({ where: { id: staff.id } })).otpSecret!;
    expect(now).toMatch(/^v1\.test2\./);
    expect(new Uint8Array(rotated.decrypt(now, staffKeyContext(staff.id)))).toEqual(staff.secret);
    // Bound to the member: under another member's id it does not decrypt.
    expect(() => rotated.decrypt(now, staffKeyContext(crypto.randomUUID()))).toThrow();
  });
});
