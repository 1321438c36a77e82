// Where an idea is: a map to tap, drag or steer with the keyboard, a search for addresses and places
// (/api/places), the gazetteer as a list, the device's location, and buttons that move the pin 50 m.
// The point travels in two hidden inputs; without JavaScript (no map) the person searches with a GET
// form and picks a match from the list, or types the coordinates.
import {
  Suspense,
  useEffect,
  useId,
  useRef,
  useState,
  type ChangeEvent,
  type KeyboardEvent,
  type ReactNode,
} from "react";
import { useTranslation } from "react-i18next";
import { ClientOnly } from "remix-utils/client-only";
import { numberFormat } from "~/components/format";
import { ErrorList } from "~/components/forms";
import type { MapView } from "~/components/map/PlacePickerMap.client";
import { lazyMap } from "~/components/map/lazy-map";
import {
  describePlace,
  distanceParts,
  FINE_NUDGE_METERS,
  movePoint,
  NUDGE_METERS,
  PLACE_KINDS,
  placesByKind,
  roundDistanceMeters,
  type CompassDirection,
  type Point,
} from "~/domain/describe-place";
import { isInBoras } from "~/domain/geo";
import {
  MAX_PLACE_QUERY_LENGTH,
  PLACE_QUERY_FIELD,
  type ListedPlaceHit,
  type PlaceHit,
  type PlaceSearch,
} from "~/domain/place-search";
import {
  findPlace,
  PLACE_ID_FIELD,
  places,
  pointOfImportedPlaceId,
  type PlaceKind,
} from "~/domain/places";
import { directionOf } from "~/utils/i18n";

const PlacePickerMap = lazyMap(() => import("~/components/map/PlacePickerMap.client"));

const ONE_DECIMAL: Intl.NumberFormatOptions = {
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
};

export type PlacePickerProps = {
  /** from a failed submission, to keep the pin */
  defaultValue?: Point | null;
  /** from a failed submission without JavaScript: the place chosen from the list */
  defaultPlaceId?: string;
  latName?: string;
  lngName?: string;
  /** locale keys for lat/lng from the server or zod */
  errors?: string[];
  errorId?: string;
  tileUrl: string;
  tileAttribution: string;
  /** called when the person moves the pin (not for defaultValue) */
  onChange?: (point: Point | null) => void;
  /** the no-JavaScript search: the id of the page's GET form, what was searched and what matched */
  placeSearch?: PlaceSearch;
};

const SEARCH_DEBOUNCE_MS = 250;
const ZOOM_FOR_SEARCH_HIT = 17;

const ZOOM_FOR_KIND: Record<PlaceKind, number> = { district: 15, village: 15, landmark: 16 };
const ZOOM_FOR_MY_LOCATION = 16;
/** A position less precise than this is called approximate. */
const APPROXIMATE_METERS = 200;
// Compass order in a cross: north on top, west to the left — a map does not mirror in RTL.
const NUDGES: { direction: CompassDirection; arrow: string }[] = [
  { direction: "north", arrow: "↑" },
  { direction: "west", arrow: "←" },
  { direction: "east", arrow: "→" },
  { direction: "south", arrow: "↓" },
];

type SearchStatus =
  { state: "idle" | "searching" | "failed" } | { state: "done"; hits: PlaceHit[] };

type LocationStatus =
  | { state: "idle" }
  | { state: "locating" }
  | { state: "found"; accuracyMeters: number }
  | { state: "denied" | "unavailable" | "outside" };

/** Six decimals are about 10 cm: more than enough, and short in the form data. */
const coordinate = (value: number) => value.toFixed(6);

