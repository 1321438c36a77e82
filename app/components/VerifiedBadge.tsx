// "Verified resident" beside a name (an e-ID sign-in, when admins show it): the words themselves,
// so that it does not depend on the symbol or on colour.
import { useTranslation } from "react-i18next";

export function VerifiedBadge() {
  const { t } = useTranslation();
  return (
    <span className="verified-badge">
      <span aria-hidden="true">✓ </span>
      {t("identity.verifiedBadge")}
    </span>
  );
}
