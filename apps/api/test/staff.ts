/**
 * Test data for the support and staff-console API tests: staff members (made the way
 * the CLI makes them), customers with OTP on, and a staff browser that signs in.
 */
import { beforeAll, beforeEach } from "vitest";
import { SECOND } from "../src/lib/clock.ts";
import { codeAtStep, stepAt } from "../src/otp/totp.ts";
import { appForFile, createTestApp, ORIGIN, solveCaptcha, type TestContext, UA_FIREFOX } from "./app.ts";
import { accountWithOtp, createTestStaff, PASSWORD, STAFF_PASSWORD, type TestStaff, verifiedAccount } from "./factories.ts";
import { bearerToken } from "./sign-in.ts";

export { createTestStaff, STAFF_PASSWORD, type TestStaff } from "./factories.ts";
/** The factories' password (test/factories.ts). */
export const CUSTOMER_PASSWORD = PASSWORD;

/** The code the staff member's app shows now. The clock moves to a fresh step first: a code is accepted once. */
export function staffCode(t: TestContext, staff: TestStaff): string {
  t.clock.advance(31 * SECOND);
  return codeAtStep(staff.secret, stepAt(t.clock.now().getTime()));
}

/** A staff browser: signs in and then sends its cookie (and the SPA's Origin) with every request. */
export async function staffBrowser(t: TestContext, staff: TestStaff, userAgent = UA_FIREFOX) {
  const signIn = await t.app.inject({
    method: "POST",
    url: "/api/v1/staff/sign-in",
    headers: { "user-agent": userAgent, origin: ORIGIN },
    payload: { email: staff.email, password: STAFF_PASSWORD, code: staffCode(t, staff) },
  });
  if (signIn.statusCode !== 200) throw new Error(`staff sign-in failed: ${signIn.body}`);
  const cookie = signIn.cookies.map((c) => `${c.name}=${c.value}`).join("; ");
  const headers = { "user-agent": userAgent, origin: ORIGIN, cookie };
  return {
    cookie,
    get: (url: string) => t.app.inject({ method: "GET", url, headers }),
    post: (url: string, payload?: object) => t.app.inject({ method: "POST", url, headers, ...(payload ? { payload } : {}) }),
  };
}

export type StaffBrowser = Awaited<ReturnType<typeof staffBrowser>>;

/**
 * The file's test app (appForFile) with a support agent and an administrator, made once,
 * each signed in afresh before every test: some tests move the clock past a staff
 * session's lifetime. Like the app, the members and browsers are there from the hooks on.
 */
export function staffDeskForFile() {
  const t = appForFile(createTestApp);
  const agentMember = {} as TestStaff;
  const adminMember = {} as TestStaff;
  const agent = {} as StaffBrowser;
  const admin = {} as StaffBrowser;
  beforeAll(async () => {
    Object.assign(agentMember, await createTestStaff(t, "agent"));
    Object.assign(adminMember, await createTestStaff(t, "admin"));
  });
  beforeEach(async () => {
    Object.assign(agent, await staffBrowser(t, agentMember));
    Object.assign(admin, await staffBrowser(t, adminMember));
  });
  return { t, agentMember, adminMember, agent, admin };
}

/** An API client without cookies (bearer tokens or none). */
export function customerClient(t: TestContext) {
  return (method: "GET" | "POST", url: string, payload?: object, token?: string) =>
    t.app.inject({
      method,
      url,
      headers: { "user-agent": UA_FIREFOX, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(payload ? { payload } : {}),
    });
}

export interface TestCustomer {
  id: string;
  email: string;
  phone: string;
  /** A bearer session of the customer. */
  token: string;
}

/** A customer with a verified email and phone, signed in (bearer), optionally with OTP on. */
export async function createCustomer(t: TestContext, opts: { otp?: boolean } = {}): Promise<TestCustomer> {
  if (opts.otp) {
    const account = await accountWithOtp(t);
    const token = await bearerToken(t.app, account.email, { otpCode: () => account.codeNow() });
    return { id: account.id, email: account.email, phone: account.phone, token };
  }
  const account = await verifiedAccount(t);
  return { id: account.id, email: account.email, phone: account.phone, token: await bearerToken(t.app, account.email) };
}

/** Files a request through the public form; answers the reference and the stored request's id. */
export async function fileRequest(t: TestContext, body: Record<string, unknown>) {
  const response = await customerClient(t)("POST", "/api/v1/support-requests", { ...body, captcha: await solveCaptcha(t.app) });
  if (response.statusCode !== 202) throw new Error(`filing failed: ${response.body}`);
  const reference = response.json().reference as string;
  const stored = await t.db.supportRequest.findUniqueOrThrow({ where: { reference } });
  return { reference, id: stored.id };
}
