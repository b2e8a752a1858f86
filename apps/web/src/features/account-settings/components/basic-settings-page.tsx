import type { AccountView } from "@portier/shared/account";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { useLocation, useOutletContext } from "react-router";
import { EmailSection } from "./email-section.tsx";
import { MessageLanguageSection } from "./message-language-section.tsx";
import { PasswordSection } from "./password-section.tsx";
import { PhoneSection } from "./phone-section.tsx";

/**
 * Account → Basic settings (SPEC §1): the login email, the phone and the password, each
 * changed with the account password, and the language of emails and SMS (ADR 037). `#phone` (the link from phone verification, when the
 * number on file is wrong) and `#email` / `#password` move focus to that section.
 */
export function BasicSettingsPage() {
  const { t } = useTranslation();
  const account = useOutletContext<AccountView>();
  const { hash } = useLocation();

  useEffect(() => {
    const id = hash.slice(1);
    if (!["email", "phone", "password", "language"].includes(id)) return;
    const heading = document.getElementById(`settings-${id}`);
    heading?.scrollIntoView();
    heading?.focus();
  }, [hash]);

  return (
    <section>
      <h1>{t("basicSettings.title")}</h1>
      <p>{t("basicSettings.intro")}</p>
      <EmailSection account={account} />
      <PhoneSection account={account} />
      <PasswordSection />
      <MessageLanguageSection account={account} />
    </section>
  );
}
