import { beforeAll, describe, expect, it } from "vitest";
import {
  at,
  sameLabelledGroup,
  suggestionIdeas,
  type SuggestionIdea,
} from "../../fixtures/suggestion-groups";
import {
  averageLinkageClusters,
  suggestDuplicates,
  suggestGroups,
  suggestionScope,
  type DuplicateSuggestion,
  type GroupSuggestion,
} from "~/services/suggestions.server";
import {
  analyzeText,
  ideaTextSimilarity,
  prepareIdea,
  sharedTerms,
  termStatistics,
  textSimilarity,
} from "~/domain/similarity";
import { getDb } from "~/utils/db.server";

/** fixture key ↔ database id */
const ids = new Map<string, number>();
const byId = new Map<number, SuggestionIdea>();

type NewIdea = Pick<SuggestionIdea, "title" | "body" | "focusArea" | "lat" | "lng"> & {
  supports?: number;
  status?: "visible" | "pending" | "hidden" | "merged";
  groupId?: number | null;
  createdAt?: string;
};

let minute = 0;
function insertIdea(idea: NewIdea): number {
  minute += 1;
  const createdAt =
    idea.createdAt ?? new Date(Date.UTC(2026, 0, 1) + minute * 60_000).toISOString();
  const result = getDb()
    .prepare(
      `INSERT INTO ideas (title, body, focus_area, lat, lng, status, group_id, supports_count, created_at, updated_at)
       VALUES (@title, @body, @focusArea, @lat, @lng, @status, @groupId, @supports, @createdAt, @createdAt)`,
    )
    .run({
      title: idea.title,
      body: idea.body,
      focusArea: idea.focusArea,
      lat: idea.lat,
      lng: idea.lng,
      status: idea.status ?? "visible",
      groupId: idea.groupId ?? null,
      supports: idea.supports ?? 0,
      createdAt,
    });
  return Number(result.lastInsertRowid);
}

function createGroup(title: string): number {
  return Number(
    getDb()
      .prepare(`INSERT INTO co_creation_groups (title, focus_area) VALUES (?, 'mobility')`)
      .run(title).lastInsertRowid,
  );
}

const labelled = (id: number) => byId.get(id);
const keyOf = (id: number) => labelled(id)?.key ?? `#${id}`;
const ALL = 1000;

beforeAll(() => {
  for (const idea of suggestionIdeas) {
    const id = insertIdea(idea);
    ids.set(idea.key, id);
    byId.set(id, idea);
  }
});

/** Share of suggested pairs whose two ideas a moderator would put together. */
function duplicatePrecision(pairs: DuplicateSuggestion[]) {
  const wrong = pairs.filter((p) => !sameLabelledGroup(labelled(p.a.id)!, labelled(p.b.id)!));
  return {
    precision: pairs.length ? (pairs.length - wrong.length) / pairs.length : 0,
    wrong: wrong.map((p) => `${keyOf(p.a.id)} + ${keyOf(p.b.id)} (${p.score})`),
  };
}

/** Share of the fixture's marked near-copies that are suggested as duplicates. */
function duplicateRecall(pairs: DuplicateSuggestion[]) {
  const found = new Set(pairs.map((p) => [keyOf(p.a.id), keyOf(p.b.id)].sort().join(" + ")));
  const marked = suggestionIdeas.filter((i) => i.duplicateOf);
  const missed = marked.filter((i) => !found.has([i.key, i.duplicateOf!].sort().join(" + ")));
  return {
    recall: (marked.length - missed.length) / marked.length,
    missed: missed.map((i) => i.key),
  };
}

function pairsOf<T>(list: readonly T[]): [T, T][] {
  const out: [T, T][] = [];
  for (let x = 0; x < list.length; x++)
    for (let y = x + 1; y < list.length; y++) out.push([list[x], list[y]]);
  return out;
}

/**
 * Group precision: for each suggested group, the share of its pairs of ideas that share a label,
 * averaged over the groups. Purity: the share of each group's ideas in its largest label,
 * averaged. Pair recall: the share of labelled same-group pairs that end up in one suggestion.
 */
