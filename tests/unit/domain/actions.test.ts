// The action portfolio's pure rules: statuses, the form schema's checks and the charts' numbers.
import { describe, expect, it } from "vitest";
import { ActionCommandSchema, NewActionSchema } from "~/domain/action-schemas";
import {
  actionArea,
  actionGeometry,
  actionsStartedPerYear,
  areaChoices,
  checkActionStatus,
  ideasPerAction,
  niceMax,
  tonnesByFocusArea,
  tonnesByStatus,
  type ChartAction,
} from "~/domain/actions";

const valid = {
  title: "Laddinfrastruktur vid Knalleland",
  body: "Snabbladdare för elbilar vid Knalleland.",
  focusArea: "mobility",
  partner: "Borås Energi och Miljö",
  status: "started",
  progress: "20",
  co2eTonnesPerYear: "120,5",
  co2eMethod: "",
  budgetSek: "2 400 000",
  startDate: "2026-03-01",
  endDate: "2027-06-30",
};

function issues(input: Record<string, unknown>) {
  const result = NewActionSchema.safeParse(input);
  if (result.success) return {};
  const out: Record<string, string[]> = {};
  for (const issue of result.error.issues) {
    const key = String(issue.path[0]);
    out[key] = [...(out[key] ?? []), issue.message];
  }
  return out;
}

describe("the status rules", () => {
  it("asks a stopped action for its reason", () => {
    expect(checkActionStatus("started", "stopped", 40, " ")).toEqual({
      ok: false,
      reason: "actions.errors.stoppedNeedsReason",
    });
    expect(checkActionStatus("started", "stopped", 40, "Marken behövs till en skola.")).toEqual({
      ok: true,
    });
  });
  it("keeps done at 100 % and planned at 0 %", () => {
    expect(checkActionStatus("started", "done", 90, "")).toMatchObject({ ok: false });
    expect(checkActionStatus("started", "done", 100, "")).toEqual({ ok: true });
    expect(checkActionStatus(null, "planned", 10, "")).toMatchObject({
      reason: "actions.errors.plannedNeedsZero",
    });
  });
  it("never makes a started action planned again, but lets it pause, resume and stop", () => {
    expect(checkActionStatus("started", "planned", 0, "")).toMatchObject({
      reason: "actions.errors.backToPlanned",
    });
    expect(checkActionStatus("started", "paused", 30, "")).toEqual({ ok: true });
    expect(checkActionStatus("paused", "started", 30, "")).toEqual({ ok: true });
    expect(checkActionStatus("planned", "planned", 0, "")).toEqual({ ok: true });
  });
});

describe("the action form", () => {
  it("reads numbers as people write them in Swedish", () => {
    const value = NewActionSchema.parse(valid);
    expect(value.co2eTonnesPerYear).toBe(120.5);
    expect(value.budgetSek).toBe(2_400_000);
    expect(value.progress).toBe(20);
    expect(value.groupId).toEqual([]);
  });
  it("range-checks progress, tonnes and budget", () => {
    expect(issues({ ...valid, progress: "150" })).toEqual({
      progress: ["actions.errors.progressRange"],
    });
    expect(issues({ ...valid, progress: "12.5" }).progress).toBeDefined();
    expect(issues({ ...valid, co2eTonnesPerYear: "-1" }).co2eTonnesPerYear).toEqual([
      "actions.errors.tonnesInvalid",
    ]);
    expect(issues({ ...valid, budgetSek: "1,5" }).budgetSek).toEqual([
      "actions.errors.budgetInvalid",
    ]);
    expect(issues({ ...valid, budgetSek: undefined }).budgetSek).toEqual([
      "actions.errors.budgetRequired",
    ]);
  });
  it("wants real dates with the end not before the start", () => {
    expect(issues({ ...valid, endDate: "2026-02-28" })).toEqual({
      endDate: ["actions.errors.endBeforeStart"],
    });
    expect(issues({ ...valid, startDate: "2026-02-30" }).startDate).toEqual([
      "actions.errors.dateInvalid",
    ]);
  });
  it("takes a place only inside Borås, and both coordinates or neither", () => {
    expect(issues({ ...valid, lat: "57.7305", lng: "12.9262" })).toEqual({});
    expect(issues({ ...valid, lat: "59.3293", lng: "18.0686" })).toEqual({
      lat: ["validation.placeOutsideBoras"],
    });
    expect(issues({ ...valid, lat: "57.73" })).toEqual({ lat: ["validation.placeInvalid"] });
  });
  it("takes an area: none, the whole municipality, or a district or village of the gazetteer", () => {
    expect(NewActionSchema.parse(valid).area).toBeNull();
    expect(NewActionSchema.parse({ ...valid, area: "" }).area).toBeNull();
    expect(NewActionSchema.parse({ ...valid, area: "municipality" }).area).toBe("municipality");
    expect(NewActionSchema.parse({ ...valid, area: "norrby" }).area).toBe("norrby");
    expect(NewActionSchema.parse({ ...valid, area: "fristad" }).area).toBe("fristad");
    // a landmark is a point, not an area; an unknown id is refused
    expect(issues({ ...valid, area: "stora-torget" })).toEqual({
      area: ["actions.errors.areaUnknown"],
    });
    expect(issues({ ...valid, area: "gotham" })).toEqual({ area: ["actions.errors.areaUnknown"] });
    // an area and a point together are fine
    expect(issues({ ...valid, area: "norrby", lat: "57.728", lng: "12.9345" })).toEqual({});
  });
  it("takes idea ids repeated or typed into one field", () => {
    expect(NewActionSchema.parse({ ...valid, ideaId: "12, 31 7" }).ideaId).toEqual([12, 31, 7]);
    expect(NewActionSchema.parse({ ...valid, ideaId: ["4", "5"] }).ideaId).toEqual([4, 5]);
    expect(issues({ ...valid, ideaId: "12, x" }).ideaId).toEqual(["validation.invalid"]);
  });
  it("asks a stopped action for its reason in the form too", () => {
    expect(issues({ ...valid, status: "stopped" })).toEqual({
      statusReason: ["actions.errors.stoppedNeedsReason"],
    });
  });
  it("requires the update's message", () => {
    const result = ActionCommandSchema.safeParse({
      intent: "update",
      status: "started",
      progress: "30",
      message: "  ",
    });
    expect(result.success).toBe(false);
  });
});

