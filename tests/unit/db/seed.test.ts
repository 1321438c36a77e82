import { describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS, seedDemo, seedDemoIfEmpty, seedSynthetic } from "../../../db/seed";
import { syntheticIdeas } from "../../../db/synthetic";
import { FOCUS_AREAS } from "~/domain/focus-areas";
import { isInBoras } from "~/domain/geo";
import { openDatabase } from "~/utils/db.server";

describe("demo data", () => {
  const db = openDatabase(":memory:");
  seedDemo(db);

  it("has at least 80 ideas inside Borås, in every focus area", () => {
    const ideas = db.prepare("SELECT focus_area, lat, lng FROM ideas").all() as {
      focus_area: string;
      lat: number;
      lng: number;
    }[];
    expect(ideas.length).toBeGreaterThanOrEqual(80);
    expect(ideas.every((i) => isInBoras(i.lat, i.lng))).toBe(true);
    for (const focus of FOCUS_AREAS)
      expect(ideas.filter((i) => i.focus_area === focus).length).toBeGreaterThan(10);
  });

  it("has a small action portfolio in all four focus areas, placed in Borås, with ideas behind it", () => {
    const actions = db
      .prepare(
        `SELECT focus_area AS focusArea, lat, lng,
           (SELECT count(*) FROM action_ideas ai WHERE ai.action_id = a.id) AS ideas FROM actions a`,
      )
      .all() as { focusArea: string; lat: number | null; lng: number | null; ideas: number }[];
    expect(actions.length).toBeGreaterThanOrEqual(4);
    expect(new Set(actions.map((a) => a.focusArea))).toEqual(new Set(FOCUS_AREAS));
    expect(actions.every((a) => a.lat === null || isInBoras(a.lat, a.lng!))).toBe(true);
    expect(actions.some((a) => a.lat === null)).toBe(true);
    expect(actions.filter((a) => a.ideas > 0).length).toBeGreaterThanOrEqual(4);
  });

  it("has supports and comments, with counts that match the rows", () => {
    const mismatched = db
      .prepare(
        `SELECT count(*) AS n FROM ideas i
         WHERE supports_count <> (SELECT count(*) FROM supports s WHERE s.idea_id = i.id)
            OR comments_count <> (SELECT count(*) FROM comments c WHERE c.idea_id = i.id AND c.status = 'visible')`,
      )
      .get() as { n: number };
    expect(mismatched.n).toBe(0);
    expect(
      (db.prepare("SELECT count(*) AS n FROM supports").get() as { n: number }).n,
    ).toBeGreaterThan(100);
    expect(
      (db.prepare("SELECT count(*) AS n FROM comments").get() as { n: number }).n,
    ).toBeGreaterThan(40);
  });

  it("has a resident, a moderator and a facilitator who can sign in", () => {
    for (const account of DEMO_ACCOUNTS) {
      const row = db
        .prepare("SELECT role, password_hash, is_demo FROM users WHERE email = ?")
        .get(account.email) as {
        role: string;
        password_hash: string;
        is_demo: number;
      };
      expect(row.role).toBe(account.role);
      expect(row.password_hash).toMatch(/^\$argon2id\$/);
      expect(row.is_demo).toBe(1);
    }
  });

  it("has an idea due an official answer, one overdue and one answered on time", () => {
    const rows = db
      .prepare(
        `SELECT t.due_at AS dueAt, a.answered_at AS answeredAt, i.supports_count AS supports
         FROM idea_thresholds t JOIN ideas i ON i.id = t.idea_id
         LEFT JOIN official_answers a ON a.idea_id = t.idea_id`,
      )
      .all() as { dueAt: string; answeredAt: string | null; supports: number }[];
    const now = new Date().toISOString();
    expect(rows.filter((r) => !r.answeredAt && r.dueAt > now)).toHaveLength(1);
    expect(rows.filter((r) => !r.answeredAt && r.dueAt < now)).toHaveLength(1);
    expect(rows.filter((r) => r.answeredAt && r.answeredAt < r.dueAt)).toHaveLength(1);
    expect(rows.every((r) => r.supports >= 150)).toBe(true);
  });

  it("is not seeded twice", () => {
    expect(seedDemoIfEmpty(db)).toBe(false);
  });
});

describe("synthetic benchmark ideas", () => {
  it("are the same for the same count", () => {
    const first = [...syntheticIdeas(500)];
    const second = [...syntheticIdeas(500)];
    expect(second).toEqual(first);
    expect(new Set(first.map((i) => i.title)).size).toBeGreaterThan(100);
  });

  it("all lie inside Borås, denser in the city than in the countryside", () => {
    const ideas = [...syntheticIdeas(5000)];
    expect(ideas.every((i) => isInBoras(i.lat, i.lng))).toBe(true);
    // Within about 3 km of Stora torget lives roughly half of the municipality.
    const central = ideas.filter(
      (i) => Math.abs(i.lat - 57.721) < 0.027 && Math.abs(i.lng - 12.94) < 0.05,
    );
    expect(central.length / ideas.length).toBeGreaterThan(0.3);
    expect(central.length / ideas.length).toBeLessThan(0.9);
  });

  it("are written into the database with their supports", () => {
    const db = openDatabase(":memory:");
    seedSynthetic(db, 2000);
    expect(db.prepare("SELECT count(*) AS n FROM ideas").get()).toEqual({ n: 2000 });
    const counted = db.prepare("SELECT sum(supports_count) AS a FROM ideas").get() as { a: number };
    const rows = db.prepare("SELECT count(*) AS n FROM supports").get() as { n: number };
    expect(counted.a).toBe(rows.n);
  });

  it("refuse a count out of range", () => {
    const db = openDatabase(":memory:");
    expect(() => seedSynthetic(db, 0)).toThrow(/--ideas/);
    expect(() => seedSynthetic(db, 1_000_001)).toThrow(/--ideas/);
  });
});
