import { describe, expect, it } from "vitest";
import {
  boxAround,
  BORAS_CENTRE,
  distanceMeters,
  distanceToOutlineMeters,
  isInBoras,
  formatBBox,
  parseBBox,
} from "~/domain/geo";

describe("isInBoras", () => {
  it("accepts Stora torget and the villages", () => {
    expect(isInBoras(BORAS_CENTRE.lat, BORAS_CENTRE.lng)).toBe(true);
    expect(isInBoras(57.7286, 13.0858)).toBe(true); // Dalsjöfors
    expect(isInBoras(57.8235, 12.9985)).toBe(true); // Fristad
  });

  it("refuses Göteborg, Ulricehamn and Stockholm", () => {
    expect(isInBoras(57.7089, 11.9746)).toBe(false);
    expect(isInBoras(57.7916, 13.4186)).toBe(false);
    expect(isInBoras(59.3293, 18.0686)).toBe(false);
  });

  it("accepts a point just outside the simplified edge, but not 3 km out", () => {
    // West of the outline's westernmost vertex: 500 m and 3 km further west.
    const westmost = { lng: 12.632928879784082, lat: 57.6417405439551 };
    const metersPerDegLng = 111_320 * Math.cos((westmost.lat * Math.PI) / 180);
    const near = westmost.lng - 500 / metersPerDegLng;
    const far = westmost.lng - 3000 / metersPerDegLng;
    const nearDistance = distanceToOutlineMeters(near, westmost.lat);
    expect(nearDistance).toBeGreaterThan(400);
    expect(nearDistance).toBeLessThan(600);
    expect(isInBoras(westmost.lat, near)).toBe(true);
    expect(isInBoras(westmost.lat, far)).toBe(false);
  });

  it("refuses what is not a number", () => {
    expect(isInBoras(Number.NaN, 12.94)).toBe(false);
    expect(isInBoras(57.72, Number.POSITIVE_INFINITY)).toBe(false);
  });
});

describe("distanceMeters", () => {
  it("measures Stora torget to Resecentrum as a few hundred metres", () => {
    const d = distanceMeters(BORAS_CENTRE, { lat: 57.7195, lng: 12.9345 });
    expect(d).toBeGreaterThan(200);
    expect(d).toBeLessThan(600);
  });
});

describe("parseBBox", () => {
  it("reads W,S,E,N", () => {
    expect(parseBBox("12.6,57.5,13.3,57.9")).toEqual({
      west: 12.6,
      south: 57.5,
      east: 13.3,
      north: 57.9,
    });
  });
  it.each([
    null,
    "",
    "1,2,3",
    "a,b,c,d",
    "13,57,12,58",
    "12,58,13,57",
    "12,57,,58",
    "-200,0,0,1",
    "1,2,3,4,5",
  ])("refuses %s", (value) => {
    expect(parseBBox(value)).toBeNull();
  });
});

describe("boxAround", () => {
  it("reaches the same distance each way, north–south and east–west, at Borås's latitude", () => {
    const centre = { lat: 57.721, lng: 12.9358 };
    const box = boxAround(centre, 500);
    expect(distanceMeters(centre, { lat: box.north, lng: centre.lng })).toBeCloseTo(500, -1);
    expect(distanceMeters(centre, { lat: centre.lat, lng: box.east })).toBeCloseTo(500, -1);
    expect(box.west).toBeLessThan(centre.lng);
    expect(box.south).toBeLessThan(centre.lat);
    // A valid area for the map's own parser.
    const text = [box.west, box.south, box.east, box.north].join(",");
    expect(parseBBox(text)).not.toBeNull();
  });
});

describe("formatBBox", () => {
  it("writes W,S,E,N with five decimals, which parseBBox reads back", () => {
    const box = { west: 12.9, south: 57.712345678, east: 12.96, north: 57.73 };
    expect(formatBBox(box)).toBe("12.90000,57.71235,12.96000,57.73000");
    expect(parseBBox(formatBBox(box))).toEqual({ ...box, south: 57.71235 });
  });
});
