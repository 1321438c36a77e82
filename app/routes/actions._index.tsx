// GET /actions: the action portfolio — filters (focus area, partner, status; a GET form that works
// without JavaScript), the actions with a place on a map, the list, and summary charts drawn on the
// server as accessible SVG with their tables (docs/decisions/016-action-portfolio.md).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Suspense } from "react";
import { useTranslation } from "react-i18next";
import { ClientOnly } from "remix-utils/client-only";
import { ActionProgress, ActionStatusBadge, formatTonnes } from "~/components/actions/ActionParts";
import { BarChart } from "~/components/actions/BarChart";
import { FocusBadge } from "~/components/FocusArea";
import { numberFormat } from "~/components/format";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import {
  ACTION_STATUSES,
  actionsStartedPerYear,
  ideasPerAction,
  isActionStatus,
  tonnesByFocusArea,
  tonnesByStatus,
} from "~/domain/actions";
import { FOCUS_AREA_STYLE, FOCUS_AREAS, isFocusArea } from "~/domain/focus-areas";
import { listActions, listPartners } from "~/models/actions.server";
import { useRootData } from "~/root";
import { getFixedT } from "~/utils/locale.server";
import { lazyMap } from "~/components/map/lazy-map";

const GroupMap = lazyMap(() => import("~/components/map/GroupMap.client"));

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function loader({ request }: LoaderFunctionArgs) {
  const search = new URL(request.url).searchParams;
  const partners = listPartners();
  const focus = search.get("focus");
  const status = search.get("status");
  const partnerId = Number(search.get("partner"));
  const filter = {
    focusArea: isFocusArea(focus) ? focus : undefined,
    status: isActionStatus(status) ? status : undefined,
    partnerId: partners.some((p) => p.id === partnerId) ? partnerId : undefined,
  };
  const actions = listActions(filter);
  const { t } = await getFixedT(request);
  return json({
    title: `${t("actions.title")} – ${t("site.name")}`,
    actions,
    partners,
    filter: {
      focus: filter.focusArea ?? "",
      status: filter.status ?? "",
      partner: filter.partnerId ? String(filter.partnerId) : "",
    },
    charts: {
      byFocus: tonnesByFocusArea(actions),
      byStatus: tonnesByStatus(actions),
      perYear: actionsStartedPerYear(actions),
      ideas: ideasPerAction(actions),
    },
  });
}

