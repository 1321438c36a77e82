// GET /: the map of Borås with ideas, the filters, and the same ideas as an accessible list.
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData, useSubmit } from "@remix-run/react";
import { lazy, Suspense } from "react";
import { useTranslation } from "react-i18next";
import { ClientOnly } from "remix-utils/client-only";
import leafletStyles from "leaflet/dist/leaflet.css";
import { FocusIcon, FocusLegend } from "~/components/FocusArea";
import { IdeaList } from "~/components/IdeaList";
import { Notice } from "~/components/Notice";
import { FOCUS_AREA_STYLE, FOCUS_AREAS } from "~/domain/focus-areas";
import { ideaFilterToParams, parseIdeaFilter } from "~/domain/idea-filter";
import { countIdeas, listIdeas, type IdeaSort } from "~/models/ideas.server";
import { useRootData } from "~/root";
import { getFixedT } from "~/utils/locale.server";

const IdeaMap = lazy(() => import("~/components/map/IdeaMap.client"));

export const PAGE_SIZE = 20;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: leafletStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.pageTitle ?? "Samskapa Borås" },
  { name: "description", content: data?.description ?? "" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const { t } = await getFixedT(request);
  const params = new URL(request.url).searchParams;
  const parsed = parseIdeaFilter(params);
  if (!parsed.ok) throw new Response(`Unknown value for ${parsed.parameter}`, { status: 400 });
  const sort: IdeaSort = params.get("sort") === "newest" ? "newest" : "supports";
  const page = Math.max(1, Math.min(10_000, Math.floor(Number(params.get("page"))) || 1));

  const filter = parsed.filter;
  const total = countIdeas(filter);
  const ideas = listIdeas(filter, { sort, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  return json({
    pageTitle: `${t("map.title")} – ${t("site.name")}`,
    description: t("site.description"),
    filter,
    filterQuery: ideaFilterToParams(filter).toString(),
    sort,
    page,
    pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    total,
    ideas,
  });
}

export default function MapPage() {
  const data = useLoaderData<typeof loader>();
  const root = useRootData();
  const { t } = useTranslation();
  const submit = useSubmit();
  const selected = new Set<string>(data.filter.focusAreas);

  return (
    <div className="map-page">
      <Notice />
      <div className="map-intro">
        <h1>{t("map.title")}</h1>
        <p>{t("map.intro")}</p>
      </div>

      <Form
        method="get"
        className="filters"
        aria-label={t("filters.label")}
        onChange={(event) => submit(event.currentTarget, { replace: true, preventScrollReset: true })}
      >
        <fieldset>
          <legend>{t("filters.focusAreas")}</legend>
          <div className="chips">
            {FOCUS_AREAS.map((f) => (
              <label key={f} className="chip" data-focus={f}>
                <input type="checkbox" name="focus" value={f} defaultChecked={selected.has(f)} />
                <span className="chip-icon" style={{ backgroundColor: FOCUS_AREA_STYLE[f].color }}>
                  <FocusIcon focusArea={f} size={16} />
                </span>
                {t(`focusAreas.${f}.label`)}
              </label>
            ))}
          </div>
        </fieldset>
        <div className="filter-row">
          <label className="search">
            <span>{t("filters.search")}</span>
            <input type="search" name="q" defaultValue={data.filter.q} maxLength={200} />
          </label>
          <label>
            <span>{t("filters.sort")}</span>
            <select name="sort" defaultValue={data.sort}>
              <option value="supports">{t("filters.sortSupports")}</option>
              <option value="newest">{t("filters.sortNewest")}</option>
            </select>
          </label>
          <button type="submit" className="button">
            {t("filters.apply")}
          </button>
        </div>
      </Form>

      <div className="map-and-list">
        <section className="map-panel" aria-labelledby="map-heading">
          <h2 id="map-heading" className="visually-hidden">
            {t("map.heading")}
          </h2>
          <p className="visually-hidden">{t("map.screenReaderHint")}</p>
          <ClientOnly fallback={<div className="idea-map map-placeholder">{t("map.loading")}</div>}>
            {() => (
              <Suspense fallback={<div className="idea-map map-placeholder">{t("map.loading")}</div>}>
                <IdeaMap
                  tileUrl={root.map.tileUrl}
                  tileAttribution={root.map.tileAttribution}
                  filterQuery={data.filterQuery}
                />
              </Suspense>
            )}
          </ClientOnly>
          <FocusLegend />
        </section>

        <IdeaList
          ideas={data.ideas}
          total={data.total}
          page={data.page}
          pageCount={data.pageCount}
        />
      </div>
    </div>
  );
}
