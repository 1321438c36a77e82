// The live workshop's rules, against a real (in-memory) database: who may place how many dots
// where, what a freeze holds back, what closing releases into the platform, and the room's limits.
import { describe, expect, it } from "vitest";
import { makeIdea, makeUser } from "../helpers";
import { createGroup } from "~/models/groups.server";
import { approveIdea, hideIdea } from "~/models/moderation.server";
import { saveSettings } from "~/models/settings.server";
import { setBlocked } from "~/models/users.server";
import {
  changeWorkshop,
  createWorkshop,
  heldIdeasOf,
  joinWorkshop,
  myDots,
  participantByToken,
  placeDot,
  participantCount,
  postWorkshopIdea,
  publicWorkshopResults,
  removeDot,
  screenIdeas,
  workshopById,
  workshopByCode,
  workshopCreditOf,
  workshopResults,
  type Workshop,
} from "~/models/workshops.server";
import { getDb } from "~/utils/db.server";
import { consume, LIMITS, resetRateLimits } from "~/utils/rate-limit.server";

const TORGET = { lat: 57.7212, lng: 12.9402 };
const statusOf = (id: number) =>
  getDb().prepare("SELECT status, group_id AS groupId FROM ideas WHERE id = ?").get(id) as {
    status: string;
    groupId: number | null;
  };

function workshop(
  overrides: Partial<{
    dots: number;
    publish: "on-close" | "immediately";
    groupId: number | null;
  }> = {},
): Workshop {
  const facilitatorId = makeUser({ role: "facilitator" });
  const { id } = createWorkshop({
    title: "Cykelstaden Borås",
    focusArea: "mobility",
    groupId: overrides.groupId ?? null,
    dots: overrides.dots ?? 3,
    area: null,
    publish: overrides.publish ?? "on-close",
    facilitatorId,
  });
  return workshopById(id)!;
}

function participant(w: Workshop, name: string | null = "Sara") {
  const { token } = joinWorkshop(w.id, { name, userId: null });
  return participantByToken(w.id, token)!;
}

function idea(w: Workshop, title = "Fler cykelställ vid Knalleland") {
  return postWorkshopIdea(workshopById(w.id)!, participant(w), {
    title,
    body: "Under tak, nära entrén.",
    focusArea: "mobility",
    ...TORGET,
  });
}

describe("joining", () => {
  it("gives a token that finds the participant; a wrong token or another workshop's finds nobody", () => {
    const w = workshop();
    const other = workshop();
    const { token, participantId } = joinWorkshop(w.id, { name: "Ali", userId: null });
    expect(participantByToken(w.id, token)).toMatchObject({
      id: participantId,
      name: "Ali",
      userId: null,
    });
    expect(participantByToken(w.id, token + "x")).toBeUndefined();
    expect(participantByToken(other.id, token)).toBeUndefined();
  });

  it("keeps one participant per signed-in resident, however often they join", () => {
    const w = workshop();
    const resident = makeUser();
    const first = joinWorkshop(w.id, { name: null, userId: resident });
    const second = joinWorkshop(w.id, { name: "Maja", userId: resident });
    expect(second.participantId).toBe(first.participantId);
    expect(participantByToken(w.id, first.token), "the old token is replaced").toBeUndefined();
    expect(participantByToken(w.id, second.token)).toMatchObject({
      name: "Maja",
      userId: resident,
    });
  });

  it("finds a workshop by its code however it is typed", () => {
    const w = workshop();
    expect(workshopByCode(` ${w.code.toLowerCase()} `)?.id).toBe(w.id);
    expect(w.code).toMatch(/^[A-HJKMNP-Z2-9]{6}$/);
  });

  it("lets 200 people in one room join within a minute (they share one address)", () => {
    resetRateLimits();
    const now = 5_000_000;
    const answers = Array.from({ length: 200 }, (_, i) =>
      consume([["w-join:ip:10.0.0.1", LIMITS.workshopJoinsPerAddress]], now + i * 250),
    );
    expect(answers.filter((a) => a.ok)).toHaveLength(200);
    resetRateLimits();
  });
});

