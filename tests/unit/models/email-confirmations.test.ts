// Confirmed e-mail (issue 16): held supports and reports, the one-time link, and the migration.
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { loadMigrations, migrate } from "../../../db/migrate";
import { makeIdea, makeUser } from "../helpers";
import {
  confirmEmailWithToken,
  confirmLinkState,
  createEmailConfirmation,
  emailConfirmed,
  unconfirmedAccountByEmail,
} from "~/models/email-confirmations.server";
import { keepDraftAndSupport } from "~/models/idea-drafts.server";
import { hideIfReportedEnough, mergeIdeas, moderationQueue } from "~/models/moderation.server";
import { reportContent } from "~/models/reports.server";
import { createSession, hashToken, userForSessionToken } from "~/models/sessions.server";
import { saveSettings } from "~/models/settings.server";
import { supportIdea, withdrawSupport } from "~/models/supports.server";
import { createResident, upsertUser } from "~/models/users.server";
import { confirmEmail } from "~/services/email-confirmation.server";
import { getDb } from "~/utils/db.server";

const supportsOf = (ideaId: number) =>
  (
    getDb().prepare("SELECT supports_count AS n FROM ideas WHERE id = ?").get(ideaId) as {
      n: number;
    }
  ).n;
const statusOf = (ideaId: number) =>
  (getDb().prepare("SELECT status FROM ideas WHERE id = ?").get(ideaId) as { status: string })
    .status;
const expire = (token: string) =>
  getDb()
    .prepare(
      "UPDATE email_confirmations SET expires_at = '2020-01-01T00:00:00.000Z' WHERE token_hash = ?",
    )
    .run(hashToken(token));

function newResident(email = `new-${Math.random().toString(36).slice(2)}@example.se`) {
  const id = createResident({ email, name: "Ny Invånare", passwordHash: "x" });
  if (id === null) throw new Error("taken");
  return { id, email };
}

