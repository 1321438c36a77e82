// On a group's public page: the actions it became, with where each stands.
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ActionStatusBadge } from "~/components/actions/ActionParts";
import type { LinkedAction } from "~/models/actions.server";

export function GroupActions({ actions }: { actions: LinkedAction[] }) {
  const { t } = useTranslation();
  if (actions.length === 0) return null;
  return (
    <section aria-labelledby="group-actions-heading">
      <h2 id="group-actions-heading">{t("actions.groupActions")}</h2>
      <ul className="plain-list">
        {actions.map((a) => (
          <li key={a.id}>
            <Link to={`/actions/${a.id}`}>
              <bdi>{a.title}</bdi>
            </Link>{" "}
            <ActionStatusBadge status={a.status} />{" "}
            <span className="muted">{t("actions.percent", { value: a.progress })}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
