// Reports (flags) on ideas and comments: one per person and item; moderators settle them (issue 5).
import type { ReportReason } from "~/domain/idea-schemas";
import { getDb } from "~/utils/db.server";

export type NewReport = {
  targetType: "idea" | "comment";
  targetId: number;
  reporterId: number;
  reason: ReportReason;
  details: string;
};

/** Stores a report; false when this person already reported this item (nothing changes). */
export function reportContent(report: NewReport): boolean {
  const result = getDb()
    .prepare(
      `INSERT INTO reports (target_type, target_id, reporter_id, reason, details)
       VALUES (@targetType, @targetId, @reporterId, @reason, @details)
       ON CONFLICT (target_type, target_id, reporter_id) DO NOTHING`,
    )
    .run(report);
  return result.changes === 1;
}
