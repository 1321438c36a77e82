// Co-creation groups (samskapandegrupper): their ideas, stage and public timeline.
import type { FocusArea, Stage } from "~/domain/focus-areas";
import { logAction } from "~/models/audit.server";
import { getDb } from "~/utils/db.server";

const NOW = "strftime('%Y-%m-%dT%H:%M:%fZ','now')";

export type GroupSummary = {
  id: number;
  title: string;
  summary: string;
  focusArea: FocusArea;
  stage: Stage;
  ideas: number;
  supports: number;
  updatedAt: string;
  latestMessage: string | null;
};

export type GroupIdea = {
  id: number;
  title: string;
  focusArea: FocusArea;
  lat: number;
  lng: number;
  supports: number;
};
export type GroupMessage = {
  id: number;
  fromStage: Stage | null;
  toStage: Stage;
  message: string;
  createdAt: string;
  correction: boolean;
};

const SUMMARY_COLUMNS = `g.id, g.title, g.summary, g.focus_area AS focusArea, g.stage, g.updated_at AS updatedAt,
  (SELECT count(*) FROM ideas i WHERE i.group_id = g.id AND i.status = 'visible') AS ideas,
  (SELECT coalesce(sum(i.supports_count), 0) FROM ideas i WHERE i.group_id = g.id AND i.status = 'visible') AS supports,
  (SELECT m.message FROM group_messages m WHERE m.group_id = g.id ORDER BY m.created_at DESC, m.id DESC LIMIT 1) AS latestMessage`;

export function listGroups(stage?: Stage): GroupSummary[] {
  return getDb()
    .prepare(
      `SELECT ${SUMMARY_COLUMNS} FROM co_creation_groups g
       ${stage ? "WHERE g.stage = @stage" : ""} ORDER BY g.updated_at DESC, g.id DESC`,
    )
    .all(stage ? { stage } : {}) as GroupSummary[];
}

export function getGroup(id: number): GroupSummary | undefined {
  return getDb()
    .prepare(`SELECT ${SUMMARY_COLUMNS} FROM co_creation_groups g WHERE g.id = ?`)
    .get(id) as GroupSummary | undefined;
}

export function groupIdeas(groupId: number): GroupIdea[] {
  return getDb()
    .prepare(
      `SELECT id, title, focus_area AS focusArea, lat, lng, supports_count AS supports FROM ideas
       WHERE group_id = ? AND status = 'visible' ORDER BY supports_count DESC, id`,
    )
    .all(groupId) as GroupIdea[];
}

export function groupTimeline(groupId: number): GroupMessage[] {
  const rows = getDb()
    .prepare(
      `SELECT id, from_stage AS fromStage, to_stage AS toStage, message, created_at AS createdAt, correction
       FROM group_messages WHERE group_id = ? ORDER BY created_at DESC, id DESC`,
    )
    .all(groupId) as (Omit<GroupMessage, "correction"> & { correction: number })[];
  return rows.map((m) => ({ ...m, correction: m.correction === 1 }));
}

export type GroupInput = { title: string; summary: string; focusArea: FocusArea };

export function createGroup(input: GroupInput, actorId: number): number {
  const db = getDb();
  return db
    .transaction(() => {
      const id = Number(
        db
          .prepare(
            "INSERT INTO co_creation_groups (title, summary, focus_area, created_by) VALUES (?, ?, ?, ?)",
          )
          .run(input.title, input.summary, input.focusArea, actorId).lastInsertRowid,
      );
      logAction({
        actorId,
        action: "group.create",
        targetType: "group",
        targetId: id,
        details: { title: input.title },
      });
      return id;
    })
    .immediate();
}

export function editGroup(id: number, input: GroupInput, actorId: number): boolean {
  const db = getDb();
  return db
    .transaction(() => {
      const result = db
        .prepare(
          `UPDATE co_creation_groups SET title = ?, summary = ?, focus_area = ?, updated_at = ${NOW} WHERE id = ?`,
        )
        .run(input.title, input.summary, input.focusArea, id);
      if (result.changes === 1)
        logAction({
          actorId,
          action: "group.edit",
          targetType: "group",
          targetId: id,
          details: input,
        });
      return result.changes === 1;
    })
    .immediate();
}

export type AddIdeasResult =
  | { ok: true; added: number[] }
  | { ok: false; reason: "group.notFound" | "group.ideaNotVisible"; ideaIds?: number[] };

/**
 * Adds visible ideas to a group (moving them from another group if they were in one). All or
 * nothing: a hidden, merged or unknown idea refuses the whole request. Their authors are told.
 */
