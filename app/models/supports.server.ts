// Supports (votes) and follows: one per person and idea, decided by the database's primary keys.
import { getDb } from "~/utils/db.server";

/**
 * `held`: the person's support is stored but not in `supports` yet, because their e-mail address is
 * not confirmed (issue 16). The supports_count triggers (0014) decide that, for every path that
 * writes a support; confirming counts it (models/email-confirmations.server.ts).
 */
export type SupportState = { supports: number; supported: boolean; held: boolean };

function state(userId: number, ideaId: number): SupportState {
  const row = getDb()
    .prepare(
      `SELECT supports_count AS supports,
         EXISTS (SELECT 1 FROM supports WHERE user_id = @userId AND idea_id = ideas.id) AS supported,
         (SELECT email_confirmed_at IS NULL FROM users WHERE id = @userId) AS unconfirmed
       FROM ideas WHERE id = @ideaId`,
    )
    .get({ userId, ideaId }) as { supports: number; supported: number; unconfirmed: number };
  const supported = row.supported === 1;
  return { supports: row.supports, supported, held: supported && row.unconfirmed === 1 };
}

/**
 * Supports a visible idea; supporting twice changes nothing. Undefined when the idea is not visible,
 * "own" when it is the person's own idea (refused: an author does not count towards their idea).
 */
export function supportIdea(userId: number, ideaId: number): SupportState | "own" | undefined {
  const db = getDb();
  return db
    .transaction(() => {
      const idea = db
        .prepare("SELECT author_id AS authorId FROM ideas WHERE id = ?")
        .get(ideaId) as { authorId: number | null } | undefined;
      if (idea && idea.authorId === userId) return "own" as const;
      const inserted = db
        .prepare(
          `INSERT INTO supports (user_id, idea_id)
           SELECT ?, id FROM ideas WHERE id = ? AND status = 'visible'
           ON CONFLICT DO NOTHING`,
        )
        .run(userId, ideaId);
      if (
        inserted.changes === 0 &&
        !db.prepare("SELECT 1 FROM ideas WHERE id = ? AND status = 'visible'").get(ideaId)
      ) {
        return undefined;
      }
      return state(userId, ideaId);
    })
    .immediate();
}

export function withdrawSupport(userId: number, ideaId: number): SupportState {
  const db = getDb();
  return db
    .transaction(() => {
      db.prepare("DELETE FROM supports WHERE user_id = ? AND idea_id = ?").run(userId, ideaId);
      return state(userId, ideaId);
    })
    .immediate();
}

export function followIdea(userId: number, ideaId: number) {
  getDb()
    .prepare(
      `INSERT INTO follows (user_id, idea_id) SELECT ?, id FROM ideas WHERE id = ? AND status = 'visible'
       ON CONFLICT DO NOTHING`,
    )
    .run(userId, ideaId);
}

export function unfollowIdea(userId: number, ideaId: number) {
  getDb().prepare("DELETE FROM follows WHERE user_id = ? AND idea_id = ?").run(userId, ideaId);
}

export function viewerStateForIdea(userId: number, ideaId: number) {
  const row = getDb()
    .prepare(
      `SELECT EXISTS (SELECT 1 FROM supports WHERE user_id = @userId AND idea_id = @ideaId) AS supported,
              EXISTS (SELECT 1 FROM follows WHERE user_id = @userId AND idea_id = @ideaId) AS following,
              EXISTS (SELECT 1 FROM reports WHERE reporter_id = @userId AND target_type = 'idea' AND target_id = @ideaId) AS reported`,
    )
    .get({ userId, ideaId }) as { supported: number; following: number; reported: number };
  return {
    supported: row.supported === 1,
    following: row.following === 1,
    reported: row.reported === 1,
  };
}
