/**
 * Delivery adapters for the outbox dispatcher (SPEC §8): email over SMTP with
 * nodemailer, SMS through a provider webhook, and the dev mailbox, which delivers
 * nothing because the outbox row itself is what the dev mailbox page shows.
 *
 * A transport resolves when the message was handed over and rejects otherwise; the
 * dispatcher turns a rejection into a retry with backoff. Error messages must never
 * carry the message body (it holds links and codes) or configured credentials,
 * because the dispatcher stores them in `outbox_message.last_error`.
 */
import nodemailer from "nodemailer";
import SMTPTransport from "nodemailer/lib/smtp-transport/index.js";
import type { Config } from "../config.ts";

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  /** Absent for plain-text-only messages. */
  html?: string | undefined;
}

export interface SmsMessage {
  to: string;
  text: string;
}

export interface EmailTransport {
  send(msg: EmailMessage): Promise<void>;
  /** Releases sockets; called on shutdown. */
  close?(): void | Promise<void>;
}

export interface SmsTransport {
  send(msg: SmsMessage): Promise<void>;
  close?(): void | Promise<void>;
}

export interface Transports {
  email: EmailTransport;
  sms: SmsTransport;
}

/**
 * A failure that retrying cannot fix (e.g. a malformed recipient). The dispatcher
 * marks the message 'failed' at once instead of spending the remaining attempts.
 */
export class PermanentDeliveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PermanentDeliveryError";
  }
}

/**
 * One bare addr-spec and nothing else. nodemailer reads `to` as an address *list*, so
 * a recipient such as "victim@example.com, attacker@example.net" would send one
 * account's link to two mailboxes; the signup schema already rejects that, and this
 * check keeps it true for every future caller of the outbox too.
 */
const SINGLE_ADDRESS = /^[^\s@,;:<>"'()[\]\\]+@[^\s@,;:<>"'()[\]\\]+$/;

/**
 * nodemailer's defaults wait up to 2 minutes to connect and 10 minutes on an idle
 * socket. A claimed message stays locked only for the dispatcher's lockMs (5 minutes
 * by default), so one send must finish well within it or a second instance could
 * claim and send the same message.
 */
const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000, dnsTimeout: 10_000 };

/**
 * SMTP through nodemailer. `url` is e.g. `smtp://user:pass@mail.example.com:587` or
 * `smtps://...:465`; options in its query string (e.g. `?requireTLS=true`) are honoured.
 * No connection pool: messages are infrequent, and a fresh connection per message
 * recovers by itself after the server restarts.
 */
export function createSmtpTransport({ url, from }: { url: string; from: string }): EmailTransport {
  const transporter = nodemailer.createTransport(new SMTPTransport({ ...SMTP_TIMEOUTS, url }));
  return {
    async send({ to, subject, text, html }) {
      if (!SINGLE_ADDRESS.test(to)) throw new PermanentDeliveryError("recipient is not a single email address");
      await transporter.sendMail({ from, to, subject, text, ...(html ? { html } : {}) });
    },
    close() {
      transporter.close();
    },
  };
}

/**
 * The dev mailbox: delivery is a no-op, so the row is marked 'sent' and the dev
 * mailbox page lists it (with its content, because redaction is off in that mode).
 */
export const devMailboxTransport: EmailTransport & SmsTransport = {
  async send() {},
};

/** SMS providers differ too much to bundle; a webhook lets the operator bridge to any of them. */
const WEBHOOK_TIMEOUT_MS = 10_000;

/**
 * POSTs `{"to": "+420...", "text": "..."}` as JSON. Any answer other than 2xx is a
 * failure (retried by the dispatcher). The response body is never read into the
 * error: a provider may echo the request, and the request holds the code.
 */
export function createWebhookSmsTransport({ url, timeoutMs = WEBHOOK_TIMEOUT_MS }: { url: string; timeoutMs?: number }): SmsTransport {
  return {
    async send({ to, text }) {
      let response: Response;
      try {
        response = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ to, text }),
          signal: AbortSignal.timeout(timeoutMs),
          // A redirect could forward the code to wherever the provider points; refuse it.
          redirect: "error",
        });
      } catch (err) {
        // fetch's TypeError says only "fetch failed"; the useful part is the cause's code.
        // The URL is left out on purpose: webhook URLs often carry an API token.
        const cause = (err as { cause?: { code?: unknown } }).cause;
        const code = typeof cause?.code === "string" ? ` (${cause.code})` : "";
        const reason = err instanceof Error && err.name === "TimeoutError" ? `timed out after ${timeoutMs} ms` : `request failed${code}`;
        throw new Error(`SMS webhook ${reason}`);
      }
      // Release the connection without looking at the body (see above).
      await response.body?.cancel().catch(() => {});
      if (!response.ok) throw new Error(`SMS webhook answered HTTP ${response.status}`);
    },
  };
}

/** Picks the transports the configuration asks for (config.ts has already validated the combination). */
export function createTransports(config: {
  mail: Config["mail"];
  sms: Pick<Config["sms"], "provider" | "webhookUrl">;
  devMailbox: boolean;
}): Transports {
  // With both SMTP_URL and DEV_MAILBOX set, mail really goes out (e.g. to a local
  // Mailpit) and the dev mailbox shows it as well.
  const email = config.mail.smtpUrl
    ? createSmtpTransport({ url: config.mail.smtpUrl, from: config.mail.from })
    : config.devMailbox
      ? devMailboxTransport
      : unconfigured("SMTP_URL");
  const sms =
    config.sms.provider === "webhook"
      ? config.sms.webhookUrl
        ? createWebhookSmsTransport({ url: config.sms.webhookUrl })
        : unconfigured("SMS_WEBHOOK_URL")
      : config.devMailbox
        ? devMailboxTransport
        : unconfigured("SMS_PROVIDER");
  return { email, sms };
}

/** Reached only if config validation is bypassed; failing loudly beats marking messages 'sent'. */
function unconfigured(variable: string): EmailTransport & SmsTransport {
  return {
    async send() {
      throw new Error(`cannot deliver: ${variable} is not configured`);
    },
  };
}
