/**
 * Test data: accounts in each state, written straight into the test database as the API
 * would have left them (same password hashing, same OTP key encryption, with TEST_ENV's
 * pepper and keys). Quicker than signing up through the API, and a test says in one line
 * which account it starts from. A test of sign-up itself still signs up through the API.
 */
import type { Locale } from "@portier/shared/common";
import type { LoginNotificationPolicy } from "@portier/shared/login-notifications";
import type { StaffRole } from "@portier/shared/staff";
import { Secret } from "otpauth";
import type { Db } from "../src/db/client.ts";
import type { FakeClock } from "../src/lib/clock.ts";
import { createEncryptor, parseEncryptionKeys } from "../src/lib/encryption.ts";
import { codeAtStep, newSecret, stepAt } from "../src/otp/totp.ts";
import { createPasswordHasher } from "../src/passwords/hashing.ts";
import { createStaffMember } from "../src/staff/members.ts";
import { TEST_ENV } from "./app.ts";

/** Every factory account's password. */
export const PASSWORD = "a long enough passphrase";

const hasher = createPasswordHasher({ pepper: TEST_ENV.PASSWORD_PEPPER, cost: Number(TEST_ENV.BCRYPT_COST) });
const encryptor = createEncryptor(parseEncryptionKeys(TEST_ENV.ENCRYPTION_KEYS));
let passwordHash: Promise<string> | undefined;
let n = 0;

/** What a factory needs of a test app: its database and clock. */
export interface FactoryContext {
  db: Db;
  clock: FakeClock;
}

export interface AccountOptions {
  email?: string;
  phone?: string;
  locale?: Locale;
  /** Default true for verified accounts: a verified phone (needed for OTP and confirmation). */
  phoneVerified?: boolean;
  policy?: LoginNotificationPolicy;
  confirmation?: boolean;
}

export interface TestAccount {
  id: string;
  email: string;
  phone: string;
}

/** A fresh address and phone number, unique within the test run. */
export function uniqueContact() {
  n += 1;
  return {
    email: `account${n}-${process.pid}-${Date.now()}@example.com`,
    phone: `+42060${String(1_000_000 + (n % 9_000_000)).slice(-7)}`,
  };
}

async function insert(t: FactoryContext, opts: AccountOptions, verified: boolean): Promise<TestAccount> {
  passwordHash ??= hasher.hash(PASSWORD);
  const contact = uniqueContact();
  const now = t.clock.now();
  const account = await t.db.account.create({
    data: {
      email: opts.email ?? contact.email,
      phone: opts.phone ?? contact.phone,
      passwordHash: await passwordHash,
      locale: opts.locale ?? "en",
      termsAcceptedAt: now,
      emailVerifiedAt: verified ? now : null,
      phoneVerifiedAt: verified && opts.phoneVerified !== false ? now : null,
      ...(opts.policy ? { loginNotification: opts.policy } : {}),
      ...(opts.confirmation ? { loginConfirmation: true } : {}),
      createdAt: now,
      updatedAt: now,
    },
  });
  return { id: account.id, email: account.email, phone: account.phone };
}

/** Signed up, the verification link not yet opened (ADR 025: no session, nothing attached). */
export function unverifiedAccount(t: FactoryContext, opts: AccountOptions = {}): Promise<TestAccount> {
  return insert(t, opts, false);
}

/** Email verified and (unless told otherwise) phone verified. */
export function verifiedAccount(t: FactoryContext, opts: AccountOptions = {}): Promise<TestAccount> {
  return insert(t, opts, true);
}

export interface TestAccountWithOtp extends TestAccount {
  /** The TOTP key, as the customer's authenticator app holds it. */
  secret: Uint8Array;
  /** The code for the clock's current 30-second step. */
  codeNow(offsetSteps?: number): string;
  /** Moves the clock on one step and answers its code (each step is accepted once). */
  nextCode(): string;
}

/** Verified, with OTP on (activated one step before the clock's current one). */
export async function accountWithOtp(t: FactoryContext, opts: AccountOptions = {}): Promise<TestAccountWithOtp> {
  const account = await insert(t, opts, true);
  const secret = newSecret();
  const now = t.clock.now();
  await t.db.account.update({
    where: { id: account.id },
    data: {
      otpSecret: encryptor.encrypt(Buffer.from(secret), account.id),
      otpEnabledAt: now,
      otpLastStep: stepAt(now.getTime()) - 1,
    },
  });
  const codeNow = (offsetSteps = 0) => codeAtStep(secret, stepAt(t.clock.now().getTime()) + offsetSteps);
  return {
    ...account,
    secret,
    codeNow,
    nextCode() {
      t.clock.advance(30_000);
      return codeNow();
    },
  };
}

export interface TestAccountWithIdentity extends TestAccount {
  provider: string;
  subject: string;
}

/** Verified, with an identity at an external OpenID provider linked (shared login, SPEC §7). */
export async function accountWithLinkedIdentity(
  t: FactoryContext,
  identity: { provider: string; subject?: string; email?: string; name?: string },
  opts: AccountOptions = {},
): Promise<TestAccountWithIdentity> {
  const account = await insert(t, opts, true);
  const subject = identity.subject ?? `subject-${account.id}`;
  await t.db.externalIdentity.create({
    data: {
      accountId: account.id,
      provider: identity.provider,
      subject,
      email: identity.email ?? account.email,
      name: identity.name ?? null,
      linkedAt: t.clock.now(),
    },
  });
  return { ...account, provider: identity.provider, subject };
}

/** Every factory staff member's password. */
export const STAFF_PASSWORD = "quiet copper meadow 2187";

export interface TestStaff {
  id: string;
  email: string;
  /** The staff member's TOTP key (staff always have OTP, SPEC §9). */
  secret: Uint8Array;
}

/** A staff member (agent or admin), made the way `pnpm staff:create` makes one. */
export async function createTestStaff(t: FactoryContext, role: StaffRole = "agent"): Promise<TestStaff> {
  n += 1;
  const created = await createStaffMember(
    { db: t.db, clock: t.clock, hasher, encryptor },
    { email: `staff${n}-${process.pid}-${Date.now()}@portier.test`, name: `Agent ${n}`, role, password: STAFF_PASSWORD },
  );
  return { id: created.id, email: created.email, secret: new Uint8Array(Secret.fromBase32(created.secret).buffer) };
}
