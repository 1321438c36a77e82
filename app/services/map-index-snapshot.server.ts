// The map index's snapshot file (decision 022): its columns as raw bytes beside the database, so that
// a restart reads a million ideas' index in a fraction of a second instead of building it from
// SQLite. The file is trusted only when its version (migration 0023's counter and stamp, and the
// schema's version) is the database's now; the caller decides that, this module reads and writes.
//
// Layout: the sections (typed arrays, each at an offset that is a multiple of 8), the titles as
// UTF-8, then a JSON footer (what is where, the version, the CRC-32 of all before it), its length
// (u32, little-endian) and the magic. Titles stay UTF-8 once read and are decoded one by one when an
// idea is shown: decoding a million cost a quarter of a second. Written to a temporary file, fsynced, then renamed: a
// reader sees the old file or the new one, never half of one.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { FOCUS_AREAS } from "~/domain/focus-areas";
import type { GridArrays, GridColumns } from "~/services/map-index.server";

const MAGIC = Buffer.from("SKMAPIX1", "latin1");
/** Changes whenever the layout or GridIndex's columns change: an older file is then rebuilt. */
export const SNAPSHOT_FORMAT = 1;
const AREAS = FOCUS_AREAS.length;
const FOOTER_TAIL = 4 + MAGIC.length;
const TITLES_PER_CHUNK = 65_536;
/** Bytes checked and written (or read) at once: a few milliseconds of the event loop each. */
const PIECE = 4 * 1024 * 1024;
/** Pieces being read at once, ahead of the one checked. */
const READS_AHEAD = 4;
/** Room to grow left after the used part of each column when read (as sizedIndex leaves). */
const HEADROOM = 1024;

type Kind = "i32" | "f64" | "u8";
/** How long a column is when read: a slot per idea, per cell, per cell and focus area, or as saved. */
type Room = "ideas" | "cells" | "cellAreas" | "ids" | "exact";
const SECTIONS: { name: keyof GridArrays | "titleEnds"; kind: Kind; room: Room }[] = [
  { name: "slotById", kind: "i32", room: "ids" },
  { name: "ids", kind: "i32", room: "ideas" },
  { name: "lat", kind: "f64", room: "ideas" },
  { name: "lng", kind: "f64", room: "ideas" },
  { name: "xs", kind: "f64", room: "ideas" },
  { name: "ys", kind: "f64", room: "ideas" },
  { name: "focus", kind: "u8", room: "ideas" },
  { name: "stage", kind: "u8", room: "ideas" },
  { name: "supports", kind: "i32", room: "ideas" },
  { name: "next", kind: "i32", room: "ideas" },
  { name: "prev", kind: "i32", room: "ideas" },
  { name: "freePoints", kind: "i32", room: "exact" },
  { name: "cellCounts", kind: "i32", room: "cellAreas" },
  { name: "cellLat", kind: "f64", room: "cellAreas" },
  { name: "cellLng", kind: "f64", room: "cellAreas" },
  { name: "cellHead", kind: "i32", room: "cells" },
  { name: "cellParent", kind: "i32", room: "cells" },
  { name: "cellKey", kind: "f64", room: "cells" },
  { name: "freeCells", kind: "i32", room: "exact" },
  { name: "levels", kind: "i32", room: "exact" },
  /** where each title's UTF-8 ends in the titles (they are decoded one by one, when shown) */
  { name: "titleEnds", kind: "i32", room: "exact" },
];
const BYTES: Record<Kind, number> = { i32: 4, f64: 8, u8: 1 };
const ARRAY_OF: Record<Kind, new (length: number) => Int32Array | Float64Array | Uint8Array> = {
  i32: Int32Array,
  f64: Float64Array,
  u8: Uint8Array,
};

/** What a snapshot reflects: the database at this version of the map index's data. */
export type SnapshotVersion = { counter: number; stamp: string; schemaVersion: number };

type Footer = SnapshotVersion & {
  format: number;
  count: number;
  pointSlots: number;
  cellSlots: number;
  areas: number;
  sections: { name: string; offset: number; length: number }[];
  /** the titles' UTF-8, one after another */
  titleOffset: number;
  titleBytes: number;
  /** of everything before the footer */
  crc32: number;
};

/** A snapshot's titles as they were read: UTF-8 and where each ends, decoded when asked for. */
export class SavedTitles {
  constructor(
    private readonly bytes: Uint8Array,
    private readonly ends: Int32Array,
  ) {}

