import { describe, expect, it } from "vitest";
import {
  foldPlaceName,
  gazetteerCandidates,
  placeScore,
  rankPlaceHits,
} from "~/domain/place-search";
import { importedPlaceId, pointOfImportedPlaceId, withListedPlace } from "~/domain/places";

describe("foldPlaceName", () => {
  it("drops case and diacritics, so å/ä/ö typed as a/o and é typed as e match", () => {
    expect(foldPlaceName("Allégatan 5")).toBe(foldPlaceName("allegatan 5"));
    expect(foldPlaceName("Östermalm")).toBe("ostermalm");
    expect(foldPlaceName("Åsbogatan")).toBe(foldPlaceName("asbogatan"));
  });

  it("writes a doubled letter once, so 'hasleholmen' is 'Hässleholmen', but keeps digits", () => {
    expect(foldPlaceName("Hässleholmen")).toBe(foldPlaceName("hasleholmen"));
    expect(foldPlaceName("Sandwalls plats 11")).toBe("sandwals plats 11");
  });

  it("turns punctuation into single spaces", () => {
    expect(foldPlaceName("  Allégatan 5,  503 32 Borås ")).toBe("alegatan 5 503 32 boras");
  });
});

describe("ranking", () => {
  it("puts the whole number before longer numbers that start with it", () => {
    const q = foldPlaceName("allegatan 5");
    expect(placeScore(foldPlaceName("Allégatan 5, 503 32 Borås"), q)).toBeLessThan(
      placeScore(foldPlaceName("Allégatan 50, 503 36 Borås"), q),
    );
    const hit = (name: string) => ({ id: name, name, kind: "address", lat: 57.7, lng: 12.9 });
    const ranked = rankPlaceHits(
      ["Allégatan 50, 503 36 Borås", "Allégatan 15, 503 32 Borås", "Allégatan 5, 503 32 Borås"].map(
        (name) => ({ ...hit(name), folded: foldPlaceName(name) }),
      ),
      q,
    );
    expect(ranked[0].name).toBe("Allégatan 5, 503 32 Borås");
  });

  it("finds hand-typed places typed without diacritics or with one letter of a pair", () => {
    expect(gazetteerCandidates(foldPlaceName("hasleholmen")).map((p) => p.name)).toContain(
      "Hässleholmen",
    );
    expect(gazetteerCandidates(foldPlaceName("ostermalm")).map((p) => p.name)).toContain(
      "Östermalm",
    );
  });
});

describe("imported place ids in the no-JavaScript list", () => {
  it("carry the point, so that withListedPlace fills in the coordinates without the database", () => {
    const id = importedPlaceId(57.72108, 12.93582);
    expect(pointOfImportedPlaceId(id)).toEqual({ lat: 57.72108, lng: 12.93582 });
    expect(withListedPlace({ placeId: id, lat: "", lng: "" })).toMatchObject({
      lat: "57.72108",
      lng: "12.93582",
    });
    expect(pointOfImportedPlaceId("at:99.1,12.9")).toBeUndefined();
    expect(pointOfImportedPlaceId("at:57.7,12.9;drop")).toBeUndefined();
  });
});
