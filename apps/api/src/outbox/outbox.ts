/**
 * The outbox (SPEC §8): a message is a row written in the same transaction as the
 * change that causes it, so none is lost and none is sent for a rolled-back change.
 * The dispatcher (dispatcher.ts) delivers it later, with retries and backoff.
 */
import type { Locale } from "@portier/shared/common";
import type { Tx } from "../db/client.ts";
import type { Clock } from "../lib/clock.ts";
import { type EmailMessage, renderEmail, renderSms, type SmsMessage } from "./messages.ts";

/** `message` is a flow's message (its messages.ts); `data` what that message takes, checked when compiled. */
export interface Outbox {
  email<P>(tx: Tx, message: { to: string; locale: Locale; message: EmailMessage<P>; data: NoInfer<P> }): Promise<void>;
  sms<P>(tx: Tx, message: { to: string; locale: Locale; message: SmsMessage<P>; data: NoInfer<P> }): Promise<void>;
}

export function createOutbox({ clock }: { clock: Clock }): Outbox {
  return {
    async email(tx, { to, locale, message, data }) {
      const rendered = renderEmail(message, locale, data);
      const now = clock.now();
      await tx.outboxMessage.create({
        data: { channel: "email", recipient: to, template: message.name, ...rendered, nextAttemptAt: now, createdAt: now },
      });
    },
    async sms(tx, { to, locale, message, data }) {
      const text = renderSms(message, locale, data);
      const now = clock.now();
      await tx.outboxMessage.create({
        data: { channel: "sms", recipient: to, template: message.name, text, nextAttemptAt: now, createdAt: now },
      });
    },
  };
}