  title(s: number): string {
    if (!(s >= 0 && s < this.ends.length)) return "";
    return Buffer.from(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength).toString(
      "utf8",
      s === 0 ? 0 : this.ends[s - 1],
      this.ends[s],
    );
  }
}

/** Where the snapshot of the database at `databasePath` lives; null for an in-memory database. */
export function snapshotPathFor(databasePath: string): string | null {
  if (!databasePath || databasePath === ":memory:" || databasePath.startsWith("file::memory:"))
    return null;
  return `${databasePath}.map-index`;
}

function bytesOf(array: Int32Array | Float64Array | Uint8Array) {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}

/**
 * The file's bytes, piece by piece, checksummed on the way; the footer last. Titles are measured and
 * encoded a chunk at a time (an empty piece between chunks: the caller may pause there).
 */
function* snapshotPieces(columns: GridColumns, version: SnapshotVersion): Generator<Uint8Array> {
  const points = columns.pointSlots;
  let crc = 0;
  let offset = 0;
  const emit = function* (piece: Uint8Array) {
    for (let at = 0; at < piece.byteLength; at += PIECE) {
      const part = piece.subarray(at, Math.min(piece.byteLength, at + PIECE));
      crc = zlib.crc32(part, crc);
      offset += part.byteLength;
      yield part;
    }
  };
  const titleEnds = new Int32Array(points);
  let titleBytes = 0;
  for (let s = 0; s < points; s++) {
    titleBytes += Buffer.byteLength(columns.titles.title(s), "utf8");
    titleEnds[s] = titleBytes;
    if (s % TITLES_PER_CHUNK === TITLES_PER_CHUNK - 1) yield new Uint8Array(0);
  }
  const arrays: Record<string, Int32Array | Float64Array | Uint8Array> = {
    ...columns.arrays,
    titleEnds,
  };
  const sections: Footer["sections"] = [];
  for (const { name, kind } of SECTIONS) {
    const array = arrays[name];
    if (!(array instanceof ARRAY_OF[kind])) throw new Error(`column ${name} is not ${kind}`);
    const pad = (8 - (offset % 8)) % 8;
    if (pad) yield* emit(new Uint8Array(pad));
    sections.push({ name, offset, length: array.length });
    yield* emit(bytesOf(array));
  }
  const titleOffset = offset;
  for (let from = 0; from < points; from += TITLES_PER_CHUNK) {
    const chunk: string[] = [];
    for (let s = from; s < Math.min(points, from + TITLES_PER_CHUNK); s++)
      chunk.push(columns.titles.title(s));
    yield* emit(Buffer.from(chunk.join(""), "utf8"));
  }
  if (offset - titleOffset !== titleBytes) throw new Error("the titles changed while written");
  const footer: Footer = {
    format: SNAPSHOT_FORMAT,
    counter: version.counter,
    stamp: version.stamp,
    schemaVersion: version.schemaVersion,
    count: columns.count,
    pointSlots: points,
    cellSlots: columns.cellSlots,
    areas: AREAS,
    sections,
    titleOffset,
    titleBytes,
    crc32: crc,
  };
  const json = Buffer.from(JSON.stringify(footer), "utf8");
  const tail = Buffer.alloc(FOOTER_TAIL);
  tail.writeUInt32LE(json.byteLength, 0);
  MAGIC.copy(tail, 4);
  yield json;
  yield tail;
}

function fsyncDirectory(file: string) {
  // The rename is durable once the directory is; some systems refuse to open one: then it is not.
  try {
    const fd = fs.openSync(path.dirname(file), "r");
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    /* best effort */
  }
}

/** Writes the snapshot at once (graceful shutdown: no request is waiting any more). */
export function writeSnapshotSync(file: string, columns: GridColumns, version: SnapshotVersion) {
  const temporary = `${file}.tmp`;
  const fd = fs.openSync(temporary, "w");
  try {
    for (const piece of snapshotPieces(columns, version)) {
      for (let done = 0; done < piece.byteLength;)
        done += fs.writeSync(fd, piece, done, piece.byteLength - done);
    }
    fs.fsyncSync(fd);
  } catch (error) {
    fs.closeSync(fd);
    fs.rmSync(temporary, { force: true });
    throw error;
  }
  fs.closeSync(fd);
  fs.renameSync(temporary, file);
  fsyncDirectory(file);
}

