// The moderators' suggestions (/moderation/suggestions): likely duplicates and candidate
// co-creation groups among the visible ideas that are in no group yet, scored with the residents'
// "similar ideas" engine (text similarity and distance together), each with why it was suggested.
// Method, thresholds and measured precision: docs/decisions/007.
import { createHash } from "node:crypto";
import { describePlace } from "~/domain/describe-place";
import { FOCUS_AREAS, type FocusArea } from "~/domain/focus-areas";
import { distanceMeters } from "~/domain/geo";
import {
  ideaTextSimilarity,
  placeFactor,
  prepareIdea,
  sharedTerms,
  similarityScore,
  termOf,
  termStatistics,
  termWeight,
  words,
  type PreparedIdea,
  type TermStatistics,
} from "~/domain/similarity";
import {
  countUngroupedVisibleIdeas,
  newestUngroupedVisibleIdeas,
  type UngroupedIdea,
} from "~/models/suggestions.server";

/** Only the newest ungrouped ideas are clustered: bounded work on every page load. */
export const MAX_IDEAS_CONSIDERED = 2000;
/** Each idea is scored exactly against this many candidates (those sharing the most words). */
export const CANDIDATES_PER_IDEA = 15;
/** A duplicate: nearly the same text, close by (score = text × place factor, as for residents). */
export const DUPLICATE_MIN_SCORE = 0.6;
/** …and each text, read as the other's query, at least this alike: no one-sided containment. */
export const DUPLICATE_MIN_TEXT = 0.6;
/** Pairs scoring at least this can bring their ideas' clusters together. */
export const GROUP_EDGE_MIN_SCORE = 0.15;
/** Two clusters join while the mean score over all their cross pairs reaches this. */
export const GROUP_MIN_LINKAGE = 0.22;
export const GROUP_MIN_SIZE = 2;
export const GROUP_MAX_SIZE = 12;
/** A group spread wider than this is described by its spread alone, not by a place name. */
const NAMED_PLACE_MAX_SPREAD_METERS = 2000;

export type IdeaSummary = {
  id: number;
  title: string;
  focusArea: FocusArea;
  supports: number;
  createdAt: string;
  lat: number;
  lng: number;
};

/**
 * Why something was suggested, for the page to translate: `key` is a locale key; in `values`,
 * arrays are lists of words, names ending in `Meters` are distances, `focusArea` is a code.
 */
export type SuggestionReason = {
  key: string;
  values?: Record<string, string | number | string[]>;
};

/** Two ideas that say the same thing in the same place: merge `a` into `b`. */
export type DuplicateSuggestion = {
  /** the idea to merge away: fewer supports, or as many and newer */
  a: IdeaSummary;
  /** the idea to keep */
  b: IdeaSummary;
  /** why `b` is the one kept */
  keep: "more-supports" | "older";
  score: number;
  distanceMeters: number;
  reasons: SuggestionReason[];
};

export type GroupSuggestion = {
  /** stable while the same ideas are suggested together */
  key: string;
  /** the most central idea first */
  ideas: IdeaSummary[];
  /** the most common focus area among the ideas */
  focusArea: FocusArea;
  /** the title of the most central idea: the one most like all the others */
  title: string;
  /** mean score over all pairs of ideas, 0..1 */
  cohesion: number;
  reasons: SuggestionReason[];
};

export type SuggestionScope = {
  /** ideas clustered: the newest ungrouped visible ideas, at most MAX_IDEAS_CONSIDERED */
  considered: number;
  /** all ungrouped visible ideas */
  ungrouped: number;
};

// ── The computation, cached per working set ───────────────────────────────────────────────────

type PairScore = {
  score: number;
  text: number;
  minText: number;
  distance: number;
};

type Computed = {
  signature: string;
  considered: number;
  /** indices into the working set; b is kept by default, decided again on fresh supports */
  duplicates: { i: number; j: number; pair: PairScore; reasons: SuggestionReason[] }[];
  groups: {
    members: number[];
    focusArea: FocusArea;
    title: string;
    cohesion: number;
    strength: number;
    reasons: SuggestionReason[];
  }[];
};

