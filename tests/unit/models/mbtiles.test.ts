// The MBTiles reader on files the test builds itself (tests/support/mbtiles.ts).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import Database from "better-sqlite3";
import { beforeAll, describe, expect, it } from "vitest";
import { sniffTileFormat, tileOfPoint } from "~/domain/tiles";
import { openMbtiles, TileFileError } from "~/models/mbtiles.server";
import { makeMbtiles, solidTile } from "../../support/mbtiles";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "samskapa-mbtiles-"));
let red: Buffer;
let blue: Buffer;

beforeAll(async () => {
  red = await solidTile({ r: 200, g: 0, b: 0 });
  blue = await solidTile({ r: 0, g: 0, b: 200 });
});

describe("openMbtiles", () => {
  it("finds a tile by its web (XYZ) address although MBTiles numbers rows from the south", () => {
    const file = path.join(dir, "flip.mbtiles");
    makeMbtiles(
      file,
      [
        { z: 2, x: 1, y: 0, data: red }, // stored at tile_row 3
        { z: 2, x: 1, y: 3, data: blue }, // stored at tile_row 0
      ],
      { name: "Flip", format: "png", minzoom: "2", maxzoom: "2", attribution: "© Test" },
    );
    // The file really holds the TMS row, as other tools write it.
    const raw = new Database(file, { readonly: true });
    const stored = raw.prepare("SELECT tile_row FROM tiles WHERE tile_data = ?").get(red) as {
      tile_row: number;
    };
    raw.close();
    expect(stored.tile_row).toBe(3);

    const tiles = openMbtiles(file);
    expect(Buffer.from(tiles.tile({ z: 2, x: 1, y: 0 }) as Uint8Array)).toEqual(red);
    expect(Buffer.from(tiles.tile({ z: 2, x: 1, y: 3 }) as Uint8Array)).toEqual(blue);
    expect(tiles.tile({ z: 2, x: 0, y: 0 })).toBeNull();
    expect(tiles.info).toEqual({
      kind: "mbtiles",
      format: "png",
      minZoom: 2,
      maxZoom: 2,
      bounds: expect.objectContaining({ west: -90, east: 0 }), // column 1 of 4 at zoom 2
      name: "Flip",
      attribution: "© Test",
    });
    expect(tiles.countTiles()).toBe(2);
    tiles.close();
  });

  it("reads bounds from the metadata, or from the tiles at the deepest zoom when it has none", () => {
    const withBounds = path.join(dir, "bounds.mbtiles");
    makeMbtiles(withBounds, [{ z: 1, x: 0, y: 0, data: red }], {
      format: "png",
      bounds: "12.6,57.5,13.3,57.9",
    });
    expect(openMbtiles(withBounds).info.bounds).toEqual({
      west: 12.6,
      south: 57.5,
      east: 13.3,
      north: 57.9,
    });

    const without = path.join(dir, "no-bounds.mbtiles");
    // The north-west quarter of the world at zoom 1, and a zoom-0 tile that must not count.
    makeMbtiles(
      without,
      [
        { z: 0, x: 0, y: 0, data: red },
        { z: 1, x: 0, y: 0, data: red },
      ],
      { format: "png" },
    );
    const info = openMbtiles(without).info;
    expect(info.bounds!.west).toBe(-180);
    expect(info.bounds!.east).toBe(0);
    expect(info.bounds!.south).toBeCloseTo(0, 6);
    expect(info.bounds!.north).toBeCloseTo(85.0511, 3);
    expect([info.minZoom, info.maxZoom]).toEqual([0, 1]);
  });

  it("tells the format from the tiles when the metadata does not name it", async () => {
    const jpegFile = path.join(dir, "jpeg.mbtiles");
    makeMbtiles(
      jpegFile,
      [{ z: 0, x: 0, y: 0, data: await solidTile({ r: 1, g: 2, b: 3 }, "jpeg") }],
      { name: "no format" },
    );
    expect(openMbtiles(jpegFile).info.format).toBe("jpg");

    const vector = path.join(dir, "vector.mbtiles");
    makeMbtiles(vector, [{ z: 0, x: 0, y: 0, data: zlib.gzipSync(Buffer.from([0x1a, 0x00])) }], {});
    expect(openMbtiles(vector).info.format).toBe("pbf");
  });

  it("refuses what is not an MBTiles file, with the file's name in the message", () => {
    const text = path.join(dir, "not.mbtiles");
    fs.writeFileSync(text, "hello");
    expect(() => openMbtiles(text)).toThrow(TileFileError);
    expect(() => openMbtiles(text)).toThrow(/not\.mbtiles/);

    const otherSqlite = path.join(dir, "other.db");
    new Database(otherSqlite).exec("CREATE TABLE ideas (id INTEGER)");
    expect(() => openMbtiles(otherSqlite)).toThrow(/tiles table/);

    const unknown = path.join(dir, "unknown.mbtiles");
    makeMbtiles(unknown, [{ z: 0, x: 0, y: 0, data: Buffer.from("<svg/>") }], { format: "svg" });
    expect(() => openMbtiles(unknown)).toThrow(/format is unknown/);
  });

  // CI installs GDAL (gdal-bin) for the open-data tests; without it this one is skipped.
  const hasGdal = spawnSync("gdal_translate", ["--version"]).status === 0;
  it.skipIf(!hasGdal)(
    "reads a file made by GDAL as docs/operations.md says, tiles in place",
    () => {
      const run = (command: string, args: string[]) => {
        const result = spawnSync(command, args, { cwd: dir, encoding: "utf8" });
        expect(result.status, `${command}: ${result.stderr}`).toBe(0);
      };
      // A 2 km square in SWEREF 99 TM around Stora torget, as Lantmäteriet's rasters come.
      run("gdal_create", [
        ...["-of", "GTiff", "-outsize", "200", "200", "-bands", "3", "-burn", "200"],
        ...["-a_srs", "EPSG:3006", "-a_ullr", "365000", "6401000", "367000", "6399000"],
        "lantmateriet.tif",
      ]);
      run("gdalwarp", [
        ...["-q", "-t_srs", "EPSG:3857", "-te", "12.92", "57.71", "12.96", "57.73"],
        ...["-te_srs", "EPSG:4326", "-of", "VRT", "lantmateriet.tif", "boras-3857.vrt"],
      ]);
      run("gdal_translate", [
        ...["-q", "-of", "MBTILES", "-co", "TILE_FORMAT=PNG", "-co", "ZOOM_LEVEL_STRATEGY=UPPER"],
        ...["boras-3857.vrt", "gdal.mbtiles"],
      ]);
      run("gdaladdo", ["-q", "-r", "average", "gdal.mbtiles", "2", "4", "8"]);

      const tiles = openMbtiles(path.join(dir, "gdal.mbtiles"));
      expect(tiles.info.format).toBe("png");
      expect(tiles.info.maxZoom - tiles.info.minZoom).toBeGreaterThanOrEqual(1); // overviews
      for (let z = tiles.info.minZoom; z <= tiles.info.maxZoom; z++) {
        const { x, y } = tileOfPoint(57.721, 12.9401, z);
        const tile = tiles.tile({ z, x, y }) as Uint8Array | null; // MBTiles answers at once
        expect(tile && sniffTileFormat(tile), `zoom ${z}`).toBe("png");
        expect(tiles.tile({ z, x, y: y + 20 })).toBeNull(); // rows flipped the right way
      }
      tiles.close();
    },
  );
});
