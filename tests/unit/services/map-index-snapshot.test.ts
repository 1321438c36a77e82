// The map index's snapshot (decision 022): read at start only when it shows the database as it is.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import type { TFunction } from "i18next";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { seedSynthetic } from "../../../db/seed";
import { makeUser } from "../helpers";
import { BORAS_BOUNDS, type BBox } from "~/domain/geo";
import type { IdeaFilter } from "~/models/ideas.server";
import { hideIdea } from "~/models/moderation.server";
import { supportIdea } from "~/models/supports.server";
import { snapshotPathFor } from "~/services/map-index-snapshot.server";
import {
  ideasInViewport,
  invalidateMapIndex,
  mapIndexOrigin,
  refreshIdeas,
  saveMapIndexSnapshot,
  warmMapIndex,
} from "~/services/map-index.server";
import { hideIdeaAndTell } from "~/services/moderation.server";
import { getDb, openDatabase, setDbForTesting, type Db } from "~/utils/db.server";

const t = ((key: string) => key) as unknown as TFunction;
const city: BBox = { ...BORAS_BOUNDS };
const street: BBox = { west: 12.935, south: 57.718, east: 12.945, north: 57.724 };
const views: { filter: IdeaFilter; bbox: BBox; zoom: number }[] = [
  ...[8, 11, 13, 15, 16, 17].map((zoom) => ({ filter: {}, bbox: city, zoom })),
  { filter: {}, bbox: street, zoom: 17 },
  { filter: {}, bbox: street, zoom: 14 },
  { filter: { focusAreas: ["mobility", "construction"] }, bbox: city, zoom: 12 },
  { filter: { stages: ["collecting"] }, bbox: city, zoom: 12 },
  { filter: { q: "cykel" }, bbox: city, zoom: 11 },
];

/** Every view's answer, as /api/map would send it. */
function answers() {
  return views.map((v) => JSON.stringify(ideasInViewport(v.filter, v.bbox, v.zoom)));
}

/** The server's stop and start again: the snapshot written, the index dropped, then warmed. */
async function restart(file: string) {
  await saveMapIndexSnapshot();
  invalidateMapIndex();
  await warmMapIndex({ snapshot: file });
}

/** Whether an idea is a point on the map (above zoom 16 every idea stands alone). */
function onTheMap(id: number) {
  return ideasInViewport({}, city, 18).some((f) => !f.properties.cluster && f.properties.id === id);
}

let dir: string;
let file: string;
let snapshot: string;
let db: Db;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "samskapa-snapshot-"));
  file = path.join(dir, "app.db");
  snapshot = snapshotPathFor(file) as string;
  db = openDatabase(file);
  setDbForTesting(db);
  seedSynthetic(db, 3000);
});

