// The action portfolio's pure rules: statuses and which changes they allow, areas, the open-data
// columns and the numbers behind the portfolio's charts. The moderators' form schemas are in
// action-schemas.ts: the public action pages show these, and need no zod (issue 14). Messages are
// locale keys. Tested without a database (tests/unit/domain/actions.test.ts).
import { FOCUS_AREAS, type FocusArea } from "./focus-areas";
import { borasOutline } from "./geo";
import { findPlace, places, type Place } from "./places";

export const ACTION_STATUSES = ["planned", "started", "done", "paused", "stopped"] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

export function isActionStatus(value: unknown): value is ActionStatus {
  return typeof value === "string" && (ACTION_STATUSES as readonly string[]).includes(value);
}

export const ACTION_COLUMNS = [
  "id",
  "title",
  "focus_area",
  "partner",
  "status",
  "progress",
  "co2e_tonnes_per_year",
  "budget_sek",
  "start_date",
  "end_date",
  "lat",
  "lng",
  "idea_ids",
  "updated_at",
] as const;

export type StatusVerdict = { ok: true } | { ok: false; reason: string };

/**
 * Whether an action may have this status with this progress and reason. A stopped action says
 * why; a done action is at 100 %; a planned one has not started (0 %). Any status may follow any
 * other (plans change, and a moderator corrects a mistake with a new timeline entry), except that
 * nothing is "planned" again once work has been reported on it.
 */
export function checkActionStatus(
  from: ActionStatus | null,
  to: ActionStatus,
  progress: number,
  reason: string,
): StatusVerdict {
  if (to === "stopped" && reason.trim() === "")
    return { ok: false, reason: "actions.errors.stoppedNeedsReason" };
  if (to === "done" && progress !== 100)
    return { ok: false, reason: "actions.errors.doneNeedsFull" };
  if (to === "planned" && progress !== 0)
    return { ok: false, reason: "actions.errors.plannedNeedsZero" };
  if (to === "planned" && from !== null && from !== "planned")
    return { ok: false, reason: "actions.errors.backToPlanned" };
  return { ok: true };
}

// --- areas -------------------------------------------------------------------------------------

/** The area value meaning the whole of Borås kommun. */
export const MUNICIPALITY_AREA = "municipality";

/** The gazetteer's kinds that make an action's area (landmarks are points, not areas). */
const AREA_KINDS: readonly Place["kind"][] = ["district", "village"];

/** Whether an action's area may be this value: the municipality, or a district or village id. */
export function isActionArea(value: string): boolean {
  if (value === MUNICIPALITY_AREA) return true;
  const place = findPlace(value);
  return place !== undefined && AREA_KINDS.includes(place.kind);
}

export type ActionArea = {
  id: string;
  kind: "municipality" | "district" | "village";
  /** the Swedish proper name ("Borås kommun", "Norrby"); pages say "Hela Borås kommun" in words */
  name: string;
  /**
   * Where the area is drawn: the municipality's outline (simplified, app/domain/geo.ts), or a
   * district's or village's gazetteer point (the gazetteer has no outlines).
   */
  geometry: GeoJSON.Polygon | GeoJSON.Point;
};

/** An area's name and representative geometry; undefined for a value that is not an area. */
export function actionArea(value: string): ActionArea | undefined {
  if (value === MUNICIPALITY_AREA) {
    const outline = borasOutline.features[0];
    return {
      id: value,
      kind: "municipality",
      name: String(outline.properties?.name ?? "Borås kommun"),
      geometry: outline.geometry,
    };
  }
  const place = findPlace(value);
  if (!place || !isActionArea(value)) return undefined;
  return {
    id: place.id,
    kind: place.kind as "district" | "village",
    name: place.name,
    geometry: { type: "Point", coordinates: [place.lng, place.lat] },
  };
}

/** The areas a moderator chooses among, districts and villages apart, each sorted by name. */
export function areaChoices(): { district: Place[]; village: Place[] } {
  const byName = (a: Place, b: Place) => a.name.localeCompare(b.name, "sv");
  return {
    district: places.filter((p) => p.kind === "district").sort(byName),
    village: places.filter((p) => p.kind === "village").sort(byName),
  };
}

/**
 * An action's geometry in open data: its point when it has one, else its area's geometry, else
 * null (no place at all).
 */
export function actionGeometry(action: {
  lat: number | null;
  lng: number | null;
  area: string | null;
}): GeoJSON.Point | GeoJSON.Polygon | null {
  if (action.lat !== null && action.lng !== null)
    return { type: "Point", coordinates: [action.lng, action.lat] };
  return (action.area ? actionArea(action.area)?.geometry : undefined) ?? null;
}

// --- the portfolio's charts ---------------------------------------------------------------------

export type ChartAction = {
  id: number;
  title: string;
  focusArea: FocusArea;
  status: ActionStatus;
  co2eTonnesPerYear: number;
  startDate: string;
  ideas: number;
};

export type ChartBar<K extends string = string> = { key: K; value: number };

/** Estimated tCO₂e a year, summed per focus area (every area listed, in the programme's order). */
export function tonnesByFocusArea(actions: readonly ChartAction[]): ChartBar<FocusArea>[] {
  return FOCUS_AREAS.map((key) => ({
    key,
    value: roundTonnes(
      actions.filter((a) => a.focusArea === key).reduce((s, a) => s + a.co2eTonnesPerYear, 0),
    ),
  }));
}

/** Estimated tCO₂e a year, summed per status (every status listed). */
export function tonnesByStatus(actions: readonly ChartAction[]): ChartBar<ActionStatus>[] {
  return ACTION_STATUSES.map((key) => ({
    key,
    value: roundTonnes(
      actions.filter((a) => a.status === key).reduce((s, a) => s + a.co2eTonnesPerYear, 0),
    ),
  }));
}

/**
 * How many actions start in each year, from the first to the last year any starts (years without
 * one shown as 0, so that the time axis is honest).
 */
export function actionsStartedPerYear(actions: readonly ChartAction[]): ChartBar[] {
  if (actions.length === 0) return [];
  const years = actions.map((a) => Number(a.startDate.slice(0, 4)));
  const first = Math.min(...years);
  const last = Math.max(...years);
  const bars: ChartBar[] = [];
  for (let y = first; y <= last && bars.length < 100; y++)
    bars.push({ key: String(y), value: years.filter((v) => v === y).length });
  return bars;
}

/** The residents' ideas behind each action, most first (ties by title). */
export function ideasPerAction(actions: readonly ChartAction[]): (ChartBar & { title: string })[] {
  return [...actions]
    .sort((a, b) => b.ideas - a.ideas || a.title.localeCompare(b.title, "sv"))
    .map((a) => ({ key: String(a.id), title: a.title, value: a.ideas }));
}

function roundTonnes(value: number): number {
  return Math.round(value * 10) / 10;
}

/** A "nice" top for a bar chart's axis: 1, 2 or 5 times a power of ten, at least the largest value. */
export function niceMax(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}
