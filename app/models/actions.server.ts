// The action portfolio: actions, their partners, the ideas and groups behind them, milestones and
// the public timeline of progress updates. Every change is one transaction with its audit line.
import type { ActionStatus } from "~/domain/actions";
import type { FocusArea, Stage } from "~/domain/focus-areas";
import { logAction } from "~/models/audit.server";
import { getDb, type Db } from "~/utils/db.server";

const NOW = "strftime('%Y-%m-%dT%H:%M:%fZ','now')";

export type Partner = { id: number; name: string };

export type ActionInput = {
  title: string;
  body: string;
  focusArea: FocusArea;
  partnerId: number;
  contactRole: string;
  status: ActionStatus;
  statusReason: string;
  progress: number;
  co2eTonnesPerYear: number;
  co2eMethod: string;
  budgetSek: number;
  startDate: string;
  endDate: string;
  lat: number | null;
  lng: number | null;
  /** null, "municipality" or a district's or village's id (checked by the domain's schema) */
  area: string | null;
  groupIds: number[];
  ideaIds: number[];
  workshopIds: number[];
};

export type ActionView = {
  id: number;
  title: string;
  body: string;
  focusArea: FocusArea;
  partnerId: number;
  partner: string;
  contactRole: string;
  status: ActionStatus;
  statusReason: string;
  progress: number;
  co2eTonnesPerYear: number;
  co2eMethod: string;
  budgetSek: number;
  startDate: string;
  endDate: string;
  lat: number | null;
  lng: number | null;
  area: string | null;
  createdAt: string;
  updatedAt: string;
  /** the residents' visible ideas behind it: linked directly or through one of its groups */
  ideas: number;
};

/** The visible ideas behind action `@a`: linked to it, or in a group linked to it. */
const BEHIND = `
  SELECT ai.idea_id AS idea_id FROM action_ideas ai WHERE ai.action_id = @a
  UNION SELECT i.id FROM ideas i JOIN action_groups ag ON ag.group_id = i.group_id WHERE ag.action_id = @a`;

const VIEW_COLUMNS = `a.id, a.title, a.body, a.focus_area AS focusArea, a.partner_id AS partnerId,
  p.name AS partner, a.contact_role AS contactRole, a.status, a.status_reason AS statusReason, a.progress,
  a.co2e_tonnes_per_year AS co2eTonnesPerYear, a.co2e_method AS co2eMethod, a.budget_sek AS budgetSek,
  a.start_date AS startDate, a.end_date AS endDate, a.lat, a.lng, a.area, a.created_at AS createdAt,
  a.updated_at AS updatedAt,
  (SELECT count(*) FROM ideas i WHERE i.status = 'visible' AND i.id IN (
     SELECT ai.idea_id FROM action_ideas ai WHERE ai.action_id = a.id
     UNION SELECT i2.id FROM ideas i2 JOIN action_groups ag ON ag.group_id = i2.group_id WHERE ag.action_id = a.id)
  ) AS ideas`;

// --- partners -----------------------------------------------------------------------------------

export function listPartners(): Partner[] {
  return getDb().prepare("SELECT id, name FROM action_partners ORDER BY id").all() as Partner[];
}

export function partnerByName(name: string): Partner | undefined {
  return getDb()
    .prepare("SELECT id, name FROM action_partners WHERE name = ? COLLATE NOCASE")
    .get(name.trim()) as Partner | undefined;
}

export type PartnerResult = { ok: true; id: number } | { ok: false; reason: string };

export function addPartner(name: string, actorId: number): PartnerResult {
  const db = getDb();
  return db
    .transaction((): PartnerResult => {
      if (partnerByName(name)) return { ok: false, reason: "actions.errors.partnerExists" };
      const id = Number(
        db.prepare("INSERT INTO action_partners (name) VALUES (?)").run(name).lastInsertRowid,
      );
      logAction({
        actorId,
        action: "partner.add",
        targetType: "partner",
        targetId: id,
        details: { name },
      });
      return { ok: true, id };
    })
    .immediate();
}

