/**
 * English and Czech (SPEC §10). The choice is stored in localStorage and mirrored
 * in <html lang> so screen readers pronounce the page in the right language.
 *
 * Each language's texts are a chunk of their own (ADR 036): the app starts once the chosen
 * one is in (`i18nReady`, awaited by main.tsx before the first render, so the first paint
 * is in that language), and the other is fetched only when the customer switches to it
 * (`switchLanguage`).
 */
import i18next from "i18next";
import { initReactI18next } from "react-i18next";
import type { Messages } from "./locales/en.ts";

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

/** Each language's texts, fetched when first needed. */
const MESSAGES: Record<Locale, () => Promise<Messages>> = {
  en: () => import("./locales/en.ts").then((m) => m.en),
  cs: () => import("./locales/cs.ts").then((m) => m.cs),
};

/** Makes sure `locale`'s texts are in (fetched once). */
async function loadLocale(locale: Locale): Promise<void> {
  if (i18n.hasResourceBundle(locale, "translation")) return;
  i18n.addResourceBundle(locale, "translation", await MESSAGES[locale]());
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

/** Settles once the chosen language's texts are in and i18next is set to it. */
export const i18nReady: Promise<unknown> = (async () => {
  const lng = initialLocale();
  const translation = await MESSAGES[lng]();
  await i18n.use(initReactI18next).init({
    resources: { [lng]: { translation } },
    // Every language is complete (locales.test.ts): no fallback to fetch alongside.
    partialBundledLanguages: true,
    lng,
    fallbackLng: false,
    supportedLngs: LOCALES,
    interpolation: { escapeValue: false },
    react: { useSuspense: false },
  });
})();

/** The language switch: the texts first (the page keeps its language until they are in), then the change. */
export async function switchLanguage(locale: Locale): Promise<void> {
  await loadLocale(locale);
  await i18n.changeLanguage(locale);
}

/** The locale a request names for the messages the API sends (SPEC §10): the page's language. */
export const requestLocale = (language: string): Locale => (language === "cs" ? "cs" : "en");