type Prepared = { source: string; prepared: PreparedIdea; display: Map<string, string> };

const state = globalThis as unknown as {
  __suggestions?: { computed: Computed | null; prepared: Map<number, Prepared> };
};
const store = (state.__suggestions ??= { computed: null, prepared: new Map() });

/** Forgets the cached suggestions (tests; or after a bulk import). */
export function invalidateSuggestions() {
  store.computed = null;
}

/** What identifies the working set: its ideas, their text, place and focus area. */
function signatureOf(ideas: readonly UngroupedIdea[]): string {
  const hash = createHash("sha1");
  for (const idea of ideas) {
    hash.update(`${idea.id}\u0001${idea.focusArea}\u0001${idea.lat},${idea.lng}\u0001`);
    hash.update(idea.title);
    hash.update("\u0001");
    hash.update(idea.body);
    hash.update("\u0002");
  }
  return `${ideas.length}:${hash.digest("hex")}`;
}

function current(): { ideas: UngroupedIdea[]; computed: Computed } {
  const ideas = newestUngroupedVisibleIdeas(MAX_IDEAS_CONSIDERED);
  const signature = signatureOf(ideas);
  if (store.computed?.signature !== signature) store.computed = compute(ideas, signature);
  return { ideas, computed: store.computed };
}

/** An idea's analysis, kept between computations while its text stays the same. */
function preparedOf(idea: UngroupedIdea): Prepared {
  const source = `${idea.title}\u0001${idea.body}`;
  let entry = store.prepared.get(idea.id);
  if (entry?.source !== source) {
    entry = {
      source,
      prepared: prepareIdea(idea.title, idea.body),
      display: displayWords(idea.title, idea.body),
    };
    store.prepared.set(idea.id, entry);
  }
  return entry;
}

/**
 * The word a person wrote for each stem: lower case, unless it is always capitalised and at least
 * once in the middle of a sentence (a name: "Sjöbo", "Knalleland").
 */
function displayWords(title: string, body: string): Map<string, string> {
  const text = `${title}\n${body}`;
  const seen = new Map<string, { word: string; lower: boolean; midSentence: boolean }>();
  for (const match of text.matchAll(/[\p{L}\p{N}]+/gu)) {
    const token = match[0];
    const [word] = words(token);
    if (!word) continue;
    const stem = termOf(word).stem;
    const start = match.index ?? 0;
    const capitalised = token[0] !== token[0].toLowerCase();
    const sentenceStart = /(^|[.!?:\n]\s*)$/u.test(text.slice(Math.max(0, start - 3), start));
    let entry = seen.get(stem);
    if (!entry) seen.set(stem, (entry = { word: token, lower: false, midSentence: false }));
    if (!capitalised) entry.lower = true;
    else if (!sentenceStart) entry.midSentence = true;
  }
  const display = new Map<string, string>();
  for (const [stem, { word, lower, midSentence }] of seen) {
    display.set(stem, !lower && midSentence ? word : word.toLowerCase());
  }
  return display;
}