afterAll(() => {
  invalidateMapIndex();
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

beforeEach(async () => {
  // Each test starts from a fresh build and its snapshot.
  fs.rmSync(snapshot, { force: true });
  invalidateMapIndex();
  await warmMapIndex({ snapshot });
  expect(mapIndexOrigin()).toBe("build");
  await saveMapIndexSnapshot();
  expect(fs.existsSync(snapshot)).toBe(true);
});

/** A write by another connection, as a CLI script or a worker with its own makes. */
function writeElsewhere(sql: string, ...params: unknown[]) {
  const other = new Database(file);
  try {
    other.pragma("busy_timeout = 5000");
    other.prepare(sql).run(...params);
  } finally {
    other.close();
  }
}

function someVisibleIdea() {
  return getDb()
    .prepare("SELECT id FROM ideas WHERE status = 'visible' ORDER BY id LIMIT 1 OFFSET 17")
    .pluck()
    .get() as number;
}

describe("the map index's snapshot", () => {
  it("answers every view as the build it was saved from", async () => {
    const built = answers();
    invalidateMapIndex();
    await warmMapIndex({ snapshot });
    expect(mapIndexOrigin()).toBe("snapshot");
    expect(answers()).toEqual(built);
  });

  it("is not used after a write through the app's models while the server was down", async () => {
    invalidateMapIndex(); // the server is down
    const id = someVisibleIdea();
    const moderator = makeUser({ role: "moderator" });
    expect(hideIdea(id, moderator, "spam")).toBe("ok");
    await warmMapIndex({ snapshot });
    expect(mapIndexOrigin()).toBe("build");
    expect(onTheMap(id)).toBe(false);
  });

  it("is not used after a support through the models (the hottest write)", async () => {
    const id = someVisibleIdea();
    const before = answers();
    invalidateMapIndex();
    supportIdea(makeUser(), id);
    await warmMapIndex({ snapshot });
    expect(mapIndexOrigin()).toBe("build");
    const point = ideasInViewport({}, city, 18).find(
      (f) => !f.properties.cluster && f.properties.id === id,
    );
    expect(point && !point.properties.cluster && point.properties.supports).toBeGreaterThan(0);
    expect(answers()).not.toEqual(before);
  });

  it("is not used after a write by another connection while the server was down", async () => {
    invalidateMapIndex();
    const id = someVisibleIdea();
    writeElsewhere("UPDATE ideas SET title = 'Ändrad av ett skript' WHERE id = ?", id);
    await warmMapIndex({ snapshot });
    expect(mapIndexOrigin()).toBe("build");
    const point = ideasInViewport({}, city, 18).find(
      (f) => !f.properties.cluster && f.properties.id === id,
    );
    expect(point?.properties).toMatchObject({ title: "Ändrad av ett skript" });
  });

  it("is not used after another connection moves an idea's group to another stage", async () => {
    const id = someVisibleIdea();
    const group = Number(
      getDb()
        .prepare(
          "INSERT INTO co_creation_groups (title, focus_area) VALUES ('Cykelbanor', 'mobility')",
        )
        .run().lastInsertRowid,
    );
    getDb().prepare("UPDATE ideas SET group_id = ? WHERE id = ?").run(group, id);
    refreshIdeas([id]); // as the app's services do after a write
    await restart(snapshot);
    expect(mapIndexOrigin()).toBe("snapshot");
    const inStage = (stage: "collecting" | "decided") =>
      ideasInViewport({ stages: [stage] }, city, 18).some(
        (f) => !f.properties.cluster && f.properties.id === id,
      );
    expect(inStage("collecting")).toBe(true);

    invalidateMapIndex();
    writeElsewhere("UPDATE co_creation_groups SET stage = 'decided' WHERE id = ?", group);
    await warmMapIndex({ snapshot });
    expect(mapIndexOrigin()).toBe("build");
    expect(inStage("decided")).toBe(true);
    expect(inStage("collecting")).toBe(false);
  });

  it("keeps an idea hidden while the server ran off the map after the restart", async () => {
    const id = someVisibleIdea();
    expect(onTheMap(id)).toBe(true);
    expect(hideIdeaAndTell(id, makeUser({ role: "moderator" }), "spam", t)).toBe("ok");
    expect(onTheMap(id)).toBe(false);
    const shown = answers();
    await restart(snapshot);
    expect(mapIndexOrigin()).toBe("snapshot");
    expect(onTheMap(id)).toBe(false);
    expect(answers()).toEqual(shown);

    // Again from an index that was itself read from a snapshot (its titles still undecoded).
    const other = someVisibleIdea();
    expect(hideIdeaAndTell(other, makeUser({ role: "moderator" }), "spam", t)).toBe("ok");
    const shownAgain = answers();
    await restart(snapshot);
    expect(mapIndexOrigin()).toBe("snapshot");
    expect(onTheMap(other)).toBe(false);
    expect(answers()).toEqual(shownAgain);
  });

  it("is not written at shutdown after another connection wrote while the index was in memory", async () => {
    writeElsewhere("UPDATE users SET name = 'Någon annan' WHERE id = (SELECT min(id) FROM users)");
    await saveMapIndexSnapshot();
    expect(fs.existsSync(snapshot)).toBe(false);
    invalidateMapIndex();
    await warmMapIndex({ snapshot });
    expect(mapIndexOrigin()).toBe("build");
  });

  it("is not written at shutdown when the index missed a write of the app's own connection", async () => {
    // A write that forgot refreshIdeas: the map is wrong until a build, and must not stay wrong
    // across the restart.
    getDb().prepare("UPDATE ideas SET status = 'hidden' WHERE id = ?").run(someVisibleIdea());
    await saveMapIndexSnapshot();
    expect(fs.existsSync(snapshot)).toBe(false);
  });

  it("builds instead, without throwing, from a file that is short, damaged or not one", async () => {
    const whole = fs.readFileSync(snapshot);
    const damaged = Buffer.from(whole);
    damaged[Math.floor(whole.length / 3)] ^= 0xff;
    const built = answers();
    for (const bytes of [
      whole.subarray(0, whole.length - 100), // short
      whole.subarray(0, whole.length / 2),
      damaged,
      Buffer.from("not a snapshot at all"),
      Buffer.alloc(0),
      Buffer.concat([Buffer.alloc(1000, 7), whole.subarray(whole.length - 4000)]),
    ]) {
      fs.writeFileSync(snapshot, bytes);
      invalidateMapIndex();
      await warmMapIndex({ snapshot });
      expect(mapIndexOrigin()).toBe("build");
      expect(answers()).toEqual(built);
    }
  });

  it("takes writes made while it is being read", async () => {
    invalidateMapIndex();
    const warming = warmMapIndex({ snapshot });
    const id = someVisibleIdea();
    expect(hideIdeaAndTell(id, makeUser({ role: "moderator" }), "spam", t)).toBe("ok");
    await warming;
    expect(onTheMap(id)).toBe(false);
  });
});
