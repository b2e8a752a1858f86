/**
 * Message texts, English and Czech (SPEC §8: plain text and HTML, in the account's
 * language). Rendered when enqueued; the outbox stores the finished message.
 */
import type { Locale } from "@portier/shared/common";

interface Templates {
  signup_verify_email: { link: string; hours: number };
  signup_already_registered: { signInLink: string; resetLink: string };
  phone_verification_code: { code: string; minutes: number };
  otp_recovery_code: { code: string; minutes: number };
  otp_activated: { when: string };
  otp_deactivated: { when: string };
  otp_key_displayed: { when: string };
  otp_recovery_link: { link: string; minutes: number };
  otp_disabled_by_recovery: { when: string };
}
export type TemplateName = keyof Templates;
export type EmailTemplate =
  | "signup_verify_email"
  | "signup_already_registered"
  | "otp_activated"
  | "otp_deactivated"
  | "otp_key_displayed"
  | "otp_recovery_link"
  | "otp_disabled_by_recovery";
export type SmsTemplate = "phone_verification_code" | "otp_recovery_code";
export type TemplateData<T extends TemplateName> = Templates[T];

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (s: string) => s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");

/** A paragraph of text, or one ending in a link (label, then the URL as the link text so it can be checked before clicking). */
type Paragraph = string | { text: string; href: string };

function paragraph(p: Paragraph): string {
  if (typeof p === "string") return `<p>${escapeHtml(p)}</p>`;
  return `<p>${escapeHtml(p.text)} <a href="${escapeHtml(p.href)}">${escapeHtml(p.href)}</a></p>`;
}

function page(paragraphs: Paragraph[], action?: { href: string; label: string }): string {
  const body = paragraphs.map(paragraph).join("\n");
  const button = action
    ? `<p><a href="${escapeHtml(action.href)}" style="display:inline-block;padding:10px 18px;background:#0b5cad;color:#fff;text-decoration:none;border-radius:4px">${escapeHtml(action.label)}</a></p>\n<p style="font-size:12px;color:#555">${escapeHtml(action.href)}</p>`
    : "";
  return `<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">\n${body}\n${button}\n</body></html>`;
}

/** A short notice: the same paragraphs as plain text and HTML, optionally with one action. */
function notice(subject: string, paragraphs: string[], action?: { href: string; label: string }): RenderedEmail {
  const text = [...paragraphs, ...(action ? [`${action.label}: ${action.href}`] : [])].join("\n\n");
  return { subject, text, html: page(paragraphs, action) };
}

const NOT_YOU_EN = "If this was not you, change your password at once and contact support.";
const NOT_YOU_CS = "Pokud jste to nebyli vy, ihned si změňte heslo a kontaktujte podporu.";

type EmailRenderers = { [T in EmailTemplate]: Record<Locale, (d: Templates[T]) => RenderedEmail> };

