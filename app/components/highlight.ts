// Keeps the list and the map in step: hovering or focusing an idea in one highlights it in the other.
export const HIGHLIGHT_EVENT = "samskapa:highlight";
export type HighlightDetail = { id: number | null; source: "map" | "list" };

export function announceHighlight(id: number | null) {
  window.dispatchEvent(
    new CustomEvent<HighlightDetail>(HIGHLIGHT_EVENT, { detail: { id, source: "list" } }),
  );
}