function groupQuality(groups: GroupSuggestion[]) {
  const precisions: number[] = [];
  const purities: number[] = [];
  const imperfect: string[] = [];
  const together = new Set<string>();
  for (const g of groups) {
    const members = g.ideas.map((i) => labelled(i.id)!);
    const pairs = pairsOf(members);
    const good = pairs.filter(([a, b]) => sameLabelledGroup(a, b)).length;
    precisions.push(good / pairs.length);
    const labels = new Map<string, number>();
    for (const m of members) labels.set(m.group ?? m.key, (labels.get(m.group ?? m.key) ?? 0) + 1);
    purities.push(Math.max(...labels.values()) / members.length);
    if (good < pairs.length) imperfect.push(`[${members.map((m) => m.key).join(", ")}]`);
    for (const [a, b] of pairs) together.add([a.key, b.key].sort().join(" + "));
  }
  const labelledPairs = pairsOf(suggestionIdeas).filter(([a, b]) => sameLabelledGroup(a, b));
  const recalled = labelledPairs.filter(([a, b]) =>
    together.has([a.key, b.key].sort().join(" + ")),
  );
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  return {
    precision: mean(precisions),
    purity: mean(purities),
    pairRecall: recalled.length / labelledPairs.length,
    imperfect,
  };
}

