// Gzip for the answers Remix gives (pages, JSON, CSV, GeoJSON, the strings script), written by
// sendResponse. A page is read whole and compressed in one call: the `compression` middleware's
// stream (an encoding negotiation, a zlib stream and its thread-pool round trips per answer) cost
// each page ~130 µs of the main thread before a byte was compressed (issue 14: the fixed cost of
// our middleware ≤ 100 µs; docs/profile.md), a one-shot gzip ~10 µs. Past ONE_SHOT_LIMIT_BYTES
// (a large export) the rest streams through zlib as before. The `compression` middleware only
// streams, so it keeps only the build's static files (server.ts).
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

/** Whether an answer of this kind is worth compressing (a type that compresses, not yet encoded). */
export function isCompressible(headers: Headers): boolean {
  return (
    COMPRESSIBLE_TYPE.test(headers.get("Content-Type") ?? "") &&
    !headers.has("Content-Encoding") &&
    !/\bno-transform\b/i.test(headers.get("Cache-Control") ?? "")
  );
}

/**
 * Writes `body` to `res`, gzipped when it is at least MIN_GZIP_BYTES. The status and the other
 * headers are set already; this sets Content-Encoding and Content-Length (or leaves the length out
 * when it streams).
 */
export async function writeGzipped(body: ReadableStream<Uint8Array>, res: ServerResponse) {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) {
      const whole = Buffer.concat(chunks, length);
      if (length < MIN_GZIP_BYTES) {
        res.setHeader("Content-Length", length);
        res.end(whole);
        return;
      }
      const gzipped = zlib.gzipSync(whole);
      res.setHeader("Content-Encoding", "gzip");
      res.setHeader("Content-Length", gzipped.length);
      res.end(gzipped);
      return;
    }
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
