// Builds small PMTiles (version 3) files for tests: gzipped directories, optionally split into leaf
// directories, consecutive equal tiles as one run — what real writers do, in a few lines.
import fs from "node:fs";
import zlib from "node:zlib";
import { tileIdOf } from "../../app/models/pmtiles.server";
import type { FixtureTile } from "./mbtiles";

type Entry = { tileId: number; offset: number; length: number; runLength: number };

const TILE_TYPE = { pbf: 1, png: 2, jpg: 3, webp: 4 } as const;

function varints(values: number[]): Buffer {
  const bytes: number[] = [];
  for (let value of values) {
    while (value >= 0x80) {
      bytes.push((value % 0x80) | 0x80);
      value = Math.floor(value / 0x80);
    }
    bytes.push(value);
  }
  return Buffer.from(bytes);
}

function encodeDirectory(entries: Entry[]): Buffer {
  let last = 0;
  return zlib.gzipSync(
    varints([
      entries.length,
      ...entries.map((e) => {
        const delta = e.tileId - last;
        last = e.tileId;
        return delta;
      }),
      ...entries.map((e) => e.runLength),
      ...entries.map((e) => e.length),
      ...entries.map((e, i) =>
        i > 0 && e.offset === entries[i - 1].offset + entries[i - 1].length ? 0 : e.offset + 1,
      ),
    ]),
  );
}

export function makePmtiles(
  file: string,
  tiles: FixtureTile[],
  options: {
    format: keyof typeof TILE_TYPE;
    metadata?: Record<string, unknown>;
    /** entries per leaf directory; unset: all in the root */
    leafSize?: number;
    tileCompression?: number;
    bounds?: { west: number; south: number; east: number; north: number };
  },
) {
  const sorted = tiles
    .map((t) => ({ id: tileIdOf(t), z: t.z, data: t.data }))
    .sort((a, b) => a.id - b.id);
  const entries: Entry[] = [];
  const chunks: Buffer[] = [];
  let offset = 0;
  for (const tile of sorted) {
    const last = entries.at(-1);
    if (last && last.tileId + last.runLength === tile.id && chunks.at(-1)!.equals(tile.data)) {
      last.runLength++;
      continue;
    }
    entries.push({ tileId: tile.id, offset, length: tile.data.length, runLength: 1 });
    chunks.push(tile.data);
    offset += tile.data.length;
  }
  let root = entries;
  const leaves: Buffer[] = [];
  if (options.leafSize && entries.length > options.leafSize) {
    root = [];
    let leafOffset = 0;
    for (let i = 0; i < entries.length; i += options.leafSize) {
      const part = entries.slice(i, i + options.leafSize);
      const encoded = encodeDirectory(part);
      root.push({
        tileId: part[0].tileId,
        offset: leafOffset,
        length: encoded.length,
        runLength: 0,
      });
      leaves.push(encoded);
      leafOffset += encoded.length;
    }
  }
  const rootBytes = encodeDirectory(root);
  const metadata = zlib.gzipSync(JSON.stringify(options.metadata ?? {}));
  const leafBytes = Buffer.concat(leaves);
  const tileData = Buffer.concat(chunks);

  const header = Buffer.alloc(127);
  header.write("PMTiles", 0, "latin1");
  header[7] = 3;
  const u64 = (at: number, value: number) => header.writeBigUInt64LE(BigInt(value), at);
  const rootOffset = 127;
  const metadataOffset = rootOffset + rootBytes.length;
  const leafOffset = metadataOffset + metadata.length;
  const tileDataOffset = leafOffset + leafBytes.length;
  u64(8, rootOffset);
  u64(16, rootBytes.length);
  u64(24, metadataOffset);
  u64(32, metadata.length);
  u64(40, leafOffset);
  u64(48, leafBytes.length);
  u64(56, tileDataOffset);
  u64(64, tileData.length);
  u64(72, sorted.length);
  u64(80, entries.length);
  u64(88, entries.length);
  header[96] = 1; // clustered
  header[97] = 2; // directories and metadata gzipped
  header[98] = options.tileCompression ?? (options.format === "pbf" ? 2 : 1);
  header[99] = TILE_TYPE[options.format];
  header[100] = Math.min(...sorted.map((t) => t.z));
  header[101] = Math.max(...sorted.map((t) => t.z));
  const b = options.bounds ?? { west: -180, south: -85, east: 180, north: 85 };
  header.writeInt32LE(Math.round(b.west * 1e7), 102);
  header.writeInt32LE(Math.round(b.south * 1e7), 106);
  header.writeInt32LE(Math.round(b.east * 1e7), 110);
  header.writeInt32LE(Math.round(b.north * 1e7), 114);
  fs.writeFileSync(file, Buffer.concat([header, rootBytes, metadata, leafBytes, tileData]));
}
