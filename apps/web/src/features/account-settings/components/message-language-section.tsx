import type { AccountView } from "@portier/shared/account";
import type { Locale } from "@portier/shared/common";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { OutcomeAlert, useOutcome } from "../../../components/outcome.tsx";
import { RadioGroup } from "../../../components/radio-group.tsx";
import { LOCALES } from "../../../lib/i18n.ts";
import { useSetMessageLocale } from "../api/set-message-locale.ts";

/**
 * The language of the emails and SMS the account receives — chosen at sign-up, changed
 * here; the page's own language is the switch in the top bar. Nothing is emailed about it.
 */
export function MessageLanguageSection({ account }: { account: AccountView }) {
  const { t } = useTranslation();
  const save = useSetMessageLocale();
  const [choice, setChoice] = useState<Locale>(account.locale);
  const { outcome, ref, clear, succeeded, failed } = useOutcome();

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(
      { messageLocale: choice },
      {
        onSuccess: ({ messageLocale }) => succeeded(t("basicSettings.messageLanguage.saved", { language: t(`language.${messageLocale}`) })),
        onError: failed,
      },
    );
  };

  return (
    <section aria-labelledby="settings-language">
      <h2 id="settings-language" tabIndex={-1}>
        {t("basicSettings.messageLanguage.title")}
      </h2>
      <p className="muted">{t("basicSettings.messageLanguage.intro")}</p>
      <OutcomeAlert outcome={outcome} focusRef={ref} />
      <form onSubmit={onSubmit}>
        <RadioGroup
          legend={t("basicSettings.messageLanguage.legend")}
          name="messageLocale"
          idPrefix="message-locale"
          options={LOCALES.map((locale) => ({
            value: locale,
            label: <span lang={locale}>{t(`language.${locale}`)}</span>,
          }))}
          value={choice}
          onChange={(value) => {
            setChoice(value);
            clear();
          }}
        />
        <button type="submit" className="button" disabled={save.isPending || choice === account.locale}>
          {save.isPending ? t("basicSettings.messageLanguage.saving") : t("basicSettings.messageLanguage.save")}
        </button>
      </form>
    </section>
  );
}
