import { defineMessages, email, page } from "../../outbox/messages.ts";

/** The emails and text messages the signup flow sends, in English and Czech (ADR 033). */
export const signupMessages = defineMessages({
  signup_verify_email: email<{ link: string; hours: number }>({
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
  }),
  signup_already_registered: email<{ signInLink: string; resetLink: string }>({
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
  }),
});
