// The e-mail outbox: requests add rows, the worker in services/mail-outbox.server.ts sends them.
// Times are ISO strings in UTC (the format of strftime('%Y-%m-%dT%H:%M:%fZ')), so they compare as text.
import type { Mail } from "~/utils/mailer.server";
import { getDb } from "~/utils/db.server";

export type QueuedMail = Mail & { id: number; attempts: number };
export type OutboxRow = {
  id: number;
  to: string;
  subject: string;
  text: string;
  status: "pending" | "sent" | "failed";
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
};

/** Queues messages to be sent as soon as the worker gets to them; returns how many. */
export function enqueueMails(mails: readonly Mail[]): number {
  const db = getDb();
  const insert = db.prepare("INSERT INTO mail_outbox (to_address, subject, body) VALUES (?, ?, ?)");
  return db
    .transaction(() => {
      for (const mail of mails) insert.run(mail.to, mail.subject, mail.text);
      return mails.length;
    })
    .immediate();
}

/**
 * Queues one message for each of these accounts that still has an address and wants e-mail
 * (not deleted, not blocked, notifications on); returns how many were queued.
 */
export function enqueueMailToUsers(
  userIds: readonly number[],
  subject: string,
  text: string,
): number {
  if (userIds.length === 0) return 0;
  const db = getDb();
  return db
    .transaction(
      () =>
        db
          .prepare(
            `INSERT INTO mail_outbox (to_address, subject, body)
             SELECT email, ?, ? FROM users
             WHERE id IN (SELECT DISTINCT value FROM json_each(?))
               AND email IS NOT NULL AND email_confirmed_at IS NOT NULL AND deleted_at IS NULL
               AND blocked_at IS NULL AND email_notifications = 1
             ORDER BY id`,
          )
          .run(subject, text, JSON.stringify(userIds)).changes,
    )
    .immediate();
}

/** Pending messages whose time has come, oldest first. */
export function dueMails(now: Date, limit: number): QueuedMail[] {
  return getDb()
    .prepare(
      `SELECT id, to_address AS "to", subject, body AS text, attempts FROM mail_outbox
       WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?`,
    )
    .all(now.toISOString(), limit) as QueuedMail[];
}

// A finished row keeps its history but not the message: a reset link or the address of an
// account deleted since stays no longer than it takes to send.
const FINISH = `to_address = '', subject = '', body = '', attempts = attempts + 1,
  finished_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`;

export function markMailSent(id: number) {
  const db = getDb();
  db.transaction(() =>
    db
      .prepare(
        `UPDATE mail_outbox SET status = 'sent', ${FINISH} WHERE id = ? AND status = 'pending'`,
      )
      .run(id),
  ).immediate();
}

export function markMailFailed(id: number, error: string) {
  const db = getDb();
  db.transaction(() =>
    db
      .prepare(
        `UPDATE mail_outbox SET status = 'failed', last_error = ?, ${FINISH} WHERE id = ? AND status = 'pending'`,
      )
      .run(error.slice(0, 1000), id),
  ).immediate();
}

/** One more failed attempt; the next one not before `nextAttemptAt`. */
export function markMailRetry(id: number, error: string, nextAttemptAt: Date) {
  const db = getDb();
  db.transaction(() =>
    db
      .prepare(
        `UPDATE mail_outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?
         WHERE id = ? AND status = 'pending'`,
      )
      .run(error.slice(0, 1000), nextAttemptAt.toISOString(), id),
  ).immediate();
}

/** For tests and diagnostics: every row, oldest first. */
export function outboxRows(): OutboxRow[] {
  return getDb()
    .prepare(
      `SELECT id, to_address AS "to", subject, body AS text, status, attempts,
              next_attempt_at AS nextAttemptAt, last_error AS lastError
       FROM mail_outbox ORDER BY id`,
    )
    .all() as OutboxRow[];
}
