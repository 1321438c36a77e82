// The browser's strings, one script per language (GET /strings/:language?v=…, cached for a year):
// the root layout puts the page's language in <head> as a deferred script, so it downloads
// alongside the app's modules instead of after them, and entry.client hydrates as soon as both
// are there. A client-side navigation that changes the language loads the new one the same way.
// They are not in the root loader's data, which put ~80 KB of JSON into every page's HTML and every
// root revalidation (issue 14; docs/decisions/003).
import type { Resource } from "i18next";
import type { Language } from "~/utils/i18n";

export type Translation = Resource[string]["translation"];

declare global {
  interface Window {
    /** Filled by the scripts of /strings/:language. */
    __samskapaStrings?: Partial<Record<Language, Translation>>;
  }
}

/**
 * A language's strings: at once when its script has run; else, while the page is still being read,
 * after the deferred scripts have run (they all have by DOMContentLoaded, loaded or failed); else,
 * or when the one in <head> failed, from a script added now from `src` (the browser's cache has it
 * when the first one loaded).
 */
export async function loadTranslation(language: Language, src: string): Promise<Translation> {
  const loaded = () => window.__samskapaStrings?.[language];
  if (!loaded() && document.readyState === "loading")
    await new Promise((resolve) =>
      document.addEventListener("DOMContentLoaded", resolve, { once: true }),
    );
  const ready = loaded();
  if (ready) return ready;
  const script = document.createElement("script");
  script.src = src;
  await new Promise((resolve) => {
    script.addEventListener("load", resolve, { once: true });
    script.addEventListener("error", resolve, { once: true });
    document.head.append(script);
  });
  const translation = loaded();
  if (!translation) throw new Error(`The strings of "${language}" did not load from ${src}`);
  return translation;
}
