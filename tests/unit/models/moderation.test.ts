import type { LoaderFunctionArgs } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { makeIdea, makeUser } from "../helpers";
import { addComment, visibleCommentsForIdea } from "~/models/comments.server";
import { auditEntries } from "~/models/audit.server";
import {
  addIdeasToGroup,
  countPeopleBehindGroup,
  createGroup,
  groupTimeline,
  moveGroupToStage,
  ungroupedIdeas,
} from "~/models/groups.server";
import { notificationsFor } from "~/models/me.server";
import {
  absorbedIdeas,
  dismissReports,
  findMergeCandidates,
  hiddenContent,
  hiddenIdeaForModerator,
  hideComment,
  hideIdea,
  hideIfReportedEnough,
  mergedInto,
  mergeIdeas,
  restoreComment,
  restoreIdea,
  undoMerge,
} from "~/models/moderation.server";
import { reportContent } from "~/models/reports.server";
import { saveSettings } from "~/models/settings.server";
import { followIdea, supportIdea } from "~/models/supports.server";
import { signInHeaders } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";

const supportsOf = (id: number) =>
  (getDb().prepare("SELECT supports_count AS n FROM ideas WHERE id = ?").get(id) as { n: number })
    .n;
const supportersOf = (id: number) =>
  (
    getDb()
      .prepare("SELECT user_id AS u FROM supports WHERE idea_id = ? ORDER BY user_id")
      .all(id) as { u: number }[]
  ).map((r) => r.u);
const statusOf = (id: number) =>
  (getDb().prepare("SELECT status FROM ideas WHERE id = ?").get(id) as { status: string }).status;

describe("merging duplicates", () => {
  it("unites supports (a person counts once), moves comments and followers, credits the author, and undoes exactly", () => {
    const moderator = makeUser({ role: "moderator" });
    const [alice, bob, carl] = [makeUser(), makeUser(), makeUser()];
    const fromAuthor = makeUser({ name: "Frida Från" });
    const from = makeIdea(fromAuthor, { title: "Cykelbana till Sjöbo" });
    const into = makeIdea(makeUser(), { title: "Säker cykelväg Sjöbo–centrum" });
    supportIdea(alice, from);
    supportIdea(bob, from);
    supportIdea(bob, into);
    supportIdea(carl, into);
    followIdea(alice, from);
    const comment = addComment({ ideaId: from, authorId: alice, body: "Ja tack!" });

    const result = mergeIdeas(from, into, moderator);
    expect(result.ok).toBe(true);
    expect(supportsOf(into)).toBe(3);
    expect(supportersOf(into)).toEqual([alice, bob, carl].sort((a, b) => a - b));
    expect(supportsOf(from)).toBe(0);
    expect(statusOf(from)).toBe("merged");
    expect(mergedInto(from)).toBe(into);
    expect(absorbedIdeas(into)).toEqual([{ id: from, title: "Cykelbana till Sjöbo" }]);
    expect(visibleCommentsForIdea(into).map((c) => c.body)).toContain("Ja tack!");
    expect(
      getDb().prepare("SELECT 1 FROM follows WHERE user_id = ? AND idea_id = ?").get(alice, into),
    ).toBeTruthy();
    expect(
      getDb().prepare("SELECT user_id AS u FROM idea_coauthors WHERE idea_id = ?").all(into),
    ).toEqual([{ u: fromAuthor }]);
    expect(notificationsFor(fromAuthor).map((n) => n.kind)).toContain("idea-merged");

    const undone = undoMerge(result.ok ? result.mergeId : 0, moderator);
    expect(undone.ok).toBe(true);
    expect(statusOf(from)).toBe("visible");
    expect(supportersOf(from)).toEqual([alice, bob].sort((a, b) => a - b));
    expect(supportersOf(into)).toEqual([bob, carl].sort((a, b) => a - b));
    expect(supportsOf(from)).toBe(2);
    expect(supportsOf(into)).toBe(2);
    expect(visibleCommentsForIdea(from).map((c) => c.id)).toEqual([comment.ok ? comment.id : -1]);
    expect(
      getDb().prepare("SELECT count(*) AS n FROM idea_coauthors WHERE idea_id = ?").get(into),
    ).toEqual({ n: 0 });
    expect(undoMerge(result.ok ? result.mergeId : 0, moderator)).toEqual({
      ok: false,
      reason: "merge.alreadyUndone",
    });
  });

  it("refuses itself, a hidden target, a merged idea and unknown ids, changing nothing", () => {
    const moderator = makeUser({ role: "moderator" });
    const a = makeIdea(makeUser());
    const hidden = makeIdea(makeUser(), { status: "hidden" });
    expect(mergeIdeas(a, a, moderator)).toEqual({ ok: false, reason: "merge.same" });
    expect(mergeIdeas(a, hidden, moderator)).toEqual({ ok: false, reason: "merge.intoNotVisible" });
    expect(mergeIdeas(a, 999_999, moderator)).toEqual({ ok: false, reason: "merge.intoNotFound" });
    expect(mergeIdeas(999_999, a, moderator)).toEqual({ ok: false, reason: "merge.fromNotFound" });
    const b = makeIdea(makeUser());
    expect(mergeIdeas(a, b, moderator).ok).toBe(true);
    // No chains and no circles: b cannot go into a, which now lives in b.
    expect(mergeIdeas(b, a, moderator)).toEqual({ ok: false, reason: "merge.intoNotFound" });
    expect(mergeIdeas(a, b, moderator)).toEqual({ ok: false, reason: "merge.fromNotFound" });
    expect(statusOf(b)).toBe("visible");
  });
});