/**
 * Writes the snapshot a piece at a time with the event loop free between pieces. The columns are
 * the live index's: `unchanged()` says whether it is still as it was when this began; when it is
 * not (a write came in, the index was dropped, the server is stopping), the half-written file is
 * removed and false returned: it would mix two states.
 */
export async function writeSnapshot(
  file: string,
  columns: GridColumns,
  version: SnapshotVersion,
  unchanged: () => boolean,
): Promise<boolean> {
  const temporary = `${file}.tmp`;
  const handle = await fs.promises.open(temporary, "w");
  let kept = false;
  try {
    for (const piece of snapshotPieces(columns, version)) {
      if (!unchanged()) return false;
      for (let done = 0; done < piece.byteLength;)
        done += (await handle.write(piece, done, piece.byteLength - done)).bytesWritten;
    }
    await handle.sync();
    if (!unchanged()) return false;
    kept = true;
  } finally {
    await handle.close();
    if (!kept) await fs.promises.rm(temporary, { force: true });
  }
  await fs.promises.rename(temporary, file);
  fsyncDirectory(file);
  return true;
}

/** Why a file is not a snapshot that can be read, thrown to the reader's caller as a reason. */
export class SnapshotRejected extends Error {}

function parseFooter(json: string, size: number): Footer {
  let footer: Footer;
  try {
    footer = JSON.parse(json) as Footer;
  } catch {
    throw new SnapshotRejected("its footer is not JSON");
  }
  const whole = (n: unknown) => Number.isSafeInteger(n) && (n as number) >= 0;
  if (typeof footer !== "object" || footer === null || footer.format !== SNAPSHOT_FORMAT)
    throw new SnapshotRejected(
      `another format (${String(footer?.format)}, not ${SNAPSHOT_FORMAT})`,
    );
  if (
    !whole(footer.counter) ||
    typeof footer.stamp !== "string" ||
    !whole(footer.schemaVersion) ||
    !whole(footer.count) ||
    !whole(footer.pointSlots) ||
    !whole(footer.cellSlots) ||
    !whole(footer.areas) ||
    !whole(footer.crc32) ||
    !whole(footer.titleOffset) ||
    !whole(footer.titleBytes) ||
    !Array.isArray(footer.sections) ||
    footer.sections.length !== SECTIONS.length
  )
    throw new SnapshotRejected("its footer is incomplete");
  let end = 0;
  footer.sections.forEach((section, i) => {
    const { name, kind } = SECTIONS[i];
    if (
      section?.name !== name ||
      !whole(section.offset) ||
      !whole(section.length) ||
      section.offset % 8 !== 0 ||
      section.offset < end
    )
      throw new SnapshotRejected(`its section ${name} is misplaced`);
    end = section.offset + section.length * BYTES[kind];
  });
  if (footer.titleOffset !== end) throw new SnapshotRejected("its titles are misplaced");
  end += footer.titleBytes;
  const ends = footer.sections[SECTIONS.length - 1];
  if (ends.length !== footer.pointSlots) throw new SnapshotRejected("its titles are misplaced");
  if (end !== size) throw new SnapshotRejected(`its length does not add up (${end} ≠ ${size})`);
  return footer;
}

/** A snapshot being read: its version as soon as the footer is in, its columns once all is. */
export type SnapshotRead = {
  file: string;
  version: Promise<SnapshotVersion>;
  columns: Promise<GridColumns>;
  /** stops reading (the columns are then rejected) */
  cancel: () => void;
};

/**
 * Starts reading a snapshot at once (the bytes go into the columns' own arrays off the main thread,
 * a piece at a time). Either promise rejects with SnapshotRejected and the reason for a file that is
 * not a whole snapshot (missing, short, damaged, another format); whether its version is the
 * database's is the caller's question. Nothing is left unhandled when nobody awaits.
 */
export function readSnapshot(file: string): SnapshotRead {
  let cancelled = false;
  let footerIn!: (version: SnapshotVersion) => void;
  let footerFailed!: (error: unknown) => void;
  const version = new Promise<SnapshotVersion>((resolve, reject) => {
    footerIn = resolve;
    footerFailed = reject;
  });
  const columns = readColumns(file, footerIn, () => cancelled);
  columns.catch(footerFailed); // a footer never read: the same reason
  version.catch(() => {});
  columns.catch(() => {});
  return { file, version, columns, cancel: () => void (cancelled = true) };
}