function compute(ideas: readonly UngroupedIdea[], signature: string): Computed {
  const n = ideas.length;
  const entries = ideas.map(preparedOf);
  // Drop analyses of ideas that left the working set, so that the cache stays bounded.
  if (store.prepared.size > 2 * MAX_IDEAS_CONSIDERED) {
    const keep = new Set(ideas.map((i) => i.id));
    for (const id of store.prepared.keys()) if (!keep.has(id)) store.prepared.delete(id);
  }
  const prepared = entries.map((e) => e.prepared);
  const stats = termStatistics(prepared.map((p) => p.idea));

  const pairs = new Map<number, PairScore>();
  const pairScore = (x: number, y: number): PairScore => {
    const [i, j] = x < y ? [x, y] : [y, x];
    const key = i * n + j;
    let pair = pairs.get(key);
    if (!pair) {
      const { aToB, bToA, text } = ideaTextSimilarity(prepared[i], prepared[j], stats);
      const distance = distanceMeters(ideas[i], ideas[j]);
      pair = {
        score: similarityScore(text, distance),
        text,
        minText: Math.min(aToB, bToA),
        distance,
      };
      pairs.set(key, pair);
    }
    return pair;
  };

  // Candidates: ideas sharing the most (rare) stems, concepts and word beginnings or endings; every
  // pair of terms that termSimilarity scores above zero shares one of these keys.
  const postings = new Map<string, number[]>();
  const keysOf = prepared.map((p) => {
    const keys = new Map<string, number>();
    for (const t of p.text.terms) {
      keys.set(`s${t.stem}`, termWeight(t.stem, stats));
      for (const c of t.concepts.keys()) if (!keys.has(`c${c}`)) keys.set(`c${c}`, 1);
      if (t.stem.length >= 4) {
        if (!keys.has(`h${t.stem.slice(0, 4)}`)) keys.set(`h${t.stem.slice(0, 4)}`, 0.5);
        if (!keys.has(`t${t.stem.slice(-4)}`)) keys.set(`t${t.stem.slice(-4)}`, 0.5);
      }
    }
    return keys;
  });
  keysOf.forEach((keys, i) => {
    for (const key of keys.keys()) {
      const list = postings.get(key);
      if (list) list.push(i);
      else postings.set(key, [i]);
    }
  });
  // A key that most ideas share says nothing about which belong together, and costs the most.
  const maxPosting = Math.max(50, Math.ceil(n * 0.05));
  const overlap = new Float64Array(n);
  const edges: [number, number][] = [];
  for (let i = 0; i < n; i++) {
    const touched: number[] = [];
    for (const [key, weight] of keysOf[i]) {
      const list = postings.get(key)!;
      if (list.length > maxPosting) continue;
      for (const j of list) {
        if (j === i) continue;
        if (overlap[j] === 0) touched.push(j);
        overlap[j] += weight;
      }
    }
    const ranked = touched
      .map((j) => ({ j, rank: overlap[j] * placeFactor(distanceMeters(ideas[i], ideas[j])) }))
      .sort((x, y) => y.rank - x.rank || x.j - y.j)
      .slice(0, CANDIDATES_PER_IDEA);
    for (const j of touched) overlap[j] = 0;
    for (const { j } of ranked) {
      if (pairScore(i, j).score >= GROUP_EDGE_MIN_SCORE) edges.push(i < j ? [i, j] : [j, i]);
    }
  }

  // Duplicates: the strongest pairs, both ways alike.
  const duplicates: Computed["duplicates"] = [];
  for (const [key, pair] of pairs) {
    if (pair.score < DUPLICATE_MIN_SCORE || pair.minText < DUPLICATE_MIN_TEXT) continue;
    const i = Math.floor(key / n);
    const j = key % n;
    duplicates.push({ i, j, pair, reasons: duplicateReasons(i, j, pair) });
  }
  duplicates.sort((x, y) => y.pair.score - x.pair.score || x.i - y.i || x.j - y.j);

  function duplicateReasons(i: number, j: number, pair: PairScore): SuggestionReason[] {
    const { same, related } = sharedTerms(prepared[i].text, prepared[j].text, stats);
    const word = (stem: string, from: number) => entries[from].display.get(stem) ?? stem;
    const reasons: SuggestionReason[] = [
      { key: "suggestions.reasons.textAlike", values: { percent: Math.round(pair.text * 100) } },
      { key: "suggestions.reasons.apart", values: { apartMeters: Math.round(pair.distance) } },
    ];
    const sameWords = same.filter((stem) => !/^\p{N}+$/u.test(stem)).slice(0, 6);
    if (sameWords.length)
      reasons.push({
        key: "suggestions.reasons.sameWords",
        values: { words: sameWords.map((s) => word(s, i)) },
      });
    if (related.length)
      reasons.push({
        key: "suggestions.reasons.relatedWords",
        values: { pairs: related.slice(0, 3).map(([a, b]) => `${word(a, i)} ≈ ${word(b, j)}`) },
      });
    if (ideas[i].focusArea === ideas[j].focusArea)
      reasons.push({
        key: "suggestions.reasons.sameFocusArea",
        values: { focusArea: ideas[i].focusArea },
      });
    return reasons;
  }

  // Linkage counts the pairs scored above and no others (an unscored pair shares too little to
  // count): scoring every cross pair of every candidate merge would cost several times as much.
  const knownScore = (x: number, y: number) => pairs.get(x < y ? x * n + y : y * n + x)?.score ?? 0;
  const clusters = averageLinkageClusters(n, edges, knownScore, {
    minLinkage: GROUP_MIN_LINKAGE,
    maxSize: GROUP_MAX_SIZE,
  }).filter((c) => c.length >= GROUP_MIN_SIZE);

  const groups = clusters.map((members) => {
    // The most central idea: the highest total score with the others.
    const centrality = members.map((i) =>
      members.reduce((sum, j) => (i === j ? sum : sum + pairScore(i, j).score), 0),
    );
    const order = members
      .map((i, k) => ({ i, c: centrality[k] }))
      .sort((x, y) => y.c - x.c || ideas[x.i].id - ideas[y.i].id)
      .map((x) => x.i);
    const pairCount = (members.length * (members.length - 1)) / 2;
    const cohesion = centrality.reduce((a, b) => a + b, 0) / 2 / pairCount;
    const focusArea = mostCommonFocusArea(order.map((i) => ideas[i].focusArea));
    return {
      members: order,
      focusArea,
      title: ideas[order[0]].title,
      cohesion,
      // Bigger coherent groups first: a pair of duplicates is also in the list above.
      strength: cohesion * Math.sqrt(members.length),
      reasons: groupReasons(order, cohesion, focusArea, stats),
    };
  });
  groups.sort((x, y) => y.strength - x.strength || ideas[x.members[0]].id - ideas[y.members[0]].id);

  function groupReasons(
    members: number[],
    cohesion: number,
    focusArea: FocusArea,
    stats: TermStatistics,
  ): SuggestionReason[] {
    const quorum = Math.max(2, Math.ceil(members.length / 2));
    const stemCount = new Map<string, number>();
    const conceptCount = new Map<string, number>();
    for (const i of members) {
      for (const stem of prepared[i].text.stems)
        stemCount.set(stem, (stemCount.get(stem) ?? 0) + 1);
      const concepts = new Set(prepared[i].text.terms.flatMap((t) => [...t.concepts.keys()]));
      for (const c of concepts) conceptCount.set(c, (conceptCount.get(c) ?? 0) + 1);
    }
    const sharedStems = [...stemCount]
      .filter(([stem, count]) => count >= quorum && !/^\p{N}+$/u.test(stem))
      .sort((a, b) => b[1] - a[1] || termWeight(b[0], stats) - termWeight(a[0], stats))
      .slice(0, 6)
      .map(([stem]) => stem);
    const shownWords = sharedStems.map(
      (stem) => members.map((i) => entries[i].display.get(stem)).find(Boolean) ?? stem,
    );
    const topics = [...conceptCount]
      .filter(([c, count]) => count >= quorum && !sharedStems.includes(termOf(c).stem))
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], "sv"))
      .slice(0, 3)
      .map(([c]) => c);

    let widest = 0;
    for (const i of members)
      for (const j of members) if (i < j) widest = Math.max(widest, pairScore(i, j).distance);
    const centre = {
      lat: members.reduce((s, i) => s + ideas[i].lat, 0) / members.length,
      lng: members.reduce((s, i) => s + ideas[i].lng, 0) / members.length,
    };
    const near = describePlace(centre.lat, centre.lng);

    const reasons: SuggestionReason[] = [
      { key: "suggestions.reasons.cohesion", values: { percent: Math.round(cohesion * 100) } },
    ];
    if (shownWords.length)
      reasons.push({ key: "suggestions.reasons.groupWords", values: { words: shownWords } });
    if (topics.length) reasons.push({ key: "suggestions.reasons.groupTopics", values: { topics } });
    reasons.push(
      near && widest <= NAMED_PLACE_MAX_SPREAD_METERS
        ? {
            key: "suggestions.reasons.groupNear",
            values: { withinMeters: Math.round(widest), place: near.place.name },
          }
        : { key: "suggestions.reasons.groupWithin", values: { withinMeters: Math.round(widest) } },
    );
    const sameFocus = members.filter((i) => ideas[i].focusArea === focusArea).length;
    reasons.push({
      key: "suggestions.reasons.groupFocusArea",
      values: { focusArea, count: sameFocus, total: members.length },
    });
    return reasons;
  }

  return { signature, considered: n, duplicates, groups };
}

