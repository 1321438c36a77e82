// The SQL behind the moderators' suggestions: the visible ideas that are in no group yet, newest
// first. Clustering and scoring happen in services/suggestions.server.ts.
import type { FocusArea } from "~/domain/focus-areas";
import { getDb } from "~/utils/db.server";

export type UngroupedIdea = {
  id: number;
  title: string;
  body: string;
  focusArea: FocusArea;
  lat: number;
  lng: number;
  supports: number;
  createdAt: string;
  updatedAt: string;
};

/** The newest visible ideas without a group (walks the ideas_status_created index). */
export function newestUngroupedVisibleIdeas(limit: number): UngroupedIdea[] {
  return getDb()
    .prepare(
      `SELECT id, title, body, focus_area AS focusArea, lat, lng, supports_count AS supports,
              created_at AS createdAt, updated_at AS updatedAt
       FROM ideas
       WHERE status = 'visible' AND group_id IS NULL
       ORDER BY created_at DESC, id DESC
       LIMIT @limit`,
    )
    .all({ limit }) as UngroupedIdea[];
}

/** How many visible ideas have no group: tells the page when only the newest were considered. */
export function countUngroupedVisibleIdeas(): number {
  const row = getDb()
    .prepare(`SELECT count(*) AS n FROM ideas WHERE status = 'visible' AND group_id IS NULL`)
    .get() as { n: number };
  return row.n;
}
