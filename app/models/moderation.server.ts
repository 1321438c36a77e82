// Moderation: the queue, hiding and restoring ideas and comments, settling reports, automatic
// hiding after reports, and merging duplicates (undoable). Every change is one transaction and
// leaves a line in the audit log.
import { logAction } from "~/models/audit.server";
import type { IdeaPage } from "~/models/ideas.server";
import { getSettings } from "~/models/settings.server";
import { getDb } from "~/utils/db.server";

const NOW = "strftime('%Y-%m-%dT%H:%M:%fZ','now')";

export type QueueItem = {
  type: "idea" | "comment";
  id: number;
  ideaId: number;
  title: string;
  body: string;
  status: string;
  hiddenAutomatically: boolean;
  reports: number;
  reasons: string;
  details: string;
  createdAt: string;
  /** who reported it: only confirmed accounts older than a day count towards hiding (issue 16) */
  reporters: Reporter[];
};

export type Reporter = { name: string | null; confirmed: boolean; newAccount: boolean };

/** Reporters younger than this do not count towards hiding (a throwaway account waits a day). */
export const AUTO_HIDE_MIN_ACCOUNT_AGE_HOURS = 24;

// Who reported, for the moderator: name, and whether the report counts towards hiding.
const REPORTERS = `json_group_array(json_object('name', u.name,
  'confirmed', json(CASE WHEN u.email_confirmed_at IS NOT NULL THEN 'true' ELSE 'false' END),
  'newAccount', json(CASE WHEN u.created_at > strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-${AUTO_HIDE_MIN_ACCOUNT_AGE_HOURS} hours') THEN 'true' ELSE 'false' END)))`;

export function moderationQueue() {
  const db = getDb();
  const reportedIdeas = db
    .prepare(
      `SELECT 'idea' AS type, i.id, i.id AS ideaId, i.title, substr(i.body, 1, 300) AS body, i.status,
         i.hidden_automatically AS hiddenAutomatically, count(r.id) AS reports,
         group_concat(DISTINCT r.reason) AS reasons, group_concat(NULLIF(r.details, ''), ' · ') AS details,
         i.created_at AS createdAt, ${REPORTERS} AS reporters
       FROM reports r JOIN ideas i ON i.id = r.target_id LEFT JOIN users u ON u.id = r.reporter_id
       WHERE r.target_type = 'idea' AND r.status = 'open' AND i.status IN ('visible', 'hidden', 'pending')
       GROUP BY i.id ORDER BY count(r.id) DESC, max(r.created_at) DESC LIMIT 200`,
    )
    .all() as QueueItem[];
  const reportedComments = db
    .prepare(
      `SELECT 'comment' AS type, c.id, c.idea_id AS ideaId, i.title, substr(c.body, 1, 300) AS body, c.status,
         c.hidden_automatically AS hiddenAutomatically, count(r.id) AS reports,
         group_concat(DISTINCT r.reason) AS reasons, group_concat(NULLIF(r.details, ''), ' · ') AS details,
         c.created_at AS createdAt, ${REPORTERS} AS reporters
       FROM reports r JOIN comments c ON c.id = r.target_id JOIN ideas i ON i.id = c.idea_id
         LEFT JOIN users u ON u.id = r.reporter_id
       WHERE r.target_type = 'comment' AND r.status = 'open' AND c.status IN ('visible', 'hidden')
       GROUP BY c.id ORDER BY count(r.id) DESC, max(r.created_at) DESC LIMIT 200`,
    )
    .all() as QueueItem[];
  const newIdeas = db
    .prepare(
      `SELECT 'idea' AS type, id, id AS ideaId, title, substr(body, 1, 300) AS body, status,
         hidden_automatically AS hiddenAutomatically, 0 AS reports, '' AS reasons, '' AS details, created_at AS createdAt,
         '[]' AS reporters
       FROM ideas WHERE reviewed_at IS NULL AND status IN ('visible', 'pending')
         AND NOT EXISTS (SELECT 1 FROM reports r WHERE r.target_type = 'idea' AND r.target_id = ideas.id AND r.status = 'open')
       ORDER BY created_at DESC LIMIT 100`,
    )
    .all() as QueueItem[];
  const fix = (items: QueueItem[]) =>
    items.map((i) => ({
      ...i,
      hiddenAutomatically: Boolean(i.hiddenAutomatically),
      reporters: JSON.parse(i.reporters as unknown as string) as Reporter[],
    }));
  return {
    reportedIdeas: fix(reportedIdeas),
    reportedComments: fix(reportedComments),
    newIdeas: fix(newIdeas),
  };
}

