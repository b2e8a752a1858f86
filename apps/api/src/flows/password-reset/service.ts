/**
 * Password recovery (SPEC §6; seed 001 "Password Recovery"). The login email and a
 * CAPTCHA get the same answer whether or not an account has the address; an account's
 * owner receives a link valid 30 minutes that works only in the browser that asked for
 * it (the hash of a random binding cookie is stored with the token). Setting the new
 * password ends every session and every sign-in in progress, and does not sign in: the
 * customer signs in anew, so a reset never bypasses OTP. See ADR 009.
 */
import type { Locale } from "@portier/shared/common";
import { ErrorCode } from "@portier/shared/errors";
import { PASSWORD_RESET_LINK_TTL_MINUTES } from "@portier/shared/password-reset";
import type { Db } from "../../db/client.ts";
import { clientInfo } from "../../lib/client-info.ts";
import { type Clock, MINUTE } from "../../lib/clock.ts";
import { randomToken } from "../../lib/crypto.ts";
import { AppError, fieldError } from "../../lib/errors.ts";
import { maskEmail } from "../../lib/mask-email.ts";
import { recordLoginEvent } from "../../login-events/record.ts";
import type { Outbox } from "../../outbox/outbox.ts";
import type { PasswordHasher } from "../../passwords/hashing.ts";
import { assertPasswordPolicy } from "../../passwords/policy.ts";
import { endEverything } from "../../sessions/end-everything.ts";
import type { SessionService } from "../../sessions/service.ts";
import { consumeLinkToken, emailedLink, peekLinkToken } from "../../verification/links.ts";
import type { LoginThrottle } from "../login/throttle.ts";
import { passwordResetMessages } from "./messages.ts";

export const RESET_LINK_TTL_MS = PASSWORD_RESET_LINK_TTL_MINUTES * MINUTE;

export interface PasswordResetDeps {
  db: Db;
  clock: Clock;
  outbox: Outbox;
  hasher: PasswordHasher;
  sessions: SessionService;
  /** The configured public URL: the only source of emailed links (never the Host header). */
  publicUrl: string;
  verifyCaptcha(solution: string, ip: string): Promise<boolean>;
  /** Sign-in's failure counters, cleared by a reset (ADR 029). */
  throttle: Pick<LoginThrottle, "forget">;
}

const resetLink = emailedLink("password_reset", RESET_LINK_TTL_MS, "/reset-password", passwordResetMessages.password_reset_link);

export function createPasswordResetService({ db, clock, outbox, hasher, sessions, publicUrl, verifyCaptcha, throttle }: PasswordResetDeps) {
  async function usableLink(token: string, binding: string | undefined) {
    const verification = await peekLinkToken(db, clock, "password_reset", token, binding);
    const account = await db.account.findUniqueOrThrow({ where: { id: verification.accountId } });
    return { verification, account };
  }

  return {
    /**
     * Both paths do the same work in the same shape: one transaction that looks the
     * address up and writes one email to the outbox (the reset link, or "no account
     * uses this address"), so neither the answer nor its timing tells them apart. The
     * binding is fresh and random in both; the caller sets it as a cookie.
     */
    async request(input: { email: string; locale: Locale; captcha: string; ip: string }): Promise<{ binding: string }> {
      if (!(await verifyCaptcha(input.captcha, input.ip))) {
        throw fieldError(ErrorCode.CAPTCHA_INVALID, "captcha", "The CAPTCHA was not solved or was already used. Try again.");
      }
      const binding = randomToken();
      await db.$transaction(async (tx) => {
        const account = await tx.account.findUnique({ where: { email: input.email }, select: { id: true, email: true, locale: true } });
        if (!account) {
          await outbox.email(tx, {
            to: input.email,
            locale: input.locale,
            message: passwordResetMessages.password_reset_no_account,
            data: { forgotLink: `${publicUrl}/forgot-password` },
          });
          return;
        }
        // Voids every earlier reset link of the account (links.ts).
        await resetLink.send(
          tx,
          { clock, outbox, publicUrl },
          { accountId: account.id, to: account, binding },
          { minutes: PASSWORD_RESET_LINK_TTL_MINUTES },
        );
      });
      return { binding };
    },

    /** Whether the link can be used in this browser; changes nothing. */
    async inspect(token: string, binding: string | undefined) {
      const { verification, account } = await usableLink(token, binding);
      return { email: maskEmail(account.email), expiresAt: verification.expiresAt.toISOString() };
    },

    /**
     * Sets the new password. The link is spent in the same transaction as the change,
     * with the same conditions as the checks (links.ts), so of parallel requests with
     * one link exactly one changes the password.
     */
    async complete(input: {
      token: string;
      password: string;
      passwordConfirmation: string;
      binding: string | undefined;
      userAgent: string | undefined;
      ip: string;
    }): Promise<void> {
      if (input.password !== input.passwordConfirmation) {
        throw fieldError(ErrorCode.PASSWORDS_DO_NOT_MATCH, "passwordConfirmation", "The two passwords are not the same.");
      }
      const { verification, account } = await usableLink(input.token, input.binding);
      // The rules of sign-up (SPEC §1), with the login email as context.
      assertPasswordPolicy(input.password, { email: account.email });
      // bcrypt outside the transaction: no connection is held for its quarter second.
      const passwordHash = await hasher.hash(input.password);

      await sessions.changeAccount(account.id, async (tx) => {
        const now = clock.now();
        await consumeLinkToken(tx, clock, "password_reset", input.token, input.binding);
        // The link proves the address it was sent to; if the login email changed since, it proves nothing.
        const changed = await tx.account.updateMany({
          where: { id: account.id, email: verification.target },
          // Opening the link proved the mailbox, which is what email verification proves.
          data: { passwordHash, updatedAt: now, ...(account.emailVerifiedAt ? {} : { emailVerifiedAt: now }) },
        });
        if (changed.count !== 1) {
          throw new AppError(ErrorCode.RESET_LINK_ADDRESS_CHANGED, "This link was sent to an address that is no longer the login email.");
        }
        // Everything ends with the change (not after it): no session, sign-in in progress or
        // service's token outlives the old password (ADR 026).
        await endEverything(tx, account.id, { reason: "password_reset", now });
        await recordLoginEvent(tx, clock, {
          accountId: account.id,
          result: "password_reset",
          method: "password_reset",
          ip: input.ip,
          client: clientInfo(input.userAgent, input.ip),
        });
        await throttle.forget(tx, account.email); // failures before the reset no longer hold the account (ADR 029)
        await outbox.notice(tx, { account, message: passwordResetMessages.password_changed_by_reset, at: now });
      });
    },
  };
}

export type PasswordResetService = ReturnType<typeof createPasswordResetService>;
