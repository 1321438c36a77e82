// GET /open-data/ideas.geojson: every visible idea as a GeoJSON FeatureCollection, streamed.
import { ideasGeoJsonStream } from "~/services/open-data.server";

export async function loader() {
  return new Response(ideasGeoJsonStream(), {
    headers: {
      "Content-Type": "application/geo+json; charset=utf-8",
      "Content-Disposition": 'inline; filename="samskapa-boras-ideas.geojson"',
      "Cache-Control": "public, max-age=60",
      "Access-Control-Allow-Origin": "*",
    },
  });
}
