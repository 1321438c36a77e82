// Small builders for model tests (each test file has its own in-memory database).
import { getDb } from "~/utils/db.server";

let counter = 0;

/**
 * An account with a confirmed address, joined two days ago (so that its reports count), unless
 * `confirmed: false` (a fresh /join whose link is not followed yet) or `createdAt` says otherwise.
 */
export function makeUser(
  overrides: {
    name?: string;
    email?: string;
    role?: string;
    confirmed?: boolean;
    createdAt?: string;
  } = {},
): number {
  counter += 1;
  const createdAt = overrides.createdAt ?? new Date(Date.now() - 2 * 86_400_000).toISOString();
  return Number(
    getDb()
      .prepare(
        `INSERT INTO users (email, name, role, password_hash, created_at, email_confirmed_at)
         VALUES (?, ?, ?, NULL, ?, ?)`,
      )
      .run(
        overrides.email ?? `person${counter}@example.se`,
        overrides.name ?? `Person ${counter}`,
        overrides.role ?? "resident",
        createdAt,
        overrides.confirmed === false ? null : createdAt,
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