describe("merging and what was hidden", () => {
  const supportTimes = (id: number) =>
    getDb()
      .prepare(
        "SELECT user_id AS u, created_at AS at FROM supports WHERE idea_id = ? ORDER BY user_id",
      )
      .all(id);

  it("refuses to merge a hidden or held idea, so its title never shows on another idea's page", () => {
    const moderator = makeUser({ role: "moderator" });
    const into = makeIdea(makeUser());
    const hidden = makeIdea(makeUser(), {
      title: "Dold: telefonnummer 0701234567",
      status: "hidden",
    });
    const pending = makeIdea(makeUser(), { title: "Väntar på granskning", status: "pending" });
    expect(mergeIdeas(hidden, into, moderator)).toEqual({
      ok: false,
      reason: "merge.fromNotVisible",
    });
    expect(mergeIdeas(pending, into, moderator)).toEqual({
      ok: false,
      reason: "merge.fromNotVisible",
    });
    expect(mergeIdeas(into, pending, moderator)).toEqual({
      ok: false,
      reason: "merge.intoNotVisible",
    });
    expect(statusOf(hidden)).toBe("hidden");
    expect(statusOf(pending)).toBe("pending");
    expect(absorbedIdeas(into)).toEqual([]);
    expect(mergedInto(hidden)).toBeUndefined();
  });

  it("refuses to undo a merge whose target went on into a third idea, changing nothing, and undoes exactly in reverse order", () => {
    const moderator = makeUser({ role: "moderator" });
    const [ann, ben, cid, dan] = [makeUser(), makeUser(), makeUser(), makeUser()];
    const i24 = makeIdea(makeUser());
    const i25 = makeIdea(makeUser());
    const i26 = makeIdea(makeUser());
    supportIdea(ann, i24);
    supportIdea(ben, i24);
    supportIdea(ben, i25);
    supportIdea(cid, i25);
    supportIdea(dan, i26);
    // Distinct times, so that a support put back "now" would show.
    getDb()
      .prepare("UPDATE supports SET created_at = '2026-01-0' || user_id % 9 || 'T10:00:00.000Z'")
      .run();
    const before24 = supportTimes(i24);
    const before25 = supportTimes(i25);
    const before26 = supportTimes(i26);

    const first = mergeIdeas(i24, i25, moderator);
    const second = mergeIdeas(i25, i26, moderator);
    if (!first.ok || !second.ok) throw new Error("merges refused");
    expect(supportsOf(i26)).toBe(4);

    expect(undoMerge(first.mergeId, moderator)).toEqual({
      ok: false,
      reason: "merge.intoMergedSince",
    });
    expect(statusOf(i24)).toBe("merged");
    expect(supportsOf(i24)).toBe(0);
    expect(supportsOf(i26)).toBe(4);

    expect(undoMerge(second.mergeId, moderator).ok).toBe(true);
    expect(undoMerge(first.mergeId, moderator).ok).toBe(true);
    expect([statusOf(i24), statusOf(i25), statusOf(i26)]).toEqual([
      "visible",
      "visible",
      "visible",
    ]);
    expect(supportTimes(i24)).toEqual(before24);
    expect(supportTimes(i25)).toEqual(before25);
    expect(supportTimes(i26)).toEqual(before26);
    expect([supportsOf(i24), supportsOf(i25), supportsOf(i26)]).toEqual([2, 2, 1]);
  });

  it("undo brings back the idea's earlier status and the replies written since under its comments", () => {
    const moderator = makeUser({ role: "moderator" });
    const from = makeIdea(makeUser());
    const into = makeIdea(makeUser());
    const writer = makeUser();
    const comment = addComment({ ideaId: from, authorId: writer, body: "Bra förslag" });
    if (!comment.ok) throw new Error("comment refused");
    const merge = mergeIdeas(from, into, moderator);
    if (!merge.ok) throw new Error("merge refused");
    const reply = addComment({
      ideaId: into,
      authorId: makeUser(),
      body: "Håller med",
      parentId: comment.id,
    });
    expect(reply.ok).toBe(true);
    // The target is hidden meanwhile: undo still puts the absorbed idea back as it was (on view).
    hideIdea(into, moderator, "Reklam");
    expect(undoMerge(merge.mergeId, moderator).ok).toBe(true);
    expect(statusOf(from)).toBe("visible");
    expect(statusOf(into)).toBe("hidden");
    expect(visibleCommentsForIdea(from).map((c) => c.body)).toEqual(["Bra förslag", "Håller med"]);
    expect(visibleCommentsForIdea(into)).toEqual([]);
  });
});

