// Whether the database can be read and written (for /healthz).
import { getDb } from "~/utils/db.server";

export function databaseIsHealthy(): boolean {
  const db = getDb();
  db.prepare(
    `INSERT INTO health_check (id, checked_at) VALUES (1, strftime('%Y-%m-%dT%H:%M:%fZ','now'))
     ON CONFLICT(id) DO UPDATE SET checked_at = excluded.checked_at`,
  ).run();
  db.prepare("SELECT 1 FROM ideas LIMIT 1").get();
  return true;
}
