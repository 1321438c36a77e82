// Gzip for the answers Remix gives (pages, JSON, CSV, GeoJSON, the strings script), written by
// sendResponse. A page is read whole and compressed in one call: the `compression` middleware's
// stream (an encoding negotiation, a zlib stream and its thread-pool round trips per answer) cost
// each page ~130 µs of the main thread before a byte was compressed (issue 14: the fixed cost of
// our middleware ≤ 100 µs; docs/profile.md). Past ONE_SHOT_LIMIT_BYTES (a large export) the rest
// streams through zlib as before. The `compression` middleware only streams, so it keeps only the
// build's static files (server.ts). The one-shot gzip reuses one zlib engine (`gzipWhole`).
import type { ServerResponse } from "node:http";
import zlib from "node:zlib";

/** Smaller answers go as they are: gzip's header and the work would outweigh what it saves. */
export const MIN_GZIP_BYTES = 1024;
/** An answer read this far without ending is streamed through zlib from there on. */
export const ONE_SHOT_LIMIT_BYTES = 512 * 1024;

/** Text of any kind (single fetch's `text/x-script` data too) but event streams, JSON, XML, SVG. */
const COMPRESSIBLE_TYPE =
  /^\s*(text\/(?!event-stream\b)[\w.+-]+|application\/([\w.+-]*json|javascript|[\w.+-]*xml)|image\/svg\+xml)\s*(;|$)/i;

/**
 * Whether an Accept-Encoding header takes gzip: named with a weight above zero, or covered by `*`
 * when gzip is not named (RFC 9110 §12.5.3; `gzip;q=0` refuses it).
 */
export function acceptsGzip(header: string | null | undefined): boolean {
  if (!header) return false;
  // Browsers send one of a few headers, each time the same: read once, then looked up (a few
  // dozen kept, so that made-up headers cannot grow it).
  const known = acceptsGzipOf.get(header);
  if (known !== undefined) return known;
  const answer = readAcceptsGzip(header);
  if (acceptsGzipOf.size < 64 && header.length <= 200) acceptsGzipOf.set(header, answer);
  return answer;
}

const acceptsGzipOf = new Map<string, boolean>();

function readAcceptsGzip(header: string): boolean {
  let star = false;
  for (const part of header.split(",")) {
    const [name, ...params] = part.split(";");
    const coding = name.trim().toLowerCase();
    if (coding !== "gzip" && coding !== "x-gzip" && coding !== "*") continue;
    const q = params.map((p) => p.trim().toLowerCase()).find((p) => p.startsWith("q="));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    const takes = Number.isFinite(weight) && weight > 0;
    if (coding === "*") star = takes;
    else return takes;
  }
  return star;
}

/**
 * Whether an answer of this kind is worth compressing (a type that compresses, not yet encoded),
 * from the three headers that say so (sendResponse reads them as it copies the headers).
 */
export function isCompressibleAnswer(
  contentType: string | null | undefined,
  contentEncoding: string | null | undefined,
  cacheControl: string | null | undefined,
): boolean {
  return (
    COMPRESSIBLE_TYPE.test(contentType ?? "") &&
    contentEncoding == null &&
    !/\bno-transform\b/i.test(cacheControl ?? "")
  );
}

/**
 * The zlib engine `gzipWhole` reuses, and the two internals of Node's zlib it drives (the native
 * handle and its state array), which Node's own `zlib.gzipSync` drives the same way
 * (processChunkSync in lib/zlib.js, the same in Node 20 and 22). `gzipSync` builds a new engine
 * for every answer and closes it: a Transform stream's construction and zlib's allocation of its
 * ~256 KB state, ~60 µs of a page's main thread in the profile (issue 14), ~8 µs on its own; a
 * reset engine gives byte for byte the same gzip. Should a Node release change those internals,
 * `reusableEngine` finds them missing and every answer goes through `gzipSync` as before
 * (tests/unit/utils/compress.test.ts checks the reuse on the Node that runs it).
 */
