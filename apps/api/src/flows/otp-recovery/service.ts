/**
 * Lost OTP device (SPEC §6; seeds 001, 002, 004). From the OTP step of a sign-in (the
 * password already proven) an email link valid 5 minutes opens this flow: an SMS code
 * to the verified phone on file plus a CAPTCHA disable OTP. The customer then signs in
 * with the password. Without a verified phone only a support request can help (§9).
 */
import { ErrorCode } from "@portier/shared/errors";
import type { Db } from "../../db/client.ts";
import type { Clock } from "../../lib/clock.ts";
import { AppError } from "../../lib/errors.ts";
import { disableOtpOnRecovery, twoFactorOn } from "../../otp/state.ts";
import type { Outbox } from "../../outbox/outbox.ts";
import type { SessionService } from "../../sessions/service.ts";
import { consumeLinkToken, peekLinkToken } from "../../verification/links.ts";
import type { SmsCodes } from "../../verification/sms-codes.ts";
import { maskPhone } from "../account/mask.ts";
import { otpRecoveryMessages } from "./messages.ts";

export interface OtpRecoveryDeps {
  db: Db;
  clock: Clock;
  outbox: Outbox;
  smsCodes: SmsCodes;
  sessions: SessionService;
  verifyCaptcha(solution: string, ip: string): Promise<boolean>;
}

export function createOtpRecoveryService({ db, clock, outbox, smsCodes, sessions, verifyCaptcha }: OtpRecoveryDeps) {
  async function linked(token: string) {
    const verification = await peekLinkToken(db, clock, "otp_recovery_link", token);
    const account = await db.account.findUniqueOrThrow({ where: { id: verification.accountId } });
    return { verification, account };
  }

  function requireVerifiedPhone(account: { phoneVerifiedAt: Date | null }) {
    if (!account.phoneVerifiedAt) {
      throw new AppError(
        ErrorCode.PHONE_NOT_VERIFIED,
        "There is no verified phone on this account. Only a support request can help: contact the authorization department.",
      );
    }
  }

  return {
    async inspect(token: string) {
      const { verification, account } = await linked(token);
      return {
        phoneVerified: account.phoneVerifiedAt !== null,
        phone: account.phoneVerifiedAt ? maskPhone(account.phone) : null,
        expiresAt: verification.expiresAt.toISOString(),
      };
    },

    async sendSms(token: string, ip: string) {
      const { account } = await linked(token);
      requireVerifiedPhone(account);
      if (!(await twoFactorOn(db, account))) throw new AppError(ErrorCode.OTP_NOT_ENABLED, "Two-factor authentication is already off.");
      const sent = await smsCodes.send({
        accountId: account.id,
        purpose: "otp_recovery_sms",
        phone: account.phone,
        locale: account.locale,
        ip,
      });
      return { status: "sms_sent" as const, phone: maskPhone(account.phone), ...sent };
    },

    /** Needs the link, the SMS code and a CAPTCHA; all spent together or not at all. */
    async disable(input: { token: string; code: string; captcha: string; userAgent: string | undefined; ip: string }) {
      const { account } = await linked(input.token);
      requireVerifiedPhone(account);
      if (!(await verifyCaptcha(input.captcha, input.ip))) {
        throw new AppError(ErrorCode.CAPTCHA_INVALID, "The CAPTCHA was not solved or was already used. Try again.", {
          errors: [{ field: "captcha", code: ErrorCode.CAPTCHA_INVALID, message: "Solve the CAPTCHA again." }],
        });
      }
      await smsCodes.verify(
        { accountId: account.id, purpose: "otp_recovery_sms", code: input.code },
        async (tx, { target, now }) => {
          await consumeLinkToken(tx, clock, "otp_recovery_link", input.token);
          // The sign-in that asked for this cannot finish: the customer signs in again.
          await disableOtpOnRecovery(tx, clock, {
            accountId: account.id,
            by: "otp_recovery",
            phone: target,
            ip: input.ip,
            userAgent: input.userAgent,
          });
          await outbox.notice(tx, { account, message: otpRecoveryMessages.otp_disabled_by_recovery, at: now });
        },
        (work) => sessions.changeAccount(account.id, work),
      );
    },
  };
}

export type OtpRecoveryService = ReturnType<typeof createOtpRecoveryService>;
