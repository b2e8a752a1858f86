/**
 * Test data for the support and staff-console API tests: staff members (made the way
 * the CLI makes them), customers with OTP on, and a staff browser that signs in.
 */
import { Secret } from "otpauth";
import { SECOND } from "../src/lib/clock.ts";
import { createEncryptor, parseEncryptionKeys } from "../src/lib/encryption.ts";
import { codeAtStep, stepAt } from "../src/otp/totp.ts";
import { createPasswordHasher } from "../src/passwords/hashing.ts";
import { createStaffMember } from "../src/staff/members.ts";
import { ORIGIN, solveCaptcha, TEST_ENV, type TestContext, UA_FIREFOX } from "./app.ts";

export const STAFF_PASSWORD = "quiet copper meadow 2187";
export const CUSTOMER_PASSWORD = "a long enough passphrase";

let n = 0;
const unique = () => `${++n}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

export interface TestStaff {
  id: string;
  email: string;
  secret: Uint8Array;
}

export async function createTestStaff(t: TestContext, role: "agent" | "admin" = "agent"): Promise<TestStaff> {
  const hasher = createPasswordHasher({ pepper: TEST_ENV.PASSWORD_PEPPER, cost: 4 });
  const encryptor = createEncryptor(parseEncryptionKeys(TEST_ENV.ENCRYPTION_KEYS));
  const created = await createStaffMember(
    { db: t.db, clock: t.clock, hasher, encryptor },
    { email: `staff${unique()}@portier.test`, name: `Agent ${n}`, role, password: STAFF_PASSWORD },
  );
  return { id: created.id, email: created.email, secret: new Uint8Array(Secret.fromBase32(created.secret).buffer) };
}

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
  const call = customerClient(t);
  const email = `customer${unique()}@example.com`;
  const phone = `+42073${String(1000000 + n).slice(-7)}`;
  const signup = await call("POST", "/api/v1/signup", {
    email,
    phone,
    password: CUSTOMER_PASSWORD,
    acceptTerms: true,
    captcha: await solveCaptcha(t.app),
  });
  if (signup.statusCode >= 300) throw new Error(`sign-up failed: ${signup.body}`);
  const account = await t.db.account.update({
    where: { email },
    data: { emailVerifiedAt: t.clock.now(), phoneVerifiedAt: t.clock.now() },
  });
  const token = (await call("POST", "/api/v1/auth/sign-in", { email, password: CUSTOMER_PASSWORD, tokenDelivery: "bearer" })).json()
    .token as string;
  if (opts.otp) {
    const key = (await call("POST", "/api/v1/account/otp/setup", undefined, token)).json();
    const secret = new Uint8Array(Secret.fromBase32(key.secret).buffer);
    const activated = await call(
      "POST",
      "/api/v1/account/otp/activate",
      { password: CUSTOMER_PASSWORD, code: codeAtStep(secret, stepAt(t.clock.now().getTime())) },
      token,
    );
    if (activated.statusCode !== 200) throw new Error(`OTP activation failed: ${activated.body}`);
  }
  return { id: account.id, email, phone, token };
}

/** Files a request through the public form; answers the reference and the stored request's id. */
export async function fileRequest(t: TestContext, body: Record<string, unknown>) {
  const response = await customerClient(t)("POST", "/api/v1/support-requests", { ...body, captcha: await solveCaptcha(t.app) });
  if (response.statusCode !== 202) throw new Error(`filing failed: ${response.body}`);
  const reference = response.json().reference as string;
  const stored = await t.db.supportRequest.findUniqueOrThrow({ where: { reference } });
  return { reference, id: stored.id };
}
