// Thresholds reached and official answers (issue 15). The crossing itself is recorded by a trigger
// (migration 0018, docs/decisions/015); here: the queue, one answer per idea with its group, its
// notifications and its audit line in one transaction, and the public views.
import type { FocusArea } from "~/domain/focus-areas";
import type { ThresholdRecord, Verdict } from "~/domain/official-answers";
import { actionExists, linkIdeaToAction } from "~/models/actions.server";
import { logAction } from "~/models/audit.server";
import { addIdeasToGroup, createGroup } from "~/models/groups.server";
import { getDb } from "~/utils/db.server";

export function thresholdOfIdea(ideaId: number): ThresholdRecord | null {
  return (
    (getDb()
      .prepare(
        `SELECT reached_at AS reachedAt, supports_at_threshold AS supportsAtThreshold, due_at AS dueAt
         FROM idea_thresholds WHERE idea_id = ?`,
      )
      .get(ideaId) as ThresholdRecord | undefined) ?? null
  );
}

/** Supports on an idea from accounts verified by an e-ID sign-in (what counts when admins say so). */
export function verifiedSupportCount(ideaId: number): number {
  const row = getDb()
    .prepare(
      `SELECT count(*) AS n FROM supports s JOIN users u ON u.id = s.user_id
       WHERE s.idea_id = ? AND u.verified_at IS NOT NULL`,
    )
    .get(ideaId) as { n: number };
  return row.n;
}

export type PublicAnswer = {
  verdict: Verdict;
  text: string;
  answeredFor: string;
  answeredAt: string;
  groupId: number | null;
  groupTitle: string | null;
  actionId: number | null;
};

/** The official answer on an idea, as everyone sees it on the idea's page. */
export function answerOfIdea(ideaId: number): PublicAnswer | null {
  return (
    (getDb()
      .prepare(
        `SELECT a.verdict, a.text, a.answered_for AS answeredFor, a.answered_at AS answeredAt,
           a.group_id AS groupId, g.title AS groupTitle, a.action_id AS actionId
         FROM official_answers a LEFT JOIN co_creation_groups g ON g.id = a.group_id
         WHERE a.idea_id = ?`,
      )
      .get(ideaId) as PublicAnswer | undefined) ?? null
  );
}

export type QueuedIdea = {
  id: number;
  title: string;
  focusArea: FocusArea;
  supports: number;
  reachedAt: string;
  supportsAtThreshold: number;
  dueAt: string;
};

/** Visible ideas due an official answer and not answered yet, oldest deadline first. */
export function answerQueue(): QueuedIdea[] {
  return getDb()
    .prepare(
      `SELECT i.id, i.title, i.focus_area AS focusArea, i.supports_count AS supports,
         t.reached_at AS reachedAt, t.supports_at_threshold AS supportsAtThreshold, t.due_at AS dueAt
       FROM idea_thresholds t JOIN ideas i ON i.id = t.idea_id
       WHERE i.status = 'visible' AND NOT EXISTS (SELECT 1 FROM official_answers a WHERE a.idea_id = i.id)
       ORDER BY t.due_at, i.id`,
    )
    .all() as QueuedIdea[];
}

/** One idea of the queue (for its own answer page), or undefined when it is not in the queue. */
export function queuedIdea(ideaId: number): QueuedIdea | undefined {
  return answerQueue().find((i) => i.id === ideaId);
}

export type AnswerRefusal =
  | "answers.ideaNotFound"
  | "answers.ideaNotShown"
  | "answers.notDue"
  | "answers.alreadyAnswered"
  | "answers.groupNotFound"
  | "answers.actionNotFound";

export type AnswerResult =
  | { ok: true; told: number[]; groupId: number | null; createdGroup: boolean; title: string }
  | { ok: false; reason: AnswerRefusal };

/** Authors, co-authors, supporters and followers of an idea with a live account, each once. */
function peopleBehindIdea(ideaId: number): number[] {
  return (
    getDb()
      .prepare(
        `SELECT DISTINCT p.user_id AS userId FROM (
           SELECT author_id AS user_id FROM ideas WHERE id = @i AND author_id IS NOT NULL
           UNION SELECT user_id FROM supports WHERE idea_id = @i
           UNION SELECT user_id FROM follows WHERE idea_id = @i
           UNION SELECT user_id FROM idea_coauthors WHERE idea_id = @i
         ) p JOIN users u ON u.id = p.user_id WHERE u.deleted_at IS NULL ORDER BY p.user_id`,
      )
      .all({ i: ideaId }) as { userId: number }[]
  ).map((r) => r.userId);
}

/**
 * Records the one official answer on an idea due one, in one transaction: the answer, for
 * `accepted` the idea joining the chosen group (or a new one named after it), a notification to
 * everyone behind the idea, and the audit line. Refused, with nothing changed, for an unknown
 * idea, one not shown (hidden, withdrawn, merged, pending), one not due an answer, one already
 * answered, an unknown group, or an unknown action. `already-planned` with an action links the
 * idea to it, so that the action's updates reach the people behind the idea.
 */