describe("an account that joined through /join", () => {
  it("starts unconfirmed; user:create and the session say so", () => {
    const { id } = newResident();
    expect(emailConfirmed(id)).toBe(false);
    expect(userForSessionToken(createSession(id))?.emailConfirmed).toBe(false);
    const staff = upsertUser({
      email: "staff@example.se",
      name: "Staff",
      passwordHash: null,
      role: "moderator",
    });
    expect(emailConfirmed(staff.id)).toBe(true);
    // user:create on an address that joined but never confirmed vouches for it, and counts its supports.
    const joined = newResident("joined-then-created@example.se");
    const idea = makeIdea(makeUser());
    supportIdea(joined.id, idea);
    expect(supportsOf(idea)).toBe(0);
    upsertUser({ ...joined, name: "Nu bekräftad", passwordHash: null, role: "resident" });
    expect(emailConfirmed(joined.id)).toBe(true);
    expect(supportsOf(idea)).toBe(1);
  });

  it("has its supports stored and shown as held, but not counted, on every path that writes one", () => {
    const { id } = newResident();
    const idea = makeIdea(makeUser());
    supportIdea(makeUser(), idea); // a confirmed supporter
    expect(supportIdea(id, idea)).toEqual({ supports: 1, supported: true, held: true });
    expect(supportsOf(idea)).toBe(1);
    // "Support this instead" from the new-idea form goes through the same rule.
    const other = makeIdea(makeUser());
    keepDraftAndSupport(id, other, {
      title: "Mitt utkast",
      body: "Text som sparas.",
      focusArea: "mobility",
      lat: null,
      lng: null,
    });
    expect(supportsOf(other)).toBe(0);
    // Taking a held support back does not take anyone else's count away.
    expect(withdrawSupport(id, idea)).toEqual({ supports: 1, supported: false, held: false });
    expect(supportsOf(idea)).toBe(1);
  });

  it("counts its held supports the moment the link is followed, in one transaction", () => {
    const { id } = newResident();
    const a = makeIdea(makeUser());
    const b = makeIdea(makeUser());
    supportIdea(id, a);
    supportIdea(id, b);
    const token = createEmailConfirmation(id);
    expect(confirmLinkState(token)).toBe("valid");

    // Rolled back with whatever surrounds it: neither the confirmation nor the counts stay.
    expect(() =>
      getDb().transaction(() => {
        expect(confirmEmailWithToken(token).ok).toBe(true);
        expect(supportsOf(a)).toBe(1);
        throw new Error("crash");
      })(),
    ).toThrow("crash");
    expect(emailConfirmed(id)).toBe(false);
    expect([supportsOf(a), supportsOf(b)]).toEqual([0, 0]);
    expect(confirmLinkState(token)).toBe("valid");

    const outcome = confirmEmailWithToken(token);
    expect(outcome).toMatchObject({ ok: true, userId: id });
    expect(outcome.ok && [...outcome.supportedIdeaIds].sort()).toEqual([a, b].sort());
    expect(emailConfirmed(id)).toBe(true);
    expect([supportsOf(a), supportsOf(b)]).toEqual([1, 1]);
    // From now on a support counts at once, and withdrawing takes it off.
    const c = makeIdea(makeUser());
    expect(supportIdea(id, c)).toEqual({ supports: 1, supported: true, held: false });
    withdrawSupport(id, a);
    expect(supportsOf(a)).toBe(0);
  });

  it("refuses a used, an expired and a wrong link, and changes nothing", () => {
    const { id } = newResident();
    const idea = makeIdea(makeUser());
    supportIdea(id, idea);
    const expired = createEmailConfirmation(id);
    expire(expired);
    expect(confirmLinkState(expired)).toBe("expired");
    expect(confirmEmailWithToken(expired)).toEqual({ ok: false, reason: "expired" });
    expect(confirmEmailWithToken("not-a-token")).toEqual({ ok: false, reason: "unknown" });
    expect(confirmEmailWithToken("")).toEqual({ ok: false, reason: "unknown" });
    expect(confirmEmailWithToken("x".repeat(500))).toEqual({ ok: false, reason: "unknown" });
    expect(emailConfirmed(id)).toBe(false);
    expect(supportsOf(idea)).toBe(0);

    const first = createEmailConfirmation(id);
    const second = createEmailConfirmation(id);
    expect(confirmEmailWithToken(first).ok).toBe(true);
    expect(supportsOf(idea)).toBe(1);
    // Replaying it, or following an older link for the same account, counts nothing twice.
    expect(confirmEmailWithToken(first)).toEqual({ ok: false, reason: "used" });
    expect(confirmEmailWithToken(second)).toEqual({ ok: false, reason: "used" });
    expect(supportsOf(idea)).toBe(1);
    // Only the hash is stored.
    const stored = getDb()
      .prepare("SELECT token_hash AS h FROM email_confirmations WHERE user_id = ?")
      .all(id) as { h: string }[];
    expect(stored.map((r) => r.h)).not.toContain(first);
  });

  it("gets a new link only while it waits for one: unknown and confirmed addresses get none", () => {
    const { email } = newResident("waiting@example.se");
    expect(unconfirmedAccountByEmail("  waiting@example.se ")?.email).toBe(email);
    expect(unconfirmedAccountByEmail("WAITING@example.se")?.email).toBe(email);
    expect(unconfirmedAccountByEmail("nobody@example.se")).toBeUndefined();
    const confirmed = makeUser({ email: "already@example.se" });
    expect(emailConfirmed(confirmed)).toBe(true);
    expect(unconfirmedAccountByEmail("already@example.se")).toBeUndefined();
  });

  it("keeps held supports out of a merged idea's count until confirmed", () => {
    const { id } = newResident();
    const from = makeIdea(makeUser());
    const into = makeIdea(makeUser());
    supportIdea(id, from);
    supportIdea(makeUser(), into);
    expect(mergeIdeas(from, into, makeUser({ role: "moderator" })).ok).toBe(true);
    expect(supportsOf(into)).toBe(1);
    expect(confirmEmailWithToken(createEmailConfirmation(id)).ok).toBe(true);
    expect(supportsOf(into)).toBe(2);
  });
});

