import { beforeAll, describe, expect, it } from "vitest";
import { seedSynthetic } from "../../../db/seed";
import { seededRandom } from "../../../db/synthetic";
import { FOCUS_AREAS, type FocusArea } from "~/domain/focus-areas";
import { BORAS_BOUNDS, type BBox } from "~/domain/geo";
import { countIdeas, type IdeaFilter, type MapIdea } from "~/models/ideas.server";
import {
  GridIndex,
  ideasInViewport,
  invalidateMapIndex,
  mapIndexReady,
  mapIndexVersion,
  MAX_FEATURES,
  refreshIdeas,
  warmMapIndex,
  type MapFeature,
} from "~/services/map-index.server";
import { withoutKeptIdea } from "~/domain/map-features";
import { getDb } from "~/utils/db.server";

const city = { ...BORAS_BOUNDS };
const street = { west: 12.935, south: 57.718, east: 12.945, north: 57.724 };

function total(features: MapFeature[]) {
  return features.reduce((sum, f) => sum + (f.properties.cluster ? f.properties.count : 1), 0);
}

/** Every subset of the four focus areas (the empty one meaning "all"). */
const focusSubsets: FocusArea[][] = Array.from({ length: 16 }, (_, mask) =>
  FOCUS_AREAS.filter((_, i) => mask & (1 << i)),
);

function randomBoxes(count: number): BBox[] {
  const random = seededRandom(42);
  return Array.from({ length: count }, () => {
    const w = 0.005 + random() * 0.3;
    const h = 0.003 + random() * 0.15;
    const west = 12.6 + random() * 0.7;
    const south = 57.55 + random() * 0.35;
    return { west, south, east: west + w, north: south + h };
  });
}

