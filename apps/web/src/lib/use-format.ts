import { useMemo } from "react";
import { useTranslation } from "react-i18next";

/** Dates and countries as the reader's language writes them (for lists of sign-ins and sessions). */
export function useFormat() {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const formatters = useMemo(() => {
    const dateTime = new Intl.DateTimeFormat(language, { dateStyle: "medium", timeStyle: "short" });
    let regions: Intl.DisplayNames | null = null;
    try {
      regions = new Intl.DisplayNames([language], { type: "region", fallback: "code" });
    } catch {
      // No region names in this runtime: the ISO code is still meaningful.
    }
    return { dateTime, regions };
  }, [language]);

  return {
    dateTime: (iso: string) => formatters.dateTime.format(new Date(iso)),
    /** An ISO 3166-1 code as a name ("CZ" → "Czechia" / "Česko"); the code if unknown; "Unknown" for none. */
    country(code: string | null) {
      if (!code) return t("common.unknown");
      try {
        return formatters.regions?.of(code) ?? code;
      } catch {
        return code;
      }
    },
  };
}