type ZlibInternals = {
  /** public (zlib.md: "zlib.reset()"), missing from the type of Gzip */
  reset(): void;
  _handle?: {
    writeSync(
      flush: number,
      input: Uint8Array,
      inOffset: number,
      inLength: number,
      output: Uint8Array,
      outOffset: number,
      outLength: number,
    ): void;
  } | null;
  _writeState?: Uint32Array;
};
let engine: (zlib.Gzip & ZlibInternals) | null = null;
let engineFailed: Error | null = null;

function reusableEngine() {
  if (engine) {
    engine.reset();
    return engine;
  }
  const made = new zlib.Gzip() as zlib.Gzip & ZlibInternals;
  if (typeof made._handle?.writeSync !== "function" || !(made._writeState instanceof Uint32Array)) {
    made.close();
    return null;
  }
  // A zlib error destroys the engine and is emitted as an 'error' event: listened to (an event
  // with no listener would end the process); the answer is made again with gzipSync and the
  // engine replaced.
  made.on("error", (error: Error) => (engineFailed = error));
  engine = made;
  return engine;
}

/** Whether the one-shot gzip reuses an engine on this Node (false: it uses zlib.gzipSync). */
export function gzipReusesEngine() {
  return reusableEngine() !== null;
}

/**
 * zlib's deflate itself, in a function of its own so that the profile's analysis can tell it from
 * the per-answer work around it (scripts/bench/profile-analysis.ts): it grows with the answer.
 */
function deflatePiece(
  handle: NonNullable<ZlibInternals["_handle"]>,
  input: Uint8Array,
  inOffset: number,
  inLength: number,
  output: Buffer,
) {
  handle.writeSync(zlib.constants.Z_FINISH, input, inOffset, inLength, output, 0, output.length);
}

/**
 * `input` gzipped whole with the reused engine, the same bytes as `zlib.gzipSync(input)`: the
 * first piece of output in `first` (the filled part returned as a view of it), any more in new
 * Buffers. Null when there is no engine to reuse or zlib failed: the caller uses gzipSync.
 */
function gzipInto(input: Uint8Array, first: Buffer): Buffer[] | null {
  const gzip = reusableEngine();
  if (!gzip) return null;
  const handle = gzip._handle!;
  const state = gzip._writeState!;
  const pieces: Buffer[] = [];
  let output = first;
  let inOffset = 0;
  let inLength = input.byteLength;
  for (;;) {
    deflatePiece(handle, input, inOffset, inLength, output);
    // A zlib error closes the engine at once, taking its handle (its 'error' event comes on the
    // next tick).
    if (gzip._handle !== handle || engineFailed) {
      engine = null;
      engineFailed = null;
      return null;
    }
    const outLeft = state[0];
    const inLeft = state[1];
    pieces.push(output.subarray(0, output.length - outLeft));
    inOffset += inLength - inLeft;
    inLength = inLeft;
    if (outLeft !== 0) return pieces; // all of the input taken and the stream finished
    output = Buffer.allocUnsafe(OUTPUT_PIECE_BYTES);
  }
}

const OUTPUT_PIECE_BYTES = 64 * 1024;
let scratch: Buffer | null = null;

/** `zlib.gzipSync(input)` (the default level, the same bytes), without a new engine each time. */
export function gzipWhole(input: Uint8Array): Buffer {
  scratch ??= Buffer.allocUnsafeSlow(OUTPUT_PIECE_BYTES);
  const pieces = gzipInto(input, scratch);
  if (!pieces) return zlib.gzipSync(input);
  pieces[0] = Buffer.from(pieces[0]); // a copy: the scratch is written again
  return pieces.length === 1 ? pieces[0] : Buffer.concat(pieces);
}

/**
 * Output buffers lent to answers being written, given back when the answer is done with them: a
 * Buffer of its own per answer (a copy out of a shared one) cost a page ~10 µs in the profile —
 * fresh memory, whose pages the machine must first map — against well under 1 for the copy itself.
 */
