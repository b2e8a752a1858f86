import { useTranslation } from "react-i18next";
import { LOCALES, type Locale } from "../../lib/i18n.ts";

/** English / Čeština, each named in its own language; the choice is remembered. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <div className="language-switch">
      <label htmlFor="language-switch" className="visually-hidden">
        {t("language.label")}
      </label>
      <select id="language-switch" value={i18n.language} onChange={(e) => void i18n.changeLanguage(e.target.value as Locale)}>
        {LOCALES.map((locale) => (
          <option key={locale} value={locale} lang={locale}>
            {t(`language.${locale}`, { lng: locale })}
          </option>
        ))}
      </select>
    </div>
  );
}