function mostCommonFocusArea(areas: readonly FocusArea[]): FocusArea {
  const counts = new Map<FocusArea, number>();
  for (const a of areas) counts.set(a, (counts.get(a) ?? 0) + 1);
  // Ties go to the most central idea's area (areas come most central first).
  let best = areas[0] ?? FOCUS_AREAS[0];
  for (const a of areas) if ((counts.get(a) ?? 0) > (counts.get(best) ?? 0)) best = a;
  return best;
}

/**
 * Agglomerative clustering with average linkage over a sparse similarity graph: start from single
 * ideas and keep joining the two clusters whose cross pairs have the highest mean score (pairs
 * scored on demand), while that mean reaches `minLinkage` and the result has at most `maxSize`
 * ideas. Only clusters joined by an edge are ever compared. Average linkage does not chain: an
 * idea that is like one member but not the others stays out.
 */
export function averageLinkageClusters(
  n: number,
  edges: readonly (readonly [number, number])[],
  score: (i: number, j: number) => number,
  options: { minLinkage: number; maxSize: number },
): number[][] {
  const neighbours: number[][] = Array.from({ length: n }, () => []);
  for (const [i, j] of edges) {
    neighbours[i].push(j);
    neighbours[j].push(i);
  }
  const clusterOf = Int32Array.from({ length: n }, (_, i) => i);
  const members = new Map<number, number[]>(Array.from({ length: n }, (_, i) => [i, [i]]));
  const version = new Int32Array(n);
  const heap = new MaxHeap<{ linkage: number; c1: number; c2: number; v1: number; v2: number }>(
    (x, y) => x.linkage - y.linkage || y.c1 - x.c1 || y.c2 - x.c2,
  );
  const linkage = (c1: number, c2: number) => {
    let sum = 0;
    const a = members.get(c1)!;
    const b = members.get(c2)!;
    for (const i of a) for (const j of b) sum += score(i, j);
    return sum / (a.length * b.length);
  };
  const offer = (c1: number, c2: number) => {
    if (members.get(c1)!.length + members.get(c2)!.length > options.maxSize) return;
    const value = linkage(c1, c2);
    if (value >= options.minLinkage)
      heap.push({ linkage: value, c1, c2, v1: version[c1], v2: version[c2] });
  };
  const seen = new Set<number>();
  for (const [i, j] of edges) {
    const key = Math.min(i, j) * n + Math.max(i, j);
    if (i === j || seen.has(key)) continue;
    seen.add(key);
    offer(i, j);
  }
  for (let top = heap.pop(); top; top = heap.pop()) {
    const { c1, c2 } = top;
    if (version[c1] !== top.v1 || version[c2] !== top.v2) continue; // stale: a side has changed
    const joined = [...members.get(c1)!, ...members.get(c2)!];
    members.set(c1, joined);
    members.delete(c2);
    for (const i of joined) clusterOf[i] = c1;
    version[c1] += 1;
    version[c2] += 1;
    const around = new Set<number>();
    for (const i of joined)
      for (const j of neighbours[i]) if (clusterOf[j] !== c1) around.add(clusterOf[j]);
    for (const c of around) offer(Math.min(c, c1), Math.max(c, c1));
  }
  return [...members.values()];
}

