// An action's status as a badge. A module of its own: the idea page shows it in an idea's journey,
// and ActionParts would bring the action areas (the Borås outline, the place list) and the
// action forms' schemas (zod) into that page's scripts (issue 8).
import { useTranslation } from "react-i18next";
import type { ActionStatus } from "~/domain/actions";

export function ActionStatusBadge({ status }: { status: ActionStatus }) {
  const { t } = useTranslation();
  return (
    <span className="status-badge action-status" data-status={status}>
      {t(`actions.status.${status}`)}
    </span>
  );
}
