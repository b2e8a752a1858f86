/**
 * Staff members of the authorization department: created only through the CLI
 * (`pnpm staff:create`, scripts/staff-create.ts), never with a default password, and
 * always with an OTP key: the key is generated here and shown once to the person
 * running the command. Passwords follow the customers' rules (SPEC §1) and storage.
 */
import { randomUUID } from "node:crypto";
import { Email } from "@portier/shared/common";
import { STAFF_ROLES, type StaffRole, StaffRole as StaffRoleSchema } from "@portier/shared/staff";
import { z } from "zod";
import type { Db } from "../db/client.ts";
import type { Clock } from "../lib/clock.ts";
import type { Encryptor } from "../lib/encryption.ts";
import { groupBy4, newSecret, otpauthUri, toBase32 } from "../otp/totp.ts";
import type { PasswordHasher } from "../passwords/hashing.ts";
import { checkPasswordPolicy } from "../passwords/policy.ts";

export type { StaffRole };
/** For the CLI (scripts/ cannot import the shared package directly). */
export const STAFF_ROLE_NAMES: readonly string[] = STAFF_ROLES;

/** The OTP key is bound to its row (AES-GCM associated data), and kept apart from customers' keys. */
export const staffKeyContext = (staffId: string) => `staff:${staffId}`;

export const NewStaffMember = z.strictObject({
  email: Email,
  name: z.string().trim().min(1).max(200),
  role: StaffRoleSchema,
  password: z.string().max(1024),
});

export class StaffInputError extends Error {}

export interface CreatedStaffMember {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  /** Base32 key, for typing into an authenticator app; shown once. */
  secret: string;
  secretGrouped: string;
  otpauthUri: string;
}

export async function createStaffMember(
  deps: { db: Db; clock: Clock; hasher: PasswordHasher; encryptor: Encryptor },
  input: z.input<typeof NewStaffMember>,
): Promise<CreatedStaffMember> {
  const parsed = NewStaffMember.safeParse(input);
  if (!parsed.success) {
    throw new StaffInputError(parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("\n"));
  }
  const { email, name, role, password } = parsed.data;
  const violations = checkPasswordPolicy(password, { email });
  if (violations.length > 0) throw new StaffInputError(violations.map((v) => v.message).join("\n"));
  if (await deps.db.staffMember.findUnique({ where: { email } })) throw new StaffInputError(`A staff member ${email} already exists.`);

  const id = randomUUID();
  const secret = newSecret();
  const now = deps.clock.now();
  await deps.db.staffMember.create({
    data: {
      id,
      email,
      name,
      role,
      passwordHash: await deps.hasher.hash(password),
      otpSecret: deps.encryptor.encrypt(Buffer.from(secret), staffKeyContext(id)),
      createdAt: now,
      updatedAt: now,
    },
  });
  const base32 = toBase32(secret);
  return {
    id,
    email,
    name,
    role,
    secret: base32,
    secretGrouped: groupBy4(base32),
    otpauthUri: otpauthUri(secret, email, "Portier staff"),
  };
}

/** Key rotation for staff OTP keys, as flows/otp/key-rotation.ts does for customers'. */
export async function reencryptStaffOtpSecrets({ db, encryptor }: { db: Db; encryptor: Encryptor }): Promise<number> {
  const current = `v1.${encryptor.currentKeyId}.`;
  const stale = await db.staffMember.findMany({
    where: { otpSecret: { not: null }, NOT: { otpSecret: { startsWith: current } } },
    select: { id: true, otpSecret: true },
  });
  let rewritten = 0;
  for (const row of stale) {
    if (!row.otpSecret) continue;
    const context = staffKeyContext(row.id);
    const updated = await db.staffMember.updateMany({
      where: { id: row.id, otpSecret: row.otpSecret },
      data: { otpSecret: encryptor.encrypt(encryptor.decrypt(row.otpSecret, context), context) },
    });
    rewritten += updated.count;
  }
  return rewritten;
}