class MaxHeap<T> {
  private readonly items: T[] = [];
  constructor(private readonly compare: (a: T, b: T) => number) {}
  push(item: T) {
    const items = this.items;
    items.push(item);
    let k = items.length - 1;
    while (k > 0) {
      const parent = (k - 1) >> 1;
      if (this.compare(items[k], items[parent]) <= 0) break;
      [items[k], items[parent]] = [items[parent], items[k]];
      k = parent;
    }
  }
  pop(): T | undefined {
    const items = this.items;
    if (items.length === 0) return undefined;
    const top = items[0];
    const last = items.pop()!;
    if (items.length > 0) {
      items[0] = last;
      let k = 0;
      for (;;) {
        const l = 2 * k + 1;
        const r = l + 1;
        let m = k;
        if (l < items.length && this.compare(items[l], items[m]) > 0) m = l;
        if (r < items.length && this.compare(items[r], items[m]) > 0) m = r;
        if (m === k) break;
        [items[k], items[m]] = [items[m], items[k]];
        k = m;
      }
    }
    return top;
  }
}

// ── What the page asks for ────────────────────────────────────────────────────────────────────

function summary(idea: UngroupedIdea): IdeaSummary {
  return {
    id: idea.id,
    title: idea.title,
    focusArea: idea.focusArea,
    supports: idea.supports,
    createdAt: idea.createdAt,
    lat: idea.lat,
    lng: idea.lng,
  };
}

