// Closing a workshop cannot be undone: the first button only asks (a GET to ?close=confirm, so it
// works without JavaScript), the confirmation says what will happen, and only its explicit submit
// posts intent=close. (A script may still post intent=close directly: contract.md.)
import { Form, Link, useLocation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";

export function CloseWorkshop({ participants }: { participants: number }) {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const { pathname } = useLocation();
  if (params.get("close") !== "confirm") {
    return (
      <Form method="get" action={`${pathname}#close-workshop`}>
        <input type="hidden" name="close" value="confirm" />
        <button type="submit" className="button danger">
          {t("workshop.close")}
        </button>
      </Form>
    );
  }
  return (
    <div
      className="confirm-step"
      id="close-workshop"
      role="alertdialog"
      aria-labelledby="close-workshop-heading"
      aria-describedby="close-workshop-what"
    >
      <h3 id="close-workshop-heading">{t("workshop.closeConfirmTitle")}</h3>
      <p id="close-workshop-what">{t("workshop.closeConfirmWhat", { count: participants })}</p>
      <Form method="post" action={pathname} className="control-row">
        <input type="hidden" name="intent" value="close" />
        <button type="submit" className="button danger">
          {t("workshop.closeConfirmButton")}
        </button>
        <Link to={pathname} className="button secondary">
          {t("workshop.closeConfirmCancel")}
        </Link>
      </Form>
    </div>
  );
}
