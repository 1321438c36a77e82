// Thresholds and official answers in a real (in-memory, migrated) SQLite database: the crossing
// recorded whatever path wrote the support, and the answer with its group, notifications, mail and
// audit line — or a refusal that changes nothing.
import { beforeEach, describe, expect, it } from "vitest";
import { makeIdea, makeUser } from "../helpers";
import { OfficialAnswerSchema } from "~/domain/official-answer-schemas";
import { actionsForIdea } from "~/models/actions.server";
import { auditEntries } from "~/models/audit.server";
import {
  createEmailConfirmation,
  confirmEmailWithToken,
} from "~/models/email-confirmations.server";
import { createGroup } from "~/models/groups.server";
import { outboxRows } from "~/models/mail-outbox.server";
import { notificationsFor } from "~/models/me.server";
import { mergeIdeas } from "~/models/moderation.server";
import {
  answerOfIdea,
  answerQueue,
  answersForOpenData,
  shownDueIdeas,
  thresholdOfIdea,
} from "~/models/official-answers.server";
import {
  getThresholdRule,
  saveThresholdRule,
  saveVerificationSettings,
} from "~/models/settings.server";
import { followIdea, supportIdea, withdrawSupport } from "~/models/supports.server";
import { answerIdeaAndTell, officialAnswerPanel } from "~/services/official-answers.server";
import { getDb } from "~/utils/db.server";
import { createI18n } from "~/utils/i18n";
import { translations } from "~/utils/locale.server";

const t = createI18n("sv", translations.sv).t;
const admin = makeUser({ role: "admin" });

function ideaPublishedDaysAgo(authorId: number, days: number) {
  const id = makeIdea(authorId);
  getDb()
    .prepare("UPDATE ideas SET created_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?) WHERE id = ?")
    .run(`-${days} days`, id);
  return id;
}

/** An idea that reached a threshold of two supports, with its author, two supporters and a follower. */
function dueIdea() {
  const author = makeUser({ name: "Författaren" });
  const [s1, s2, follower] = [makeUser(), makeUser(), makeUser()];
  const id = makeIdea(author);
  supportIdea(s1, id);
  supportIdea(s2, id);
  followIdea(follower, id);
  expect(thresholdOfIdea(id)).not.toBeNull();
  return { id, author, supporters: [s1, s2], follower };
}

/** An action in the portfolio, as a moderator would have made it. */
function plannedAction(): number {
  return Number(
    getDb()
      .prepare(
        `INSERT INTO actions (title, body, focus_area, partner_id, start_date, end_date)
         VALUES ('Tätare kvällsturer', 'Fler bussar på kvällarna från Hässleholmen.', 'mobility',
           (SELECT id FROM action_partners WHERE name = 'Borås Stad'), '2026-01-01', '2026-12-31')`,
      )
      .run().lastInsertRowid,
  );
}

beforeEach(() => saveThresholdRule({ supports: 2, days: 90, answerDays: 60 }, admin));

