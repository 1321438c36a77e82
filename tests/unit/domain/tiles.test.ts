import { describe, expect, it } from "vitest";
import { BORAS_CENTRE } from "~/domain/geo";
import {
  boundsOfTile,
  flipY,
  parseBoundsText,
  parseTileAddress,
  sniffTileFormat,
  tileFormatOf,
  tileOfPoint,
} from "~/domain/tiles";

describe("parseTileAddress", () => {
  it("reads z/x/y.ext inside the zoom's grid", () => {
    expect(parseTileAddress("12", "2195", "1192.png")).toEqual({
      ok: true,
      tile: { z: 12, x: 2195, y: 1192 },
      format: "png",
    });
    expect(parseTileAddress("0", "0", "0.jpeg")).toMatchObject({ ok: true, format: "jpg" });
    expect(parseTileAddress("14", "1", "2.mvt")).toMatchObject({ ok: true, format: "pbf" });
  });

  it.each([
    ["-1", "0", "0.png"],
    ["25", "0", "0.png"],
    ["1.5", "0", "0.png"],
    ["01", "0", "0.png"],
    ["3", "8", "0.png"], // x must be below 2^3
    ["3", "0", "8.png"],
    ["3", "0", "x.png"],
    ["3", "0", "1"],
    ["3", "0", "1.gif"],
    ["3", "0", ".png"],
    ["1e3", "0", "0.png"],
    ["99999999999", "0", "0.png"],
  ])("refuses z=%s x=%s %s", (z, x, file) => {
    expect(parseTileAddress(z, x, file).ok).toBe(false);
  });
});

describe("tile arithmetic", () => {
  it("flips rows between XYZ and TMS (MBTiles) both ways", () => {
    expect(flipY(0, 0)).toBe(0);
    expect(flipY(3, 0)).toBe(7);
    expect(flipY(3, flipY(3, 5))).toBe(5);
  });

  it("finds the tile of Stora torget, and that tile holds it", () => {
    const { x, y } = tileOfPoint(BORAS_CENTRE.lat, BORAS_CENTRE.lng, 14);
    expect({ x, y }).toEqual({ x: 8780, y: 4958 }); // as computed by the usual formulas, by hand
    const b = boundsOfTile({ z: 14, x, y });
    expect(b.west).toBeLessThanOrEqual(BORAS_CENTRE.lng);
    expect(b.east).toBeGreaterThan(BORAS_CENTRE.lng);
    expect(b.south).toBeLessThanOrEqual(BORAS_CENTRE.lat);
    expect(b.north).toBeGreaterThan(BORAS_CENTRE.lat);
  });

  it("knows formats by name and by their first bytes", () => {
    expect(tileFormatOf("JPEG")).toBe("jpg");
    expect(tileFormatOf("gif")).toBeNull();
    expect(sniffTileFormat(Buffer.from("89504e470d0a1a0a", "hex"))).toBe("png");
    expect(sniffTileFormat(Buffer.from("ffd8ffe0", "hex"))).toBe("jpg");
    expect(sniffTileFormat(Buffer.from("RIFF\0\0\0\0WEBPVP8 "))).toBe("webp");
    expect(sniffTileFormat(Buffer.from("1f8b0800", "hex"))).toBe("pbf");
    expect(sniffTileFormat(Buffer.from("<html>"))).toBeNull();
  });

  it("reads MBTiles bounds text", () => {
    expect(parseBoundsText("12.6,57.5,13.3,57.9")).toEqual({
      west: 12.6,
      south: 57.5,
      east: 13.3,
      north: 57.9,
    });
    expect(parseBoundsText("13.3,57.5,12.6,57.9")).toBeNull();
    expect(parseBoundsText("a,b,c,d")).toBeNull();
    expect(parseBoundsText(undefined)).toBeNull();
  });
});
