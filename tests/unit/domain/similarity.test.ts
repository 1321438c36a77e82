import { describe, expect, it } from "vitest";
import {
  DISTANCE_FLOOR,
  MAX_SEARCH_TERMS,
  MIN_SCORE,
  normalizeText,
  placeFactor,
  rankSimilarIdeas,
  searchTerms,
  similarityScore,
  stemSwedish,
  termOf,
  termSimilarity,
  words,
} from "~/domain/similarity";

const sim = (a: string, b: string) =>
  termSimilarity(termOf(normalizeText(a)), termOf(normalizeText(b)));

describe("normalizeText and words", () => {
  it("lower-cases and drops diacritics, except the Swedish letters å, ä and ö", () => {
    expect(normalizeText("Café på ÅHAGA, Øl och Müsli")).toBe("cafe på åhaga, öl och musli");
  });

  it("keeps the words that carry meaning: no stop words, no one- or two-letter words", () => {
    expect(words("Jag vill att vi bygger en cykelbana i Sjöbo och på Norrby!")).toEqual([
      "bygger",
      "cykelbana",
      "sjöbo",
      "norrby",
    ]);
    expect(words("Buss 100 och 40:an")).toEqual(["buss", "100", "40"]);
    expect(words("och att det som")).toEqual([]);
  });
});

describe("stemSwedish", () => {
  it.each([
    [["cykelbana", "cykelbanan", "cykelbanor", "cykelbanorna"], "cykelban"],
    [["cykelväg", "cykelvägen", "cykelvägar", "cykelvägarna"], "cykelväg"],
    [["solcell", "solceller", "solcellerna"], "solcell"],
    [["bänk", "bänken", "bänkar", "bänkarna"], "bänk"],
    [["torg", "torget", "torgets"], "torg"],
    [["buss", "bussen", "bussar", "bussarna"], "buss"],
    [["hastighet", "hastigheten"], "hastig"],
  ])("gives %j the same stem", (forms, stem) => {
    for (const form of forms) expect(stemSwedish(form), form).toBe(stem);
  });

  it("leaves short words and words that only look inflected alone", () => {
    expect(stemSwedish("hus")).toBe("hus");
    expect(stemSwedish("klimat")).toBe("klimat");
    expect(stemSwedish("biogas")).toBe("biogas");
    expect(stemSwedish("stad")).toBe("stad");
  });
});

describe("termSimilarity", () => {
  it("is 1 for inflections of the same word", () => {
    expect(sim("cykelbanan", "cykelbanor")).toBe(1);
  });

  it("treats synonyms a resident might use as nearly the same", () => {
    expect(sim("solceller", "solpaneler")).toBe(0.9);
    expect(sim("cykelbanan", "cykelvägar")).toBe(0.9);
    expect(sim("järnvägen", "stambanan")).toBe(0.9);
    expect(sim("bänkar", "sittplatser")).toBe(0.9);
  });

  it("relates a compound to its parts, less than to a synonym", () => {
    const compound = sim("gångcykelbanan", "cykelväg");
    expect(compound).toBeGreaterThanOrEqual(0.6);
    expect(compound).toBeLessThan(0.9);
    expect(sim("elcykel", "cyklar")).toBeGreaterThanOrEqual(0.6);
  });

  it("keeps cycle parking apart from cycle paths", () => {
    expect(sim("cykelparkering", "cykelbana")).toBeLessThan(0.5);
    expect(sim("cykelgarage", "cykelställ")).toBe(0.9);
  });

  it("is 0 for unrelated words, and bänk is not bank", () => {
    expect(sim("bänk", "bank")).toBe(0);
    expect(sim("hastighet", "gångstig")).toBe(0);
    expect(sim("solceller", "bussar")).toBe(0);
  });
});

describe("searchTerms", () => {
  it("adds the synonyms of what was typed", () => {
    const terms = searchTerms("Solpaneler på taken");
    expect(terms).toEqual(expect.arrayContaining(["solpanel", "tak", "solcell"]));
  });

  it("gives only plain words of three characters or more, never query syntax, and not too many", () => {
    const terms = searchTerms(
      '"cykel* NEAR(bana, 2)" AND (sol OR x) -- ^title:bänk ' +
        "ord ".repeat(50) +
        "kort fler ".repeat(100),
    );
    expect(terms.length).toBeGreaterThan(0);
    expect(terms.length).toBeLessThanOrEqual(MAX_SEARCH_TERMS);
    for (const t of terms) {
      expect(t).toMatch(/^[\p{L}\p{N}]+$/u);
      expect([...t].length).toBeGreaterThanOrEqual(3);
    }
  });

  it("is empty when nothing searchable was typed", () => {
    expect(searchTerms("och att på i")).toEqual([]);
  });
});

describe("the score", () => {
  it("weighs distance from 1 on the spot down towards the floor far away", () => {
    expect(placeFactor(0)).toBe(1);
    expect(placeFactor(null)).toBe(1);
    expect(placeFactor(500)).toBeGreaterThan(placeFactor(1500));
    expect(placeFactor(1500)).toBeCloseTo(DISTANCE_FLOOR + (1 - DISTANCE_FLOOR) / Math.E, 6);
    expect(placeFactor(50_000)).toBeCloseTo(DISTANCE_FLOOR, 6);
  });

  it("stays within 0..1 and prefers the nearer of two equal texts", () => {
    expect(similarityScore(1, 0)).toBe(1);
    expect(similarityScore(1.5, null)).toBe(1);
    expect(similarityScore(-1, 10)).toBe(0);
    expect(similarityScore(0.4, 100)).toBeGreaterThan(similarityScore(0.4, 8000));
  });
});

describe("rankSimilarIdeas", () => {
  const candidates = [
    {
      id: 1,
      title: "Solceller på hyreshusens tak i Fristad",
      body: "Sätt solpaneler på de platta taken så att hyresgästerna får billigare el.",
      distanceMeters: 200,
    },
    {
      id: 2,
      title: "Tätare bussar på kvällarna",
      body: "Bussen går för sällan efter klockan åtta, kör fler turer.",
      distanceMeters: 100,
    },
    {
      id: 3,
      title: "Solceller på skolan i Dalsjöfors",
      body: "Bygg in solceller i taket på den nya skolan från början.",
      distanceMeters: 14_000,
    },
  ];

  it("puts a paraphrase nearby first, the same topic far away after it, and leaves out the unrelated", () => {
    const ranked = rankSimilarIdeas(
      "Solpanelerna borde sitta på taken på hyreshusen i Fristad",
      candidates,
    );
    expect(ranked.map((r) => r.id)).toEqual([1, 3]);
    expect(ranked[0].score).toBeGreaterThan(ranked[1].score);
    for (const r of ranked) expect(r.score).toBeGreaterThanOrEqual(MIN_SCORE);
  });

  it("scores an identical text 1 on the spot", () => {
    const [first] = rankSimilarIdeas(`${candidates[1].title} ${candidates[1].body}`, [
      { ...candidates[1], distanceMeters: 0 },
    ]);
    expect(first.score).toBeCloseTo(1, 6);
  });

  it("answers nothing for text without meaningful words", () => {
    expect(rankSimilarIdeas("och så att", candidates)).toEqual([]);
  });
});
