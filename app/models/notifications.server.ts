// Notifications: what happened to ideas a person wrote, follows or commented on — who did it (by
// their name today), at which stage — and which of them still have to go out by e-mail.
import { enqueueMails } from "~/models/mail-outbox.server";
import { getDb } from "~/utils/db.server";
import type { Mail } from "~/utils/mailer.server";

/** The kinds whose actor is a comment's author, named on the page and in the mail. */
export const COMMENT_KINDS = ["comment-on-my-idea", "reply-to-me", "comment-on-followed"] as const;

export type NotificationView = {
  id: number;
  kind: string;
  ideaId: number | null;
  /** null when the idea is no longer shown (hidden, merged, withdrawn) */
  ideaTitle: string | null;
  commentId: number | null;
  groupId: number | null;
  message: string;
  readAt: string | null;
  createdAt: string;
  /** for comment kinds: true when the comment's author still has an account */
  hasActor: boolean;
  /** that author's current display name; null for a deleted account (a former participant) */
  actorName: string | null;
  /** for group-stage: the stage the group moved to by this change (a code from the vocabulary) */
  stage: string | null;
};

// The stage is the one the group moved to by the message stored with this notification (that
// group's latest message with the same text up to the notification's time), not its stage today.
const VIEW = `
  SELECT n.id, n.kind, n.idea_id AS ideaId,
    CASE WHEN i.status = 'visible' OR n.kind = 'idea-hidden' THEN i.title END AS ideaTitle,
    n.comment_id AS commentId, n.group_id AS groupId, n.message, n.read_at AS readAt, n.created_at AS createdAt,
    (n.kind IN ('comment-on-my-idea', 'reply-to-me', 'comment-on-followed')) AS hasActor,
    CASE WHEN n.kind IN ('comment-on-my-idea', 'reply-to-me', 'comment-on-followed') AND a.deleted_at IS NULL
      THEN a.name END AS actorName,
    CASE WHEN n.kind = 'group-stage' THEN (
      SELECT gm.to_stage FROM group_messages gm
      WHERE gm.group_id = n.group_id AND gm.created_at <= n.created_at
      ORDER BY gm.message = n.message DESC, gm.created_at DESC, gm.id DESC LIMIT 1) END AS stage
  FROM notifications n
  LEFT JOIN ideas i ON i.id = n.idea_id
  LEFT JOIN comments c ON c.id = n.comment_id
  LEFT JOIN users a ON a.id = c.author_id`;

type Row = Omit<NotificationView, "hasActor"> & { hasActor: number };
const view = (row: Row): NotificationView => ({ ...row, hasActor: row.hasActor === 1 });

export function unreadNotificationCount(userId: number): number {
  return (
    getDb()
      .prepare("SELECT count(*) AS n FROM notifications WHERE user_id = ? AND read_at IS NULL")
      .get(userId) as {
      n: number;
    }
  ).n;
}

export function notificationsFor(userId: number, limit = 100): NotificationView[] {
  return (
    getDb()
      .prepare(`${VIEW} WHERE n.user_id = ? ORDER BY n.created_at DESC, n.id DESC LIMIT ?`)
      .all(userId, limit) as Row[]
  ).map(view);
}

export function markAllNotificationsRead(userId: number) {
  getDb()
    .prepare(
      "UPDATE notifications SET read_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE user_id = ? AND read_at IS NULL",
    )
    .run(userId);
}

/**
 * Opens one of a person's notifications: marks it read and says where it leads. null when it is
 * not theirs or no longer exists.
 */
export function openNotification(
  userId: number,
  id: number,
): { ideaId: number | null; ideaShown: boolean; commentId: number | null } | null {
  const db = getDb();
  return db
    .transaction(() => {
      const row = db
        .prepare(
          `SELECT n.idea_id AS ideaId, i.status = 'visible' AS shown, n.comment_id AS commentId
           FROM notifications n LEFT JOIN ideas i ON i.id = n.idea_id WHERE n.id = ? AND n.user_id = ?`,
        )
        .get(id, userId) as
        { ideaId: number | null; shown: number | null; commentId: number | null } | undefined;
      if (!row) return null;
      db.prepare(
        "UPDATE notifications SET read_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ? AND user_id = ? AND read_at IS NULL",
      ).run(id, userId);
      return { ideaId: row.ideaId, ideaShown: row.shown === 1, commentId: row.commentId };
    })
    .immediate();
}

