// The answers of /api/map, kept ready (JSON and gzip) for the same question at the same index
// version: a crowd looking at the same views costs one clustering and one compression per write.
import { gzipWhole } from "~/utils/compress.server";

const MAX_ENTRIES = 256;

type Entry = { json: string; gzip?: Uint8Array<ArrayBuffer> };

const state = globalThis as unknown as { __mapAnswerCache?: Map<string, Entry> };
const cache: Map<string, Entry> = (state.__mapAnswerCache ??= new Map());

/** The answer for `key` (which must include the index version), computed once by `make`. */
export function cachedAnswer(
  key: string,
  make: () => unknown,
  gzip: boolean,
): { body: string | Uint8Array<ArrayBuffer>; gzip: boolean } {
  let entry = cache.get(key);
  if (entry) {
    cache.delete(key); // most recently used last
  } else {
    entry = { json: JSON.stringify(make()) };
    if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
  }
  cache.set(key, entry);
  if (!gzip) return { body: entry.json, gzip: false };
  entry.gzip ??= new Uint8Array(gzipWhole(Buffer.from(entry.json)));
  return { body: entry.gzip, gzip: true };
}
