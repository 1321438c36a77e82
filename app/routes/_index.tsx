// GET /: the map of Borås with ideas, the filters, and the ideas in view as an accessible list.
// The whole view (area, filters, sort, page, selected idea, heat layer) lives in the URL.
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData, useSearchParams, useSubmit } from "@remix-run/react";
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { ClientOnly } from "remix-utils/client-only";
import leafletStyles from "leaflet/dist/leaflet.css";
import { FocusIcon, FocusLegend } from "~/components/FocusArea";
import { IdeaList } from "~/components/IdeaList";
import { Notice } from "~/components/Notice";
import { FOCUS_AREA_STYLE, FOCUS_AREAS, STAGES } from "~/domain/focus-areas";
import { parseBBox, type BBox } from "~/domain/geo";
import { ideaFilterToParams, parseIdeaFilter } from "~/domain/idea-filter";
import { countIdeas, listIdeas, type IdeaSort } from "~/models/ideas.server";
import { useRootData } from "~/root";
import { getFixedT } from "~/utils/locale.server";

const IdeaMap = lazy(() => import("~/components/map/IdeaMap.client"));

export const PAGE_SIZE = 20;
const SORTS: IdeaSort[] = ["supports", "newest", "nearest"];

/** A position rounded to about 100 m (three decimals), all that "near me" needs to sort by distance. */
function roundedPosition(latitude: number, longitude: number) {
  return { lat: Math.round(latitude * 1000) / 1000, lng: Math.round(longitude * 1000) / 1000 };
}
const VIEW_DEBOUNCE_MS = 350;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: leafletStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.pageTitle ?? "Samskapa Borås" },
  { name: "description", content: data?.description ?? "" },
];

function parsePoint(value: string | null) {
  const [lat, lng] = (value ?? "").split(",").map(Number);
  return Number.isFinite(lat) && Number.isFinite(lng) && Math.abs(lat) <= 90 && Math.abs(lng) <= 180
    ? { lat, lng }
    : null;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { t } = await getFixedT(request);
  const params = new URL(request.url).searchParams;
  const parsed = parseIdeaFilter(params);
  if (!parsed.ok) throw new Response(`Unknown value for ${parsed.parameter}`, { status: 400 });
  const sortParam = params.get("sort") as IdeaSort | null;
  const sort: IdeaSort = sortParam && SORTS.includes(sortParam) ? sortParam : "supports";
  const page = Math.max(1, Math.min(10_000, Math.floor(Number(params.get("page"))) || 1));
  // A malformed area or point is ignored here (the page still works); /api/map refuses it.
  const bbox = parseBBox(params.get("bbox"));
  const near = parsePoint(params.get("near"));
  const centre =
    near ??
    (bbox ? { lat: (bbox.south + bbox.north) / 2, lng: (bbox.west + bbox.east) / 2 } : undefined);

  const filter = parsed.filter;
  const total = countIdeas(filter, bbox ?? undefined);
  const ideas = listIdeas(filter, {
    sort,
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
    bbox: bbox ?? undefined,
    near: centre,
  });
  const selected = Number(params.get("idea"));
  return json({
    pageTitle: `${t("map.title")} – ${t("site.name")}`,
    description: t("site.description"),
    filter,
    filterQuery: ideaFilterToParams(filter).toString(),
    sort,
    page,
    pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    total,
    inView: Boolean(bbox),
    bbox,
    near,
    heat: params.get("heat") === "1",
    selectedId: Number.isSafeInteger(selected) && selected > 0 ? selected : null,
    ideas,
  });
}

/**
 * The map's box before the map arrives. Without JavaScript it never will: the "js" class (set in
 * the document's head) tells which of the two sentences to show, so no one waits for "loading".
 */
function MapFallback() {
  const { t } = useTranslation();
  return (
    <div className="idea-map map-placeholder">
      <p className="map-placeholder-loading">{t("map.loading")}</p>
      <p className="map-placeholder-no-script">
        {t("map.needsScript")} <a href="#list-heading">{t("map.toList")}</a>
      </p>
    </div>
  );
}

