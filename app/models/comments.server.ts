// Comments on ideas (one level of replies), and the notifications a comment causes.
import { getDb } from "~/utils/db.server";

export const EDIT_WINDOW_MINUTES = 15;

export type PublicComment = {
  id: number;
  parentId: number | null;
  /** empty unless the comment is visible */
  body: string;
  status: "visible" | "hidden" | "deleted";
  authorId: number | null;
  authorName: string | null;
  createdAt: string;
  editedAt: string | null;
};

/**
 * The comments of an idea for the public: visible ones, and removed or hidden ones only as
 * placeholders (no text, no author) when visible replies hang under them. A deleted account's
 * comments carry no author id either: it would tie them together again.
 */
export function visibleCommentsForIdea(ideaId: number): PublicComment[] {
  return getDb()
    .prepare(
      `SELECT c.id, c.parent_id AS parentId, c.status, c.created_at AS createdAt, c.edited_at AS editedAt,
         CASE WHEN c.status = 'visible' THEN c.body ELSE '' END AS body,
         CASE WHEN c.status = 'visible' AND u.deleted_at IS NULL THEN c.author_id END AS authorId,
         CASE WHEN c.status = 'visible' AND u.deleted_at IS NULL THEN u.name END AS authorName
       FROM comments c LEFT JOIN users u ON u.id = c.author_id
       WHERE c.idea_id = ?
         AND (c.status = 'visible'
              OR EXISTS (SELECT 1 FROM comments r WHERE r.parent_id = c.id AND r.status = 'visible'))
       ORDER BY c.created_at, c.id`,
    )
    .all(ideaId) as PublicComment[];
}

export type AddCommentResult =
  { ok: true; id: number; duplicate?: true } | { ok: false; reason: "parent-not-found" };

/** A second identical comment from the same person on the same idea within this time is the first one. */
export const DUPLICATE_COMMENT_SECONDS = 60;

/**
 * Adds a comment and tells the idea's author, the person replied to, and the idea's followers —
 * each once, never the commenter — all in one transaction. A reply to a reply joins its thread.
 * The same text from the same person in the same place within a minute (a double tap, a resent
 * form) answers with the comment already there: no second row, no second notification.
 */
export function addComment(input: {
  ideaId: number;
  authorId: number;
  body: string;
  parentId?: number;
}): AddCommentResult {
  const db = getDb();
  return db
    .transaction((): AddCommentResult => {
      let parentId: number | null = null;
      let parentAuthorId: number | null = null;
      if (input.parentId) {
        const parent = db
          .prepare(
            `SELECT id, parent_id AS parentId, author_id AS authorId FROM comments
             WHERE id = ? AND idea_id = ? AND status = 'visible'`,
          )
          .get(input.parentId, input.ideaId) as
          { id: number; parentId: number | null; authorId: number | null } | undefined;
        if (!parent) return { ok: false, reason: "parent-not-found" };
        parentId = parent.parentId ?? parent.id;
        parentAuthorId = parent.authorId;
      }
      const same = db
        .prepare(
          `SELECT id FROM comments
           WHERE idea_id = ? AND author_id = ? AND parent_id IS ? AND body = ? AND status = 'visible'
             AND created_at > strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-${DUPLICATE_COMMENT_SECONDS} seconds')
           ORDER BY id DESC LIMIT 1`,
        )
        .get(input.ideaId, input.authorId, parentId, input.body) as { id: number } | undefined;
      if (same) return { ok: true, id: same.id, duplicate: true };
      const id = Number(
        db
          .prepare("INSERT INTO comments (idea_id, author_id, parent_id, body) VALUES (?, ?, ?, ?)")
          .run(input.ideaId, input.authorId, parentId, input.body).lastInsertRowid,
      );

      const notified = new Set<number>([input.authorId]);
      const notify = db.prepare(
        "INSERT INTO notifications (user_id, kind, idea_id, comment_id) VALUES (?, ?, ?, ?)",
      );
      const tell = (userId: number | null, kind: string) => {
        if (userId === null || notified.has(userId)) return;
        notified.add(userId);
        notify.run(userId, kind, input.ideaId, id);
      };
      tell(parentAuthorId, "reply-to-me");
      const idea = db
        .prepare("SELECT author_id AS authorId FROM ideas WHERE id = ?")
        .get(input.ideaId) as {
        authorId: number | null;
      };
      tell(idea.authorId, "comment-on-my-idea");
      const followers = db
        .prepare(
          `SELECT f.user_id AS userId FROM follows f JOIN users u ON u.id = f.user_id
           WHERE f.idea_id = ? AND u.deleted_at IS NULL`,
        )
        .all(input.ideaId) as { userId: number }[];
      for (const f of followers) tell(f.userId, "comment-on-followed");
      return { ok: true, id };
    })
    .immediate();
}

export type OwnCommentResult = "ok" | "not-found" | "forbidden" | "too-late";

/** Edits one's own visible comment within the edit window. */
export function editOwnComment(input: {
  commentId: number;
  ideaId: number;
  userId: number;
  body: string;
}): OwnCommentResult {
  const db = getDb();
  return db
    .transaction((): OwnCommentResult => {
      const comment = db
        .prepare(
          `SELECT author_id AS authorId,
             created_at > strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-${EDIT_WINDOW_MINUTES} minutes') AS editable
           FROM comments WHERE id = ? AND idea_id = ? AND status = 'visible'`,
        )
        .get(input.commentId, input.ideaId) as
        { authorId: number | null; editable: number } | undefined;
      if (!comment) return "not-found";
      if (comment.authorId !== input.userId) return "forbidden";
      if (!comment.editable) return "too-late";
      db.prepare(
        `UPDATE comments SET body = ?, edited_at = strftime('%Y-%m-%dT%H:%M:%fZ','now'),
           updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?`,
      ).run(input.body, input.commentId);
      return "ok";
    })
    .immediate();
}

/**
 * Deletes one's own comment. With replies under it, it stays as a "removed" placeholder whose text
 * is gone; without, the row goes.
 */
export function deleteOwnComment(input: {
  commentId: number;
  ideaId: number;
  userId: number;
}): OwnCommentResult {
  const db = getDb();
  return db
    .transaction((): OwnCommentResult => {
      const comment = db
        .prepare(
          "SELECT author_id AS authorId FROM comments WHERE id = ? AND idea_id = ? AND status = 'visible'",
        )
        .get(input.commentId, input.ideaId) as { authorId: number | null } | undefined;
      if (!comment) return "not-found";
      if (comment.authorId !== input.userId) return "forbidden";
      const hasReplies = db
        .prepare("SELECT 1 FROM comments WHERE parent_id = ? LIMIT 1")
        .get(input.commentId);
      if (hasReplies) {
        // The CHECK wants at least one character; the text itself is gone.
        db.prepare(
          `UPDATE comments SET status = 'deleted', body = '-', updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')
           WHERE id = ?`,
        ).run(input.commentId);
      } else {
        db.prepare("DELETE FROM comments WHERE id = ?").run(input.commentId);
      }
      return "ok";
    })
    .immediate();
}

export function visibleCommentExists(commentId: number, ideaId: number): boolean {
  return Boolean(
    getDb()
      .prepare("SELECT 1 FROM comments WHERE id = ? AND idea_id = ? AND status = 'visible'")
      .get(commentId, ideaId),
  );
}
