// Reported accessibility barriers.
import { getDb } from "~/utils/db.server";

export function reportBarrier(input: {
  page: string;
  description: string;
  contact: string;
  userId: number | null;
}) {
  getDb()
    .prepare(
      "INSERT INTO barrier_reports (page, description, contact, user_id) VALUES (@page, @description, @contact, @userId)",
    )
    .run(input);
}

export type BarrierReport = {
  id: number;
  page: string;
  description: string;
  contact: string;
  createdAt: string;
};

export function openBarrierReports(): BarrierReport[] {
  return getDb()
    .prepare(
      `SELECT id, page, description, contact, created_at AS createdAt FROM barrier_reports
       WHERE status = 'open' ORDER BY created_at DESC LIMIT 100`,
    )
    .all() as BarrierReport[];
}

export function closeBarrierReport(id: number): boolean {
  return (
    getDb()
      .prepare("UPDATE barrier_reports SET status = 'done' WHERE id = ? AND status = 'open'")
      .run(id).changes === 1
  );
}
