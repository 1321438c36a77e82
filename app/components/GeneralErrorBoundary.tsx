// The error page shown by every route: a kind message in the person's language, never a stack trace.
import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";

export function GeneralErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const kind =
    status === 404
      ? "notFound"
      : status === 403
        ? "forbidden"
        : status < 500
          ? "badRequest"
          : "server";
  if (!isRouteErrorResponse(error)) console.error(error);
  return (
    <div className="page narrow error-page">
      <h1>{t(`errors.${kind}.title`)}</h1>
      <p>{t(`errors.${kind}.body`)}</p>
      <p className="error-status">{t("errors.status", { status })}</p>
      <p>
        <Link to="/">{t("errors.backToMap")}</Link>
      </p>
    </div>
  );
}
