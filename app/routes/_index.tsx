// GET /: the map of Borås with ideas, the filters, and the ideas in view as an accessible list.
// The whole view (area, filters, sort, page, selected idea, heat layer) lives in the URL.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import type { ShouldRevalidateFunction } from "@remix-run/react";
import { json } from "@remix-run/node";
import { Form, useLoaderData, useSearchParams, useSubmit } from "@remix-run/react";
import { Suspense, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { ClientOnly } from "remix-utils/client-only";
import { FocusIcon, FocusLegend } from "~/components/FocusArea";
import { IdeaList, type IdeaListPage } from "~/components/IdeaList";
import { Notice } from "~/components/Notice";
import { FOCUS_AREA_STYLE, FOCUS_AREAS, STAGES } from "~/domain/focus-areas";
import { boxAround, formatBBox, parseBBox, type BBox } from "~/domain/geo";
import { ideaFilterToParams, parseIdeaFilter } from "~/domain/idea-filter";
import type { IdeaSort } from "~/models/ideas.server";
import { MAX_PLACE_QUERY_LENGTH } from "~/domain/place-search";
import { searchPlaces } from "~/models/places.server";
import { ideaListPage, parseListParams } from "~/services/idea-list.server";
import { useRootData } from "~/root";
import { getFixedT } from "~/utils/locale.server";
import { lazyMap } from "~/components/map/lazy-map";

const IdeaMap = lazyMap(() => import("~/components/map/IdeaMap.client"));

/** "Find a place" shows about this far each way around the place found: a few streets. */
const PLACE_VIEW_METERS = 500;

/** A position rounded to about 100 m (three decimals), all that "near me" needs to sort by distance. */
function roundedPosition(latitude: number, longitude: number) {
  return { lat: Math.round(latitude * 1000) / 1000, lng: Math.round(longitude * 1000) / 1000 };
}
const VIEW_DEBOUNCE_MS = 350;

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.pageTitle ?? "Samskapa Borås" },
  { name: "description", content: data?.description ?? "" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const { t, language } = await getFixedT(request);
  const params = new URL(request.url).searchParams;
  const parsed = parseIdeaFilter(params);
  if (!parsed.ok) throw new Response(`Unknown value for ${parsed.parameter}`, { status: 400 });
  // "Find a place": an address or place name (/api/places' search) that the map goes to and the
  // list sorts by — the same with and without JavaScript.
  const placeQuery = (params.get("place") ?? "").trim().slice(0, MAX_PLACE_QUERY_LENGTH);
  const place = placeQuery ? (searchPlaces(placeQuery, 1)[0] ?? null) : null;
  const { list: listParams } = parseListParams(params);
  const sort: IdeaSort = listParams.sort ?? (place ? "nearest" : "supports");
  // A malformed area or point is ignored here (the page still works); /api/map refuses it.
  const bbox =
    parseBBox(params.get("bbox")) ?? (place ? boxAround(place, PLACE_VIEW_METERS) : null);
  const near = listParams.near;
  // What "nearest" sorts from when the view moves: the place found, else the person's point.
  const listNear = place ? { lat: place.lat, lng: place.lng } : near;
  const list = ideaListPage(parsed.filter, {
    bbox,
    sort,
    page: listParams.page,
    near: listNear,
    language,
  });
  return json({
    pageTitle: `${t("map.title")} – ${t("site.name")}`,
    description: t("site.description"),
    filter: parsed.filter,
    filterQuery: ideaFilterToParams(parsed.filter).toString(),
    sort,
    ...list,
    inView: Boolean(bbox),
    bbox,
    near,
    listNear,
    language,
    placeSearch: placeQuery ? { query: placeQuery, found: place?.name ?? null } : null,
    heat: params.get("heat") === "1",
  });
}

/** The idea chosen on the map (`?idea=`): read by the page from the address, with or without JS. */
function selectedIdeaOf(params: URLSearchParams): number | null {
  const selected = Number(params.get("idea"));
  return Number.isSafeInteger(selected) && selected > 0 ? selected : null;
}

/** The address without the chosen idea: what the loader's answer depends on. */
function withoutSelection(search: string) {
  const params = new URLSearchParams(search);
  params.delete("idea");
  return params.toString();
}

