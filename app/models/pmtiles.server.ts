// Reads a PMTiles (version 3) file: a 127-byte header, directories of Hilbert-curve tile ids
// (varints, usually gzipped) and the tiles. Read here with plain file reads rather than through the
// `pmtiles` package, which is built for HTTP range requests in browsers (docs/decisions/011).
import fs from "node:fs";
import zlib from "node:zlib";
import {
  TileFileError,
  type TileAddress,
  type TileFile,
  type TileFileInfo,
  type TileFormat,
} from "~/domain/tiles";

const MAGIC = "PMTiles";
const TILE_TYPES: Record<number, TileFormat> = { 1: "pbf", 2: "png", 3: "jpg", 4: "webp" };
const COMPRESSION = { none: 1, gzip: 2, brotli: 3 } as const;

type Entry = { tileId: number; offset: number; length: number; runLength: number };

type Header = {
  rootOffset: number;
  rootLength: number;
  metadataOffset: number;
  metadataLength: number;
  leafOffset: number;
  tileDataOffset: number;
  addressedTiles: number;
  internalCompression: number;
  tileCompression: number;
  tileType: number;
  minZoom: number;
  maxZoom: number;
  bounds: { west: number; south: number; east: number; north: number };
};

export function isPmtiles(file: string) {
  const fd = fs.openSync(file, "r");
  try {
    const start = Buffer.alloc(7);
    fs.readSync(fd, start, 0, 7, 0);
    return start.toString("latin1") === MAGIC;
  } finally {
    fs.closeSync(fd);
  }
}

export function openPmtiles(file: string): TileFile {
  const fd = fs.openSync(file, "r");
  const read = (offset: number, length: number) => {
    const buffer = Buffer.alloc(length);
    const got = fs.readSync(fd, buffer, 0, length, offset);
    if (got !== length) throw new TileFileError(`${file} ends before the data it points to`);
    return buffer;
  };
  try {
    const header = readHeader(read(0, 127), file);
    const inflate = (bytes: Buffer) => decompress(bytes, header.internalCompression, file);
    const metadata = readMetadata(
      header.metadataLength ? inflate(read(header.metadataOffset, header.metadataLength)) : null,
    );
    // Directories are few and small: each is parsed once (leaves as they are first needed).
    const directories = new Map<number, Entry[]>();
    const directory = (offset: number, length: number) => {
      let entries = directories.get(offset);
      if (!entries) {
        entries = parseDirectory(inflate(read(offset, length)));
        directories.set(offset, entries);
      }
      return entries;
    };
    directory(header.rootOffset, header.rootLength);
    const info: TileFileInfo = {
      kind: "pmtiles",
      format: TILE_TYPES[header.tileType],
      minZoom: header.minZoom,
      maxZoom: header.maxZoom,
      bounds: header.bounds,
      name: typeof metadata.name === "string" ? metadata.name : null,
      attribution: typeof metadata.attribution === "string" ? metadata.attribution : null,
    };
    return {
      info,
      tile(address: TileAddress) {
        if (address.z < header.minZoom || address.z > header.maxZoom) return null;
        const id = tileIdOf(address);
        let offset = header.rootOffset;
        let length = header.rootLength;
        for (let depth = 0; depth < 4; depth++) {
          const entry = findEntry(directory(offset, length), id);
          if (!entry) return null;
          if (entry.runLength > 0) return read(header.tileDataOffset + entry.offset, entry.length);
          offset = header.leafOffset + entry.offset;
          length = entry.length;
        }
        return null;
      },
      countTiles: () => header.addressedTiles || null,
      close: () => fs.closeSync(fd),
    };
  } catch (error) {
    fs.closeSync(fd);
    if (error instanceof TileFileError) throw error;
    throw new TileFileError(`${file} is not a readable PMTiles file: ${(error as Error).message}`);
  }
}

