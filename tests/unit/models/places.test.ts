import fs from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { parsePlaceFile, type PlaceRow } from "~/domain/place-files";
import {
  countImportedPlaces,
  importPlaces,
  nearestImportedPlace,
  searchPlaces,
} from "~/models/places.server";
import { loader as placesApi } from "~/routes/api.places";
import { getDb } from "~/utils/db.server";
import { resetRateLimits } from "~/utils/rate-limit.server";

const fixture = (name: string) =>
  parsePlaceFile(name, fs.readFileSync(`tests/fixtures/places/${name}`, "utf8"));

describe("with nothing imported", () => {
  it("searches the hand-typed places", () => {
    expect(countImportedPlaces()).toBe(0);
    expect(searchPlaces("hasleholmen")[0]).toMatchObject({
      name: "Hässleholmen",
      kind: "district",
    });
    expect(searchPlaces("h")).toEqual([]);
  });
});

describe("importPlaces", () => {
  beforeAll(() => {
    getDb().exec("DELETE FROM places");
  });

  it("loads GeoJSON, skips and counts points outside Borås, and adds nothing the second time", () => {
    expect(importPlaces(fixture("addresses.geojson"))).toEqual({
      added: 6,
      updated: 0,
      unchanged: 0,
      outside: 1,
    });
    expect(importPlaces(fixture("addresses.geojson"))).toEqual({
      added: 0,
      updated: 0,
      unchanged: 6,
      outside: 1,
    });
    // The CSV repeats Allégatan 5: it is the same place.
    expect(importPlaces(fixture("addresses.csv"))).toEqual({
      added: 2,
      updated: 0,
      unchanged: 1,
      outside: 1,
    });
    expect(countImportedPlaces()).toBe(8);
  });

  it("changes nothing when one row cannot be stored", () => {
    const before = countImportedPlaces();
    const rows: PlaceRow[] = [
      { name: "Allégatan 7, 503 32 Borås", kind: "address", lat: 57.7212, lng: 12.9357 },
      { name: "x".repeat(300), kind: "address", lat: 57.7212, lng: 12.9357 },
    ];
    expect(() => importPlaces(rows)).toThrow();
    expect(countImportedPlaces()).toBe(before);
  });

  it("finds 'Allégatan 5' typed as 'allegatan 5', before Allégatan 50 and 15", () => {
    const hits = searchPlaces("allegatan 5");
    expect(hits[0]).toMatchObject({ name: "Allégatan 5, 503 32 Borås", lat: 57.72108 });
    expect(hits.map((h) => h.name)).toContain("Allégatan 50, 503 36 Borås");
    expect(hits.map((h) => h.name)).not.toContain("Allégatan 15, 503 32 Borås");
  });

  it("finds by any part of the name, without diacritics, and hand-typed places first on a tie", () => {
    expect(searchPlaces("asbogatan")[0].name).toBe("Åsbogatan 3, 503 32 Borås");
    expect(searchPlaces("503 38")[0].name).toBe("Sandwalls plats 1, 503 38 Borås");
    expect(searchPlaces("hasleholm").map((h) => h.name)).toEqual([
      "Hässleholmen",
      "Hässleholmsvägen 12, 506 41 Borås",
    ]);
    // Stora torget is also a hand-typed place: that one comes first.
    expect(searchPlaces("stora torget").map((h) => h.kind)).toEqual(["landmark", "square"]);
  });

  it("names the address an idea was put at", () => {
    expect(nearestImportedPlace(57.72108, 12.93582)?.name).toBe("Allégatan 5, 503 32 Borås");
    expect(nearestImportedPlace(57.75, 12.9)).toBeNull();
  });

  it("answers GET /api/places?q= with at most ten places in the contract's shape", async () => {
    resetRateLimits();
    const response = await placesApi({
      request: new Request("http://localhost/api/places?q=allegatan%205"),
      params: {},
      context: { clientIp: "192.0.2.1", cspNonce: "" },
    });
    const body = (await response.json()) as { places: Record<string, unknown>[] };
    expect(body.places[0]).toEqual({
      name: "Allégatan 5, 503 32 Borås",
      kind: "address",
      lat: 57.72108,
      lng: 12.93582,
    });
    const missing = await placesApi({
      request: new Request("http://localhost/api/places"),
      params: {},
      context: { clientIp: "192.0.2.1", cspNonce: "" },
    });
    expect(missing.status).toBe(400);
  });
});

describe("at 100,000 places", () => {
  it("answers within a few milliseconds (measured here, written in docs/scaling.md)", () => {
    const db = getDb();
    db.exec("DELETE FROM places");
    const streets = ["Allégatan", "Åsbogatan", "Sandwalls plats", "Hässleholmsvägen", "Kungsgatan"];
    const rows: PlaceRow[] = [];
    for (let i = 0; i < 100_000; i++) {
      rows.push({
        name: `${streets[i % 5]}${i % 2000 ? ` ${i % 2000}` : ""} ${Math.floor(i / 2000) + 1}, 50${i % 10} ${String(i % 100).padStart(2, "0")} Borås`,
        kind: "address",
        lat: 57.7 + (i % 300) / 10_000,
        lng: 12.9 + Math.floor(i / 300) / 10_000,
      });
    }
    importPlaces(rows);
    expect(countImportedPlaces()).toBe(100_000);
    const queries = ["allegatan 5", "hasleholmsvagen 12", "gatan", "503 32", "sandwals", "bo", "x"];
    for (const q of queries) searchPlaces(q); // warm the statement cache
    const timings: Record<string, number> = {};
    for (const q of queries) {
      const start = performance.now();
      for (let i = 0; i < 20; i++) searchPlaces(q);
      timings[q] = (performance.now() - start) / 20;
    }
    console.log("places search at 100,000 places, ms per query:", timings);
    expect(searchPlaces("hasleholmsvagen 12")[0].name).toMatch(/^Hässleholmsvägen/);
  }, 120_000);
});
