// Languages and the i18next instance used on both server and browser (the browser gets only its
// page's language, from GET /strings/:language).
import i18next, { type i18n, type Resource } from "i18next";
import { initReactI18next } from "react-i18next";

export const LANGUAGES = ["sv", "en", "fi", "ar"] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = "sv";
const RTL_LANGUAGES = new Set<string>(["ar"]);

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);
}

export function directionOf(language: string): "ltr" | "rtl" {
  return RTL_LANGUAGES.has(language) ? "rtl" : "ltr";
}

export function createI18n(language: Language, translation: Resource[string]["translation"]): i18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    lng: language,
    fallbackLng: false,
    resources: { [language]: { translation } },
    interpolation: { escapeValue: false }, // React escapes
    initAsync: false,
    returnNull: false,
    showSupportNotice: false,
  });
  return instance;
}

/**
 * Where the browser gets a language's strings (app/routes/strings.$language.ts): versioned by the
 * build, whose strings they are, so that the browser may keep them for a year.
 */
export function stringsPath(language: Language, buildVersion: string) {
  return `/strings/${language}?v=${encodeURIComponent(buildVersion)}`;
}
