// The page for an address that named too many unknown workshop codes (429).
import { useTranslation } from "react-i18next";

export function TooManyCodeGuesses() {
  const { t } = useTranslation();
  return (
    <div className="page narrow error-page">
      <h1>{t("workshop.tooManyCodesTitle")}</h1>
      <p>{t("workshop.tooManyCodes")}</p>
    </div>
  );
}
