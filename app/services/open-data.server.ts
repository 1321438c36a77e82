// Streams open data as CSV and GeoJSON, page by page (see models/open-data.server.ts).
import { ACTION_COLUMNS, actionArea, actionGeometry } from "~/domain/actions";
import { csvRow, toCsv } from "~/domain/csv";
import { IDEA_COLUMNS } from "~/domain/open-data";
import { openActions } from "~/models/actions.server";
import { openIdeasAfter, type OpenIdea } from "~/models/open-data.server";

function pagedStream(
  render: (page: OpenIdea[], first: boolean) => string,
  opening: string,
  closing: string,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let afterId = 0;
  let first = true;
  let done = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(opening));
    },
    // One page per pull: the consumer's pace decides how fast we read.
    pull(controller) {
      if (done) return;
      const page = openIdeasAfter(afterId);
      if (page.length === 0) {
        done = true;
        controller.enqueue(encoder.encode(closing));
        controller.close();
        return;
      }
      controller.enqueue(encoder.encode(render(page, first)));
      first = false;
      afterId = page[page.length - 1].id;
    },
  });
}

export function ideasCsvStream() {
  return pagedStream(
    (page) =>
      page
        .map((i) =>
          csvRow([
            i.id,
            i.title,
            i.body,
            i.focusArea,
            i.lat,
            i.lng,
            i.supports,
            i.comments,
            i.groupId,
            i.stage,
            i.createdAt,
          ]),
        )
        .join(""),
    // A byte-order mark lets spreadsheet programs read the UTF-8 (å, ä, ö) right.
    "\uFEFF" + csvRow(IDEA_COLUMNS),
    "",
  );
}

export function ideasGeoJsonStream() {
  return pagedStream(
    (page, first) =>
      (first ? "" : ",\n") +
      page
        .map((i) =>
          JSON.stringify({
            type: "Feature",
            id: i.id,
            geometry: { type: "Point", coordinates: [i.lng, i.lat] },
            properties: {
              id: i.id,
              title: i.title,
              body: i.body,
              focus_area: i.focusArea,
              supports: i.supports,
              comments: i.comments,
              group_id: i.groupId,
              stage: i.stage,
              created_at: i.createdAt,
            },
          }),
        )
        .join(",\n"),
    '{"type":"FeatureCollection","name":"samskapa_boras_ideas","features":[\n',
    "\n]}\n",
  );
}

/** Every action as CSV rows (the portfolio is small: one query, no paging). */
export function actionsCsv(): string {
  const rows = openActions().map((a) => [
    a.id,
    a.title,
    a.focusArea,
    a.partner,
    a.status,
    a.progress,
    a.co2eTonnesPerYear,
    a.budgetSek,
    a.startDate,
    a.endDate,
    a.lat,
    a.lng,
    (JSON.parse(a.ideaIds) as number[]).join(","),
    a.updatedAt,
  ]);
  return "\uFEFF" + toCsv(ACTION_COLUMNS, rows);
}

/**
 * Every action as a GeoJSON FeatureCollection: the CSV's columns and the action's area (its id and
 * name, or null). The geometry is the action's point, else its area's (the municipality's outline,
 * or a district's or village's point), else null.
 */
export function actionsGeoJson(): string {
  const features = openActions().map((a) => ({
    type: "Feature",
    id: a.id,
    geometry: actionGeometry(a),
    properties: {
      id: a.id,
      title: a.title,
      focus_area: a.focusArea,
      partner: a.partner,
      status: a.status,
      progress: a.progress,
      co2e_tonnes_per_year: a.co2eTonnesPerYear,
      budget_sek: a.budgetSek,
      start_date: a.startDate,
      end_date: a.endDate,
      lat: a.lat,
      lng: a.lng,
      idea_ids: (JSON.parse(a.ideaIds) as number[]).join(","),
      updated_at: a.updatedAt,
      area: a.area,
      area_name: a.area ? (actionArea(a.area)?.name ?? null) : null,
    },
  }));
  return JSON.stringify({ type: "FeatureCollection", name: "samskapa_boras_actions", features });
}
