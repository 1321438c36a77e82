// The programme's four focus areas and the workflow's stages: codes used in URLs, forms and exports.
export const FOCUS_AREAS = ["mobility", "construction", "co-creation", "leadership"] as const;
export type FocusArea = (typeof FOCUS_AREAS)[number];

export function isFocusArea(value: unknown): value is FocusArea {
  return typeof value === "string" && (FOCUS_AREAS as readonly string[]).includes(value);
}

/** Colour and symbol go together everywhere (markers, legend, list, filters): never colour alone. */
export const FOCUS_AREA_STYLE: Record<FocusArea, { color: string; symbol: string; shape: string }> =
  {
    mobility: { color: "#1d5fbf", symbol: "bicycle", shape: "circle" },
    construction: { color: "#a14a00", symbol: "house", shape: "square" },
    "co-creation": { color: "#1f7a3a", symbol: "speech", shape: "diamond" },
    leadership: { color: "#6b3fa0", symbol: "compass", shape: "triangle" },
  };

export const STAGES = [
  "collecting",
  "co-creation",
  "proposal",
  "decided",
  "in-progress",
  "done",
  "closed",
] as const;
export type Stage = (typeof STAGES)[number];

export function isStage(value: unknown): value is Stage {
  return typeof value === "string" && (STAGES as readonly string[]).includes(value);
}
