// The action portfolio's pure rules: statuses and which changes they allow, the moderators' form
// schemas, the open-data columns and the numbers behind the portfolio's charts. Messages are locale
// keys. Tested without a database (tests/unit/domain/actions.test.ts).
import { z } from "zod";
import { FOCUS_AREAS, type FocusArea } from "./focus-areas";
import { borasOutline, isInBoras } from "./geo";
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

// --- form schemas -------------------------------------------------------------------------------

const DATE = /^\d{4}-\d{2}-\d{2}$/;
function isRealDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}
const date = (required: string) =>
  z.string({ required_error: required }).trim().refine(isRealDate, "actions.errors.dateInvalid");

/**
 * "12,5", "1 200 000" and "1\u00a0200" read as people write them in Swedish; an empty field is
 * missing (its own message), anything else that is not a number is NaN (the "invalid" message).
 */
const readableNumber = (value: unknown) => {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") return value;
  const plain = value.replace(/[\s\u00a0\u202f]/g, "").replace(",", ".");
  return plain === "" ? undefined : /^[-+]?(\d+\.?\d*|\.\d+)$/.test(plain) ? Number(plain) : NaN;
};

const progress = z.preprocess(
  readableNumber,
  z
    .number({
      required_error: "actions.errors.progressRequired",
      invalid_type_error: "actions.errors.progressRange",
    })
    .int("actions.errors.progressRange")
    .min(0, "actions.errors.progressRange")
    .max(100, "actions.errors.progressRange"),
);

const optionalCoordinate = z.preprocess(
  readableNumber,
  z
    .number({ invalid_type_error: "validation.placeInvalid" })
    .finite("validation.placeInvalid")
    .optional(),
);

const id = z.coerce
  .number({ invalid_type_error: "validation.invalid" })
  .int("validation.invalid")
  .positive("validation.invalid")
  .max(Number.MAX_SAFE_INTEGER, "validation.invalid");

/** Ids repeated (`ideaId=1&ideaId=2`) or typed into one field ("1, 2 7"). */
function splitIds(value: unknown): unknown {
  if (value === undefined) return undefined;
  const values = Array.isArray(value) ? value : [value];
  if (!values.every((v) => typeof v === "string")) return value;
  const ids = (values as string[]).flatMap((v) => v.split(/[\s,;]+/)).filter((v) => v !== "");
  return ids.length > 500 ? ids.slice(0, 501) : ids;
}

const actionFieldsShape = {
  title: z
    .string({ required_error: "validation.titleRequired" })
    .trim()
    .min(3, "validation.titleTooShort")
    .max(120, "validation.titleTooLong"),
  body: z
    .string({ required_error: "actions.errors.bodyRequired" })
    .trim()
    .min(10, "validation.bodyTooShort")
    .max(5000, "validation.bodyTooLong"),
  focusArea: z.enum(FOCUS_AREAS, {
    errorMap: () => ({ message: "validation.focusAreaRequired" }),
  }),
  // A role ("Projektledare, Trafikkontoret"), never a person's name: it is public.
  contactRole: z.string().trim().max(120, "actions.errors.contactRoleTooLong").default(""),
  partner: z
    .string({ required_error: "actions.errors.partnerRequired" })
    .trim()
    .min(1, "actions.errors.partnerRequired")
    .max(120, "actions.errors.partnerUnknown"),
  status: z.enum(ACTION_STATUSES, {
    errorMap: () => ({ message: "actions.errors.statusInvalid" }),
  }),
  statusReason: z.string().trim().max(1000, "validation.detailsTooLong").default(""),
  progress,
  co2eTonnesPerYear: z.preprocess(
    readableNumber,
    z
      .number({
        required_error: "actions.errors.tonnesRequired",
        invalid_type_error: "actions.errors.tonnesInvalid",
      })
      .finite("actions.errors.tonnesInvalid")
      .min(0, "actions.errors.tonnesInvalid")
      .max(10_000_000, "actions.errors.tonnesInvalid"),
  ),
  co2eMethod: z.string().trim().max(2000, "actions.errors.methodTooLong").default(""),
  budgetSek: z.preprocess(
    readableNumber,
    z
      .number({
        required_error: "actions.errors.budgetRequired",
        invalid_type_error: "actions.errors.budgetInvalid",
      })
      .int("actions.errors.budgetInvalid")
      .min(0, "actions.errors.budgetInvalid")
      .max(1e13, "actions.errors.budgetInvalid"),
  ),
  startDate: date("actions.errors.startRequired"),
  endDate: date("actions.errors.endRequired"),
  lat: optionalCoordinate,
  lng: optionalCoordinate,
  // "" is no area; the select offers nothing else than isActionArea's values.
  area: z
    .string()
    .trim()
    .default("")
    .refine((v) => v === "" || isActionArea(v), "actions.errors.areaUnknown")
    .transform((v) => (v === "" ? null : v)),
  groupId: z.preprocess(splitIds, z.array(id).max(50, "validation.invalid").default([])),
  ideaId: z.preprocess(splitIds, z.array(id).max(500, "validation.invalid").default([])),
  workshopId: z.preprocess(splitIds, z.array(id).max(50, "validation.invalid").default([])),
};

