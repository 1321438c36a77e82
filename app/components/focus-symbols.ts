// The symbol of each focus area as SVG path data (24×24, stroked), shared by React icons and the
// HTML of map markers so that the legend, list, filters and markers look the same.
import type { FocusArea } from "~/domain/focus-areas";

export const FOCUS_SYMBOL_PATHS: Record<FocusArea, string> = {
  // a bicycle
  mobility:
    "M2.5 16.5a3.5 3.5 0 1 0 7 0a3.5 3.5 0 1 0 -7 0M14.5 16.5a3.5 3.5 0 1 0 7 0a3.5 3.5 0 1 0 -7 0M6 16.5l3.5-7h6l2.5 7M9.5 9.5l3 7M12.5 16.5h-6.5M8.5 6.5h3M15.5 9.5l-1.5-4h2.5",
  // a house
  construction: "M3 11.5l9-7.5 9 7.5M5.5 9.5v10.5h13v-10.5M10 20v-6h4v6",
  // two speech bubbles
  "co-creation": "M3 4.5h11v8h-6l-4 3v-3h-1zM16.5 8.5h4.5v8h-1.5v3l-3.5-3h-5v-2",
  // a compass
  leadership: "M3 12a9 9 0 1 0 18 0a9 9 0 1 0 -18 0M15.5 8.5l-2 5-5 2 2-5z",
};

/** Markup for a marker or legend symbol; only constant strings go in, never user text. */
export function focusSymbolSvg(focusArea: FocusArea, size = 20): string {
  return `<svg viewBox="0 0 24 24" width="${size}" height="${size}" aria-hidden="true" focusable="false"><path d="${FOCUS_SYMBOL_PATHS[focusArea]}" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"/></svg>`;
}
