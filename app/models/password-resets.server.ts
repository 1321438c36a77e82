// One-time password-reset links: the token goes by e-mail, only its hash is stored; an hour to use it.
import crypto from "node:crypto";
import { hashToken } from "~/models/sessions.server";
import { getDb } from "~/utils/db.server";

export const RESET_VALID_MINUTES = 60;

export function createPasswordReset(userId: number): string {
  const token = crypto.randomBytes(32).toString("base64url");
  getDb()
    .prepare(
      `INSERT INTO password_resets (token_hash, user_id, expires_at)
       VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+${RESET_VALID_MINUTES} minutes'))`,
    )
    .run(hashToken(token), userId);
  return token;
}

/** The account a still-valid, unused token belongs to. */
export function userIdForResetToken(token: string): number | undefined {
  const row = getDb()
    .prepare(
      `SELECT r.user_id AS userId FROM password_resets r JOIN users u ON u.id = r.user_id
       WHERE r.token_hash = ? AND r.used_at IS NULL AND r.expires_at > strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
         AND u.deleted_at IS NULL AND u.blocked_at IS NULL`,
    )
    .get(hashToken(token)) as { userId: number } | undefined;
  return row?.userId;
}

/**
 * Uses the token once: sets the new password, ends every session of the account and voids the
 * account's other reset links, all in one transaction. Returns the user id, or null when the
 * token is unknown, used or expired (a replayed link changes nothing).
 */
export function resetPasswordWithToken(token: string, passwordHash: string): number | null {
  const db = getDb();
  return db
    .transaction(() => {
      const userId = userIdForResetToken(token);
      if (userId === undefined) return null;
      const now = "strftime('%Y-%m-%dT%H:%M:%fZ','now')";
      db.prepare(
        `UPDATE password_resets SET used_at = ${now} WHERE user_id = ? AND used_at IS NULL`,
      ).run(userId);
      db.prepare(
        `UPDATE users SET password_hash = ?, password_changed_at = ${now}, updated_at = ${now} WHERE id = ?`,
      ).run(passwordHash, userId);
      db.prepare("DELETE FROM sessions WHERE user_id = ?").run(userId);
      return userId;
    })
    .immediate();
}