describe("hiding and reports", () => {
  it("hides after three different people report, and a moderator can restore", () => {
    saveSettings({ autoHideReports: 3, premoderation: false });
    const idea = makeIdea(makeUser());
    const report = (reporterId: number) =>
      reportContent({
        targetType: "idea",
        targetId: idea,
        reporterId,
        reason: "spam",
        details: "",
      });
    const first = makeUser();
    report(first);
    report(first); // the same person twice counts once
    expect(hideIfReportedEnough("idea", idea)).toBe(false);
    report(makeUser());
    expect(hideIfReportedEnough("idea", idea)).toBe(false);
    report(makeUser());
    expect(hideIfReportedEnough("idea", idea)).toBe(true);
    expect(statusOf(idea)).toBe("hidden");
    expect(restoreIdea(idea, makeUser({ role: "moderator" }))).toBe("ok");
    expect(statusOf(idea)).toBe("visible");
    expect(
      getDb()
        .prepare("SELECT count(*) AS n FROM reports WHERE target_id = ? AND status = 'open'")
        .get(idea),
    ).toEqual({ n: 0 });
  });

  it("tells the author why an idea was hidden, and dismissing reports brings an auto-hidden idea back", () => {
    const author = makeUser();
    const idea = makeIdea(author);
    expect(hideIdea(idea, makeUser({ role: "moderator" }), "Innehåller personuppgifter")).toBe(
      "ok",
    );
    const told = notificationsFor(author).find((n) => n.kind === "idea-hidden");
    expect(told?.message).toBe("Innehåller personuppgifter");

    saveSettings({ autoHideReports: 1, premoderation: false });
    const other = makeIdea(makeUser());
    reportContent({
      targetType: "idea",
      targetId: other,
      reporterId: makeUser(),
      reason: "other",
      details: "",
    });
    expect(hideIfReportedEnough("idea", other)).toBe(true);
    expect(dismissReports("idea", other, makeUser({ role: "moderator" }))).toBe("ok");
    expect(statusOf(other)).toBe("visible");
    saveSettings({ autoHideReports: 3, premoderation: false });
  });
});