const emails: EmailRenderers = {
  otp_activated: {
    en: (d) =>
      notice("Two-factor authentication is on", [
        `Two-factor authentication (OTP) was activated on your account at ${d.when}.`,
        NOT_YOU_EN,
      ]),
    cs: (d) => notice("Dvoufázové ověření je zapnuté", [`Na vašem účtu bylo ${d.when} zapnuto dvoufázové ověření (OTP).`, NOT_YOU_CS]),
  },
  otp_deactivated: {
    en: (d) =>
      notice("Two-factor authentication is off", [
        `Two-factor authentication (OTP) was disabled on your account at ${d.when}.`,
        NOT_YOU_EN,
      ]),
    cs: (d) => notice("Dvoufázové ověření je vypnuté", [`Na vašem účtu bylo ${d.when} vypnuto dvoufázové ověření (OTP).`, NOT_YOU_CS]),
  },
  otp_key_displayed: {
    en: (d) =>
      notice("Your OTP key was displayed", [
        `The shared key of your two-factor authentication was displayed at ${d.when}, to add another device.`,
        NOT_YOU_EN,
      ]),
    cs: (d) =>
      notice("Váš klíč OTP byl zobrazen", [
        `Sdílený klíč vašeho dvoufázového ověření byl ${d.when} zobrazen pro přidání dalšího zařízení.`,
        NOT_YOU_CS,
      ]),
  },
  otp_recovery_link: {
    en: (d) =>
      notice(
        "Lost OTP device: disable two-factor authentication",
        [
          `Someone (hopefully you) signed in with your password and said the OTP device is lost. Open this link within ${d.minutes} minutes to disable two-factor authentication with an SMS code sent to your phone.`,
          "If this was not you, ignore this email and change your password: your password is known to someone else.",
        ],
        { href: d.link, label: "Disable two-factor authentication" },
      ),
    cs: (d) =>
      notice(
        "Ztracené zařízení OTP: vypnutí dvoufázového ověření",
        [
          `Někdo (snad vy) se přihlásil vaším heslem a uvedl, že ztratil zařízení OTP. Otevřete tento odkaz do ${d.minutes} minut a vypněte dvoufázové ověření kódem z SMS zaslané na váš telefon.`,
          "Pokud jste to nebyli vy, tento e-mail ignorujte a změňte si heslo: vaše heslo zná někdo další.",
        ],
        { href: d.link, label: "Vypnout dvoufázové ověření" },
      ),
  },
  otp_disabled_by_recovery: {
    en: (d) =>
      notice("Two-factor authentication was disabled (lost device)", [
        `Two-factor authentication (OTP) was disabled at ${d.when} through the lost-device procedure (email link and SMS code). You can set it up again in Account Security.`,
        NOT_YOU_EN,
      ]),
    cs: (d) =>
      notice("Dvoufázové ověření bylo vypnuto (ztracené zařízení)", [
        `Dvoufázové ověření (OTP) bylo ${d.when} vypnuto postupem pro ztracené zařízení (odkaz v e-mailu a kód z SMS). Znovu ho můžete nastavit v Zabezpečení účtu.`,
        NOT_YOU_CS,
      ]),
  },
  signup_verify_email: {
    en: (d) => ({
      subject: "Confirm your email address",
      text: `Welcome to Portier.\n\nConfirm your email address by opening this link within ${d.hours} hours:\n${d.link}\n\nIf you did not create an account, ignore this email.`,
      html: page(
        [
          "Welcome to Portier.",
          `Confirm your email address within ${d.hours} hours.`,
          "If you did not create an account, ignore this email.",
        ],
        { href: d.link, label: "Confirm email address" },
      ),
    }),
    cs: (d) => ({
      subject: "Potvrďte svou e-mailovou adresu",
      text: `Vítejte v Portieru.\n\nPotvrďte svou e-mailovou adresu otevřením tohoto odkazu do ${d.hours} hodin:\n${d.link}\n\nPokud jste si účet nezakládali, tento e-mail ignorujte.`,
      html: page(
        [
          "Vítejte v Portieru.",
          `Potvrďte svou e-mailovou adresu do ${d.hours} hodin.`,
          "Pokud jste si účet nezakládali, tento e-mail ignorujte.",
        ],
        { href: d.link, label: "Potvrdit e-mail" },
      ),
    }),
  },
  signup_already_registered: {
    en: (d) => ({
      subject: "Someone tried to register your email address",
      text: `Someone (perhaps you) tried to create a Portier account with this email address, which already has an account.\n\nSign in: ${d.signInLink}\nForgot your password? ${d.resetLink}\n\nIf it was not you, no action is needed; your account is unchanged.`,
      html: page([
        "Someone (perhaps you) tried to create a Portier account with this email address, which already has an account.",
        { text: "Sign in:", href: d.signInLink },
        { text: "Forgot your password?", href: d.resetLink },
        "If it was not you, no action is needed; your account is unchanged.",
      ]),
    }),
    cs: (d) => ({
      subject: "Někdo se pokusil zaregistrovat vaši e-mailovou adresu",
      text: `Někdo (možná vy) se pokusil založit účet Portier s touto e-mailovou adresou, která už účet má.\n\nPřihlásit se: ${d.signInLink}\nZapomenuté heslo? ${d.resetLink}\n\nPokud jste to nebyli vy, nemusíte nic dělat; váš účet se nezměnil.`,
      html: page([
        "Někdo (možná vy) se pokusil založit účet Portier s touto e-mailovou adresou, která už účet má.",
        { text: "Přihlásit se:", href: d.signInLink },
        { text: "Zapomenuté heslo?", href: d.resetLink },
        "Pokud jste to nebyli vy, nemusíte nic dělat; váš účet se nezměnil.",
      ]),
    }),
  },
};

type SmsRenderers = { [T in SmsTemplate]: Record<Locale, (d: Templates[T]) => string> };

const sms: SmsRenderers = {
  otp_recovery_code: {
    en: (d) => `Portier code to DISABLE two-factor authentication: ${d.code}. Valid ${d.minutes} minutes. Never share it.`,
    cs: (d) => `Kód Portier pro VYPNUTÍ dvoufázového ověření: ${d.code}. Platí ${d.minutes} minut. Nikomu ho nesdělujte.`,
  },
  phone_verification_code: {
    en: (d) => `Portier code: ${d.code}. Valid ${d.minutes} minutes. Never share it.`,
    cs: (d) => `Kód Portier: ${d.code}. Platí ${d.minutes} minut. Nikomu ho nesdělujte.`,
  },
};

export function renderEmail<T extends EmailTemplate>(template: T, locale: Locale, data: Templates[T]): RenderedEmail {
  return emails[template][locale](data);
}

export function renderSms<T extends SmsTemplate>(template: T, locale: Locale, data: Templates[T]): string {
  return sms[template][locale](data);
}

/** A moment as the customer reads it in a message: their language, UTC spelled out. */
export function formatWhen(date: Date, locale: Locale): string {
  const text = new Intl.DateTimeFormat(locale === "cs" ? "cs-CZ" : "en-GB", {
    dateStyle: "long",
    timeStyle: "short",
    timeZone: "UTC",
  }).format(date);
  return `${text} UTC`;
}
