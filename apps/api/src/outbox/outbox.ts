/**
 * The outbox (SPEC §8): a message is a row written in the same transaction as the
 * change that causes it, so none is lost and none is sent for a rolled-back change.
 * The dispatcher (dispatcher.ts) delivers it later, with retries and backoff.
 */
import type { Locale } from "@portier/shared/common";
import type { Tx } from "../db/client.ts";
import type { Clock } from "../lib/clock.ts";
import { type EmailTemplate, renderEmail, renderSms, type SmsTemplate, type TemplateData } from "./templates.ts";

export interface Outbox {
  email<T extends EmailTemplate>(tx: Tx, message: { to: string; locale: Locale; template: T; data: TemplateData<T> }): Promise<void>;
  sms<T extends SmsTemplate>(tx: Tx, message: { to: string; locale: Locale; template: T; data: TemplateData<T> }): Promise<void>;
}

export function createOutbox({ clock }: { clock: Clock }): Outbox {
  return {
    async email(tx, { to, locale, template, data }) {
      const rendered = renderEmail(template, locale, data);
      const now = clock.now();
      await tx.outboxMessage.create({
        data: { channel: "email", recipient: to, template, ...rendered, nextAttemptAt: now, createdAt: now },
      });
    },
    async sms(tx, { to, locale, template, data }) {
      const text = renderSms(template, locale, data);
      const now = clock.now();
      await tx.outboxMessage.create({
        data: { channel: "sms", recipient: to, template, text, nextAttemptAt: now, createdAt: now },
      });
    },
  };
}