describe("dots", () => {
  it("counts up to the workshop's limit; a fourth dot when three are allowed changes nothing", () => {
    const w = workshop({ dots: 3 });
    const p = participant(w);
    const { ideaId } = idea(w);
    expect(placeDot(w, p.id, ideaId)).toEqual({ ok: true, dots: 1, left: 2 });
    expect(placeDot(w, p.id, ideaId)).toEqual({ ok: true, dots: 2, left: 1 });
    expect(placeDot(w, p.id, ideaId)).toEqual({ ok: true, dots: 3, left: 0 });
    expect(placeDot(w, p.id, ideaId)).toEqual({ ok: false, reason: "workshop.noDotsLeft" });
    expect(myDots(p.id).get(ideaId)).toBe(3);
    expect(removeDot(w, p.id, ideaId)).toEqual({ ok: true, dots: 2, left: 1 });
    expect(placeDot(w, p.id, ideaId), "a dot taken back can be placed again").toEqual({
      ok: true,
      dots: 3,
      left: 0,
    });
  });

  it("refuses a dot on an idea of another workshop, on a hidden idea, and one taken back that was never placed", () => {
    const w = workshop();
    const other = workshop();
    const p = participant(w);
    const elsewhere = idea(other).ideaId;
    expect(placeDot(w, p.id, elsewhere)).toEqual({ ok: false, reason: "workshop.notInWorkshop" });
    expect(placeDot(w, p.id, makeIdea(makeUser()))).toEqual({
      ok: false,
      reason: "workshop.notInWorkshop",
    });

    const hidden = idea(w).ideaId;
    hideIdea(hidden, makeUser({ role: "moderator" }), "Personuppgifter");
    expect(placeDot(w, p.id, hidden)).toEqual({ ok: false, reason: "workshop.notInWorkshop" });
    expect(removeDot(w, p.id, idea(w).ideaId)).toEqual({ ok: false, reason: "workshop.noDotHere" });
    expect(myDots(p.id).size).toBe(0);
  });

  it("are kept apart from supports", () => {
    const w = workshop({ publish: "immediately" });
    const p = participant(w);
    const { ideaId } = idea(w);
    placeDot(w, p.id, ideaId);
    const row = getDb()
      .prepare("SELECT supports_count AS n FROM ideas WHERE id = ?")
      .get(ideaId) as { n: number };
    expect(row.n).toBe(0);
  });
});

describe("freeze and close", () => {
  it("holds ideas off the screen while frozen (no dots on them either) and releases them in order", () => {
    const w = workshop();
    const before = idea(w, "Före frysningen");
    changeWorkshop(w.id, { kind: "freeze" }, w.facilitatorId!);
    const frozen = workshopById(w.id)!;
    const a = idea(frozen, "Under frysningen A");
    const b = idea(frozen, "Under frysningen B");
    expect(a.held && b.held).toBe(true);
    expect(screenIdeas(workshopById(w.id)!).map((i) => i.title)).toEqual(["Före frysningen"]);
    expect(placeDot(frozen, participant(w).id, a.ideaId)).toEqual({
      ok: false,
      reason: "workshop.notInWorkshop",
    });

    const { released } = changeWorkshop(w.id, { kind: "unfreeze" }, w.facilitatorId!);
    expect(released).toEqual([a.ideaId, b.ideaId]);
    expect(screenIdeas(workshopById(w.id)!).map((i) => i.id)).toEqual([
      before.ideaId,
      a.ideaId,
      b.ideaId,
    ]);
  });

  it("hides names from the screen when asked", () => {
    const w = workshop();
    idea(w);
    expect(screenIdeas(workshopById(w.id)!)[0].name).toBe("Sara");
    changeWorkshop(w.id, { kind: "hide-names" }, w.facilitatorId!);
    expect(screenIdeas(workshopById(w.id)!)[0].name).toBeNull();
  });

  it("keeps the room's ideas off the main map until it closes, then publishes them into the workshop's group", () => {
    const moderator = makeUser({ role: "moderator" });
    const groupId = createGroup(
      { title: "Cykelparkering", summary: "", focusArea: "mobility" },
      moderator,
    );
    const w = workshop({ groupId });
    const { ideaId } = idea(w);
    expect(statusOf(ideaId)).toEqual({ status: "pending", groupId });
    changeWorkshop(w.id, { kind: "freeze" }, w.facilitatorId!);
    const held = idea(workshopById(w.id)!, "Fastfrusen idé").ideaId;

    changeWorkshop(w.id, { kind: "close" }, w.facilitatorId!);
    const closed = workshopById(w.id)!;
    expect(closed).toMatchObject({ status: "closed", frozen: false });
    expect(statusOf(ideaId).status).toBe("visible");
    expect(statusOf(held).status, "ideas held by a freeze are released too").toBe("visible");
    expect(
      workshopResults(w.id)
        .map((r) => r.id)
        .sort(),
    ).toEqual([ideaId, held].sort());
  });

  it("publishes at once when the facilitator chose so", () => {
    const w = workshop({ publish: "immediately" });
    expect(statusOf(idea(w).ideaId).status).toBe("visible");
  });

  it("orders the results by dots", () => {
    const w = workshop({ dots: 3 });
    const few = idea(w, "Få prickar").ideaId;
    const many = idea(w, "Många prickar").ideaId;
    const [p1, p2] = [participant(w), participant(w)];
    placeDot(w, p1.id, few);
    placeDot(w, p1.id, many);
    placeDot(w, p2.id, many);
    expect(workshopResults(w.id).map((r) => [r.title, r.dots])).toEqual([
      ["Många prickar", 2],
      ["Få prickar", 1],
    ]);
  });
});

