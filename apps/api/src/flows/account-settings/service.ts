/**
 * Basic settings of the signed-in account (SPEC §1): change the password, the phone and
 * the login email. Every change needs the account password again (the one throttled
 * re-check, passwords/recheck.ts); a new phone is proven by an SMS code sent to it, a new login email by a
 * link sent to it, and only then does it replace the old one. The account's email is
 * told of every change (the old address, for an email change). See ADR 016.
 */
import { EMAIL_CHANGE_LINK_TTL_HOURS } from "@portier/shared/account-settings";
import type { Locale } from "@portier/shared/common";
import { ErrorCode } from "@portier/shared/errors";
import { assertEmailVerified } from "../../accounts/verified-email.ts";
import { type Db, isUniqueViolation, type Tx } from "../../db/client.ts";
import { type Clock, HOUR } from "../../lib/clock.ts";
import { AppError, fieldError } from "../../lib/errors.ts";
import { maskEmail } from "../../lib/mask-email.ts";
import { rejectInProgress } from "../../login-attempts/attempt.ts";
import type { Outbox } from "../../outbox/outbox.ts";
import type { PasswordHasher } from "../../passwords/hashing.ts";
import { assertPasswordPolicy } from "../../passwords/policy.ts";
import type { PasswordRecheck } from "../../passwords/recheck.ts";
import { endEverything } from "../../sessions/end-everything.ts";
import type { SessionService } from "../../sessions/service.ts";
import { consumeLinkToken, emailedLink, type LinkPurpose } from "../../verification/links.ts";
import type { SmsCodes } from "../../verification/sms-codes.ts";
import { voidVerifications } from "../../verification/void.ts";
import { maskPhone } from "../account/mask.ts";
import { accountSettingsMessages } from "./messages.ts";

export const EMAIL_CHANGE_LINK_TTL_MS = EMAIL_CHANGE_LINK_TTL_HOURS * HOUR;

/** Links mailed to the old login email that must not outlive it (log-out-all links stay: they only protect). */
const OLD_ADDRESS_LINKS: LinkPurpose[] = ["email_verification", "password_reset", "otp_recovery_link", "login_confirmation"];

export interface AccountSettingsDeps {
  db: Db;
  clock: Clock;
  outbox: Outbox;
  hasher: PasswordHasher;
  sessions: SessionService;
  smsCodes: SmsCodes;
  recheck: PasswordRecheck;
  /** The configured public URL: the only source of emailed links (never the Host header). */
  publicUrl: string;
}

/** The signed-in caller: the account and the session making the request. */
export interface Caller {
  accountId: string;
  sessionId: string;
  /** The client address (SMS budgets count by it). */
  ip: string;
}

function emailTaken() {
  return new AppError(ErrorCode.EMAIL_TAKEN, "Another account already signs in with this address, so it cannot become your login email.");
}

const emailChangeLink = emailedLink(
  "account_email_change",
  EMAIL_CHANGE_LINK_TTL_MS,
  "/confirm-email-change",
  accountSettingsMessages.email_change_link,
);

