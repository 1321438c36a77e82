// A person's own data: what they wrote, supported, follow and were told; the export and deletion.
import { getDb } from "~/utils/db.server";

export type MyIdea = {
  id: number;
  title: string;
  status: string;
  hiddenReason: string | null;
  supports: number;
  comments: number;
  createdAt: string;
};
export type IdeaRef = { id: number; title: string; at: string };
export type MyComment = {
  id: number;
  ideaId: number;
  ideaTitle: string;
  body: string;
  status: string;
  createdAt: string;
};
export type { NotificationView as MyNotification } from "~/models/notifications.server";

export function myActivity(userId: number) {
  const db = getDb();
  return {
    ideas: db
      .prepare(
        `SELECT id, title, status, hidden_reason AS hiddenReason, supports_count AS supports,
           comments_count AS comments, created_at AS createdAt
         FROM ideas WHERE author_id = ? ORDER BY created_at DESC`,
      )
      .all(userId) as MyIdea[],
    supports: db
      .prepare(
        `SELECT i.id, i.title, s.created_at AS at FROM supports s JOIN ideas i ON i.id = s.idea_id
         WHERE s.user_id = ? AND i.status = 'visible' ORDER BY s.created_at DESC`,
      )
      .all(userId) as IdeaRef[],
    follows: db
      .prepare(
        `SELECT i.id, i.title, f.created_at AS at FROM follows f JOIN ideas i ON i.id = f.idea_id
         WHERE f.user_id = ? AND i.status = 'visible' ORDER BY f.created_at DESC`,
      )
      .all(userId) as IdeaRef[],
    comments: db
      .prepare(
        `SELECT c.id, c.idea_id AS ideaId, i.title AS ideaTitle, c.body, c.status, c.created_at AS createdAt
         FROM comments c JOIN ideas i ON i.id = c.idea_id
         WHERE c.author_id = ? AND c.status <> 'deleted' AND i.status = 'visible' ORDER BY c.created_at DESC`,
      )
      .all(userId) as MyComment[],
  };
}

// The list lives with the other notification queries; these names stay for older callers.
export {
  markAllNotificationsRead as markNotificationsRead,
  notificationsFor,
} from "~/models/notifications.server";

export type EmailFrequency = "instant" | "daily";
/** What /me offers about e-mail: all of it on or off, each kind, at once or once a day. */
export type EmailSettings = {
  on: boolean;
  comments: boolean;
  replies: boolean;
  followed: boolean;
  updates: boolean;
  frequency: EmailFrequency;
};

export function emailSettings(userId: number): EmailSettings {
  const row = getDb()
    .prepare(
      `SELECT email_notifications AS on_, email_comments AS comments, email_replies AS replies,
         email_followed AS followed, email_updates AS updates, email_frequency AS frequency
       FROM users WHERE id = ?`,
    )
    .get(userId) as
    | {
        on_: number;
        comments: number;
        replies: number;
        followed: number;
        updates: number;
        frequency: EmailFrequency;
      }
    | undefined;
  if (!row)
    return {
      on: false,
      comments: false,
      replies: false,
      followed: false,
      updates: false,
      frequency: "instant",
    };
  return {
    on: row.on_ === 1,
    comments: row.comments === 1,
    replies: row.replies === 1,
    followed: row.followed === 1,
    updates: row.updates === 1,
    frequency: row.frequency,
  };
}

export function setEmailSettings(userId: number, settings: EmailSettings) {
  const db = getDb();
  db.transaction(() => {
    db.prepare(
      `UPDATE users SET email_notifications = ?, email_comments = ?, email_replies = ?, email_followed = ?,
         email_updates = ?, email_frequency = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')
       WHERE id = ? AND deleted_at IS NULL`,
    ).run(
      settings.on ? 1 : 0,
      settings.comments ? 1 : 0,
      settings.replies ? 1 : 0,
      settings.followed ? 1 : 0,
      settings.updates ? 1 : 0,
      settings.frequency,
      userId,
    );
  }).immediate();
}