export type ModerationResult = "ok" | "not-found" | "unchanged";

function notify(
  userId: number | null,
  kind: string,
  ideaId: number,
  message: string,
  commentId: number | null = null,
) {
  if (userId === null) return;
  getDb()
    .prepare(
      "INSERT INTO notifications (user_id, kind, idea_id, comment_id, message) VALUES (?, ?, ?, ?, ?)",
    )
    .run(userId, kind, ideaId, commentId, message);
}

export function hideIdea(id: number, actorId: number, reason: string): ModerationResult {
  const db = getDb();
  return db
    .transaction((): ModerationResult => {
      const idea = db
        .prepare("SELECT status, author_id AS authorId FROM ideas WHERE id = ?")
        .get(id) as { status: string; authorId: number | null } | undefined;
      if (!idea || idea.status === "merged") return "not-found";
      if (idea.status === "hidden") {
        // Already hidden by reports: the moderator's decision replaces the automatic one.
        db.prepare(
          `UPDATE ideas SET hidden_reason = ?, hidden_automatically = 0, reviewed_at = ${NOW} WHERE id = ?`,
        ).run(reason, id);
      } else {
        db.prepare(
          `UPDATE ideas SET status = 'hidden', hidden_reason = ?, hidden_automatically = 0, reviewed_at = ${NOW},
             updated_at = ${NOW} WHERE id = ?`,
        ).run(reason, id);
      }
      db.prepare(
        "UPDATE reports SET status = 'actioned' WHERE target_type = 'idea' AND target_id = ? AND status = 'open'",
      ).run(id);
      notify(idea.authorId, "idea-hidden", id, reason);
      logAction({ actorId, action: "idea.hide", targetType: "idea", targetId: id, reason });
      return "ok";
    })
    .immediate();
}

export function restoreIdea(id: number, actorId: number): ModerationResult {
  const db = getDb();
  return db
    .transaction((): ModerationResult => {
      const idea = db.prepare("SELECT status FROM ideas WHERE id = ?").get(id) as
        { status: string } | undefined;
      if (!idea || idea.status === "merged") return "not-found";
      db.prepare(
        `UPDATE ideas SET status = 'visible', hidden_reason = NULL, hidden_automatically = 0, reviewed_at = ${NOW},
           updated_at = ${NOW} WHERE id = ?`,
      ).run(id);
      db.prepare(
        "UPDATE reports SET status = 'dismissed' WHERE target_type = 'idea' AND target_id = ? AND status = 'open'",
      ).run(id);
      logAction({
        actorId,
        action: idea.status === "pending" ? "idea.approve" : "idea.restore",
        targetType: "idea",
        targetId: id,
      });
      return idea.status === "visible" ? "unchanged" : "ok";
    })
    .immediate();
}

/** Marks a new idea as looked at (and publishes it when pre-moderation held it back). */
export function approveIdea(id: number, actorId: number): ModerationResult {
  const db = getDb();
  return db
    .transaction((): ModerationResult => {
      const idea = db.prepare("SELECT status FROM ideas WHERE id = ?").get(id) as
        { status: string } | undefined;
      if (!idea || idea.status === "merged" || idea.status === "hidden") return "not-found";
      db.prepare(`UPDATE ideas SET status = 'visible', reviewed_at = ${NOW} WHERE id = ?`).run(id);
      logAction({ actorId, action: "idea.approve", targetType: "idea", targetId: id });
      return "ok";
    })
    .immediate();
}

