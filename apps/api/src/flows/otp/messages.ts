import { defineMessages, email, NOT_YOU_CS, NOT_YOU_EN, notice } from "../../outbox/messages.ts";

/** A change to the account's OTP: what happened when, then what to do if it was not you. */
interface Change {
  subject: string;
  what: (when: string) => string;
}
const changed = (en: Change, cs: Change) =>
  email<{ when: string }>({
    en: (d) => notice(en.subject, [en.what(d.when), NOT_YOU_EN]),
    cs: (d) => notice(cs.subject, [cs.what(d.when), NOT_YOU_CS]),
  });

/** The emails and text messages the otp flow sends, in English and Czech (ADR 033). */
export const otpMessages = defineMessages({
  otp_activated: changed(
    {
      subject: "Two-factor authentication is on",
      what: (when) => `Two-factor authentication (OTP) was activated on your account at ${when}.`,
    },
    { subject: "Dvoufázové ověření je zapnuté", what: (when) => `Na vašem účtu bylo ${when} zapnuto dvoufázové ověření (OTP).` },
  ),
  otp_deactivated: changed(
    {
      subject: "Two-factor authentication is off",
      what: (when) => `Two-factor authentication (OTP) was disabled on your account at ${when}.`,
    },
    { subject: "Dvoufázové ověření je vypnuté", what: (when) => `Na vašem účtu bylo ${when} vypnuto dvoufázové ověření (OTP).` },
  ),
  otp_key_displayed: changed(
    {
      subject: "Your OTP key was displayed",
      what: (when) => `The shared key of your two-factor authentication was displayed at ${when}, to add another device.`,
    },
    {
      subject: "Váš klíč OTP byl zobrazen",
      what: (when) => `Sdílený klíč vašeho dvoufázového ověření byl ${when} zobrazen pro přidání dalšího zařízení.`,
    },
  ),
});