async function readColumns(
  file: string,
  footerIn: (version: SnapshotVersion) => void,
  cancelled: () => boolean,
): Promise<GridColumns> {
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(file, "r");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new SnapshotRejected(
      code === "ENOENT" ? "there is none" : `it cannot be opened (${code})`,
    );
  }
  try {
    const { size } = await handle.stat();
    if (size < FOOTER_TAIL) throw new SnapshotRejected(`it is too short (${size} bytes)`);
    const tail = Buffer.alloc(FOOTER_TAIL);
    await handle.read(tail, 0, FOOTER_TAIL, size - FOOTER_TAIL);
    if (!tail.subarray(4).equals(MAGIC)) throw new SnapshotRejected("it does not end as one");
    const footerBytes = tail.readUInt32LE(0);
    if (footerBytes > 16 * 1024 * 1024 || footerBytes > size - FOOTER_TAIL)
      throw new SnapshotRejected("its footer's length is impossible");
    const json = Buffer.alloc(footerBytes);
    await handle.read(json, 0, footerBytes, size - FOOTER_TAIL - footerBytes);
    const footer = parseFooter(json.toString("utf8"), size - FOOTER_TAIL - footerBytes);
    if (footer.areas !== AREAS) throw new SnapshotRejected(`it has ${footer.areas} focus areas`);
    footerIn({
      counter: footer.counter,
      stamp: footer.stamp,
      schemaVersion: footer.schemaVersion,
    });

    // The pieces are read a few at a time (the thread pool touches the new pages, not the main
    // thread), then checked in order.
    let crc = 0;
    const reads: { into: Uint8Array; done: Promise<unknown> }[] = [];
    const settle = async (keep: number) => {
      while (reads.length > keep) {
        const { into, done } = reads.shift() as (typeof reads)[number];
        const { bytesRead } = (await done) as { bytesRead: number };
        if (bytesRead !== into.byteLength) throw new SnapshotRejected("it ended early");
        crc = zlib.crc32(into, crc);
      }
      if (cancelled()) throw new SnapshotRejected("reading it was cancelled");
    };
    const readInto = async (into: Uint8Array, position: number) => {
      for (let at = 0; at < into.byteLength; at += PIECE) {
        const piece = into.subarray(at, Math.min(into.byteLength, at + PIECE));
        const done = handle.read(piece, 0, piece.byteLength, position + at);
        done.catch(() => {}); // awaited in turn below; not an unhandled rejection meanwhile
        reads.push({ into: piece, done });
        await settle(READS_AHEAD);
      }
    };
    const arrays: Record<string, Int32Array | Float64Array | Uint8Array> = {};
    let position = 0;
    for (const [i, { name, kind, room }] of SECTIONS.entries()) {
      const { offset, length } = footer.sections[i];
      if (offset > position) await readInto(new Uint8Array(offset - position), position);
      const capacity =
        room === "ideas" || room === "ids" || room === "cells"
          ? length + HEADROOM
          : room === "cellAreas"
            ? length + HEADROOM * footer.areas
            : length;
      const array = new ARRAY_OF[kind](capacity);
      await readInto(bytesOf(array).subarray(0, length * BYTES[kind]), offset);
      position = offset + length * BYTES[kind];
      arrays[name] = array;
    }
    const bytes = new Uint8Array(footer.titleBytes);
    await readInto(bytes, footer.titleOffset);
    await settle(0);
    if (crc !== footer.crc32) throw new SnapshotRejected("its checksum differs");
    const titleEnds = arrays.titleEnds as Int32Array;
    let previous = 0;
    for (let s = 0; s < footer.pointSlots; s++) {
      if (!(titleEnds[s] >= previous)) throw new SnapshotRejected("its titles are misplaced");
      previous = titleEnds[s];
    }
    if (previous !== footer.titleBytes) throw new SnapshotRejected("its titles do not add up");
    delete arrays.titleEnds;
    return {
      count: footer.count,
      pointSlots: footer.pointSlots,
      cellSlots: footer.cellSlots,
      titles: new SavedTitles(bytes, titleEnds),
      arrays: arrays as unknown as GridArrays,
    };
  } finally {
    await handle.close();
  }
}
