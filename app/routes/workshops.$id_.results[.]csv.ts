// GET /workshops/:id/results.csv: the workshop's ideas with their dots (RFC 4180, UTF-8 with a
// byte-order mark like the open-data CSV, so that Excel in Swedish reads å, ä and ö).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { toCsv } from "~/domain/csv";
import { workshopResults } from "~/models/workshops.server";
import { requireWorkshopFacilitator } from "~/utils/workshop.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { workshop } = await requireWorkshopFacilitator(request, params);
  const rows = workshopResults(workshop.id).map((r) => [
    r.id,
    r.title,
    r.body,
    r.focusArea,
    r.lat,
    r.lng,
    r.dots,
    r.status,
    r.createdAt,
  ]);
  const csv = toCsv(
    ["id", "title", "body", "focus_area", "lat", "lng", "dots", "status", "created_at"],
    rows,
  );
  return new Response(`\uFEFF${csv}`, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="workshop-${workshop.code}-results.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
