import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { parseCsvRecords, parsePlaceFile, PlaceFileError } from "~/domain/place-files";

const fixture = (name: string) => fs.readFileSync(`tests/fixtures/places/${name}`, "utf8");

describe("parsePlaceFile", () => {
  it("reads GeoJSON points with a name and an optional kind (address when absent)", () => {
    const rows = parsePlaceFile("addresses.geojson", fixture("addresses.geojson"));
    expect(rows).toHaveLength(7);
    expect(rows[0]).toEqual({
      name: "Allégatan 5, 503 32 Borås",
      kind: "address",
      lat: 57.72108,
      lng: 12.93582,
    });
    expect(rows[3].kind).toBe("address");
    expect(rows[5].kind).toBe("square");
  });

  it("reads CSV name,kind,lat,lng with quoted commas", () => {
    const rows = parsePlaceFile("addresses.csv", fixture("addresses.csv"));
    expect(rows.map((r) => r.name)).toEqual([
      "Allégatan 5, 503 32 Borås",
      "Sandwalls plats 1, 503 38 Borås",
      "Östermalmsgatan 7",
      "Kungsgatan 1, 411 19 Göteborg",
    ]);
    expect(rows[2]).toMatchObject({ kind: "address", lat: 57.7191, lng: 12.9658 });
  });

  it("says which line is wrong", () => {
    expect(() => parsePlaceFile("bad-row.csv", fixture("bad-row.csv"))).toThrow(
      /Line 3: lat and lng must be numbers/,
    );
    expect(() => parsePlaceFile("x.csv", "title,lat\nA,1")).toThrow(/missing: name, lng/);
    expect(() => parsePlaceFile("x.geojson", "{")).toThrow(PlaceFileError);
    expect(() =>
      parsePlaceFile(
        "x.geojson",
        JSON.stringify({
          type: "FeatureCollection",
          features: [{ type: "Feature", geometry: { type: "LineString", coordinates: [] } }],
        }),
      ),
    ).toThrow(/Feature 1: not a Point/);
    expect(() => parsePlaceFile("x.txt", "")).toThrow(/must end in/);
  });

  it("splits CSV records the RFC 4180 way", () => {
    expect(parseCsvRecords('a,"b ""c"", d"\r\n1,2\n')).toEqual([
      ["a", 'b "c", d'],
      ["1", "2"],
    ]);
  });
});
