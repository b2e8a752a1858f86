import { defineMessages, email, notice } from "../../outbox/messages.ts";

/** The emails and text messages the password-reset flow sends, in English and Czech (ADR 033). */
export const passwordResetMessages = defineMessages({
  password_reset_link: email<{ link: string; minutes: number }>({
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
  }),
  password_reset_no_account: email<{ forgotLink: string }>({
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
  }),
  password_changed_by_reset: email<{ when: string }>({
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
  }),
});