type ActionFieldsValue = {
  status: ActionStatus;
  statusReason: string;
  progress: number;
  co2eTonnesPerYear: number;
  startDate: string;
  endDate: string;
  lat?: number;
  lng?: number;
};

function refineActionFields(value: ActionFieldsValue, ctx: z.RefinementCtx) {
  if (value.endDate < value.startDate)
    ctx.addIssue({ code: "custom", path: ["endDate"], message: "actions.errors.endBeforeStart" });
  if ((value.lat === undefined) !== (value.lng === undefined)) {
    ctx.addIssue({ code: "custom", path: ["lat"], message: "validation.placeInvalid" });
  } else if (value.lat !== undefined && value.lng !== undefined) {
    if (!isInBoras(value.lat, value.lng))
      ctx.addIssue({ code: "custom", path: ["lat"], message: "validation.placeOutsideBoras" });
  }
  const verdict = checkActionStatus(null, value.status, value.progress, value.statusReason);
  if (!verdict.ok)
    ctx.addIssue({
      code: "custom",
      path: [verdict.reason === "actions.errors.stoppedNeedsReason" ? "statusReason" : "status"],
      message: verdict.reason,
    });
}

/** POST /moderation/actions: a new action. */
export const NewActionSchema = z.object(actionFieldsShape).superRefine(refineActionFields);
export type ActionFields = z.output<typeof NewActionSchema>;

const updateMessage = z
  .string({ required_error: "actions.errors.messageRequired" })
  .trim()
  .min(1, "actions.errors.messageRequired")
  .max(5000, "validation.bodyTooLong");

/** POST /moderation/actions/:id with intent=edit: the fields of a new action. */
export const EditActionSchema = z
  .object({ intent: z.literal("edit"), ...actionFieldsShape })
  .superRefine(refineActionFields);

/** POST /moderation/actions/:id, every other intent. */
export const ActionCommandSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("update"),
    progress,
    status: z.enum(ACTION_STATUSES, {
      errorMap: () => ({ message: "actions.errors.statusInvalid" }),
    }),
    message: updateMessage,
  }),
  z.object({
    intent: z.literal("add-milestone"),
    milestoneTitle: z
      .string({ required_error: "actions.errors.milestoneTitle" })
      .trim()
      .min(2, "actions.errors.milestoneTitle")
      .max(200, "actions.errors.milestoneTitle"),
    milestoneDate: date("actions.errors.dateInvalid"),
  }),
  z.object({ intent: z.literal("toggle-milestone"), milestoneId: id }),
  z.object({ intent: z.literal("delete-milestone"), milestoneId: id }),
]);

/** An admin adding or renaming a partner. */
export const PartnerSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("add-partner"),
    name: z
      .string({ required_error: "actions.errors.partnerName" })
      .trim()
      .min(2, "actions.errors.partnerName")
      .max(120, "actions.errors.partnerName"),
  }),
  z.object({
    intent: z.literal("rename-partner"),
    partnerId: id,
    name: z
      .string({ required_error: "actions.errors.partnerName" })
      .trim()
      .min(2, "actions.errors.partnerName")
      .max(120, "actions.errors.partnerName"),
  }),
]);

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
