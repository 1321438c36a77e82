import { describe, expect, it } from "vitest";
import type { FocusArea } from "~/domain/focus-areas";
import {
  CELL_SHIFT,
  cellId,
  keptIdeaMatches,
  project,
  withoutKeptIdea,
  type MapFeature,
} from "~/domain/map-features";

const box = { west: 12.9, south: 57.7, east: 13.0, north: 57.75 };
const kept = { id: 7, focusArea: "mobility" as FocusArea, lat: 57.721, lng: 12.941 };
const other = { lat: 57.7212, lng: 12.9413 };
const zoom = 12;

function cellOf({ lat, lng }: { lat: number; lng: number }, z: number) {
  const { x, y } = project(lat, lng);
  const n = 2 ** (z + CELL_SHIFT);
  return cellId(z, Math.floor(x * n), Math.floor(y * n));
}

function cluster(id: string, points: { lat: number; lng: number }[]): MapFeature {
  const count = points.length;
  return {
    type: "Feature",
    geometry: {
      type: "Point",
      coordinates: [
        points.reduce((s, p) => s + p.lng, 0) / count,
        points.reduce((s, p) => s + p.lat, 0) / count,
      ],
    },
    properties: {
      cluster: true,
      id,
      count,
      expansionZoom: zoom + 2,
      focusCounts: { mobility: 1, construction: count - 1, leadership: 0, "co-creation": 0 },
    },
  };
}

describe("withoutKeptIdea", () => {
  const elsewhere = cluster(cellId(zoom, 1, 1), [other, other, other]);

  it("counts the kept idea out of the cluster of its cell, which moves to the others' centroid", () => {
    const third = { lat: 57.7208, lng: 12.9409 };
    const features = [elsewhere, cluster(cellOf(kept, zoom), [kept, other, third])];
    const [same, drawn] = withoutKeptIdea(features, kept, box);
    expect(same).toBe(elsewhere);
    expect(drawn.properties).toMatchObject({
      count: 2,
      focusCounts: { mobility: 0, construction: 2 },
    });
    const [lng, lat] = drawn.geometry.coordinates;
    expect(lng).toBeCloseTo((other.lng + third.lng) / 2, 10);
    expect(lat).toBeCloseTo((other.lat + third.lat) / 2, 10);
  });

  it("leaves one idea as a cluster of 1 where that idea lies, and takes it out of a merged cluster by its id", () => {
    for (const id of [cellOf(kept, zoom), `${cellId(zoom, 1, 1)}+i${kept.id}`]) {
      const [drawn] = withoutKeptIdea([cluster(id, [kept, other])], kept, box);
      expect(drawn.properties).toMatchObject({ cluster: true, count: 1 });
      const [lng, lat] = drawn.geometry.coordinates;
      expect(lng).toBeCloseTo(other.lng, 10);
      expect(lat).toBeCloseTo(other.lat, 10);
    }
  });

  it("changes nothing for an idea the answer does not count in a cluster", () => {
    const own = cluster(cellOf(kept, zoom), [kept, other]);
    const point: MapFeature = {
      type: "Feature",
      geometry: { type: "Point", coordinates: [kept.lng, kept.lat] },
      properties: { id: kept.id, title: "", focusArea: "mobility", supports: 0, stage: null },
    };
    const outside = { ...box, east: 12.94 };
    const otherArea = { ...kept, focusArea: "co-creation" as FocusArea };
    expect(withoutKeptIdea([own], kept, outside)).toEqual([own]);
    expect(withoutKeptIdea([own, point], kept, box)).toEqual([own, point]);
    expect(withoutKeptIdea([own], otherArea, box)).toEqual([own]);
    expect(withoutKeptIdea([elsewhere], kept, box)).toEqual([elsewhere]);
  });
});

describe("keptIdeaMatches", () => {
  const idea = { focusArea: "mobility" as FocusArea, stage: "collecting" as const };
  it("tells from focus areas and stages whether a new filter still counts the idea", () => {
    expect(keptIdeaMatches(idea, "q=cykel", "q=cykel")).toBe(true);
    expect(keptIdeaMatches(idea, "", "focus=mobility,co-creation")).toBe(true);
    expect(keptIdeaMatches(idea, "", "focus=leadership")).toBe(false);
    expect(keptIdeaMatches(idea, "focus=mobility", "stage=collecting")).toBe(true);
    expect(keptIdeaMatches({ ...idea, stage: null }, "", "stage=collecting")).toBe(false);
    // A new text: whether it matches the idea is not known here.
    expect(keptIdeaMatches(idea, "", "q=cykel")).toBe(false);
  });
});
