/**
 * Support requests, the staff side (SPEC §9): the queue, matching an account, verifying
 * the customer by an SMS code to the phone on file, and the resolutions — disable OTP,
 * send the login-email hint, change the login email, reject — and, on any open request,
 * ending every session of the linked account.
 *
 * Rules (docs/decisions/012-staff-console-security.md):
 * - A resolution does only what the customer asked for (the request's type), or rejects.
 * - Disabling OTP and changing the login email need the SMS code read back by the
 *   customer; an admin may disable OTP on identity proven by other means instead.
 * - Every action writes exactly one audit entry, in the transaction of its change, and
 *   closes the request conditionally on its state, so two staff members racing on one
 *   request cannot both resolve it.
 */
import { ErrorCode } from "@portier/shared/errors";
import type { SupportRequestDetail } from "@portier/shared/staff";
import { SUPPORT_EMAIL_CHANGE_LINK_TTL_HOURS, type SupportRequestStatus, type SupportRequestType } from "@portier/shared/support";
import { staffAccountView } from "../../accounts/view.ts";
import type { Db, Tx } from "../../db/client.ts";
import type { Account, SupportRequest, SupportResolution } from "../../generated/prisma/client.ts";
import { type Clock, HOUR } from "../../lib/clock.ts";
import { AppError } from "../../lib/errors.ts";
import { maskEmailHint } from "../../lib/mask-email.ts";
import { disableOtpOnRecovery, twoFactorOn } from "../../otp/state.ts";
import type { Outbox } from "../../outbox/outbox.ts";
import { endEverything } from "../../sessions/end-everything.ts";
import type { SessionService } from "../../sessions/service.ts";
import { type AuditAction, auditInclude, auditViews, recordAudit } from "../../staff/audit.ts";
import { requireRole } from "../../staff/auth.ts";
import type { AuthenticatedStaff } from "../../staff/sessions.ts";
import { emailedLink } from "../../verification/links.ts";
import type { SmsCodes } from "../../verification/sms-codes.ts";
import { voidVerifications } from "../../verification/void.ts";
import { supportMessages } from "./messages.ts";

export interface SupportConsoleDeps {
  db: Db;
  clock: Clock;
  outbox: Outbox;
  smsCodes: SmsCodes;
  sessions: SessionService;
  publicUrl: string;
}

const OPEN: SupportRequestStatus[] = ["open", "awaiting_email_verification"];
const SEARCH_LIMIT = 20;
const QUEUE_LIMIT = 200;

export interface ClientContext {
  userAgent: string | undefined;
  ip: string;
}

function summaryView(request: SupportRequest) {
  return {
    id: request.id,
    reference: request.reference,
    type: request.type,
    status: request.status,
    contactEmail: request.contactEmail,
    createdAt: request.createdAt.toISOString(),
    closedAt: request.closedAt?.toISOString() ?? null,
  };
}

const notFound = () => new AppError(ErrorCode.SUPPORT_REQUEST_NOT_FOUND, "There is no such support request.");
const closed = () => new AppError(ErrorCode.SUPPORT_REQUEST_CLOSED, "This support request is already closed.");

const emailChangeLink = emailedLink(
  "support_email_change",
  SUPPORT_EMAIL_CHANGE_LINK_TTL_HOURS * HOUR,
  "/support/confirm-email",
  supportMessages.support_email_change_link,
);

