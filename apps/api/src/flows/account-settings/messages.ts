import { defineMessages, email, NOT_YOU_CS, NOT_YOU_EN, notice } from "../../outbox/messages.ts";
import { smsCode } from "../../verification/sms-codes.ts";

/** The emails and text messages the account-settings flow sends, in English and Czech (ADR 033). */
export const accountSettingsMessages = defineMessages({
  password_changed: email<{ when: string; otherSessionsEnded: boolean }>({
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
  }),
  phone_changed: email<{ when: string; oldPhone: string; newPhone: string }>({
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
  }),
  email_change_link: email<{ link: string; hours: number }>({
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
  }),
  email_change_taken: email<{ resetLink: string }>({
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
  }),
  email_change_requested: email<{ newEmail: string; hours: number }>({
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
  }),
  email_changed: email<{ when: string; newEmail: string }>({
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
  }),
  phone_change_code: smsCode("phone_change", {
    en: (d) => `Portier code to make this number the phone of your account: ${d.code}. Valid ${d.minutes} minutes. Never share it.`,
    cs: (d) =>
      `Kód Portier pro nastavení tohoto čísla jako telefonu vašeho účtu: ${d.code}. Platí ${d.minutes} minut. Nikomu ho nesdělujte.`,
  }),
});
