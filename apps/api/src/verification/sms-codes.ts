/**
 * SMS codes (SPEC §1): six digits, valid 10 minutes, at most 5 wrong tries per code.
 * Phone verification, phone change (the code goes to the new number), lost-OTP recovery
 * and support's check use them; this is the only writer of SMS to the outbox, and every
 * send first passes the SMS budgets (sms-budget.ts: verified email, 60 s and 5 an hour
 * per account, per number, per client address, global).
 *
 * Every check runs with the account row locked (SELECT ... FOR UPDATE), so parallel
 * requests are serialised per account and a code's tries cannot be beaten in parallel.
 */
import { randomUUID } from "node:crypto";
import type { Locale } from "@portier/shared/common";
import { ErrorCode } from "@portier/shared/errors";
import { SMS_CODE_MAX_ATTEMPTS, SMS_CODE_TTL_MINUTES, SMS_RESEND_AFTER_SECONDS } from "@portier/shared/signup";
import type { Db, Tx } from "../db/client.ts";
import { type Clock, MINUTE } from "../lib/clock.ts";
import { hmac, randomDigits, safeEqual } from "../lib/crypto.ts";
import { AppError } from "../lib/errors.ts";
import { type SmsMessage, sms, type Texts } from "../outbox/messages.ts";
import type { Outbox } from "../outbox/outbox.ts";
import type { SmsBudget } from "./sms-budget.ts";
import { voidVerifications } from "./void.ts";

/** What an SMS code is for (each flow that sends codes declares its text, smsCode). */
export const SMS_PURPOSES = ["phone_verification", "otp_recovery_sms", "support_verification", "phone_change"] as const;
export type SmsPurpose = (typeof SMS_PURPOSES)[number];

/** What every code's text is given. */
export interface SmsCodeParams {
  code: string;
  minutes: number;
}

/**
 * The text of the codes sent for `purpose`, in a flow's messages (defineMessages): it says
 * what the code is for (support's code: read back to the authorization department). The
 * flow that sends the code declares it; app.ts hands every flow's to createSmsCodes.
 */
export function smsCode(purpose: SmsPurpose, texts: Texts<SmsCodeParams, string>) {
  return { ...sms<SmsCodeParams>(texts), codeFor: purpose };
}
export type SmsCodeMessage = SmsMessage<SmsCodeParams> & { readonly codeFor: SmsPurpose };

export interface SmsCodeDeps {
  db: Db;
  clock: Clock;
  outbox: Outbox;
  /** Keys the HMAC of codes: a million codes are trivially brute-forced from a plain hash. */
  secret: string;
  /** Every send is paid for here first (ADR 027). */
  budget: SmsBudget;
  /** The text of each purpose's code (declared by the flows, smsCode). */
  messages: Readonly<Record<SmsPurpose, SmsMessage<SmsCodeParams>>>;
}

async function lockAccount(tx: Tx, accountId: string) {
  const [account] = await tx.$queryRaw<{ id: string; emailVerifiedAt: Date | null }[]>`
    SELECT id::text AS id, email_verified_at AS "emailVerifiedAt" FROM account WHERE id = ${accountId}::uuid FOR UPDATE`;
  if (!account) throw new Error(`account ${accountId} not found`);
  return account;
}

const codeHash = (secret: string, verificationId: string, code: string) => hmac(secret, "sms", verificationId, code);

export function createSmsCodes({ db, clock, outbox, secret, budget, messages }: SmsCodeDeps) {
  return {
    /**
     * Sends a new code to `phone`, voiding the previous one, within the SMS budgets
     * (sms-budget.ts). `ip` is the client address that asked; null when staff did.
     */
    async send(input: { accountId: string; purpose: SmsPurpose; phone: string; locale: Locale; ip: string | null }) {
      return db.$transaction(async (tx) => {
        const account = await lockAccount(tx, input.accountId);
        await budget.spend(tx, { account, phone: input.phone, ip: input.ip });
        const now = clock.now();
        await voidVerifications(tx, input.accountId, now, { purposes: [input.purpose] });
        const id = randomUUID();
        const code = randomDigits(6);
        await tx.verification.create({
          data: {
            id,
            accountId: input.accountId,
            purpose: input.purpose,
            target: input.phone,
            secretHash: codeHash(secret, id, code),
            createdAt: now,
            expiresAt: new Date(now.getTime() + SMS_CODE_TTL_MINUTES * MINUTE),
          },
        });
        await outbox.sms(tx, {
          to: input.phone,
          locale: input.locale,
          message: messages[input.purpose],
          data: { code, minutes: SMS_CODE_TTL_MINUTES },
        });
        return { resendAfter: SMS_RESEND_AFTER_SECONDS, expiresInSeconds: SMS_CODE_TTL_MINUTES * 60 };
      });
    },

    /**
     * Checks a code and, when right, runs `onValid` in the same transaction (the code is
     * spent only if the change commits). A wrong try is counted and committed even though
     * the request fails; the 6th try of a code is refused whatever it is. `transaction`
     * runs the check's transaction (default `db.$transaction`): a change of the account
     * passes `sessions.changeAccount`, which forgets the account's cached sessions after it.
     */
    async verify<T>(
      input: { accountId: string; purpose: SmsPurpose; code: string },
      onValid: (tx: Tx, verification: { target: string; now: Date }) => Promise<T>,
      transaction: <R>(work: (tx: Tx) => Promise<R>) => Promise<R> = (work) => db.$transaction(work),
    ): Promise<T> {
      const outcome = await transaction(async (tx) => {
        await lockAccount(tx, input.accountId);
        const now = clock.now();
        const active = await tx.verification.findFirst({
          where: { accountId: input.accountId, purpose: input.purpose, consumedAt: null, voidedAt: null },
          orderBy: { createdAt: "desc" },
        });
        if (!active) return { error: new AppError(ErrorCode.CODE_NOT_REQUESTED, "Request a code first.") };
        if (active.expiresAt <= now) {
          return { error: new AppError(ErrorCode.CODE_EXPIRED, "This code has expired. Request a new one.") };
        }
        if (active.attempts >= SMS_CODE_MAX_ATTEMPTS) {
          return { error: attemptsExceeded() };
        }
        if (!safeEqual(codeHash(secret, active.id, input.code), active.secretHash)) {
          const attempts = active.attempts + 1;
          // The exhausted code stays the active one, so every later try (even the right
          // code) is answered CODE_ATTEMPTS_EXCEEDED until a new code is requested.
          await tx.verification.update({ where: { id: active.id }, data: { attempts } });
          const left = SMS_CODE_MAX_ATTEMPTS - attempts;
          return {
            error:
              left > 0
                ? new AppError(ErrorCode.CODE_INVALID, `The code is not correct. ${left} ${left === 1 ? "try" : "tries"} left.`, {
                    params: { remainingTries: left },
                    errors: [{ field: "code", code: ErrorCode.CODE_INVALID, message: "The code is not correct." }],
                  })
                : attemptsExceeded(),
          };
        }
        await tx.verification.update({ where: { id: active.id }, data: { consumedAt: now } });
        return { value: await onValid(tx, { target: active.target, now }) };
      });
      if ("error" in outcome) throw outcome.error;
      return outcome.value as T;
    },
  };
}

function attemptsExceeded() {
  return new AppError(ErrorCode.CODE_ATTEMPTS_EXCEEDED, `Too many wrong tries (${SMS_CODE_MAX_ATTEMPTS}). Request a new code.`);
}

export type SmsCodes = ReturnType<typeof createSmsCodes>;
