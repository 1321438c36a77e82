import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { loadMigrations, migrate } from "../../../db/migrate";
import { openDatabase } from "~/utils/db.server";

describe("migrations", () => {
  it("bring an empty database to the expected schema and version", () => {
    const db = new Database(":memory:");
    const applied = migrate(db);
    expect(applied[0]).toBe("0001_init.sql");
    expect(db.pragma("user_version", { simple: true })).toBe(loadMigrations().length);
    const tables = (
      db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all() as { name: string }[]
    ).map((t) => t.name);
    for (const table of ["users", "sessions", "ideas", "supports", "comments", "co_creation_groups", "ideas_fts"]) {
      expect(tables).toContain(table);
    }
    const ideaColumns = (db.prepare("PRAGMA table_info(ideas)").all() as { name: string }[]).map((c) => c.name);
    expect(ideaColumns).toEqual(
      expect.arrayContaining(["title", "body", "focus_area", "lat", "lng", "author_id", "status", "created_at"]),
    );
  });

  it("apply nothing the second time", () => {
    const db = new Database(":memory:");
    migrate(db);
    expect(migrate(db)).toEqual([]);
  });

  it("roll back a failing migration whole, leaving the version where it was", () => {
    const db = new Database(":memory:");
    const broken = [
      { version: 1, name: "0001_ok.sql", sql: "CREATE TABLE a (id INTEGER);" },
      { version: 2, name: "0002_broken.sql", sql: "CREATE TABLE b (id INTEGER); INSERT INTO nowhere VALUES (1);" },
    ];
    expect(() => migrate(db, broken)).toThrow();
    expect(db.pragma("user_version", { simple: true })).toBe(1);
    expect(db.prepare("SELECT name FROM sqlite_schema WHERE name = 'b'").get()).toBeUndefined();
  });

  it("set WAL, foreign keys and a busy timeout on every connection", () => {
    const db = openDatabase(":memory:");
    expect(db.pragma("foreign_keys", { simple: true })).toBe(1);
    expect(db.pragma("busy_timeout", { simple: true })).toBe(5000);
  });
});

describe("the schema", () => {
  const db = openDatabase(":memory:");
  const user = Number(
    db.prepare("INSERT INTO users (email, name, role) VALUES ('a@example.se', 'A', 'resident')").run().lastInsertRowid,
  );
  const idea = Number(
    db
      .prepare(
        "INSERT INTO ideas (title, body, focus_area, lat, lng, author_id) VALUES ('Cykelbana till Sjöbo', 'En säker cykelbana längs Viskan.', 'mobility', 57.74, 12.93, ?)",
      )
      .run(user).lastInsertRowid,
  );

  it("allows one support per person and idea, and counts it", () => {
    db.prepare("INSERT INTO supports (user_id, idea_id) VALUES (?, ?)").run(user, idea);
    expect(() => db.prepare("INSERT INTO supports (user_id, idea_id) VALUES (?, ?)").run(user, idea)).toThrow(
      /UNIQUE|PRIMARY KEY/,
    );
    expect(db.prepare("SELECT supports_count AS n FROM ideas WHERE id = ?").get(idea)).toEqual({ n: 1 });
  });

  it("keeps the full-text index in step, matching inside compound words", () => {
    const match = (q: string) =>
      (db.prepare("SELECT rowid FROM ideas_fts WHERE ideas_fts MATCH ?").all(q) as { rowid: number }[]).map(
        (r) => r.rowid,
      );
    expect(match('"cykelban"')).toEqual([idea]);
    db.prepare("UPDATE ideas SET title = 'Gångväg till Sjöbo' WHERE id = ?").run(idea);
    expect(match('"gångväg"')).toEqual([idea]);
    expect(match('"cykelbana till"')).toEqual([]);
  });

  it("refuses an unknown focus area and a title that is too short", () => {
    expect(() =>
      db.prepare("INSERT INTO ideas (title, body, focus_area, lat, lng) VALUES ('Bra', 'Tio tecken minst', 'cars', 57.7, 12.9)").run(),
    ).toThrow(/CHECK/);
    expect(() =>
      db.prepare("INSERT INTO ideas (title, body, focus_area, lat, lng) VALUES ('Ab', 'Tio tecken minst', 'mobility', 57.7, 12.9)").run(),
    ).toThrow(/CHECK/);
  });
});
