/**
 * The outbox (SPEC §8): a message is a row written in the same transaction as the
 * change that causes it, so none is lost and none is sent for a rolled-back change.
 * The dispatcher (dispatcher.ts) delivers it later, with retries and backoff.
 */
import type { Locale } from "@portier/shared/common";
import type { Tx } from "../db/client.ts";
import type { Clock } from "../lib/clock.ts";
import { type EmailMessage, formatWhen, renderEmail, renderSms, type SmsMessage } from "./messages.ts";

/** A notice's params other than `when`; none to give when `when` is all it takes. */
type NoticeData<P> = [Exclude<keyof P, "when">] extends [never] ? { data?: undefined } : { data: Omit<P, "when"> };

/** `message` is a flow's message (its messages.ts); `data` what that message takes, checked when compiled. */
export interface Outbox {
  email<P>(tx: Tx, message: { to: string; locale: Locale; message: EmailMessage<P>; data: NoInfer<P> }): Promise<void>;
  sms<P>(tx: Tx, message: { to: string; locale: Locale; message: SmsMessage<P>; data: NoInfer<P> }): Promise<void>;
  /**
   * A notice to an account's login email, in its language, of a change made `at` that
   * moment: the message's `when` is the moment as the customer reads it (formatWhen).
   */
  notice<P extends { when: string }>(
    tx: Tx,
    notice: { account: { email: string; locale: Locale }; message: EmailMessage<P>; at: Date } & NoticeData<NoInfer<P>>,
  ): Promise<void>;
}

export function createOutbox({ clock }: { clock: Clock }): Outbox {
  const outbox: Outbox = {
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
    notice(tx, { account, message, at, data }) {
      const params = { ...data, when: formatWhen(at, account.locale) } as Parameters<typeof message.texts.en>[0];
      return outbox.email(tx, { to: account.email, locale: account.locale, message, data: params });
    },
  };
  return outbox;
}