/**
 * Likely duplicates among the visible ungrouped ideas, strongest first. Each pair says which idea
 * to keep: the one with more supports, or with as many the older one (merging moves the newer's
 * supports, comments and authorship onto it).
 */
export function suggestDuplicates({ limit = 20 }: { limit?: number } = {}): DuplicateSuggestion[] {
  const { ideas, computed } = current();
  return duplicatesOf(ideas, computed, limit);
}

function duplicatesOf(
  ideas: readonly UngroupedIdea[],
  computed: Computed,
  limit: number,
): DuplicateSuggestion[] {
  return computed.duplicates.slice(0, Math.max(0, limit)).map(({ i, j, pair, reasons }) => {
    const [x, y] = [ideas[i], ideas[j]];
    const older = (p: UngroupedIdea, q: UngroupedIdea) =>
      p.createdAt < q.createdAt || (p.createdAt === q.createdAt && p.id < q.id);
    const keepX = x.supports !== y.supports ? x.supports > y.supports : older(x, y);
    const [from, into] = keepX ? [y, x] : [x, y];
    return {
      a: summary(from),
      b: summary(into),
      keep: from.supports !== into.supports ? "more-supports" : "older",
      score: Math.round(pair.score * 1000) / 1000,
      distanceMeters: Math.round(pair.distance),
      reasons,
    };
  });
}

/** Candidate co-creation groups of 2–12 ungrouped visible ideas, the strongest first. */
export function suggestGroups({ limit = 20 }: { limit?: number } = {}): GroupSuggestion[] {
  const { ideas, computed } = current();
  return groupsOf(ideas, computed, limit);
}

function groupsOf(
  ideas: readonly UngroupedIdea[],
  computed: Computed,
  limit: number,
): GroupSuggestion[] {
  return computed.groups.slice(0, Math.max(0, limit)).map((g) => ({
    key: g.members
      .map((i) => ideas[i].id)
      .sort((a, b) => a - b)
      .join("-"),
    ideas: g.members.map((i) => summary(ideas[i])),
    focusArea: g.focusArea,
    title: g.title,
    cohesion: Math.round(g.cohesion * 1000) / 1000,
    reasons: g.reasons,
  }));
}

/** How many ideas the suggestions looked at, and how many are waiting in all. */
export function suggestionScope(): SuggestionScope {
  return scopeOf(current().computed);
}

function scopeOf(computed: Computed): SuggestionScope {
  const ungrouped =
    computed.considered < MAX_IDEAS_CONSIDERED ? computed.considered : countUngroupedVisibleIdeas();
  return { considered: computed.considered, ungrouped };
}

/** Everything the suggestions page shows, from one look at the database. */
export function moderationSuggestions(limits: { duplicates?: number; groups?: number } = {}): {
  duplicates: DuplicateSuggestion[];
  groups: GroupSuggestion[];
  scope: SuggestionScope;
} {
  const { ideas, computed } = current();
  return {
    duplicates: duplicatesOf(ideas, computed, limits.duplicates ?? 20),
    groups: groupsOf(ideas, computed, limits.groups ?? 20),
    scope: scopeOf(computed),
  };
}