describe("groups and the workflow", () => {
  it("adds only visible ideas, all or nothing", () => {
    const moderator = makeUser({ role: "moderator" });
    const group = createGroup(
      { title: "Cykelvägar", summary: "", focusArea: "mobility" },
      moderator,
    );
    const visible = makeIdea(makeUser());
    const hidden = makeIdea(makeUser(), { status: "hidden" });
    expect(addIdeasToGroup(group, [visible, hidden], moderator)).toEqual({
      ok: false,
      reason: "group.ideaNotVisible",
      ideaIds: [hidden],
    });
    expect(getDb().prepare("SELECT group_id AS g FROM ideas WHERE id = ?").get(visible)).toEqual({
      g: null,
    });
    expect(addIdeasToGroup(group, [visible], moderator)).toEqual({ ok: true, added: [visible] });
  });

  it("records the message in the timeline and tells authors, supporters and followers once each", () => {
    const moderator = makeUser({ role: "moderator" });
    const author = makeUser();
    const supporter = makeUser();
    const follower = makeUser();
    const a = makeIdea(author);
    const b = makeIdea(author);
    supportIdea(supporter, a);
    supportIdea(supporter, b);
    followIdea(follower, b);
    const group = createGroup(
      { title: "Solceller", summary: "", focusArea: "construction" },
      moderator,
    );
    addIdeasToGroup(group, [a, b], moderator);
    const told = moveGroupToStage(
      group,
      "collecting",
      "co-creation",
      "Workshop den 14 januari.",
      moderator,
    );
    expect(told.sort((x, y) => x - y)).toEqual([author, supporter, follower].sort((x, y) => x - y));
    expect(
      notificationsFor(supporter)
        .filter((n) => n.kind === "group-stage")
        .map((n) => n.message),
    ).toEqual(["Workshop den 14 januari."]);
    expect(groupTimeline(group)[0]).toMatchObject({
      fromStage: "collecting",
      toStage: "co-creation",
      message: "Workshop den 14 januari.",
    });
    expect(() => moveGroupToStage(group, "collecting", "co-creation", "Igen", moderator)).toThrow();
  });
});

describe("the audit log", () => {
  it("records actions and refuses to be changed", () => {
    const moderator = makeUser({ role: "moderator" });
    hideIdea(makeIdea(makeUser()), moderator, "Reklam");
    const row = getDb()
      .prepare("SELECT id, action, reason FROM audit_log WHERE actor_id = ? ORDER BY id DESC")
      .get(moderator) as {
      id: number;
      action: string;
      reason: string;
    };
    expect(row).toMatchObject({ action: "idea.hide", reason: "Reklam" });
    expect(() =>
      getDb().prepare("UPDATE audit_log SET reason = 'ändrat' WHERE id = ?").run(row.id),
    ).toThrow(/append-only/);
    expect(() => getDb().prepare("DELETE FROM audit_log WHERE id = ?").run(row.id)).toThrow(
      /append-only/,
    );
  });
});

