/**
 * Two-factor authentication (SPEC §5): set up, activate, show the key again, deactivate,
 * and the code check every other flow uses.
 *
 * - The key is stored encrypted (AES-256-GCM, bound to the account id).
 * - A code is accepted once: the accepted step is written with a conditional UPDATE
 *   (`otp_last_step < step`), so a replay — also a concurrent one — fails.
 * - 10 consecutive wrong codes on an account block OTP checks for 15 minutes.
 * - A failed activation (wrong password or code) discards the key being set up
 *   (seeds: "The system will generate a new shared key and invalidate the old one").
 */
import { ErrorCode } from "@portier/shared/errors";
import { OTP_ACCOUNT_FAILURES_BEFORE_BLOCK, OTP_BLOCK_MINUTES } from "@portier/shared/otp";
import { assertEmailVerified } from "../../accounts/verified-email.ts";
import type { Db, Tx } from "../../db/client.ts";
import type { Account } from "../../generated/prisma/client.ts";
import { type Clock, MINUTE, SECOND } from "../../lib/clock.ts";
import type { Encryptor } from "../../lib/encryption.ts";
import { AppError } from "../../lib/errors.ts";
import { disableOtp } from "../../otp/state.ts";
import { groupBy4, matchStep, newSecret, otpauthUri, toBase32 } from "../../otp/totp.ts";
import type { EmailMessage } from "../../outbox/messages.ts";
import type { Outbox } from "../../outbox/outbox.ts";
import type { PasswordRecheck } from "../../passwords/recheck.ts";
import type { SessionService } from "../../sessions/service.ts";
import { otpMessages } from "./messages.ts";

export interface OtpDeps {
  db: Db;
  clock: Clock;
  encryptor: Encryptor;
  /** The one throttled password re-check (ADR 029): show key, activate and deactivate ask for the password. */
  recheck: PasswordRecheck;
  outbox: Outbox;
  sessions: SessionService;
  /**
   * Work done when activating OTP turns two-factor sign-in on (the account has no passkey):
   * the first recovery codes, made in the activation's transaction (app.ts passes it, ADR 040).
   */
  onTwoFactorOn?: (tx: Tx, account: Account, context: ActivationContext) => Promise<{ codes: string[] }>;
}

/** Where the activation was made from (for the login history of what it turns on). */
export interface ActivationContext {
  userAgent: string | undefined;
  ip: string;
}

const BLOCK_MS = OTP_BLOCK_MINUTES * MINUTE;