export default function ActionsPage() {
  const { actions, partners, filter, charts } = useLoaderData<typeof loader>();
  const root = useRootData();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const tonnes = (v: number) => t("actions.tonnesShort", { value: formatTonnes(v, lang) });
  const count = (v: number) => numberFormat(lang).format(v);
  const placed = actions.flatMap((a) =>
    a.lat !== null && a.lng !== null
      ? [{ id: a.id, title: a.title, focusArea: a.focusArea, lat: a.lat, lng: a.lng }]
      : [],
  );
  const totalTonnes = actions.reduce((s, a) => s + a.co2eTonnesPerYear, 0);
  return (
    <div className="page actions-page">
      <h1>{t("actions.title")}</h1>
      <p>{t("actions.intro")}</p>

      <Form method="get" className="filters action-filters" aria-labelledby="filters-heading">
        <h2 id="filters-heading" className="visually-hidden">
          {t("actions.filters.heading")}
        </h2>
        <div className="field">
          <label htmlFor="filter-focus">{t("newIdea.focusAreaLabel")}</label>
          <select id="filter-focus" name="focus" defaultValue={filter.focus}>
            <option value="">{t("actions.filters.any")}</option>
            {FOCUS_AREAS.map((f) => (
              <option key={f} value={f}>
                {t(`focusAreas.${f}.label`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-partner">{t("actions.form.partner")}</label>
          <select id="filter-partner" name="partner" defaultValue={filter.partner}>
            <option value="">{t("actions.filters.any")}</option>
            {partners.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-status">{t("actions.form.status")}</label>
          <select id="filter-status" name="status" defaultValue={filter.status}>
            <option value="">{t("actions.filters.any")}</option>
            {ACTION_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`actions.status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button">
          {t("actions.filters.apply")}
        </button>
        {filter.focus || filter.partner || filter.status ? (
          <Link to="/actions">{t("actions.filters.clear")}</Link>
        ) : null}
      </Form>

      <p role="status" className="muted">
        {t("actions.summary", {
          number: count(actions.length),
          tonnes: formatTonnes(totalTonnes, lang),
        })}
      </p>

      {placed.length ? (
        <section aria-labelledby="actions-map-heading">
          <h2 id="actions-map-heading">{t("actions.mapHeading")}</h2>
          <ClientOnly
            fallback={<div className="location-map map-placeholder">{t("map.loading")}</div>}
          >
            {() => (
              <Suspense
                fallback={<div className="location-map map-placeholder">{t("map.loading")}</div>}
              >
                <GroupMap
                  ideas={placed}
                  label={t("actions.mapLabel")}
                  tileUrl={root.map.tileUrl}
                  tileAttribution={root.map.tileAttribution}
                />
              </Suspense>
            )}
          </ClientOnly>
        </section>
      ) : null}

      <section aria-labelledby="actions-list-heading">
        <h2 id="actions-list-heading">{t("actions.listHeading")}</h2>
        {actions.length === 0 ? <p>{t("actions.noneMatching")}</p> : null}
        <ul className="action-list plain-list">
          {actions.map((a) => (
            <li key={a.id} className="action-card">
              <h3>
                <Link to={`/actions/${a.id}`}>
                  <bdi>{a.title}</bdi>
                </Link>
              </h3>
              <p>
                <FocusBadge focusArea={a.focusArea} /> <ActionStatusBadge status={a.status} />{" "}
                <bdi>{a.partner}</bdi>
              </p>
              <ActionProgress id={`progress-${a.id}`} progress={a.progress} />
              <p className="muted">
                {t("actions.tonnesValue", { value: formatTonnes(a.co2eTonnesPerYear, lang) })} ·{" "}
                {t("actions.ideasBehind", { number: count(a.ideas) })}
              </p>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="actions-charts-heading" className="charts">
        <h2 id="actions-charts-heading">{t("actions.charts.heading")}</h2>
        <p className="muted">{t("actions.charts.intro")}</p>
        <BarChart
          id="chart-focus"
          title={t("actions.charts.byFocus")}
          description={t("actions.charts.byFocusDesc")}
          categoryHeading={t("newIdea.focusAreaLabel")}
          valueHeading={t("actions.tonnes")}
          format={tonnes}
          rows={charts.byFocus.map((b) => ({
            key: b.key,
            label: t(`focusAreas.${b.key}.label`),
            value: b.value,
            color: FOCUS_AREA_STYLE[b.key].color,
          }))}
        />
        <BarChart
          id="chart-status"
          title={t("actions.charts.byStatus")}
          description={t("actions.charts.byStatusDesc")}
          categoryHeading={t("actions.form.status")}
          valueHeading={t("actions.tonnes")}
          format={tonnes}
          rows={charts.byStatus.map((b) => ({
            key: b.key,
            label: t(`actions.status.${b.key}`),
            value: b.value,
          }))}
        />
        <BarChart
          id="chart-years"
          title={t("actions.charts.perYear")}
          description={t("actions.charts.perYearDesc")}
          categoryHeading={t("actions.charts.year")}
          valueHeading={t("actions.charts.actions")}
          format={count}
          rows={charts.perYear.map((b) => ({
            key: b.key,
            label: numberFormat(lang, { useGrouping: false }).format(Number(b.key)),
            value: b.value,
          }))}
        />
        <BarChart
          id="chart-ideas"
          title={t("actions.charts.ideas")}
          description={t("actions.charts.ideasDesc")}
          categoryHeading={t("actions.action")}
          valueHeading={t("actions.charts.ideaCount")}
          format={count}
          rows={charts.ideas.map((b) => ({ key: b.key, label: b.title, value: b.value }))}
        />
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
