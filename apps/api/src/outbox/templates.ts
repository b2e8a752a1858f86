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
  login_notification: {
    when: string;
    ip: string;
    country: string;
    browser: string;
    method: string;
    logoutAllLink: string;
    logoutAllDays: number;
    /** Set when the account requires sign-ins to be confirmed by link. */
    confirmLink: string | null;
    confirmMinutes: number;
  };
  password_reset_link: { link: string; minutes: number };
  password_reset_no_account: { forgotLink: string };
  password_changed_by_reset: { when: string };
  support_request_received: { reference: string; type: "otp_disable" | "email_hint" | "email_change" };
  support_otp_disabled_notice: { reference: string; when: string };
  support_otp_disabled_outcome: { reference: string };
  support_email_hint: { reference: string; hint: string };
  support_email_change_link: { reference: string; link: string; hours: number };
  support_email_change_started: { reference: string };
  support_email_changed_old: { reference: string; when: string; newEmail: string };
  support_email_changed_new: { reference: string; when: string };
  support_request_rejected: { reference: string; reason: string };
  staff_sessions_ended: { reference: string; when: string };
  support_verification_code: { code: string; minutes: number };
  shared_login_linked: { provider: string; when: string };
  shared_login_unlinked: { provider: string; when: string };
  password_changed: { when: string; otherSessionsEnded: boolean };
  phone_change_code: { code: string; minutes: number };
  phone_changed: { when: string; oldPhone: string; newPhone: string };
  email_change_link: { link: string; hours: number };
  email_change_taken: { resetLink: string };
  email_change_requested: { newEmail: string; hours: number };
  email_changed: { when: string; newEmail: string };
}
export type TemplateName = keyof Templates;
/** The text messages (SMS); every other template is an email. Each name is listed once, in `Templates`. */
export type SmsTemplate = "phone_verification_code" | "otp_recovery_code" | "support_verification_code" | "phone_change_code";
export type EmailTemplate = Exclude<TemplateName, SmsTemplate>;
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

/**
 * A sign-in notification (SPEC §4): what happened, the sign-in's details, the
 * confirmation button when the account asks for one, and the log-out-all link.
 */
function loginNotice(
  subject: string,
  intro: string,
  details: string[],
  confirm: { label: string; href: string | null },
  logoutAll: { text: string; href: string },
): RenderedEmail {
  const text = [
    intro,
    details.join("\n"),
    ...(confirm.href ? [`${confirm.label}: ${confirm.href}`] : []),
    `${logoutAll.text}\n${logoutAll.href}`,
  ].join("\n\n");
  // The details as short paragraphs, the confirmation as the button; the log-out-all link
  // closes the message, in both versions.
  const body = page([intro, ...details], confirm.href ? { href: confirm.href, label: confirm.label } : undefined);
  const footer = paragraph({ text: logoutAll.text, href: logoutAll.href });
  return { subject, text, html: body.replace("\n</body>", `\n${footer}\n</body>`) };
}

const NOT_YOU_EN = "If this was not you, change your password at once and contact support.";
const NOT_YOU_CS = "Pokud jste to nebyli vy, ihned si změňte heslo a kontaktujte podporu.";

type EmailRenderers = { [T in EmailTemplate]: Record<Locale, (d: Templates[T]) => RenderedEmail> };