/**
 * The last change of address the map made for its own view, from and to (module state:
 * shouldRevalidate sees only the two URLs; only the browser writes it). Both ends count: back from
 * page 2 to the address the map once wrote is a change the map did not make.
 */
let addressWrittenByMap: { from: string; to: string } | null = null;

/**
 * A pan needs no loader: the map's own answer (/api/map with list=1) carries the list for the new
 * view, and the URL follows only so that links, reloads and the back button keep the view (issue 14).
 * Nor does choosing an idea on the map (`?idea=`, which the page reads from the address). Anything
 * else — forms, links, back and forward, an action — loads as before.
 */
export const shouldRevalidate: ShouldRevalidateFunction = ({
  currentUrl,
  nextUrl,
  formMethod,
  actionResult,
  defaultShouldRevalidate,
}) => {
  const addressOnly =
    !formMethod && actionResult === undefined && currentUrl.pathname === nextUrl.pathname;
  if (!addressOnly) return defaultShouldRevalidate;
  const mapMoved =
    new URLSearchParams(currentUrl.search).toString() === addressWrittenByMap?.from &&
    new URLSearchParams(nextUrl.search).toString() === addressWrittenByMap.to;
  const onlySelectionChanged =
    currentUrl.search !== nextUrl.search &&
    withoutSelection(currentUrl.search) === withoutSelection(nextUrl.search);
  return mapMoved || onlySelectionChanged ? false : defaultShouldRevalidate;
};

/** What the list beside the map is asked with, besides the filter and the box: sort, point, language. */
function listQueryOf(sort: string, near: { lat: number; lng: number } | null, language: string) {
  const params = new URLSearchParams({ sort });
  if (near) params.set("near", `${near.lat},${near.lng}`);
  params.set("lang", language);
  return params.toString();
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
      Boolean(data.placeSearch) ||
      data.filter.stages.length > 0 ||
      data.sort === "newest" ||
      data.heat,
  );

  // The map reports where it is; the URL follows (debounced), without asking the loader again.
  const viewTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  // The address is written after a pause, by the setter of that moment: the one of the moment of
  // the move would start from the address as it was then, and undo what changed meanwhile (an
  // idea chosen or closed on the map).
  const setSearchParamsNow = useRef(setSearchParams);
  setSearchParamsNow.current = setSearchParams;
  const onViewChange = useCallback((bbox: BBox) => {
    clearTimeout(viewTimer.current);
    viewTimer.current = setTimeout(() => {
      setSearchParamsNow.current(
        (previous) => {
          const next = new URLSearchParams(previous);
          next.set("bbox", formatBBox(bbox));
          next.delete("page");
          addressWrittenByMap = { from: previous.toString(), to: next.toString() };
          return next;
        },
        { replace: true, preventScrollReset: true },
      );
    }, VIEW_DEBOUNCE_MS);
  }, []);
  useEffect(() => () => clearTimeout(viewTimer.current), []);

  // The list for the view the map moved to comes with the map's answer. It stands until the loader
  // answers anew (a form, a link, back or forward) or the filter, sort or language it was asked with
  // is no longer the page's.
  const listQuery = listQueryOf(data.sort, data.listNear, data.language);
  const loaded = useRef(data);
  loaded.current = data;
  const [fromMap, setFromMap] = useState<{
    loaded: typeof data;
    asked: string;
    list: IdeaListPage;
  } | null>(null);
  const onList = useCallback(
    (list: IdeaListPage, asked: { filterQuery: string; listQuery: string }) =>
      setFromMap({
        loaded: loaded.current,
        asked: `${asked.filterQuery}|${asked.listQuery}`,
        list,
      }),
    [],
  );
  const mapList =
    fromMap && fromMap.loaded === data && fromMap.asked === `${data.filterQuery}|${listQuery}`
      ? fromMap.list
      : null;
  const list = mapList ?? data;

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
        const next = new URLSearchParams(searchParams);
        // The address bar, the history and shared links never carry where the person stands:
        // three decimals is about 100 m, and the area around it is drawn from the rounded point.
        const { lat, lng } = roundedPosition(coords.latitude, coords.longitude);
        next.set("near", `${lat.toFixed(3)},${lng.toFixed(3)}`);
        // About a kilometre each way.
        const box = boxAround({ lat, lng }, 1_000);
        next.set("bbox", formatBBox(box));
        next.set("sort", "nearest");
        next.delete("page");
        setSearchParams(next, { preventScrollReset: true });
      },
      () => setLocating("failed"),
      { timeout: 10_000, maximumAge: 60_000 },
    );
  };

  // The view the address holds: the map's own moves reach it without the loader (see
  // shouldRevalidate), so the loader's box may be older; the loader's is the place found.
  const bboxParam = searchParams.get("bbox");
  // The chosen idea too: choosing one does not run the loader (see shouldRevalidate).
  const selectedId = selectedIdeaOf(searchParams);
  const bbox = useMemo(() => parseBBox(bboxParam) ?? data.bbox, [bboxParam, data.bbox]);

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
        onChange={(event) => {
          // The place finder's field sits here but belongs to its own form: it waits for its button.
          if ((event.target as HTMLInputElement).form !== event.currentTarget) return;
          submit(event.currentTarget, { replace: true, preventScrollReset: true });
        }}
      >
        {bbox ? <input type="hidden" name="bbox" value={bboxParam ?? ""} /> : null}
        {data.near ? (
          <input type="hidden" name="near" value={searchParams.get("near") ?? ""} />
        ) : null}
        {data.placeSearch?.found ? (
          <input type="hidden" name="place" value={data.placeSearch.query} />
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
          <PlaceFinderFields query={data.placeSearch?.query ?? ""} />
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

      <PlaceFinderForm
        search={data.placeSearch}
        filterQuery={data.filterQuery}
        heat={data.heat}
        clearHref={`?${withoutPlace(searchParams)}`}
      />

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
                  integers={root.integers}
                  filterQuery={data.filterQuery}
                  bbox={bbox}
                  selectedId={selectedId}
                  heat={data.heat}
                  listQuery={listQuery}
                  onViewChange={onViewChange}
                  onList={onList}
                  onSelect={onSelect}
                />
              </Suspense>
            )}
          </ClientOnly>
          <FocusLegend />
        </section>

        <IdeaList
          ideas={list.ideas}
          total={list.total}
          shownTotal={list.shownTotal}
          page={list.page}
          pageCount={list.pageCount}
          inView={mapList !== null || data.inView}
          selectedId={selectedId}
        />
      </div>
    </div>
  );
}

