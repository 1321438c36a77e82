// The page of a sign-in through an OpenID provider that could not be finished: what happened, in
// the person's language, and the way back to the sign-in page. Nothing was changed.
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormCard } from "~/components/forms";

export type OidcProblemKind =
  | "expired"
  | "refused"
  | "cancelled"
  | "unreachable"
  | "linked-elsewhere"
  | "blocked"
  | "not-e-id"
  | "too-many";

export function OidcProblem({ problem, label }: { problem: OidcProblemKind; label: string }) {
  const { t } = useTranslation();
  return (
    <FormCard title={t(`identity.problems.${problem}.title`)}>
      <p role="alert">{t(`identity.problems.${problem}.body`, { provider: label })}</p>
      <p>{t("identity.nothingChanged")}</p>
      <p>
        <Link to="/login">{t("identity.backToLogin")}</Link>
      </p>
    </FormCard>
  );
}
