import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { seedDemo } from "../../../db/seed";
import {
  backupDatabase,
  backupFileName,
  checkIntegrity,
  msUntilNextBackup,
  pruneBackups,
  startScheduledBackups,
} from "~/services/backups.server";
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
    expect(restored.prepare("SELECT title FROM ideas WHERE id = 1").get()).toEqual({
      title: "Ändrad precis före kopian",
    });
    expect(restored.prepare("SELECT count(*) AS n FROM ideas").get()).toEqual(
      live.prepare("SELECT count(*) AS n FROM ideas").get(),
    );
    expect(restored.pragma("integrity_check", { simple: true })).toBe("ok");
    restored.close();
    await expect(backupDatabase(live, path.join(dir, "live.db"))).rejects.toThrow(/another file/);
    live.close();
  });

  it("keeps the newest N scheduled backups", () => {
    const scheduled = fs.mkdtempSync(path.join(os.tmpdir(), "samskapa-scheduled-"));
    const names = [0, 1, 2, 3, 4].map((d) =>
      backupFileName(new Date(Date.UTC(2026, 10, 20 + d, 3))),
    );
    for (const n of names) fs.writeFileSync(path.join(scheduled, n), "x");
    fs.writeFileSync(path.join(scheduled, "notes.txt"), "keep me");
    expect(pruneBackups(scheduled, 2).sort()).toEqual(names.slice(0, 3).sort());
    expect(fs.readdirSync(scheduled).sort()).toEqual([...names.slice(3), "notes.txt"].sort());
  });
});

describe("the integrity check", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "samskapa-integrity-"));

  /** A demo database on disk, everything checkpointed into the main file. */
  function demoFile(name: string) {
    const file = path.join(dir, name);
    const db = openDatabase(file);
    seedDemo(db);
    db.pragma("wal_checkpoint(TRUNCATE)");
    db.close();
    return file;
  }

  it("reports ok for a sound file, while the server's thread keeps running", async () => {
    const file = demoFile("sound.db");
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 1);
    const result = await checkIntegrity(file);
    clearInterval(ticker);
    expect(result).toBe("ok");
    // On the main thread the check would hold the event loop until it answered: no tick at all.
    expect(ticks).toBeGreaterThan(0);
  });

  it("finds a damaged file, and a backup of it is refused and not kept", async () => {
    const file = demoFile("damaged.db");
    const pageSize = 4096;
    const pages = fs.statSync(file).size / pageSize;
    expect(pages).toBeGreaterThan(10);
    // Scribble over a page in the middle (not the header page, so that the file still opens).
    const fd = fs.openSync(file, "r+");
    fs.writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, Math.floor(pages / 2) * pageSize);
    fs.closeSync(fd);

    expect(await checkIntegrity(file)).not.toBe("ok");
    await expect(backupDatabase(file, path.join(dir, "damaged-copy.db"))).rejects.toThrow(
      /integrity check/,
    );
    expect(fs.existsSync(path.join(dir, "damaged-copy.db"))).toBe(false);
    expect(fs.existsSync(path.join(dir, "damaged-copy.db.partial"))).toBe(false);
    expect(await checkIntegrity(path.join(dir, "not-a-database.db"))).toMatch(/cannot be read/);
  });
});

describe("scheduled backups", () => {
  const hours = (n: number) => n * 3_600_000;

  it("are due an interval after the newest backup in the folder, whenever the server started", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "samskapa-due-"));
    const now = Date.UTC(2026, 11, 1, 12);
    expect(msUntilNextBackup(dir, 24, now)).toBe(0);
    fs.writeFileSync(path.join(dir, backupFileName(new Date(now - hours(30)))), "x");
    expect(msUntilNextBackup(dir, 24, now)).toBe(0);
    fs.writeFileSync(path.join(dir, backupFileName(new Date(now - hours(20)))), "x");
    expect(msUntilNextBackup(dir, 24, now)).toBe(hours(4));
    fs.writeFileSync(path.join(dir, backupFileName(new Date(now + hours(100)))), "x");
    expect(msUntilNextBackup(dir, 24, now)).toBe(hours(24));
  });

  it("run soon after a restart when the newest backup is older than the interval", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "samskapa-restart-"));
    const old = backupFileName(new Date(Date.now() - hours(30)));
    fs.writeFileSync(path.join(dir, old), "x");
    const live = openDatabase(path.join(dir, "..", `${path.basename(dir)}-live.db`));
    seedDemo(live);
    const event = await new Promise<{ ok: boolean; result?: { file: string }; removed?: string[] }>(
      (resolve) => {
        const stop = startScheduledBackups(
          live,
          { dir, intervalHours: 24, keep: 1, firstDelayMs: 10 },
          (e) => {
            stop();
            resolve(e);
          },
        );
      },
    );
    expect(event.ok).toBe(true);
    expect(fs.existsSync(event.result!.file)).toBe(true);
    expect(event.removed).toEqual([old]);
    live.close();
  });

  it("wait after a restart when the newest backup is recent", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "samskapa-recent-"));
    fs.writeFileSync(path.join(dir, backupFileName(new Date(Date.now() - hours(1)))), "x");
    const live = openDatabase(":memory:");
    const events: unknown[] = [];
    const stop = startScheduledBackups(
      live,
      { dir, intervalHours: 24, keep: 7, firstDelayMs: 10 },
      (e) => events.push(e),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    stop();
    expect(events).toEqual([]);
    expect(fs.readdirSync(dir)).toHaveLength(1);
  });
});
