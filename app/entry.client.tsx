import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { I18nextProvider } from "react-i18next";
import { createI18n, DEFAULT_LANGUAGE, isLanguage, stringsPath } from "~/utils/i18n";
import { loadTranslation } from "~/utils/translations.client";

// The page's language is the one the server rendered it in (<html lang>); its strings come from a
// script of their own in <head>, cached across pages (utils/translations.client.ts).
const pageLanguage = document.documentElement.lang;
const language = isLanguage(pageLanguage) ? pageLanguage : DEFAULT_LANGUAGE;
const buildVersion = (window as unknown as { __remixManifest: { version: string } }).__remixManifest
  .version;

loadTranslation(language, stringsPath(language, buildVersion)).then(
  (translation) => {
    const i18n = createI18n(language, translation);
    startTransition(() => {
      hydrateRoot(
        document,
        <StrictMode>
          <I18nextProvider i18n={i18n}>
            <RemixBrowser />
          </I18nextProvider>
        </StrictMode>,
      );
    });
  },
  // Without its strings the page stays as the server rendered it: links and forms work without
  // JavaScript.
  (error: unknown) => console.error(error),
);
