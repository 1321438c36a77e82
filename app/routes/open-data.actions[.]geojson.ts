// GET /open-data/actions.geojson: the portfolio as GeoJSON (an action's point, else its area's
// geometry, else null).
import { actionsGeoJson } from "~/services/open-data.server";

export async function loader() {
  return new Response(actionsGeoJson(), {
    headers: {
      "Content-Type": "application/geo+json; charset=utf-8",
      "Content-Disposition": 'inline; filename="samskapa-boras-actions.geojson"',
      "Cache-Control": "public, max-age=60",
      "Access-Control-Allow-Origin": "*",
    },
  });
}
