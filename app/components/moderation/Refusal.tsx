// The page shown when a moderation action was refused (400/404/409): why, and the way back.
import { Link, useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";

export function Refusal() {
  const data = useActionData<{ error?: string; back?: string }>();
  const { t } = useTranslation();
  return (
    <div className="page narrow">
      <h1>{t("moderation.refusedTitle")}</h1>
      <p role="alert" className="form-errors">
        {data?.error ? t(data.error) : t("errors.badRequest.body")}
      </p>
      <p>
        <Link to={data?.back ?? "/moderation"}>{t("moderation.back")}</Link>
      </p>
    </div>
  );
}
