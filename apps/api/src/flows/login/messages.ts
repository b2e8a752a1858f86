import { defineMessages, email, notice } from "../../outbox/messages.ts";

/** The emails and text messages the login flow sends, in English and Czech (ADR 033). */
export const loginMessages = defineMessages({
  otp_recovery_link: email<{ link: string; minutes: number }>({
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
  }),
});