export function renamePartner(id: number, name: string, actorId: number): PartnerResult {
  const db = getDb();
  return db
    .transaction((): PartnerResult => {
      const before = db.prepare("SELECT name FROM action_partners WHERE id = ?").get(id) as
        { name: string } | undefined;
      if (!before) return { ok: false, reason: "actions.errors.partnerUnknown" };
      const clash = partnerByName(name);
      if (clash && clash.id !== id) return { ok: false, reason: "actions.errors.partnerExists" };
      db.prepare("UPDATE action_partners SET name = ? WHERE id = ?").run(name, id);
      logAction({
        actorId,
        action: "partner.rename",
        targetType: "partner",
        targetId: id,
        details: { from: before.name, to: name },
      });
      return { ok: true, id };
    })
    .immediate();
}

// --- actions ------------------------------------------------------------------------------------

export type ActionFilter = { focusArea?: FocusArea; partnerId?: number; status?: ActionStatus };

export function listActions(filter: ActionFilter = {}): ActionView[] {
  const where: string[] = [];
  if (filter.focusArea) where.push("a.focus_area = @focusArea");
  if (filter.partnerId) where.push("a.partner_id = @partnerId");
  if (filter.status) where.push("a.status = @status");
  return getDb()
    .prepare(
      `SELECT ${VIEW_COLUMNS} FROM actions a JOIN action_partners p ON p.id = a.partner_id
       ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
       ORDER BY a.start_date DESC, a.id DESC`,
    )
    .all(filter) as ActionView[];
}

export function getAction(id: number): ActionView | undefined {
  return getDb()
    .prepare(
      `SELECT ${VIEW_COLUMNS} FROM actions a JOIN action_partners p ON p.id = a.partner_id WHERE a.id = ?`,
    )
    .get(id) as ActionView | undefined;
}

export function actionExists(id: number): boolean {
  return getDb().prepare("SELECT 1 FROM actions WHERE id = ?").get(id) !== undefined;
}

/** An idea behind an action (an official answer "already planned" names the action). */
export function linkIdeaToAction(actionId: number, ideaId: number) {
  getDb()
    .prepare("INSERT OR IGNORE INTO action_ideas (action_id, idea_id) VALUES (?, ?)")
    .run(actionId, ideaId);
}

/** A workshop that shaped an action (the demo data; the edit form replaces every link at once). */
export function linkWorkshopToAction(actionId: number, workshopId: number) {
  getDb()
    .prepare("INSERT OR IGNORE INTO action_workshops (action_id, workshop_id) VALUES (?, ?)")
    .run(actionId, workshopId);
}

export type ActionIdea = {
  id: number;
  title: string;
  focusArea: FocusArea;
  lat: number;
  lng: number;
  supports: number;
};

/** The visible ideas behind an action (hidden, merged and withdrawn ones are not listed). */
export function actionIdeas(actionId: number): ActionIdea[] {
  return getDb()
    .prepare(
      `SELECT id, title, focus_area AS focusArea, lat, lng, supports_count AS supports FROM ideas
       WHERE status = 'visible' AND id IN (${BEHIND}) ORDER BY supports_count DESC, id`,
    )
    .all({ a: actionId }) as ActionIdea[];
}

export type ActionGroup = { id: number; title: string; stage: Stage };

export function actionGroups(actionId: number): ActionGroup[] {
  return getDb()
    .prepare(
      `SELECT g.id, g.title, g.stage FROM co_creation_groups g JOIN action_groups ag ON ag.group_id = g.id
       WHERE ag.action_id = ? ORDER BY g.id`,
    )
    .all(actionId) as ActionGroup[];
}

export type Milestone = { id: number; title: string; dueDate: string; done: boolean };

export function actionMilestones(actionId: number): Milestone[] {
  return (
    getDb()
      .prepare(
        `SELECT id, title, due_date AS dueDate, done FROM action_milestones WHERE action_id = ?
         ORDER BY due_date, id`,
      )
      .all(actionId) as (Omit<Milestone, "done"> & { done: number })[]
  ).map((m) => ({ ...m, done: m.done === 1 }));
}

