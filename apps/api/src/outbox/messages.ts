/**
 * What a message is (SPEC §8: plain text and HTML, in the account's language), and the
 * pieces the flows write theirs with. Each flow declares its messages in its own
 * `messages.ts` with `defineMessages` (ADR 033): the key is the message's name (stored
 * with the outbox row), `email<Params>` / `sms<Params>` its texts in every language.
 * The outbox is handed the message itself, so its name and its params are checked when
 * compiled; flows/index.ts builds the registry of every message from the list of flows.
 */
import type { Locale } from "@portier/shared/common";

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/** One text per language: the type refuses a message without English or Czech. */
export type Texts<P, R> = Readonly<Record<Locale, (params: P) => R>>;

export interface EmailSpec<P> {
  readonly channel: "email";
  readonly texts: Texts<P, RenderedEmail>;
}
export interface SmsSpec<P> {
  readonly channel: "sms";
  readonly texts: Texts<P, string>;
}
/** A message as the outbox takes it: its texts and its name. */
export type EmailMessage<P> = EmailSpec<P> & { readonly name: string };
export type SmsMessage<P> = SmsSpec<P> & { readonly name: string };
/** Any message, whatever its params (for the registry). */
export type AnyMessage = EmailMessage<never> | SmsMessage<never>;
export type MessageSpecs = Readonly<Record<string, EmailSpec<never> | SmsSpec<never>>>;

/** An email, in every language; `P` is what the sender must give it. */
export const email = <P>(texts: Texts<P, RenderedEmail>): EmailSpec<P> => ({ channel: "email", texts });
/** A text message, in every language. */
export const sms = <P>(texts: Texts<P, string>): SmsSpec<P> => ({ channel: "sms", texts });

/** A flow's messages as `defineMessages` returns them: each one also carries its name. */
export type Named<M extends MessageSpecs> = { readonly [K in keyof M & string]: M[K] & { readonly name: K } };

/** A flow's messages, each named by its key: the one place a message's name is written. */
export function defineMessages<const M extends MessageSpecs>(specs: M): Named<M> {
  const named: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(specs)) named[name] = { ...spec, name };
  return named as Named<M>;
}

export function renderEmail<P>(message: EmailMessage<P>, locale: Locale, params: NoInfer<P>): RenderedEmail {
  return message.texts[locale](params);
}

export function renderSms<P>(message: SmsMessage<P>, locale: Locale, params: NoInfer<P>): string {
  return message.texts[locale](params);
}

// Made once per language: building an Intl.DateTimeFormat costs hundreds of microseconds
// (measured: 150–470 µs), formatting with one made before a few (every notification).
const WHEN_FORMATS: Record<Locale, Intl.DateTimeFormat> = {
  en: new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeStyle: "short", timeZone: "UTC" }),
  cs: new Intl.DateTimeFormat("cs-CZ", { dateStyle: "long", timeStyle: "short", timeZone: "UTC" }),
};

/** A moment as the customer reads it in a message: their language, UTC spelled out. */
export function formatWhen(date: Date, locale: Locale): string {
  return `${WHEN_FORMATS[locale].format(date)} UTC`;
}

export const NOT_YOU_EN = "If this was not you, change your password at once and contact support.";
export const NOT_YOU_CS = "Pokud jste to nebyli vy, ihned si změňte heslo a kontaktujte podporu.";

const escapeHtml = (s: string) => s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");

/** A paragraph of text, or one ending in a link (label, then the URL as the link text so it can be checked before clicking). */
export type Paragraph = string | { text: string; href: string };

export function paragraph(p: Paragraph): string {
  if (typeof p === "string") return `<p>${escapeHtml(p)}</p>`;
  return `<p>${escapeHtml(p.text)} <a href="${escapeHtml(p.href)}">${escapeHtml(p.href)}</a></p>`;
}

export function page(paragraphs: Paragraph[], action?: { href: string; label: string }): string {
  const body = paragraphs.map(paragraph).join("\n");
  const button = action
    ? `<p><a href="${escapeHtml(action.href)}" style="display:inline-block;padding:10px 18px;background:#0b5cad;color:#fff;text-decoration:none;border-radius:4px">${escapeHtml(action.label)}</a></p>\n<p style="font-size:12px;color:#555">${escapeHtml(action.href)}</p>`
    : "";
  return `<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">\n${body}\n${button}\n</body></html>`;
}

/** A short notice: the same paragraphs as plain text and HTML, optionally with one action. */
export function notice(subject: string, paragraphs: string[], action?: { href: string; label: string }): RenderedEmail {
  const text = [...paragraphs, ...(action ? [`${action.label}: ${action.href}`] : [])].join("\n\n");
  return { subject, text, html: page(paragraphs, action) };
}
