import { describe, expect, it } from "vitest";
import {
  describePlace,
  distanceParts,
  movePoint,
  placesByKind,
  roundDistanceMeters,
} from "~/domain/describe-place";
import { distanceMeters } from "~/domain/geo";
import { findPlace, places, type Place } from "~/domain/places";

const place = (id: string) => findPlace(id)!;

describe("describePlace", () => {
  it("names the nearest place and how far it is", () => {
    // 123 m south of Kransmossen, away from the districts north of it.
    const point = movePoint(place("kransmossen"), "south", 123);
    const description = describePlace(point.lat, point.lng, places)!;
    expect(description.place.id).toBe("kransmossen");
    expect(description.distanceMeters).toBe(120);
  });

  it("says which district a landmark lies in", () => {
    const torget = place("stora-torget");
    const description = describePlace(torget.lat, torget.lng, places)!;
    expect(description.place.id).toBe("stora-torget");
    expect(description.distanceMeters).toBe(0);
    expect(description.area?.id).toBe("centrum");
  });

  it("names a village on its own, and a landmark with its area", () => {
    const nearFristad = movePoint(place("fristad"), "west", 400);
    const village = describePlace(nearFristad.lat, nearFristad.lng, places)!;
    expect(village.place.id).toBe("fristad");
    expect(village.place.kind).toBe("village");
    expect(village.area).toBeUndefined();

    const nearArena = movePoint(place("boras-arena"), "south", 30);
    const landmark = describePlace(nearArena.lat, nearArena.lng, places)!;
    expect(landmark.place.kind).toBe("landmark");
    expect(landmark.area?.kind).not.toBe("landmark");
  });

  it("leaves out the area when no district or village is near the landmark", () => {
    const lonely: Place[] = [
      { id: "tower", name: "Tower", kind: "landmark", lat: 57.8, lng: 13 },
      { id: "town", name: "Town", kind: "village", lat: 57.7, lng: 13 },
    ];
    const description = describePlace(57.8, 13.001, lonely)!;
    expect(description.place.id).toBe("tower");
    expect(description.area).toBeUndefined();
  });

  it("uses the whole gazetteer by default and answers null for an empty list", () => {
    expect(describePlace(57.8245, 13.011)?.place.id).toBe("fristad");
    expect(describePlace(57.72, 12.94, [])).toBeNull();
  });

  it("gives kilometres far from every place", () => {
    const far = movePoint(place("hedared"), "north", 3240);
    const description = describePlace(far.lat, far.lng, places)!;
    expect(description.distanceMeters).toBeGreaterThanOrEqual(1000);
    expect(description.distanceMeters % 100).toBe(0);
  });
});

describe("rounding distances", () => {
  it("rounds to 10 m below a kilometre", () => {
    expect(roundDistanceMeters(0)).toBe(0);
    expect(roundDistanceMeters(4)).toBe(0);
    expect(roundDistanceMeters(5)).toBe(10);
    expect(roundDistanceMeters(123)).toBe(120);
    expect(roundDistanceMeters(994)).toBe(990);
  });

  it("rounds to a tenth of a kilometre from there on", () => {
    expect(roundDistanceMeters(996)).toBe(1000);
    expect(roundDistanceMeters(1049)).toBe(1000);
    expect(roundDistanceMeters(1050)).toBe(1100);
    expect(roundDistanceMeters(12_345)).toBe(12_300);
  });

  it("writes metres below 1 km and kilometres with one decimal above", () => {
    expect(distanceParts(120)).toEqual({ value: 120, unit: "m" });
    expect(distanceParts(990)).toEqual({ value: 990, unit: "m" });
    expect(distanceParts(1000)).toEqual({ value: 1, unit: "km" });
    expect(distanceParts(12_300)).toEqual({ value: 12.3, unit: "km" });
  });
});

describe("movePoint", () => {
  const start = { lat: 57.721, lng: 12.9401 };

  it("moves 50 m in each compass direction", () => {
    const north = movePoint(start, "north", 50);
    const south = movePoint(start, "south", 50);
    const east = movePoint(start, "east", 50);
    const west = movePoint(start, "west", 50);
    expect(north.lat).toBeGreaterThan(start.lat);
    expect(north.lng).toBe(start.lng);
    expect(south.lat).toBeLessThan(start.lat);
    expect(east.lng).toBeGreaterThan(start.lng);
    expect(east.lat).toBe(start.lat);
    expect(west.lng).toBeLessThan(start.lng);
    for (const moved of [north, south, east, west]) {
      expect(distanceMeters(start, moved)).toBeCloseTo(50, 1);
    }
  });

  it("comes back where it started", () => {
    const back = movePoint(movePoint(start, "east", 50), "west", 50);
    expect(back.lat).toBeCloseTo(start.lat, 10);
    expect(back.lng).toBeCloseTo(start.lng, 10);
  });
});

describe("placesByKind", () => {
  it("groups the gazetteer by kind and sorts the Swedish way", () => {
    const groups = placesByKind(places);
    expect(groups.district.length + groups.village.length + groups.landmark.length).toBe(
      places.length,
    );
    expect(groups.district.every((p) => p.kind === "district")).toBe(true);
    // Å, Ä and Ö come after Z in Swedish.
    expect(groups.village.at(-1)?.name).toBe("Äspered");
    expect(groups.landmark.at(-1)?.name).toBe("Öresjö");
    expect(groups.village[0].name).toBe("Aplared");
  });
});