export function dismissReports(
  targetType: "idea" | "comment",
  id: number,
  actorId: number,
): ModerationResult {
  const db = getDb();
  return db
    .transaction((): ModerationResult => {
      const result = db
        .prepare(
          "UPDATE reports SET status = 'dismissed' WHERE target_type = ? AND target_id = ? AND status = 'open'",
        )
        .run(targetType, id);
      if (result.changes === 0) return "unchanged";
      // Hidden automatically by those reports: back on view.
      if (targetType === "idea") {
        db.prepare(
          `UPDATE ideas SET status = 'visible', hidden_automatically = 0, reviewed_at = ${NOW} WHERE id = ? AND hidden_automatically = 1`,
        ).run(id);
      } else {
        db.prepare(
          "UPDATE comments SET status = 'visible', hidden_automatically = 0 WHERE id = ? AND hidden_automatically = 1",
        ).run(id);
      }
      logAction({
        actorId,
        action: `${targetType}.dismiss-reports`,
        targetType,
        targetId: id,
        details: { reports: result.changes },
      });
      return "ok";
    })
    .immediate();
}

export function hideComment(id: number, actorId: number, reason: string): ModerationResult {
  const db = getDb();
  return db
    .transaction((): ModerationResult => {
      const comment = db
        .prepare(
          "SELECT status, idea_id AS ideaId, author_id AS authorId FROM comments WHERE id = ?",
        )
        .get(id) as { status: string; ideaId: number; authorId: number | null } | undefined;
      if (!comment || comment.status === "deleted") return "not-found";
      db.prepare(
        `UPDATE comments SET status = 'hidden', hidden_reason = ?, hidden_automatically = 0, updated_at = ${NOW} WHERE id = ?`,
      ).run(reason, id);
      db.prepare(
        "UPDATE reports SET status = 'actioned' WHERE target_type = 'comment' AND target_id = ? AND status = 'open'",
      ).run(id);
      notify(comment.authorId, "comment-hidden", comment.ideaId, reason, id);
      logAction({ actorId, action: "comment.hide", targetType: "comment", targetId: id, reason });
      return "ok";
    })
    .immediate();
}

export function restoreComment(id: number, actorId: number): ModerationResult {
  const db = getDb();
  return db
    .transaction((): ModerationResult => {
      const comment = db.prepare("SELECT status FROM comments WHERE id = ?").get(id) as
        { status: string } | undefined;
      if (!comment || comment.status === "deleted") return "not-found";
      db.prepare(
        `UPDATE comments SET status = 'visible', hidden_reason = NULL, hidden_automatically = 0, updated_at = ${NOW} WHERE id = ?`,
      ).run(id);
      db.prepare(
        "UPDATE reports SET status = 'dismissed' WHERE target_type = 'comment' AND target_id = ? AND status = 'open'",
      ).run(id);
      logAction({ actorId, action: "comment.restore", targetType: "comment", targetId: id });
      return comment.status === "visible" ? "unchanged" : "ok";
    })
    .immediate();
}

/**
 * After a report: when enough different people have reported the item (a setting, 3 by default),
 * it is hidden until a moderator decides. Returns whether it was hidden now. Only reports from
 * confirmed accounts older than a day count (issue 16); the others wait in the queue, where the
 * moderator sees who sent them.
 */
