/**
 * The one writer that turns an account's OTP off (SPEC §5, §6, §9): the customer's own
 * deactivation, the lost-device flow and the authorization department all clear the same
 * fields here. Run inside the caller's transaction (`sessions.changeAccount`), with what
 * else the change records (login event, emails, audit).
 */
import type { SignInCancelReason } from "@portier/shared/auth";
import type { Tx } from "../db/client.ts";
import { rejectInProgress } from "../login-attempts/attempt.ts";

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
