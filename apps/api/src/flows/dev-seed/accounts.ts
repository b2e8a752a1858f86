/**
 * Accounts in each state, written straight into the database as the API's own flows
 * would have left them: the same password hashing, the same OTP key encryption, the same
 * columns. The one owner of "an account in state X" for the dev seeding endpoint
 * (DEV_SEED=true, ADR 038) and for the API tests' factories (apps/api/test/factories.ts),
 * so a rule of what a verified, OTP or linked account is changes in one place.
 */
import { randomBytes, randomUUID } from "node:crypto";
import type { Locale } from "@portier/shared/common";
import { ErrorCode } from "@portier/shared/errors";
import type { LoginNotificationPolicy } from "@portier/shared/login-notifications";
import type { StaffRole } from "@portier/shared/staff";
import { type Db, isUniqueViolation } from "../../db/client.ts";
import type { Clock } from "../../lib/clock.ts";
import type { Encryptor } from "../../lib/encryption.ts";
import { fieldError } from "../../lib/errors.ts";
import { newSecret, stepAt } from "../../otp/totp.ts";
import type { PasswordHasher } from "../../passwords/hashing.ts";
import { type CreatedStaffMember, createStaffMember } from "../../staff/members.ts";

/** Every seeded account's password unless one is given. */
export const SEED_PASSWORD = "a long enough passphrase";
/** Every seeded staff member's password. */
export const SEED_STAFF_PASSWORD = "quiet copper meadow 2187";

/** What seeding needs of the app: the database, its clock, and the API's hasher and encryptor. */
export interface SeedDeps {
  db: Db;
  clock: Clock;
  hasher: PasswordHasher;
  encryptor: Encryptor;
}

export interface AccountSpec {
  /** Email verified (and, unless `phoneVerified: false`, phone verified). */
  verified: boolean;
  /** OTP on (verified accounts only): activated one step before the clock's current one. */
  otp?: boolean;
  /** An identity at a shared-login provider, linked (verified accounts only). */
  identity?: { provider: string; subject?: string | undefined; email?: string | undefined; name?: string | undefined };
  email?: string | undefined;
  phone?: string | undefined;
  password?: string | undefined;
  locale?: Locale | undefined;
  phoneVerified?: boolean | undefined;
  loginNotification?: LoginNotificationPolicy | undefined;
  loginConfirmation?: boolean | undefined;
}

export interface SeededAccountRow {
  id: string;
  email: string;
  /** E.164. */
  phone: string;
  password: string;
  locale: Locale;
  /** The TOTP key, as the customer's authenticator app holds it (with `otp`). */
  otpSecret: Uint8Array | null;
  identity: { provider: string; subject: string } | null;
}

/**
 * A fresh address and Czech mobile number: random, so seeding from several processes
 * (test workers, API test files) never collides.
 */
export function freshContact(): { email: string; phone: string } {
  const id = randomBytes(6).toString("hex");
  const digits = String(randomBytes(4).readUInt32BE() % 1_000_000).padStart(6, "0");
  return { email: `seed-${id}@example.com`, phone: `+420601${digits}` };
}

// bcrypt is slow on purpose; one hash per hasher and password serves every seeded account.
const hashes = new WeakMap<PasswordHasher, Map<string, Promise<string>>>();
function hashOf(hasher: PasswordHasher, password: string): Promise<string> {
  const byPassword = hashes.get(hasher) ?? new Map<string, Promise<string>>();
  hashes.set(hasher, byPassword);
  const hash = byPassword.get(password) ?? hasher.hash(password);
  byPassword.set(password, hash);
  return hash;
}

const emailTaken = () => fieldError(ErrorCode.EMAIL_TAKEN, "email", "An account with this email already exists.");

/** One account in the state `spec` asks for, in one transaction. */
export async function seedAccount(deps: SeedDeps, spec: AccountSpec): Promise<SeededAccountRow> {
  if (!spec.verified && (spec.otp || spec.identity)) throw new Error("OTP and linked identities need a verified account");
  const contact = freshContact();
  const email = spec.email ?? contact.email;
  const phone = spec.phone ?? contact.phone;
  const password = spec.password ?? SEED_PASSWORD;
  const locale = spec.locale ?? "en";
  const passwordHash = await hashOf(deps.hasher, password);
  const now = deps.clock.now();
  const id = randomUUID();
  const otpSecret = spec.otp ? newSecret() : null;
  const identity = spec.identity ? { provider: spec.identity.provider, subject: spec.identity.subject ?? `subject-${id}` } : null;
  try {
    await deps.db.$transaction(async (tx) => {
      if (await tx.account.findUnique({ where: { email }, select: { id: true } })) throw emailTaken();
      await tx.account.create({
        data: {
          id,
          email,
          phone,
          passwordHash,
          locale,
          termsAcceptedAt: now,
          emailVerifiedAt: spec.verified ? now : null,
          phoneVerifiedAt: spec.verified && spec.phoneVerified !== false ? now : null,
          ...(otpSecret
            ? { otpSecret: deps.encryptor.encrypt(Buffer.from(otpSecret), id), otpEnabledAt: now, otpLastStep: stepAt(now.getTime()) - 1 }
            : {}),
          ...(spec.loginNotification ? { loginNotification: spec.loginNotification } : {}),
          ...(spec.loginConfirmation ? { loginConfirmation: true } : {}),
          createdAt: now,
          updatedAt: now,
        },
      });
      if (identity) {
        const where = { provider_subject: identity };
        if (await tx.externalIdentity.findUnique({ where, select: { id: true } })) {
          throw fieldError(
            ErrorCode.SHARED_LOGIN_LINKED_ELSEWHERE,
            "identity.subject",
            "This identity is already linked to another account.",
          );
        }
        await tx.externalIdentity.create({
          data: {
            accountId: id,
            ...identity,
            email: spec.identity?.email ?? email,
            name: spec.identity?.name ?? null,
            linkedAt: now,
          },
        });
      }
    });
  } catch (error) {
    // Two seeds of one address at once: the second meets the unique index.
    if (isUniqueViolation(error)) throw emailTaken();
    throw error;
  }
  return { id, email, phone, password, locale, otpSecret, identity };
}

/** A staff member (agent or admin), made the way `pnpm staff:create` makes one. */
export function seedStaff(
  deps: SeedDeps,
  spec: { role?: StaffRole | undefined; email?: string | undefined; name?: string | undefined } = {},
): Promise<CreatedStaffMember> {
  const id = randomBytes(6).toString("hex");
  return createStaffMember(deps, {
    email: spec.email ?? `staff-${id}@portier.test`,
    name: spec.name ?? `Agent ${id.slice(0, 4)}`,
    role: spec.role ?? "agent",
    password: SEED_STAFF_PASSWORD,
  });
}
