// GET /groups/:id: a co-creation group — its ideas and their places, its stage, and the history
// of its public messages ("you said, we did").
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Suspense } from "react";
import { useTranslation } from "react-i18next";
import { ClientOnly } from "remix-utils/client-only";
import { FocusBadge } from "~/components/FocusArea";
import { GroupTimeline } from "~/components/GroupTimeline";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { FORWARD } from "~/domain/workflow";
import { getGroup, groupIdeas, groupTimeline } from "~/models/groups.server";
import { actionsForGroup } from "~/models/actions.server";
import { GroupActions } from "~/components/actions/GroupActions";
import { useRootData } from "~/root";
import { getFixedT } from "~/utils/locale.server";
import { invariantResponse } from "~/utils/misc";
import { lazyMap } from "~/components/map/lazy-map";

const GroupMap = lazyMap(() => import("~/components/map/GroupMap.client"));

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = /^\d{1,15}$/.test(params.id ?? "") ? Number(params.id) : NaN;
  invariantResponse(Number.isSafeInteger(id), "Not found", { status: 404 });
  const group = getGroup(id);
  invariantResponse(group, "Not found", { status: 404 });
  const { t } = await getFixedT(request);
  return json({
    title: `${group.title} – ${t("site.name")}`,
    group,
    ideas: groupIdeas(id),
    timeline: groupTimeline(id),
    actions: actionsForGroup(id),
  });
}

export default function GroupPage() {
  const { group, ideas, timeline, actions } = useLoaderData<typeof loader>();
  const root = useRootData();
  const { t } = useTranslation();
  const current = FORWARD.indexOf(group.stage);
  return (
    <article className="page group-page">
      <p>
        <Link to="/groups">{t("groups.allGroups")}</Link>
      </p>
      <FocusBadge focusArea={group.focusArea} />
      <h1>{group.title}</h1>
      <p>
        {t("groups.nowAt")}{" "}
        <span className="stage-badge" data-stage={group.stage}>
          {t(`stages.${group.stage}`)}
        </span>
      </p>
      {group.stage !== "closed" ? (
        <ol className="stage-steps" aria-label={t("groups.steps")}>
          {FORWARD.map((s, n) => (
            <li
              key={s}
              className={n < current ? "done" : n === current ? "current" : "todo"}
              aria-current={n === current ? "step" : undefined}
            >
              {t(`stages.${s}`)}
            </li>
          ))}
        </ol>
      ) : null}
      {group.summary ? <p className="group-summary">{group.summary}</p> : null}

      <GroupActions actions={actions} />
      <GroupTimeline timeline={timeline} />

      <section aria-labelledby="group-ideas-heading">
        <h2 id="group-ideas-heading">{t("groups.ideaCount", { count: ideas.length })}</h2>
        {ideas.length ? (
          <ClientOnly
            fallback={<div className="location-map map-placeholder">{t("map.loading")}</div>}
          >
            {() => (
              <Suspense
                fallback={<div className="location-map map-placeholder">{t("map.loading")}</div>}
              >
                <GroupMap
                  ideas={ideas}
                  tileUrl={root.map.tileUrl}
                  tileAttribution={root.map.tileAttribution}
                />
              </Suspense>
            )}
          </ClientOnly>
        ) : null}
        <ul className="plain-list">
          {ideas.map((idea) => (
            <li key={idea.id}>
              <Link to={`/ideas/${idea.id}`}>{idea.title}</Link>{" "}
              <span className="muted">
                · {t("idea.supports", { count: idea.supports, formatted: idea.supports })}
              </span>
            </li>
          ))}
        </ul>
      </section>
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