describe("an action's area", () => {
  it("is the municipality's outline for the whole of Borås", () => {
    const area = actionArea("municipality")!;
    expect(area).toMatchObject({ id: "municipality", kind: "municipality", name: "Borås kommun" });
    expect(area.geometry.type).toBe("Polygon");
    const ring = (area.geometry as GeoJSON.Polygon).coordinates[0];
    expect(ring.length).toBeGreaterThan(10);
    expect(ring[0]).toEqual(ring[ring.length - 1]);
  });
  it("is the gazetteer's point for a district or a village", () => {
    expect(actionArea("norrby")).toEqual({
      id: "norrby",
      kind: "district",
      name: "Norrby",
      geometry: { type: "Point", coordinates: [12.9345, 57.728] },
    });
    expect(actionArea("fristad")).toMatchObject({ kind: "village", name: "Fristad" });
    expect(actionArea("stora-torget")).toBeUndefined();
    expect(actionArea("nowhere")).toBeUndefined();
  });
  it("offers districts and villages apart, each sorted by Swedish name", () => {
    const { district, village } = areaChoices();
    expect(district.every((p) => p.kind === "district")).toBe(true);
    expect(village.every((p) => p.kind === "village")).toBe(true);
    const names = (list: { name: string }[]) => list.map((p) => p.name);
    const sorted = (list: string[]) => [...list].sort((a, b) => a.localeCompare(b, "sv"));
    expect(names(district)).toEqual(sorted(names(district)));
    expect(names(village)).toEqual(sorted(names(village)));
    // Swedish order: Å, Ä, Ö come after Z
    expect(names(district).indexOf("Östermalm")).toBe(district.length - 1);
  });
  it("gives open data the point first, else the area, else nothing", () => {
    expect(actionGeometry({ lat: 57.72, lng: 12.94, area: "municipality" })).toEqual({
      type: "Point",
      coordinates: [12.94, 57.72],
    });
    expect(actionGeometry({ lat: null, lng: null, area: "municipality" })?.type).toBe("Polygon");
    expect(actionGeometry({ lat: null, lng: null, area: "hulta" })).toEqual({
      type: "Point",
      coordinates: [12.975, 57.715],
    });
    expect(actionGeometry({ lat: null, lng: null, area: null })).toBeNull();
  });
});

describe("the portfolio's charts", () => {
  const actions: ChartAction[] = [
    {
      id: 1,
      title: "B",
      focusArea: "mobility",
      status: "started",
      co2eTonnesPerYear: 120.55,
      startDate: "2024-03-01",
      ideas: 3,
    },
    {
      id: 2,
      title: "A",
      focusArea: "mobility",
      status: "done",
      co2eTonnesPerYear: 10,
      startDate: "2026-01-01",
      ideas: 3,
    },
    {
      id: 3,
      title: "C",
      focusArea: "leadership",
      status: "started",
      co2eTonnesPerYear: 0.2,
      startDate: "2026-09-01",
      ideas: 7,
    },
  ];
  it("sums tonnes per focus area and per status, every category listed", () => {
    expect(tonnesByFocusArea(actions)).toEqual([
      { key: "mobility", value: 130.6 },
      { key: "construction", value: 0 },
      { key: "co-creation", value: 0 },
      { key: "leadership", value: 0.2 },
    ]);
    expect(tonnesByStatus(actions).map((b) => b.value)).toEqual([0, 120.8, 10, 0, 0]);
  });
  it("counts actions by the year they start, years without one included", () => {
    expect(actionsStartedPerYear(actions)).toEqual([
      { key: "2024", value: 1 },
      { key: "2025", value: 0 },
      { key: "2026", value: 2 },
    ]);
    expect(actionsStartedPerYear([])).toEqual([]);
  });
  it("orders actions by the residents' ideas behind them, ties by title", () => {
    expect(ideasPerAction(actions).map((b) => [b.title, b.value])).toEqual([
      ["C", 7],
      ["A", 3],
      ["B", 3],
    ]);
  });
  it("gives the axis a round top", () => {
    expect(niceMax(0)).toBe(1);
    expect(niceMax(7)).toBe(10);
    expect(niceMax(130.6)).toBe(200);
    expect(niceMax(0.2)).toBe(0.2);
  });
});