export function createAccountSettingsService(deps: AccountSettingsDeps) {
  const { db, clock, outbox, hasher, sessions, smsCodes, recheck, publicUrl } = deps;

  /**
   * The language of every email and SMS the account gets from now on (the outbox renders
   * each message in `account.locale`). Nothing is sent about it: it changes no security fact.
   */
  async function setMessageLocale(caller: Caller, messageLocale: Locale) {
    await sessions.changeAccount(caller.accountId, (tx) =>
      tx.account.update({ where: { id: caller.accountId }, data: { locale: messageLocale, updatedAt: clock.now() } }),
    );
    return { messageLocale };
  }

  /** Read fresh (not from the session cache): the password hash and email must be current. */
  const accountOf = (accountId: string) => db.account.findUniqueOrThrow({ where: { id: accountId } });
  /** A change of the phone or the login email: only with a verified email, and the password again (ADR 029). */
  async function rechecked(caller: Caller, password: string) {
    const account = await accountOf(caller.accountId);
    assertEmailVerified(account);
    await recheck.verify(account, password, "password");
    return account;
  }

  return {
    setMessageLocale,

    /**
     * Sets a new password. Ends the other sessions when asked (the current one stays),
     * voids outstanding password-reset links and a pending email change, and rejects
     * sign-ins in progress — all in one transaction with the change and its email.
     */
    async changePassword(caller: Caller, input: { currentPassword: string; newPassword: string; endOtherSessions: boolean }) {
      const account = await accountOf(caller.accountId);
      // The sign-up rules first: they cost nothing and spend no password try.
      assertPasswordPolicy(input.newPassword, { email: account.email }, "newPassword");
      await recheck.verify(account, input.currentPassword, "currentPassword");
      // The hasher compares NFKC forms, so the same password typed differently is the same.
      if (input.newPassword.normalize("NFKC") === input.currentPassword.normalize("NFKC")) {
        throw fieldError(ErrorCode.PASSWORD_UNCHANGED, "newPassword", "The new password is the same as the current one.");
      }
      // bcrypt outside the transaction: no connection is held for it.
      const passwordHash = await hasher.hash(input.newPassword);

      const ended = await sessions.changeAccount(account.id, async (tx) => {
        const now = clock.now();
        // Only over the hash just checked: of two parallel changes, the second finds the
        // password it proved already replaced.
        const changed = await tx.account.updateMany({
          where: { id: account.id, passwordHash: account.passwordHash },
          data: { passwordHash, updatedAt: now },
        });
        if (changed.count !== 1) throw fieldError(ErrorCode.PASSWORD_INCORRECT, "currentPassword", "The password is not correct.");
        // Asked to: everything else ends, services' tokens too; this session stays (ADR 026).
        // Either way a sign-in started with the old password must not finish.
        let ended = 0;
        if (input.endOtherSessions) {
          ended = (await endEverything(tx, account.id, { reason: "password_changed", now, keepSessionId: caller.sessionId })).sessions;
        } else {
          await rejectInProgress(tx, account.id, "password_changed");
        }
        // A reset link or a pending email change asked for under the old password stops working.
        await voidVerifications(tx, account.id, now, { purposes: ["password_reset", "account_email_change"] });
        await outbox.notice(tx, {
          account,
          message: accountSettingsMessages.password_changed,
          at: now,
          data: { otherSessionsEnded: input.endOtherSessions },
        });
        return ended;
      });
      return { status: "password_changed" as const, otherSessionsEnded: ended };
    },

    /**
     * Sends a code to the new number (the SMS rules of SPEC §1: 10 min, 5 tries, 60 s,
     * 5 an hour across every purpose). Nothing changes on the account yet.
     */
    async requestPhoneChange(caller: Caller, input: { password: string; phone: string }) {
      const account = await rechecked(caller, input.password);
      if (input.phone === account.phone) {
        throw fieldError(ErrorCode.PHONE_UNCHANGED, "phone", "This is already the phone number of your account.");
      }
      const sent = await smsCodes.send({
        accountId: account.id,
        purpose: "phone_change",
        phone: input.phone,
        locale: account.locale,
        ip: caller.ip,
      });
      return { status: "sms_sent" as const, phone: maskPhone(input.phone), ...sent };
    },

    /** The right code makes the number it was sent to the account's phone, verified. */
    async verifyPhoneChange(caller: Caller, code: string) {
      const phone = await smsCodes.verify(
        { accountId: caller.accountId, purpose: "phone_change", code },
        async (tx, { target, now }) => {
          const account = await tx.account.findUniqueOrThrow({ where: { id: caller.accountId } });
          await tx.account.update({ where: { id: account.id }, data: { phone: target, phoneVerifiedAt: now, updatedAt: now } });
          // Codes sent to the old number (its verification, a lost-OTP code) prove nothing now.
          await voidVerifications(tx, account.id, now, { purposes: ["phone_verification", "otp_recovery_sms"], targetNot: target });
          await outbox.notice(tx, {
            account,
            message: accountSettingsMessages.phone_changed,
            at: now,
            data: { oldPhone: maskPhone(account.phone), newPhone: maskPhone(target) },
          });
          return target;
        },
        (work) => sessions.changeAccount(caller.accountId, work),
      );
      return { status: "phone_changed" as const, phone };
    },

    /**
     * Emails a link to the new address and a notice to the old one. The answer and the
     * work are the same whether or not another account signs in with the new address
     * (no enumeration): such an address gets a note instead of the link. Either way a new
     * request voids the previous link.
     */
    async requestEmailChange(caller: Caller, input: { password: string; email: string }) {
      const account = await rechecked(caller, input.password);
      if (input.email === account.email) {
        throw fieldError(ErrorCode.EMAIL_UNCHANGED, "email", "This is already your login email.");
      }
      await db.$transaction(async (tx) => {
        const holder = await tx.account.findUnique({ where: { email: input.email }, select: { locale: true } });
        if (holder) {
          // The earlier link stops working here too, as issuing a new one would make it.
          await voidVerifications(tx, account.id, clock.now(), { purposes: ["account_email_change"] });
          await outbox.email(tx, {
            to: input.email,
            locale: holder.locale,
            message: accountSettingsMessages.email_change_taken,
            data: { resetLink: `${publicUrl}/forgot-password` },
          });
        } else {
          // Voids the earlier link (links.ts).
          const to = { email: input.email, locale: account.locale };
          await emailChangeLink.send(
            tx,
            { clock, outbox, publicUrl },
            { accountId: account.id, to },
            { hours: EMAIL_CHANGE_LINK_TTL_HOURS },
          );
        }
        await outbox.email(tx, {
          to: account.email,
          locale: account.locale,
          message: accountSettingsMessages.email_change_requested,
          data: { newEmail: maskEmail(input.email), hours: EMAIL_CHANGE_LINK_TTL_HOURS },
        });
      });
      return { status: "check_email" as const, hours: EMAIL_CHANGE_LINK_TTL_HOURS };
    },

    /**
     * The link proves the new address: it becomes the login email, verified. The token is
     * spent in the transaction of the change, so of parallel confirmations exactly one
     * wins. No session is needed (the link may be opened on another device); sessions stay.
     */
    async confirmEmailChange(token: string) {
      const outcome = await sessions
        .changeAccount(async (tx: Tx) => {
          const verification = await consumeLinkToken(tx, clock, "account_email_change", token);
          const newEmail = verification.target;
          const holder = await tx.account.findUnique({ where: { email: newEmail }, select: { id: true } });
          if (holder) throw emailTaken();
          const account = await tx.account.findUniqueOrThrow({ where: { id: verification.accountId } });
          const now = clock.now();
          await tx.account.update({ where: { id: account.id }, data: { email: newEmail, emailVerifiedAt: now, updatedAt: now } });
          await voidVerifications(tx, account.id, now, { purposes: OLD_ADDRESS_LINKS });
          await outbox.notice(tx, {
            account,
            message: accountSettingsMessages.email_changed,
            at: now,
            data: { newEmail: maskEmail(newEmail) },
          });
          return { accountId: account.id, email: newEmail };
        })
        .catch((error: unknown) => {
          // Another account took the address between the check and the update.
          if (isUniqueViolation(error)) throw emailTaken();
          throw error;
        });
      return { status: "email_changed" as const, email: outcome.email };
    },
  };
}

export type AccountSettingsService = ReturnType<typeof createAccountSettingsService>;
