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
