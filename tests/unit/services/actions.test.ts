// The action portfolio's commands on a real (in-memory, migrated) database: links, validation in
// the model, progress updates that notify everyone behind the ideas and mail those who want it.
import { beforeAll, describe, expect, it } from "vitest";
import type { TFunction } from "i18next";
import { NewActionSchema, type ActionFields } from "~/domain/action-schemas";
import {
  actionIdeas,
  actionMilestones,
  actionsForIdea,
  actionTimeline,
  actionWorkshops,
  getAction,
  listActions,
  openActions,
} from "~/models/actions.server";
import { outboxRows } from "~/models/mail-outbox.server";
import {
  addMilestoneToAction,
  createActionFromForm,
  deleteActionMilestone,
  editActionFromForm,
  postActionUpdateAndTell,
  toggleActionMilestone,
} from "~/services/actions.server";
import { actionsGeoJson } from "~/services/open-data.server";
import { getDb } from "~/utils/db.server";
import { makeIdea, makeUser } from "../helpers";

const t = ((key: string) => key) as unknown as TFunction;

const rawFields = {
  title: "Laddinfrastruktur vid Knalleland",
  body: "Snabbladdare för elbilar och elcyklar vid Knalleland.",
  focusArea: "mobility",
  partner: "Borås Energi och Miljö",
  status: "started",
  progress: "20",
  co2eTonnesPerYear: "120,5",
  co2eMethod: "Ersatta bensinkilometer × utsläppsfaktor",
  budgetSek: "2 400 000",
  startDate: "2026-03-01",
  endDate: "2027-06-30",
  lat: "57.7305",
  lng: "12.9262",
};

function fields(overrides: Record<string, unknown> = {}): ActionFields {
  return NewActionSchema.parse({ ...rawFields, ...overrides });
}

let moderator: number;
let author: number;
let supporter: number;
let follower: number;
let hiddenSupporter: number;
let groupId: number;
let groupedIdea: number;
let directIdea: number;
let hiddenIdea: number;

beforeAll(() => {
  const db = getDb();
  moderator = makeUser({ role: "moderator" });
  author = makeUser();
  supporter = makeUser();
  follower = makeUser();
  hiddenSupporter = makeUser();
  groupId = Number(
    db
      .prepare(
        "INSERT INTO co_creation_groups (title, focus_area, stage) VALUES ('Laddning', 'mobility', 'decided')",
      )
      .run().lastInsertRowid,
  );
  groupedIdea = makeIdea(author, { title: "Laddstolpar vid Knalleland" });
  db.prepare("UPDATE ideas SET group_id = ? WHERE id = ?").run(groupId, groupedIdea);
  db.prepare("INSERT INTO supports (user_id, idea_id) VALUES (?, ?)").run(supporter, groupedIdea);
  directIdea = makeIdea(null, { title: "Elcykelpool" });
  db.prepare("INSERT INTO follows (user_id, idea_id) VALUES (?, ?)").run(follower, directIdea);
  hiddenIdea = makeIdea(null, { title: "Dold idé om laddning", status: "hidden" });
  db.prepare("UPDATE ideas SET group_id = ? WHERE id = ?").run(groupId, hiddenIdea);
  db.prepare("INSERT INTO supports (user_id, idea_id) VALUES (?, ?)").run(
    hiddenSupporter,
    hiddenIdea,
  );
});

