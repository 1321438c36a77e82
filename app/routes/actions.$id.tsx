// GET /actions/:id: one action of the portfolio — who carries it, status and progress, dates,
// budget, the estimated emission reduction with its method, milestones, the public timeline, the
// residents' ideas and the groups behind it, its area (a district, a village or the whole
// municipality) and its place on a small map when it has one.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Suspense } from "react";
import { useTranslation } from "react-i18next";
import { ClientOnly } from "remix-utils/client-only";
import {
  ActionAreaName,
  ActionProgress,
  ActionStatusBadge,
  ActionTimeline,
  formatDay,
  formatSek,
  formatTonnes,
  Milestones,
} from "~/components/actions/ActionParts";
import { FocusBadge } from "~/components/FocusArea";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import {
  actionGroups,
  actionIdeas,
  actionMilestones,
  actionTimeline,
  actionWorkshops,
  getAction,
} from "~/models/actions.server";
import { useRootData } from "~/root";
import { getFixedT } from "~/utils/locale.server";
import { invariantResponse } from "~/utils/misc";
import { lazyMap } from "~/components/map/lazy-map";

const IdeaLocationMap = lazyMap(() => import("~/components/map/IdeaLocationMap.client"));

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = /^\d{1,15}$/.test(params.id ?? "") ? Number(params.id) : NaN;
  invariantResponse(Number.isSafeInteger(id), "Not found", { status: 404 });
  const action = getAction(id);
  invariantResponse(action, "Not found", { status: 404 });
  const { t } = await getFixedT(request);
  return json({
    title: `${action.title} – ${t("site.name")}`,
    action,
    ideas: actionIdeas(id),
    groups: actionGroups(id),
    milestones: actionMilestones(id),
    timeline: actionTimeline(id),
    workshops: actionWorkshops(id),
  });
}

export default function ActionPage() {
  const { action, ideas, groups, milestones, timeline, workshops } = useLoaderData<typeof loader>();
  const root = useRootData();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <article className="page action-page">
      <p>
        <Link to="/actions">{t("actions.all")}</Link>
      </p>
      <FocusBadge focusArea={action.focusArea} />
      <h1 dir="auto">{action.title}</h1>
      <p>
        <ActionStatusBadge status={action.status} />
      </p>
      <ActionProgress id="action-progress" progress={action.progress} />
      {action.status === "stopped" && action.statusReason ? (
        <p>
          <strong>{t("actions.stoppedReason")}</strong>{" "}
          <span dir="auto">{action.statusReason}</span>
        </p>
      ) : null}
      <p className="action-body" dir="auto">
        {action.body}
      </p>
      <dl className="action-facts">
        <div>
          <dt>{t("actions.form.partner")}</dt>
          <dd>
            <bdi>{action.partner}</bdi>
          </dd>
        </div>
        {action.contactRole ? (
          <div>
            <dt>{t("actions.contactRole")}</dt>
            <dd dir="auto">{action.contactRole}</dd>
          </div>
        ) : null}
        {action.area ? (
          <div>
            <dt>{t("actions.area")}</dt>
            <dd>
              <ActionAreaName area={action.area} />
            </dd>
          </div>
        ) : null}
        <div>
          <dt>{t("actions.period")}</dt>
          <dd>
            <time dateTime={action.startDate}>{formatDay(action.startDate, lang)}</time> –{" "}
            <time dateTime={action.endDate}>{formatDay(action.endDate, lang)}</time>
          </dd>
        </div>
        <div>
          <dt>{t("actions.form.budget")}</dt>
          <dd>{formatSek(action.budgetSek, lang)}</dd>
        </div>
        <div>
          <dt>{t("actions.tonnes")}</dt>
          <dd>
            {t("actions.tonnesValue", { value: formatTonnes(action.co2eTonnesPerYear, lang) })}
          </dd>
        </div>
        <div>
          <dt>{t("actions.form.method")}</dt>
          <dd dir="auto">{action.co2eMethod || t("actions.noMethod")}</dd>
        </div>
      </dl>

      {action.lat !== null && action.lng !== null ? (
        <section aria-labelledby="action-place-heading">
          <h2 id="action-place-heading">{t("actions.place")}</h2>
          <ClientOnly
            fallback={<div className="location-map map-placeholder">{t("map.loading")}</div>}
          >
            {() => (
              <Suspense
                fallback={<div className="location-map map-placeholder">{t("map.loading")}</div>}
              >
                <IdeaLocationMap
                  lat={action.lat!}
                  lng={action.lng!}
                  focusArea={action.focusArea}
                  tileUrl={root.map.tileUrl}
                  tileAttribution={root.map.tileAttribution}
                />
              </Suspense>
            )}
          </ClientOnly>
        </section>
      ) : null}

      {workshops.length ? (
        <section aria-labelledby="action-workshops-heading">
          <h2 id="action-workshops-heading">{t("actions.workshops")}</h2>
          <ul className="plain-list">
            {workshops.map((w) => (
              <li key={w.id}>
                <Link to={`/workshops/${w.id}/results`}>
                  <bdi>{w.title}</bdi>
                </Link>{" "}
                <span className="muted">
                  · <time dateTime={w.createdAt}>{formatDay(w.createdAt.slice(0, 10), lang)}</time>
                  {w.closed ? null : ` ${t("actions.workshopOpen")}`}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <Milestones milestones={milestones} />
      <ActionTimeline timeline={timeline} />

      <section aria-labelledby="action-behind-heading">
        <h2 id="action-behind-heading">{t("actions.behind")}</h2>
        {groups.length ? (
          <>
            <h3>{t("actions.behindGroups")}</h3>
            <ul className="plain-list">
              {groups.map((g) => (
                <li key={g.id}>
                  <Link to={`/groups/${g.id}`}>
                    <bdi>{g.title}</bdi>
                  </Link>{" "}
                  <span className="stage-badge" data-stage={g.stage}>
                    {t(`stages.${g.stage}`)}
                  </span>
                </li>
              ))}
            </ul>
          </>
        ) : null}
        <h3>{t("actions.behindIdeas", { number: ideas.length })}</h3>
        {ideas.length === 0 ? <p>{t("actions.noIdeas")}</p> : null}
        <ul className="plain-list">
          {ideas.map((idea) => (
            <li key={idea.id}>
              <Link to={`/ideas/${idea.id}`}>
                <bdi>{idea.title}</bdi>
              </Link>{" "}
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
