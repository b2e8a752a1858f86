/**
 * Link tokens (email verification, OTP recovery, password reset, sign-in confirmation,
 * log-out-all): 256 random bits, stored only as SHA-256, single-use, consumed in one
 * atomic statement. Issuing a new token for the same account and purpose voids the
 * earlier ones, unless the purpose allows several live links (log-out-all: one per
 * notification email).
 *
 * A link can be bound to the browser that asked for it (password reset): the hash of a
 * random binding cookie is stored with the token, and the link works only where that
 * cookie is sent.
 */
import type { Locale } from "@portier/shared/common";
import { ErrorCode } from "@portier/shared/errors";
import type { Db, Tx } from "../db/client.ts";
import type { Clock } from "../lib/clock.ts";
import { randomToken, safeEqual, sha256 } from "../lib/crypto.ts";
import { AppError } from "../lib/errors.ts";
import type { EmailMessage } from "../outbox/messages.ts";
import type { Outbox } from "../outbox/outbox.ts";
import { voidVerifications } from "./void.ts";

/** What an emailed single-use link is for (the flows declare which they send, ADR 033). */
export const LINK_PURPOSES = [
  "email_verification",
  "otp_recovery_link",
  "password_reset",
  "login_confirmation",
  "logout_all",
  "support_email_change",
  "account_email_change",
] as const;
export type LinkPurpose = (typeof LINK_PURPOSES)[number];

/** Purposes where every emailed link stays valid on its own until it expires or is used. */
const SEVERAL_LIVE: ReadonlySet<LinkPurpose> = new Set(["logout_all"]);

export async function issueLinkToken(
  tx: Tx,
  clock: Clock,
  input: { accountId: string; purpose: LinkPurpose; target: string; ttlMs: number; binding?: string },
): Promise<string> {
  const now = clock.now();
  if (!SEVERAL_LIVE.has(input.purpose)) {
    await voidVerifications(tx, input.accountId, now, { purposes: [input.purpose] });
  }
  const token = randomToken();
  await tx.verification.create({
    data: {
      accountId: input.accountId,
      purpose: input.purpose,
      target: input.target,
      secretHash: sha256(token),
      bindingHash: input.binding === undefined ? null : sha256(input.binding),
      createdAt: now,
      expiresAt: new Date(now.getTime() + input.ttlMs),
    },
  });
  return token;
}

/**
 * The live verification behind a link token, without spending it (a page that shows
 * what the link will do). Each way a link can fail has its own code.
 */
export async function peekLinkToken(tx: Tx | Db, clock: Clock, purpose: LinkPurpose, token: string, binding?: string) {
  const now = clock.now();
  const row = await tx.verification.findUnique({ where: { secretHash: sha256(token) } });
  if (!row || row.purpose !== purpose) {
    throw new AppError(ErrorCode.TOKEN_INVALID, "This link is not valid. Request a new one.");
  }
  if (row.consumedAt) throw new AppError(ErrorCode.TOKEN_USED, "This link has already been used.");
  if (row.voidedAt) {
    throw new AppError(
      ErrorCode.TOKEN_VOIDED,
      "This link no longer works: a newer one was sent, or the account changed since. Use the latest email, or ask for a new link.",
    );
  }
  if (row.expiresAt <= now) throw new AppError(ErrorCode.TOKEN_EXPIRED, "This link has expired. Request a new one.");
  if (row.bindingHash !== null && (binding === undefined || !safeEqual(sha256(binding), row.bindingHash))) {
    throw new AppError(
      ErrorCode.RESET_LINK_OTHER_DEVICE,
      "This link works only in the browser where it was requested. Open it there, or request a new one in this browser.",
    );
  }
  return row;
}

/**
 * Consumes a link token inside the caller's transaction, so the token is spent if and
 * only if the change it authorises commits.
 */
export async function consumeLinkToken(tx: Tx, clock: Clock, purpose: LinkPurpose, token: string, binding?: string) {
  const now = clock.now();
  const row = await peekLinkToken(tx, clock, purpose, token, binding);
  // The conditions repeat the checks above in the UPDATE itself: of two concurrent
  // requests with the same token, exactly one matches the row.
  const spent = await tx.verification.updateMany({
    where: { id: row.id, consumedAt: null, voidedAt: null, expiresAt: { gt: now } },
    data: { consumedAt: now },
  });
  if (spent.count !== 1) throw new AppError(ErrorCode.TOKEN_USED, "This link has already been used.");
  return row;
}

/**
 * A kind of emailed link: its purpose, how long it lives, the SPA page that opens it and
 * the message that carries it (`link` in the message's params). `send` issues a token
 * (voiding the earlier ones, as issueLinkToken does) and emails its link to `to`, the
 * address the link then proves (its target). The token rides in the URL's fragment: it
 * never reaches a server log or a Referer.
 */
export function emailedLink<P extends { link: string }>(purpose: LinkPurpose, ttlMs: number, page: string, message: EmailMessage<P>) {
  return {
    async send(
      tx: Tx,
      { clock, outbox, publicUrl }: { clock: Clock; outbox: Outbox; publicUrl: string },
      link: { accountId: string; to: { email: string; locale: Locale }; binding?: string },
      data: Omit<NoInfer<P>, "link">,
    ): Promise<void> {
      const token = await issueLinkToken(tx, clock, {
        accountId: link.accountId,
        purpose,
        target: link.to.email,
        ttlMs,
        ...(link.binding === undefined ? {} : { binding: link.binding }),
      });
      const params = { ...data, link: `${publicUrl}${page}#token=${token}` } as P;
      await outbox.email(tx, { to: link.to.email, locale: link.to.locale, message, data: params });
    },
  };
}
