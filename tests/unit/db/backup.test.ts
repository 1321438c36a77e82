import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { seedDemo } from "../../../db/seed";
import { openDatabase } from "~/utils/db.server";

describe("npm run db:backup", () => {
  it("copies a database that is open for writing into a file that passes integrity_check", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "samskapa-backup-"));
    const live = path.join(dir, "live.db");
    const db = openDatabase(live);
    seedDemo(db);
    const ideas = (db.prepare("SELECT count(*) AS n FROM ideas").get() as { n: number }).n;

    const output = execFileSync(
      process.execPath,
      ["--import", "tsx", "scripts/db-backup.ts", path.join(dir, "copy.db")],
      {
        env: { ...process.env, DATABASE_PATH: live },
        encoding: "utf8",
      },
    );
    expect(output).toMatch(/integrity ok/);
    db.close();

    const copy = new Database(path.join(dir, "copy.db"), { readonly: true });
    expect(copy.prepare("SELECT count(*) AS n FROM ideas").get()).toEqual({ n: ideas });
    expect(copy.pragma("user_version", { simple: true })).toBeGreaterThan(0);
    copy.close();
  });
});
