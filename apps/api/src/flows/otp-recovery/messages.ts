import { defineMessages, email, NOT_YOU_CS, NOT_YOU_EN, notice } from "../../outbox/messages.ts";
import { smsCode } from "../../verification/sms-codes.ts";

/** The emails and text messages the otp-recovery flow sends, in English and Czech (ADR 033). */
export const otpRecoveryMessages = defineMessages({
  otp_disabled_by_recovery: email<{ when: string }>({
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
  }),
  otp_recovery_code: smsCode("otp_recovery_sms", {
    en: (d) => `Portier code to DISABLE two-factor authentication: ${d.code}. Valid ${d.minutes} minutes. Never share it.`,
    cs: (d) => `Kód Portier pro VYPNUTÍ dvoufázového ověření: ${d.code}. Platí ${d.minutes} minut. Nikomu ho nesdělujte.`,
  }),
});
