import { beforeAll, describe, expect, it } from "vitest";
import { seedSynthetic } from "../../../db/seed";
import { BORAS_BOUNDS } from "~/domain/geo";
import { countIdeas, type IdeaFilter } from "~/models/ideas.server";
import { ideasInViewport, invalidateMapIndex, MAX_FEATURES, type MapFeature } from "~/services/map-index.server";
import { getDb } from "~/utils/db.server";

const city = { ...BORAS_BOUNDS };
const street = { west: 12.935, south: 57.718, east: 12.945, north: 57.724 };

function total(features: MapFeature[]) {
  return features.reduce((sum, f) => sum + (f.properties.cluster ? f.properties.count : 1), 0);
}

describe("ideasInViewport", () => {
  beforeAll(() => {
    seedSynthetic(getDb(), 12_000);
    invalidateMapIndex();
  });

  it("clusters the whole city, and the counts add up to every idea in the box", () => {
    const features = ideasInViewport({}, city, 11);
    expect(features.some((f) => f.properties.cluster)).toBe(true);
    expect(features.length).toBeLessThan(2000);
    expect(total(features)).toBe(countIdeas({}, city));
  });

  it("adds up on a street too, at a zoom where most ideas stand alone", () => {
    const features = ideasInViewport({}, street, 17);
    expect(total(features)).toBe(countIdeas({}, street));
    expect(features.every((f) => !f.properties.cluster)).toBe(true);
  });

  it("never answers with more than the feature cap, even when asked for the city at street zoom", () => {
    const features = ideasInViewport({}, city, 22);
    expect(features.length).toBeLessThanOrEqual(MAX_FEATURES);
    expect(total(features)).toBe(countIdeas({}, city));
  });

  it.each<IdeaFilter>([{ focusAreas: ["mobility"] }, { focusAreas: ["leadership", "construction"] }, { q: "cykelbana" }])(
    "filters by %j with counts that still add up",
    (filter) => {
      const features = ideasInViewport(filter, city, 12);
      const expected = countIdeas(filter, city);
      expect(expected).toBeGreaterThan(0);
      expect(expected).toBeLessThan(countIdeas({}, city));
      expect(total(features)).toBe(expected);
      for (const f of features) {
        if (!f.properties.cluster && filter.focusAreas) expect(filter.focusAreas).toContain(f.properties.focusArea);
      }
    },
  );

  it("shows a new idea after the index is invalidated", () => {
    const before = total(ideasInViewport({}, city, 11));
    getDb()
      .prepare(
        "INSERT INTO ideas (title, body, focus_area, lat, lng) VALUES ('Ny idé vid torget', 'En helt ny idé om torget.', 'mobility', 57.721, 12.94)",
      )
      .run();
    invalidateMapIndex();
    expect(total(ideasInViewport({}, city, 11))).toBe(before + 1);
  });

  it("never shows hidden ideas", () => {
    const db = getDb();
    const before = total(ideasInViewport({}, city, 11));
    db.prepare("UPDATE ideas SET status = 'hidden' WHERE id IN (SELECT id FROM ideas LIMIT 10)").run();
    invalidateMapIndex();
    expect(total(ideasInViewport({}, city, 11))).toBe(before - 10);
  });
});

describe("cluster breakdown by focus area", () => {
  it("adds up to each cluster's count", () => {
    for (const f of ideasInViewport({}, city, 10)) {
      if (!f.properties.cluster) continue;
      const sum = Object.values(f.properties.focusCounts).reduce((a, b) => a + b, 0);
      expect(sum).toBe(f.properties.count);
    }
  });
});
