import { useTranslation } from "react-i18next";
import { LOCALES, type Locale, switchLanguage } from "../../lib/i18n.ts";

/** English / Čeština, each named in its own language; the choice is remembered. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <div className="language-switch">
      <label htmlFor="language-switch" className="visually-hidden">
        {t("language.label")}
      </label>
      <select id="language-switch" value={i18n.language} onChange={(e) => void switchLanguage(e.target.value as Locale)}>
        {LOCALES.map((locale) => (
          <option key={locale} value={locale} lang={locale}>
            {/* Each name in its own language: the same in every language's texts, so the loaded ones serve. */}
            {t(`language.${locale}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