describe("what a moderator hid stays findable (issue 13)", () => {
  it("lists every hidden idea and comment with why, when and who, marks the auto-hidden, and forgets them once restored", () => {
    const moderator = makeUser({ role: "moderator", name: "Karin Moderator" });
    const shown = makeIdea(makeUser(), { title: "Synlig idé" });
    const hiddenByHand = makeIdea(makeUser(), { title: "Reklam för en bilfirma" });
    const hiddenByReports = makeIdea(makeUser(), { title: "Anmäld idé" });
    const comment = addComment({ ideaId: shown, authorId: makeUser(), body: "Ett otrevligt svar" });
    if (!comment.ok) throw new Error("comment");
    saveSettings({ autoHideReports: 2, premoderation: false });
    reportContent({
      targetType: "idea",
      targetId: hiddenByReports,
      reporterId: makeUser(),
      reason: "spam",
      details: "",
    });
    reportContent({
      targetType: "idea",
      targetId: hiddenByReports,
      reporterId: makeUser(),
      reason: "spam",
      details: "",
    });
    expect(hideIfReportedEnough("idea", hiddenByReports)).toBe(true);
    hideIdea(hiddenByHand, moderator, "Reklam");
    hideComment(comment.id, moderator, "Personangrepp");

    const items = hiddenContent();
    const byHand = items.find((i) => i.type === "idea" && i.id === hiddenByHand);
    expect(byHand).toMatchObject({
      title: "Reklam för en bilfirma",
      reason: "Reklam",
      hiddenAutomatically: false,
      hiddenBy: "Karin Moderator",
    });
    expect(byHand?.hiddenAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(items.find((i) => i.type === "idea" && i.id === hiddenByReports)).toMatchObject({
      hiddenAutomatically: true,
      hiddenBy: null,
    });
    expect(items.find((i) => i.type === "comment" && i.id === comment.id)).toMatchObject({
      ideaId: shown,
      title: "Synlig idé",
      body: "Ett otrevligt svar",
      reason: "Personangrepp",
      hiddenBy: "Karin Moderator",
    });
    expect(items.some((i) => i.type === "idea" && i.id === shown)).toBe(false);

    restoreIdea(hiddenByHand, moderator);
    restoreComment(comment.id, moderator);
    const after = hiddenContent();
    expect(after.some((i) => i.type === "idea" && i.id === hiddenByHand)).toBe(false);
    expect(after.some((i) => i.type === "comment" && i.id === comment.id)).toBe(false);
  });

  it("gives a moderator's view of a hidden idea with the reason, and nothing for an idea on view", () => {
    const moderator = makeUser({ role: "moderator", name: "Karin Moderator" });
    const idea = makeIdea(makeUser(), { title: "Dold idé" });
    expect(hiddenIdeaForModerator(idea)).toBeUndefined();
    hideIdea(idea, moderator, "Dubblett av en annan idé");
    expect(hiddenIdeaForModerator(idea)).toMatchObject({
      id: idea,
      title: "Dold idé",
      status: "hidden",
      hidden: {
        reason: "Dubblett av en annan idé",
        automatically: false,
        hiddenBy: "Karin Moderator",
      },
    });
  });
});

describe("the audit log names what it is about (issue 13)", () => {
  it("shows titles, the comment's idea, and a merge as undone once it is", () => {
    const moderator = makeUser({ role: "moderator" });
    const from = makeIdea(makeUser(), { title: "Laddstolpar på Hulta" });
    const into = makeIdea(makeUser(), { title: "Fler laddplatser i Hulta" });
    const comment = addComment({ ideaId: into, authorId: makeUser(), body: "Bra!" });
    if (!comment.ok) throw new Error("comment");
    hideComment(comment.id, moderator, "Test");
    hideIdea(from, moderator, "Test");
    restoreIdea(from, moderator);
    const merged = mergeIdeas(from, into, moderator);
    if (!merged.ok) throw new Error(merged.reason);

    const mergeRow = () =>
      auditEntries({ action: "idea.merge" }).find((e) => e.targetId === merged.mergeId);
    expect(mergeRow()).toMatchObject({
      fromTitle: "Laddstolpar på Hulta",
      intoTitle: "Fler laddplatser i Hulta",
      mergeUndone: false,
    });
    expect(
      auditEntries({ action: "comment.hide" }).find((e) => e.targetId === comment.id),
    ).toMatchObject({
      targetTitle: "Fler laddplatser i Hulta",
      targetIdeaId: into,
    });
    expect(auditEntries({ action: "idea.hide" }).find((e) => e.targetId === from)).toMatchObject({
      targetTitle: "Laddstolpar på Hulta",
    });

    expect(undoMerge(merged.mergeId, moderator).ok).toBe(true);
    expect(mergeRow()?.mergeUndone).toBe(true);
  });
});

describe("merging any two ideas (issue 13)", () => {
  it("finds an idea by its number (whatever its state) or by words from a visible idea's title", () => {
    const a = makeIdea(makeUser(), { title: "Cykelparkering vid Resecentrum" });
    const hidden = makeIdea(makeUser(), { title: "Cykelparkering dold", status: "hidden" });
    expect(findMergeCandidates(String(a)).map((c) => c.id)).toEqual([a]);
    expect(findMergeCandidates(`#${hidden}`)).toMatchObject([{ id: hidden, status: "hidden" }]);
    const byWords = findMergeCandidates("cykelparkering").map((c) => c.id);
    expect(byWords).toContain(a);
    expect(byWords).not.toContain(hidden);
    expect(findMergeCandidates("100%_")).toEqual([]);
    expect(findMergeCandidates("  ")).toEqual([]);
  });
});

describe("groups in week one (issue 13)", () => {
  it("offers every ungrouped idea a page at a time, with the total, not silently the first 50", () => {
    const author = makeUser();
    const word = `Sidbläddring${Date.now()}`;
    const ids = Array.from({ length: 120 }, (_, n) => makeIdea(author, { title: `${word} ${n}` }));
    const first = ungroupedIdeas(word, { limit: 50, offset: 0 });
    const third = ungroupedIdeas(word, { limit: 50, offset: 100 });
    expect(first.total).toBe(120);
    expect(first.ideas).toHaveLength(50);
    expect(third.ideas).toHaveLength(20);
    const seen = new Set<number>();
    for (let offset = 0; offset < 120; offset += 50)
      for (const i of ungroupedIdeas(word, { limit: 50, offset }).ideas) seen.add(i.id);
    expect([...seen].sort((x, y) => x - y)).toEqual(ids.sort((x, y) => x - y));
  });

  it("records a move back as a correction in the timeline, after the entry it corrects, and tells the same people", () => {
    const moderator = makeUser({ role: "moderator" });
    const supporter = makeUser();
    const idea = makeIdea(makeUser());
    supportIdea(supporter, idea);
    const group = createGroup(
      { title: "Rättelser", summary: "", focusArea: "mobility" },
      moderator,
    );
    addIdeasToGroup(group, [idea], moderator);
    expect(countPeopleBehindGroup(group)).toBe(2);
    moveGroupToStage(group, "collecting", "co-creation", "Workshop i januari.", moderator);
    const told = moveGroupToStage(
      group,
      "co-creation",
      "collecting",
      "Fel grupp flyttades, vi samlar fortfarande idéer.",
      moderator,
      true,
    );
    expect(told).toContain(supporter);
    const timeline = groupTimeline(group);
    expect(timeline).toHaveLength(2);
    expect(timeline[0]).toMatchObject({
      fromStage: "co-creation",
      toStage: "collecting",
      correction: true,
    });
    expect(timeline[1]).toMatchObject({
      toStage: "co-creation",
      message: "Workshop i januari.",
      correction: false,
    });
  });
});

describe("the routes a moderator uses (issue 13)", () => {
  const cookieOf = async (userId: number) => {
    const setCookie = new Headers(await signInHeaders(userId)).get("Set-Cookie") ?? "";
    return { Cookie: setCookie.split(";")[0] };
  };
  const context = {} as LoaderFunctionArgs["context"];

  it("GET /ideas/:id of a hidden idea: the moderator sees it with why; a resident and the public get 404", async () => {
    const { loader } = await import("~/routes/ideas.$id");
    const moderator = makeUser({ role: "moderator", name: "Karin Moderator" });
    const id = makeIdea(makeUser(), { title: "Dold på riktigt" });
    hideIdea(id, moderator, "Reklam");
    const get = async (headers: HeadersInit = {}) =>
      loader({
        params: { id: String(id) },
        request: new Request(`http://localhost/ideas/${id}`, { headers }),
        context,
      });
    const response = (await get(await cookieOf(moderator))) as Response;
    expect(response.status).toBe(200);
    const data = (await response.json()) as {
      idea: { title: string };
      hiddenNote: { reason: string; hiddenBy: string };
    };
    expect(data.idea.title).toBe("Dold på riktigt");
    expect(data.hiddenNote).toMatchObject({ reason: "Reklam", hiddenBy: "Karin Moderator" });
    for (const headers of [await cookieOf(makeUser()), {}]) {
      const refused = await get(headers).then(
        () => undefined,
        (thrown: unknown) => thrown as Response,
      );
      expect(refused?.status).toBe(404);
    }
  });

  it("POST set-stage: without confirm=yes nothing moves and the answer says who would be e-mailed; with it the group moves", async () => {
    const { action } = await import("~/routes/moderation.groups.$id");
    const moderator = makeUser({ role: "moderator" });
    const supporter = makeUser();
    const idea = makeIdea(makeUser());
    supportIdea(supporter, idea);
    const group = createGroup(
      { title: "Bekräftas", summary: "", focusArea: "mobility" },
      moderator,
    );
    addIdeasToGroup(group, [idea], moderator);
    const post = async (form: Record<string, string>) =>
      (await action({
        params: { id: String(group) },
        request: new Request(`http://localhost/moderation/groups/${group}`, {
          method: "POST",
          headers: {
            ...(await cookieOf(moderator)),
            "Content-Type": "application/x-www-form-urlencoded",
          },
          body: new URLSearchParams(form),
        }),
        context,
      })) as Response;
    const asked = await post({
      intent: "set-stage",
      stage: "co-creation",
      message: "Vi ses på workshop.",
    });
    expect(asked.status).toBe(200);
    expect(await asked.json()).toEqual({
      confirm: {
        stage: "co-creation",
        message: "Vi ses på workshop.",
        people: 2,
        correction: false,
      },
    });
    expect(groupTimeline(group)).toHaveLength(0);
    const moved = await post({
      intent: "set-stage",
      stage: "co-creation",
      message: "Vi ses på workshop.",
      confirm: "yes",
    });
    expect(moved.status).toBe(303);
    expect(groupTimeline(group)[0]).toMatchObject({ toStage: "co-creation", correction: false });
    const back = await post({
      intent: "set-stage",
      stage: "collecting",
      message: "För tidigt.",
      confirm: "yes",
    });
    expect(back.status).toBe(303);
    expect(groupTimeline(group)[0]).toMatchObject({
      toStage: "collecting",
      correction: true,
      message: "För tidigt.",
    });
    expect(notificationsFor(supporter).filter((n) => n.kind === "group-stage")).toHaveLength(2);
  });
});