export function addIdeasToGroup(
  groupId: number,
  ideaIds: readonly number[],
  actorId: number,
): AddIdeasResult {
  const db = getDb();
  return db
    .transaction((): AddIdeasResult => {
      if (!db.prepare("SELECT 1 FROM co_creation_groups WHERE id = ?").get(groupId))
        return { ok: false, reason: "group.notFound" };
      const unique = [...new Set(ideaIds)];
      const visible = new Set(
        (
          db
            .prepare(
              "SELECT id FROM ideas WHERE status = 'visible' AND id IN (SELECT value FROM json_each(?))",
            )
            .all(JSON.stringify(unique)) as { id: number }[]
        ).map((r) => r.id),
      );
      const refused = unique.filter((id) => !visible.has(id));
      if (refused.length) return { ok: false, reason: "group.ideaNotVisible", ideaIds: refused };
      const added: number[] = [];
      const move = db.prepare(
        `UPDATE ideas SET group_id = ?, updated_at = ${NOW} WHERE id = ? AND group_id IS NOT ?`,
      );
      const tell = db.prepare(
        "INSERT INTO notifications (user_id, kind, idea_id, group_id) SELECT author_id, 'idea-grouped', id, ? FROM ideas WHERE id = ? AND author_id IS NOT NULL",
      );
      for (const id of unique) {
        if (move.run(groupId, id, groupId).changes === 1) {
          added.push(id);
          tell.run(groupId, id);
        }
      }
      db.prepare(`UPDATE co_creation_groups SET updated_at = ${NOW} WHERE id = ?`).run(groupId);
      if (added.length)
        logAction({
          actorId,
          action: "group.add-ideas",
          targetType: "group",
          targetId: groupId,
          details: { ideaIds: added },
        });
      return { ok: true, added };
    })
    .immediate();
}

export function removeIdeaFromGroup(groupId: number, ideaId: number, actorId: number): boolean {
  const db = getDb();
  return db
    .transaction(() => {
      const result = db
        .prepare(
          `UPDATE ideas SET group_id = NULL, updated_at = ${NOW} WHERE id = ? AND group_id = ?`,
        )
        .run(ideaId, groupId);
      if (result.changes === 1) {
        logAction({
          actorId,
          action: "group.remove-idea",
          targetType: "group",
          targetId: groupId,
          details: { ideaId },
        });
      }
      return result.changes === 1;
    })
    .immediate();
}

/** The authors, co-authors, supporters and followers of a group's visible ideas, each once. */
function peopleBehindGroup(groupId: number) {
  return getDb()
    .prepare(
      `SELECT DISTINCT p.user_id AS userId, min(p.idea_id) AS ideaId FROM (
         SELECT author_id AS user_id, id AS idea_id FROM ideas WHERE group_id = @g AND status = 'visible' AND author_id IS NOT NULL
         UNION SELECT s.user_id, s.idea_id FROM supports s JOIN ideas i ON i.id = s.idea_id WHERE i.group_id = @g AND i.status = 'visible'
         UNION SELECT f.user_id, f.idea_id FROM follows f JOIN ideas i ON i.id = f.idea_id WHERE i.group_id = @g AND i.status = 'visible'
         UNION SELECT c.user_id, i.id FROM idea_coauthors c JOIN ideas i ON i.id = c.idea_id WHERE i.group_id = @g AND i.status = 'visible'
       ) p JOIN users u ON u.id = p.user_id WHERE u.deleted_at IS NULL GROUP BY p.user_id`,
    )
    .all({ g: groupId }) as { userId: number; ideaId: number }[];
}

/** How many people a stage move would tell (the confirmation says so before it happens). */
export function countPeopleBehindGroup(groupId: number): number {
  return peopleBehindGroup(groupId).length;
}

/**
 * Moves a group to a stage with its public message (the workflow module has said yes), and tells
 * the authors, supporters and followers of its ideas, each once. Returns who was told. A move
 * back (`correction`) is a new entry marked as a correction: the history is added to, not edited.
 */
export function moveGroupToStage(
  groupId: number,
  from: Stage,
  to: Stage,
  message: string,
  actorId: number,
  correction = false,
): number[] {
  const db = getDb();
  return db
    .transaction(() => {
      const moved = db
        .prepare(
          `UPDATE co_creation_groups SET stage = ?, updated_at = ${NOW} WHERE id = ? AND stage = ?`,
        )
        .run(to, groupId, from);
      if (moved.changes !== 1) throw new Error("The group changed stage meanwhile");
      db.prepare(
        "INSERT INTO group_messages (group_id, from_stage, to_stage, message, author_id, correction) VALUES (?, ?, ?, ?, ?, ?)",
      ).run(groupId, from, to, message, actorId, correction ? 1 : 0);
      const people = peopleBehindGroup(groupId);
      const tell = db.prepare(
        "INSERT INTO notifications (user_id, kind, idea_id, group_id, message) VALUES (?, 'group-stage', ?, ?, ?)",
      );
      for (const p of people) tell.run(p.userId, p.ideaId, groupId, message);
      logAction({
        actorId,
        action: "group.stage",
        targetType: "group",
        targetId: groupId,
        reason: message,
        details: { from, to, notified: people.length, correction },
      });
      return people.map((p) => p.userId);
    })
    .immediate();
}

/** Visible ideas not in any group, for adding to one: newest first, optionally by text, a page at a time. */
export function ungroupedIdeas(
  q: string,
  { limit = 50, offset = 0 }: { limit?: number; offset?: number } = {},
): { ideas: GroupIdea[]; total: number } {
  const like = `%${q.trim().replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
  const where = `status = 'visible' AND group_id IS NULL AND (@q = '' OR title LIKE @like ESCAPE '\\' OR body LIKE @like ESCAPE '\\')`;
  const params = { q: q.trim(), like };
  const db = getDb();
  const ideas = db
    .prepare(
      `SELECT id, title, focus_area AS focusArea, lat, lng, supports_count AS supports FROM ideas
       WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT @limit OFFSET @offset`,
    )
    .all({ ...params, limit, offset }) as GroupIdea[];
  const { total } = db
    .prepare(`SELECT count(*) AS total FROM ideas WHERE ${where}`)
    .get(params) as { total: number };
  return { ideas, total };
}
