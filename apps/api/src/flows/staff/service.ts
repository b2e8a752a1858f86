/**
 * Staff sign-in (SPEC §9): email, password AND the authenticator code in one step —
 * OTP is mandatory for staff, so a member without a key cannot sign in at all. Every
 * failure gives the same answer (which factor was wrong, whether the email is a staff
 * member, whether the member is waiting out failures: none of it is told).
 *
 * Throttling: each try first takes a slot in one atomic UPDATE (failures + 1, and from
 * the STAFF_FAILURES_BEFORE_WAIT-th on a wait that doubles up to an hour); a success
 * gives it back. So parallel guesses each spend a slot and cannot beat the limit, and a
 * member who is waiting is not checked at all. Per-IP limits come on top (routes.ts).
 */
import { ErrorCode } from "@portier/shared/errors";
import type { Db } from "../../db/client.ts";
import { type Clock, HOUR, MINUTE } from "../../lib/clock.ts";
import type { Encryptor } from "../../lib/encryption.ts";
import { AppError } from "../../lib/errors.ts";
import { matchStep } from "../../otp/totp.ts";
import type { PasswordHasher } from "../../passwords/hashing.ts";
import { recordAudit } from "../../staff/audit.ts";
import { staffKeyContext } from "../../staff/members.ts";
import type { AuthenticatedStaff, StaffSessions } from "../../staff/sessions.ts";

/** Fewer than customers' 10 (SPEC §2): a staff account opens every customer account. */
export const STAFF_FAILURES_BEFORE_WAIT = 5;
const FIRST_WAIT_MS = MINUTE;
const MAX_WAIT_MS = HOUR;

export interface StaffSignInDeps {
  db: Db;
  clock: Clock;
  hasher: PasswordHasher;
  encryptor: Encryptor;
  staffSessions: StaffSessions;
}

function signInFailed() {
  return new AppError(
    ErrorCode.INVALID_CREDENTIALS,
    "The email, password or code is not correct. After several failed tries, sign-in waits a while before it checks again.",
  );
}

export function staffView(staff: AuthenticatedStaff) {
  return {
    id: staff.staff.id,
    email: staff.staff.email,
    name: staff.staff.name,
    role: staff.staff.role,
    sessionExpiresAt: staff.absoluteExpiresAt.toISOString(),
  };
}

export function createStaffSignIn({ db, clock, hasher, encryptor, staffSessions }: StaffSignInDeps) {
  /** Takes a try from the member's budget; null for an unknown email or a member who must wait. */
  async function takeSlot(email: string, now: Date) {
    const rows = await db.$queryRaw<{ id: string; failed_sign_ins: number }[]>`
      UPDATE staff_member SET
        failed_sign_ins = failed_sign_ins + 1,
        sign_in_wait_until = CASE
          WHEN failed_sign_ins + 1 >= ${STAFF_FAILURES_BEFORE_WAIT}
          THEN ${now}::timestamptz + LEAST(
            ${FIRST_WAIT_MS}::bigint * power(2, LEAST(failed_sign_ins + 1 - ${STAFF_FAILURES_BEFORE_WAIT}, 12))::bigint,
            ${MAX_WAIT_MS}::bigint) * interval '1 millisecond'
          ELSE sign_in_wait_until END,
        updated_at = ${now}
      WHERE email = ${email} AND disabled_at IS NULL
        AND (sign_in_wait_until IS NULL OR sign_in_wait_until <= ${now})
      RETURNING id, failed_sign_ins`;
    return rows[0] ?? null;
  }

  return {
    async signIn(input: { email: string; password: string; code: string; userAgent: string | undefined; ip: string }) {
      const now = clock.now();
      const slot = await takeSlot(input.email, now);
      const member = slot ? await db.staffMember.findUnique({ where: { id: slot.id } }) : null;
      if (!member) {
        // As long as a real check: the answer's timing does not tell who is staff.
        await hasher.verifyAgainstDummy(input.password);
        throw signInFailed();
      }
      const passwordOk = await hasher.verify(input.password, member.passwordHash);
      // No key, no sign-in: OTP is mandatory for staff.
      const step =
        passwordOk && member.otpSecret
          ? matchStep(
              new Uint8Array(encryptor.decrypt(member.otpSecret, staffKeyContext(member.id))),
              input.code,
              now.getTime(),
              member.otpLastStep,
            )
          : null;
      if (step === null) throw signInFailed();

      return db.$transaction(async (tx) => {
        // The code is accepted once: conditional on the last accepted step (a replay fails).
        const accepted = await tx.staffMember.updateMany({
          where: { id: member.id, OR: [{ otpLastStep: null }, { otpLastStep: { lt: step } }] },
          data: { otpLastStep: step, failedSignIns: 0, signInWaitUntil: null, updatedAt: now },
        });
        if (accepted.count !== 1) throw signInFailed();
        const created = await staffSessions.create({ staffId: member.id, userAgent: input.userAgent, ip: input.ip }, tx);
        await recordAudit(tx, clock, {
          staffId: member.id,
          action: "sign_in",
          reason: "Signed in to the staff console with password and OTP.",
          details: { ip: input.ip },
        });
        return { token: created.token, staff: { ...created.session, staff: member } };
      });
    },

    async signOut(staff: AuthenticatedStaff) {
      await db.$transaction(async (tx) => {
        await tx.staffSession.updateMany({ where: { id: staff.id, revokedAt: null }, data: { revokedAt: clock.now() } });
        await recordAudit(tx, clock, { staffId: staff.staffId, action: "sign_out", reason: "Signed out of the staff console." });
      });
    },
  };
}

export type StaffSignIn = ReturnType<typeof createStaffSignIn>;
