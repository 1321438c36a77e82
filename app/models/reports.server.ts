// Reports (flags) on ideas and comments: one per person and item; moderators settle them (issue 5).
import type { ReportReason } from "~/domain/idea-limits";
import { getDb } from "~/utils/db.server";

export type NewReport = {
  targetType: "idea" | "comment";
  targetId: number;
  reporterId: number;
  reason: ReportReason;
  details: string;
};

/**
 * Stores a report; false when this person already reported this item (nothing changes), "own" when
 * it is their own idea or comment (refused: nobody reports themselves).
 */
export function reportContent(report: NewReport): boolean | "own" {
  const db = getDb();
  return db
    .transaction((): boolean | "own" => {
      const table = report.targetType === "idea" ? "ideas" : "comments";
      const target = db
        .prepare(`SELECT author_id AS authorId FROM ${table} WHERE id = ?`)
        .get(report.targetId) as { authorId: number | null } | undefined;
      if (target && target.authorId === report.reporterId) return "own";
      const result = db
        .prepare(
          `INSERT INTO reports (target_type, target_id, reporter_id, reason, details)
           VALUES (@targetType, @targetId, @reporterId, @reason, @details)
           ON CONFLICT (target_type, target_id, reporter_id) DO NOTHING`,
        )
        .run(report);
      return result.changes === 1;
    })
    .immediate();
}

/** The comments of an idea that this person has reported (the page offers no second report). */
export function reportedCommentIds(userId: number, ideaId: number): number[] {
  return (
    getDb()
      .prepare(
        `SELECT r.target_id AS id FROM reports r JOIN comments c ON c.id = r.target_id
         WHERE r.reporter_id = ? AND r.target_type = 'comment' AND c.idea_id = ?`,
      )
      .all(userId, ideaId) as { id: number }[]
  ).map((r) => r.id);
}
