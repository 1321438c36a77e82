// GET /api/map, answered once for two doors: the Remix route (app/routes/api.map.ts) and the
// fast path in server.ts, which serves the same answer before Remix's per-request work (issue 14;
// docs/decisions/010-fast-paths.md). Parameters are checked here, the text search is rate-limited
// per address, the answer is cached per question and index version (ETag → 304).
// With list=1 (and the list's sort, page, near and lang) the answer also carries the list beside the
// map for the same box, so that a pan costs one request (issue 14); that answer is made afresh.
import { parseBBox, type BBox } from "~/domain/geo";
import { parseIdeaFilter, type ParsedIdeaFilter } from "~/domain/idea-filter";
import { ideaListPage, parseListParams, type ListParams } from "~/services/idea-list.server";
import { cachedAnswer } from "~/services/map-cache.server";
import { ideasInViewport, mapIndexReady, mapIndexVersion } from "~/services/map-index.server";
import { isLanguage, type Language } from "~/utils/i18n";
import { LIMITS, limitLookupsByAddress } from "~/utils/rate-limit.server";
import { gzipWhole } from "~/utils/compress.server";

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
  const listText = params.get("list");
  let list: (ListParams & { language: Language }) | null = null;
  if (listText !== null) {
    if (listText !== "1") return badRequest("list", "list must be 1 when given");
    const { list: listParams, invalid } = parseListParams(params);
    if (invalid) return badRequest(invalid, `${invalid} has an unknown value`);
    const language = params.get("lang") ?? "sv";
    if (!isLanguage(language)) return badRequest("lang", "lang must be sv, en, fi or ar");
    list = { ...listParams, language };
  }

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
  if (list) return mapAnswerWithList(params, parsed.filter, bbox, zoom, list, question.acceptsGzip);
  // The answer depends only on the query and the index's version: revalidating is a cheap 304.
  const etag = answerETag(params);
  const cacheHeaders = { ETag: etag, "Cache-Control": "public, no-cache" };
  if (question.ifNoneMatch === etag) return { status: 304, headers: cacheHeaders, body: null };

  const answer = cachedAnswer(
    `${etag}|${params.toString()}`,
    () => featureCollection(parsed.filter, bbox, zoom),
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

function featureCollection(filter: ParsedIdeaFilter, bbox: BBox, zoom: number) {
  return { type: "FeatureCollection", features: ideasInViewport(filter, bbox, zoom) };
}

const LIST_PARAMS = ["list", "sort", "page", "near", "lang"];

/**
 * The map's answer with the list beside it as a foreign member (`list`, GeoJSON allows it). The
 * features come from the same cache as the map's own question; the list is read afresh (comment
 * counts and the like change without the map index), so the answer has no ETag and is not kept.
 */
function mapAnswerWithList(
  params: URLSearchParams,
  filter: ParsedIdeaFilter,
  bbox: BBox,
  zoom: number,
  list: ListParams & { language: Language },
  acceptsGzip: boolean,
): MapReply {
  const mapParams = new URLSearchParams(params);
  for (const name of LIST_PARAMS) mapParams.delete(name);
  const etag = answerETag(mapParams);
  const features = cachedAnswer(
    `${etag}|${mapParams.toString()}`,
    () => featureCollection(filter, bbox, zoom),
    false,
  ).body as string;
  const listPage = ideaListPage(filter, {
    bbox,
    sort: list.sort ?? "supports",
    page: list.page,
    near: list.near,
    language: list.language,
  });
  // The cached text is one JSON object: the list joins it before its closing brace.
  const json = `${features.slice(0, -1)},"list":${JSON.stringify(listPage)}}`;
  return {
    status: 200,
    headers: {
      "Content-Type": "application/geo+json",
      "Cache-Control": "no-store",
      Vary: "Accept-Encoding",
      ...(acceptsGzip ? { "Content-Encoding": "gzip" } : {}),
    },
    body: acceptsGzip ? new Uint8Array(gzipWhole(Buffer.from(json))) : json,
  };
}

/**
 * The index's version counts from 0 again in each process: the process's start is in the ETag too,
 * so that an answer from before a restart (data changed meanwhile, or clusters named otherwise by
 * an older server) is never confirmed by a 304.
 */
const PROCESS_START = Date.now().toString(36);

function answerETag(params: URLSearchParams) {
  return `W/"${PROCESS_START}-${mapIndexVersion()}-${hashQuery(params)}"`;
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
