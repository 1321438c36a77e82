// In-memory sliding-window counters (one process holds them all). Keys name who is limited:
// a person, a participant token, or an address as a loose outer bound (a venue shares one).
import { env } from "./env.server";
import { getFixedT } from "./locale.server";

const state = globalThis as unknown as { __rateLimitHits?: Map<string, number[]> };
const hits: Map<string, number[]> = (state.__rateLimitHits ??= new Map());

function recent(key: string, windowMs: number, now: number): number[] {
  const list = (hits.get(key) ?? []).filter((t) => t > now - windowMs);
  if (list.length) hits.set(key, list);
  else hits.delete(key);
  return list;
}

export type Limit = { limit: number; windowMs: number };

/** How many seconds until `key` may act again, or 0 when it may act now. Does not count. */
export function retryAfter(key: string, { limit, windowMs }: Limit, now = Date.now()): number {
  if (!env().RATE_LIMITS) return 0;
  const list = recent(key, windowMs, now);
  if (list.length < limit) return 0;
  return Math.max(1, Math.ceil((list[list.length - limit] + windowMs - now) / 1000));
}

export function recordHit(key: string, now = Date.now()) {
  sweep(now);
  const list = hits.get(key) ?? [];
  list.push(now);
  hits.set(key, list);
}

// Keys are pruned when they are asked about again; those never asked about again (an address seen
// once) are swept at most once a minute, when their newest hit is older than the longest window.
let lastSweep = 0;
function sweep(now: number) {
  if (now - lastSweep < 60_000) return;
  lastSweep = now;
  for (const [key, list] of hits)
    if (list[list.length - 1] <= now - LONGEST_WINDOW_MS) hits.delete(key);
}

/** How many keys the limiter holds (for tests and the health of a long-running process). */
export function trackedKeys(): number {
  return hits.size;
}

/** Counts one action for every key and says whether all were within their limits (if not, nothing is counted). */
export function consume(
  keys: [string, Limit][],
  now = Date.now(),
): { ok: true } | { ok: false; retryAfterSeconds: number } {
  const wait = Math.max(0, ...keys.map(([key, limit]) => retryAfter(key, limit, now)));
  if (wait > 0) return { ok: false, retryAfterSeconds: wait };
  for (const [key] of keys) recordHit(key, now);
  return { ok: true };
}

export function resetRateLimits() {
  hits.clear();
  lastSweep = 0;
}

const MINUTE = 60_000;
export const LIMITS = {
  loginFailuresPerAccount: { limit: 10, windowMs: 15 * MINUTE },
  // Higher than per account: a venue or school shares one address.
  loginFailuresPerAddress: { limit: 50, windowMs: 15 * MINUTE },
  joinsPerAddress: { limit: 20, windowMs: 60 * MINUTE },
  passwordResetsPerAddress: { limit: 10, windowMs: 60 * MINUTE },
  // New confirmation links (issue 16): per network address, and per e-mail address asked for,
  // known or not (so that the limit says nothing about which addresses have accounts).
  confirmationMailsPerAddress: { limit: 10, windowMs: 60 * MINUTE },
  confirmationMailsPerEmail: { limit: 3, windowMs: 60 * MINUTE },
  ideasPerPerson: { limit: 10, windowMs: 60 * MINUTE },
  // Counted before a photo is decoded (each decode costs real CPU), refused ones included.
  photoUploadsPerPerson: { limit: 20, windowMs: 60 * MINUTE },
  commentsPerPerson: { limit: 30, windowMs: 10 * MINUTE },
  reportsPerPerson: { limit: 20, windowMs: 60 * MINUTE },
  // A workshop's room shares one address: joining is bounded loosely there (200 people in a
  // minute must all get in), everything else per participant token.
  workshopJoinsPerAddress: { limit: 600, windowMs: MINUTE },
  workshopIdeasPerParticipant: { limit: 20, windowMs: 10 * MINUTE },
  // Text searches on the map and the similar-ideas look-up cost real work on a cold cache: a person
  // typing and panning stays far below these; a script asking for new words every time does not.
  mapSearchesPerAddress: { limit: 120, windowMs: MINUTE },
  similarLookupsPerAddress: { limit: 120, windowMs: MINUTE },
  // The place search answers from an index in a millisecond, but a room types into it together.
  placeLookupsPerAddress: { limit: 300, windowMs: MINUTE },
  // Codes are 6 of 31 symbols: an address that keeps naming unknown codes is guessing.
  workshopCodeMissesPerAddress: { limit: 30, windowMs: 10 * MINUTE },
  // A loose outer bound on one address's ideas in one workshop (a whole room shares it).
  workshopIdeasPerAddress: { limit: 400, windowMs: 10 * MINUTE },
} satisfies Record<string, Limit>;

const LONGEST_WINDOW_MS = Math.max(...Object.values(LIMITS).map((l) => l.windowMs));

/** A refusal as plain parts: the fast paths in server.ts send it as is, a route as a Response. */
export type LookupRefusal = { status: 429; headers: Record<string, string>; body: string };

/**
 * For JSON endpoints that anyone may call: counts one look-up for the address and, past the limit,
 * gives the 429 answer to return (with Retry-After and a message in the person's language).
 */
export async function limitLookupsByAddress(
  /** for the language of the message; a function when a Request must first be made (server.ts) */
  request: Request | (() => Request),
  key: string,
  limit: Limit,
  clientIp: string,
): Promise<LookupRefusal | null> {
  const verdict = consume([[`${key}:ip:${clientIp}`, limit]]);
  if (verdict.ok) return null;
  const { t } = await getFixedT(typeof request === "function" ? request() : request);
  return {
    status: 429,
    headers: {
      "Content-Type": "application/json",
      "Retry-After": String(verdict.retryAfterSeconds),
      "Cache-Control": "no-store",
    },
    body: JSON.stringify({
      error: t("errors.tooManySearches", { seconds: verdict.retryAfterSeconds }),
    }),
  };
}