export type ActionUpdate = {
  id: number;
  status: ActionStatus;
  progress: number;
  message: string;
  createdAt: string;
};

export function actionTimeline(actionId: number): ActionUpdate[] {
  return getDb()
    .prepare(
      `SELECT id, status, progress, message, created_at AS createdAt FROM action_updates
       WHERE action_id = ? ORDER BY created_at DESC, id DESC`,
    )
    .all(actionId) as ActionUpdate[];
}

export type ActionWorkshop = { id: number; title: string; createdAt: string; closed: boolean };

/** The workshops that shaped an action, oldest first (their results pages are public). */
export function actionWorkshops(actionId: number): ActionWorkshop[] {
  return (
    getDb()
      .prepare(
        `SELECT w.id, w.title, w.created_at AS createdAt, w.status FROM workshops w
         JOIN action_workshops aw ON aw.workshop_id = w.id WHERE aw.action_id = ?
         ORDER BY w.created_at, w.id`,
      )
      .all(actionId) as (Omit<ActionWorkshop, "closed"> & { status: string })[]
  ).map(({ status, ...w }) => ({ ...w, closed: status === "closed" }));
}

export type LinkRefusal = {
  ok: false;
  field: "groupId" | "ideaId" | "workshopId";
  reason: string;
  ids: number[];
};

type Links = { groupIds: number[]; ideaIds: number[]; workshopIds: number[] };

/**
 * Each kind of link: the form field, its table and column, the ids that exist (and may be linked),
 * why not, and which of the links a save replaces.
 */
const LINK_TARGETS = [
  {
    field: "groupId",
    key: "groupIds",
    table: "action_groups",
    column: "group_id",
    known: "SELECT id FROM co_creation_groups WHERE id IN (SELECT value FROM json_each(?))",
    reason: "actions.errors.unknownGroup",
    replaced: "",
  },
  {
    field: "ideaId",
    key: "ideaIds",
    table: "action_ideas",
    column: "idea_id",
    known:
      "SELECT id FROM ideas WHERE status = 'visible' AND id IN (SELECT value FROM json_each(?))",
    reason: "actions.errors.unknownIdea",
    // Links to ideas now hidden are kept (they come back with the idea); the form only sends visible ones.
    replaced: "AND idea_id IN (SELECT id FROM ideas WHERE status = 'visible')",
  },
  {
    field: "workshopId",
    key: "workshopIds",
    table: "action_workshops",
    column: "workshop_id",
    known: "SELECT id FROM workshops WHERE id IN (SELECT value FROM json_each(?))",
    reason: "actions.errors.unknownWorkshop",
    replaced: "",
  },
] as const;

/** Every link of an action (ideas whatever their state), for the moderators' edit form. */
export function linkedIds(actionId: number): Links {
  const db = getDb();
  const ids = (t: (typeof LINK_TARGETS)[number]) =>
    (
      db
        .prepare(
          `SELECT ${t.column} AS id FROM ${t.table} WHERE action_id = ? ORDER BY ${t.column}`,
        )
        .all(actionId) as { id: number }[]
    ).map((r) => r.id);
  const [groupIds, ideaIds, workshopIds] = LINK_TARGETS.map(ids);
  return { groupIds, ideaIds, workshopIds };
}

/** Unknown groups or workshops, and ideas that are not visible, refuse the whole change. */
function refuseLinks(links: Links): LinkRefusal | null {
  const db = getDb();
  for (const target of LINK_TARGETS) {
    const ids = links[target.key];
    const known = new Set(
      (db.prepare(target.known).all(JSON.stringify(ids)) as { id: number }[]).map((r) => r.id),
    );
    const missing = ids.filter((id) => !known.has(id));
    if (missing.length)
      return { ok: false, field: target.field, reason: target.reason, ids: missing };
  }
  return null;
}