export function PlacePicker({
  defaultValue = null,
  defaultPlaceId = "",
  latName = "lat",
  lngName = "lng",
  errors,
  errorId,
  tileUrl,
  tileAttribution,
  onChange,
  placeSearch,
}: PlacePickerProps) {
  const { t } = useTranslation();
  const id = useId();
  const hintId = `${id}-hint`;
  const ownErrorId = errorId ?? `${id}-errors`;
  // Latitude and longitude fail together ("choose a place" twice): say each thing once.
  const messages = errors?.length ? [...new Set(errors)] : undefined;
  const hasErrors = Boolean(messages?.length);
  const describedBy = [hintId, hasErrors ? ownErrorId : null].filter(Boolean).join(" ");
  const errorList = <ErrorList id={ownErrorId} errors={messages} />;

  // What the map-less fallback (no JavaScript yet) and the map share.
  const fields = {
    hintId,
    errorList,
    defaultValue,
    defaultPlaceId,
    latName,
    lngName,
    invalid: hasErrors,
    errorId: hasErrors ? ownErrorId : undefined,
  };
  return (
    <fieldset className="place-picker" aria-describedby={describedBy}>
      <legend>{t("placePicker.legend")}</legend>
      <ClientOnly fallback={<CoordinateInputs {...fields} placeSearch={placeSearch} />}>
        {() => (
          <PickerControls
            {...fields}
            tileUrl={tileUrl}
            tileAttribution={tileAttribution}
            onChange={onChange}
          />
        )}
      </ClientOnly>
    </fieldset>
  );
}

const placeGroups = placesByKind(places);

/** The gazetteer as options, by kind: the same list with and without JavaScript (search matches first). */
function PlaceOptions({ matches }: { matches?: ListedPlaceHit[] | null }) {
  const { t } = useTranslation();
  return (
    <>
      <option value="">{t("placePicker.placeListNone")}</option>
      {matches?.length ? (
        <optgroup label={t("placePicker.searchResults")}>
          {matches.map((place) => (
            <option key={place.id} value={place.id}>
              {place.name}
            </option>
          ))}
        </optgroup>
      ) : null}
      {PLACE_KINDS.map((kind) => (
        <optgroup key={kind} label={t(`placePicker.kinds.${kind}`)}>
          {placeGroups[kind].map((place) => (
            <option key={place.id} value={place.id}>
              {place.name}
            </option>
          ))}
        </optgroup>
      ))}
    </>
  );
}

/** Without JavaScript there is no map: a place from the list, or coordinates typed in the same form fields. */
function CoordinateInputs({
  hintId,
  errorList,
  defaultValue,
  defaultPlaceId,
  latName,
  lngName,
  invalid,
  errorId,
  placeSearch,
}: {
  hintId: string;
  errorList: ReactNode;
  defaultValue: Point | null;
  defaultPlaceId: string;
  latName: string;
  lngName: string;
  invalid: boolean;
  errorId?: string;
  placeSearch?: PlaceSearch;
}) {
  const { t } = useTranslation();
  const id = useId();
  const describedBy = [hintId, errorId].filter(Boolean).join(" ");
  const matches = placeSearch?.matches;
  // A place sent before stays chosen; after a search, its best match is.
  const listed =
    findPlace(defaultPlaceId) || pointOfImportedPlaceId(defaultPlaceId)
      ? defaultPlaceId
      : (matches?.[0]?.id ?? "");
  return (
    <div className="place-picker-coordinates">
      <p id={hintId} className="field-hint">
        {t("placePicker.noScriptHint")}
      </p>
      {errorList}
      {placeSearch ? (
        <div className="field place-picker-search">
          <label htmlFor={`${id}-search`}>{t("placePicker.searchLabel")}</label>
          <p id={`${id}-search-hint`} className="field-hint">
            {t("placePicker.searchHint")} {t("placePicker.searchNoScriptHint")}
          </p>
          <div className="place-picker-search-row">
            {/* Both belong to the page's GET form (the `form` attribute), not to the idea's form. */}
            <input
              id={`${id}-search`}
              type="search"
              name={PLACE_QUERY_FIELD}
              form={placeSearch.formId}
              defaultValue={placeSearch.query}
              maxLength={MAX_PLACE_QUERY_LENGTH}
              aria-describedby={`${id}-search-hint`}
            />
            <button type="submit" className="button" form={placeSearch.formId}>
              {t("placePicker.searchButton")}
            </button>
          </div>
          {matches && matches.length === 0 ? (
            <p className="place-picker-search-none">{t("placePicker.searchNone")}</p>
          ) : null}
        </div>
      ) : null}
      <div className="field place-picker-places">
        <label htmlFor={`${id}-place`}>{t("placePicker.placeListLabel")}</label>
        <select
          id={`${id}-place`}
          name={PLACE_ID_FIELD}
          defaultValue={listed}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy}
        >
          <PlaceOptions matches={matches} />
        </select>
      </div>
      <p className="field-hint">{t("placePicker.noScriptCoordinates")}</p>
      <div className="place-picker-coordinate-fields">
        {(["lat", "lng"] as const).map((axis) => (
          <div className="field" key={axis}>
            <label htmlFor={`${id}-${axis}`}>
              {t(axis === "lat" ? "placePicker.latitude" : "placePicker.longitude")}
            </label>
            <input
              id={`${id}-${axis}`}
              name={axis === "lat" ? latName : lngName}
              type="number"
              inputMode="decimal"
              step="any"
              min={axis === "lat" ? -90 : -180}
              max={axis === "lat" ? 90 : 180}
              defaultValue={defaultValue ? coordinate(defaultValue[axis]) : ""}
              aria-invalid={invalid || undefined}
              aria-describedby={describedBy}
            />
          </div>
        ))}
      </div>
    </div>
  );
}

