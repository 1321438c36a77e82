// GET /groups: the co-creation groups, by stage, each with its latest public message.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FocusBadge } from "~/components/FocusArea";
import { STAGES } from "~/domain/focus-areas";
import { listGroups } from "~/models/groups.server";
import { getFixedT } from "~/utils/locale.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { t } = await getFixedT(request);
  return json({ title: `${t("groups.title")} – ${t("site.name")}`, groups: listGroups() });
}

export default function GroupsPage() {
  const { groups } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <div className="page">
      <h1>{t("groups.title")}</h1>
      <p>{t("groups.intro")}</p>
      {groups.length === 0 ? <p>{t("groups.none")}</p> : null}
      {STAGES.map((stage) => {
        const inStage = groups.filter((g) => g.stage === stage);
        if (inStage.length === 0) return null;
        return (
          <section key={stage} aria-labelledby={`stage-${stage}`}>
            <h2 id={`stage-${stage}`}>
              {t(`stages.${stage}`)} <span className="muted">({inStage.length})</span>
            </h2>
            <ul className="group-cards">
              {inStage.map((g) => (
                <li key={g.id} className="idea-card" data-focus={g.focusArea}>
                  <h3>
                    <Link to={`/groups/${g.id}`}>{g.title}</Link>
                  </h3>
                  <FocusBadge focusArea={g.focusArea} />
                  <p className="idea-card-meta">
                    <span>{t("groups.ideaCount", { count: g.ideas })}</span>
                    <span>{t("idea.supports", { count: g.supports, formatted: g.supports })}</span>
                  </p>
                  {g.latestMessage ? <p className="timeline-message">{g.latestMessage}</p> : null}
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}
