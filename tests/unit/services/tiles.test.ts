// GET /tiles/… from a tile file: what the browser gets (type, ETag, caching, 304, 404, 400).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { openMbtiles } from "~/models/mbtiles.server";
import {
  answerTileRequest,
  formatOfUrl,
  mapTilesForBrowser,
  type TileQuestion,
  type TileSource,
} from "~/services/tiles.server";
import { makeMbtiles, solidTile } from "../../support/mbtiles";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "samskapa-tiles-"));
let png: Buffer;
let source: TileSource;
let vectorSource: TileSource;
const vectorTile = zlib.gzipSync(Buffer.from([0x1a, 0x02, 0x78, 0x01]));

const ask = (z: string, x: string, file: string, extra: Partial<TileQuestion> = {}) => ({
  z,
  x,
  file,
  ifNoneMatch: null,
  acceptsGzip: true,
  request: () => new Request(`http://localhost/tiles/${z}/${x}/${file}`),
  ...extra,
});

beforeAll(async () => {
  png = await solidTile({ r: 10, g: 120, b: 60 });
  const file = path.join(dir, "boras.mbtiles");
  makeMbtiles(file, [{ z: 14, x: 8780, y: 4958, data: png }], {
    name: "Borås",
    format: "png",
    attribution: "© Lantmäteriet",
  });
  source = { kind: "file", path: file, file: openMbtiles(file) };
  const vector = path.join(dir, "vector.mbtiles");
  makeMbtiles(vector, [{ z: 0, x: 0, y: 0, data: vectorTile }], { format: "pbf" });
  vectorSource = { kind: "file", path: vector, file: openMbtiles(vector) };
});

describe("answerTileRequest from an MBTiles file", () => {
  it("answers a tile with its type, an ETag and a long cache, and 304 when the ETag matches", async () => {
    const reply = await answerTileRequest(ask("14", "8780", "4958.png"), source);
    expect(reply.status).toBe(200);
    expect(reply.headers["Content-Type"]).toBe("image/png");
    expect(reply.headers["Cache-Control"]).toMatch(/public, max-age=604800/);
    expect(reply.headers.ETag).toMatch(/^"[\w-]{22}"$/);
    expect(Buffer.compare(reply.body as Buffer, png)).toBe(0);

    const again = await answerTileRequest(
      ask("14", "8780", "4958.png", { ifNoneMatch: `W/${reply.headers.ETag}, "other"` }),
      source,
    );
    expect(again.status).toBe(304);
    expect(again.body).toBeNull();
    expect(again.headers.ETag).toBe(reply.headers.ETag);
  });

  it("answers 404 for a tile the file does not hold, or in another format", async () => {
    expect((await answerTileRequest(ask("14", "8781", "4958.png"), source)).status).toBe(404);
    expect((await answerTileRequest(ask("14", "8780", "4958.webp"), source)).status).toBe(404);
    expect((await answerTileRequest(ask("3", "1", "1.png"), { kind: "none" })).status).toBe(404);
  });

  it("answers 400 for an address that is no tile", async () => {
    for (const [z, x, file] of [
      ["x", "0", "0.png"],
      ["30", "0", "0.png"],
      ["2", "4", "0.png"],
      ["2", "0", "-1.png"],
      ["2", "0", "0.exe"],
    ]) {
      const reply = await answerTileRequest(ask(z, x, file), source);
      expect(reply.status, `${z}/${x}/${file}`).toBe(400);
      expect(reply.headers["Cache-Control"]).toBe("no-store");
    }
  });

  it("sends gzipped vector tiles as gzip to those who take it, unpacked to the rest", async () => {
    const gzipped = await answerTileRequest(ask("0", "0", "0.pbf"), vectorSource);
    expect(gzipped.headers["Content-Type"]).toBe("application/x-protobuf");
    expect(gzipped.headers["Content-Encoding"]).toBe("gzip");
    expect(gzipped.headers.Vary).toBe("Accept-Encoding");
    expect(zlib.gunzipSync(gzipped.body as Buffer)).toEqual(Buffer.from([0x1a, 0x02, 0x78, 0x01]));

    const plain = await answerTileRequest(
      ask("0", "0", "0.pbf", { acceptsGzip: false }),
      vectorSource,
    );
    expect(plain.headers["Content-Encoding"]).toBeUndefined();
    expect(plain.body).toEqual(Buffer.from([0x1a, 0x02, 0x78, 0x01]));
    expect(plain.headers.ETag).not.toBe(gzipped.headers.ETag);
  });
});

describe("what the maps in the browser are given", () => {
  it("our own /tiles/ address in the file's format, with the file's attribution", () => {
    expect(mapTilesForBrowser(source)).toEqual({
      tileUrl: "/tiles/{z}/{x}/{y}.png",
      tileAttribution: "© Lantmäteriet",
      maxNativeZoom: 14, // beyond the file's deepest zoom the maps scale its tiles up
    });
  });

  it("no tiles when there is no source, or when the file holds vector tiles Leaflet cannot draw", () => {
    expect(mapTilesForBrowser({ kind: "none" }).tileUrl).toBe("");
    expect(mapTilesForBrowser(vectorSource).tileUrl).toBe("");
  });

  it("for an upstream, our own address in the upstream's format", () => {
    expect(formatOfUrl("https://tile.openstreetmap.org/{z}/{x}/{y}.png")).toBe("png");
    expect(formatOfUrl("https://example.org/wmts/{z}/{y}/{x}.jpeg?key=1")).toBe("jpg");
    expect(formatOfUrl("https://{s}.example.org/{z}/{x}/{y}")).toBe("png");
  });
});