/** Everything stored about a person, for "download my data". */
export function exportUserData(userId: number) {
  const db = getDb();
  const account = db
    .prepare(
      `SELECT id, email, name, role, locale, created_at AS createdAt, password_changed_at AS passwordChangedAt,
         email_confirmed_at AS emailConfirmedAt
       FROM users WHERE id = ?`,
    )
    .get(userId);
  return {
    exportedAt: new Date().toISOString(),
    account,
    ideas: db
      .prepare(
        `SELECT id, title, body, focus_area AS focusArea, lat, lng, status, hidden_reason AS hiddenReason,
           photo_path AS photo, supports_count AS supports, created_at AS createdAt, updated_at AS updatedAt
         FROM ideas WHERE author_id = ? ORDER BY id`,
      )
      .all(userId),
    comments: db
      .prepare(
        `SELECT id, idea_id AS ideaId, parent_id AS parentId, body, status, created_at AS createdAt, edited_at AS editedAt
         FROM comments WHERE author_id = ? AND status <> 'deleted' ORDER BY id`,
      )
      .all(userId),
    supports: db
      .prepare(
        "SELECT idea_id AS ideaId, created_at AS createdAt FROM supports WHERE user_id = ? ORDER BY created_at",
      )
      .all(userId),
    follows: db
      .prepare(
        "SELECT idea_id AS ideaId, created_at AS createdAt FROM follows WHERE user_id = ? ORDER BY created_at",
      )
      .all(userId),
    reports: db
      .prepare(
        `SELECT target_type AS targetType, target_id AS targetId, reason, details, created_at AS createdAt
         FROM reports WHERE reporter_id = ? ORDER BY id`,
      )
      .all(userId),
    notifications: db
      .prepare(
        `SELECT kind, idea_id AS ideaId, comment_id AS commentId, message, read_at AS readAt, created_at AS createdAt
         FROM notifications WHERE user_id = ? ORDER BY id`,
      )
      .all(userId),
  };
}

/**
 * Deletes an account, leaving no name, e-mail or link to the person anywhere: name, e-mail,
 * password and language go; sessions, reset links, follows and notifications go; ideas and
 * comments stay, shown as by a deleted user (the public queries give neither name nor author id
 * for a deleted account, so nothing ties them together again); co-author credits go; workshop
 * participations keep their dots and ideas but lose name and account; reports and barrier reports lose their reporter (and
 * the contact typed into a barrier report). Supports stay counted, tied only to the anonymous
 * remains of the account (its id, role and dates) — which is also why the row is updated, never
 * deleted: the append-only audit log refers to it (see db/migrations/0007).
 */
export function deleteAccount(userId: number) {
  const db = getDb();
  db.transaction(() => {
    db.prepare(
      `UPDATE users SET email = NULL, name = NULL, password_hash = NULL, locale = NULL, email_notifications = 0,
         verified_provider = NULL, verified_acr = NULL,
         deleted_at = coalesce(deleted_at, strftime('%Y-%m-%dT%H:%M:%fZ','now')),
         updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')
       WHERE id = ?`,
    ).run(userId);
    for (const table of [
      "sessions",
      "password_resets",
      "email_confirmations",
      "follows",
      "notifications",
      "idea_coauthors",
      "idea_drafts",
      // e-ID and staff sign-ins: the provider's identity no longer leads to this account.
      "oidc_identities",
    ]) {
      db.prepare(`DELETE FROM ${table} WHERE user_id = ?`).run(userId);
    }
    db.prepare("DELETE FROM oidc_logins WHERE link_user_id = ?").run(userId);
    db.prepare("UPDATE reports SET reporter_id = NULL WHERE reporter_id = ?").run(userId);
    db.prepare("UPDATE barrier_reports SET user_id = NULL, contact = '' WHERE user_id = ?").run(
      userId,
    );
    // A workshop's event log replays what the screens were told: an idea event that carried the
    // participant's name loses it too.
    db.prepare(
      `UPDATE workshop_events SET data = json_set(data, '$.name', json('null'))
       WHERE type = 'idea' AND json_valid(data) AND json_type(data, '$.name') = 'text'
         AND json_extract(data, '$.id') IN (
           SELECT wi.idea_id FROM workshop_ideas wi JOIN workshop_participants wp ON wp.id = wi.participant_id
           WHERE wp.user_id = ?)`,
    ).run(userId);
    db.prepare(
      "UPDATE workshop_participants SET name = NULL, user_id = NULL WHERE user_id = ?",
    ).run(userId);
  }).immediate();
}
