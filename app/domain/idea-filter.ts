// Reads the idea filters (focus areas, stages, free text) from URL parameters, the same way for the
// map page, the list and /api/map. Pure; errors name the parameter that was wrong.
import { FOCUS_AREAS, isFocusArea, isStage, type FocusArea, type Stage } from "./focus-areas";

export type ParsedIdeaFilter = {
  focusAreas: FocusArea[];
  stages: Stage[];
  q: string;
};

export const MAX_QUERY_LENGTH = 200;

/** Values may be repeated (`focus=a&focus=b`) or comma-separated (`focus=a,b`). */
function listParam(params: URLSearchParams, name: string): string[] {
  return params
    .getAll(name)
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter(Boolean);
}

export function parseIdeaFilter(
  params: URLSearchParams,
): { ok: true; filter: ParsedIdeaFilter } | { ok: false; parameter: string } {
  const focus = listParam(params, "focus");
  if (!focus.every(isFocusArea)) return { ok: false, parameter: "focus" };
  const stages = listParam(params, "stage");
  if (!stages.every(isStage)) return { ok: false, parameter: "stage" };
  const q = (params.get("q") ?? "").trim();
  if (q.length > MAX_QUERY_LENGTH) return { ok: false, parameter: "q" };
  // All four focus areas selected means no focus filter at all.
  const focusAreas = [...new Set(focus)] as FocusArea[];
  return {
    ok: true,
    filter: {
      focusAreas: focusAreas.length === FOCUS_AREAS.length ? [] : focusAreas,
      stages: [...new Set(stages)] as Stage[],
      q,
    },
  };
}

/** The query string for a filter, in a stable order (for links and for the map's requests). */
export function ideaFilterToParams(filter: Partial<ParsedIdeaFilter>): URLSearchParams {
  const params = new URLSearchParams();
  if (filter.focusAreas?.length) params.set("focus", [...filter.focusAreas].sort().join(","));
  if (filter.stages?.length) params.set("stage", [...filter.stages].sort().join(","));
  if (filter.q) params.set("q", filter.q);
  return params;
}