describe("suggestions on the labelled set", () => {
  it("suggests duplicates with precision of at least 0.8, and finds the near-copies", () => {
    const started = performance.now();
    const pairs = suggestDuplicates({ limit: ALL });
    const ms = performance.now() - started;
    const { precision, wrong } = duplicatePrecision(pairs);
    const { recall, missed } = duplicateRecall(pairs);
    console.log(
      `duplicate suggestions, labelled set of ${suggestionIdeas.length} ideas (${ms.toFixed(0)} ms):\n` +
        `  ${pairs.length} pairs, precision ${precision.toFixed(3)}` +
        (wrong.length ? ` (wrong: ${wrong.join("; ")})` : "") +
        `\n  recall of the ${suggestionIdeas.filter((i) => i.duplicateOf).length} marked near-copies: ${recall.toFixed(3)}` +
        (missed.length ? ` (missed: ${missed.join(", ")})` : "") +
        `\n  pairs: ${pairs.map((p) => `${keyOf(p.a.id)} → ${keyOf(p.b.id)} ${p.score}`).join("; ")}`,
    );
    expect(pairs.length).toBeGreaterThan(0);
    expect(precision).toBeGreaterThanOrEqual(0.8);
    expect(recall).toBeGreaterThanOrEqual(0.8);
  });

  it("suggests groups with precision of at least 0.8", () => {
    const groups = suggestGroups({ limit: ALL });
    const q = groupQuality(groups);
    console.log(
      `group suggestions, labelled set of ${suggestionIdeas.length} ideas:\n` +
        `  ${groups.length} groups (sizes ${groups.map((g) => g.ideas.length).join(" ")})\n` +
        `  pair precision ${q.precision.toFixed(3)}, purity ${q.purity.toFixed(3)}, pair recall ${q.pairRecall.toFixed(3)}` +
        (q.imperfect.length ? `\n  imperfect: ${q.imperfect.join("; ")}` : ""),
    );
    expect(groups.length).toBeGreaterThanOrEqual(10);
    expect(q.precision).toBeGreaterThanOrEqual(0.8);
    expect(q.purity).toBeGreaterThanOrEqual(0.8);
  });

  it("brings the four ideas about bicycle parking at Resecentrum together", () => {
    const group = suggestGroups({ limit: ALL }).find((g) =>
      g.ideas.some((i) => keyOf(i.id) === "resecentrum-cykelparkering-4"),
    );
    expect(group?.ideas.map((i) => keyOf(i.id)).sort()).toEqual([
      "resecentrum-cykelparkering-1",
      "resecentrum-cykelparkering-2",
      "resecentrum-cykelparkering-3",
      "resecentrum-cykelparkering-4",
    ]);
    expect(group?.focusArea).toBe("mobility");
    expect(group?.ideas.map((i) => i.title)).toContain(group?.title);
  });

  it("says why: words, distance, focus area and how alike, as locale keys with values", () => {
    const pair = suggestDuplicates({ limit: ALL }).find(
      (p) => [keyOf(p.a.id), keyOf(p.b.id)].sort().join() === "sjobo-cykel-1,sjobo-cykel-1-igen",
    );
    expect(pair).toBeDefined();
    const reasons = Object.fromEntries(pair!.reasons.map((r) => [r.key, r.values]));
    expect(reasons["suggestions.reasons.textAlike"]?.percent).toBeGreaterThan(60);
    expect(reasons["suggestions.reasons.apart"]?.apartMeters).toBe(pair!.distanceMeters);
    expect(reasons["suggestions.reasons.sameWords"]?.words).toEqual(
      expect.arrayContaining(["Sjöbo", "cykelväg"]),
    );
    expect(reasons["suggestions.reasons.sameFocusArea"]?.focusArea).toBe("mobility");

    for (const g of suggestGroups({ limit: ALL })) {
      expect(g.reasons.map((r) => r.key)).toContain("suggestions.reasons.cohesion");
      expect(g.cohesion).toBeGreaterThan(0);
      expect(g.cohesion).toBeLessThanOrEqual(1);
      expect(g.ideas.length).toBeGreaterThanOrEqual(2);
      expect(g.ideas.length).toBeLessThanOrEqual(12);
    }
  });

  it("merges the less supported, or else the newer, idea into the other", () => {
    const pairs = suggestDuplicates({ limit: ALL });
    const find = (x: string, y: string) =>
      pairs.find((p) => [keyOf(p.a.id), keyOf(p.b.id)].sort().join() === [x, y].sort().join());
    // The copy has no supports: it goes into the original.
    const copy = find("klader-1", "klader-1-kopia");
    expect([keyOf(copy!.a.id), keyOf(copy!.b.id), copy!.keep]).toEqual([
      "klader-1-kopia",
      "klader-1",
      "more-supports",
    ]);
    // The repost gathered more supports than the original: the original goes into it.
    const repost = find("torget-1", "torget-1-igen");
    expect([keyOf(repost!.a.id), keyOf(repost!.b.id), repost!.keep]).toEqual([
      "torget-1",
      "torget-1-igen",
      "more-supports",
    ]);
    // As many supports: the newer goes into the older.
    const even = find("sjobo-cykel-1", "sjobo-cykel-1-igen");
    expect([keyOf(even!.a.id), keyOf(even!.b.id), even!.keep]).toEqual([
      "sjobo-cykel-1-igen",
      "sjobo-cykel-1",
      "older",
    ]);
  });

  it("respects the limits and reports its scope", () => {
    expect(suggestDuplicates({ limit: 2 })).toHaveLength(2);
    expect(suggestGroups({ limit: 3 })).toHaveLength(3);
    expect(suggestionScope()).toEqual({
      considered: suggestionIdeas.length,
      ungrouped: suggestionIdeas.length,
    });
  });

  it("never suggests grouped, hidden, pending or merged ideas, and notices changes", () => {
    const original = suggestionIdeas.find((i) => i.key === "gasslosa-tra-1")!;
    const groupId = createGroup("Trä i Gässlösa");
    const copies = [
      insertIdea({ ...original, groupId }),
      ...(["hidden", "pending", "merged"] as const).map((status) =>
        insertIdea({ ...original, status }),
      ),
    ];
    const suggested = new Set([
      ...suggestDuplicates({ limit: ALL }).flatMap((p) => [p.a.id, p.b.id]),
      ...suggestGroups({ limit: ALL }).flatMap((g) => g.ideas.map((i) => i.id)),
    ]);
    for (const id of copies) expect(suggested.has(id)).toBe(false);

    // A visible copy is suggested at once; put in a group, it disappears from the suggestions.
    const copy = insertIdea({ ...original, title: `${original.title}!` });
    const dup = () =>
      suggestDuplicates({ limit: ALL }).find((p) => p.a.id === copy || p.b.id === copy);
    expect(dup()).toBeDefined();
    getDb().prepare("UPDATE ideas SET group_id = ? WHERE id = ?").run(groupId, copy);
    expect(dup()).toBeUndefined();
    getDb().prepare("UPDATE ideas SET group_id = NULL, status = 'hidden' WHERE id = ?").run(copy);
    expect(dup()).toBeUndefined();
    expect(suggestGroups({ limit: ALL }).flatMap((g) => g.ideas.map((i) => i.id))).not.toContain(
      copy,
    );
  });

  it("never calls the same words far apart a duplicate", () => {
    const text = {
      title: "Cykelställ med tak vid skolan",
      body: "Vid skolan står cyklarna i regnet hela dagen. Bygg cykelställ med tak så att fler barn cyklar till skolan i stället för att bli skjutsade.",
      focusArea: "mobility" as const,
    };
    const hestra = insertIdea({ ...text, ...at("hestra") });
    const dalsjofors = insertIdea({ ...text, ...at("dalsjofors") });
    const pairs = suggestDuplicates({ limit: ALL });
    expect(
      pairs.find((p) => [p.a.id, p.b.id].includes(hestra) && [p.a.id, p.b.id].includes(dalsjofors)),
    ).toBeUndefined();
  });
});