describe("ideasInViewport", () => {
  beforeAll(() => {
    seedSynthetic(getDb(), 12_000);
    invalidateMapIndex();
  });

  it("clusters the whole city, and the counts add up to every idea in the box", () => {
    const features = ideasInViewport({}, city, 11);
    expect(features.some((f) => f.properties.cluster)).toBe(true);
    expect(features.length).toBeLessThan(1000);
    expect(total(features)).toBe(countIdeas({}, city));
  });

  it("keeps markers at least 48 px apart, so that each can be tapped", () => {
    for (const zoom of [10, 11, 12, 13, 14, 15, 16]) {
      const features = ideasInViewport({}, city, zoom);
      const scale = 256 * 2 ** zoom;
      const px = features.map((f) => {
        const [lng, lat] = f.geometry.coordinates;
        const sin = Math.sin((lat * Math.PI) / 180);
        return [
          (lng / 360 + 0.5) * scale,
          (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * scale,
        ];
      });
      let closest = Infinity;
      for (let i = 0; i < px.length; i++)
        for (let j = i + 1; j < px.length; j++)
          closest = Math.min(closest, Math.hypot(px[i][0] - px[j][0], px[i][1] - px[j][1]));
      expect(closest, `zoom ${zoom}`).toBeGreaterThanOrEqual(24);
      expect(
        features.reduce((n, f) => n + (f.properties.cluster ? f.properties.count : 1), 0),
      ).toBe(countIdeas({}, city));
    }
  });

  it("shows single ideas on a street at zoom 17", () => {
    const features = ideasInViewport({}, street, 17);
    expect(total(features)).toBe(countIdeas({}, street));
    expect(features.every((f) => !f.properties.cluster)).toBe(true);
  });

  it("never answers with more than the feature cap, even for the city at street zoom", () => {
    const features = ideasInViewport({}, city, 22);
    expect(features.length).toBeLessThanOrEqual(MAX_FEATURES);
    expect(total(features)).toBe(countIdeas({}, city));
  });

  it("adds up for every combination of focus areas, in random boxes at every zoom", () => {
    const boxes = randomBoxes(12);
    for (const focusAreas of focusSubsets) {
      for (const [n, box] of boxes.entries()) {
        const zoom = 9 + (n % 10);
        const filter: IdeaFilter = { focusAreas };
        const features = ideasInViewport(filter, box, zoom);
        expect(total(features), `${focusAreas.join("+") || "all"} at zoom ${zoom}`).toBe(
          countIdeas(filter, box),
        );
        for (const f of features) {
          if (!f.properties.cluster && focusAreas.length)
            expect(focusAreas).toContain(f.properties.focusArea);
          if (f.properties.cluster) {
            const sum = Object.values(f.properties.focusCounts).reduce((a, b) => a + b, 0);
            expect(sum).toBe(f.properties.count);
          }
        }
      }
    }
  });

  it.each<IdeaFilter>([{ q: "cykelbana" }, { q: "solceller", focusAreas: ["construction"] }])(
    "answers a text filter %j with counts that add up",
    (filter) => {
      const features = ideasInViewport(filter, city, 12);
      const expected = countIdeas(filter, city);
      expect(expected).toBeGreaterThan(0);
      expect(expected).toBeLessThan(countIdeas({}, city));
      expect(total(features)).toBe(expected);
    },
  );

  it("adds up for text, stage and focus filters together, in random boxes at every zoom, with no index built for them", () => {
    const boxes = randomBoxes(10);
    const filters: IdeaFilter[] = [
      { q: "cykel" },
      { q: "sol", focusAreas: ["construction", "leadership"] },
      { stages: ["collecting", "co-creation"] },
      { q: "träd park", stages: ["collecting"] },
      // Only stop words: no text filter at all.
      { q: "för och med" },
    ];
    for (const filter of filters) {
      for (const [n, box] of boxes.entries()) {
        const zoom = 9 + (n % 10);
        const features = ideasInViewport(filter, box, zoom);
        expect(total(features), `${JSON.stringify(filter)} at zoom ${zoom}`).toBe(
          countIdeas(filter, box),
        );
        for (const f of features) {
          if (!f.properties.cluster) continue;
          // A cluster opens by zooming: its expansion zoom is deeper than the zoom it was drawn at.
          expect(f.properties.expansionZoom).toBeGreaterThan(Math.min(zoom, 16));
        }
      }
    }
    expect(countIdeas({ q: "för och med" }, city)).toBe(countIdeas({}, city));
  });

  it("a text search sees a changed title at once, and never a hidden idea", () => {
    const db = getDb();
    const id = (
      db.prepare("SELECT id FROM ideas WHERE status = 'visible' LIMIT 1").get() as { id: number }
    ).id;
    const word = "xylofonparken";
    expect(total(ideasInViewport({ q: word }, city, 11))).toBe(0);
    db.prepare("UPDATE ideas SET title = ? WHERE id = ?").run(`Musik i ${word}`, id);
    refreshIdeas([id]);
    expect(total(ideasInViewport({ q: word }, city, 11))).toBe(1);
    db.prepare("UPDATE ideas SET status = 'hidden' WHERE id = ?").run(id);
    refreshIdeas([id]);
    expect(total(ideasInViewport({ q: word }, city, 11))).toBe(0);
    expect(ideasInViewport({ q: word }, city, 22)).toEqual([]);
  });

  it("puts a new idea on the map as soon as it is refreshed, without a rebuild", () => {
    const before = total(ideasInViewport({}, street, 16));
    const version = mapIndexVersion();
    const id = Number(
      getDb()
        .prepare(
          "INSERT INTO ideas (title, body, focus_area, lat, lng) VALUES ('Ny idé vid torget', 'En helt ny idé om torget.', 'mobility', 57.721, 12.94)",
        )
        .run().lastInsertRowid,
    );
    refreshIdeas([id]);
    expect(mapIndexVersion()).toBeGreaterThan(version);
    expect(total(ideasInViewport({}, street, 16))).toBe(before + 1);
    const single = ideasInViewport(
      { focusAreas: ["mobility"] },
      { west: 12.9399, south: 57.7209, east: 12.9403, north: 57.7211 },
      18,
    );
    expect(single.map((f) => f.properties.id)).toContain(id);
  });

  it("updates supports in place, and moves an idea whose place changed", () => {
    const id = Number(
      (getDb().prepare("SELECT id FROM ideas ORDER BY id LIMIT 1").get() as { id: number }).id,
    );
    getDb()
      .prepare("UPDATE ideas SET supports_count = 999, lat = 57.7301, lng = 12.9501 WHERE id = ?")
      .run(id);
    refreshIdeas([id]);
    const at = ideasInViewport(
      {},
      { west: 12.95, south: 57.73, east: 12.9502, north: 57.7302 },
      18,
    );
    expect(at.find((f) => f.properties.id === id)?.properties).toMatchObject({ supports: 999 });
  });

  it("never shows hidden ideas, and counts them out at once", () => {
    const db = getDb();
    const before = total(ideasInViewport({}, city, 11));
    const ids = (
      db.prepare("SELECT id FROM ideas WHERE status = 'visible' LIMIT 10").all() as { id: number }[]
    ).map((r) => r.id);
    db.prepare(`UPDATE ideas SET status = 'hidden' WHERE id IN (${ids.join(",")})`).run();
    refreshIdeas(ids);
    expect(total(ideasInViewport({}, city, 11))).toBe(before - 10);
    const everyPoint = ideasInViewport({}, city, 22).filter((f) => !f.properties.cluster);
    for (const f of everyPoint) expect(ids).not.toContain(f.properties.id);
    expect(total(ideasInViewport({}, city, 11))).toBe(countIdeas({}, city));
  });

  it("builds a slice at a time after a start, lets other work run between slices, and keeps writes made meanwhile", async () => {
    const db = getDb();
    invalidateMapIndex();
    const building = warmMapIndex();
    // Other work runs while the index is built (12,000 ideas are 24 slices).
    let ranBetween = false;
    setImmediate(() => (ranBetween = true));
    // A write in the middle of the build: one idea hidden, one title changed.
    const [hidden, renamed] = (
      db
        .prepare("SELECT id FROM ideas WHERE status = 'visible' ORDER BY id DESC LIMIT 2")
        .all() as {
        id: number;
      }[]
    ).map((r) => r.id);
    db.prepare("UPDATE ideas SET status = 'hidden' WHERE id = ?").run(hidden);
    db.prepare("UPDATE ideas SET title = 'Ombyggd under bygget' WHERE id = ?").run(renamed);
    refreshIdeas([hidden, renamed]);
    await building;
    await mapIndexReady();
    expect(ranBetween).toBe(true);
    expect(total(ideasInViewport({}, city, 11))).toBe(countIdeas({}, city));
    // Around each of the two, close enough for single ideas.
    const near = (id: number) => {
      const { lat, lng } = db.prepare("SELECT lat, lng FROM ideas WHERE id = ?").get(id) as {
        lat: number;
        lng: number;
      };
      const box = {
        west: lng - 0.0005,
        south: lat - 0.0005,
        east: lng + 0.0005,
        north: lat + 0.0005,
      };
      return ideasInViewport({}, box, 22).filter((f) => !f.properties.cluster);
    };
    expect(near(hidden).map((f) => f.properties.id)).not.toContain(hidden);
    const shown = near(renamed).find((f) => f.properties.id === renamed);
    expect(shown && !shown.properties.cluster && shown.properties.title).toBe(
      "Ombyggd under bygget",
    );
  });
  it("answers a map asked for in the middle of a build with every idea, writes made meanwhile included", () => {
    const db = getDb();
    invalidateMapIndex();
    void warmMapIndex();
    const id = Number(
      db
        .prepare(
          "INSERT INTO ideas (title, body, focus_area, lat, lng) VALUES ('Under bygget', 'En idé skriven medan kartan byggs.', 'leadership', 57.7215, 12.9405)",
        )
        .run().lastInsertRowid,
    );
    const hidden = (
      db.prepare("SELECT id FROM ideas WHERE status = 'visible' ORDER BY id LIMIT 1").get() as {
        id: number;
      }
    ).id;
    db.prepare("UPDATE ideas SET status = 'hidden' WHERE id = ?").run(hidden);
    refreshIdeas([id, hidden]);
    // Asked before the event loop ran a second slice: the build is finished on the spot.
    expect(total(ideasInViewport({}, city, 11))).toBe(countIdeas({}, city));
    const shown = ideasInViewport({}, city, 22).map((f) => f.properties.id);
    expect(shown).not.toContain(hidden);
    expect(
      ideasInViewport({}, { west: 12.94, south: 57.7214, east: 12.941, north: 57.7216 }, 22).map(
        (f) => f.properties.id,
      ),
    ).toContain(id);
  });
});

describe("GridIndex", () => {
  // Ideas crowded into a few streets, so that the finest cells hold many and most cells of a box
  // lie across its edge.
  const around = { lat: 57.72, lng: 12.94 };
  function crowd(count: number, seed: number): MapIdea[] {
    const random = seededRandom(seed);
    return Array.from({ length: count }, (_, n) => ({
      id: n + 1,
      title: `Idé ${n + 1}`,
      focusArea: FOCUS_AREAS[Math.floor(random() * 4)],
      lat: around.lat + (random() - 0.5) * 0.02 * random(),
      lng: around.lng + (random() - 0.5) * 0.04 * random(),
      supports: Math.floor(random() * 50),
      stage: random() < 0.5 ? "collecting" : null,
    }));
  }
  const inBox = (idea: MapIdea, box: BBox) =>
    idea.lng >= box.west && idea.lng <= box.east && idea.lat >= box.south && idea.lat <= box.north;
  const worldX = (lng: number) => lng / 360 + 0.5;
  const worldY = (lat: number) => {
    const sin = Math.sin((lat * Math.PI) / 180);
    return 0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI);
  };
  /** The first zoom at which these ideas fall into two cells (what a cluster's click opens). */
  function splitZoom(ideas: MapIdea[], from: number) {
    for (let z = from + 1; z <= 16; z++) {
      const n = 2 ** (z + 2);
      const cells = new Set(
        ideas.map((i) => `${Math.floor(worldX(i.lng) * n)}:${Math.floor(worldY(i.lat) * n)}`),
      );
      if (cells.size > 1) return z;
    }
    return 17;
  }
  function boxesAround(count: number, seed: number): BBox[] {
    const random = seededRandom(seed);
    return Array.from({ length: count }, () => {
      const w = 0.0005 + random() * 0.03;
      const h = 0.0003 + random() * 0.015;
      const west = around.lng - 0.025 + random() * 0.04;
      const south = around.lat - 0.012 + random() * 0.02;
      return { west, south, east: west + w, north: south + h };
    });
  }

  /** The ideas a cluster's id names: those of its cell, or of each cell and idea merged into it. */
  const membersOf = (id: string, ideas: MapIdea[]) =>
    ideas.filter((i) =>
      id.split("+").some((part) => {
        const cell = /^c(\d+)-(\d+)-(\d+)$/.exec(part);
        if (!cell) return part === `i${i.id}`;
        const n = 2 ** (+cell[1] + 2);
        return (
          Math.floor(worldX(i.lng) * n) === +cell[2] && Math.floor(worldY(i.lat) * n) === +cell[3]
        );
      }),
    );

  /** Checks every answer against the ideas themselves: counts per focus area, single ideas, and
   *  the ideas each cluster's id names, and each unmerged cluster's expansion zoom. */
  function expectExact(index: GridIndex, ideas: Map<number, MapIdea>, box: BBox, zoom: number) {
    for (const focusAreas of [[], ["mobility"], ["construction", "leadership"]] as FocusArea[][]) {
      const wanted = (i: MapIdea) => !focusAreas.length || focusAreas.includes(i.focusArea);
      const inside = [...ideas.values()].filter((i) => inBox(i, box) && wanted(i));
      const features = index.query(box, zoom, focusAreas);
      const label = `${focusAreas.join("+") || "all"} at zoom ${zoom} in ${JSON.stringify(box)}`;
      const perArea = Object.fromEntries(FOCUS_AREAS.map((f) => [f, 0])) as Record<
        FocusArea,
        number
      >;
      for (const f of features) {
        if (f.properties.cluster) {
          for (const area of FOCUS_AREAS) perArea[area] += f.properties.focusCounts[area];
          const members = membersOf(f.properties.id, inside);
          expect(members.length, label).toBe(f.properties.count);
          // Merged with a neighbour, it opens one zoom in at the latest.
          const cell = /^c(\d+)-\d+-\d+$/.exec(f.properties.id);
          if (cell) expect(f.properties.expansionZoom, label).toBe(splitZoom(members, +cell[1]));
        } else {
          const idea = ideas.get(f.properties.id);
          expect(idea && inBox(idea, box) && wanted(idea), label).toBe(true);
          expect(f.properties).toMatchObject({ title: idea!.title, supports: idea!.supports });
          perArea[f.properties.focusArea] += 1;
        }
      }
      for (const area of FOCUS_AREAS)
        expect(perArea[area], `${area}, ${label}`).toBe(
          inside.filter((i) => i.focusArea === area).length,
        );
    }
  }

  it("counts exactly the ideas in the box, cells across its edge included, at every zoom", () => {
    const ideas = crowd(4000, 7);
    const index = new GridIndex(ideas);
    const byId = new Map(ideas.map((i) => [i.id, i]));
    for (const [n, box] of boxesAround(24, 3).entries())
      expectExact(index, byId, box, [8, 11, 12, 13, 14, 15, 16, 17, 19, 22][n % 10]);
  });

  it("names each cluster's members, so that an idea kept on the map is taken out of its own cluster", () => {
    const ideas = crowd(3000, 11);
    const index = new GridIndex(ideas);
    let fromClusters = 0;
    for (const [n, box] of boxesAround(16, 5).entries()) {
      const zoom = [11, 12, 13, 14, 15, 16][n % 6];
      const inside = ideas.filter((i) => inBox(i, box) && i.stage === "collecting");
      // The index's own cells, and the filtered answer's bins (a stage asked for).
      for (const features of [
        index.query(box, zoom),
        index.query(box, zoom, [], { candidates: null, stages: ["collecting"] }),
      ]) {
        for (const kept of inside.slice(0, 40)) {
          const drawn = withoutKeptIdea(features, kept, box);
          expect(total(drawn)).toBe(total(features) - (drawn === features ? 0 : 1));
          expect(drawn.every((f) => !f.properties.cluster || f.properties.count >= 1)).toBe(true);
          const shownAlone = features.some(
            (f) => !f.properties.cluster && f.properties.id === kept.id,
          );
          if (shownAlone) {
            expect(drawn).toBe(features);
            continue;
          }
          // The one cluster changed is the one whose members hold the kept idea.
          const changed = features.filter((f) => !drawn.includes(f));
          expect(changed).toHaveLength(1);
          const members = membersOf(String(changed[0].properties.id), ideas);
          expect(members.map((i) => i.id)).toContain(kept.id);
          fromClusters += 1;
        }
        const outside = ideas.find((i) => !inBox(i, box))!;
        expect(withoutKeptIdea(features, outside, box)).toBe(features);
      }
    }
    expect(fromClusters).toBeGreaterThan(100);
  });

  it("after removals and moves answers as an index built afresh from what is left", () => {
    const ideas = crowd(4000, 11);
    const index = new GridIndex(ideas);
    const left = new Map(ideas.map((i) => [i.id, i]));
    const random = seededRandom(5);
    for (const idea of ideas) {
      const roll = random();
      if (roll < 0.35) {
        index.remove(idea.id);
        left.delete(idea.id);
      } else if (roll < 0.5) {
        const moved = { ...idea, lat: idea.lat + 0.001, focusArea: FOCUS_AREAS[(idea.id + 1) % 4] };
        index.upsert(moved);
        left.set(idea.id, moved);
      }
    }
    // Removed ideas come back with new ids, into the slots the removed ones left.
    for (let n = 0; n < 300; n++) {
      const idea = { ...ideas[n], id: 10_000 + n, title: `Ny ${n}` };
      index.upsert(idea);
      left.set(idea.id, idea);
    }
    expect(index.size).toBe(left.size);
    const fresh = new GridIndex(left.values());
    for (const [n, box] of boxesAround(16, 9).entries()) {
      const zoom = [9, 12, 14, 15, 16, 18][n % 6];
      expectExact(index, left, box, zoom);
      const ids = (features: MapFeature[]) =>
        features.map((f) => `${f.properties.id}:${total([f])}`).sort();
      expect(ids(index.query(box, zoom))).toEqual(ids(fresh.query(box, zoom)));
    }
    const everywhere = { west: 12.5, south: 57.5, east: 13.5, north: 58 };
    const shown = index.query(everywhere, 22).map((f) => f.properties.id);
    for (const idea of ideas.slice(300))
      if (!left.has(idea.id)) expect(shown).not.toContain(idea.id);
  });

  it("shows the one idea of a crowded cell that lies inside the box as that idea", () => {
    const ideas = crowd(2000, 13);
    const index = new GridIndex(ideas);
    const lonely = ideas[1234];
    const box = {
      west: lonely.lng - 1e-7,
      south: lonely.lat - 1e-7,
      east: lonely.lng + 1e-7,
      north: lonely.lat + 1e-7,
    };
    for (const zoom of [0, 6, 12, 16]) {
      const features = index.query(box, zoom);
      expect(features, `zoom ${zoom}`).toHaveLength(1);
      expect(features[0].properties).toMatchObject({ id: lonely.id, title: lonely.title });
    }
    index.remove(lonely.id);
    expect(index.query(box, 12)).toEqual([]);
    // Ids it never held leave it as it is.
    for (const id of [0, -1, 1.5, 10_000_000]) index.remove(id);
    expect(index.size).toBe(ideas.length - 1);
    expect(total(index.query({ west: 12, south: 57, east: 14, north: 58 }, 11))).toBe(
      ideas.length - 1,
    );
  });
});
