// GET /open-data/groups.geojson: each co-creation group as a MultiPoint of its ideas' places,
// with its stage and latest public message.
import { openGroups } from "~/models/open-data.server";

export async function loader() {
  const features = openGroups().map((g) => {
    const points = JSON.parse(g.points) as [number, number][];
    return {
      type: "Feature",
      id: g.id,
      // A group without visible ideas has no place yet.
      geometry: points.length ? { type: "MultiPoint", coordinates: points } : null,
      properties: {
        id: g.id,
        title: g.title,
        summary: g.summary,
        focus_area: g.focusArea,
        stage: g.stage,
        idea_ids: (JSON.parse(g.ideaIds) as number[]).join(","),
        latest_message: g.latestMessage,
        latest_message_at: g.latestMessageAt,
      },
    };
  });
  return new Response(
    JSON.stringify({ type: "FeatureCollection", name: "samskapa_boras_groups", features }),
    {
      headers: {
        "Content-Type": "application/geo+json; charset=utf-8",
        "Content-Disposition": 'inline; filename="samskapa-boras-groups.geojson"',
        "Cache-Control": "public, max-age=60",
        "Access-Control-Allow-Origin": "*",
      },
    },
  );
}
