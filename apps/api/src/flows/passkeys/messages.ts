import { defineMessages, email, NOT_YOU_CS, NOT_YOU_EN, notice } from "../../outbox/messages.ts";

/** The emails the passkeys flow sends, in English and Czech: every change is told to the owner (ADR 040). */
export const passkeyMessages = defineMessages({
  passkey_added: email<{ when: string; name: string }>({
    en: (d) =>
      notice("A passkey was added to your Portier account", [
        `The passkey "${d.name}" was added to your account at ${d.when}. It signs you in without a password, and serves as your second factor after the password.`,
        NOT_YOU_EN,
      ]),
    cs: (d) =>
      notice("K vašemu účtu Portier byl přidán přístupový klíč", [
        `K vašemu účtu byl ${d.when} přidán přístupový klíč „${d.name}“. Přihlásí vás bez hesla a po zadání hesla slouží jako druhé ověření.`,
        NOT_YOU_CS,
      ]),
  }),
  passkey_renamed: email<{ when: string; oldName: string; name: string }>({
    en: (d) =>
      notice("A passkey of your Portier account was renamed", [
        `The passkey "${d.oldName}" of your account was renamed to "${d.name}" at ${d.when}.`,
        NOT_YOU_EN,
      ]),
    cs: (d) =>
      notice("Přístupový klíč vašeho účtu Portier byl přejmenován", [
        `Přístupový klíč „${d.oldName}“ vašeho účtu byl ${d.when} přejmenován na „${d.name}“.`,
        NOT_YOU_CS,
      ]),
  }),
  passkey_removed: email<{ when: string; name: string; twoFactorOff: boolean }>({
    en: (d) =>
      notice("A passkey was removed from your Portier account", [
        `The passkey "${d.name}" was removed from your account at ${d.when}; it no longer signs you in.`,
        ...(d.twoFactorOff ? ["It was your last second factor: signing in now needs only your password."] : []),
        NOT_YOU_EN,
      ]),
    cs: (d) =>
      notice("Z vašeho účtu Portier byl odebrán přístupový klíč", [
        `Z vašeho účtu byl ${d.when} odebrán přístupový klíč „${d.name}“; už vás nepřihlásí.`,
        ...(d.twoFactorOff ? ["Byl to váš poslední druhý způsob ověření: k přihlášení teď stačí jen heslo."] : []),
        NOT_YOU_CS,
      ]),
  }),
});
