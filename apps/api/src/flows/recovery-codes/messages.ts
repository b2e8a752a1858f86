import { defineMessages, email, NOT_YOU_CS, NOT_YOU_EN, notice } from "../../outbox/messages.ts";

/** The emails the recovery-codes flow sends, in English and Czech (ADR 033, ADR 040). */
export const recoveryCodeMessages = defineMessages({
  recovery_codes_created: email<{ when: string; count: number }>({
    en: (d) =>
      notice("New recovery codes for your Portier account", [
        `${d.count} new recovery codes were created for your account at ${d.when}; any earlier codes no longer work. Keep them printed or saved where only you can reach them.`,
        NOT_YOU_EN,
      ]),
    cs: (d) =>
      notice("Nové záchranné kódy k vašemu účtu Portier", [
        `K vašemu účtu bylo ${d.when} vytvořeno ${d.count} nových záchranných kódů; dřívější kódy už neplatí. Uložte je vytištěné nebo tam, kam máte přístup jen vy.`,
        NOT_YOU_CS,
      ]),
  }),
  recovery_code_used: email<{ when: string; remaining: number }>({
    en: (d) =>
      notice("A recovery code was used to sign in", [
        `A recovery code of your Portier account was used to sign in at ${d.when}. ${d.remaining} unused ${d.remaining === 1 ? "code is" : "codes are"} left; create new ones in Account Security when you run low.`,
        NOT_YOU_EN,
      ]),
    cs: (d) =>
      notice("K přihlášení byl použit záchranný kód", [
        `K přihlášení k vašemu účtu Portier byl ${d.when} použit záchranný kód. Nepoužitých kódů zbývá: ${d.remaining}. Až budou docházet, vytvořte si nové v Zabezpečení účtu.`,
        NOT_YOU_CS,
      ]),
  }),
});