export function hideIfReportedEnough(targetType: "idea" | "comment", id: number): boolean {
  const db = getDb();
  return db
    .transaction(() => {
      const { n } = db
        .prepare(
          `SELECT count(DISTINCT r.reporter_id) AS n FROM reports r JOIN users u ON u.id = r.reporter_id
           WHERE r.target_type = ? AND r.target_id = ? AND r.status = 'open'
             AND u.email_confirmed_at IS NOT NULL
             AND u.created_at <= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-${AUTO_HIDE_MIN_ACCOUNT_AGE_HOURS} hours')`,
        )
        .get(targetType, id) as { n: number };
      if (n < getSettings().autoHideReports) return false;
      const table = targetType === "idea" ? "ideas" : "comments";
      const result = db
        .prepare(
          `UPDATE ${table} SET status = 'hidden', hidden_automatically = 1, updated_at = ${NOW} WHERE id = ? AND status = 'visible'`,
        )
        .run(id);
      if (result.changes === 1) {
        logAction({
          actorId: null,
          action: `${targetType}.auto-hide`,
          targetType,
          targetId: id,
          details: { reports: n },
        });
      }
      return result.changes === 1;
    })
    .immediate();
}

export type MergeRefusal =
  | "merge.same"
  | "merge.fromNotFound"
  | "merge.intoNotFound"
  | "merge.fromNotVisible"
  | "merge.intoNotVisible";

/**
 * Merges the idea `fromId` into `intoId`: the merged idea keeps its text and place and gains the
 * other's supports (a person who supported both counts once), comments, followers and co-author
 * credit; the absorbed idea points to it. Everything moved is recorded so that undoMerge can
 * put it back.
 *
 * Both ideas must be on view: an absorbed idea's title is shown on the other's page (and its old
 * address leads there), so merging a hidden or held idea would publish what a moderator hid.
 */
