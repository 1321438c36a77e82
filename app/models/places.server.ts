// The imported places and addresses (issue 17): loading them in one transaction, searching them
// together with the hand-typed places, and the address nearest to an idea.
import { distanceMeters, isInBoras } from "~/domain/geo";
import type { PlaceRow } from "~/domain/place-files";
import {
  foldPlaceName,
  gazetteerCandidates,
  matchesWords,
  MAX_PLACE_HITS,
  MAX_PLACE_QUERY_LENGTH,
  queryWords,
  rankPlaceHits,
  type ListedPlaceHit,
} from "~/domain/place-search";
import { importedPlaceId } from "~/domain/places";
import { getDb } from "~/utils/db.server";

export type PlaceImportResult = {
  added: number;
  updated: number;
  unchanged: number;
  /** points outside Borås municipality, not imported */
  outside: number;
};

/**
 * Adds the rows, or moves those already there (same name and kind): importing a file twice adds
 * nothing. Points outside the municipality are skipped and counted. All or nothing.
 */
export function importPlaces(rows: readonly PlaceRow[]): PlaceImportResult {
  const db = getDb();
  const find = db.prepare<[string, string], { id: number; lat: number; lng: number }>(
    "SELECT id, lat, lng FROM places WHERE name = ? AND kind = ?",
  );
  const insert = db.prepare(
    "INSERT INTO places (name, kind, lat, lng, folded) VALUES (?, ?, ?, ?, ?)",
  );
  const move = db.prepare("UPDATE places SET lat = ?, lng = ? WHERE id = ?");
  const result: PlaceImportResult = { added: 0, updated: 0, unchanged: 0, outside: 0 };
  db.transaction(() => {
    for (const { name, kind, lat, lng } of rows) {
      if (!isInBoras(lat, lng)) {
        result.outside += 1;
        continue;
      }
      const existing = find.get(name, kind);
      if (!existing) {
        insert.run(name, kind, lat, lng, foldPlaceName(name));
        result.added += 1;
      } else if (existing.lat !== lat || existing.lng !== lng) {
        move.run(lat, lng, existing.id);
        result.updated += 1;
      } else result.unchanged += 1;
    }
  }).immediate();
  return result;
}

export function countImportedPlaces(): number {
  return (getDb().prepare("SELECT count(*) AS n FROM places").get() as { n: number }).n;
}

type Row = { name: string; kind: string; lat: number; lng: number; folded: string };

// Enough candidates that the best ten are among them; bounded so that a word found in every
// address ("gatan") costs the same as a rare one.
const PREFIX_CANDIDATES = 50;
const WORD_CANDIDATES = 400;

/** FTS5 trigram phrases: each word is matched as a substring (a quote inside is doubled). */
const ftsQuery = (words: readonly string[]) =>
  words.map((w) => `"${w.replace(/"/g, '""')}"`).join(" ");

function importedCandidates(folded: string): Row[] {
  const db = getDb();
  const words = queryWords(folded);
  // Names that start with what was typed come from the index on `folded` (the common case while
  // typing an address), the rest from the trigram index.
  const byPrefix = db
    .prepare<[string, string, number], Row>(
      `SELECT name, kind, lat, lng, folded FROM places
       WHERE folded >= ? AND folded < ? ORDER BY folded LIMIT ?`,
    )
    .all(folded, `${folded}\uffff`, PREFIX_CANDIDATES);
  const long = words.filter((w) => w.length >= 3);
  if (!long.length) return byPrefix;
  const short = words.filter((w) => w.length < 3);
  const byWords = db
    .prepare<[string, ...string[]], Row>(
      `SELECT p.name, p.kind, p.lat, p.lng, p.folded FROM places_fts
       JOIN places p ON p.id = places_fts.rowid
       WHERE places_fts MATCH ?${short.map(() => " AND (' ' || p.folded) LIKE ?").join("")}
       LIMIT ${WORD_CANDIDATES}`,
    )
    .all(ftsQuery(long), ...short.map((w) => `% ${w}%`));
  return [...byPrefix, ...byWords.filter((r) => matchesWords(r.folded, words))];
}

/**
 * The places whose names hold every word typed (ignoring case, diacritics and doubled letters),
 * best first: the hand-typed places and the imported ones together, the hand-typed first on a tie.
 */
export function searchPlaces(query: string, limit = MAX_PLACE_HITS): ListedPlaceHit[] {
  const folded = foldPlaceName(query.slice(0, MAX_PLACE_QUERY_LENGTH));
  if (folded.length < 2) return [];
  const imported = importedCandidates(folded).map((row) => ({
    ...row,
    id: importedPlaceId(row.lat, row.lng),
  }));
  return rankPlaceHits([...gazetteerCandidates(folded), ...imported], folded, limit);
}

/** The imported place nearest to a point, within `maxMeters` (an idea put at an address). */
export function nearestImportedPlace(
  lat: number,
  lng: number,
  maxMeters = 40,
): { name: string; kind: string; meters: number } | null {
  const dLat = maxMeters / 111_000;
  const dLng = dLat / Math.max(0.1, Math.cos((lat * Math.PI) / 180));
  const rows = getDb()
    .prepare<
      [number, number, number, number],
      { name: string; kind: string; lat: number; lng: number }
    >(
      `SELECT name, kind, lat, lng FROM places
       WHERE lat BETWEEN ? AND ? AND lng BETWEEN ? AND ? LIMIT 200`,
    )
    .all(lat - dLat, lat + dLat, lng - dLng, lng + dLng);
  let best: { name: string; kind: string; meters: number } | null = null;
  for (const row of rows) {
    const meters = distanceMeters({ lat, lng }, row);
    if (meters <= maxMeters && (!best || meters < best.meters))
      best = { name: row.name, kind: row.kind, meters };
  }
  return best;
}
