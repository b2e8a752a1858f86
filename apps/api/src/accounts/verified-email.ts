/**
 * Invariant 1 of issue 12 (SPEC §12; ADR 025): no session before the login email is
 * verified, and nothing attached to an account whose email is unverified — no shared-login
 * identity, no OTP key, no phone or login-email change, no SMS of any kind.
 *
 * Why: sign-up is open to anyone for any address. Until the owner of the mailbox clicks
 * the link, the account is a claim, not an identity: whoever typed the password may not
 * be the address's owner. Anything attached to it then (an identity that signs in, a
 * phone that receives codes) would survive the real owner's password reset and keep a
 * way in (pre-account takeover); an SMS sent for it is paid for on a stranger's claim
 * (SMS pumping).
 *
 * This module is the one place that rule is written. Sign-in asks `assertEmailVerified`
 * after the password is proven (flows/login/service.ts, the decision point for every
 * first factor: password, shared-login identity, pairing), and every flow that attaches
 * something asks it before it writes or sends anything.
 */
import { ErrorCode } from "@portier/shared/errors";
import { AppError } from "../lib/errors.ts";

/** Where a client gets a new verification link (CAPTCHA, rate-limited, silent for unknown addresses). */
export const RESEND_VERIFICATION_PATH = "/api/v1/signup/resend-email";

export function isEmailVerified(account: { emailVerifiedAt: Date | null }): boolean {
  return account.emailVerifiedAt !== null;
}

/**
 * Refuses with 403 `EMAIL_NOT_VERIFIED` unless the account's login email is verified.
 * Only ever called for an account the caller has already proven (right password, linked
 * identity, a session): the answer then reveals nothing the caller did not know.
 */
export function assertEmailVerified(account: { emailVerifiedAt: Date | null }): void {
  if (isEmailVerified(account)) return;
  throw new AppError(
    ErrorCode.EMAIL_NOT_VERIFIED,
    `Verify your email address first: open the link we emailed you when you registered. For a new link, use "Send the link again" (POST ${RESEND_VERIFICATION_PATH}).`,
  );
}