export function createOtpService({ db, clock, encryptor, recheck, outbox, sessions, onTwoFactorOn }: OtpDeps) {
  const seal = (accountId: string, secret: Uint8Array) => encryptor.encrypt(Buffer.from(secret), accountId);
  const open = (accountId: string, sealed: string) => new Uint8Array(encryptor.decrypt(sealed, accountId));
  const keyView = (account: Account, secret: Uint8Array) => {
    const base32 = toBase32(secret);
    return { secret: base32, secretGrouped: groupBy4(base32), otpauthUri: otpauthUri(secret, account.email) };
  };

  async function account(accountId: string) {
    return db.account.findUniqueOrThrow({ where: { id: accountId } });
  }

  async function notify(account: Account, message: EmailMessage<{ when: string }>) {
    await db.$transaction((tx) => outbox.notice(tx, { account, message, at: clock.now() }));
  }

  /**
   * Checks a code for the account's active key and spends it. Throws OTP_BLOCKED while
   * the account is blocked, OTP_INVALID for a wrong, old or already used code.
   */
  async function verifyCode(accountId: string, code: string): Promise<void> {
    const current = await account(accountId);
    if (!current.otpSecret) throw new AppError(ErrorCode.OTP_NOT_ENABLED, "Two-factor authentication is not on.");
    const now = clock.now();
    if (current.otpBlockedUntil && current.otpBlockedUntil > now) throw blocked(current.otpBlockedUntil, now);
    const step = matchStep(open(accountId, current.otpSecret), code, now.getTime(), current.otpLastStep);
    if (step !== null) {
      const accepted = await db.account.updateMany({
        where: {
          id: accountId,
          otpSecret: current.otpSecret,
          OR: [{ otpLastStep: null }, { otpLastStep: { lt: step } }],
          AND: [{ OR: [{ otpBlockedUntil: null }, { otpBlockedUntil: { lte: now } }] }],
        },
        data: { otpLastStep: step, otpFailures: 0 },
      });
      if (accepted.count === 1) return;
    }
    // Count the failure; the 10th consecutive one blocks checks and restarts the count.
    const blockUntil = new Date(now.getTime() + BLOCK_MS);
    const rows = await db.$queryRaw<{ otp_blocked_until: Date | null }[]>`
      UPDATE account SET
        otp_failures = CASE WHEN otp_failures + 1 >= ${OTP_ACCOUNT_FAILURES_BEFORE_BLOCK} THEN 0 ELSE otp_failures + 1 END,
        otp_blocked_until = CASE WHEN otp_failures + 1 >= ${OTP_ACCOUNT_FAILURES_BEFORE_BLOCK} THEN ${blockUntil} ELSE otp_blocked_until END
      WHERE id = ${accountId}::uuid AND (otp_blocked_until IS NULL OR otp_blocked_until <= ${now})
      RETURNING otp_blocked_until`;
    const until = rows[0]?.otp_blocked_until;
    if (until && until > now) throw blocked(until, now);
    throw new AppError(ErrorCode.OTP_INVALID, "The code is not correct, or it was already used. Enter the current code from your app.", {
      errors: [{ field: "code", code: ErrorCode.OTP_INVALID, message: "The code is not correct." }],
    });
  }

  return {
    verifyCode,

    async status(accountId: string) {
      const a = await account(accountId);
      return {
        enabled: a.otpEnabledAt !== null,
        enabledAt: a.otpEnabledAt?.toISOString() ?? null,
        emailVerified: a.emailVerifiedAt !== null,
        phoneVerified: a.phoneVerifiedAt !== null,
      };
    },

    /** A new key to set up; any earlier, unactivated one is discarded. */
    async setup(accountId: string) {
      const a = await account(accountId);
      if (a.otpEnabledAt) throw new AppError(ErrorCode.OTP_ALREADY_ENABLED, "Two-factor authentication is already on.");
      assertEmailVerified(a);
      if (!a.phoneVerifiedAt) {
        throw new AppError(ErrorCode.OTP_PREREQUISITES_MISSING, "Verify your phone number before setting up two-factor authentication.");
      }
      const secret = newSecret();
      await db.account.update({ where: { id: accountId }, data: { otpPendingSecret: seal(accountId, secret) } });
      return keyView(a, secret);
    },

    /** Turns OTP on; returns the new recovery codes when it turned two-factor sign-in on. */
    async activate(accountId: string, password: string, code: string, context: ActivationContext): Promise<{ recoveryCodes?: string[] }> {
      const a = await account(accountId);
      if (a.otpEnabledAt) throw new AppError(ErrorCode.OTP_ALREADY_ENABLED, "Two-factor authentication is already on.");
      assertEmailVerified(a);
      const pending = a.otpPendingSecret;
      if (!pending) throw new AppError(ErrorCode.OTP_SETUP_NOT_STARTED, "Set up two-factor authentication first: a new key is needed.");
      // A throttled try (429) checked nothing, so it keeps the key; a wrong password discards it.
      const passwordOk = await recheck.verify(a, password, "password").then(
        () => true,
        (error: unknown) => {
          if (error instanceof AppError && error.code === ErrorCode.PASSWORD_INCORRECT) return false;
          throw error;
        },
      );
      const step = passwordOk ? matchStep(open(accountId, pending), code, clock.now().getTime(), null) : null;
      if (!passwordOk || step === null) {
        await db.account.updateMany({ where: { id: accountId, otpPendingSecret: pending }, data: { otpPendingSecret: null } });
        const field = passwordOk ? "code" : "password";
        const code_ = passwordOk ? ErrorCode.OTP_INVALID : ErrorCode.PASSWORD_INCORRECT;
        const message = `${passwordOk ? "The code is not correct." : "The password is not correct."} The key was discarded: delete it from your authenticator app and set up two-factor authentication again with a new key.`;
        throw new AppError(code_, message, { errors: [{ field, code: code_, message }] });
      }
      const now = clock.now();
      const { activated, recoveryCodes } = await sessions.changeAccount(accountId, async (tx) => {
        const activated = await tx.account.updateMany({
          where: { id: accountId, otpPendingSecret: pending, otpEnabledAt: null },
          data: { otpSecret: pending, otpPendingSecret: null, otpEnabledAt: now, otpLastStep: step, otpFailures: 0, otpBlockedUntil: null },
        });
        const firstFactor = activated.count === 1 && (await tx.passkey.count({ where: { accountId } })) === 0;
        const set = firstFactor && onTwoFactorOn ? await onTwoFactorOn(tx, a, context) : undefined;
        return { activated, recoveryCodes: set?.codes };
      });
      if (activated.count !== 1) throw new AppError(ErrorCode.OTP_SETUP_NOT_STARTED, "Set up two-factor authentication again.");
      await notify(a, otpMessages.otp_activated);
      return recoveryCodes ? { recoveryCodes } : {};
    },

    async showKey(accountId: string, password: string, code: string) {
      const a = await account(accountId);
      if (!a.otpSecret) throw new AppError(ErrorCode.OTP_NOT_ENABLED, "Two-factor authentication is not on.");
      await recheck.verify(a, password, "password");
      await verifyCode(accountId, code);
      await notify(a, otpMessages.otp_key_displayed);
      return keyView(a, open(accountId, a.otpSecret));
    },

    async deactivate(accountId: string, password: string, code: string) {
      const a = await account(accountId);
      if (!a.otpSecret) throw new AppError(ErrorCode.OTP_NOT_ENABLED, "Two-factor authentication is not on.");
      await recheck.verify(a, password, "password");
      await verifyCode(accountId, code);
      await sessions.changeAccount(accountId, (tx) => disableOtp(tx, accountId));
      await notify(a, otpMessages.otp_deactivated);
    },
  };
}

function blocked(until: Date, now: Date) {
  const retryAfter = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / SECOND));
  return new AppError(ErrorCode.OTP_BLOCKED, `Too many wrong codes. Two-factor checks are blocked for ${Math.ceil(retryAfter / 60)} min.`, {
    retryAfter,
  });
}

export type OtpService = ReturnType<typeof createOtpService>;
