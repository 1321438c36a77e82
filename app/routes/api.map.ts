// GET /api/map: the ideas in a viewport as GeoJSON, clustered on the server (contract.md).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { parseBBox } from "~/domain/geo";
import { parseIdeaFilter } from "~/domain/idea-filter";
import { cachedAnswer } from "~/services/map-cache.server";
import { ideasInViewport, mapIndexVersion } from "~/services/map-index.server";
import { LIMITS, limitLookupsByAddress } from "~/utils/rate-limit.server";

const badRequest = (parameter: string, message: string) =>
  json({ error: message, parameter }, { status: 400, headers: { "Cache-Control": "no-store" } });

export async function loader({ request, context }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
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
      request,
      "map-search",
      LIMITS.mapSearchesPerAddress,
      context.clientIp,
    );
    if (limited) return limited;
  }

  // The answer depends only on the query and the index's version: revalidating is a cheap 304.
  const etag = `W/"${mapIndexVersion()}-${hashQuery(params)}"`;
  const cacheHeaders = { ETag: etag, "Cache-Control": "public, no-cache" };
  if (request.headers.get("If-None-Match") === etag)
    return new Response(null, { status: 304, headers: cacheHeaders });

  const acceptsGzip = /\bgzip\b/.test(request.headers.get("Accept-Encoding") ?? "");
  const answer = cachedAnswer(
    `${etag}|${params.toString()}`,
    () => ({ type: "FeatureCollection", features: ideasInViewport(parsed.filter, bbox, zoom) }),
    acceptsGzip,
  );
  return new Response(answer.body, {
    headers: {
      ...cacheHeaders,
      "Content-Type": "application/geo+json",
      Vary: "Accept-Encoding",
      // Already compressed here (and cached so): the compression middleware leaves it as it is.
      ...(answer.gzip ? { "Content-Encoding": "gzip" } : {}),
    },
  });
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
