// The PMTiles reader on files the test writes itself (tests/support/pmtiles.ts): tile ids on the
// Hilbert curve, runs of equal tiles, leaf directories, the header's zooms and bounds.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { TileFileError } from "~/domain/tiles";
import { openPmtiles, tileIdOf } from "~/models/pmtiles.server";
import { openTileFile } from "~/models/tile-file.server";
import { answerTileRequest, mapTilesForBrowser } from "~/services/tiles.server";
import { makeMbtiles, solidTile, type FixtureTile } from "../../support/mbtiles";
import { makePmtiles } from "../../support/pmtiles";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "samskapa-pmtiles-"));
let green: Buffer;
let grey: Buffer;

beforeAll(async () => {
  green = await solidTile({ r: 20, g: 160, b: 60 });
  grey = await solidTile({ r: 128, g: 128, b: 128 });
});

const bytes = (tile: unknown) => Buffer.from(tile as Uint8Array);

describe("tileIdOf", () => {
  it("counts along the Hilbert curve of each zoom after all lower zooms (the spec's examples)", () => {
    expect(tileIdOf({ z: 0, x: 0, y: 0 })).toBe(0);
    expect(tileIdOf({ z: 1, x: 0, y: 0 })).toBe(1);
    expect(tileIdOf({ z: 1, x: 0, y: 1 })).toBe(2);
    expect(tileIdOf({ z: 1, x: 1, y: 1 })).toBe(3);
    expect(tileIdOf({ z: 1, x: 1, y: 0 })).toBe(4);
    expect(tileIdOf({ z: 2, x: 0, y: 0 })).toBe(5);
    expect(tileIdOf({ z: 20, x: 0, y: 0 })).toBe(366503875925);
  });
});

describe("openPmtiles", () => {
  it("finds each tile by z/x/y, in runs and through leaf directories", () => {
    const tiles: FixtureTile[] = [];
    for (let z = 0; z <= 5; z++)
      for (let x = 0; x < 2 ** z; x++)
        for (let y = 0; y < 2 ** z; y++) tiles.push({ z, x, y, data: (x + y) % 3 ? grey : green });
    const file = path.join(dir, "pyramid.pmtiles");
    makePmtiles(file, tiles, {
      format: "png",
      leafSize: 40,
      metadata: { name: "Pyramid", attribution: "© Test" },
      bounds: { west: 12.6, south: 57.5, east: 13.3, north: 57.9 },
    });
    const pm = openPmtiles(file);
    for (const t of tiles) expect(bytes(pm.tile(t)), `${t.z}/${t.x}/${t.y}`).toEqual(t.data);
    expect(pm.tile({ z: 6, x: 0, y: 0 })).toBeNull();
    expect(pm.info).toEqual({
      kind: "pmtiles",
      format: "png",
      minZoom: 0,
      maxZoom: 5,
      bounds: { west: 12.6, south: 57.5, east: 13.3, north: 57.9 },
      name: "Pyramid",
      attribution: "© Test",
    });
    expect(pm.countTiles()).toBe(tiles.length);
  });

  it("leaves out what the file does not hold, between runs too", () => {
    const file = path.join(dir, "sparse.pmtiles");
    makePmtiles(
      file,
      [
        { z: 14, x: 8780, y: 4958, data: green },
        { z: 14, x: 8790, y: 4958, data: grey },
      ],
      { format: "png" },
    );
    const pm = openPmtiles(file);
    expect(bytes(pm.tile({ z: 14, x: 8780, y: 4958 }))).toEqual(green);
    expect(bytes(pm.tile({ z: 14, x: 8790, y: 4958 }))).toEqual(grey);
    expect(pm.tile({ z: 14, x: 8781, y: 4958 })).toBeNull();
    expect(pm.tile({ z: 14, x: 0, y: 0 })).toBeNull();
  });

  it("is told apart from MBTiles by its first bytes, and refuses what it cannot serve", async () => {
    const pmFile = path.join(dir, "either.pmtiles");
    makePmtiles(pmFile, [{ z: 0, x: 0, y: 0, data: green }], { format: "png" });
    const mbFile = path.join(dir, "either.mbtiles");
    makeMbtiles(mbFile, [{ z: 0, x: 0, y: 0, data: green }]);
    expect(openTileFile(pmFile).info.kind).toBe("pmtiles");
    expect(openTileFile(mbFile).info.kind).toBe("mbtiles");

    const zstd = path.join(dir, "zstd.pmtiles");
    makePmtiles(zstd, [{ z: 0, x: 0, y: 0, data: green }], { format: "pbf", tileCompression: 4 });
    expect(() => openPmtiles(zstd)).toThrow(TileFileError);

    const version2 = path.join(dir, "v2.pmtiles");
    const v2 = fs.readFileSync(pmFile);
    v2[7] = 2;
    fs.writeFileSync(version2, v2);
    expect(() => openPmtiles(version2)).toThrow(/version 3/);

    const cut = path.join(dir, "cut.pmtiles");
    fs.writeFileSync(cut, fs.readFileSync(pmFile).subarray(0, 140));
    expect(() => openPmtiles(cut)).toThrow(TileFileError);
  });

  it("is served at /tiles/ as MBTiles are: gzipped vector tiles with Content-Encoding", async () => {
    const vector = zlib.gzipSync(Buffer.from([0x1a, 0x03, 0x0a, 0x01, 0x61]));
    const file = path.join(dir, "vector.pmtiles");
    makePmtiles(file, [{ z: 3, x: 4, y: 2, data: vector }], { format: "pbf" });
    const source = { kind: "file" as const, path: file, file: openPmtiles(file) };
    const reply = await answerTileRequest(
      {
        z: "3",
        x: "4",
        file: "2.pbf",
        ifNoneMatch: null,
        acceptsGzip: true,
        request: () => new Request("http://localhost/tiles/3/4/2.pbf"),
      },
      source,
    );
    expect(reply.status).toBe(200);
    expect(reply.headers["Content-Type"]).toBe("application/x-protobuf");
    expect(reply.headers["Content-Encoding"]).toBe("gzip");
    expect(mapTilesForBrowser(source).tileUrl).toBe(""); // Leaflet draws raster tiles only

    const raster = path.join(dir, "raster.pmtiles");
    makePmtiles(raster, [{ z: 0, x: 0, y: 0, data: green }], { format: "png" });
    expect(
      mapTilesForBrowser({ kind: "file", path: raster, file: openPmtiles(raster) }).tileUrl,
    ).toBe("/tiles/{z}/{x}/{y}.png");
  });
});
