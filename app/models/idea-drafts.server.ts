// A new idea put aside: kept when its writer supports a similar idea instead, so that coming back
// to /ideas/new finds the text as it was (with or without JavaScript). One per person.
import { getDb } from "~/utils/db.server";
import { supportIdea } from "~/models/supports.server";

export type IdeaDraft = {
  title: string;
  body: string;
  focusArea: string;
  lat: number | null;
  lng: number | null;
};

export function ideaDraftFor(userId: number): IdeaDraft | null {
  return (
    (getDb()
      .prepare(
        "SELECT title, body, focus_area AS focusArea, lat, lng FROM idea_drafts WHERE user_id = ?",
      )
      .get(userId) as IdeaDraft | undefined) ?? null
  );
}

export function discardIdeaDraft(userId: number) {
  getDb().prepare("DELETE FROM idea_drafts WHERE user_id = ?").run(userId);
}

/**
 * Supports the other idea and keeps the draft, together: the text is never lost for a support.
 * Returns what supportIdea says ("own" for one's own idea; undefined, and nothing kept, when the
 * idea is not shown).
 */
export function keepDraftAndSupport(userId: number, ideaId: number, draft: IdeaDraft) {
  const db = getDb();
  return db
    .transaction(() => {
      const outcome = supportIdea(userId, ideaId);
      if (outcome === undefined) return outcome; // nothing to support: nothing kept either
      db.prepare(
        `INSERT INTO idea_drafts (user_id, title, body, focus_area, lat, lng) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (user_id) DO UPDATE SET title = excluded.title, body = excluded.body, focus_area = excluded.focus_area,
           lat = excluded.lat, lng = excluded.lng, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')`,
      ).run(userId, draft.title, draft.body, draft.focusArea, draft.lat, draft.lng);
      return outcome;
    })
    .immediate();
}