export function mergeIdeas(
  fromId: number,
  intoId: number,
  actorId: number,
): { ok: true; mergeId: number } | { ok: false; reason: MergeRefusal } {
  const db = getDb();
  return db
    .transaction(() => {
      const refuse = (reason: MergeRefusal) => ({ ok: false as const, reason });
      if (fromId === intoId) return refuse("merge.same");
      const from = db
        .prepare("SELECT id, status, author_id AS authorId, title FROM ideas WHERE id = ?")
        .get(fromId) as
        { id: number; status: string; authorId: number | null; title: string } | undefined;
      if (!from || from.status === "merged") return refuse("merge.fromNotFound");
      if (from.status !== "visible") return refuse("merge.fromNotVisible");
      // Only into a visible idea: a merged one would make a chain (or a circle), a hidden one a dead end.
      const into = db
        .prepare("SELECT id, status, author_id AS authorId FROM ideas WHERE id = ?")
        .get(intoId) as { id: number; status: string; authorId: number | null } | undefined;
      if (!into || into.status === "merged") return refuse("merge.intoNotFound");
      if (into.status !== "visible") return refuse("merge.intoNotVisible");

      const ids = (sql: string, ...params: unknown[]) =>
        (db.prepare(sql).all(...params) as { id: number }[]).map((r) => r.id);
      const rows = (sql: string, ...params: unknown[]) =>
        (db.prepare(sql).all(...params) as { id: number; at: string }[]).map(
          (r) => [r.id, r.at] as const,
        );
      const sharedSupports = rows(
        `SELECT user_id AS id, created_at AS at FROM supports
         WHERE idea_id = ? AND user_id IN (SELECT user_id FROM supports WHERE idea_id = ?) ORDER BY user_id`,
        fromId,
        intoId,
      );
      const movedSupports = ids(
        "SELECT user_id AS id FROM supports WHERE idea_id = ? AND user_id NOT IN (SELECT user_id FROM supports WHERE idea_id = ?)",
        fromId,
        intoId,
      );
      const sharedFollows = rows(
        `SELECT user_id AS id, created_at AS at FROM follows
         WHERE idea_id = ? AND user_id IN (SELECT user_id FROM follows WHERE idea_id = ?) ORDER BY user_id`,
        fromId,
        intoId,
      );
      const movedFollows = ids(
        "SELECT user_id AS id FROM follows WHERE idea_id = ? AND user_id NOT IN (SELECT user_id FROM follows WHERE idea_id = ?)",
        fromId,
        intoId,
      );
      const movedComments = ids("SELECT id FROM comments WHERE idea_id = ?", fromId);

      db.prepare(
        "UPDATE supports SET idea_id = ? WHERE idea_id = ? AND user_id IN (SELECT value FROM json_each(?))",
      ).run(intoId, fromId, JSON.stringify(movedSupports));
      db.prepare("DELETE FROM supports WHERE idea_id = ?").run(fromId);
      db.prepare(
        "UPDATE follows SET idea_id = ? WHERE idea_id = ? AND user_id IN (SELECT value FROM json_each(?))",
      ).run(intoId, fromId, JSON.stringify(movedFollows));
      db.prepare("DELETE FROM follows WHERE idea_id = ?").run(fromId);
      db.prepare("UPDATE comments SET idea_id = ? WHERE idea_id = ?").run(intoId, fromId);
      let coauthor: number | null = null;
      if (from.authorId !== null && from.authorId !== into.authorId) {
        const added = db
          .prepare("INSERT OR IGNORE INTO idea_coauthors (idea_id, user_id) VALUES (?, ?)")
          .run(intoId, from.authorId);
        if (added.changes === 1) coauthor = from.authorId;
      }
      db.prepare(
        `UPDATE ideas SET status = 'merged', merged_into_id = ?, updated_at = ${NOW} WHERE id = ?`,
      ).run(intoId, fromId);
      recount(fromId);
      recount(intoId);
      const mergeId = Number(
        db
          .prepare(
            `INSERT INTO idea_merges (from_idea_id, into_idea_id, moved_supports, shared_supports, moved_comments,
               moved_follows, shared_follows, added_coauthor_id, merged_by, from_status, shared_supports_rows,
               shared_follows_rows)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            fromId,
            intoId,
            JSON.stringify(movedSupports),
            JSON.stringify(sharedSupports.map(([id]) => id)),
            JSON.stringify(movedComments),
            JSON.stringify(movedFollows),
            JSON.stringify(sharedFollows.map(([id]) => id)),
            coauthor,
            actorId,
            from.status,
            JSON.stringify(sharedSupports),
            JSON.stringify(sharedFollows),
          ).lastInsertRowid,
      );
      notify(from.authorId, "idea-merged", intoId, from.title);
      logAction({
        actorId,
        action: "idea.merge",
        targetType: "merge",
        targetId: mergeId,
        details: {
          fromId,
          intoId,
          movedSupports: movedSupports.length,
          sharedSupports: sharedSupports.length,
          movedComments: movedComments.length,
        },
      });
      return { ok: true as const, mergeId };
    })
    .immediate();
}

/** Supports (of confirmed accounts, as the 0014 triggers count them) and comments counts from the rows. */
function recount(ideaId: number) {
  getDb()
    .prepare(
      `UPDATE ideas SET
         supports_count = (SELECT count(*) FROM supports s JOIN users u ON u.id = s.user_id
                           WHERE s.idea_id = @id AND u.email_confirmed_at IS NOT NULL),
         comments_count = (SELECT count(*) FROM comments WHERE idea_id = @id AND status = 'visible')
       WHERE id = @id`,
    )
    .run({ id: ideaId });
}

export type UndoRefusal =
  "merge.notFound" | "merge.alreadyUndone" | "merge.changedSince" | "merge.intoMergedSince";

/**
 * Puts a merge back exactly as it was before: the absorbed idea's status, its supports (with their
 * time), comments (and the replies written under them since), followers and the co-author credit.
 * Supports and follows that people withdrew meanwhile stay withdrawn.
 *
 * When the idea it went into has since been merged onward, what moved now lives on a third idea:
 * that is refused (undo the later merge first) rather than half done.
 */
export function undoMerge(
  mergeId: number,
  actorId: number,
): { ok: true; fromId: number; intoId: number } | { ok: false; reason: UndoRefusal } {
  const db = getDb();
  return db
    .transaction(() => {
      const refuse = (reason: UndoRefusal) => ({ ok: false as const, reason });
      const merge = db
        .prepare(
          `SELECT from_idea_id AS fromId, into_idea_id AS intoId, moved_supports AS movedSupports,
             shared_supports AS sharedSupports, moved_comments AS movedComments, moved_follows AS movedFollows,
             shared_follows AS sharedFollows, added_coauthor_id AS coauthor, undone_at AS undoneAt,
             coalesce(from_status, 'visible') AS fromStatus,
             shared_supports_rows AS sharedSupportsRows, shared_follows_rows AS sharedFollowsRows
           FROM idea_merges WHERE id = ?`,
        )
        .get(mergeId) as
        | {
            fromId: number;
            intoId: number;
            movedSupports: string;
            sharedSupports: string;
            movedComments: string;
            movedFollows: string;
            sharedFollows: string;
            coauthor: number | null;
            undoneAt: string | null;
            fromStatus: string;
            sharedSupportsRows: string | null;
            sharedFollowsRows: string | null;
          }
        | undefined;
      if (!merge) return refuse("merge.notFound");
      if (merge.undoneAt) return refuse("merge.alreadyUndone");
      const from = db
        .prepare("SELECT status, merged_into_id AS intoId FROM ideas WHERE id = ?")
        .get(merge.fromId) as { status: string; intoId: number } | undefined;
      if (!from || from.status !== "merged" || from.intoId !== merge.intoId)
        return refuse("merge.changedSince");
      const into = db.prepare("SELECT status FROM ideas WHERE id = ?").get(merge.intoId) as
        { status: string } | undefined;
      if (!into) return refuse("merge.changedSince");
      if (into.status === "merged") return refuse("merge.intoMergedSince");

      // Supports that moved go back (unless withdrawn meanwhile); people who supported both get
      // their support on the absorbed idea back as well, from when they gave it.
      db.prepare(
        "UPDATE supports SET idea_id = ? WHERE idea_id = ? AND user_id IN (SELECT value FROM json_each(?))",
      ).run(merge.fromId, merge.intoId, merge.movedSupports);
      restoreShared("supports", merge.fromId, merge.sharedSupportsRows, merge.sharedSupports);
      db.prepare(
        "UPDATE follows SET idea_id = ? WHERE idea_id = ? AND user_id IN (SELECT value FROM json_each(?))",
      ).run(merge.fromId, merge.intoId, merge.movedFollows);
      restoreShared("follows", merge.fromId, merge.sharedFollowsRows, merge.sharedFollows);
      // Comments go back with the replies written under them on the other idea since.
      const replies = db
        .prepare(
          `UPDATE comments SET idea_id = ? WHERE idea_id = ? AND parent_id IN (SELECT value FROM json_each(?))
             AND id NOT IN (SELECT value FROM json_each(?))`,
        )
        .run(merge.fromId, merge.intoId, merge.movedComments, merge.movedComments).changes;
      db.prepare(
        "UPDATE comments SET idea_id = ? WHERE id IN (SELECT value FROM json_each(?))",
      ).run(merge.fromId, merge.movedComments);
      if (merge.coauthor !== null) {
        db.prepare("DELETE FROM idea_coauthors WHERE idea_id = ? AND user_id = ?").run(
          merge.intoId,
          merge.coauthor,
        );
      }
      db.prepare(
        `UPDATE ideas SET status = ?, merged_into_id = NULL, updated_at = ${NOW} WHERE id = ?`,
      ).run(merge.fromStatus, merge.fromId);
      db.prepare(`UPDATE idea_merges SET undone_at = ${NOW} WHERE id = ?`).run(mergeId);
      recount(merge.fromId);
      recount(merge.intoId);
      logAction({
        actorId,
        action: "idea.unmerge",
        targetType: "merge",
        targetId: mergeId,
        details: { fromId: merge.fromId, intoId: merge.intoId, repliesMovedBack: replies },
      });
      return { ok: true as const, fromId: merge.fromId, intoId: merge.intoId };
    })
    .immediate();
}

/** Puts back the supports or follows a merge removed as duplicates, with their original time when known. */
function restoreShared(
  table: "supports" | "follows",
  ideaId: number,
  rowsJson: string | null,
  userIdsJson: string,
) {
  const db = getDb();
  if (rowsJson !== null) {
    db.prepare(
      `INSERT OR IGNORE INTO ${table} (user_id, idea_id, created_at)
       SELECT json_extract(value, '$[0]'), ?, json_extract(value, '$[1]') FROM json_each(?)`,
    ).run(ideaId, rowsJson);
  } else {
    db.prepare(
      `INSERT OR IGNORE INTO ${table} (user_id, idea_id) SELECT value, ? FROM json_each(?)`,
    ).run(ideaId, userIdsJson);
  }
}

/** Where an absorbed idea went, for its old address. */
export function mergedInto(ideaId: number): number | undefined {
  const row = getDb()
    .prepare("SELECT merged_into_id AS intoId FROM ideas WHERE id = ? AND status = 'merged'")
    .get(ideaId) as { intoId: number } | undefined;
  return row?.intoId;
}

/** The ideas merged into this one (the trail shown on its page). */
export function absorbedIdeas(ideaId: number): { id: number; title: string }[] {
  return getDb()
    .prepare(
      "SELECT id, title FROM ideas WHERE merged_into_id = ? AND status = 'merged' ORDER BY id",
    )
    .all(ideaId) as { id: number; title: string }[];
}

export type HiddenItem = {
  type: "idea" | "comment";
  id: number;
  ideaId: number;
  /** the idea's title (for a comment: the idea it is on) */
  title: string;
  body: string;
  reason: string | null;
  hiddenAutomatically: boolean;
  hiddenAt: string;
  /** who hid it (null when reports hid it, or the account is gone) */
  hiddenBy: string | null;
};

// The newest hide decision on a target in the audit log: who made it (a name while the account exists).
const HIDDEN_BY = (type: "idea" | "comment", alias: string) => `(
  SELECT CASE WHEN u.deleted_at IS NULL THEN u.name END FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id
  WHERE a.target_type = '${type}' AND a.target_id = ${alias}.id AND a.action = '${type}.hide'
  ORDER BY a.id DESC LIMIT 1)`;

/**
 * Every hidden idea and comment, newest first, with why, when and by whom (or marked as hidden
 * by reports), so that what a moderator hid can always be found again and restored.
 */
export function hiddenContent(limit = 500): HiddenItem[] {
  const db = getDb();
  const rows = db
    .prepare(
      `SELECT * FROM (
         SELECT 'idea' AS type, i.id, i.id AS ideaId, i.title, substr(i.body, 1, 300) AS body, i.hidden_reason AS reason,
           i.hidden_automatically AS hiddenAutomatically, i.updated_at AS hiddenAt, ${HIDDEN_BY("idea", "i")} AS hiddenBy
         FROM ideas i WHERE i.status = 'hidden'
         UNION ALL
         SELECT 'comment' AS type, c.id, c.idea_id AS ideaId, i.title, substr(c.body, 1, 300) AS body, c.hidden_reason AS reason,
           c.hidden_automatically AS hiddenAutomatically, c.updated_at AS hiddenAt, ${HIDDEN_BY("comment", "c")} AS hiddenBy
         FROM comments c JOIN ideas i ON i.id = c.idea_id WHERE c.status = 'hidden'
       ) ORDER BY hiddenAt DESC, id DESC LIMIT ?`,
    )
    .all(limit) as (Omit<HiddenItem, "hiddenAutomatically"> & { hiddenAutomatically: number })[];
  return rows.map((r) => ({
    ...r,
    hiddenAutomatically: r.hiddenAutomatically === 1,
    hiddenBy: r.hiddenAutomatically ? null : r.hiddenBy,
  }));
}

export type HiddenIdeaNote = {
  reason: string | null;
  automatically: boolean;
  hiddenAt: string;
  hiddenBy: string | null;
};

/** Why a hidden idea is hidden (for the banner a moderator sees on its page); undefined when it is not hidden. */
export function hiddenIdeaNote(ideaId: number): HiddenIdeaNote | undefined {
  const row = getDb()
    .prepare(
      `SELECT i.hidden_reason AS reason, i.hidden_automatically AS automatically, i.updated_at AS hiddenAt,
         ${HIDDEN_BY("idea", "i")} AS hiddenBy
       FROM ideas i WHERE i.id = ? AND i.status = 'hidden'`,
    )
    .get(ideaId) as
    | { reason: string | null; automatically: number; hiddenAt: string; hiddenBy: string | null }
    | undefined;
  if (!row) return undefined;
  return {
    ...row,
    automatically: row.automatically === 1,
    hiddenBy: row.automatically ? null : row.hiddenBy,
  };
}

export type HiddenIdeaPage = Omit<IdeaPage, "status"> & {
  status: "hidden";
  hidden: HiddenIdeaNote;
};

/** A hidden idea as its page shows it to a moderator (the public gets a 404): the idea and why it is hidden. */
export function hiddenIdeaForModerator(id: number): HiddenIdeaPage | undefined {
  const idea = getDb()
    .prepare(
      `SELECT i.id, i.title, i.focus_area AS focusArea, i.lat, i.lng, i.supports_count AS supports, g.stage AS stage,
         i.comments_count AS comments, i.created_at AS createdAt, substr(i.body, 1, 180) AS excerpt, i.body,
         i.updated_at AS updatedAt, CASE WHEN u.deleted_at IS NULL THEN u.name END AS authorName,
         CASE WHEN u.deleted_at IS NULL THEN i.author_id END AS authorId, g.id AS groupId, g.title AS groupTitle,
         i.photo_path AS photoPath, i.status, i.withdrawn_at AS withdrawnAt
       FROM ideas i
       LEFT JOIN co_creation_groups g ON g.id = i.group_id
       LEFT JOIN users u ON u.id = i.author_id
       WHERE i.id = ? AND i.status = 'hidden'`,
    )
    .get(id) as Omit<HiddenIdeaPage, "hidden"> | undefined;
  const hidden = idea ? hiddenIdeaNote(id) : undefined;
  return idea && hidden ? { ...idea, hidden } : undefined;
}

export type MergeCandidate = {
  id: number;
  title: string;
  status: string;
  supports: number;
  createdAt: string;
};

/**
 * Ideas a moderator may mean by what they typed into "merge any two": an idea number (any idea
 * that still exists, so that a hidden or absorbed one can be named and refused with its reason),
 * or words from a visible idea's title (the 10 most supported matches).
 */
export function findMergeCandidates(text: string): MergeCandidate[] {
  const query = text.trim().slice(0, 200);
  if (!query) return [];
  const db = getDb();
  const columns = "id, title, status, supports_count AS supports, created_at AS createdAt";
  const byNumber = /^#?(\d{1,15})$/.exec(query);
  if (byNumber) {
    return db
      .prepare(`SELECT ${columns} FROM ideas WHERE id = ?`)
      .all(Number(byNumber[1])) as MergeCandidate[];
  }
  const like = `%${query.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
  return db
    .prepare(
      `SELECT ${columns} FROM ideas WHERE status = 'visible' AND title LIKE ? ESCAPE '\\'
       ORDER BY supports_count DESC, id DESC LIMIT 10`,
    )
    .all(like) as MergeCandidate[];
}

export type PhotoAudience = "everyone" | "moderators" | "nobody";

/**
 * Who may see a stored photo: everyone while its idea is on view; only moderators while the idea
 * is hidden, held for review or merged away (its content is no longer public); nobody when no
 * idea has it (an upload whose idea was never posted).
 */
export function photoAudience(photoPath: string): PhotoAudience {
  const row = getDb()
    .prepare("SELECT max(status = 'visible') AS visible FROM ideas WHERE photo_path = ?")
    .get(photoPath) as { visible: number | null };
  if (row.visible === null) return "nobody";
  return row.visible ? "everyone" : "moderators";
}
