/**
 * SMS budgets (SPEC §12, ADR 027): the one owner of "may Portier send this SMS?". Every
 * SMS goes through sms-codes.ts's send(), which asks `spend` in its transaction before
 * writing the message to the outbox. Each SMS costs real money and can be abused to
 * pump traffic to premium numbers, so several budgets apply, checked in this order:
 *
 *  1. the account's email is verified (accounts are free; a verified email is not),
 *  2. the account: a new code no sooner than 60 s after the last, 5 an hour (SPEC §1),
 *  3. the destination number: 5 an hour and 10 a day, whichever accounts ask,
 *  4. the client address: SMS_PER_ADDRESS_HOURLY_LIMIT an hour (staff sends count none),
 *  5. the whole service: SMS_GLOBAL_HOURLY_LIMIT an hour; reaching it is logged as an
 *     error and counted in Prometheus, because it means abuse or a wrong limit.
 *
 * Counting is exact and parallel-safe: a transaction-scoped advisory lock serialises
 * every budget check with the insert of its `sms_send` row, across instances. SMS are
 * rare (a few an hour per customer), so one lock for all of them costs nothing
 * noticeable, and one lock cannot deadlock with itself.
 */
import { ErrorCode } from "@portier/shared/errors";
import { SMS_MAX_PER_HOUR, SMS_RESEND_AFTER_SECONDS } from "@portier/shared/signup";
import { assertEmailVerified } from "../accounts/verified-email.ts";
import type { Tx } from "../db/client.ts";
import { type Clock, HOUR, SECOND } from "../lib/clock.ts";
import { AppError } from "../lib/errors.ts";

/** SPEC §12: per destination number. A number an attacker does not own gets little. */
export const SMS_PER_NUMBER_PER_HOUR = 5;
export const SMS_PER_NUMBER_PER_DAY = 10;
const DAY = 24 * HOUR;

/** The longest window above: `sms_send` rows older than this count for nothing (housekeeping purges them). */
export const SMS_SEND_RETENTION_MS = DAY;

/** Any key for pg_advisory_xact_lock, as long as nothing else in Portier uses it. */
const SMS_BUDGET_LOCK = 0x53_4d_53_42; // "SMSB"

export type SmsBudgetName = "email_not_verified" | "account" | "number" | "address" | "global";

export interface SmsBudgetSettings {
  /** SMS per client address per hour (SMS_PER_ADDRESS_HOURLY_LIMIT). */
  perAddressHourly: number;
  /** SMS of the whole service per hour (SMS_GLOBAL_HOURLY_LIMIT). */
  globalHourly: number;
}

export interface SmsBudgetDeps {
  clock: Clock;
  settings: SmsBudgetSettings;
  /** Every refusal, by budget (the Prometheus counter). */
  onRefused?(budget: SmsBudgetName): void;
  /** The global budget is reached: an operator must look. */
  logError(fields: object, message: string): void;
}

/** Invariant 1 for SMS: nothing is sent for an account whose email is unverified (its owner: accounts/verified-email.ts, ADR 025). */
export function requireVerifiedEmailForSms(account: { emailVerifiedAt: Date | null }) {
  assertEmailVerified(account);
}

