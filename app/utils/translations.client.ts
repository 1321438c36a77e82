// The browser's strings, one chunk per language (esbuild splits each dynamic import into its own
// fingerprinted file, cached for a year): loaded before hydration for the page's language, and
// again only when a client-side navigation changes the language. They are not in the root
// loader's data, which put ~80 KB of JSON into every page's HTML and every root revalidation
// (issue 14; docs/decisions/003).
import type { Resource } from "i18next";
import type { Language } from "~/utils/i18n";

type Translation = Resource[string]["translation"];

const chunks: Record<Language, () => Promise<{ default: unknown }>> = {
  sv: () => import("~/locales/sv.json"),
  en: () => import("~/locales/en.json"),
  fi: () => import("~/locales/fi.json"),
  ar: () => import("~/locales/ar.json"),
};

export async function loadTranslation(language: Language): Promise<Translation> {
  return (await chunks[language]()).default as Translation;
}