describe("reaching the threshold", () => {
  it("has the default rule of 150 supports within 90 days, answered within 60", () => {
    const db = getDb();
    const saved = db.prepare("SELECT key, value FROM settings WHERE key LIKE 'threshold%'").all();
    db.prepare("DELETE FROM settings WHERE key LIKE 'threshold%'").run();
    expect(getThresholdRule()).toEqual({ supports: 150, days: 90, answerDays: 60 });
    for (const row of saved as { key: string; value: string }[])
      db.prepare("INSERT INTO settings (key, value) VALUES (?, ?)").run(row.key, row.value);
  });

  it("records the support that crossed it, with the count at that moment and the deadline", () => {
    const id = makeIdea(makeUser());
    supportIdea(makeUser(), id);
    expect(thresholdOfIdea(id)).toBeNull();
    supportIdea(makeUser(), id);
    const reached = thresholdOfIdea(id)!;
    expect(reached.supportsAtThreshold).toBe(2);
    const days = (Date.parse(reached.dueAt) - Date.parse(reached.reachedAt)) / 86_400_000;
    expect(days).toBeCloseTo(60, 5);
    // Later supports and withdrawals change nothing recorded.
    supportIdea(makeUser(), id);
    withdrawSupport(makeUser(), id);
    expect(thresholdOfIdea(id)).toEqual(reached);
    expect(answerQueue().map((i) => i.id)).toContain(id);
  });

  it("does not count held supports until the address is confirmed, then records the crossing", () => {
    const id = makeIdea(makeUser());
    supportIdea(makeUser(), id);
    const held = makeUser({ confirmed: false });
    supportIdea(held, id);
    expect(thresholdOfIdea(id)).toBeNull();
    confirmEmailWithToken(createEmailConfirmation(held));
    expect(thresholdOfIdea(id)?.supportsAtThreshold).toBe(2);
  });

  it("is recorded when a merge unites supports past it", () => {
    const moderator = makeUser({ role: "moderator" });
    const from = makeIdea(makeUser());
    const into = makeIdea(makeUser());
    supportIdea(makeUser(), from);
    supportIdea(makeUser(), into);
    expect(thresholdOfIdea(into)).toBeNull();
    expect(mergeIdeas(from, into, moderator).ok).toBe(true);
    expect(thresholdOfIdea(into)?.supportsAtThreshold).toBe(2);
  });

  it("is not recorded after the window of D days from publication", () => {
    const late = ideaPublishedDaysAgo(makeUser(), 91);
    supportIdea(makeUser(), late);
    supportIdea(makeUser(), late);
    expect(thresholdOfIdea(late)).toBeNull();
    const inTime = ideaPublishedDaysAgo(makeUser(), 89);
    supportIdea(makeUser(), inTime);
    supportIdea(makeUser(), inTime);
    expect(thresholdOfIdea(inTime)).not.toBeNull();
  });

  it("counts only verified residents' supports when admins say so, on the page as in the record", () => {
    const verified = () => {
      const id = makeUser();
      getDb()
        .prepare("UPDATE users SET verified_at = '2026-12-01T10:00:00.000Z' WHERE id = ?")
        .run(id);
      return id;
    };
    saveVerificationSettings({ verifiedBadge: false, verifiedSupportsOnly: true });
    try {
      const id = makeIdea(makeUser());
      supportIdea(makeUser(), id);
      supportIdea(makeUser(), id);
      supportIdea(verified(), id);
      // Three supports, one verified: not yet.
      expect(thresholdOfIdea(id)).toBeNull();
      const panel = officialAnswerPanel({
        id,
        status: "visible",
        supports: 3,
        createdAt: new Date().toISOString(),
      });
      expect(panel).toMatchObject({ verifiedOnly: true, progress: { supports: 1, target: 2 } });
      supportIdea(verified(), id);
      expect(thresholdOfIdea(id)?.supportsAtThreshold).toBe(2);
    } finally {
      saveVerificationSettings({ verifiedBadge: false, verifiedSupportsOnly: false });
    }
    // Setting off: every counted support counts again.
    const other = makeIdea(makeUser());
    supportIdea(makeUser(), other);
    supportIdea(makeUser(), other);
    expect(thresholdOfIdea(other)?.supportsAtThreshold).toBe(2);
  });

  it("shows progress on the idea's page", () => {
    saveThresholdRule({ supports: 150, days: 90, answerDays: 60 }, admin);
    const id = makeIdea(makeUser());
    supportIdea(makeUser(), id);
    const panel = officialAnswerPanel({
      id,
      status: "visible",
      supports: 1,
      createdAt: new Date().toISOString(),
    });
    expect(panel?.progress).toMatchObject({ state: "collecting", supports: 1, target: 150 });
    expect(officialAnswerPanel({ id, status: "withdrawn", supports: 1, createdAt: "" })).toBeNull();
  });
});

