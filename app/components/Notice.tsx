// A short confirmation after an action ("Thank you, your report was sent"), from ?notice= in the URL.
import { useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";

export const NOTICES = [
  "reported",
  "commented",
  "comment-deleted",
  "comment-edited",
  "posted",
  "pending",
  "password-changed",
  "account-deleted",
  "saved",
  "hidden",
  "restored",
  "approved",
  "reports-dismissed",
  "merged",
  "merged-away",
  "unmerged",
  "group-created",
  "ideas-added",
  "idea-removed",
  "stage-moved",
  "idea-sent",
  "idea-held",
  "barrier-reported",
  "barrier-closed",
  "supported-instead",
] as const;

export function Notice() {
  const [params] = useSearchParams();
  const { t } = useTranslation();
  const notice = params.get("notice");
  if (!notice || !(NOTICES as readonly string[]).includes(notice)) return null;
  return (
    <p role="status" className="notice">
      {t(`notices.${notice}`)}
    </p>
  );
}