describe("who keeps taking part", () => {
  it("keeps the participant, its dots and its limits when the same browser joins again", () => {
    const w = workshop({ dots: 2 });
    const { ideaId } = idea(w);
    const first = joinWorkshop(w.id, { name: "Ali", userId: null });
    placeDot(w, first.participantId, ideaId);
    placeDot(w, first.participantId, ideaId);
    const again = joinWorkshop(w.id, { name: null, userId: null, rejoining: first.participantId });
    expect(again.participantId).toBe(first.participantId);
    expect(participantByToken(w.id, again.token)).toMatchObject({
      id: first.participantId,
      name: "Ali",
    });
    expect(placeDot(w, again.participantId, ideaId), "no fresh dots from rejoining").toEqual({
      ok: false,
      reason: "workshop.noDotsLeft",
    });
    const elsewhere = workshop();
    expect(
      joinWorkshop(elsewhere.id, { name: null, userId: null, rejoining: first.participantId })
        .participantId,
      "not another workshop's participant",
    ).not.toBe(first.participantId);
  });

  it("marks the participant of a blocked account as blocked, and lets it go again when unblocked", () => {
    const w = workshop();
    const resident = makeUser();
    const { token } = joinWorkshop(w.id, { name: "Maja", userId: resident });
    expect(participantByToken(w.id, token)?.blocked).toBe(false);
    const admin = makeUser({ role: "admin" });
    setBlocked(resident, true, admin);
    expect(participantByToken(w.id, token)?.blocked).toBe(true);
    setBlocked(resident, false, admin);
    expect(participantByToken(w.id, token)?.blocked).toBe(false);
  });
});

describe("pre-moderation", () => {
  it("makes a workshop idea wait for a moderator: not on the screen, no dots, not published by closing, until approved", () => {
    saveSettings({ autoHideReports: 3, premoderation: true });
    try {
      const w = workshop({ publish: "immediately" });
      const posted = idea(w, "Väntar på granskning");
      expect(posted.waiting).toBe(true);
      expect(statusOf(posted.ideaId).status).toBe("pending");
      expect(screenIdeas(workshopById(w.id)!)).toEqual([]);
      expect(placeDot(w, participant(w).id, posted.ideaId)).toEqual({
        ok: false,
        reason: "workshop.notInWorkshop",
      });

      const approved = idea(w, "Godkänns under workshoppen");
      approveIdea(approved.ideaId, makeUser({ role: "moderator" }));
      expect(screenIdeas(workshopById(w.id)!).map((i) => i.title)).toEqual([
        "Godkänns under workshoppen",
      ]);

      changeWorkshop(w.id, { kind: "close" }, w.facilitatorId!);
      expect(
        statusOf(posted.ideaId).status,
        "closing publishes nothing a moderator has not seen",
      ).toBe("pending");
    } finally {
      saveSettings({ autoHideReports: 3, premoderation: false });
    }
  });
});

