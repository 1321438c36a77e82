// Accounts: the SQL for creating and finding users.
import { logAction } from "~/models/audit.server";
import { getDb } from "~/utils/db.server";
import { env } from "~/utils/env.server";

import type { Role } from "~/domain/roles";

export { ROLES, isRole, type Role } from "~/domain/roles";

export type UpsertUser = {
  email: string;
  name: string;
  passwordHash: string | null;
  role: Role;
  isDemo?: boolean;
};

/**
 * Creates the account, or updates name, password and role of the one with this e-mail. Either way
 * the address counts as confirmed: whoever runs `npm run user:create` vouches for it.
 */
export function upsertUser(user: UpsertUser): { id: number; created: boolean } {
  const db = getDb();
  return db
    .transaction(() => {
      const existing = db.prepare("SELECT id FROM users WHERE email = ?").get(user.email) as
        { id: number } | undefined;
      if (existing) {
        db.prepare(
          `UPDATE users SET name = @name, password_hash = coalesce(@passwordHash, password_hash), role = @role,
             email_confirmed_at = coalesce(email_confirmed_at, strftime('%Y-%m-%dT%H:%M:%fZ','now')),
             updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = @id`,
        ).run({ ...user, id: existing.id });
        return { id: existing.id, created: false };
      }
      const result = db
        .prepare(
          `INSERT INTO users (email, name, password_hash, role, is_demo, email_confirmed_at)
           VALUES (@email, @name, @passwordHash, @role, @isDemo, strftime('%Y-%m-%dT%H:%M:%fZ','now'))`,
        )
        .run({ ...user, isDemo: user.isDemo ? 1 : 0 });
      return { id: Number(result.lastInsertRowid), created: true };
    })
    .immediate();
}

export type LoginUser = { id: number; name: string; passwordHash: string | null };

/**
 * A usable account by e-mail (not deleted, not blocked), with its password hash. In production the
 * demo accounts (whose password is public) are never found, so signing in as one gets the same
 * answer as an unknown e-mail.
 */
export function findUserForLogin(
  email: string,
  options: { demoAccounts?: boolean } = {},
): LoginUser | undefined {
  const demoAccounts = options.demoAccounts ?? !env().isProduction;
  return getDb()
    .prepare(
      `SELECT id, name, password_hash AS passwordHash FROM users
       WHERE email = ? AND deleted_at IS NULL AND blocked_at IS NULL AND (? OR is_demo = 0)`,
    )
    .get(email.trim(), demoAccounts ? 1 : 0) as LoginUser | undefined;
}

export function findUserIdByEmail(email: string): number | undefined {
  const row = getDb()
    .prepare("SELECT id FROM users WHERE email = ? AND deleted_at IS NULL")
    .get(email.trim()) as { id: number } | undefined;
  return row?.id;
}

/**
 * Creates a resident; returns null when the e-mail is taken (the UNIQUE key decides, not a check).
 * The address is unconfirmed until the mailed link is followed: supports and reports are held.
 */
export function createResident(user: {
  email: string;
  name: string;
  passwordHash: string;
  locale?: string;
}) {
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

export type UserRow = {
  id: number;
  name: string | null;
  email: string | null;
  role: Role;
  blockedAt: string | null;
  createdAt: string;
};

/** Accounts for the admin page (not deleted), optionally matching a name or e-mail. */
export function listUsers(q: string, limit = 100): UserRow[] {
  const like = `%${q.trim().replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
  return getDb()
    .prepare(
      `SELECT id, name, email, role, blocked_at AS blockedAt, created_at AS createdAt FROM users
       WHERE deleted_at IS NULL AND (@q = '' OR name LIKE @like ESCAPE '\\' OR email LIKE @like ESCAPE '\\')
       ORDER BY role <> 'resident' DESC, created_at DESC LIMIT @limit`,
    )
    .all({ q: q.trim(), like, limit }) as UserRow[];
}

/** Changes a role; false for an unknown or deleted account. */
export function setRole(userId: number, role: Role, actorId: number): boolean {
  const db = getDb();
  return db
    .transaction(() => {
      const result = db
        .prepare(
          "UPDATE users SET role = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ? AND deleted_at IS NULL",
        )
        .run(role, userId);
      if (result.changes === 1)
        logAction({
          actorId,
          action: "user.role",
          targetType: "user",
          targetId: userId,
          details: { role },
        });
      return result.changes === 1;
    })
    .immediate();
}

/** Blocks an account (it can no longer sign in, and is signed out everywhere), or unblocks it. */
export function setBlocked(userId: number, blocked: boolean, actorId: number): boolean {
  const db = getDb();
  return db
    .transaction(() => {
      const result = db
        .prepare(
          `UPDATE users SET blocked_at = ${blocked ? "strftime('%Y-%m-%dT%H:%M:%fZ','now')" : "NULL"} WHERE id = ? AND deleted_at IS NULL`,
        )
        .run(userId);
      if (result.changes !== 1) return false;
      if (blocked) db.prepare("DELETE FROM sessions WHERE user_id = ?").run(userId);
      logAction({
        actorId,
        action: blocked ? "user.block" : "user.unblock",
        targetType: "user",
        targetId: userId,
      });
      return true;
    })
    .immediate();
}

export function setEmailNotifications(userId: number, on: boolean) {
  getDb()
    .prepare("UPDATE users SET email_notifications = ? WHERE id = ?")
    .run(on ? 1 : 0, userId);
}

export function emailNotificationsOn(userId: number): boolean {
  const row = getDb()
    .prepare("SELECT email_notifications AS on_ FROM users WHERE id = ?")
    .get(userId) as { on_: number } | undefined;
  return row?.on_ === 1;
}