function writeLinks(actionId: number, links: Links) {
  const db = getDb();
  for (const t of LINK_TARGETS) {
    db.prepare(`DELETE FROM ${t.table} WHERE action_id = ? ${t.replaced}`).run(actionId);
    const insert = db.prepare(
      `INSERT OR IGNORE INTO ${t.table} (action_id, ${t.column}) VALUES (?, ?)`,
    );
    for (const id of links[t.key]) insert.run(actionId, id);
  }
}

const FIELDS = `title = @title, body = @body, focus_area = @focusArea, partner_id = @partnerId,
  contact_role = @contactRole, status = @status, status_reason = @statusReason, progress = @progress,
  co2e_tonnes_per_year = @co2eTonnesPerYear, co2e_method = @co2eMethod, budget_sek = @budgetSek,
  start_date = @startDate, end_date = @endDate, lat = @lat, lng = @lng, area = @area`;

function columns(input: ActionInput) {
  const { groupIds: _g, ideaIds: _i, workshopIds: _w, ...fields } = input;
  return fields;
}

/** The links of a form, each id once. */
function distinctLinks(input: ActionInput): Links {
  return {
    groupIds: [...new Set(input.groupIds)],
    ideaIds: [...new Set(input.ideaIds)],
    workshopIds: [...new Set(input.workshopIds)],
  };
}

export type ActionWriteResult = { ok: true; id: number } | LinkRefusal;

export function createAction(input: ActionInput, actorId: number): ActionWriteResult {
  const db = getDb();
  return db
    .transaction((): ActionWriteResult => {
      const links = distinctLinks(input);
      const refusal = refuseLinks(links);
      if (refusal) return refusal;
      const id = Number(
        db
          .prepare(
            `INSERT INTO actions (title, body, focus_area, partner_id, contact_role, status, status_reason,
               progress, co2e_tonnes_per_year, co2e_method, budget_sek, start_date, end_date, lat, lng,
               area, created_by)
             VALUES (@title, @body, @focusArea, @partnerId, @contactRole, @status, @statusReason,
               @progress, @co2eTonnesPerYear, @co2eMethod, @budgetSek, @startDate, @endDate, @lat, @lng,
               @area, @actorId)`,
          )
          .run({ ...columns(input), actorId }).lastInsertRowid,
      );
      writeLinks(id, links);
      logAction({
        actorId,
        action: "action.create",
        targetType: "action",
        targetId: id,
        details: { title: input.title, ...links },
      });
      return { ok: true, id };
    })
    .immediate();
}

export function editAction(id: number, input: ActionInput, actorId: number): ActionWriteResult {
  const db = getDb();
  return db
    .transaction((): ActionWriteResult => {
      const links = distinctLinks(input);
      const refusal = refuseLinks(links);
      if (refusal) return refusal;
      const changed = db
        .prepare(`UPDATE actions SET ${FIELDS}, updated_at = ${NOW} WHERE id = @id`)
        .run({ ...columns(input), id });
      if (changed.changes !== 1) throw new Error("The action is gone");
      writeLinks(id, links);
      logAction({
        actorId,
        action: "action.edit",
        targetType: "action",
        targetId: id,
        details: { ...columns(input), ...links },
      });
      return { ok: true, id };
    })
    .immediate();
}

/** The authors, co-authors, supporters and followers of the visible ideas behind an action, each once. */
function peopleBehindAction(actionId: number) {
  return getDb()
    .prepare(
      `WITH behind AS (SELECT id FROM ideas WHERE status = 'visible' AND id IN (${BEHIND}))
       SELECT p.user_id AS userId, min(p.idea_id) AS ideaId FROM (
         SELECT i.author_id AS user_id, i.id AS idea_id FROM ideas i JOIN behind b ON b.id = i.id WHERE i.author_id IS NOT NULL
         UNION SELECT s.user_id, s.idea_id FROM supports s JOIN behind b ON b.id = s.idea_id
         UNION SELECT f.user_id, f.idea_id FROM follows f JOIN behind b ON b.id = f.idea_id
         UNION SELECT c.user_id, c.idea_id FROM idea_coauthors c JOIN behind b ON b.id = c.idea_id
       ) p JOIN users u ON u.id = p.user_id WHERE u.deleted_at IS NULL GROUP BY p.user_id`,
    )
    .all({ a: actionId }) as { userId: number; ideaId: number }[];
}

