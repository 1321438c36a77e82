// How a typed place name is compared with place names: folded (lower case, no diacritics, a doubled
// letter written once), split into words, and ranked. Pure, shared by server and browser: the
// places table stores the folded name, and the 64 hand-typed places are searched the same way.
import { places as gazetteer, type Place } from "./places";

/** What /api/places answers per place (the contract's shape). */
export type PlaceHit = { name: string; kind: string; lat: number; lng: number };
/** A hit with the value the no-JavaScript list sends as `placeId`. */
export type ListedPlaceHit = PlaceHit & { id: string };

export const MAX_PLACE_HITS = 10;

/** The GET parameter of the no-JavaScript place search (the place picker's search form). */
export const PLACE_QUERY_FIELD = "placeQuery";

/** The no-JavaScript place search: the id of the page's GET form, what was searched and what matched. */
export type PlaceSearch = { formId: string; query: string; matches: ListedPlaceHit[] | null };
/** Longer queries are cut: no place name needs more. */
export const MAX_PLACE_QUERY_LENGTH = 100;

const SPECIAL: Record<string, string> = { ø: "o", æ: "ae", ß: "ss", đ: "d", ł: "l", þ: "th" };

/**
 * "Allégatan 5" → "allegatan 5", "Hässleholmen" → "hasleholmen": å, ä and ö typed as a and o match,
 * and so does a doubled letter typed once (digits are left alone: 11 is not 1).
 */
export function foldPlaceName(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[øæßđłþ]/g, (c) => SPECIAL[c])
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .replace(/(\p{L})\1+/gu, "$1")
    .trim();
}

/** The words of a folded query; words shorter than three characters match word starts only. */
export function queryWords(folded: string): string[] {
  return folded.split(" ").filter(Boolean);
}

/**
 * Whether a folded name holds every word of the query: a number as a whole number ("5" is 5 or 5a,
 * not 15 or 503), other words of three or more letters anywhere, shorter ones at a word start.
 */
export function matchesWords(foldedName: string, words: readonly string[]): boolean {
  const padded = ` ${foldedName} `;
  return words.every((w) => {
    if (/^\d+$/.test(w)) {
      for (let at = padded.indexOf(` ${w}`); at >= 0; at = padded.indexOf(` ${w}`, at + 1))
        if (!/\d/.test(padded[at + w.length + 1])) return true;
      return false;
    }
    return w.length >= 3 ? foldedName.includes(w) : padded.includes(` ${w}`);
  });
}

/**
 * Lower is better: the whole name, then the name starting with the query as whole words ("allegatan
 * 5" before "allegatan 50"), then starting with it, then every word at a word start, then anywhere.
 */
export function placeScore(foldedName: string, foldedQuery: string): number {
  if (foldedName === foldedQuery) return 0;
  if (foldedName.startsWith(`${foldedQuery} `)) return 1;
  if (foldedName.startsWith(foldedQuery)) return 2;
  const words = queryWords(foldedQuery);
  const nameWords = queryWords(foldedName);
  if (words.every((w) => nameWords.includes(w))) return 3;
  if (words.every((w) => nameWords.some((n) => n.startsWith(w)))) return 4;
  return 5;
}

type Ranked = { hit: ListedPlaceHit; score: number; folded: string; order: number };

// Made at first use, not when the module loads: the map page imports this module for a constant,
// and a phone should not pay for a collator and the folded gazetteer it never uses.
let collator: Intl.Collator | undefined;

/** Best first: score, then shorter names, then the order given (hand-typed places before imported ones). */
export function rankPlaceHits(
  candidates: readonly (ListedPlaceHit & { folded: string })[],
  foldedQuery: string,
  limit = MAX_PLACE_HITS,
): ListedPlaceHit[] {
  const ranked: Ranked[] = candidates.map(({ folded, ...hit }, order) => ({
    hit,
    folded,
    order,
    score: placeScore(folded, foldedQuery),
  }));
  ranked.sort(
    (a, b) =>
      a.score - b.score ||
      a.folded.length - b.folded.length ||
      a.order - b.order ||
      (collator ??= new Intl.Collator("sv")).compare(a.hit.name, b.hit.name),
  );
  const seen = new Set<string>();
  const best: ListedPlaceHit[] = [];
  for (const { hit } of ranked) {
    const key = `${hit.name}\u0000${hit.lat.toFixed(4)},${hit.lng.toFixed(4)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    best.push(hit);
    if (best.length === limit) break;
  }
  return best;
}

type FoldedPlace = Pick<Place, "id" | "name" | "kind" | "lat" | "lng"> & { folded: string };
let foldedGazetteer: FoldedPlace[] | undefined;

function foldedPlaces(): FoldedPlace[] {
  foldedGazetteer ??= gazetteer.map((place: Place) => ({
    id: place.id,
    name: place.name,
    kind: place.kind,
    lat: place.lat,
    lng: place.lng,
    folded: foldPlaceName(place.name),
  }));
  return foldedGazetteer;
}

/** The hand-typed places whose names hold every word of the folded query. */
export function gazetteerCandidates(foldedQuery: string) {
  const words = queryWords(foldedQuery);
  if (!words.length) return [];
  return foldedPlaces().filter((place) => matchesWords(place.folded, words));
}