function PickerControls({
  hintId,
  errorList,
  defaultValue,
  latName,
  lngName,
  invalid,
  errorId,
  tileUrl,
  tileAttribution,
  onChange,
}: {
  hintId: string;
  errorList: ReactNode;
  defaultValue: Point | null;
  latName: string;
  lngName: string;
  invalid: boolean;
  errorId?: string;
  tileUrl: string;
  tileAttribution: string;
  onChange?: (point: Point | null) => void;
}) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const keyboardHintId = `${id}-keyboard`;
  const listId = `${id}-list`;
  const nudgeLabelId = `${id}-nudge`;
  const [point, setPoint] = useState<Point | null>(defaultValue);
  const [placeId, setPlaceId] = useState("");
  const [view, setView] = useState<MapView | null>(null);
  const [location, setLocation] = useState<LocationStatus>({ state: "idle" });
  const [query, setQuery] = useState("");
  const [search, setSearch] = useState<SearchStatus>({ state: "idle" });
  /** the name of the search hit the pin was put at, until the pin moves */
  const [chosenName, setChosenName] = useState<string | null>(null);
  const seq = useRef(0);
  const searchId = `${id}-search`;

  useEffect(() => {
    const q = query.trim();
    if ([...q].length < 2) {
      setSearch({ state: "idle" });
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      setSearch({ state: "searching" });
      try {
        const response = await fetch(`/api/places?q=${encodeURIComponent(q)}`, {
          signal: controller.signal,
          headers: { Accept: "application/json" },
        });
        if (!response.ok) throw new Error(`status ${response.status}`);
        const body = (await response.json()) as { places: PlaceHit[] };
        setSearch({ state: "done", hits: body.places });
      } catch {
        if (!controller.signal.aborted) setSearch({ state: "failed" });
      }
    }, SEARCH_DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [query]);

  const meterFormat = numberFormat(i18n.language);
  const kilometerFormat = numberFormat(i18n.language, ONE_DECIMAL);
  const outside = point ? !isInBoras(point.lat, point.lng) : false;

  function choose(
    next: Point,
    options: { view?: Omit<MapView, "seq" | "lat" | "lng">; placeId?: string; name?: string } = {},
  ) {
    setPoint(next);
    setPlaceId(options.placeId ?? "");
    setChosenName(options.name ?? null);
    // A message about the device's location is stale once the pin moves; locateMe sets it again.
    setLocation({ state: "idle" });
    if (options.view) setView({ ...next, ...options.view, seq: ++seq.current });
    onChange?.(next);
  }

  function nudge(direction: CompassDirection, meters: number) {
    if (!point) return;
    choose(movePoint(point, direction, meters), { view: { mode: "reveal" } });
  }

  function onPlaceChange(event: ChangeEvent<HTMLSelectElement>) {
    const place = findPlace(event.target.value);
    if (!place) {
      setPlaceId("");
      return;
    }
    choose(
      { lat: place.lat, lng: place.lng },
      { placeId: place.id, view: { mode: "focus", zoom: ZOOM_FOR_KIND[place.kind] } },
    );
  }

  function chooseSearchHit(hit: PlaceHit) {
    const gazetteerPlace = places.find(
      (p) => p.name === hit.name && p.lat === hit.lat && p.lng === hit.lng,
    );
    choose(
      { lat: hit.lat, lng: hit.lng },
      {
        placeId: gazetteerPlace?.id,
        name: hit.name,
        view: {
          mode: "focus",
          zoom: gazetteerPlace ? ZOOM_FOR_KIND[gazetteerPlace.kind] : ZOOM_FOR_SEARCH_HIT,
        },
      },
    );
    setSearch({ state: "idle" });
  }

  function onSearchKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    // Enter here chooses the best match; it must not send the idea's form.
    if (event.key !== "Enter") return;
    event.preventDefault();
    if (search.state === "done" && search.hits.length) chooseSearchHit(search.hits[0]);
  }

  function locateMe() {
    if (!("geolocation" in navigator)) {
      setLocation({ state: "unavailable" });
      return;
    }
    setLocation({ state: "locating" });
    navigator.geolocation.getCurrentPosition(
      ({ coords }) => {
        if (!isInBoras(coords.latitude, coords.longitude)) {
          setLocation({ state: "outside" });
          return;
        }
        choose(
          { lat: coords.latitude, lng: coords.longitude },
          { view: { mode: "focus", zoom: ZOOM_FOR_MY_LOCATION } },
        );
        setLocation({ state: "found", accuracyMeters: coords.accuracy });
      },
      (error) =>
        setLocation({ state: error.code === error.PERMISSION_DENIED ? "denied" : "unavailable" }),
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 10_000 },
    );
  }

  function distanceText(meters: number) {
    const { value, unit } = distanceParts(meters);
    return unit === "km"
      ? t("placePicker.kilometers", { value: kilometerFormat.format(value) })
      : t("placePicker.meters", { value: meterFormat.format(value) });
  }

  function describe(p: Point | null) {
    if (!p) return t("placePicker.noPlace");
    if (chosenName) return t("placePicker.at", { place: chosenName });
    const description = describePlace(p.lat, p.lng, places);
    if (!description) return t("placePicker.noPlace");
    const values = {
      place: description.place.name,
      area: description.area?.name,
      distance: distanceText(description.distanceMeters),
    };
    const at = description.distanceMeters === 0;
    if (description.area) return t(at ? "placePicker.atIn" : "placePicker.nearIn", values);
    return t(at ? "placePicker.at" : "placePicker.near", values);
  }

  const textDirection = directionOf(i18n.language);

  return (
    <div className="place-picker-controls">
      <p id={hintId} className="field-hint place-picker-hint">
        {t("placePicker.hint")}
      </p>
      {errorList}
      <input type="hidden" name={latName} value={point ? coordinate(point.lat) : ""} />
      <input type="hidden" name={lngName} value={point ? coordinate(point.lng) : ""} />

      <div className="place-picker-map-area">
        <Suspense
          fallback={
            <div className="place-picker-map map-placeholder">{t("placePicker.mapLoading")}</div>
          }
        >
          <PlacePickerMap
            point={point}
            outside={outside}
            view={view}
            onPick={(next) => choose(next)}
            onNudge={nudge}
            describedBy={keyboardHintId}
            tileUrl={tileUrl}
            tileAttribution={tileAttribution}
          />
        </Suspense>
        {/* Read with the map by screen readers; shown to sighted keyboard users while the map has focus. */}
        <p id={keyboardHintId} className="place-picker-keyboard-hint">
          {t("placePicker.keyboardHint", { meters: NUDGE_METERS, fineMeters: FINE_NUDGE_METERS })}
        </p>
        <div className="place-picker-live" aria-live="polite" aria-atomic="true">
          <p className="place-picker-description">{describe(point)}</p>
          {outside ? (
            <p className="place-picker-outside">
              <span className="place-picker-outside-icon" aria-hidden="true">
                !
              </span>{" "}
              {t("placePicker.outside")}
            </p>
          ) : null}
        </div>
      </div>

      <div className="place-picker-tools">
        <div className="place-picker-location">
          <button
            type="button"
            className="button place-picker-button"
            onClick={locateMe}
            disabled={location.state === "locating"}
          >
            {t("placePicker.useMyLocation")}
          </button>
          <p role="status" className="place-picker-status">
            {location.state === "locating" ? t("placePicker.locating") : null}
            {location.state === "found"
              ? location.accuracyMeters > APPROXIMATE_METERS
                ? t("placePicker.locationApproximate", {
                    distance: distanceText(roundDistanceMeters(location.accuracyMeters)),
                  })
                : t("placePicker.locationFound")
              : null}
            {location.state === "denied" ? t("placePicker.locationDenied") : null}
            {location.state === "unavailable" ? t("placePicker.locationUnavailable") : null}
            {location.state === "outside" ? t("placePicker.locationOutside") : null}
          </p>
        </div>

        <div className="field place-picker-search">
          <label htmlFor={searchId}>{t("placePicker.searchLabel")}</label>
          <p id={`${searchId}-hint`} className="field-hint">
            {t("placePicker.searchHint")}
          </p>
          <input
            id={searchId}
            type="search"
            value={query}
            onChange={(event) => setQuery(event.target.value)}
            onKeyDown={onSearchKeyDown}
            maxLength={MAX_PLACE_QUERY_LENGTH}
            autoComplete="off"
            aria-describedby={`${searchId}-hint`}
            aria-controls={`${searchId}-results`}
          />
          <p role="status" className="place-picker-status">
            {search.state === "searching" ? t("placePicker.searchSearching") : null}
            {search.state === "done" && !search.hits.length ? t("placePicker.searchNone") : null}
            {search.state === "failed" ? t("placePicker.searchFailed") : null}
          </p>
          <ul
            id={`${searchId}-results`}
            className="place-picker-results"
            aria-label={t("placePicker.searchResults")}
            hidden={search.state !== "done" || !search.hits.length}
          >
            {search.state === "done"
              ? search.hits.map((hit) => (
                  <li key={`${hit.name}|${hit.lat}|${hit.lng}`}>
                    <button
                      type="button"
                      className="place-picker-result"
                      dir="auto"
                      onClick={() => chooseSearchHit(hit)}
                    >
                      {hit.name}
                    </button>
                  </li>
                ))
              : null}
          </ul>
        </div>

        <div className="field place-picker-places">
          <label htmlFor={listId}>{t("placePicker.placeListLabel")}</label>
          <select
            id={listId}
            value={placeId}
            onChange={onPlaceChange}
            aria-invalid={invalid || undefined}
            aria-describedby={errorId}
          >
            <PlaceOptions />
          </select>
        </div>

        <div className="place-picker-nudge-group" role="group" aria-labelledby={nudgeLabelId}>
          <p id={nudgeLabelId} className="place-picker-nudge-label">
            {t("placePicker.nudgeLabel")}
          </p>
          {point ? null : <p className="field-hint">{t("placePicker.nudgeNeedsPlace")}</p>}
          <div className="place-picker-nudge" dir="ltr">
            {NUDGES.map(({ direction, arrow }) => (
              <button
                key={direction}
                type="button"
                className="place-picker-nudge-button"
                data-direction={direction}
                dir={textDirection}
                disabled={!point}
                onClick={() => nudge(direction, NUDGE_METERS)}
              >
                <span aria-hidden="true">{arrow}</span>{" "}
                {t(`placePicker.nudge.${direction}`, { meters: NUDGE_METERS })}
              </button>
            ))}
          </div>
        </div>
      </div>
    </div>
  );
}