const idleOutputs: Buffer[] = [];
const IDLE_OUTPUTS_KEPT = 32;

/**
 * `input` gzipped for one answer, in a lent buffer: `release` gives it back once the answer no
 * longer needs it (its response's 'close': written, or the client gone).
 */
export function gzipForAnswer(input: Uint8Array): { bytes: Buffer; release: () => void } {
  const lent = idleOutputs.pop() ?? Buffer.allocUnsafeSlow(OUTPUT_PIECE_BYTES);
  const giveBack = () => {
    if (idleOutputs.length < IDLE_OUTPUTS_KEPT) idleOutputs.push(lent);
  };
  const pieces = gzipInto(input, lent);
  if (pieces && pieces.length === 1) return { bytes: pieces[0], release: giveBack };
  const bytes = pieces ? Buffer.concat(pieces) : zlib.gzipSync(input);
  giveBack();
  return { bytes, release: () => {} };
}

/**
 * Bodies made whole (wholeBody), with their bytes: writeGzipped takes them without reading. Kept
 * on globalThis: entry.server (in Remix's build) and sendResponse (in the server's) each bundle
 * their own copy of this module.
 */
const shared = globalThis as unknown as {
  __wholeBodies?: WeakMap<ReadableStream<Uint8Array>, Uint8Array>;
};
const wholeBodies = (shared.__wholeBodies ??= new WeakMap());

/**
 * A body that is all there already (a page rendered whole by entry.server): a stream of its one
 * chunk, as a Response needs, which writeGzipped takes as bytes instead of reading it back through
 * the stream's reader (a reader and two reads, ~10 µs of a page in the profile; issue 14).
 */
export function wholeBody(bytes: Uint8Array): ReadableStream<Uint8Array> {
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
  wholeBodies.set(stream, bytes);
  return stream;
}

/** The whole answer, gzipped when it is at least MIN_GZIP_BYTES. */
function writeWhole(whole: Uint8Array, res: ServerResponse) {
  if (whole.byteLength < MIN_GZIP_BYTES) {
    res.setHeader("Content-Length", whole.byteLength);
    res.end(whole);
    return;
  }
  const gzipped = gzipForAnswer(whole);
  res.setHeader("Content-Encoding", "gzip");
  res.setHeader("Content-Length", gzipped.bytes.length);
  res.end(gzipped.bytes);
  // Nothing left to write: the system took the bytes (a copy) as the answer ended, which it mostly
  // does; its buffer can serve another answer at once. Otherwise they are the system's before
  // 'close' (after 'finish'; or the client went away and they are dropped).
  if (res.writableLength === 0) gzipped.release();
  else res.once("close", gzipped.release);
}

/**
 * Writes `body` to `res`, gzipped when it is at least MIN_GZIP_BYTES. The status and the other
 * headers are set already; this sets Content-Encoding and Content-Length (or leaves the length out
 * when it streams).
 */
export async function writeGzipped(body: ReadableStream<Uint8Array>, res: ServerResponse) {
  const known = wholeBodies.get(body);
  if (known) return writeWhole(known, res);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done)
      return writeWhole(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, length), res);
    chunks.push(value);
    length += value.byteLength;
    if (length > ONE_SHOT_LIMIT_BYTES) break;
  }
  // A large answer: what was read, then the rest as it comes, through one gzip stream.
  res.setHeader("Content-Encoding", "gzip");
  res.removeHeader("Content-Length");
  const gzip = zlib.createGzip();
  gzip.pipe(res);
  const closed = new Promise<void>((resolve) => res.once("close", resolve));
  const write = async (chunk: Uint8Array) => {
    if (!gzip.write(chunk)) {
      await Promise.race([new Promise((resolve) => gzip.once("drain", resolve)), closed]);
    }
  };
  try {
    for (const chunk of chunks) await write(chunk);
    for (;;) {
      if (res.destroyed) {
        await reader.cancel();
        break;
      }
      const { done, value } = await reader.read();
      if (done) break;
      await write(value);
    }
  } finally {
    gzip.end();
  }
}