export function createSmsBudget({ clock, settings, onRefused, logError }: SmsBudgetDeps) {
  const refuse = (budget: SmsBudgetName, error: AppError): never => {
    onRefused?.(budget);
    throw error;
  };

  /** Seconds until the oldest send of a full window leaves it. */
  const waitFor = (oldest: Date, windowMs: number, now: Date) =>
    Math.max(1, Math.ceil((oldest.getTime() + windowMs - now.getTime()) / SECOND));

  /** The sends matching `where` in the last `windowMs`, oldest first. */
  const sendsSince = (tx: Tx, where: { accountId?: string; phone?: string; ip?: string }, now: Date, windowMs: number) =>
    tx.smsSend.findMany({
      where: { ...where, createdAt: { gt: new Date(now.getTime() - windowMs) } },
      orderBy: { createdAt: "asc" },
      select: { createdAt: true },
    });

  return {
    /**
     * In the sender's transaction: throws the first budget that is spent, or records this
     * send against every budget. The record commits (or rolls back) with the SMS itself.
     */
    async spend(tx: Tx, input: { account: { id: string; emailVerifiedAt: Date | null }; phone: string; ip: string | null }) {
      requireVerifiedEmailForSms(input.account);
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SMS_BUDGET_LOCK}::bigint)`;
      const now = clock.now();

      const byAccount = await sendsSince(tx, { accountId: input.account.id }, now, HOUR);
      const last = byAccount.at(-1);
      if (last) {
        const waitMs = last.createdAt.getTime() + SMS_RESEND_AFTER_SECONDS * SECOND - now.getTime();
        if (waitMs > 0) {
          const retryAfter = Math.ceil(waitMs / SECOND);
          refuse("account", new AppError(ErrorCode.SMS_TOO_SOON, `Wait ${retryAfter} s before requesting another code.`, { retryAfter }));
        }
      }
      const oldestOfAccount = byAccount[0];
      if (byAccount.length >= SMS_MAX_PER_HOUR && oldestOfAccount) {
        const retryAfter = waitFor(oldestOfAccount.createdAt, HOUR, now);
        refuse(
          "account",
          new AppError(
            ErrorCode.SMS_HOURLY_LIMIT,
            `You have requested ${SMS_MAX_PER_HOUR} codes in the last hour. Try again in ${Math.ceil(retryAfter / 60)} min.`,
            { retryAfter },
          ),
        );
      }

      const byNumberToday = await sendsSince(tx, { phone: input.phone }, now, DAY);
      const byNumberThisHour = byNumberToday.filter((s) => s.createdAt.getTime() > now.getTime() - HOUR);
      const numberFull =
        byNumberThisHour.length >= SMS_PER_NUMBER_PER_HOUR
          ? waitFor((byNumberThisHour[0] as { createdAt: Date }).createdAt, HOUR, now)
          : byNumberToday.length >= SMS_PER_NUMBER_PER_DAY
            ? waitFor((byNumberToday[0] as { createdAt: Date }).createdAt, DAY, now)
            : 0;
      if (numberFull > 0) {
        refuse(
          "number",
          new AppError(ErrorCode.SMS_NUMBER_LIMIT, "Too many codes have been sent to this phone number. Try again later.", {
            retryAfter: numberFull,
          }),
        );
      }

      if (input.ip !== null) {
        const byAddress = await sendsSince(tx, { ip: input.ip }, now, HOUR);
        const oldestOfAddress = byAddress[0];
        if (byAddress.length >= settings.perAddressHourly && oldestOfAddress) {
          refuse(
            "address",
            new AppError(ErrorCode.SMS_ADDRESS_LIMIT, "Too many codes have been requested from your network. Try again later.", {
              retryAfter: waitFor(oldestOfAddress.createdAt, HOUR, now),
            }),
          );
        }
      }

      const all = await tx.smsSend.aggregate({
        where: { createdAt: { gt: new Date(now.getTime() - HOUR) } },
        _count: { _all: true },
        _min: { createdAt: true },
      });
      if (all._count._all >= settings.globalHourly) {
        const retryAfter = waitFor(all._min.createdAt ?? now, HOUR, now);
        logError(
          { budget: "global", limit: settings.globalHourly, retryAfter },
          "SMS global hourly budget reached: SMS are refused until the hour's oldest send leaves the window (SMS_GLOBAL_HOURLY_LIMIT)",
        );
        refuse(
          "global",
          new AppError(ErrorCode.SMS_SERVICE_LIMIT, "We cannot send text messages right now. Try again later.", { retryAfter }),
        );
      }

      await tx.smsSend.create({ data: { accountId: input.account.id, phone: input.phone, ip: input.ip, createdAt: now } });
    },
  };
}

export type SmsBudget = ReturnType<typeof createSmsBudget>;