function readHeader(bytes: Buffer, file: string): Header {
  if (bytes.toString("latin1", 0, 7) !== MAGIC || bytes[7] !== 3)
    throw new TileFileError(`${file} is not a PMTiles file of version 3`);
  const u64 = (at: number) => Number(bytes.readBigUInt64LE(at));
  const degrees = (at: number) => bytes.readInt32LE(at) / 1e7;
  const header: Header = {
    rootOffset: u64(8),
    rootLength: u64(16),
    metadataOffset: u64(24),
    metadataLength: u64(32),
    leafOffset: u64(40),
    tileDataOffset: u64(56),
    addressedTiles: u64(72),
    internalCompression: bytes[97],
    tileCompression: bytes[98],
    tileType: bytes[99],
    minZoom: bytes[100],
    maxZoom: bytes[101],
    bounds: { west: degrees(102), south: degrees(106), east: degrees(110), north: degrees(114) },
  };
  if (!TILE_TYPES[header.tileType])
    throw new TileFileError(
      `${file}: tile type ${header.tileType} is not supported (PNG, JPEG, WebP or vector tiles)`,
    );
  // Tiles are sent as stored: gzip is a Content-Encoding every browser takes, the others are not.
  if (header.tileCompression !== COMPRESSION.none && header.tileCompression !== COMPRESSION.gzip)
    throw new TileFileError(
      `${file}: tiles compressed with method ${header.tileCompression} are not supported (write it with gzip or no tile compression)`,
    );
  return header;
}

function decompress(bytes: Buffer, method: number, file: string): Buffer {
  if (method === COMPRESSION.none) return bytes;
  if (method === COMPRESSION.gzip) return zlib.gunzipSync(bytes);
  if (method === COMPRESSION.brotli) return zlib.brotliDecompressSync(bytes);
  throw new TileFileError(
    `${file}: directories compressed with method ${method} are not supported`,
  );
}

function readMetadata(bytes: Buffer | null): Record<string, unknown> {
  if (!bytes) return {};
  try {
    const parsed = JSON.parse(bytes.toString("utf8")) as unknown;
    return parsed && typeof parsed === "object" ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** A directory: the count, then tile ids (as deltas), run lengths, lengths and offsets, all varints. */
function parseDirectory(bytes: Buffer): Entry[] {
  let at = 0;
  const varint = () => {
    let value = 0;
    let scale = 1;
    for (;;) {
      if (at >= bytes.length) throw new Error("a directory ends in the middle of a number");
      const byte = bytes[at++];
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
      scale *= 128;
    }
  };
  const count = varint();
  const entries: Entry[] = [];
  let tileId = 0;
  for (let i = 0; i < count; i++) {
    tileId += varint();
    entries.push({ tileId, offset: 0, length: 0, runLength: 0 });
  }
  for (const entry of entries) entry.runLength = varint();
  for (const entry of entries) entry.length = varint();
  entries.forEach((entry, i) => {
    const value = varint();
    // 0: right after the previous entry's bytes; otherwise the offset plus one.
    entry.offset = value === 0 && i > 0 ? entries[i - 1].offset + entries[i - 1].length : value - 1;
  });
  return entries;
}

/** The entry that holds a tile id: its own, or a run or a leaf directory that starts before it. */
function findEntry(entries: Entry[], id: number): Entry | null {
  let low = 0;
  let high = entries.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const difference = id - entries[middle].tileId;
    if (difference > 0) low = middle + 1;
    else if (difference < 0) high = middle - 1;
    else return entries[middle];
  }
  if (high < 0) return null;
  const before = entries[high];
  if (before.runLength === 0) return before; // a leaf directory starting before the id
  return id - before.tileId < before.runLength ? before : null;
}

/** The tile's position on the Hilbert curves of all zooms up to its own (PMTiles' tile id). */
export function tileIdOf({ z, x, y }: TileAddress): number {
  let id = (4 ** z - 1) / 3; // the tiles of all lower zooms
  let tx = x;
  let ty = y;
  for (let s = 2 ** z / 2; s >= 1; s /= 2) {
    const rx = (tx & s) > 0 ? 1 : 0;
    const ry = (ty & s) > 0 ? 1 : 0;
    id += s * s * ((3 * rx) ^ ry);
    if (ry === 0) {
      if (rx === 1) {
        tx = s - 1 - tx;
        ty = s - 1 - ty;
      }
      [tx, ty] = [ty, tx];
    }
  }
  return id;
}
