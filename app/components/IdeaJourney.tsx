// "What became of this" on an idea's page: the chain from the idea to its group, the group's
// stage, the actions it led to and where each stands.
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ActionStatusBadge } from "~/components/actions/ActionStatusBadge";
import type { IdeaJourney as Journey } from "~/models/actions.server";

export function IdeaJourney({ journey }: { journey: Journey }) {
  const { t } = useTranslation();
  const { group, actions } = journey;
  return (
    <section aria-labelledby="journey-heading" className="idea-journey">
      <h2 id="journey-heading">{t("actions.journey.heading")}</h2>
      <ol className="journey-steps">
        <li>{t("actions.journey.idea")}</li>
        <li>
          {group ? (
            <>
              {t("actions.journey.group")}{" "}
              <Link to={`/groups/${group.id}`}>
                <bdi>{group.title}</bdi>
              </Link>{" "}
              <span className="stage-badge" data-stage={group.stage}>
                {t(`stages.${group.stage}`)}
              </span>
            </>
          ) : (
            t("actions.journey.noGroup")
          )}
        </li>
        <li>
          {actions.length ? (
            <>
              {t("actions.journey.action")}
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
            </>
          ) : (
            t("actions.journey.noAction")
          )}
        </li>
      </ol>
    </section>
  );
}
