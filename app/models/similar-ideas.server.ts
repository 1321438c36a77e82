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
 * Per term, the newest this many ideas containing it are candidates (every match of a rarer term).
 * bm25 over an OR of all the terms cost 40 ms at 100,000 ideas (it reads every match's positions);
 * the newest matches of one term cost ~0.1–6 ms, and are remembered (below).
 */
export const TERM_WINDOW = 500;
/** Terms remembered per connection, least recently used forgotten first. */
const TERM_CACHE_SIZE = 2000;
/**
 * How long a term's matches are trusted: new ideas are added to them at once (their ids are higher),
 * but an idea whose title or body was edited joins or leaves a term's matches only after this.
 * Visibility is never taken from here: each look-up reads it from the ideas themselves.
 */
const TERM_CACHE_MS = 60_000;

type TermMatches = { rowids: number[]; seenUpTo: number; at: number };
const termCaches = new WeakMap<object, Map<string, TermMatches>>();

/** The id of the newest idea: remembered term matches are brought up to it. */
export function newestIdeaId(): number {
  return (getDb().prepare("SELECT max(id) FROM ideas").pluck().get() as number | null) ?? 0;
}

/**
 * The newest TERM_WINDOW ideas (any status) whose title or body contains the term, newest first.
 * `newestIdea` (newestIdeaId, read once per look-up): ideas up to it are counted in.
 */
export function ideasContainingTerm(term: string, newestIdea: number, now = Date.now()): number[] {
  const phrase = anyTermFtsQuery([term]);
  if (!phrase) return [];
  const db = getDb();
  let cache = termCaches.get(db);
  if (!cache) termCaches.set(db, (cache = new Map()));
  const cached = cache.get(term);
  // Bounded by newestIdea too, so that an idea posted meanwhile is not taken in twice.
  const matching = (after: number) =>
    db
      .prepare(
        `SELECT rowid FROM ideas_fts WHERE ideas_fts MATCH ? AND rowid > ? AND rowid <= ?
         ORDER BY rowid DESC LIMIT ${TERM_WINDOW}`,
      )
      .pluck()
      .all(phrase, after, newestIdea) as number[];
  let entry: TermMatches;
  if (cached && now - cached.at < TERM_CACHE_MS && cached.seenUpTo <= newestIdea) {
    entry = cached;
    if (newestIdea > cached.seenUpTo) {
      entry.rowids = [...matching(cached.seenUpTo), ...cached.rowids].slice(0, TERM_WINDOW);
      entry.seenUpTo = newestIdea;
    }
    cache.delete(term); // most recently used last
  } else {
    entry = { rowids: matching(0), seenUpTo: newestIdea, at: now };
  }
  cache.set(term, entry);
  if (cache.size > TERM_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  return entry.rowids;
}

/**
 * Visible ideas containing any of the terms, those containing the most (and the rarest) first,
 * newer before older among equals. The caller ranks them again on their whole text
 * (domain/similarity); this only chooses which ideas are worth reading.
 */
export function visibleIdeasMatchingAnyTerm(
  terms: readonly string[],
  options: { limit: number; excludeId?: number },
): SimilarIdeaCandidate[] {
  const score = new Map<number, number>();
  const newestIdea = newestIdeaId();
  for (const term of new Set(terms)) {
    const rowids = ideasContainingTerm(term, newestIdea);
    if (rowids.length === 0) continue;
    // Rarer terms weigh more; a term matching the whole window weighs least.
    const weight = Math.log(1 + (2 * TERM_WINDOW) / rowids.length);
    for (const id of rowids) score.set(id, (score.get(id) ?? 0) + weight);
  }
  score.delete(options.excludeId ?? -1);
  if (score.size === 0) return [];
  // A few more than asked for: some of the best may be hidden or withdrawn.
  const best = [...score.entries()]
    .sort((a, b) => b[1] - a[1] || b[0] - a[0])
    .slice(0, options.limit * 2)
    .map(([id]) => id);
  const rows = getDb()
    .prepare(
      `SELECT id, title, body, lat, lng FROM ideas
       WHERE id IN (SELECT value FROM json_each(?)) AND status = 'visible'`,
    )
    .all(JSON.stringify(best)) as SimilarIdeaCandidate[];
  const rank = new Map(best.map((id, at) => [id, at]));
  return rows.sort((a, b) => rank.get(a.id)! - rank.get(b.id)!).slice(0, options.limit);
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
