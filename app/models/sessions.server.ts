// Sign-in sessions: a random token in the cookie, only its hash in the database, so that sessions
// can be listed and revoked (sign out everywhere, password change, blocked account).
import crypto from "node:crypto";
import type { Role } from "~/models/users.server";
import { getDb } from "~/utils/db.server";
import { env } from "~/utils/env.server";

export const SESSION_DAYS = 30;

export type SessionUser = {
  id: number;
  name: string;
  email: string;
  role: Role;
  sessionHash: string;
  /** false until the address is confirmed: supports and reports are held until then (issue 16) */
  emailConfirmed: boolean;
};

export function hashToken(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}

/** Creates a session and returns the token for the cookie (never stored as such). */
export function createSession(userId: number): string {
  const token = crypto.randomBytes(32).toString("base64url");
  const db = getDb();
  db.transaction(() => {
    // Signing in also clears this person's expired sessions (the hourly sweep clears everyone's).
    db.prepare(
      "DELETE FROM sessions WHERE user_id = ? AND expires_at <= strftime('%Y-%m-%dT%H:%M:%fZ', 'now')",
    ).run(userId);
    db.prepare(
      `INSERT INTO sessions (id, user_id, expires_at)
       VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+${SESSION_DAYS} days'))`,
    ).run(hashToken(token), userId);
  }).immediate();
  return token;
}

/**
 * The signed-in person for a session token, unless the session expired or the account is gone (or,
 * in production, is a demo account: a session made before the switch does not carry over).
 */
export function userForSessionToken(
  token: string,
  options: { demoAccounts?: boolean } = {},
): SessionUser | undefined {
  const demoAccounts = options.demoAccounts ?? !env().isProduction;
  const row = getDb()
    .prepare(
      `SELECT u.id, u.name, u.email, u.role, s.id AS sessionHash,
         u.email_confirmed_at IS NOT NULL AS emailConfirmed
       FROM sessions s JOIN users u ON u.id = s.user_id
       WHERE s.id = ? AND s.expires_at > strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
         AND u.deleted_at IS NULL AND u.blocked_at IS NULL AND (? OR u.is_demo = 0)`,
    )
    .get(hashToken(token), demoAccounts ? 1 : 0) as
    (Omit<SessionUser, "emailConfirmed"> & { emailConfirmed: number }) | undefined;
  return row ? { ...row, emailConfirmed: row.emailConfirmed === 1 } : undefined;
}

export function deleteSession(token: string) {
  getDb().prepare("DELETE FROM sessions WHERE id = ?").run(hashToken(token));
}

export function deleteSessionsOfUser(userId: number, exceptToken?: string) {
  getDb()
    .prepare("DELETE FROM sessions WHERE user_id = ? AND id IS NOT ?")
    .run(userId, exceptToken ? hashToken(exceptToken) : null);
}

/** Deletes every expired session; returns how many. */
export function deleteExpiredSessions(): number {
  return getDb()
    .prepare("DELETE FROM sessions WHERE expires_at <= strftime('%Y-%m-%dT%H:%M:%fZ', 'now')")
    .run().changes;
}

/**
 * Deletes expired sessions now and then every `everyMs` (hourly by default), so that hashes of dead
 * sessions do not pile up for ever. Returns a stop function; the timer does not keep the process alive.
 */
export function startExpiredSessionSweep(
  everyMs = 3_600_000,
  report?: (outcome: { deleted?: number; error?: unknown }) => void,
) {
  const sweep = () => {
    try {
      report?.({ deleted: deleteExpiredSessions() });
    } catch (error) {
      report?.({ error });
    }
  };
  sweep();
  const timer = setInterval(sweep, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