describe("creating an action", () => {
  it("links the group and the ideas, and lists only the visible ideas behind it", () => {
    const result = createActionFromForm(
      fields({ groupId: [String(groupId)], ideaId: [String(directIdea)] }),
      moderator,
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const action = getAction(result.id)!;
    expect(action).toMatchObject({
      partner: "Borås Energi och Miljö",
      co2eTonnesPerYear: 120.5,
      budgetSek: 2_400_000,
      ideas: 2,
    });
    expect(
      actionIdeas(result.id)
        .map((i) => i.id)
        .sort(),
    ).toEqual([groupedIdea, directIdea].sort());
    expect(actionsForIdea(groupedIdea).map((a) => a.id)).toContain(result.id);
    expect(actionsForIdea(directIdea).map((a) => a.id)).toContain(result.id);
    const open = openActions().find((a) => a.id === result.id)!;
    expect(JSON.parse(open.ideaIds)).toEqual([groupedIdea, directIdea].sort((a, b) => a - b));
    const audit = getDb()
      .prepare("SELECT action FROM audit_log WHERE target_type = 'action' AND target_id = ?")
      .all(result.id);
    expect(audit).toEqual([{ action: "action.create" }]);
  });

  it("refuses an unknown group, a hidden idea or an unknown partner, and writes nothing", () => {
    const before = listActions().length;
    expect(createActionFromForm(fields({ groupId: ["999999"] }), moderator)).toEqual({
      ok: false,
      errors: { groupId: ["actions.errors.unknownGroup"] },
    });
    expect(createActionFromForm(fields({ ideaId: [String(hiddenIdea)] }), moderator)).toEqual({
      ok: false,
      errors: { ideaId: ["actions.errors.unknownIdea"] },
    });
    expect(createActionFromForm(fields({ partner: "Okänd AB" }), moderator)).toEqual({
      ok: false,
      errors: { partner: ["actions.errors.partnerUnknown"] },
    });
    expect(createActionFromForm(fields({ workshopId: ["999999"] }), moderator)).toEqual({
      ok: false,
      errors: { workshopId: ["actions.errors.unknownWorkshop"] },
    });
    expect(listActions()).toHaveLength(before);
  });

  it("keeps its contact role and the workshops that shaped it, and edits replace them", () => {
    const workshop = (title: string) =>
      Number(
        getDb()
          .prepare("INSERT INTO workshops (code, title, facilitator_id) VALUES (?, ?, ?)")
          .run(title.slice(0, 6).toUpperCase(), title, moderator).lastInsertRowid,
      );
    const [first, second] = [workshop("Laddverkstad"), workshop("Cykeldialog")];
    const result = createActionFromForm(
      fields({ contactRole: " Projektledare laddning ", workshopId: [String(first)] }),
      moderator,
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(getAction(result.id)?.contactRole).toBe("Projektledare laddning");
    expect(actionWorkshops(result.id).map((w) => w.title)).toEqual(["Laddverkstad"]);
    expect(
      editActionFromForm(result.id, fields({ workshopId: `${first}, ${second}` }), moderator),
    ).toEqual({ ok: true, id: result.id });
    expect(actionWorkshops(result.id).map((w) => w.id)).toEqual([first, second]);
    expect(getAction(result.id)?.contactRole).toBe("");
    expect(
      NewActionSchema.safeParse({ ...rawFields, contactRole: "x".repeat(121) }).error?.issues,
    ).toMatchObject([{ path: ["contactRole"], message: "actions.errors.contactRoleTooLong" }]);
  });
});

describe("an action's area", () => {
  type Feature = { geometry: GeoJSON.Geometry | null; properties: Record<string, unknown> };
  const feature = (id: number) =>
    (JSON.parse(actionsGeoJson()) as { features: (Feature & { id: number })[] }).features.find(
      (f) => f.id === id,
    )!;

  it("is kept on create and edit, audited, and drawn in open data when there is no point", () => {
    const result = createActionFromForm(
      fields({ lat: "", lng: "", area: "municipality" }),
      moderator,
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(getAction(result.id)).toMatchObject({ area: "municipality", lat: null, lng: null });
    const whole = feature(result.id);
    expect(whole.geometry?.type).toBe("Polygon");
    expect(whole.properties).toMatchObject({ area: "municipality", area_name: "Borås kommun" });

    expect(editActionFromForm(result.id, fields({ area: "norrby" }), moderator)).toEqual({
      ok: true,
      id: result.id,
    });
    expect(getAction(result.id)?.area).toBe("norrby");
    // the action's own point wins over its area's
    expect(feature(result.id)).toMatchObject({
      geometry: { type: "Point", coordinates: [12.9262, 57.7305] },
      properties: { area: "norrby", area_name: "Norrby" },
    });
    const edit = getDb()
      .prepare(
        "SELECT details FROM audit_log WHERE target_type = 'action' AND target_id = ? AND action = 'action.edit'",
      )
      .get(result.id) as { details: string };
    expect(JSON.parse(edit.details)).toMatchObject({ area: "norrby" });

    expect(editActionFromForm(result.id, fields({ area: "" }), moderator).ok).toBe(true);
    expect(getAction(result.id)?.area).toBeNull();
    expect(feature(result.id).properties).toMatchObject({ area: null, area_name: null });
  });
});

describe("a progress update", () => {
  it("goes on the timeline, notifies author, supporter and follower (not the hidden idea's people) and mails them", () => {
    const created = createActionFromForm(
      fields({ groupId: [String(groupId)], ideaId: [String(directIdea)] }),
      moderator,
    );
    if (!created.ok) throw new Error("not created");
    const result = postActionUpdateAndTell(
      created.id,
      { status: "started", progress: 45, message: "Tio laddare är på plats." },
      moderator,
      t,
    );
    expect(result).toEqual({ ok: true, told: 3 });
    expect(getAction(created.id)).toMatchObject({ progress: 45, status: "started" });
    expect(actionTimeline(created.id)).toMatchObject([
      { message: "Tio laddare är på plats.", progress: 45 },
    ]);
    const told = (
      getDb()
        .prepare(
          "SELECT user_id AS userId FROM notifications WHERE kind = 'action-update' AND action_id = ? ORDER BY user_id",
        )
        .all(created.id) as { userId: number }[]
    ).map((r) => r.userId);
    expect(told).toEqual([author, supporter, follower].sort((a, b) => a - b));
    expect(told).not.toContain(hiddenSupporter);
    expect(outboxRows().filter((m) => m.subject === "actions.mail.subject")).toHaveLength(3);
  });

  it("refuses a status its rules forbid, and changes nothing", () => {
    const created = createActionFromForm(fields(), moderator);
    if (!created.ok) throw new Error("not created");
    const refused = postActionUpdateAndTell(
      created.id,
      { status: "done", progress: 80, message: "Klart?" },
      moderator,
      t,
    );
    expect(refused).toEqual({ ok: false, errors: { status: ["actions.errors.doneNeedsFull"] } });
    expect(getAction(created.id)).toMatchObject({ status: "started", progress: 20 });
    expect(actionTimeline(created.id)).toEqual([]);
    expect(
      editActionFromForm(created.id, fields({ status: "planned", progress: "0" }), moderator),
    ).toEqual({ ok: false, errors: { status: ["actions.errors.backToPlanned"] } });
  });

  it("keeps the reason of a stopped action", () => {
    const created = createActionFromForm(fields(), moderator);
    if (!created.ok) throw new Error("not created");
    postActionUpdateAndTell(
      created.id,
      { status: "stopped", progress: 20, message: "Marken behövs till en skola." },
      moderator,
      t,
    );
    expect(getAction(created.id)).toMatchObject({
      status: "stopped",
      statusReason: "Marken behövs till en skola.",
    });
  });
});

describe("milestones", () => {
  it("are added, marked done and undone, and deleted only on their own action, each change audited", () => {
    const mine = createActionFromForm(fields(), moderator);
    const other = createActionFromForm(fields({ title: "En annan åtgärd" }), moderator);
    if (!mine.ok || !other.ok) throw new Error("not created");
    const audited = (actionId: number) =>
      (
        getDb()
          .prepare(
            `SELECT action, details FROM audit_log
             WHERE target_type = 'action' AND target_id = ? AND action LIKE 'action.milestone-%' ORDER BY id`,
          )
          .all(actionId) as { action: string; details: string }[]
      ).map((row) => ({ action: row.action, details: JSON.parse(row.details) as unknown }));
    const milestone = { title: "Bygglov beviljat", dueDate: "2027-02-28" };

    const id = addMilestoneToAction(mine.id, milestone, moderator);
    expect(actionMilestones(mine.id)).toEqual([{ id, ...milestone, done: false }]);
    // Another action's milestone id changes nothing there, and nothing is logged.
    expect(toggleActionMilestone(other.id, id, moderator)).toBe(false);
    expect(deleteActionMilestone(other.id, id, moderator)).toBe(false);
    expect(actionMilestones(mine.id)).toEqual([{ id, ...milestone, done: false }]);

    expect(toggleActionMilestone(mine.id, id, moderator)).toBe(true);
    expect(actionMilestones(mine.id)[0].done).toBe(true);
    expect(toggleActionMilestone(mine.id, id, moderator)).toBe(true);
    expect(actionMilestones(mine.id)[0].done).toBe(false);
    const backdate = getDb().prepare("UPDATE actions SET updated_at = '2020-01-01T00:00:00.000Z'");
    backdate.run();
    expect(deleteActionMilestone(other.id, id, moderator)).toBe(false);
    expect(getAction(mine.id)?.updatedAt).toBe("2020-01-01T00:00:00.000Z");
    expect(deleteActionMilestone(mine.id, id, moderator)).toBe(true);
    expect(actionMilestones(mine.id)).toEqual([]);
    // A deletion is a change residents see (the plan, the progress): the action's date moves.
    expect(getAction(mine.id)?.updatedAt).not.toBe("2020-01-01T00:00:00.000Z");
    expect(getAction(other.id)?.updatedAt).toBe("2020-01-01T00:00:00.000Z");
    expect(deleteActionMilestone(mine.id, id, moderator)).toBe(false);

    expect(audited(mine.id)).toEqual([
      { action: "action.milestone-add", details: { milestoneId: id, ...milestone } },
      { action: "action.milestone-done", details: { milestoneId: id, done: true } },
      { action: "action.milestone-done", details: { milestoneId: id, done: false } },
      { action: "action.milestone-delete", details: { milestoneId: id, title: milestone.title } },
    ]);
    expect(audited(other.id)).toEqual([]);
  });
});
