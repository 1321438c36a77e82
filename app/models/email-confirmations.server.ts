// Confirming an e-mail address (issue 16): a one-time link, only its hash stored, 48 hours to use
// it. Until an account is confirmed its supports and reports are held: stored, shown to the person
// as pending, counted nowhere (the supports_count triggers in 0014 and hideIfReportedEnough read
// users.email_confirmed_at). Confirming counts them in the same transaction.
import crypto from "node:crypto";
import { hashToken } from "~/models/sessions.server";
import { getDb } from "~/utils/db.server";

export const CONFIRM_VALID_HOURS = 48;

const NOW = "strftime('%Y-%m-%dT%H:%M:%fZ','now')";

/** A new link for this account (earlier unused ones stay valid until they expire). */
export function createEmailConfirmation(userId: number): string {
  const token = crypto.randomBytes(32).toString("base64url");
  getDb()
    .prepare(
      `INSERT INTO email_confirmations (token_hash, user_id, expires_at)
       VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+${CONFIRM_VALID_HOURS} hours'))`,
    )
    .run(hashToken(token), userId);
  return token;
}

export type ConfirmLinkState = "valid" | "used" | "expired" | "unknown";

/** What a link is worth now: still usable, already used, expired, or never ours. */
export function confirmLinkState(token: string): ConfirmLinkState {
  if (token.length === 0 || token.length > 200) return "unknown";
  const row = getDb()
    .prepare(
      `SELECT c.used_at IS NOT NULL AS used, c.expires_at <= ${NOW} AS expired,
         u.email_confirmed_at IS NOT NULL AS confirmed
       FROM email_confirmations c JOIN users u ON u.id = c.user_id
       WHERE c.token_hash = ? AND u.deleted_at IS NULL AND u.blocked_at IS NULL`,
    )
    .get(hashToken(token)) as { used: number; expired: number; confirmed: number } | undefined;
  if (!row) return "unknown";
  if (row.used || row.confirmed) return "used";
  if (row.expired) return "expired";
  return "valid";
}

export type ConfirmOutcome =
  | {
      ok: true;
      userId: number;
      /** the ideas whose counts now include this person's supports */
      supportedIdeaIds: number[];
      /** what this person reported that is still open (their reports count from now on) */
      reported: { targetType: "idea" | "comment"; targetId: number }[];
    }
  | { ok: false; reason: Exclude<ConfirmLinkState, "valid"> };

/**
 * Uses the link once: the address is confirmed, every link of the account is spent, and its held
 * supports count (the 0014 trigger on users updates supports_count in this same transaction).
 * A replayed, expired or unknown link changes nothing.
 */
export function confirmEmailWithToken(token: string): ConfirmOutcome {
  const db = getDb();
  return db
    .transaction((): ConfirmOutcome => {
      const state = confirmLinkState(token);
      if (state !== "valid") return { ok: false, reason: state };
      const { userId } = db
        .prepare("SELECT user_id AS userId FROM email_confirmations WHERE token_hash = ?")
        .get(hashToken(token)) as { userId: number };
      db.prepare(
        `UPDATE email_confirmations SET used_at = ${NOW} WHERE user_id = ? AND used_at IS NULL`,
      ).run(userId);
      db.prepare(
        `UPDATE users SET email_confirmed_at = ${NOW}, updated_at = ${NOW}
         WHERE id = ? AND email_confirmed_at IS NULL`,
      ).run(userId);
      const supportedIdeaIds = (
        db.prepare("SELECT idea_id AS id FROM supports WHERE user_id = ?").all(userId) as {
          id: number;
        }[]
      ).map((r) => r.id);
      const reported = db
        .prepare(
          `SELECT target_type AS targetType, target_id AS targetId FROM reports
           WHERE reporter_id = ? AND status = 'open'`,
        )
        .all(userId) as { targetType: "idea" | "comment"; targetId: number }[];
      return { ok: true, userId, supportedIdeaIds, reported };
    })
    .immediate();
}

/** Whether this account's supports and reports count. */
export function emailConfirmed(userId: number): boolean {
  const row = getDb()
    .prepare("SELECT email_confirmed_at IS NOT NULL AS confirmed FROM users WHERE id = ?")
    .get(userId) as { confirmed: number } | undefined;
  return row?.confirmed === 1;
}

/** An account that still waits for its address to be confirmed, by e-mail (for a new link). */
export function unconfirmedAccountByEmail(
  email: string,
): { id: number; email: string; locale: string | null } | undefined {
  return getDb()
    .prepare(
      `SELECT id, email, locale FROM users
       WHERE email = ? AND email_confirmed_at IS NULL AND deleted_at IS NULL AND blocked_at IS NULL`,
    )
    .get(email.trim()) as { id: number; email: string; locale: string | null } | undefined;
}