const emails: EmailRenderers = {
  login_notification: {
    en: (d) => {
      const details = [`Time: ${d.when}`, `IP address: ${d.ip}`, `Country: ${d.country}`, `Browser: ${d.browser}`, `Method: ${d.method}`];
      const logoutAll = `If it was not you, log out all sessions at once with this link (valid ${d.logoutAllDays} days), which signs you out of the services you signed in to with Portier too, and change your password:`;
      return loginNotice(
        d.confirmLink ? "Confirm the sign-in to your Portier account" : "New sign-in to your Portier account",
        d.confirmLink
          ? `Someone (hopefully you) entered your password to sign in. The sign-in finishes only when you confirm it: if it was you, open the confirmation link within ${d.confirmMinutes} minutes, on any device.`
          : "Someone (hopefully you) signed in to your Portier account. If it was you, there is nothing to do.",
        details,
        { label: "Confirm the sign-in", href: d.confirmLink },
        { text: logoutAll, href: d.logoutAllLink },
      );
    },
    cs: (d) => {
      const details = [`Čas: ${d.when}`, `IP adresa: ${d.ip}`, `Země: ${d.country}`, `Prohlížeč: ${d.browser}`, `Způsob: ${d.method}`];
      const logoutAll = `Pokud jste to nebyli vy, odhlaste tímto odkazem (platí ${d.logoutAllDays} dní) všechna přihlášení najednou, i ve službách, do kterých jste se přihlásili přes Portier, a změňte si heslo:`;
      return loginNotice(
        d.confirmLink ? "Potvrďte přihlášení k účtu Portier" : "Nové přihlášení k účtu Portier",
        d.confirmLink
          ? `Někdo (snad vy) zadal vaše heslo a přihlašuje se. Přihlášení se dokončí, až ho potvrdíte: pokud jste to byli vy, otevřete do ${d.confirmMinutes} minut potvrzovací odkaz, na libovolném zařízení.`
          : "Někdo (snad vy) se přihlásil k vašemu účtu Portier. Pokud jste to byli vy, nemusíte nic dělat.",
        details,
        { label: "Potvrdit přihlášení", href: d.confirmLink },
        { text: logoutAll, href: d.logoutAllLink },
      );
    },
  },
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
  password_reset_link: {
    en: (d) =>
      notice(
        "Reset your password",
        [
          `Someone (hopefully you) asked to reset the password of your Portier account. Open this link within ${d.minutes} minutes to choose a new password.`,
          "For your security, the link works only in the browser where the reset was requested: open it there, on the same device.",
          "If this was not you, ignore this email: your password stays as it is.",
        ],
        { href: d.link, label: "Choose a new password" },
      ),
    cs: (d) =>
      notice(
        "Obnovení hesla",
        [
          `Někdo (snad vy) požádal o obnovení hesla k vašemu účtu Portier. Otevřete tento odkaz do ${d.minutes} minut a zvolte si nové heslo.`,
          "Z bezpečnostních důvodů odkaz funguje jen v prohlížeči, ve kterém jste o obnovení požádali: otevřete ho tam, na stejném zařízení.",
          "Pokud jste to nebyli vy, tento e-mail ignorujte: vaše heslo zůstává beze změny.",
        ],
        { href: d.link, label: "Zvolit nové heslo" },
      ),
  },
  password_reset_no_account: {
    en: (d) =>
      notice(
        "Password reset requested",
        [
          "Someone (perhaps you) asked to reset the password of a Portier account with this email address, but no account uses this address to sign in.",
          "If you have an account, you may have registered with another email address: request the reset with that one. If you do not know which address it was, customer support can send you a hint.",
          "If this was not you, ignore this email.",
        ],
        { href: d.forgotLink, label: "Try another email address" },
      ),
    cs: (d) =>
      notice(
        "Žádost o obnovení hesla",
        [
          "Někdo (možná vy) požádal o obnovení hesla k účtu Portier s touto e-mailovou adresou, ale žádný účet se touto adresou nepřihlašuje.",
          "Pokud účet máte, možná jste se registrovali s jinou e-mailovou adresou: požádejte o obnovení s ní. Pokud nevíte, která to byla, zákaznická podpora vám pošle nápovědu.",
          "Pokud jste to nebyli vy, tento e-mail ignorujte.",
        ],
        { href: d.forgotLink, label: "Zkusit jinou e-mailovou adresu" },
      ),
  },
  password_changed_by_reset: {
    en: (d) =>
      notice("Your password was changed", [
        `The password of your Portier account was changed at ${d.when} with a password-reset link sent to this address. Every sign-in to your account was logged out, including every service you signed in to with Portier.`,
        "If this was not you, someone can read your email: secure your mailbox, then reset your password again and contact support at once.",
      ]),
    cs: (d) =>
      notice("Vaše heslo bylo změněno", [
        `Heslo k vašemu účtu Portier bylo ${d.when} změněno odkazem pro obnovení hesla zaslaným na tuto adresu. Všechna přihlášení k vašemu účtu byla odhlášena, i ve všech službách, do kterých jste se přihlásili přes Portier.`,
        "Pokud jste to nebyli vy, někdo čte váš e-mail: zabezpečte svou schránku, znovu si obnovte heslo a ihned kontaktujte podporu.",
      ]),
  },
  ...supportEmails(),
  // ASVS 7.4.5 (ADR 019): support ended every session of the account.
  staff_sessions_ended: {
    en: (d) =>
      notice("Support logged out every sign-in to your account", [
        `At ${d.when}, on support request ${d.reference}, the authorization department logged out every sign-in to your Portier account, in every browser and app and in every service you signed in to with Portier. Sign in again to continue.`,
        "If you suspect someone else knows your password, change it after signing in, and switch on two-factor authentication (OTP) in Account Security.",
      ]),
    cs: (d) =>
      notice("Podpora odhlásila všechna přihlášení k vašemu účtu", [
        `Autorizační oddělení ${d.when} na základě požadavku ${d.reference} odhlásilo všechna přihlášení k vašemu účtu Portier ve všech prohlížečích a aplikacích i ve všech službách, do kterých jste se přihlásili přes Portier. Pro pokračování se znovu přihlaste.`,
        "Pokud máte podezření, že vaše heslo zná někdo další, po přihlášení si ho změňte a v Zabezpečení účtu si zapněte dvoufázové ověření (OTP).",
      ]),
  },
  ...accountSettingsEmails(),
  shared_login_linked: {
    en: (d) =>
      notice("Shared login was linked to your account", [
        `${d.provider} was linked to your Portier account at ${d.when}: you can now sign in with it. You can see and unlink it in Account → Shared Login.`,
        NOT_YOU_EN,
      ]),
    cs: (d) =>
      notice("K vašemu účtu bylo propojeno sdílené přihlášení", [
        `K vašemu účtu Portier bylo ${d.when} propojeno ${d.provider}: nyní se jím můžete přihlašovat. Zobrazit a odpojit ho můžete v Účet → Sdílené přihlášení.`,
        NOT_YOU_CS,
      ]),
  },
  shared_login_unlinked: {
    en: (d) =>
      notice("Shared login was unlinked from your account", [
        `${d.provider} was unlinked from your Portier account at ${d.when}: it no longer signs you in.`,
        NOT_YOU_EN,
      ]),
    cs: (d) =>
      notice("Sdílené přihlášení bylo od vašeho účtu odpojeno", [
        `Od vašeho účtu Portier bylo ${d.when} odpojeno ${d.provider}: už vás nepřihlásí.`,
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
  support_verification_code: {
    en: (d) =>
      `Portier support code: ${d.code}. Valid ${d.minutes} minutes. Give it only to answer your own support request; we never call customers.`,
    cs: (d) =>
      `Kód podpory Portier: ${d.code}. Platí ${d.minutes} minut. Sdělte ho jen v odpovědi na svůj vlastní požadavek; zákazníkům nikdy nevoláme.`,
  },
  phone_change_code: {
    en: (d) => `Portier code to make this number the phone of your account: ${d.code}. Valid ${d.minutes} minutes. Never share it.`,
    cs: (d) =>
      `Kód Portier pro nastavení tohoto čísla jako telefonu vašeho účtu: ${d.code}. Platí ${d.minutes} minut. Nikomu ho nesdělujte.`,
  },
  phone_verification_code: {
    en: (d) => `Portier code: ${d.code}. Valid ${d.minutes} minutes. Never share it.`,
    cs: (d) => `Kód Portier: ${d.code}. Platí ${d.minutes} minut. Nikomu ho nesdělujte.`,
  },
};

/** Every email and every text message by name (the flows declare which they send, ADR 033). */
export const EMAIL_TEMPLATES = Object.keys(emails) as EmailTemplate[];
export const SMS_TEMPLATES = Object.keys(sms) as SmsTemplate[];

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

/** Support requests and their outcomes (SPEC §9): to the contact address, the login email, the new address. */
function supportEmails(): Pick<
  EmailRenderers,
  | "support_request_received"
  | "support_otp_disabled_notice"
  | "support_otp_disabled_outcome"
  | "support_email_hint"
  | "support_email_change_link"
  | "support_email_change_started"
  | "support_email_changed_old"
  | "support_email_changed_new"
  | "support_request_rejected"
> {
  const whatEn = {
    otp_disable: "disable two-factor authentication (OTP)",
    email_hint: "a hint of your login email",
    email_change: "change your login email",
  };
  const whatCs = {
    otp_disable: "vypnutí dvoufázového ověření (OTP)",
    email_hint: "nápověda přihlašovacího e-mailu",
    email_change: "změna přihlašovacího e-mailu",
  };
  return {
    support_request_received: {
      en: (d) =>
        notice(`Your support request ${d.reference}`, [
          `We have received your request to the authorization department: ${whatEn[d.type]}. Its reference number is ${d.reference}; quote it whenever you write to us. We usually reply within 1 working day.`,
          "We never ask for your password or a code from your authenticator app, and we never call you: we may send an SMS code to the phone on your account, to confirm that the request is yours.",
          "If you did not send this request, ignore this email.",
        ]),
      cs: (d) =>
        notice(`Váš požadavek na podporu ${d.reference}`, [
          `Autorizační oddělení přijalo váš požadavek: ${whatCs[d.type]}. Jeho číslo je ${d.reference}; uvádějte ho, kdykoli nám píšete. Obvykle odpovídáme do 1 pracovního dne.`,
          "Nikdy po vás nechceme heslo ani kód z aplikace pro ověřování a nikdy vám nevoláme: pro potvrzení, že požadavek je váš, můžeme poslat kód SMS na telefon uvedený u účtu.",
          "Pokud jste tento požadavek neposlali, tento e-mail ignorujte.",
        ]),
    },
    support_otp_disabled_notice: {
      en: (d) =>
        notice("Two-factor authentication was disabled by support", [
          `At ${d.when}, the authorization department disabled two-factor authentication (OTP) on your account, on support request ${d.reference}. Sign in with your password; you can set OTP up again in Account Security.`,
          NOT_YOU_EN,
        ]),
      cs: (d) =>
        notice("Podpora vypnula dvoufázové ověření", [
          `Autorizační oddělení ${d.when} na základě požadavku ${d.reference} vypnulo dvoufázové ověření (OTP) vašeho účtu. Přihlaste se heslem; OTP si můžete znovu nastavit v Zabezpečení účtu.`,
          NOT_YOU_CS,
        ]),
    },
    support_otp_disabled_outcome: {
      en: (d) =>
        notice(`Your request ${d.reference}: two-factor authentication is off`, [
          "We have disabled two-factor authentication (OTP) on your account, as you asked. Sign in with your password, then set OTP up again with your new device in Account Security.",
        ]),
      cs: (d) =>
        notice(`Váš požadavek ${d.reference}: dvoufázové ověření je vypnuté`, [
          "Podle vašeho požadavku jsme vypnuli dvoufázové ověření (OTP) vašeho účtu. Přihlaste se heslem a v Zabezpečení účtu si OTP znovu nastavte s novým zařízením.",
        ]),
    },
    support_email_hint: {
      en: (d) =>
        notice(`Your request ${d.reference}: a hint of your login email`, [
          `The account you described signs in with this email address: ${d.hint}`,
          "For your security we send only a hint, never the whole address. With the address, you can reset your password on the sign-in page.",
        ]),
      cs: (d) =>
        notice(`Váš požadavek ${d.reference}: nápověda přihlašovacího e-mailu`, [
          `Účet, který jste popsali, se přihlašuje touto e-mailovou adresou: ${d.hint}`,
          "Z bezpečnostních důvodů posíláme jen nápovědu, nikdy celou adresu. S adresou si můžete na přihlašovací stránce obnovit heslo.",
        ]),
    },
    support_email_change_link: {
      en: (d) =>
        notice(
          "Confirm your new login email",
          [
            `On your support request ${d.reference}, this address is to become the login email of your Portier account. Open this link within ${d.hours} hours to confirm that you can read it.`,
            "Once you confirm, every sign-in to the account is logged out, and you sign in with this address. If you did not ask for this, ignore this email: nothing changes.",
          ],
          { href: d.link, label: "Confirm the new login email" },
        ),
      cs: (d) =>
        notice(
          "Potvrďte nový přihlašovací e-mail",
          [
            `Na základě vašeho požadavku ${d.reference} se tato adresa má stát přihlašovacím e-mailem vašeho účtu Portier. Otevřete tento odkaz do ${d.hours} hodin a potvrďte, že ji můžete číst.`,
            "Po potvrzení budou všechna přihlášení k účtu odhlášena a přihlašovat se budete touto adresou. Pokud jste o nic nežádali, tento e-mail ignorujte: nic se nezmění.",
          ],
          { href: d.link, label: "Potvrdit nový přihlašovací e-mail" },
        ),
    },
    support_email_change_started: {
      en: (d) =>
        notice(`Your request ${d.reference}: confirm the new address`, [
          "We have sent a confirmation link to the new login email you gave us. The change takes effect when you open that link.",
        ]),
      cs: (d) =>
        notice(`Váš požadavek ${d.reference}: potvrďte novou adresu`, [
          "Na nový přihlašovací e-mail, který jste uvedli, jsme poslali potvrzovací odkaz. Změna začne platit, až ho otevřete.",
        ]),
    },
    support_email_changed_old: {
      en: (d) =>
        notice("Your login email was changed", [
          `At ${d.when}, on support request ${d.reference}, the login email of your Portier account was changed from this address to ${d.newEmail}. Every sign-in to the account was logged out, including every service signed in to with Portier.`,
          "If this was not you, contact support at once.",
        ]),
      cs: (d) =>
        notice("Váš přihlašovací e-mail byl změněn", [
          `Na základě požadavku ${d.reference} byl ${d.when} přihlašovací e-mail vašeho účtu Portier změněn z této adresy na ${d.newEmail}. Všechna přihlášení k účtu byla odhlášena, i ve službách, do kterých se přes Portier přihlašovalo.`,
          "Pokud jste to nebyli vy, ihned kontaktujte podporu.",
        ]),
    },
    support_email_changed_new: {
      en: (d) =>
        notice("This is now your login email", [
          `At ${d.when}, on support request ${d.reference}, this address became the login email of your Portier account. Every earlier sign-in was logged out, in the services you signed in to with Portier too: sign in with this address.`,
        ]),
      cs: (d) =>
        notice("Toto je nyní váš přihlašovací e-mail", [
          `Na základě požadavku ${d.reference} se ${d.when} tato adresa stala přihlašovacím e-mailem vašeho účtu Portier. Všechna dřívější přihlášení byla odhlášena, i ve službách, do kterých jste se přihlásili přes Portier: přihlaste se touto adresou.`,
        ]),
    },
    support_request_rejected: {
      en: (d) =>
        notice(`Your request ${d.reference} was closed`, [
          "The authorization department could not carry out your request. The reason:",
          d.reason,
          "You can send a new request with more details at any time.",
        ]),
      cs: (d) =>
        notice(`Váš požadavek ${d.reference} byl uzavřen`, [
          "Autorizační oddělení nemohlo váš požadavek vyřídit. Důvod:",
          d.reason,
          "Kdykoli můžete poslat nový požadavek s podrobnějšími údaji.",
        ]),
    },
  };
}

/** Basic settings (SPEC §1): the password, the phone and the login email changed by the customer. */
function accountSettingsEmails(): Pick<
  EmailRenderers,
  "password_changed" | "phone_changed" | "email_change_link" | "email_change_taken" | "email_change_requested" | "email_changed"
> {
  return {
    password_changed: {
      en: (d) =>
        notice("Your password was changed", [
          `The password of your Portier account was changed in Basic settings at ${d.when}. ${
            d.otherSessionsEnded
              ? "Every other sign-in to your account was logged out, and so was every service you signed in to with Portier."
              : "Your other sign-ins stay signed in; you can log them out in Account Security."
          }`,
          "If this was not you, reset your password at once with “Forgot your password?” on the sign-in page, and contact support.",
        ]),
      cs: (d) =>
        notice("Vaše heslo bylo změněno", [
          `Heslo k vašemu účtu Portier bylo ${d.when} změněno v Základním nastavení. ${
            d.otherSessionsEnded
              ? "Všechna ostatní přihlášení k vašemu účtu byla odhlášena, i ve všech službách, do kterých jste se přihlásili přes Portier."
              : "Ostatní přihlášení zůstávají přihlášená; odhlásit je můžete v Zabezpečení účtu."
          }`,
          "Pokud jste to nebyli vy, ihned si obnovte heslo přes „Zapomenuté heslo?“ na přihlašovací stránce a kontaktujte podporu.",
        ]),
    },
    phone_changed: {
      en: (d) =>
        notice("Your phone number was changed", [
          `At ${d.when}, the phone number of your Portier account was changed from ${d.oldPhone} to ${d.newPhone}, confirmed by an SMS code sent to the new number. SMS codes now go there.`,
          NOT_YOU_EN,
        ]),
      cs: (d) =>
        notice("Vaše telefonní číslo bylo změněno", [
          `Telefonní číslo vašeho účtu Portier bylo ${d.when} změněno z ${d.oldPhone} na ${d.newPhone}, potvrzeno kódem z SMS zaslané na nové číslo. Kódy SMS nyní chodí tam.`,
          NOT_YOU_CS,
        ]),
    },
    email_change_link: {
      en: (d) =>
        notice(
          "Confirm your new login email",
          [
            `Someone signed in to a Portier account asked for this address to become its login email. Open this link within ${d.hours} hours to confirm that you can read it; the change takes effect then.`,
            "If you did not ask for this, ignore this email: nothing changes.",
          ],
          { href: d.link, label: "Confirm the new login email" },
        ),
      cs: (d) =>
        notice(
          "Potvrďte nový přihlašovací e-mail",
          [
            `Někdo přihlášený k účtu Portier požádal, aby se tato adresa stala jeho přihlašovacím e-mailem. Otevřete tento odkaz do ${d.hours} hodin a potvrďte, že ji můžete číst; změna pak začne platit.`,
            "Pokud jste o nic nežádali, tento e-mail ignorujte: nic se nezmění.",
          ],
          { href: d.link, label: "Potvrdit nový přihlašovací e-mail" },
        ),
    },
    email_change_taken: {
      en: (d) =>
        notice(
          "Someone tried to use your email address",
          [
            "Someone signed in to another Portier account asked for this address to become its login email. This address already signs in to an account, so nothing was changed.",
            "If it was you, sign in with this address instead. If it was not you, no action is needed; your account is unchanged.",
          ],
          { href: d.resetLink, label: "Forgot your password?" },
        ),
      cs: (d) =>
        notice(
          "Někdo se pokusil použít vaši e-mailovou adresu",
          [
            "Někdo přihlášený k jinému účtu Portier požádal, aby se tato adresa stala jeho přihlašovacím e-mailem. Tato adresa už k účtu přihlašuje, takže se nic nezměnilo.",
            "Pokud jste to byli vy, přihlaste se raději touto adresou. Pokud ne, nemusíte nic dělat; váš účet se nezměnil.",
          ],
          { href: d.resetLink, label: "Zapomenuté heslo?" },
        ),
    },
    email_change_requested: {
      en: (d) =>
        notice("A change of your login email was requested", [
          `Someone signed in to your Portier account with your password asked to change its login email to ${d.newEmail}. We sent a confirmation link there, valid ${d.hours} hours; until it is opened, you keep signing in with this address.`,
          "If this was not you, change your password at once in Basic settings (that also cancels the pending change) and contact support.",
        ]),
      cs: (d) =>
        notice("Byla požádána změna vašeho přihlašovacího e-mailu", [
          `Někdo přihlášený k vašemu účtu Portier vaším heslem požádal o změnu přihlašovacího e-mailu na ${d.newEmail}. Poslali jsme tam potvrzovací odkaz platný ${d.hours} hodin; dokud ho nikdo neotevře, přihlašujete se dál touto adresou.`,
          "Pokud jste to nebyli vy, ihned si v Základním nastavení změňte heslo (tím se čekající změna zruší) a kontaktujte podporu.",
        ]),
    },
    email_changed: {
      en: (d) =>
        notice("Your login email was changed", [
          `At ${d.when}, the login email of your Portier account was changed from this address to ${d.newEmail}, confirmed with a link sent to the new address. Messages about your account now go there.`,
          "If this was not you, contact support at once.",
        ]),
      cs: (d) =>
        notice("Váš přihlašovací e-mail byl změněn", [
          `Přihlašovací e-mail vašeho účtu Portier byl ${d.when} změněn z této adresy na ${d.newEmail}, potvrzeno odkazem zaslaným na novou adresu. Zprávy o vašem účtu nyní chodí tam.`,
          "Pokud jste to nebyli vy, ihned kontaktujte podporu.",
        ]),
    },
  };
}
