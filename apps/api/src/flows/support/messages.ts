import { defineMessages, email, NOT_YOU_CS, NOT_YOU_EN, notice } from "../../outbox/messages.ts";
import { smsCode } from "../../verification/sms-codes.ts";

/** What a support request asks for, as the customer reads it. */
const WHAT_EN = {
  otp_disable: "disable two-factor authentication (OTP)",
  email_hint: "a hint of your login email",
  email_change: "change your login email",
};
const WHAT_CS = {
  otp_disable: "vypnutí dvoufázového ověření (OTP)",
  email_hint: "nápověda přihlašovacího e-mailu",
  email_change: "změna přihlašovacího e-mailu",
};

/** The emails and text messages the support flow sends, in English and Czech (ADR 033). */
export const supportMessages = defineMessages({
  support_request_received: email<{ reference: string; type: "otp_disable" | "email_hint" | "email_change" }>({
    en: (d) =>
      notice(`Your support request ${d.reference}`, [
        `We have received your request to the authorization department: ${WHAT_EN[d.type]}. Its reference number is ${d.reference}; quote it whenever you write to us. We usually reply within 1 working day.`,
        "We never ask for your password or a code from your authenticator app, and we never call you: we may send an SMS code to the phone on your account, to confirm that the request is yours.",
        "If you did not send this request, ignore this email.",
      ]),
    cs: (d) =>
      notice(`Váš požadavek na podporu ${d.reference}`, [
        `Autorizační oddělení přijalo váš požadavek: ${WHAT_CS[d.type]}. Jeho číslo je ${d.reference}; uvádějte ho, kdykoli nám píšete. Obvykle odpovídáme do 1 pracovního dne.`,
        "Nikdy po vás nechceme heslo ani kód z aplikace pro ověřování a nikdy vám nevoláme: pro potvrzení, že požadavek je váš, můžeme poslat kód SMS na telefon uvedený u účtu.",
        "Pokud jste tento požadavek neposlali, tento e-mail ignorujte.",
      ]),
  }),
  support_otp_disabled_notice: email<{ reference: string; when: string }>({
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
  }),
  support_otp_disabled_outcome: email<{ reference: string }>({
    en: (d) =>
      notice(`Your request ${d.reference}: two-factor authentication is off`, [
        "We have disabled two-factor authentication (OTP) on your account, as you asked. Sign in with your password, then set OTP up again with your new device in Account Security.",
      ]),
    cs: (d) =>
      notice(`Váš požadavek ${d.reference}: dvoufázové ověření je vypnuté`, [
        "Podle vašeho požadavku jsme vypnuli dvoufázové ověření (OTP) vašeho účtu. Přihlaste se heslem a v Zabezpečení účtu si OTP znovu nastavte s novým zařízením.",
      ]),
  }),
  support_email_hint: email<{ reference: string; hint: string }>({
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
  }),
  support_email_change_link: email<{ reference: string; link: string; hours: number }>({
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
  }),
  support_email_change_started: email<{ reference: string }>({
    en: (d) =>
      notice(`Your request ${d.reference}: confirm the new address`, [
        "We have sent a confirmation link to the new login email you gave us. The change takes effect when you open that link.",
      ]),
    cs: (d) =>
      notice(`Váš požadavek ${d.reference}: potvrďte novou adresu`, [
        "Na nový přihlašovací e-mail, který jste uvedli, jsme poslali potvrzovací odkaz. Změna začne platit, až ho otevřete.",
      ]),
  }),
  support_email_changed_old: email<{ reference: string; when: string; newEmail: string }>({
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
  }),
  support_email_changed_new: email<{ reference: string; when: string }>({
    en: (d) =>
      notice("This is now your login email", [
        `At ${d.when}, on support request ${d.reference}, this address became the login email of your Portier account. Every earlier sign-in was logged out, in the services you signed in to with Portier too: sign in with this address.`,
      ]),
    cs: (d) =>
      notice("Toto je nyní váš přihlašovací e-mail", [
        `Na základě požadavku ${d.reference} se ${d.when} tato adresa stala přihlašovacím e-mailem vašeho účtu Portier. Všechna dřívější přihlášení byla odhlášena, i ve službách, do kterých jste se přihlásili přes Portier: přihlaste se touto adresou.`,
      ]),
  }),
  support_request_rejected: email<{ reference: string; reason: string }>({
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
  }),
  // ASVS 7.4.5 (ADR 019): support ended every session of the account.
  staff_sessions_ended: email<{ reference: string; when: string }>({
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
  }),
  support_verification_code: smsCode("support_verification", {
    en: (d) =>
      `Portier support code: ${d.code}. Valid ${d.minutes} minutes. Give it only to answer your own support request; we never call customers.`,
    cs: (d) =>
      `Kód podpory Portier: ${d.code}. Platí ${d.minutes} minut. Sdělte ho jen v odpovědi na svůj vlastní požadavek; zákazníkům nikdy nevoláme.`,
  }),
});