describe("credit and the room after closing", () => {
  const NOTE = {
    title: "Lapp från rummet",
    body: "Skriven på en post-it vid bord 3.",
    focusArea: "mobility" as const,
    ...TORGET,
  };

  it("credits a phone's idea to the workshop and the participant's chosen name, or to a participant without one", () => {
    const w = workshop();
    const named = postWorkshopIdea(w, participant(w, "Sara"), {
      ...NOTE,
      title: "Med namn",
    }).ideaId;
    const anonymous = postWorkshopIdea(w, participant(w, null), {
      ...NOTE,
      title: "Utan namn",
    }).ideaId;
    expect(workshopCreditOf(named)).toMatchObject({
      workshopId: w.id,
      title: "Cykelstaden Borås",
      name: "Sara",
      byWorkshop: false,
    });
    expect(workshopCreditOf(anonymous)).toMatchObject({
      workshopId: w.id,
      name: null,
      byWorkshop: false,
    });
    expect(
      workshopCreditOf(makeIdea(makeUser())),
      "an idea from the map is not a workshop's",
    ).toBeUndefined();
  });

  it("credits a facilitator's sticky note to the workshop, not to the facilitator, and does not count it as a phone", () => {
    const w = workshop();
    participant(w, "Sara");
    const { ideaId } = postWorkshopIdea(w, { facilitatorId: w.facilitatorId! }, NOTE);
    expect(workshopCreditOf(ideaId)).toMatchObject({
      workshopId: w.id,
      name: null,
      byWorkshop: true,
    });
    expect(participantCount(w.id), "one phone joined; the facilitator is not a phone").toBe(1);
    expect(
      screenIdeas(workshopById(w.id)!).find((i) => i.id === ideaId)?.name,
      "no name with the note on the screen",
    ).toBeNull();
    expect(statusOf(ideaId).status).toBe("pending");
  });

  it("credits older notes, typed through the facilitator's own participant, to the workshop too", () => {
    const w = workshop();
    const { token } = joinWorkshop(w.id, { name: "Fia Facilitator", userId: w.facilitatorId });
    const own = participantByToken(w.id, token)!;
    const { ideaId } = postWorkshopIdea(w, own, NOTE);
    expect(workshopCreditOf(ideaId)).toMatchObject({ name: null, byWorkshop: true });
    expect(participantCount(w.id)).toBe(0);
  });

  it("shows a participant their own idea held by a freeze, and no one else's", () => {
    const w = workshop();
    changeWorkshop(w.id, { kind: "freeze" }, w.facilitatorId!);
    const frozen = workshopById(w.id)!;
    const [me, other] = [participant(w, "Jag"), participant(w, "Annan")];
    const mine = postWorkshopIdea(frozen, me, { ...NOTE, title: "Min frysta idé" });
    postWorkshopIdea(frozen, other, { ...NOTE, title: "Någon annans" });
    expect(heldIdeasOf(me.id)).toEqual([{ id: mine.ideaId, title: "Min frysta idé" }]);
    changeWorkshop(w.id, { kind: "unfreeze" }, w.facilitatorId!);
    expect(heldIdeasOf(me.id), "on the screen now, no longer held").toEqual([]);
  });

  it("closing takes the spotlight and the timer off, and the public results show only visible ideas", () => {
    const w = workshop();
    const shown = idea(w, "Synlig idé").ideaId;
    const hidden = idea(w, "Dold idé").ideaId;
    changeWorkshop(w.id, { kind: "spotlight", ideaId: shown }, w.facilitatorId!);
    changeWorkshop(w.id, { kind: "timer", minutes: 5, label: "Övning 1" }, w.facilitatorId!);
    changeWorkshop(w.id, { kind: "hide", ideaId: hidden, reason: "Dold" }, w.facilitatorId!);
    expect(publicWorkshopResults(w.id), "nothing is public before closing").toEqual([]);
    changeWorkshop(w.id, { kind: "close" }, w.facilitatorId!);
    expect(workshopById(w.id)).toMatchObject({
      status: "closed",
      spotlightIdeaId: null,
      timer: null,
    });
    expect(publicWorkshopResults(w.id).map((r) => r.title)).toEqual(["Synlig idé"]);
  });
});