export function createSupportConsole({ db, clock, outbox, smsCodes, sessions, publicUrl }: SupportConsoleDeps) {
  async function load(id: string) {
    const request = await db.supportRequest.findUnique({ where: { id }, include: { account: true } });
    if (!request) throw notFound();
    return request;
  }

  /** A request staff may still act on (not waiting for the customer's link, not closed). */
  async function actionable(id: string, type?: SupportRequestType) {
    const request = await load(id);
    if (request.status !== "open") throw closed();
    if (type && request.type !== type) {
      throw new AppError(
        ErrorCode.SUPPORT_RESOLUTION_NOT_REQUESTED,
        `The customer did not ask for this; the request is "${request.type}".`,
      );
    }
    return request;
  }

  function linked(request: SupportRequest & { account: Account | null }): Account {
    if (!request.account) {
      throw new AppError(ErrorCode.SUPPORT_ACCOUNT_NOT_LINKED, "Find the customer's account and link it to the request first.");
    }
    return request.account;
  }

  function requirePhoneConfirmed(request: SupportRequest) {
    if (!request.phoneVerifiedAt) {
      throw new AppError(
        ErrorCode.SUPPORT_PHONE_NOT_CONFIRMED,
        "Send the SMS code to the phone on file and enter the code the customer read back first.",
      );
    }
  }

  /** Moves the request on, only from the state it was read in (of two racing staff members, one wins). */
  async function transition(
    tx: Tx,
    request: SupportRequest,
    from: SupportRequestStatus[],
    data: { status: SupportRequestStatus; resolution?: SupportResolution },
  ) {
    const now = clock.now();
    const closing = data.status === "resolved" || data.status === "rejected";
    const moved = await tx.supportRequest.updateMany({
      where: { id: request.id, status: { in: from }, accountId: request.accountId },
      data: { ...data, updatedAt: now, ...(closing ? { closedAt: now } : {}) },
    });
    if (moved.count !== 1) throw closed();
  }

  function audit(
    tx: Db | Tx,
    staff: AuthenticatedStaff,
    request: SupportRequest,
    action: AuditAction,
    reason: string,
    details?: Record<string, string | number | boolean | null>,
  ) {
    return recordAudit(tx, clock, {
      staffId: staff.staffId,
      action,
      reason,
      requestId: request.id,
      accountId: request.accountId,
      ...(details ? { details } : {}),
    });
  }

  async function detail(id: string): Promise<SupportRequestDetail> {
    const request = await load(id);
    const entries = await db.auditEntry.findMany({
      where: { requestId: id },
      include: auditInclude,
      orderBy: { seq: "asc" },
    });
    const lastSms = entries.filter((entry) => entry.action === "sms_code_sent").at(-1);
    return {
      ...summaryView(request),
      locale: request.locale,
      loginEmail: request.loginEmail,
      newEmail: request.newEmail,
      phone: request.phone,
      details: request.details,
      phoneVerifiedAt: request.phoneVerifiedAt?.toISOString() ?? null,
      smsSentAt: lastSms?.at.toISOString() ?? null,
      resolution: request.resolution,
      account: request.account ? staffAccountView(request.account) : null,
      audit: await auditViews(db, entries),
    };
  }

  return {
    detail,

    async queue(status: "open" | "closed") {
      const rows = await db.supportRequest.findMany({
        where: { status: { in: status === "open" ? OPEN : ["resolved", "rejected"] } },
        // Open: oldest first (the queue's order of work); closed: most recently closed first.
        orderBy: status === "open" ? [{ createdAt: "asc" }, { id: "asc" }] : [{ closedAt: "desc" }, { id: "desc" }],
        take: QUEUE_LIMIT,
      });
      return { now: clock.now().toISOString(), requests: rows.map(summaryView) };
    },

    /** By login email (or part of it) or phone; looking at customers' data is itself audited. */
    async search(staff: AuthenticatedStaff, query: { q: string; requestId: string }) {
      const request = await load(query.requestId);
      const digits = query.q.replace(/\D/g, "");
      const phoneLike = /^[+\d\s()-]+$/.test(query.q) && digits.length >= 6;
      const accounts = await db.account.findMany({
        where: phoneLike
          ? { phone: { contains: digits } }
          : { email: { contains: likeLiteral(query.q.toLowerCase()), mode: "insensitive" } },
        orderBy: { email: "asc" },
        take: SEARCH_LIMIT,
      });
      await audit(db, staff, request, "account_search", `Looking for the customer's account of ${request.reference}.`, {
        query: query.q,
        results: accounts.length,
      });
      return { accounts: accounts.map(staffAccountView) };
    },

    /** The account the request is about; a new link discards an SMS confirmation made for another account. */
    async linkAccount(staff: AuthenticatedStaff, id: string, accountId: string) {
      const request = await actionable(id);
      const account = await db.account.findUnique({ where: { id: accountId } });
      if (!account) throw new AppError(ErrorCode.SUPPORT_ACCOUNT_NOT_FOUND, "There is no such customer account.");
      await db.$transaction(async (tx) => {
        const moved = await tx.supportRequest.updateMany({
          where: { id, status: "open", accountId: request.accountId },
          data: {
            accountId,
            updatedAt: clock.now(),
            ...(request.accountId !== accountId ? { phoneVerifiedAt: null } : {}),
          },
        });
        if (moved.count !== 1) throw closed();
        await audit(tx, staff, { ...request, accountId }, "account_linked", `Matched ${account.email} to ${request.reference}.`, {
          previousAccountId: request.accountId,
          // What staff read (an id means nothing to them): the account's login email then.
          previousAccountEmail: request.account?.email ?? null,
        });
      });
      return detail(id);
    },

    /** A code to the phone on file (never to a number the requester typed), under the SMS limits of SPEC §1. */
    async sendSmsCode(staff: AuthenticatedStaff, id: string) {
      const request = await actionable(id);
      const account = linked(request);
      // The SMS is in the customer's language, like every message about their account.
      await smsCodes.send({
        accountId: account.id,
        purpose: "support_verification",
        phone: account.phone,
        locale: account.locale,
        // Staff are signed in, audited and few: their identity checks count against the
        // customer's and the number's budgets, not an address's (an office shares one).
        ip: null,
      });
      // After the send: a refused send (too soon, hourly limit) is not recorded as sent.
      await audit(db, staff, request, "sms_code_sent", `Identity check for ${request.reference}: SMS code to the phone on file.`, {
        phone: account.phone,
      });
      return detail(id);
    },

    /** Staff type the code the customer read back; a wrong one is counted (5 per code) and audited. */
    async confirmPhone(staff: AuthenticatedStaff, id: string, code: string) {
      const request = await actionable(id);
      const account = linked(request);
      try {
        await smsCodes.verify({ accountId: account.id, purpose: "support_verification", code }, async (tx, { target, now }) => {
          // The code proves the number it went to; the account's phone must still be that number.
          if (target !== account.phone)
            throw new AppError(ErrorCode.SUPPORT_PHONE_CHANGED, "The phone on file changed since the code was sent.");
          const moved = await tx.supportRequest.updateMany({
            where: { id, status: "open", accountId: account.id },
            data: { phoneVerifiedAt: now, updatedAt: now },
          });
          if (moved.count !== 1) throw closed();
          await audit(tx, staff, request, "phone_confirmed", `The customer read back the SMS code sent to ${target}.`);
        });
      } catch (error) {
        if (error instanceof AppError && error.code !== ErrorCode.SUPPORT_REQUEST_CLOSED) {
          await audit(db, staff, request, "phone_confirmation_failed", `The code given was not accepted: ${error.code}.`);
        }
        throw error;
      }
      return detail(id);
    },

    async disableOtp(
      staff: AuthenticatedStaff,
      id: string,
      input: { reason: string; identityVerifiedBy: "sms_code" | "other_means" },
      context: ClientContext,
    ) {
      const request = await actionable(id, "otp_disable");
      const account = linked(request);
      if (input.identityVerifiedBy === "sms_code") requirePhoneConfirmed(request);
      else requireRole(staff, "admin");
      if (!(await twoFactorOn(db, account))) {
        throw new AppError(ErrorCode.OTP_NOT_ENABLED, "Two-factor authentication is already off on this account.");
      }
      await sessions.changeAccount(account.id, async (tx) => {
        const now = clock.now();
        // The same writer as the lost-device flow's (otp/state.ts).
        await disableOtpOnRecovery(tx, clock, { accountId: account.id, by: "support", ip: context.ip, userAgent: context.userAgent });
        await transition(tx, request, ["open"], { status: "resolved", resolution: "otp_disabled" });
        await outbox.notice(tx, {
          account,
          message: supportMessages.support_otp_disabled_notice,
          at: now,
          data: { reference: request.reference },
        });
        if (request.contactEmail !== account.email) {
          await outbox.email(tx, {
            to: request.contactEmail,
            locale: request.locale,
            message: supportMessages.support_otp_disabled_outcome,
            data: { reference: request.reference },
          });
        }
        await audit(tx, staff, request, "otp_disabled", input.reason, { identityVerifiedBy: input.identityVerifiedBy });
      });
      return detail(id);
    },

    /**
     * Ends every session of the linked account (ASVS 7.4.5, ADR 019), e.g. when the
     * customer reports a sign-in that was not theirs. The request stays open. Identity as
     * for disabling OTP: the SMS code read back, or an admin on other evidence.
     */
    async endSessions(staff: AuthenticatedStaff, id: string, input: { reason: string; identityVerifiedBy: "sms_code" | "other_means" }) {
      const request = await actionable(id);
      const account = linked(request);
      if (input.identityVerifiedBy === "sms_code") requirePhoneConfirmed(request);
      else requireRole(staff, "admin");
      await sessions.changeAccount(account.id, async (tx) => {
        const now = clock.now();
        const { sessions: ended } = await endEverything(tx, account.id, { reason: "ended_by_staff", now });
        await outbox.notice(tx, {
          account,
          message: supportMessages.staff_sessions_ended,
          at: now,
          data: { reference: request.reference },
        });
        await audit(tx, staff, request, "sessions_ended", input.reason, { ended, identityVerifiedBy: input.identityVerifiedBy });
      });
      return detail(id);
    },

    /** The masked login email (SPEC §6) to the contact address — never the whole address, not even to staff's reply. */
    async sendHint(staff: AuthenticatedStaff, id: string, input: { reason: string }) {
      const request = await actionable(id, "email_hint");
      const account = linked(request);
      const hint = maskEmailHint(account.email);
      await db.$transaction(async (tx) => {
        await transition(tx, request, ["open"], { status: "resolved", resolution: "hint_sent" });
        await outbox.email(tx, {
          to: request.contactEmail,
          locale: request.locale,
          message: supportMessages.support_email_hint,
          data: { reference: request.reference, hint },
        });
        await audit(tx, staff, request, "email_hint_sent", input.reason, { hint });
      });
      return detail(id);
    },

    /** The new address gets a link first; the change happens when it is opened (flows/support/service.ts). */
    async startEmailChange(staff: AuthenticatedStaff, id: string, input: { reason: string }) {
      const request = await actionable(id, "email_change");
      const account = linked(request);
      requirePhoneConfirmed(request);
      const newEmail = request.newEmail;
      if (!newEmail) throw new AppError(ErrorCode.SUPPORT_RESOLUTION_NOT_REQUESTED, "The request names no new address.");
      const holder = await db.account.findUnique({ where: { email: newEmail }, select: { id: true } });
      if (holder) throw new AppError(ErrorCode.SUPPORT_EMAIL_TAKEN, "Another account already signs in with the new address.");
      await db.$transaction(async (tx) => {
        await transition(tx, request, ["open"], { status: "awaiting_email_verification" });
        const locale = request.locale;
        await emailChangeLink.send(
          tx,
          { clock, outbox, publicUrl },
          { accountId: account.id, to: { email: newEmail, locale } },
          { reference: request.reference, hours: SUPPORT_EMAIL_CHANGE_LINK_TTL_HOURS },
        );
        if (request.contactEmail !== newEmail) {
          await outbox.email(tx, {
            to: request.contactEmail,
            locale,
            message: supportMessages.support_email_change_started,
            data: { reference: request.reference },
          });
        }
        await audit(tx, staff, request, "email_change_started", input.reason, { from: account.email, to: newEmail });
      });
      return detail(id);
    },

    /** Closes the request; the reason goes to the customer. A pending email-change link stops working. */
    async reject(staff: AuthenticatedStaff, id: string, input: { reason: string }) {
      const request = await load(id);
      if (!OPEN.includes(request.status)) throw closed();
      await db.$transaction(async (tx) => {
        await transition(tx, request, [request.status], { status: "rejected", resolution: "rejected" });
        if (request.status === "awaiting_email_verification" && request.accountId) {
          await voidVerifications(tx, request.accountId, clock.now(), { purposes: ["support_email_change"] });
        }
        await outbox.email(tx, {
          to: request.contactEmail,
          locale: request.locale,
          message: supportMessages.support_request_rejected,
          data: { reference: request.reference, reason: input.reason },
        });
        await audit(tx, staff, request, "request_rejected", input.reason);
      });
      return detail(id);
    },
  };
}

export type SupportConsole = ReturnType<typeof createSupportConsole>;

/**
 * Prisma's `contains` becomes `LIKE '%…%'` without escaping the pattern, so a `%` or `_`
 * typed by staff would match any text. Escaped with PostgreSQL's default escape
 * character, they match themselves only.
 */
export function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