export function countPeopleBehindAction(actionId: number): number {
  return peopleBehindAction(actionId).length;
}

export type UpdateResult = { ok: true; told: number[] } | { ok: false; reason: string };

/**
 * A progress update: the action's status and progress change, the message goes on its public
 * timeline, and everyone behind its ideas is notified. `check` (the domain's status rule) decides
 * with the status the action has inside this transaction.
 */
export function postActionUpdate(
  actionId: number,
  update: { status: ActionStatus; progress: number; message: string },
  actorId: number,
  check: (from: ActionStatus) => { ok: true } | { ok: false; reason: string },
): UpdateResult {
  const db = getDb();
  return db
    .transaction((): UpdateResult => {
      const current = db.prepare("SELECT status FROM actions WHERE id = ?").get(actionId) as
        { status: ActionStatus } | undefined;
      if (!current) return { ok: false, reason: "actions.errors.notFound" };
      const verdict = check(current.status);
      if (!verdict.ok) return verdict;
      db.prepare(
        `UPDATE actions SET status = @status, progress = @progress,
           status_reason = CASE WHEN @status = 'stopped' THEN @message ELSE status_reason END,
           updated_at = ${NOW} WHERE id = @id`,
      ).run({ ...update, id: actionId });
      db.prepare(
        "INSERT INTO action_updates (action_id, status, progress, message, author_id) VALUES (?, ?, ?, ?, ?)",
      ).run(actionId, update.status, update.progress, update.message, actorId);
      const people = peopleBehindAction(actionId);
      const tell = db.prepare(
        `INSERT INTO notifications (user_id, kind, idea_id, action_id, message)
         VALUES (?, 'action-update', ?, ?, ?)`,
      );
      for (const p of people) tell.run(p.userId, p.ideaId, actionId, update.message);
      logAction({
        actorId,
        action: "action.update",
        targetType: "action",
        targetId: actionId,
        reason: update.message,
        details: {
          from: current.status,
          to: update.status,
          progress: update.progress,
          notified: people.length,
        },
      });
      return { ok: true, told: people.map((p) => p.userId) };
    })
    .immediate();
}

/**
 * One change to an action's milestones, in one transaction with its audit row: `change` writes and
 * says what to log, or gives undefined when the action has no such milestone (nothing is logged).
 */
function auditedMilestoneChange<T>(
  actionId: number,
  actorId: number,
  action: "action.milestone-add" | "action.milestone-done" | "action.milestone-delete",
  change: (db: Db) => { result: T; details: Record<string, unknown> } | undefined,
): T | undefined {
  const db = getDb();
  return db
    .transaction(() => {
      const changed = change(db);
      if (!changed) return undefined;
      logAction({
        actorId,
        action,
        targetType: "action",
        targetId: actionId,
        details: changed.details,
      });
      return changed.result;
    })
    .immediate();
}

/** Any change to an action's milestones (added, marked (not) done, deleted) moves its updated_at. */
function touchAction(db: Db, actionId: number) {
  db.prepare(`UPDATE actions SET updated_at = ${NOW} WHERE id = ?`).run(actionId);
}

export function addMilestone(
  actionId: number,
  milestone: { title: string; dueDate: string },
  actorId: number,
): number {
  return auditedMilestoneChange(actionId, actorId, "action.milestone-add", (db) => {
    const id = Number(
      db
        .prepare("INSERT INTO action_milestones (action_id, title, due_date) VALUES (?, ?, ?)")
        .run(actionId, milestone.title, milestone.dueDate).lastInsertRowid,
    );
    touchAction(db, actionId);
    return { result: id, details: { milestoneId: id, ...milestone } };
  })!;
}

