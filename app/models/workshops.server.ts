// Live workshops: the SQL for sessions, participants, their ideas and dots, and the event log.
import crypto from "node:crypto";
import type { FocusArea } from "~/domain/focus-areas";
import type { BBox } from "~/domain/geo";
import { logAction } from "~/models/audit.server";
import { hashToken } from "~/models/sessions.server";
import { getSettings } from "~/models/settings.server";
import { getDb } from "~/utils/db.server";

const NOW = "strftime('%Y-%m-%dT%H:%M:%fZ','now')";
// No 0/O, 1/I/L: a code read aloud or from a screen at five metres must not be ambiguous.
const CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
export const CODE_LENGTH = 6;

export type Workshop = {
  id: number;
  code: string;
  title: string;
  focusArea: FocusArea | null;
  groupId: number | null;
  dots: number;
  area: BBox | null;
  publish: "on-close" | "immediately";
  status: "open" | "closed";
  frozen: boolean;
  namesHidden: boolean;
  spotlightIdeaId: number | null;
  timer: { endsAt: string; label: string } | null;
  facilitatorId: number | null;
  createdAt: string;
  closedAt: string | null;
};

type WorkshopRow = Omit<Workshop, "area" | "frozen" | "namesHidden" | "timer"> & {
  west: number | null;
  south: number | null;
  east: number | null;
  north: number | null;
  frozen: number;
  namesHidden: number;
  timerEndsAt: string | null;
  timerLabel: string | null;
};

const COLUMNS = `id, code, title, focus_area AS focusArea, group_id AS groupId, dots, west, south, east, north,
  publish, status, frozen, names_hidden AS namesHidden, spotlight_idea_id AS spotlightIdeaId,
  timer_ends_at AS timerEndsAt, timer_label AS timerLabel, facilitator_id AS facilitatorId,
  created_at AS createdAt, closed_at AS closedAt`;

function toWorkshop(row: WorkshopRow | undefined): Workshop | undefined {
  if (!row) return undefined;
  const { west, south, east, north, frozen, namesHidden, timerEndsAt, timerLabel, ...rest } = row;
  return {
    ...rest,
    area:
      west !== null && south !== null && east !== null && north !== null
        ? { west, south, east, north }
        : null,
    frozen: frozen === 1,
    namesHidden: namesHidden === 1,
    timer: timerEndsAt ? { endsAt: timerEndsAt, label: timerLabel ?? "" } : null,
  };
}

