import { defineMessages, email, NOT_YOU_CS, NOT_YOU_EN, notice } from "../../outbox/messages.ts";

/** The emails and text messages the shared-login flow sends, in English and Czech (ADR 033). */
export const sharedLoginMessages = defineMessages({
  shared_login_linked: email<{ provider: string; when: string }>({
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
  }),
  shared_login_unlinked: email<{ provider: string; when: string }>({
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
  }),
});
