/**
 * Test data: accounts in each state, written straight into the test database as the API
 * would have left them, by the same owner as the dev seeding endpoint
 * (src/flows/dev-seed/accounts.ts, ADR 038), with TEST_ENV's pepper and keys. Quicker
 * than signing up through the API, and a test says in one line which account it starts
 * from. A test of sign-up itself still signs up through the API.
 */
import type { Locale } from "@portier/shared/common";
import type { LoginNotificationPolicy } from "@portier/shared/login-notifications";
import type { StaffRole } from "@portier/shared/staff";
import { Secret } from "otpauth";
import type { Db } from "../src/db/client.ts";
import { type AccountSpec, SEED_PASSWORD, SEED_STAFF_PASSWORD, seedAccount, seedStaff } from "../src/flows/dev-seed/accounts.ts";
import type { FakeClock } from "../src/lib/clock.ts";
import { createEncryptor, parseEncryptionKeys } from "../src/lib/encryption.ts";
import { codeAtStep, stepAt } from "../src/otp/totp.ts";
import { createPasswordHasher } from "../src/passwords/hashing.ts";
import { TEST_ENV } from "./app.ts";

/** Every factory account's password. */
export const PASSWORD = SEED_PASSWORD;

const hasher = createPasswordHasher({ pepper: TEST_ENV.PASSWORD_PEPPER, cost: Number(TEST_ENV.BCRYPT_COST) });
const encryptor = createEncryptor(parseEncryptionKeys(TEST_ENV.ENCRYPTION_KEYS));

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

async function insert(
  t: FactoryContext,
  opts: AccountOptions,
  spec: Omit<AccountSpec, keyof AccountOptions | "loginNotification" | "loginConfirmation">,
) {
  return seedAccount(
    { db: t.db, clock: t.clock, hasher, encryptor },
    {
      ...spec,
      email: opts.email,
      phone: opts.phone,
      locale: opts.locale,
      phoneVerified: opts.phoneVerified,
      loginNotification: opts.policy,
      loginConfirmation: opts.confirmation,
    },
  );
}

/** Signed up, the verification link not yet opened (ADR 025: no session, nothing attached). */
export async function unverifiedAccount(t: FactoryContext, opts: AccountOptions = {}): Promise<TestAccount> {
  const { id, email, phone } = await insert(t, opts, { verified: false });
  return { id, email, phone };
}

/** Email verified and (unless told otherwise) phone verified. */
export async function verifiedAccount(t: FactoryContext, opts: AccountOptions = {}): Promise<TestAccount> {
  const { id, email, phone } = await insert(t, opts, { verified: true });
  return { id, email, phone };
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
  const { id, email, phone, otpSecret } = await insert(t, opts, { verified: true, otp: true });
  const secret = otpSecret as Uint8Array;
  const codeNow = (offsetSteps = 0) => codeAtStep(secret, stepAt(t.clock.now().getTime()) + offsetSteps);
  return {
    id,
    email,
    phone,
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
  const seeded = await insert(t, opts, { verified: true, identity });
  const linked = seeded.identity as { provider: string; subject: string };
  return { id: seeded.id, email: seeded.email, phone: seeded.phone, ...linked };
}

/** Every factory staff member's password. */
export const STAFF_PASSWORD = SEED_STAFF_PASSWORD;

export interface TestStaff {
  id: string;
  email: string;
  /** The staff member's TOTP key (staff always have OTP, SPEC §9). */
  secret: Uint8Array;
}

/** A staff member (agent or admin), made the way `pnpm staff:create` makes one. */
export async function createTestStaff(t: FactoryContext, role: StaffRole = "agent"): Promise<TestStaff> {
  const created = await seedStaff({ db: t.db, clock: t.clock, hasher, encryptor }, { role });
  return { id: created.id, email: created.email, secret: new Uint8Array(Secret.fromBase32(created.secret).buffer) };
}
