// A short confirmation after an action ("Thank you, your report was sent"), from ?notice= in the URL.
import { useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";

export const NOTICES = ["reported", "commented", "comment-deleted", "comment-edited", "posted", "password-changed", "account-deleted"] as const;

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
