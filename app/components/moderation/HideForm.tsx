// Hiding an idea or a comment: a reason is required (it is shown to moderators and in the audit log),
// folded under "Hide" so that it is never one tap away. Used in the queue and on a visible idea's page.
import { Form } from "@remix-run/react";
import { useId } from "react";
import { useTranslation } from "react-i18next";

export function HideForm({ action, redirectTo }: { action: string; redirectTo: string }) {
  const { t } = useTranslation();
  const reasonId = useId();
  return (
    <details className="hide-form">
      <summary>{t("moderation.hide")}</summary>
      <Form method="post" action={action} className="inline-form">
        <input type="hidden" name="intent" value="hide" />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <div className="field">
          <label htmlFor={reasonId}>{t("moderation.reasonLabel")}</label>
          <textarea id={reasonId} name="reason" rows={2} maxLength={1000} required />
        </div>
        <button type="submit" className="button danger">
          {t("moderation.hideButton")}
        </button>
      </Form>
    </details>
  );
}
