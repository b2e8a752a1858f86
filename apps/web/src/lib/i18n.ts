/**
 * English and Czech (SPEC §10). The choice is stored in localStorage and mirrored
 * in <html lang> so screen readers pronounce the page in the right language.
 */
import i18next from "i18next";
import { initReactI18next } from "react-i18next";
import { cs } from "./locales/cs.ts";
import { en } from "./locales/en.ts";

export const LOCALES = ["en", "cs"] as const;
export type Locale = (typeof LOCALES)[number];

const STORAGE_KEY = "portier.locale";

function isLocale(value: unknown): value is Locale {
  return LOCALES.includes(value as Locale);
}

function initialLocale(): Locale {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (isLocale(stored)) return stored;
  } catch {
    // Storage may be blocked; fall back to the browser's preference.
  }
  return navigator.languages.some((l) => l.toLowerCase().startsWith("cs")) ? "cs" : "en";
}

export const i18n = i18next.createInstance();

i18n.on("languageChanged", (lng) => {
  document.documentElement.lang = lng;
  try {
    localStorage.setItem(STORAGE_KEY, lng);
  } catch {
    // Not remembered, still switched.
  }
});

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, cs: { translation: cs } },
  lng: initialLocale(),
  fallbackLng: "en",
  supportedLngs: LOCALES,
  interpolation: { escapeValue: false },
  react: { useSuspense: false },
});

/** The locale a request names for the messages the API sends (SPEC §10): the page's language. */
export const requestLocale = (language: string): Locale => (language === "cs" ? "cs" : "en");
