import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { beforeEach, describe, expect, it } from "vitest";
import { loadMigrations, migrate } from "../../../db/migrate";
import { logAction, verifyAuditChain } from "~/models/audit.server";
import { openDatabase, setDbForTesting, type Db } from "~/utils/db.server";

function logSome(n: number) {
  for (let i = 1; i <= n; i++) {
    logAction({
      actorId: null,
      action: "idea.hide",
      targetType: "idea",
      targetId: i,
      reason: `skäl ${i}\nrad två`,
      details: { n: i },
    });
  }
}

describe("the audit log's hash chain", () => {
  let db: Db;
  beforeEach(() => {
    db = openDatabase(":memory:");
    setDbForTesting(db);
  });

  it("chains every row written by logAction, also inside a caller's transaction", () => {
    logSome(3);
    db.transaction(() => logSome(2))();
    expect(verifyAuditChain(db)).toEqual({ ok: true, rows: 5 });
  });

  it("shows a row changed behind the dropped trigger's back", () => {
    logSome(5);
    db.exec("DROP TRIGGER audit_log_no_update");
    db.prepare("UPDATE audit_log SET reason = 'inget att se här' WHERE id = 3").run();
    expect(verifyAuditChain(db)).toMatchObject({ ok: false, brokenId: 3 });
  });

  it("shows a row removed from the middle", () => {
    logSome(5);
    db.exec("DROP TRIGGER audit_log_no_delete");
    db.prepare("DELETE FROM audit_log WHERE id = 2").run();
    expect(verifyAuditChain(db)).toMatchObject({ ok: false, brokenId: 3 });
  });

  it("refuses a row written around logAction, without a hash", () => {
    expect(() =>
      db
        .prepare(
          "INSERT INTO audit_log (action, target_type, target_id) VALUES ('idea.hide', 'idea', 1)",
        )
        .run(),
    ).toThrow(/logAction/);
  });

  it("backfills the rows written before the chain existed, oldest first, and goes on from them", () => {
    const migrations = loadMigrations();
    const chainAt = migrations.findIndex((m) => m.name === "0006_audit_chain.sql");
    const old = new Database(":memory:");
    old.pragma("foreign_keys = ON");
    migrate(old, migrations.slice(0, chainAt));
    const insert = old.prepare(
      "INSERT INTO audit_log (action, target_type, target_id, reason) VALUES (?, 'idea', ?, ?)",
    );
    for (let i = 1; i <= 4; i++) insert.run("idea.hide", i, `"citat" och\tflik ${i}`);
    migrate(old, migrations);
    expect(verifyAuditChain(old)).toEqual({ ok: true, rows: 4 });
    setDbForTesting(old);
    logSome(2);
    expect(verifyAuditChain(old)).toEqual({ ok: true, rows: 6 });
  });
});

describe("npm run audit:verify", () => {
  const run = (databasePath: string) =>
    spawnSync(process.execPath, ["--import", "tsx", "scripts/audit-verify.ts"], {
      env: { ...process.env, DATABASE_PATH: databasePath },
      encoding: "utf8",
    });

  it("prints OK with the row count, and exits 1 naming the first broken row after tampering", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "samskapa-audit-"));
    const file = path.join(dir, "audit.db");
    const db = openDatabase(file);
    setDbForTesting(db);
    logSome(4);

    const ok = run(file);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/OK.*\b4\b/);

    db.exec("DROP TRIGGER audit_log_no_update");
    db.prepare("UPDATE audit_log SET actor_id = NULL, reason = '' WHERE id = 2").run();
    db.close();
    const broken = run(file);
    expect(broken.status).toBe(1);
    expect(broken.stderr).toMatch(/BROKEN at audit_log row id 2\b/);
  });
});
