// GET /api/map, answered once for two doors: the Remix route (app/routes/api.map.ts) and the
// fast path in server.ts, which serves the same answer before Remix's per-request work (issue 14;
// docs/decisions/010-fast-paths.md). Parameters are checked here, the text search is rate-limited
// per address, the answer is cached per question and index version (ETag → 304).
import { parseBBox } from "~/domain/geo";
import { parseIdeaFilter } from "~/domain/idea-filter";
import { cachedAnswer } from "~/services/map-cache.server";
import { ideasInViewport, mapIndexReady, mapIndexVersion } from "~/services/map-index.server";
import { LIMITS, limitLookupsByAddress } from "~/utils/rate-limit.server";

export type MapQuestion = {
  params: URLSearchParams;
  ifNoneMatch: string | null;
  acceptsGzip: boolean;
  clientIp: string;
  /** the request as a Fetch Request, made only when a message must be translated (429) */
  request: () => Request;
};

export type MapReply = {
  status: number;
  headers: Record<string, string>;
  body: string | Uint8Array<ArrayBuffer> | null;
};

const badRequest = (parameter: string, message: string): MapReply => ({
  status: 400,
  headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" },
  body: JSON.stringify({ error: message, parameter }),
});

export async function answerMapQuestion(question: MapQuestion): Promise<MapReply> {
  const { params } = question;
  const bbox = parseBBox(params.get("bbox"));
  if (!bbox) return badRequest("bbox", "bbox must be W,S,E,N in decimal degrees with W<E and S<N");
  const zoomText = params.get("zoom") ?? "";
  const zoom = Number(zoomText);
  if (zoomText.trim() === "" || !Number.isFinite(zoom) || zoom < 0 || zoom > 22) {
    return badRequest("zoom", "zoom must be a number from 0 to 22");
  }
  const parsed = parseIdeaFilter(params);
  if (!parsed.ok) return badRequest(parsed.parameter, `${parsed.parameter} has an unknown value`);

  if (parsed.filter.q) {
    const limited = await limitLookupsByAddress(
      question.request,
      "map-search",
      LIMITS.mapSearchesPerAddress,
      question.clientIp,
    );
    if (limited) return limited;
  }

  // Right after a start the index may still be building (a slice at a time): wait for it.
  await mapIndexReady();
  // The answer depends only on the query and the index's version: revalidating is a cheap 304.
  const etag = `W/"${mapIndexVersion()}-${hashQuery(params)}"`;
  const cacheHeaders = { ETag: etag, "Cache-Control": "public, no-cache" };
  if (question.ifNoneMatch === etag) return { status: 304, headers: cacheHeaders, body: null };

  const answer = cachedAnswer(
    `${etag}|${params.toString()}`,
    () => ({ type: "FeatureCollection", features: ideasInViewport(parsed.filter, bbox, zoom) }),
    question.acceptsGzip,
  );
  return {
    status: 200,
    headers: {
      ...cacheHeaders,
      "Content-Type": "application/geo+json",
      Vary: "Accept-Encoding",
      // Already compressed here (and cached so): the compression middleware leaves it as it is.
      ...(answer.gzip ? { "Content-Encoding": "gzip" } : {}),
    },
    body: answer.body,
  };
}

/** FNV-1a over the sorted query: a short, stable name for the question asked. */
function hashQuery(params: URLSearchParams): string {
  const text = [...params]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36);
}