describe("answering", () => {
  it("publishes the answer, tells the author, supporters and follower, mails the confirmed and audits it", () => {
    const idea = dueIdea();
    const unconfirmed = makeUser({ confirmed: false });
    followIdea(unconfirmed, idea.id);
    const official = makeUser({ role: "official" });
    const mailsBefore = outboxRows().length;
    const result = answerIdeaAndTell(
      idea.id,
      { verdict: "not-now", text: "Inte i år: budgeten är beslutad.", answeredFor: "Borås Stad" },
      official,
      t,
    );
    expect(result).toMatchObject({ ok: true, groupId: null });
    expect(answerOfIdea(idea.id)).toMatchObject({
      verdict: "not-now",
      text: "Inte i år: budgeten är beslutad.",
      answeredFor: "Borås Stad",
    });
    for (const person of [idea.author, ...idea.supporters, idea.follower, unconfirmed])
      expect(notificationsFor(person).map((n) => n.kind)).toContain("official-answer");
    const mails = outboxRows().slice(mailsBefore);
    expect(mails).toHaveLength(4); // not the unconfirmed follower
    expect(mails[0].subject).toContain("Officiellt svar");
    const audit = auditEntries({ action: "idea.official-answer" })[0];
    expect(audit).toMatchObject({ actorId: official, targetId: idea.id });
    expect(answerQueue().map((i) => i.id)).not.toContain(idea.id);
    expect(answersForOpenData().map((a) => a.ideaId)).toContain(idea.id);
  });

  it("gives one answer per idea: a second is refused and changes nothing", () => {
    const idea = dueIdea();
    const answer = { verdict: "rejected", text: "Nej, därför.", answeredFor: "Navet" } as const;
    expect(answerIdeaAndTell(idea.id, answer, admin, t).ok).toBe(true);
    const audits = auditEntries({ action: "idea.official-answer" }).length;
    expect(
      answerIdeaAndTell(idea.id, { ...answer, verdict: "accepted", text: "Ja ändå." }, admin, t),
    ).toEqual({ ok: false, reason: "answers.alreadyAnswered" });
    expect(answerOfIdea(idea.id)?.verdict).toBe("rejected");
    expect(auditEntries({ action: "idea.official-answer" })).toHaveLength(audits);
  });

  it("accepted: the idea joins the chosen group, or a new group named after it", () => {
    const a = dueIdea();
    const group = createGroup({ title: "Cykelvägar", summary: "", focusArea: "mobility" }, admin);
    const answer = {
      verdict: "accepted",
      text: "Vi tar det vidare.",
      answeredFor: "Borås Stad",
    } as const;
    expect(answerIdeaAndTell(a.id, { ...answer, groupId: group }, admin, t)).toMatchObject({
      ok: true,
      groupId: group,
      createdGroup: false,
    });
    const groupOf = (id: number) =>
      (getDb().prepare("SELECT group_id AS g FROM ideas WHERE id = ?").get(id) as { g: number }).g;
    expect(groupOf(a.id)).toBe(group);

    const b = dueIdea();
    const result = answerIdeaAndTell(b.id, answer, admin, t);
    expect(result).toMatchObject({ ok: true, createdGroup: true });
    expect(result.ok && groupOf(b.id)).toBe(result.ok && result.groupId);
    expect(answerOfIdea(b.id)?.groupTitle).toMatch(/^Idé nummer/);
  });

  it("already-planned keeps the action's number and puts the idea behind that action", () => {
    const idea = dueIdea();
    const actionId = plannedAction();
    answerIdeaAndTell(
      idea.id,
      { verdict: "already-planned", text: "Finns redan.", answeredFor: "FRIBO", actionId },
      admin,
      t,
    );
    expect(answerOfIdea(idea.id)?.actionId).toBe(actionId);
    expect(actionsForIdea(idea.id).map((a) => a.id)).toEqual([actionId]);
  });

  it("already-planned naming an action that does not exist is refused and changes nothing", () => {
    const idea = dueIdea();
    const notifications = notificationsFor(idea.author).length;
    const audits = auditEntries({ action: "idea.official-answer" }).length;
    const mails = outboxRows().length;
    const answer = {
      verdict: "already-planned",
      text: "Finns redan.",
      answeredFor: "Borås Stad",
    } as const;
    expect(answerIdeaAndTell(idea.id, { ...answer, actionId: 987_654 }, admin, t)).toEqual({
      ok: false,
      reason: "answers.actionNotFound",
    });
    expect(answerOfIdea(idea.id)).toBeNull();
    expect(notificationsFor(idea.author)).toHaveLength(notifications);
    expect(auditEntries({ action: "idea.official-answer" })).toHaveLength(audits);
    expect(outboxRows()).toHaveLength(mails);
    expect(answerQueue().map((i) => i.id)).toContain(idea.id);
    // Without an action number it is an answer like any other.
    expect(answerIdeaAndTell(idea.id, answer, admin, t).ok).toBe(true);
  });

  it("the form refuses an action number that is not a whole positive number", () => {
    for (const actionId of ["abc", "-3", "2.5", "0"]) {
      const parsed = OfficialAnswerSchema.safeParse({
        verdict: "already-planned",
        text: "Finns redan.",
        answeredFor: "Borås Stad",
        actionId,
      });
      expect(parsed.success, actionId).toBe(false);
      expect(parsed.error?.issues[0]).toMatchObject({
        path: ["actionId"],
        message: "answers.actionIdInvalid",
      });
    }
  });

  it("refuses hidden or withdrawn ideas, ideas not due, unknown ideas and unknown groups", () => {
    const answer = { verdict: "rejected", text: "Nej.", answeredFor: "Borås Stad" } as const;
    const hidden = dueIdea();
    getDb().prepare("UPDATE ideas SET status = 'hidden' WHERE id = ?").run(hidden.id);
    expect(answerIdeaAndTell(hidden.id, answer, admin, t)).toEqual({
      ok: false,
      reason: "answers.ideaNotShown",
    });
    expect(shownDueIdeas().map((i) => i.id)).not.toContain(hidden.id);
    expect(answerQueue().map((i) => i.id)).not.toContain(hidden.id);
    const notDue = makeIdea(makeUser());
    expect(answerIdeaAndTell(notDue, answer, admin, t)).toEqual({
      ok: false,
      reason: "answers.notDue",
    });
    expect(answerIdeaAndTell(999_999, answer, admin, t)).toEqual({
      ok: false,
      reason: "answers.ideaNotFound",
    });
    const due = dueIdea();
    expect(
      answerIdeaAndTell(due.id, { ...answer, verdict: "accepted", groupId: 987_654 }, admin, t),
    ).toEqual({ ok: false, reason: "answers.groupNotFound" });
    expect(answerOfIdea(due.id)).toBeNull();
  });

  it("leaves answers of ideas hidden later out of open data", () => {
    const idea = dueIdea();
    answerIdeaAndTell(
      idea.id,
      { verdict: "rejected", text: "Nej.", answeredFor: "Borås Stad" },
      admin,
      t,
    );
    getDb().prepare("UPDATE ideas SET status = 'hidden' WHERE id = ?").run(idea.id);
    expect(answersForOpenData().map((a) => a.ideaId)).not.toContain(idea.id);
  });
});
