// GET /api/map: the ideas in a viewport as GeoJSON, clustered on the server (contract.md).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { parseBBox } from "~/domain/geo";
import { parseIdeaFilter } from "~/domain/idea-filter";
import { ideasInViewport } from "~/services/map-index.server";

const badRequest = (parameter: string, message: string) =>
  json({ error: message, parameter }, { status: 400, headers: { "Cache-Control": "no-store" } });

export async function loader({ request }: LoaderFunctionArgs) {
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

  const features = ideasInViewport(parsed.filter, bbox, zoom);
  return json(
    { type: "FeatureCollection", features },
    { headers: { "Cache-Control": "public, max-age=5", "Content-Type": "application/geo+json" } },
  );
}