/** Marks a milestone done or not done again; false when it is not this action's. */
export function toggleMilestone(actionId: number, milestoneId: number, actorId: number): boolean {
  const toggled = auditedMilestoneChange(actionId, actorId, "action.milestone-done", (db) => {
    const changed = db
      .prepare(
        "UPDATE action_milestones SET done = 1 - done WHERE id = ? AND action_id = ? RETURNING done",
      )
      .get(milestoneId, actionId) as { done: number } | undefined;
    if (!changed) return undefined;
    touchAction(db, actionId);
    return { result: true, details: { milestoneId, done: changed.done === 1 } };
  });
  return toggled ?? false;
}

export function deleteMilestone(actionId: number, milestoneId: number, actorId: number): boolean {
  const deleted = auditedMilestoneChange(actionId, actorId, "action.milestone-delete", (db) => {
    const gone = db
      .prepare("DELETE FROM action_milestones WHERE id = ? AND action_id = ? RETURNING title")
      .get(milestoneId, actionId) as { title: string } | undefined;
    if (!gone) return undefined;
    touchAction(db, actionId);
    return { result: true, details: { milestoneId, title: gone.title } };
  });
  return deleted ?? false;
}

// --- the chain from an idea or a group ----------------------------------------------------------

export type LinkedAction = { id: number; title: string; status: ActionStatus; progress: number };

/** The actions an idea leads to: linked to it, or to its group. */
export function actionsForIdea(ideaId: number): LinkedAction[] {
  return getDb()
    .prepare(
      `SELECT a.id, a.title, a.status, a.progress FROM actions a WHERE a.id IN (
         SELECT action_id FROM action_ideas WHERE idea_id = @i
         UNION SELECT ag.action_id FROM action_groups ag JOIN ideas i ON i.group_id = ag.group_id WHERE i.id = @i)
       ORDER BY a.start_date, a.id`,
    )
    .all({ i: ideaId }) as LinkedAction[];
}

export function actionsForGroup(groupId: number): LinkedAction[] {
  return getDb()
    .prepare(
      `SELECT a.id, a.title, a.status, a.progress FROM actions a JOIN action_groups ag ON ag.action_id = a.id
       WHERE ag.group_id = ? ORDER BY a.start_date, a.id`,
    )
    .all(groupId) as LinkedAction[];
}

/** An idea's group and stage, for "what became of this" (null when not grouped). */
export function ideaGroup(ideaId: number): ActionGroup | null {
  return (
    (getDb()
      .prepare(
        `SELECT g.id, g.title, g.stage FROM ideas i JOIN co_creation_groups g ON g.id = i.group_id
         WHERE i.id = ?`,
      )
      .get(ideaId) as ActionGroup | undefined) ?? null
  );
}

// --- open data ----------------------------------------------------------------------------------

export type OpenAction = ActionView & { ideaIds: string };

/** Every action with the ids of the visible ideas behind it (JSON array). No names, no e-mail. */
export function openActions(): OpenAction[] {
  return getDb()
    .prepare(
      `SELECT ${VIEW_COLUMNS},
         (SELECT json_group_array(x.id) FROM (SELECT i.id FROM ideas i WHERE i.status = 'visible' AND i.id IN (
            SELECT ai.idea_id FROM action_ideas ai WHERE ai.action_id = a.id
            UNION SELECT i2.id FROM ideas i2 JOIN action_groups ag ON ag.group_id = i2.group_id WHERE ag.action_id = a.id)
          ORDER BY i.id) x) AS ideaIds
       FROM actions a JOIN action_partners p ON p.id = a.partner_id ORDER BY a.id`,
    )
    .all() as OpenAction[];
}

export type IdeaJourney = { group: ActionGroup | null; actions: LinkedAction[] };

/** "What became of this": the idea's group and stage, and the actions it leads to. */
export function ideaJourney(ideaId: number): IdeaJourney {
  return { group: ideaGroup(ideaId), actions: actionsForIdea(ideaId) };
}