export default function MapPage() {
  const data = useLoaderData<typeof loader>();
  const root = useRootData();
  const { t } = useTranslation();
  const submit = useSubmit();
  const [searchParams, setSearchParams] = useSearchParams();
  const selected = new Set<string>(data.filter.focusAreas);
  const [locating, setLocating] = useState<"idle" | "busy" | "failed">("idle");
  // On a phone (with JavaScript) search, stage, sort and the heat layer fold away under one button,
  // so that the map shows without scrolling; open from the start when one of them is in use.
  const [moreFilters, setMoreFilters] = useState(
    () =>
      Boolean(data.filter.q) ||
      data.filter.stages.length > 0 ||
      data.sort === "newest" ||
      data.heat,
  );

  // The map reports where it is; the URL follows (debounced), and the list with it.
  const viewTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const onViewChange = useCallback(
    (bbox: BBox) => {
      clearTimeout(viewTimer.current);
      viewTimer.current = setTimeout(() => {
        setSearchParams(
          (previous) => {
            const next = new URLSearchParams(previous);
            next.set(
              "bbox",
              [bbox.west, bbox.south, bbox.east, bbox.north].map((n) => n.toFixed(5)).join(","),
            );
            next.delete("page");
            return next;
          },
          { replace: true, preventScrollReset: true },
        );
      }, VIEW_DEBOUNCE_MS);
    },
    [setSearchParams],
  );
  useEffect(() => () => clearTimeout(viewTimer.current), []);

  const onSelect = useCallback(
    (id: number | null) => {
      setSearchParams(
        (previous) => {
          const next = new URLSearchParams(previous);
          if (id === null) next.delete("idea");
          else next.set("idea", String(id));
          return next;
        },
        { replace: true, preventScrollReset: true },
      );
    },
    [setSearchParams],
  );

  const nearMe = () => {
    if (!("geolocation" in navigator)) return setLocating("failed");
    setLocating("busy");
    navigator.geolocation.getCurrentPosition(
      ({ coords }) => {
        setLocating("idle");
        const dLat = 0.009; // about a kilometre each way
        const dLng = 0.017;
        const next = new URLSearchParams(searchParams);
        // The address bar, the history and shared links never carry where the person stands:
        // three decimals is about 100 m, and the area around it is drawn from the rounded point.
        const { lat, lng } = roundedPosition(coords.latitude, coords.longitude);
        next.set("near", `${lat.toFixed(3)},${lng.toFixed(3)}`);
        next.set(
          "bbox",
          [lng - dLng, lat - dLat, lng + dLng, lat + dLat].map((n) => n.toFixed(5)).join(","),
        );
        next.set("sort", "nearest");
        next.delete("page");
        setSearchParams(next, { preventScrollReset: true });
      },
      () => setLocating("failed"),
      { timeout: 10_000, maximumAge: 60_000 },
    );
  };

  const bbox = useMemo(() => data.bbox, [data.bbox]);

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
        onChange={(event) =>
          submit(event.currentTarget, { replace: true, preventScrollReset: true })
        }
      >
        {data.bbox ? (
          <input type="hidden" name="bbox" value={searchParams.get("bbox") ?? ""} />
        ) : null}
        {data.near ? (
          <input type="hidden" name="near" value={searchParams.get("near") ?? ""} />
        ) : null}
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
        <button
          type="button"
          className="button secondary filters-toggle"
          aria-expanded={moreFilters}
          aria-controls="filter-more"
          onClick={() => setMoreFilters((open) => !open)}
        >
          {t("filters.more")}
        </button>
        <div className="filter-row" id="filter-more" data-open={moreFilters || undefined}>
          <label className="search">
            <span>{t("filters.search")}</span>
            <input type="search" name="q" defaultValue={data.filter.q} maxLength={200} />
          </label>
          <label>
            <span>{t("filters.stage")}</span>
            <select name="stage" defaultValue={data.filter.stages[0] ?? ""}>
              <option value="">{t("filters.allStages")}</option>
              {STAGES.map((s) => (
                <option key={s} value={s}>
                  {t(`stages.${s}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>{t("filters.sort")}</span>
            <select name="sort" defaultValue={data.sort}>
              <option value="supports">{t("filters.sortSupports")}</option>
              <option value="newest">{t("filters.sortNewest")}</option>
              <option value="nearest">{t("filters.sortNearest")}</option>
            </select>
          </label>
          <label className="checkbox heat-toggle">
            <input type="checkbox" name="heat" value="1" defaultChecked={data.heat} />
            {t("filters.heat")}
          </label>
          <button type="submit" className="button">
            {t("filters.apply")}
          </button>
          <ClientOnly>
            {() => (
              <button
                type="button"
                className="button secondary near-me"
                onClick={nearMe}
                disabled={locating === "busy"}
              >
                {locating === "busy" ? t("filters.locating") : t("filters.nearMe")}
              </button>
            )}
          </ClientOnly>
        </div>
        {locating === "failed" ? (
          <p role="alert" className="field-errors">
            {t("filters.locationFailed")}
          </p>
        ) : null}
      </Form>

      <div className="map-and-list">
        <section className="map-panel" aria-labelledby="map-heading">
          <h2 id="map-heading" className="visually-hidden">
            {t("map.heading")}
          </h2>
          <p className="visually-hidden">{t("map.screenReaderHint")}</p>
          <ClientOnly fallback={<MapFallback />}>
            {() => (
              <Suspense
                fallback={<div className="idea-map map-placeholder">{t("map.loading")}</div>}
              >
                <IdeaMap
                  tileUrl={root.map.tileUrl}
                  tileAttribution={root.map.tileAttribution}
                  filterQuery={data.filterQuery}
                  bbox={bbox}
                  selectedId={data.selectedId}
                  heat={data.heat}
                  onViewChange={onViewChange}
                  onSelect={onSelect}
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
          inView={data.inView}
          selectedId={data.selectedId}
        />
      </div>
    </div>
  );
}
