import { defineMessages } from "../../outbox/messages.ts";
import { smsCode } from "../../verification/sms-codes.ts";

/** The emails and text messages the account flow sends, in English and Czech (ADR 033). */
export const accountMessages = defineMessages({
  phone_verification_code: smsCode("phone_verification", {
    en: (d) => `Portier code: ${d.code}. Valid ${d.minutes} minutes. Never share it.`,
    cs: (d) => `Kód Portier: ${d.code}. Platí ${d.minutes} minut. Nikomu ho nesdělujte.`,
  }),
});