export function newWorkshopCode(): string {
  const bytes = crypto.randomBytes(CODE_LENGTH);
  return Array.from(bytes, (b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join("");
}

export type NewWorkshop = {
  title: string;
  focusArea: FocusArea | null;
  groupId: number | null;
  dots: number;
  area: BBox | null;
  publish: "on-close" | "immediately";
  facilitatorId: number;
};

export function createWorkshop(input: NewWorkshop): { id: number; code: string } {
  const db = getDb();
  return db
    .transaction(() => {
      for (;;) {
        const code = newWorkshopCode();
        if (db.prepare("SELECT 1 FROM workshops WHERE code = ?").get(code)) continue;
        const id = Number(
          db
            .prepare(
              `INSERT INTO workshops (code, title, focus_area, group_id, dots, west, south, east, north, publish, facilitator_id)
               VALUES (@code, @title, @focusArea, @groupId, @dots, @west, @south, @east, @north, @publish, @facilitatorId)`,
            )
            .run({
              ...input,
              code,
              ...(input.area ?? { west: null, south: null, east: null, north: null }),
            }).lastInsertRowid,
        );
        logAction({
          actorId: input.facilitatorId,
          action: "workshop.create",
          targetType: "workshop",
          targetId: id,
          details: { code },
        });
        return { id, code };
      }
    })
    .immediate();
}

export function workshopById(id: number): Workshop | undefined {
  return toWorkshop(
    getDb().prepare(`SELECT ${COLUMNS} FROM workshops WHERE id = ?`).get(id) as
      WorkshopRow | undefined,
  );
}

export function workshopByCode(code: string): Workshop | undefined {
  return toWorkshop(
    getDb()
      .prepare(`SELECT ${COLUMNS} FROM workshops WHERE code = ?`)
      .get(code.trim().toUpperCase()) as WorkshopRow | undefined,
  );
}

export function workshopsFor(
  userId: number,
  all: boolean,
): (Workshop & { ideas: number; participants: number })[] {
  const rows = getDb()
    .prepare(
      `SELECT ${COLUMNS},
         (SELECT count(*) FROM workshop_ideas wi WHERE wi.workshop_id = workshops.id) AS ideas,
         (SELECT count(*) FROM workshop_participants wp WHERE wp.workshop_id = workshops.id) AS participants
       FROM workshops WHERE @all = 1 OR facilitator_id = @userId ORDER BY created_at DESC LIMIT 200`,
    )
    .all({ userId, all: all ? 1 : 0 }) as (WorkshopRow & { ideas: number; participants: number })[];
  return rows.map((r) => ({ ...toWorkshop(r)!, ideas: r.ideas, participants: r.participants }));
}

/**
 * Workshops a moderator can link to an action: the newest hundred, and always those named in
 * `include` (already linked), newest first.
 */
export function workshopChoices(
  include: number[] = [],
): { id: number; title: string; createdAt: string }[] {
  return getDb()
    .prepare(
      `SELECT id, title, created_at AS createdAt FROM workshops
       WHERE id IN (SELECT id FROM workshops ORDER BY created_at DESC, id DESC LIMIT 100)
          OR id IN (SELECT value FROM json_each(?))
       ORDER BY created_at DESC, id DESC`,
    )
    .all(JSON.stringify(include)) as { id: number; title: string; createdAt: string }[];
}

/** The workshops held for a co-creation group (they shaped what the group becomes). */
export function workshopIdsOfGroup(groupId: number): number[] {
  return (
    getDb().prepare("SELECT id FROM workshops WHERE group_id = ? ORDER BY id").all(groupId) as {
      id: number;
    }[]
  ).map((r) => r.id);
}

export type Participant = {
  id: number;
  workshopId: number;
  name: string | null;
  userId: number | null;
};
/** A participant as the cookie finds it: `blocked` when the account behind it is blocked or deleted. */
export type ParticipantStanding = Participant & { blocked: boolean };

/**
 * Joins a workshop; a signed-in person keeps one participant per workshop, and so does a browser
 * that joins again with its participant cookie (`rejoining`): dots and limits stay with the
 * participant, a rejoin gets a new token for it, never fresh allowances. Returns the cookie token.
 */
export function joinWorkshop(
  workshopId: number,
  person: { name: string | null; userId: number | null; rejoining?: number | null },
): { token: string; participantId: number } {
  const db = getDb();
  return db
    .transaction(() => {
      const token = crypto.randomBytes(24).toString("base64url");
      if (person.userId === null && person.rejoining) {
        const updated = db
          .prepare(
            "UPDATE workshop_participants SET token_hash = ?, name = coalesce(?, name) WHERE id = ? AND workshop_id = ?",
          )
          .run(hashToken(token), person.name, person.rejoining, workshopId);
        if (updated.changes === 1) return { token, participantId: person.rejoining };
      }
      if (person.userId !== null) {
        const existing = db
          .prepare("SELECT id FROM workshop_participants WHERE workshop_id = ? AND user_id = ?")
          .get(workshopId, person.userId) as { id: number } | undefined;
        if (existing) {
          db.prepare(
            "UPDATE workshop_participants SET token_hash = ?, name = coalesce(?, name) WHERE id = ?",
          ).run(hashToken(token), person.name, existing.id);
          return { token, participantId: existing.id };
        }
      }
      const participantId = Number(
        db
          .prepare(
            "INSERT INTO workshop_participants (workshop_id, token_hash, name, user_id) VALUES (?, ?, ?, ?)",
          )
          .run(workshopId, hashToken(token), person.name, person.userId).lastInsertRowid,
      );
      return { token, participantId };
    })
    .immediate();
}

export function participantByToken(
  workshopId: number,
  token: string,
): ParticipantStanding | undefined {
  const row = getDb()
    .prepare(
      `SELECT wp.id, wp.workshop_id AS workshopId, wp.name, wp.user_id AS userId,
         (u.blocked_at IS NOT NULL OR u.deleted_at IS NOT NULL) AS blocked
       FROM workshop_participants wp LEFT JOIN users u ON u.id = wp.user_id
       WHERE wp.workshop_id = ? AND wp.token_hash = ?`,
    )
    .get(workshopId, hashToken(token)) as (Participant & { blocked: number | null }) | undefined;
  return row && { ...row, blocked: row.blocked === 1 };
}

/** Takes a person's name off their workshop participants (account deletion); returns those workshops. */
export function eraseParticipantNames(userId: number): number[] {
  const db = getDb();
  return db
    .transaction(() =>
      (
        db
          .prepare(
            "UPDATE workshop_participants SET name = NULL WHERE user_id = ? RETURNING workshop_id AS id",
          )
          .all(userId) as { id: number }[]
      ).map((r) => r.id),
    )
    .immediate();
}

/** The open workshops that hold any of these ideas. */
export function openWorkshopIdsOfIdeas(ideaIds: number[]): number[] {
  if (ideaIds.length === 0) return [];
  return (
    getDb()
      .prepare(
        `SELECT DISTINCT wi.workshop_id AS id FROM workshop_ideas wi JOIN workshops w ON w.id = wi.workshop_id
         WHERE w.status = 'open' AND wi.idea_id IN (SELECT value FROM json_each(?))`,
      )
      .all(JSON.stringify(ideaIds)) as { id: number }[]
  ).map((r) => r.id);
}

export type ScreenIdea = {
  id: number;
  title: string;
  body: string;
  lat: number;
  lng: number;
  focusArea: FocusArea;
  name: string | null;
  dots: number;
  createdAt: string;
};

/** The ideas the screen shows (not held back by a freeze, not hidden by moderators). */
export function screenIdeas(workshop: Workshop): ScreenIdea[] {
  return (
    getDb()
      .prepare(
        `SELECT i.id, i.title, i.body, i.lat, i.lng, i.focus_area AS focusArea, wp.name,
           (SELECT count(*) FROM workshop_dots d WHERE d.idea_id = i.id AND d.workshop_id = wi.workshop_id) AS dots,
           wi.created_at AS createdAt
         FROM workshop_ideas wi JOIN ideas i ON i.id = wi.idea_id
         LEFT JOIN workshop_participants wp ON wp.id = wi.participant_id
         WHERE wi.workshop_id = ? AND wi.held = 0 AND i.status IN ('visible', 'pending') AND i.reviewed_at IS NOT NULL
         ORDER BY wi.created_at, i.id`,
      )
      .all(workshop.id) as ScreenIdea[]
  ).map((idea) => (workshop.namesHidden ? { ...idea, name: null } : idea));
}

export function screenIdea(workshop: Workshop, ideaId: number): ScreenIdea | undefined {
  return screenIdeas(workshop).find((i) => i.id === ideaId);
}

/** A participant's own ideas that wait for a moderator (pre-moderation): shown to them as waiting. */
export function waitingIdeasOf(participantId: number): { id: number; title: string }[] {
  return getDb()
    .prepare(
      `SELECT i.id, i.title FROM workshop_ideas wi JOIN ideas i ON i.id = wi.idea_id
       WHERE wi.participant_id = ? AND i.status = 'pending' AND i.reviewed_at IS NULL
       ORDER BY wi.created_at`,
    )
    .all(participantId) as { id: number; title: string }[];
}

/** A participant's own ideas that a freeze holds off the screen: shown to them as coming soon. */
export function heldIdeasOf(participantId: number): { id: number; title: string }[] {
  return getDb()
    .prepare(
      `SELECT i.id, i.title FROM workshop_ideas wi JOIN ideas i ON i.id = wi.idea_id
       WHERE wi.participant_id = ? AND wi.held = 1 AND i.status IN ('visible', 'pending') AND i.reviewed_at IS NOT NULL
       ORDER BY wi.created_at`,
    )
    .all(participantId) as { id: number; title: string }[];
}

export type WorkshopIdeaInput = {
  title: string;
  body: string;
  lat: number;
  lng: number;
  focusArea: FocusArea;
};

/** Who wrote a workshop idea: a participant on a phone, or the facilitator typing a sticky note. */
export type WorkshopIdeaAuthor = Participant | { facilitatorId: number };

/**
 * An idea from the room: it joins the workshop's group, waits (status pending) until the workshop
 * closes unless the facilitator publishes at once, and is held off the screen while frozen. With
 * pre-moderation on, it also waits for a moderator (pending, not reviewed): off the screen, and not
 * published by closing, until approved. A facilitator's sticky note does not wait, and it belongs
 * to the workshop: no participant (it does not count as a phone, and no name is shown with it).
 */
export function postWorkshopIdea(
  workshop: Workshop,
  author: WorkshopIdeaAuthor,
  idea: WorkshopIdeaInput,
): { ideaId: number; held: boolean; waiting: boolean } {
  const db = getDb();
  const byStaff = "facilitatorId" in author;
  const participantId = byStaff ? null : author.id;
  const userId = byStaff ? author.facilitatorId : author.userId;
  return db
    .transaction(() => {
      const waiting = !byStaff && getSettings().premoderation;
      const status = workshop.publish === "immediately" && !waiting ? "visible" : "pending";
      const ideaId = Number(
        db
          .prepare(
            `INSERT INTO ideas (title, body, focus_area, lat, lng, author_id, group_id, status, reviewed_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ${waiting ? "NULL" : NOW})`,
          )
          .run(
            idea.title,
            idea.body,
            idea.focusArea,
            idea.lat,
            idea.lng,
            userId,
            workshop.groupId,
            status,
          ).lastInsertRowid,
      );
      db.prepare(
        "INSERT INTO workshop_ideas (idea_id, workshop_id, participant_id, held) VALUES (?, ?, ?, ?)",
      ).run(ideaId, workshop.id, participantId, workshop.frozen ? 1 : 0);
      if (userId !== null)
        db.prepare("INSERT OR IGNORE INTO follows (user_id, idea_id) VALUES (?, ?)").run(
          userId,
          ideaId,
        );
      return { ideaId, held: workshop.frozen, waiting };
    })
    .immediate();
}

/**
 * How an idea from a workshop is credited on its page: the workshop, and the participant's chosen
 * name (null: shown as "a participant"); `byWorkshop` for the facilitator's sticky notes (older
 * notes were typed through a participant of the facilitator's own account), credited to the
 * workshop alone. Undefined for an idea that did not come from a workshop.
 */
export function workshopCreditOf(
  ideaId: number,
):
  | { workshopId: number; title: string; closed: boolean; name: string | null; byWorkshop: boolean }
  | undefined {
  const row = getDb()
    .prepare(
      `SELECT w.id AS workshopId, w.title, w.status = 'closed' AS closed, wp.name,
         (wi.participant_id IS NULL OR (wp.user_id IS NOT NULL AND wp.user_id = w.facilitator_id)) AS byWorkshop
       FROM workshop_ideas wi JOIN workshops w ON w.id = wi.workshop_id
       LEFT JOIN workshop_participants wp ON wp.id = wi.participant_id
       WHERE wi.idea_id = ?`,
    )
    .get(ideaId) as
    | { workshopId: number; title: string; closed: number; name: string | null; byWorkshop: number }
    | undefined;
  if (!row) return undefined;
  return {
    ...row,
    closed: row.closed === 1,
    byWorkshop: row.byWorkshop === 1,
    name: row.byWorkshop === 1 ? null : row.name,
  };
}

export type DotResult =
  | { ok: true; dots: number; left: number }
  | { ok: false; reason: "workshop.noDotsLeft" | "workshop.notInWorkshop" | "workshop.noDotHere" };

/** Places one dot; the limit is checked and the dot written in one transaction. */
export function placeDot(workshop: Workshop, participantId: number, ideaId: number): DotResult {
  const db = getDb();
  return db
    .transaction((): DotResult => {
      if (
        !db
          .prepare(
            `SELECT 1 FROM workshop_ideas wi JOIN ideas i ON i.id = wi.idea_id
         WHERE wi.idea_id = ? AND wi.workshop_id = ? AND wi.held = 0 AND i.status IN ('visible', 'pending') AND i.reviewed_at IS NOT NULL`,
          )
          .get(ideaId, workshop.id)
      ) {
        return { ok: false, reason: "workshop.notInWorkshop" };
      }
      const used = (
        db
          .prepare("SELECT count(*) AS n FROM workshop_dots WHERE participant_id = ?")
          .get(participantId) as { n: number }
      ).n;
      if (used >= workshop.dots) return { ok: false, reason: "workshop.noDotsLeft" };
      db.prepare(
        "INSERT INTO workshop_dots (workshop_id, participant_id, idea_id) VALUES (?, ?, ?)",
      ).run(workshop.id, participantId, ideaId);
      return { ok: true, dots: dotsOn(ideaId), left: workshop.dots - used - 1 };
    })
    .immediate();
}

export function removeDot(workshop: Workshop, participantId: number, ideaId: number): DotResult {
  const db = getDb();
  return db
    .transaction((): DotResult => {
      const dot = db
        .prepare(
          "SELECT id FROM workshop_dots WHERE participant_id = ? AND idea_id = ? AND workshop_id = ? ORDER BY id DESC LIMIT 1",
        )
        .get(participantId, ideaId, workshop.id) as { id: number } | undefined;
      if (!dot) return { ok: false, reason: "workshop.noDotHere" };
      db.prepare("DELETE FROM workshop_dots WHERE id = ?").run(dot.id);
      const used = (
        db
          .prepare("SELECT count(*) AS n FROM workshop_dots WHERE participant_id = ?")
          .get(participantId) as { n: number }
      ).n;
      return { ok: true, dots: dotsOn(ideaId), left: workshop.dots - used };
    })
    .immediate();
}

function dotsOn(ideaId: number): number {
  return (
    getDb().prepare("SELECT count(*) AS n FROM workshop_dots WHERE idea_id = ?").get(ideaId) as {
      n: number;
    }
  ).n;
}

/** Per idea, how many dots this participant has put on it. */
export function myDots(participantId: number): Map<number, number> {
  const rows = getDb()
    .prepare(
      "SELECT idea_id AS ideaId, count(*) AS n FROM workshop_dots WHERE participant_id = ? GROUP BY idea_id",
    )
    .all(participantId) as { ideaId: number; n: number }[];
  return new Map(rows.map((r) => [r.ideaId, r.n]));
}

export type WorkshopChange =
  | { kind: "spotlight"; ideaId: number | null }
  | { kind: "freeze" }
  | { kind: "unfreeze" }
  | { kind: "hide-names" }
  | { kind: "show-names" }
  | { kind: "timer"; minutes: number; label: string }
  | { kind: "stop-timer" }
  | { kind: "close" }
  | { kind: "hide"; ideaId: number; reason: string };

/** Applies a facilitator's control. Returns the ideas released from a freeze (to announce). */
export function changeWorkshop(
  workshopId: number,
  change: WorkshopChange,
  actorId: number,
): { released: number[] } {
  const db = getDb();
  return db
    .transaction(() => {
      let released: number[] = [];
      switch (change.kind) {
        case "spotlight":
          db.prepare("UPDATE workshops SET spotlight_idea_id = ? WHERE id = ?").run(
            change.ideaId,
            workshopId,
          );
          break;
        case "freeze":
          db.prepare("UPDATE workshops SET frozen = 1 WHERE id = ?").run(workshopId);
          break;
        case "unfreeze":
          released = (
            db
              .prepare(
                "SELECT idea_id AS id FROM workshop_ideas WHERE workshop_id = ? AND held = 1 ORDER BY created_at",
              )
              .all(workshopId) as {
              id: number;
            }[]
          ).map((r) => r.id);
          db.prepare("UPDATE workshop_ideas SET held = 0 WHERE workshop_id = ?").run(workshopId);
          db.prepare("UPDATE workshops SET frozen = 0 WHERE id = ?").run(workshopId);
          break;
        case "hide-names":
        case "show-names":
          db.prepare("UPDATE workshops SET names_hidden = ? WHERE id = ?").run(
            change.kind === "hide-names" ? 1 : 0,
            workshopId,
          );
          break;
        case "timer":
          db.prepare(
            `UPDATE workshops SET timer_ends_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?), timer_label = ? WHERE id = ?`,
          ).run(`+${Math.round(change.minutes * 60)} seconds`, change.label, workshopId);
          break;
        case "stop-timer":
          db.prepare(
            "UPDATE workshops SET timer_ends_at = NULL, timer_label = NULL WHERE id = ?",
          ).run(workshopId);
          break;
        case "close":
          // Everything the room wrote joins the platform now; held ideas are released too. Ideas
          // still waiting for a moderator (pre-moderation) stay pending until approved.
          db.prepare("UPDATE workshop_ideas SET held = 0 WHERE workshop_id = ?").run(workshopId);
          db.prepare(
            `UPDATE ideas SET status = 'visible', updated_at = ${NOW}
             WHERE status = 'pending' AND reviewed_at IS NOT NULL AND id IN (SELECT idea_id FROM workshop_ideas WHERE workshop_id = ?)`,
          ).run(workshopId);
          db.prepare(
            `UPDATE workshops SET status = 'closed', closed_at = ${NOW}, frozen = 0, timer_ends_at = NULL, timer_label = NULL, spotlight_idea_id = NULL WHERE id = ?`,
          ).run(workshopId);
          logAction({
            actorId,
            action: "workshop.close",
            targetType: "workshop",
            targetId: workshopId,
          });
          break;
        case "hide": {
          // The facilitator takes a note off the wall: hidden like a moderator's hide (moderators
          // see it in /moderation/hidden and may restore it), and never shown again.
          const hidden = db
            .prepare(
              `UPDATE ideas SET status = 'hidden', hidden_reason = ?, hidden_automatically = 0, reviewed_at = ${NOW}, updated_at = ${NOW}
               WHERE id = ? AND status IN ('visible', 'pending') AND id IN (SELECT idea_id FROM workshop_ideas WHERE workshop_id = ?)`,
            )
            .run(change.reason, change.ideaId, workshopId);
          if (hidden.changes === 1) {
            db.prepare(
              "UPDATE workshops SET spotlight_idea_id = NULL WHERE id = ? AND spotlight_idea_id = ?",
            ).run(workshopId, change.ideaId);
            logAction({
              actorId,
              action: "idea.hide",
              targetType: "idea",
              targetId: change.ideaId,
              reason: change.reason,
            });
          }
          break;
        }
      }
      return { released };
    })
    .immediate();
}

export function workshopIdeaIds(workshopId: number): number[] {
  return (
    getDb()
      .prepare("SELECT idea_id AS id FROM workshop_ideas WHERE workshop_id = ?")
      .all(workshopId) as { id: number }[]
  ).map((r) => r.id);
}

/**
 * Appends to the event log. The hub stores only references (an idea's id, a dot count), never
 * text or names: a replay reads those from the current rows, so that what was hidden or renamed
 * since does not come back.
 */
export function appendWorkshopEvent(workshopId: number, type: string, data: unknown): number {
  return Number(
    getDb()
      .prepare("INSERT INTO workshop_events (workshop_id, type, data) VALUES (?, ?, ?)")
      .run(workshopId, type, JSON.stringify(data)).lastInsertRowid,
  );
}

export function workshopEventsAfter(
  workshopId: number,
  afterId: number,
  limit: number,
): { id: number; type: string; data: string }[] {
  return getDb()
    .prepare(
      "SELECT id, type, data FROM workshop_events WHERE workshop_id = ? AND id > ? ORDER BY id LIMIT ?",
    )
    .all(workshopId, afterId, limit) as { id: number; type: string; data: string }[];
}

/** The first and last event id still in the log (0 and 0 when it is empty). */
export function workshopEventRange(workshopId: number): { first: number; last: number } {
  return getDb()
    .prepare(
      "SELECT coalesce(min(id), 0) AS first, coalesce(max(id), 0) AS last FROM workshop_events WHERE workshop_id = ?",
    )
    .get(workshopId) as { first: number; last: number };
}

export function lastWorkshopEventId(workshopId: number): number {
  return workshopEventRange(workshopId).last;
}

/**
 * Keeps the event log to what a reconnecting screen can still use: every workshop keeps its last
 * `keepLast` events, an open workshop everything of the last `openHours`; a workshop closed more
 * than `closedHours` ago keeps nothing. Returns how many events were deleted.
 */
export function pruneWorkshopEvents({
  keepLast,
  openHours = 24,
  closedHours = 24,
}: {
  keepLast: number;
  openHours?: number;
  closedHours?: number;
}): number {
  const db = getDb();
  return db
    .transaction(() => {
      const ofClosed = db
        .prepare(
          `DELETE FROM workshop_events WHERE workshop_id IN (
             SELECT id FROM workshops WHERE status = 'closed' AND closed_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?))`,
        )
        .run(`-${closedHours} hours`).changes;
      let old = 0;
      const workshops = db
        .prepare("SELECT DISTINCT workshop_id AS id FROM workshop_events")
        .all() as { id: number }[];
      const cutoffOf = db.prepare(
        "SELECT id FROM workshop_events WHERE workshop_id = ? ORDER BY id DESC LIMIT 1 OFFSET ?",
      );
      const deleteOld = db.prepare(
        `DELETE FROM workshop_events WHERE workshop_id = @workshopId AND id < @cutoff
           AND ((SELECT status FROM workshops WHERE id = @workshopId) = 'closed' OR created_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', @age))`,
      );
      for (const { id } of workshops) {
        const cutoff = cutoffOf.get(id, keepLast - 1) as { id: number } | undefined;
        if (cutoff)
          old += deleteOld.run({
            workshopId: id,
            cutoff: cutoff.id,
            age: `-${openHours} hours`,
          }).changes;
      }
      return ofClosed + old;
    })
    .immediate();
}

export type WorkshopResult = ScreenIdea & { participants: number };

/** After the workshop: every idea with its dots, most dotted first. */
export function workshopResults(workshopId: number): (ScreenIdea & { status: string })[] {
  return getDb()
    .prepare(
      `SELECT i.id, i.title, i.body, i.lat, i.lng, i.focus_area AS focusArea, wp.name, i.status,
         (SELECT count(*) FROM workshop_dots d WHERE d.idea_id = i.id AND d.workshop_id = wi.workshop_id) AS dots,
         wi.created_at AS createdAt
       FROM workshop_ideas wi JOIN ideas i ON i.id = wi.idea_id
       LEFT JOIN workshop_participants wp ON wp.id = wi.participant_id
       WHERE wi.workshop_id = ? AND i.status IN ('visible', 'pending')
       ORDER BY dots DESC, wi.created_at`,
    )
    .all(workshopId) as (ScreenIdea & { status: string })[];
}

/** What anyone may see of a workshop's results: its public ideas (no names), most dotted first. */
export function publicWorkshopResults(
  workshopId: number,
): { id: number; title: string; focusArea: FocusArea; lat: number; lng: number; dots: number }[] {
  return getDb()
    .prepare(
      `SELECT i.id, i.title, i.focus_area AS focusArea, i.lat, i.lng,
         (SELECT count(*) FROM workshop_dots d WHERE d.idea_id = i.id AND d.workshop_id = wi.workshop_id) AS dots
       FROM workshop_ideas wi JOIN ideas i ON i.id = wi.idea_id
       WHERE wi.workshop_id = ? AND i.status = 'visible'
       ORDER BY dots DESC, wi.created_at`,
    )
    .all(workshopId) as {
    id: number;
    title: string;
    focusArea: FocusArea;
    lat: number;
    lng: number;
    dots: number;
  }[];
}

/** The people who joined from their phones (not the facilitator's own account). */
export function participantCount(workshopId: number): number {
  return (
    getDb()
      .prepare(
        `SELECT count(*) AS n FROM workshop_participants wp JOIN workshops w ON w.id = wp.workshop_id
         WHERE wp.workshop_id = ? AND (wp.user_id IS NULL OR w.facilitator_id IS NULL OR wp.user_id <> w.facilitator_id)`,
      )
      .get(workshopId) as { n: number }
  ).n;
}
