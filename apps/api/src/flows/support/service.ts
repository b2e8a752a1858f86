/**
 * Support requests, the customer's side (SPEC §9): the public form, and the link that
 * confirms a new login email set by support.
 *
 * The form never looks an account up: a request is stored as typed, the answer is its
 * reference (also emailed to the contact address), and staff match an account later.
 * So the answer, its timing and the email cannot tell whether an account matched.
 */
import { ErrorCode } from "@portier/shared/errors";
import type { SupportRequestCreate } from "@portier/shared/support";
import type { z } from "zod";
import { type Db, isUniqueViolation, type Tx } from "../../db/client.ts";
import type { Clock } from "../../lib/clock.ts";
import { AppError } from "../../lib/errors.ts";
import { maskEmailHint } from "../../lib/mask-email.ts";
import { formatWhen } from "../../outbox/messages.ts";
import type { Outbox } from "../../outbox/outbox.ts";
import { endEverything } from "../../sessions/end-everything.ts";
import type { SessionService } from "../../sessions/service.ts";
import { consumeLinkToken, peekLinkToken } from "../../verification/links.ts";
import { voidVerifications } from "../../verification/void.ts";
import { supportMessages } from "./messages.ts";
import { newReference } from "./reference.ts";

export interface SupportDeps {
  db: Db;
  clock: Clock;
  outbox: Outbox;
  sessions: SessionService;
  verifyCaptcha(solution: string, ip: string): Promise<boolean>;
}

type NewRequest = z.output<typeof SupportRequestCreate>;

/** A fresh reference colliding with a stored one is a 1-in-10^12 event; a few tries are plenty. */
const REFERENCE_TRIES = 3;

function linkUnusable() {
  return new AppError(ErrorCode.SUPPORT_LINK_REQUEST_CLOSED, "This link is no longer valid: the request it belongs to was closed.");
}

export function createSupportService({ db, clock, outbox, sessions, verifyCaptcha }: SupportDeps) {
  /** The request a live email-change link belongs to. */
  async function requestOfLink(tx: Db | Tx, verification: { accountId: string; target: string }) {
    const request = await tx.supportRequest.findFirst({
      where: { accountId: verification.accountId, status: "awaiting_email_verification", newEmail: verification.target },
    });
    if (!request) throw linkUnusable();
    return request;
  }

  return {
    async create(input: NewRequest, ip: string): Promise<{ reference: string }> {
      if (!(await verifyCaptcha(input.captcha, ip))) {
        throw new AppError(ErrorCode.CAPTCHA_INVALID, "The CAPTCHA was not solved or was already used. Try again.", {
          errors: [{ field: "captcha", code: ErrorCode.CAPTCHA_INVALID, message: "Solve the CAPTCHA again." }],
        });
      }
      for (let attempt = 1; ; attempt++) {
        const reference = newReference();
        try {
          await db.$transaction(async (tx) => {
            const now = clock.now();
            await tx.supportRequest.create({
              data: {
                reference,
                type: input.type,
                contactEmail: input.contactEmail,
                locale: input.locale,
                loginEmail: "loginEmail" in input ? input.loginEmail : null,
                newEmail: input.type === "email_change" ? input.newEmail : null,
                phone: input.phone ?? null,
                details: input.details ?? "",
                ip,
                createdAt: now,
                updatedAt: now,
              },
            });
            await outbox.email(tx, {
              to: input.contactEmail,
              locale: input.locale,
              message: supportMessages.support_request_received,
              data: { reference, type: input.type },
            });
          });
          return { reference };
        } catch (error) {
          const collision = isUniqueViolation(error);
          if (!collision || attempt >= REFERENCE_TRIES) throw error;
        }
      }
    },

    /** What the email-change link will do (the page shows it before the customer confirms). */
    async inspectEmailChange(token: string) {
      const verification = await peekLinkToken(db, clock, "support_email_change", token);
      const request = await requestOfLink(db, verification);
      return { email: verification.target, reference: request.reference, expiresAt: verification.expiresAt.toISOString() };
    },

    /**
     * The new address is proven: it becomes the login email. Every session ends, sign-ins
     * in progress and links sent to the old address stop working, and both addresses are told.
     */
    async confirmEmailChange(token: string) {
      const outcome = await sessions
        .changeAccount(async (tx) => {
          const verification = await consumeLinkToken(tx, clock, "support_email_change", token);
          const request = await requestOfLink(tx, verification);
          const account = await tx.account.findUniqueOrThrow({ where: { id: verification.accountId } });
          const now = clock.now();
          const newEmail = verification.target;
          await tx.account.update({ where: { id: account.id }, data: { email: newEmail, emailVerifiedAt: now, updatedAt: now } });
          await endEverything(tx, account.id, { reason: "login_email_changed_by_support", now });
          // Links mailed to the old address (a password reset, say) must not outlive it.
          await voidVerifications(tx, account.id, now);
          const closed = await tx.supportRequest.updateMany({
            where: { id: request.id, status: "awaiting_email_verification" },
            data: { status: "resolved", resolution: "email_changed", closedAt: now, updatedAt: now },
          });
          if (closed.count !== 1) throw linkUnusable();
          const locale = account.locale;
          const when = formatWhen(now, locale);
          await outbox.email(tx, {
            to: account.email,
            locale,
            message: supportMessages.support_email_changed_old,
            data: { reference: request.reference, when, newEmail: maskEmailHint(newEmail) },
          });
          await outbox.email(tx, {
            to: newEmail,
            locale,
            message: supportMessages.support_email_changed_new,
            data: { reference: request.reference, when },
          });
          return { accountId: account.id, email: newEmail };
        })
        .catch((error: unknown) => {
          // Another account took the address after staff checked it.
          if (isUniqueViolation(error)) {
            throw new AppError(ErrorCode.SUPPORT_EMAIL_TAKEN, "Another account already signs in with this address. Contact support.");
          }
          throw error;
        });
      return { status: "email_changed" as const, email: outcome.email };
    },
  };
}

export type SupportService = ReturnType<typeof createSupportService>;
