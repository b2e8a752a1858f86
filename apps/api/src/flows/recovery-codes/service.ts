/**
 * Recovery codes (issue 17, ADR 040): ten single-use codes that stand in for the second
 * factor at sign-in when the authenticator app or the passkey is gone — the way back
 * without an SMS for customers who keep them.
 *
 * - Made when two-factor sign-in is turned on (the first of OTP or a passkey) and on
 *   request after the password, each time replacing the whole earlier set.
 * - Shown once: only HMAC-SHA-256(token secret, account, code) is stored. The codes carry
 *   50 random bits each, so a fast keyed hash is enough (bcrypt guards low-entropy
 *   passwords); the key keeps a stolen table from being searched offline at all.
 * - Spent in one conditional UPDATE (`used_at IS NULL`): of parallel uses of one code,
 *   exactly one succeeds. Spending one emails the owner with how many are left.
 */

import { randomInt } from "node:crypto";
import { ErrorCode } from "@portier/shared/errors";
import { formatRecoveryCode, RECOVERY_CODE_ALPHABET, RECOVERY_CODE_COUNT, RECOVERY_CODE_LENGTH } from "@portier/shared/recovery-codes";
import type { Db, Tx } from "../../db/client.ts";
import type { Account } from "../../generated/prisma/client.ts";
import { clientInfo } from "../../lib/client-info.ts";
import type { Clock } from "../../lib/clock.ts";
import { hmac } from "../../lib/crypto.ts";
import { AppError } from "../../lib/errors.ts";
import { recordLoginEvent } from "../../login-events/record.ts";
import { twoFactorOn } from "../../otp/state.ts";
import type { Outbox } from "../../outbox/outbox.ts";
import type { PasswordRecheck } from "../../passwords/recheck.ts";
import type { SessionService } from "../../sessions/service.ts";
import { recoveryCodeMessages } from "./messages.ts";

export interface RecoveryCodesDeps {
  db: Db;
  clock: Clock;
  outbox: Outbox;
  recheck: PasswordRecheck;
  sessions: SessionService;
  /** The key of the codes' HMAC (TOKEN_SECRET). */
  secret: string;
}

/** Where a change was made from, for the login history. */
export interface ChangeContext {
  userAgent: string | undefined;
  ip: string;
}

/** One new code: 10 characters of Crockford base32 from the CSPRNG (randomInt has no modulo bias). */
function newCode(): string {
  let code = "";
  for (let i = 0; i < RECOVERY_CODE_LENGTH; i++) code += RECOVERY_CODE_ALPHABET[randomInt(0, RECOVERY_CODE_ALPHABET.length)];
  return code;
}

export function createRecoveryCodesService({ db, clock, outbox, recheck, sessions, secret }: RecoveryCodesDeps) {
  const hashOf = (accountId: string, code: string) => hmac(secret, "recovery-code", accountId, code);

  /** Records what happened to the codes in the login history and emails the owner (both in `tx`). */
  async function recordAndTell(
    tx: Tx,
    account: Account,
    context: ChangeContext,
    what: { result: "recovery_codes_created"; count: number } | { result: "recovery_code_used"; remaining: number },
  ) {
    const client = clientInfo(context.userAgent, context.ip);
    const method = what.result === "recovery_code_used" ? "recovery_code" : "account_security";
    await recordLoginEvent(tx, clock, { accountId: account.id, result: what.result, method, ip: context.ip, client });
    const at = clock.now();
    if (what.result === "recovery_code_used") {
      await outbox.notice(tx, { account, message: recoveryCodeMessages.recovery_code_used, at, data: { remaining: what.remaining } });
    } else {
      await outbox.notice(tx, { account, message: recoveryCodeMessages.recovery_codes_created, at, data: { count: what.count } });
    }
  }

  /**
   * A new set in place of any earlier one, inside the caller's transaction (OTP activation
   * and the first passkey call it too): recorded in the history and emailed. Returns the
   * codes, formatted, for the one time they are shown.
   */
  async function replaceSet(tx: Tx, account: Account, context: ChangeContext): Promise<{ codes: string[]; createdAt: Date }> {
    const now = clock.now();
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newCode);
    await tx.recoveryCode.deleteMany({ where: { accountId: account.id } });
    await tx.recoveryCode.createMany({
      data: codes.map((code) => ({ accountId: account.id, codeHash: hashOf(account.id, code), createdAt: now })),
    });
    await recordAndTell(tx, account, context, { result: "recovery_codes_created", count: RECOVERY_CODE_COUNT });
    return { codes: codes.map(formatRecoveryCode), createdAt: now };
  }

  return {
    replaceSet,

    async status(accountId: string) {
      const account = await db.account.findUniqueOrThrow({ where: { id: accountId } });
      const codes = await db.recoveryCode.findMany({ where: { accountId }, select: { usedAt: true, createdAt: true } });
      return {
        remaining: codes.filter((c) => c.usedAt === null).length,
        createdAt: codes[0]?.createdAt.toISOString() ?? null,
        available: await twoFactorOn(db, account),
      };
    },

    /** A new set on request, after the password (SPEC §12: the one throttled re-check). */
    async create(accountId: string, password: string, context: ChangeContext) {
      const account = await db.account.findUniqueOrThrow({ where: { id: accountId } });
      if (!(await twoFactorOn(db, account))) {
        throw new AppError(
          ErrorCode.RECOVERY_CODES_UNAVAILABLE,
          "Recovery codes stand in for a second factor: turn on two-factor authentication or add a passkey first.",
        );
      }
      await recheck.verify(account, password, "password");
      const set = await sessions.changeAccount(accountId, (tx) => replaceSet(tx, account, context));
      return { codes: set.codes, createdAt: set.createdAt.toISOString() };
    },

    /**
     * Spends one code of the account at sign-in (the login service counts the try against
     * the attempt first). Throws RECOVERY_CODE_INVALID for a code that is not an unused one
     * of this account; otherwise records it, emails the owner and returns how many are left.
     */
    async spend(accountId: string, code: string, context: ChangeContext): Promise<number> {
      return db.$transaction(async (tx) => {
        const spent = await tx.recoveryCode.updateMany({
          where: { accountId, codeHash: hashOf(accountId, code), usedAt: null },
          data: { usedAt: clock.now() },
        });
        if (spent.count !== 1) {
          throw new AppError(ErrorCode.RECOVERY_CODE_INVALID, "This is not an unused recovery code of this account.", {
            params: { remainingTries: 0 },
            errors: [
              { field: "code", code: ErrorCode.RECOVERY_CODE_INVALID, message: "This recovery code is not valid or was already used." },
            ],
          });
        }
        const remaining = await tx.recoveryCode.count({ where: { accountId, usedAt: null } });
        const account = await tx.account.findUniqueOrThrow({ where: { id: accountId } });
        await recordAndTell(tx, account, context, { result: "recovery_code_used", remaining });
        return remaining;
      });
    },
  };
}

export type RecoveryCodesService = ReturnType<typeof createRecoveryCodesService>;
