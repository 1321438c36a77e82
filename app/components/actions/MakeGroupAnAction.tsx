// On a decided group's moderation page: the group's actions, and "make this an action" in one
// step — the action form filled in from the group, with the group and its ideas linked.
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ActionForm } from "~/components/actions/ActionForm";
import { ActionStatusBadge } from "~/components/actions/ActionParts";
import type { ActionStatus } from "~/domain/actions";

type Props = {
  group: { id: number; title: string; summary: string; focusArea: string; stage: string };
  ideas: { id: number }[];
  actions: { id: number; title: string; status: ActionStatus }[];
  partners: { id: number; name: string }[];
  workshops: { id: number; title: string; createdAt: string }[];
  /** the workshops held for the group: linked unless the moderator unticks them */
  groupWorkshopIds: number[];
};

/** Today and a year from today, as the form's first dates (YYYY-MM-DD, UTC). */
function defaultDates(): { startDate: string; endDate: string } {
  const today = new Date();
  const next = new Date(today);
  next.setUTCFullYear(today.getUTCFullYear() + 1);
  return { startDate: today.toISOString().slice(0, 10), endDate: next.toISOString().slice(0, 10) };
}

export function MakeGroupAnAction({
  group,
  ideas,
  actions,
  partners,
  workshops,
  groupWorkshopIds,
}: Props) {
  const { t } = useTranslation();
  if (group.stage !== "decided" && actions.length === 0) return null;
  return (
    <section aria-labelledby="make-action-heading" className="panel">
      <h2 id="make-action-heading">{t("actions.fromGroup.heading")}</h2>
      {actions.length ? (
        <ul className="plain-list">
          {actions.map((a) => (
            <li key={a.id}>
              <Link to={`/moderation/actions/${a.id}`}>{a.title}</Link>{" "}
              <ActionStatusBadge status={a.status} />
            </li>
          ))}
        </ul>
      ) : null}
      {group.stage === "decided" ? (
        <details open={actions.length === 0}>
          <summary>{t("actions.fromGroup.make")}</summary>
          <p className="field-hint">{t("actions.fromGroup.hint", { number: ideas.length })}</p>
          <ActionForm
            id="group-action"
            action="/moderation/actions"
            values={{
              title: group.title,
              body:
                group.summary.trim().length >= 10
                  ? group.summary
                  : t("actions.fromGroup.body", { group: group.title }),
              focusArea: group.focusArea,
              status: "planned",
              progress: 0,
              co2eTonnesPerYear: 0,
              budgetSek: 0,
              ...defaultDates(),
              groupId: [group.id],
              ideaId: ideas.map((i) => i.id),
              workshopId: groupWorkshopIds,
            }}
            partners={partners}
            groups={[]}
            workshops={workshops}
            fixedLinks
            submitLabel={t("actions.fromGroup.submit")}
          />
        </details>
      ) : null}
    </section>
  );
}