export function recordOfficialAnswer(input: {
  ideaId: number;
  verdict: Verdict;
  text: string;
  answeredFor: string;
  groupId?: number;
  actionId?: number;
  actorId: number;
}): AnswerResult {
  const db = getDb();
  return db
    .transaction((): AnswerResult => {
      const idea = db
        .prepare("SELECT title, status, focus_area AS focusArea FROM ideas WHERE id = ?")
        .get(input.ideaId) as { title: string; status: string; focusArea: FocusArea } | undefined;
      if (!idea) return { ok: false, reason: "answers.ideaNotFound" };
      if (idea.status !== "visible") return { ok: false, reason: "answers.ideaNotShown" };
      if (!db.prepare("SELECT 1 FROM idea_thresholds WHERE idea_id = ?").get(input.ideaId))
        return { ok: false, reason: "answers.notDue" };
      if (db.prepare("SELECT 1 FROM official_answers WHERE idea_id = ?").get(input.ideaId))
        return { ok: false, reason: "answers.alreadyAnswered" };
      if (
        input.verdict === "accepted" &&
        input.groupId !== undefined &&
        !db.prepare("SELECT 1 FROM co_creation_groups WHERE id = ?").get(input.groupId)
      )
        return { ok: false, reason: "answers.groupNotFound" };
      if (
        input.verdict === "already-planned" &&
        input.actionId !== undefined &&
        !actionExists(input.actionId)
      )
        return { ok: false, reason: "answers.actionNotFound" };

      let groupId: number | null = null;
      let createdGroup = false;
      if (input.verdict === "accepted") {
        groupId =
          input.groupId ??
          createGroup(
            { title: idea.title, summary: input.text, focusArea: idea.focusArea },
            input.actorId,
          );
        createdGroup = input.groupId === undefined;
        const added = addIdeasToGroup(groupId, [input.ideaId], input.actorId);
        // Checked above (the idea is visible, the group exists): a refusal here is a bug.
        if (!added.ok) throw new Error(`Could not add idea ${input.ideaId} to group ${groupId}`);
      }
      db.prepare(
        `INSERT INTO official_answers (idea_id, verdict, text, answered_for, answered_by, group_id, action_id)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        input.ideaId,
        input.verdict,
        input.text,
        input.answeredFor,
        input.actorId,
        groupId,
        input.actionId ?? null,
      );
      if (input.verdict === "already-planned" && input.actionId !== undefined)
        linkIdeaToAction(input.actionId, input.ideaId);
      const told = peopleBehindIdea(input.ideaId);
      const tell = db.prepare(
        "INSERT INTO notifications (user_id, kind, idea_id, group_id, message) VALUES (?, 'official-answer', ?, ?, ?)",
      );
      for (const userId of told) tell.run(userId, input.ideaId, groupId, input.text);
      logAction({
        actorId: input.actorId,
        action: "idea.official-answer",
        targetType: "idea",
        targetId: input.ideaId,
        reason: input.text,
        details: {
          verdict: input.verdict,
          answeredFor: input.answeredFor,
          groupId,
          createdGroup,
          actionId: input.actionId ?? null,
          notified: told.length,
        },
      });
      return { ok: true, told, groupId, createdGroup, title: idea.title };
    })
    .immediate();
}

export type DueIdeaRow = {
  id: number;
  title: string;
  reachedAt: string;
  dueAt: string;
  supportsAtThreshold: number;
  verdict: Verdict | null;
  answeredFor: string | null;
  answeredAt: string | null;
};

/** Every shown idea that reached the threshold, answered or not (for /answers); newest deadline first. */
export function shownDueIdeas(): DueIdeaRow[] {
  return getDb()
    .prepare(
      `SELECT i.id, i.title, t.reached_at AS reachedAt, t.due_at AS dueAt,
         t.supports_at_threshold AS supportsAtThreshold,
         a.verdict, a.answered_for AS answeredFor, a.answered_at AS answeredAt
       FROM idea_thresholds t JOIN ideas i ON i.id = t.idea_id
       LEFT JOIN official_answers a ON a.idea_id = i.id
       WHERE i.status = 'visible'
       ORDER BY t.due_at DESC, i.id DESC`,
    )
    .all() as DueIdeaRow[];
}

export type AnswerCsvRow = {
  ideaId: number;
  verdict: Verdict;
  answeredFor: string;
  answeredAt: string;
  dueAt: string;
  supportsAtThreshold: number;
};

/** Official answers on shown ideas, for /open-data/answers.csv; oldest first. */
export function answersForOpenData(): AnswerCsvRow[] {
  return getDb()
    .prepare(
      `SELECT a.idea_id AS ideaId, a.verdict, a.answered_for AS answeredFor, a.answered_at AS answeredAt,
         t.due_at AS dueAt, t.supports_at_threshold AS supportsAtThreshold
       FROM official_answers a JOIN ideas i ON i.id = a.idea_id
       JOIN idea_thresholds t ON t.idea_id = a.idea_id
       WHERE i.status = 'visible'
       ORDER BY a.answered_at, a.idea_id`,
    )
    .all() as AnswerCsvRow[];
}
