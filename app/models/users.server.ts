// Accounts: the SQL for creating and finding users.
import { getDb } from "~/utils/db.server";

export const ROLES = ["resident", "moderator", "facilitator", "admin"] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

export type UpsertUser = { email: string; name: string; passwordHash: string | null; role: Role; isDemo?: boolean };

/** Creates the account, or updates name, password and role of the one with this e-mail. */
export function upsertUser(user: UpsertUser): { id: number; created: boolean } {
  const db = getDb();
  return db
    .transaction(() => {
      const existing = db.prepare("SELECT id FROM users WHERE email = ?").get(user.email) as
        | { id: number }
        | undefined;
      if (existing) {
        db.prepare(
          `UPDATE users SET name = @name, password_hash = coalesce(@passwordHash, password_hash), role = @role,
             updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = @id`,
        ).run({ ...user, id: existing.id });
        return { id: existing.id, created: false };
      }
      const result = db
        .prepare(
          `INSERT INTO users (email, name, password_hash, role, is_demo)
           VALUES (@email, @name, @passwordHash, @role, @isDemo)`,
        )
        .run({ ...user, isDemo: user.isDemo ? 1 : 0 });
      return { id: Number(result.lastInsertRowid), created: true };
    })
    .immediate();
}

export type LoginUser = { id: number; name: string; passwordHash: string | null };

/** A usable account by e-mail (not deleted, not blocked), with its password hash. */
export function findUserForLogin(email: string): LoginUser | undefined {
  return getDb()
    .prepare(
      `SELECT id, name, password_hash AS passwordHash FROM users
       WHERE email = ? AND deleted_at IS NULL AND blocked_at IS NULL`,
    )
    .get(email.trim()) as LoginUser | undefined;
}

export function findUserIdByEmail(email: string): number | undefined {
  const row = getDb().prepare("SELECT id FROM users WHERE email = ? AND deleted_at IS NULL").get(email.trim()) as
    | { id: number }
    | undefined;
  return row?.id;
}

/** Creates a resident; returns null when the e-mail is taken (the UNIQUE key decides, not a check). */
export function createResident(user: { email: string; name: string; passwordHash: string; locale?: string }) {
  const result = getDb()
    .prepare(
      `INSERT INTO users (email, name, password_hash, role, locale) VALUES (@email, @name, @passwordHash, 'resident', @locale)
       ON CONFLICT(email) DO NOTHING`,
    )
    .run({ ...user, locale: user.locale ?? null });
  return result.changes === 1 ? Number(result.lastInsertRowid) : null;
}

export function setPassword(userId: number, passwordHash: string) {
  getDb()
    .prepare(
      `UPDATE users SET password_hash = ?, password_changed_at = strftime('%Y-%m-%dT%H:%M:%fZ','now'),
         updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?`,
    )
    .run(passwordHash, userId);
}
