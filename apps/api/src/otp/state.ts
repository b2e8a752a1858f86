/**
 * The one writer that turns an account's OTP off (SPEC §5, §6, §9): the customer's own
 * deactivation, the lost-device flow and the authorization department all clear the same
 * fields here. Run inside the caller's transaction (`sessions.changeAccount`), with what
 * else the change records (login event, emails, audit).
 */
import type { SignInCancelReason } from "@portier/shared/auth";
import { ErrorCode } from "@portier/shared/errors";
import type { Db, Tx } from "../db/client.ts";
import { clientInfo } from "../lib/client-info.ts";
import type { Clock } from "../lib/clock.ts";
import { AppError } from "../lib/errors.ts";
import { rejectInProgress } from "../login-attempts/attempt.ts";
import { recordLoginEvent } from "../login-events/record.ts";

export interface DisableOtpOptions {
  /** Only while this is still the account's phone (the lost-device flow's SMS code proved it). */
  phone?: string;
  /**
   * Sign-ins waiting for a code cannot finish: they are rejected with this reason (the
   * customer signs in again; LOGIN_ATTEMPT_CANCELLED tells them why): `otp_turned_off` for
   * the lost-device flow, `support` for the authorization department. The customer's own
   * deactivation proves a code and leaves them.
   */
  rejectSignInsAwaitingCode?: Extract<SignInCancelReason, "otp_turned_off" | "support">;
}

/** Turns OTP off; false when it was already off (or the phone changed), and then nothing changed. */
export async function disableOtp(tx: Tx, accountId: string, options: DisableOtpOptions = {}): Promise<boolean> {
  const disabled = await tx.account.updateMany({
    where: { id: accountId, otpEnabledAt: { not: null }, ...(options.phone === undefined ? {} : { phone: options.phone }) },
    data: { otpSecret: null, otpEnabledAt: null, otpLastStep: null, otpPendingSecret: null, otpFailures: 0, otpBlockedUntil: null },
  });
  if (disabled.count !== 1) return false;
  if (options.rejectSignInsAwaitingCode) {
    await rejectInProgress(tx, accountId, options.rejectSignInsAwaitingCode, { states: ["otp_required"] });
  }
  return true;
}

/**
 * OTP turned off because the device is lost, by the customer (the lost-device link and an
 * SMS code to the phone, `otp_recovery`) or by the authorization department (`support`):
 * sign-ins waiting for a code are rejected, and the login history says so
 * (`otp_disabled_by_recovery`, with who did it as the method). Every second factor goes
 * with it (`disableTwoFactor`: the lost device may hold a passkey too, ADR 040). Throws
 * OTP_NOT_ENABLED when two-factor sign-in was already off (or the phone changed), and then
 * nothing changed.
 */
export async function disableOtpOnRecovery(
  tx: Tx,
  clock: Clock,
  input: { accountId: string; by: "otp_recovery" | "support"; phone?: string; ip: string; userAgent: string | undefined },
): Promise<void> {
  const disabled = await disableTwoFactor(tx, input.accountId, {
    ...(input.phone === undefined ? {} : { phone: input.phone }),
    rejectSignInsAwaitingCode: input.by === "support" ? "support" : "otp_turned_off",
  });
  if (!disabled) throw new AppError(ErrorCode.OTP_NOT_ENABLED, "Two-factor authentication is already off.");
  await recordLoginEvent(tx, clock, {
    accountId: input.accountId,
    result: "otp_disabled_by_recovery",
    method: input.by,
    ip: input.ip,
    client: clientInfo(input.userAgent, input.ip),
  });
}

/** Whether the account signs in with two factors: OTP on, or a passkey (ADR 040). */
export async function twoFactorOn(tx: Db | Tx, account: { id: string; otpEnabledAt: Date | null }): Promise<boolean> {
  return account.otpEnabledAt !== null || (await tx.passkey.count({ where: { accountId: account.id } })) > 0;
}

/**
 * Two-factor sign-in off, every second factor at once, for the ways back when they are lost
 * (the lost-device flow's SMS code, support; ADR 040): OTP off, the passkeys removed (a lost
 * phone may hold one) and the recovery codes voided. False when there was none (or the
 * phone changed), and then nothing changed.
 */
export async function disableTwoFactor(tx: Tx, accountId: string, options: DisableOtpOptions = {}): Promise<boolean> {
  const account = await tx.account.findUniqueOrThrow({ where: { id: accountId } });
  if (options.phone !== undefined && account.phone !== options.phone) return false;
  const otpOff = await disableOtp(tx, accountId, options);
  const passkeys = await tx.passkey.deleteMany({ where: { accountId } });
  if (!otpOff && passkeys.count === 0) return false;
  await tx.recoveryCode.deleteMany({ where: { accountId } });
  await tx.passkeyChallenge.deleteMany({ where: { accountId } });
  if (!otpOff && options.rejectSignInsAwaitingCode) {
    await rejectInProgress(tx, accountId, options.rejectSignInsAwaitingCode, { states: ["otp_required"] });
  }
  return true;
}