export function authorOfIdea(ideaId: number): number | null {
  const row = getDb()
    .prepare("SELECT author_id AS authorId FROM ideas WHERE id = ?")
    .get(ideaId) as { authorId: number | null } | undefined;
  return row?.authorId ?? null;
}

/** Of these accounts, those who want e-mail about news from moderators (stage changes, hiding). */
export function usersWantingUpdateMail(userIds: readonly number[]): number[] {
  if (userIds.length === 0) return [];
  return (
    getDb()
      .prepare(
        `SELECT id FROM users WHERE id IN (SELECT value FROM json_each(?))
         AND email_notifications = 1 AND email_updates = 1 AND email_confirmed_at IS NOT NULL
         ORDER BY id`,
      )
      .all(JSON.stringify(userIds)) as { id: number }[]
  ).map((r) => r.id);
}

export type UnmailedNotification = NotificationView & {
  userId: number;
  email: string | null;
  locale: string | null;
  /** whether this person wants this kind by e-mail at all (account live, e-mail on, kind on) */
  wanted: boolean;
  frequency: "instant" | "daily";
  /** the comment's text, when it is still shown */
  commentBody: string | null;
};

/**
 * Notifications not yet mailed (nor passed over) that can be settled now: everyone's on the
 * instant setting, and, when `digestDay` is given, those of people on the daily digest who have
 * not had one that day. Oldest first, by person.
 */
export function unmailedNotifications(options: {
  digestDay: string | null;
  limit: number;
}): UnmailedNotification[] {
  const rows = getDb()
    .prepare(
      `SELECT v.*, u.id AS userId, u.email, u.locale, u.email_frequency AS frequency,
         (u.email IS NOT NULL AND u.email_confirmed_at IS NOT NULL AND u.deleted_at IS NULL
           AND u.blocked_at IS NULL AND u.email_notifications = 1 AND
           CASE v.kind WHEN 'comment-on-my-idea' THEN u.email_comments WHEN 'reply-to-me' THEN u.email_replies
             WHEN 'comment-on-followed' THEN u.email_followed ELSE 0 END = 1) AS wanted,
         CASE WHEN cc.status = 'visible' THEN cc.body END AS commentBody
       FROM (${VIEW} WHERE n.mailed_at IS NULL) v
       JOIN notifications nn ON nn.id = v.id
       JOIN users u ON u.id = nn.user_id
       LEFT JOIN comments cc ON cc.id = v.commentId
       WHERE u.email_frequency = 'instant'
          OR (@day IS NOT NULL AND u.digest_sent_on IS NOT @day)
       ORDER BY u.id, v.id LIMIT @limit`,
    )
    .all({ day: options.digestDay, limit: options.limit }) as (Row & {
    userId: number;
    email: string | null;
    locale: string | null;
    frequency: "instant" | "daily";
    wanted: number;
    commentBody: string | null;
  })[];
  return rows.map((r) => ({ ...r, ...view(r), wanted: r.wanted === 1 }));
}

/**
 * In one transaction: queues these mails, marks these notifications mailed (or passed over) and
 * records the day's digest for these people, so that nothing goes out twice or is lost.
 */
export function recordNotificationMail(input: {
  mails: readonly Mail[];
  settledIds: readonly number[];
  digestsSent: readonly { userId: number; day: string }[];
}) {
  const db = getDb();
  db.transaction(() => {
    if (input.mails.length) enqueueMails(input.mails);
    const settle = db.prepare(
      "UPDATE notifications SET mailed_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ? AND mailed_at IS NULL",
    );
    for (const id of input.settledIds) settle.run(id);
    const digest = db.prepare("UPDATE users SET digest_sent_on = ? WHERE id = ?");
    for (const d of input.digestsSent) digest.run(d.day, d.userId);
  }).immediate();
}