describe("auto-hiding after reports", () => {
  const report = (targetId: number, reporterId: number) =>
    reportContent({ targetType: "idea", targetId, reporterId, reason: "spam", details: "" });

  it("ignores reports from unconfirmed accounts and from accounts younger than a day", () => {
    saveSettings({ autoHideReports: 3, premoderation: false });
    const idea = makeIdea(makeUser());
    const old = new Date(Date.now() - 3 * 86_400_000).toISOString();
    for (let n = 0; n < 3; n++) report(idea, makeUser({ confirmed: false, createdAt: old }));
    for (let n = 0; n < 3; n++)
      report(idea, makeUser({ createdAt: new Date(Date.now() - 3_600_000).toISOString() }));
    expect(hideIfReportedEnough("idea", idea)).toBe(false);
    expect(statusOf(idea)).toBe("visible");
    report(idea, makeUser());
    report(idea, makeUser());
    expect(hideIfReportedEnough("idea", idea)).toBe(false);
    report(idea, makeUser());
    expect(hideIfReportedEnough("idea", idea)).toBe(true);
    expect(statusOf(idea)).toBe("hidden");
  });

  it("counts a held report once its account is confirmed, and shows moderators who reported", () => {
    saveSettings({ autoHideReports: 3, premoderation: false });
    const idea = makeIdea(makeUser(), { title: "Anmäld idé för kön" });
    report(idea, makeUser({ name: "Första Anmälaren" }));
    report(idea, makeUser({ name: "Andra Anmälaren" }));
    const late = makeUser({
      name: "Sen Bekräftare",
      confirmed: false,
      createdAt: new Date(Date.now() - 3 * 86_400_000).toISOString(),
    });
    report(idea, late);
    expect(hideIfReportedEnough("idea", idea)).toBe(false);

    const card = moderationQueue().reportedIdeas.find((i) => i.id === idea)!;
    expect(card.reports).toBe(3);
    expect(card.reporters).toEqual(
      expect.arrayContaining([
        { name: "Första Anmälaren", confirmed: true, newAccount: false },
        { name: "Sen Bekräftare", confirmed: false, newAccount: false },
      ]),
    );

    expect(confirmEmail(createEmailConfirmation(late)).ok).toBe(true);
    expect(statusOf(idea)).toBe("hidden");
  });
});

describe("the migration", () => {
  it("confirms everyone who joined before it, and their supports keep counting", () => {
    const db = new Database(":memory:");
    const all = loadMigrations();
    const at = all.findIndex((m) => m.name === "0014_email_confirmation.sql");
    migrate(db, all.slice(0, at));
    const user = Number(
      db
        .prepare(
          "INSERT INTO users (email, name, role, created_at) VALUES ('tidig@example.se', 'Tidig', 'resident', '2026-03-01T10:00:00.000Z')",
        )
        .run().lastInsertRowid,
    );
    const idea = Number(
      db
        .prepare(
          "INSERT INTO ideas (title, body, focus_area, lat, lng, author_id) VALUES ('Cykelbana', 'En cykelbana längs Viskan.', 'mobility', 57.72, 12.94, NULL)",
        )
        .run().lastInsertRowid,
    );
    db.prepare("INSERT INTO supports (user_id, idea_id) VALUES (?, ?)").run(user, idea);
    migrate(db, all);
    expect(db.prepare("SELECT email_confirmed_at AS at FROM users WHERE id = ?").get(user)).toEqual(
      { at: "2026-03-01T10:00:00.000Z" },
    );
    expect(db.prepare("SELECT supports_count AS n FROM ideas WHERE id = ?").get(idea)).toEqual({
      n: 1,
    });
    db.prepare("DELETE FROM supports WHERE user_id = ?").run(user);
    expect(db.prepare("SELECT supports_count AS n FROM ideas WHERE id = ?").get(idea)).toEqual({
      n: 0,
    });
    db.close();
  });
});