describe("ideaTextSimilarity and sharedTerms", () => {
  const [a, b] = ["torget-1", "torget-2"].map((k) => suggestionIdeas.find((i) => i.key === k)!);
  const pa = prepareIdea(a.title, a.body);
  const pb = prepareIdea(b.title, b.body);
  const stats = termStatistics([pa.idea, pb.idea]);

  it("is the residents' text similarity taken both ways, whatever the order", () => {
    const ab = ideaTextSimilarity(pa, pb, stats);
    expect(ab.aToB).toBeCloseTo(
      textSimilarity(analyzeText(`${a.title}\n${a.body}`), pb.idea, stats),
      12,
    );
    expect(ab.bToA).toBeCloseTo(
      textSimilarity(analyzeText(`${b.title}\n${b.body}`), pa.idea, stats),
      12,
    );
    expect(ab.text).toBeCloseTo((ab.aToB + ab.bToA) / 2, 12);
    expect(ideaTextSimilarity(pb, pa, stats).text).toBeCloseTo(ab.text, 12);
    expect(ideaTextSimilarity(pa, pa, stats).text).toBeCloseTo(1, 12);
  });

  it("names the words both use and the synonyms between them", () => {
    const { same, related } = sharedTerms(pa.text, pb.text, stats);
    expect(same).toEqual(expect.arrayContaining(["torg", "sommar"]));
    expect(related.map((r) => r.join("~"))).toContain("bänk~sittplats");
  });
});

describe("averageLinkageClusters", () => {
  it("joins by mean similarity, does not chain, and keeps to the maximum size", () => {
    // 0–1–2 alike; 3 like 2 only; 4 alone.
    const table: Record<string, number> = { "0-1": 0.8, "0-2": 0.7, "1-2": 0.75, "2-3": 0.6 };
    const score = (i: number, j: number) => table[`${Math.min(i, j)}-${Math.max(i, j)}`] ?? 0;
    const edges: [number, number][] = [
      [0, 1],
      [0, 2],
      [1, 2],
      [2, 3],
    ];
    const sorted = (clusters: number[][]) =>
      clusters.map((c) => c.sort()).sort((a, b) => a[0] - b[0]);
    expect(
      sorted(averageLinkageClusters(5, edges, score, { minLinkage: 0.3, maxSize: 12 })),
    ).toEqual([[0, 1, 2], [3], [4]]);
    expect(
      sorted(averageLinkageClusters(5, edges, score, { minLinkage: 0.3, maxSize: 2 })),
    ).toEqual([[0, 1], [2, 3], [4]]);
  });
});

describe("suggestions with a few thousand ideas", () => {
  it("answers in time for a page load, and from the cache the second time", async () => {
    const { syntheticIdeas } = await import("../../../db/synthetic");
    const insert = getDb().transaction(() => {
      for (const idea of syntheticIdeas(2500)) insertIdea(idea);
    });
    insert();
    let started = performance.now();
    const groups = suggestGroups();
    const duplicates = suggestDuplicates();
    const first = performance.now() - started;
    started = performance.now();
    suggestGroups();
    suggestDuplicates();
    const second = performance.now() - started;
    console.log(
      `suggestions over the newest ${suggestionScope().considered} of ${suggestionScope().ungrouped} ungrouped ideas: ` +
        `${first.toFixed(0)} ms computed, ${second.toFixed(0)} ms cached; ${groups.length} groups, ${duplicates.length} duplicates shown`,
    );
    expect(suggestionScope().considered).toBe(2000);
    expect(first).toBeLessThan(5_000);
    expect(second).toBeLessThan(200);
  });
});
