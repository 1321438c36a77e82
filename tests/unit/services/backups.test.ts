import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { seedDemo } from "../../../db/seed";
import { backupDatabase, backupFileName, pruneBackups } from "~/services/backups.server";
import { openDatabase } from "~/utils/db.server";

describe("backups", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "samskapa-backups-"));

  it("copies a database in use, and the restored copy holds the same data", async () => {
    const live = openDatabase(path.join(dir, "live.db"));
    seedDemo(live);
    // A write in WAL not yet checkpointed must be in the copy too.
    live.prepare("UPDATE ideas SET title = 'Ändrad precis före kopian' WHERE id = 1").run();
    const result = await backupDatabase(live, path.join(dir, "copy.db"));
    expect(result.bytes).toBeGreaterThan(0);
    const restored = new Database(result.file, { readonly: true });
    expect(restored.prepare("SELECT title FROM ideas WHERE id = 1").get()).toEqual({ title: "Ändrad precis före kopian" });
    expect(restored.prepare("SELECT count(*) AS n FROM ideas").get()).toEqual(live.prepare("SELECT count(*) AS n FROM ideas").get());
    expect(restored.pragma("integrity_check", { simple: true })).toBe("ok");
    restored.close();
    await expect(backupDatabase(live, path.join(dir, "live.db"))).rejects.toThrow(/another file/);
    live.close();
  });

  it("keeps the newest N scheduled backups", () => {
    const scheduled = fs.mkdtempSync(path.join(os.tmpdir(), "samskapa-scheduled-"));
    const names = [0, 1, 2, 3, 4].map((d) => backupFileName(new Date(Date.UTC(2026, 10, 20 + d, 3))));
    for (const n of names) fs.writeFileSync(path.join(scheduled, n), "x");
    fs.writeFileSync(path.join(scheduled, "notes.txt"), "keep me");
    expect(pruneBackups(scheduled, 2).sort()).toEqual(names.slice(0, 3).sort());
    expect(fs.readdirSync(scheduled).sort()).toEqual([...names.slice(3), "notes.txt"].sort());
  });
});
