// The SQL behind "similar ideas before posting": candidates by words (FTS5 trigram, bm25) and by
// place (the ideas_status_place index). Only visible ideas; ranking happens in domain/similarity.
import { getDb } from "~/utils/db.server";

export type SimilarIdeaCandidate = {
  id: number;
  title: string;
  body: string;
  lat: number;
  lng: number;
};

/**
 * An FTS5 query that matches any of the terms. Each term is quoted as a phrase (with any quote
 * doubled), so that nothing a person typed is read as query syntax (NEAR, *, AND, parentheses…);
 * terms under three characters are left out because the trigram tokenizer cannot match them.
 * Null when no term is left.
 */
export function anyTermFtsQuery(terms: readonly string[]): string | null {
  const phrases = terms
    .map((t) => t.trim())
    .filter((t) => [...t].length >= 3)
    .map((t) => `"${t.replaceAll('"', '""')}"`);
  return phrases.length ? phrases.join(" OR ") : null;
}

/**
 * Matches ranked by bm25 are at most the newest this many: bm25 over every match of common words
 * took 40–280 ms at 100,000 ideas. Below this many matches (any city's real numbers) nothing changes.
 */
export const TEXT_MATCH_WINDOW = 2000;

/** Visible ideas containing any of the terms, best bm25 first (title words weigh twice). */
export function visibleIdeasMatchingAnyTerm(
  terms: readonly string[],
  options: { limit: number; excludeId?: number },
): SimilarIdeaCandidate[] {
  const match = anyTermFtsQuery(terms);
  if (!match) return [];
  // The window is taken newest first, which FTS5 walks without scoring the rest.
  return getDb()
    .prepare(
      `SELECT i.id, i.title, i.body, i.lat, i.lng
       FROM (SELECT rowid, bm25(ideas_fts, 2.0, 1.0) AS score FROM ideas_fts
             WHERE ideas_fts MATCH @match ORDER BY rowid DESC LIMIT ${TEXT_MATCH_WINDOW}) AS m
       JOIN ideas i ON i.id = m.rowid
       WHERE i.status = 'visible' AND (@excludeId IS NULL OR i.id <> @excludeId)
       ORDER BY m.score LIMIT @limit`,
    )
    .all({
      match,
      limit: options.limit,
      excludeId: options.excludeId ?? null,
    }) as SimilarIdeaCandidate[];
}

const METERS_PER_DEGREE_LAT = 111_320;

/**
 * The box is widened in these steps (metres) until it holds `limit` ideas: in the city centre at
 * 100,000 ideas a 1,500 m box holds 32,000 of them, all sorted by distance (28 ms); 250 m, 2,200 (3 ms).
 */
const NEAR_STEPS_METERS = [250, 600];

/** Visible ideas within `radiusMeters` (a box around the point), nearest first. */
export function visibleIdeasNear(
  point: { lat: number; lng: number },
  options: { radiusMeters: number; limit: number; excludeId?: number },
): SimilarIdeaCandidate[] {
  const steps = [
    ...NEAR_STEPS_METERS.filter((m) => m < options.radiusMeters),
    options.radiusMeters,
  ];
  let found: SimilarIdeaCandidate[] = [];
  for (const radiusMeters of steps) {
    found = ideasInBox(point, radiusMeters, options);
    if (found.length >= options.limit) break;
  }
  return found;
}

function ideasInBox(
  point: { lat: number; lng: number },
  radiusMeters: number,
  options: { limit: number; excludeId?: number },
): SimilarIdeaCandidate[] {
  const dLat = radiusMeters / METERS_PER_DEGREE_LAT;
  const cosLat = Math.max(0.01, Math.cos((point.lat * Math.PI) / 180));
  const dLng = dLat / cosLat;
  return getDb()
    .prepare(
      `SELECT id, title, body, lat, lng FROM ideas
       WHERE status = 'visible' AND lat BETWEEN @south AND @north AND lng BETWEEN @west AND @east
         AND (@excludeId IS NULL OR id <> @excludeId)
       ORDER BY (lat - @lat) * (lat - @lat) + (lng - @lng) * (lng - @lng) * @cos2 LIMIT @limit`,
    )
    .all({
      lat: point.lat,
      lng: point.lng,
      south: point.lat - dLat,
      north: point.lat + dLat,
      west: point.lng - dLng,
      east: point.lng + dLng,
      cos2: cosLat * cosLat,
      limit: options.limit,
      excludeId: options.excludeId ?? null,
    }) as SimilarIdeaCandidate[];
}
