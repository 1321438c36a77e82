// Small builders for model tests (each test file has its own in-memory database).
import { getDb } from "~/utils/db.server";

let counter = 0;

export function makeUser(overrides: { name?: string; email?: string; role?: string } = {}): number {
  counter += 1;
  return Number(
    getDb()
      .prepare("INSERT INTO users (email, name, role, password_hash) VALUES (?, ?, ?, NULL)")
      .run(
        overrides.email ?? `person${counter}@example.se`,
        overrides.name ?? `Person ${counter}`,
        overrides.role ?? "resident",
      ).lastInsertRowid,
  );
}

export function makeIdea(
  authorId: number | null,
  overrides: { title?: string; lat?: number; lng?: number; status?: string } = {},
): number {
  counter += 1;
  return Number(
    getDb()
      .prepare(
        `INSERT INTO ideas (title, body, focus_area, lat, lng, author_id, status)
         VALUES (?, 'En idé för ett klimatneutralt Borås.', 'mobility', ?, ?, ?, ?)`,
      )
      .run(
        overrides.title ?? `Idé nummer ${counter}`,
        overrides.lat ?? 57.721,
        overrides.lng ?? 12.94,
        authorId,
        overrides.status ?? "visible",
      ).lastInsertRowid,
  );
}