/** The address without the place found and the view it chose. */
function withoutPlace(params: URLSearchParams): string {
  const next = new URLSearchParams(params);
  for (const name of ["place", "bbox", "near", "sort", "page"]) next.delete(name);
  return next.toString();
}

const PLACE_FORM_ID = "place-finder";

/**
 * "Find a place": an address or a place name; the map goes there and the ideas nearest to it come
 * first in the list. A GET form of its own, so that the filters travel with it but not the old view;
 * its field and button sit among the filters (folded away on a phone) and belong to it by `form`.
 */
function PlaceFinderForm({
  search,
  filterQuery,
  heat,
  clearHref,
}: {
  search: { query: string; found: string | null } | null;
  filterQuery: string;
  heat: boolean;
  clearHref: string;
}) {
  const { t } = useTranslation();
  return (
    <Form id={PLACE_FORM_ID} method="get" className="place-finder">
      {[...new URLSearchParams(filterQuery)].map(([name, value], n) => (
        <input key={`${name}-${n}`} type="hidden" name={name} value={value} />
      ))}
      {heat ? <input type="hidden" name="heat" value="1" /> : null}
      {search ? (
        <p role="status" className="place-finder-status">
          {search.found ? (
            <>
              {t("filters.placeFound", { name: search.found })}{" "}
              <a href={clearHref}>{t("filters.placeClear")}</a>
            </>
          ) : (
            t("filters.placeNone", { query: search.query })
          )}
        </p>
      ) : null}
    </Form>
  );
}

function PlaceFinderFields({ query }: { query: string }) {
  const { t } = useTranslation();
  return (
    <div className="place-finder-fields">
      <label htmlFor="place-finder-query">{t("filters.placeLabel")}</label>
      <div className="place-finder-row">
        <input
          id="place-finder-query"
          type="search"
          name="place"
          form={PLACE_FORM_ID}
          defaultValue={query}
          key={query}
          maxLength={MAX_PLACE_QUERY_LENGTH}
        />
        <button type="submit" className="button secondary" form={PLACE_FORM_ID}>
          {t("filters.placeButton")}
        </button>
      </div>
    </div>
  );
}
