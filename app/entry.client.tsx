import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { I18nextProvider } from "react-i18next";
import { createI18n, DEFAULT_LANGUAGE, isLanguage } from "~/utils/i18n";
import { loadTranslation } from "~/utils/translations.client";

// The page's language is the one the server rendered it in (<html lang>); its strings come as a
// chunk of their own, cached across pages (utils/translations.client.ts), before hydration.
const pageLanguage = document.documentElement.lang;
const language = isLanguage(pageLanguage) ? pageLanguage : DEFAULT_LANGUAGE;

void loadTranslation(language).then((translation) => {
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
});
