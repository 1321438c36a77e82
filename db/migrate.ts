// Applies the numbered SQL files in db/migrations/ in order, one BEGIN IMMEDIATE transaction each,
// tracked with PRAGMA user_version and, per migration, its sha256 in schema_migrations (a changed
// file that was already applied stops the start). Foreign keys are off while migrations run, so that
// a table rebuild (the only way to change a CHECK in SQLite) does not cascade into the tables that
// point at it; PRAGMA foreign_key_check inside each transaction refuses one that leaves dangling rows.
// Run as `npm run db:migrate`; the app also calls migrate() on start.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type Database from "better-sqlite3";
import { registerAuditHashFunction } from "../app/utils/audit-chain.server";

export const MIGRATIONS_DIR = path.resolve(process.cwd(), "db/migrations");

export type Migration = { version: number; name: string; sql: string };

export class MigrationError extends Error {}

export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const migrations = fs
    .readdirSync(dir)
    .filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f))
    .sort()
    .map((name) => ({
      version: Number(name.slice(0, 4)),
      name,
      sql: fs.readFileSync(path.join(dir, name), "utf8"),
    }));
  migrations.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new Error(`Migration ${m.name} is out of sequence (expected ${i + 1})`);
  });
  return migrations;
}

/** The checksum of a migration's text (line endings normalised, so a Windows checkout matches). */
export function migrationChecksum(sql: string): string {
  return crypto.createHash("sha256").update(sql.replace(/\r\n/g, "\n")).digest("hex");
}

type AppliedRow = { version: number; name: string; sha256: string };

/**
 * Records the checksums of migrations applied before schema_migrations existed (trusting the files
 * as they are now), then refuses to go on when an applied migration's file has changed since.
 */
function checkAppliedMigrations(db: Database.Database, migrations: Migration[], current: number) {
  db.transaction(() => {
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version    INTEGER PRIMARY KEY,
      name       TEXT NOT NULL,
      sha256     TEXT NOT NULL,
      applied_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) -- NULL: applied before checksums were kept
    )`);
    const recorded = new Map(
      (db.prepare("SELECT version, name, sha256 FROM schema_migrations").all() as AppliedRow[]).map(
        (r) => [r.version, r],
      ),
    );
    const backfill = db.prepare(
      "INSERT INTO schema_migrations (version, name, sha256, applied_at) VALUES (?, ?, ?, NULL)",
    );
    const changed: string[] = [];
    for (const m of migrations.slice(0, current)) {
      const sum = migrationChecksum(m.sql);
      const row = recorded.get(m.version);
      if (!row) backfill.run(m.version, m.name, sum);
      else if (row.sha256 !== sum)
        changed.push(
          `  ${m.name} (applied as ${row.name}, sha256 ${row.sha256.slice(0, 12)}…, the file now has ${sum.slice(0, 12)}…)`,
        );
    }
    if (changed.length) {
      throw new MigrationError(
        `Applied migrations have changed since they ran on this database:\n${changed.join("\n")}\n` +
          "Restore the original file(s) (git log db/migrations) and put the change in a new migration.",
      );
    }
  }).immediate();
}

/** Applies pending migrations; returns the names of those applied. */
export function migrate(db: Database.Database, migrations = loadMigrations()): string[] {
  if (db.inTransaction)
    throw new MigrationError(
      "Migrations cannot run inside a transaction (PRAGMA foreign_keys would not change).",
    );
  registerAuditHashFunction(db);
  const current = db.pragma("user_version", { simple: true }) as number;
  if (current > migrations.length) {
    throw new MigrationError(
      `The database is at schema version ${current}, newer than this code (${migrations.length}).`,
    );
  }
  checkAppliedMigrations(db, migrations, current);
  const pending = migrations.slice(current);
  if (pending.length === 0) return [];

  const applied: string[] = [];
  const record = db.prepare(
    "INSERT OR REPLACE INTO schema_migrations (version, name, sha256) VALUES (?, ?, ?)",
  );
  // foreign_keys is a no-op inside a transaction: off before BEGIN, back as it was after COMMIT.
  const foreignKeys = db.pragma("foreign_keys", { simple: true }) as number;
  db.pragma("foreign_keys = OFF");
  try {
    for (const m of pending) {
      // One transaction per migration; user_version and the checksum move with it, so a failure
      // leaves nothing half done.
      db.transaction(() => {
        db.exec(m.sql);
        const dangling = db.pragma("foreign_key_check") as {
          table: string;
          rowid: number;
          parent: string;
        }[];
        if (dangling.length) {
          const sample = dangling
            .slice(0, 5)
            .map((d) => `${d.table} row ${d.rowid} → ${d.parent}`)
            .join(", ");
          throw new MigrationError(
            `Migration ${m.name} leaves ${dangling.length} row(s) pointing at nothing (${sample}); nothing of it was applied.`,
          );
        }
        db.pragma(`user_version = ${m.version}`);
        record.run(m.version, m.name, migrationChecksum(m.sql));
      }).immediate();
      applied.push(m.name);
    }
  } finally {
    db.pragma(`foreign_keys = ${foreignKeys ? "ON" : "OFF"}`);
  }
  return applied;
}

/** `npm run db:migrate` (scripts/db-migrate.ts). */
export async function runMigrateCommand() {
  const { openDatabase } = await import("../app/utils/db.server");
  const { env } = await import("../app/utils/env.server");
  const db = openDatabase(env().DATABASE_PATH, { migrate: false });
  const applied = migrate(db);
  console.log(
    applied.length
      ? `Applied ${applied.length} migration(s) to ${env().DATABASE_PATH}: ${applied.join(", ")}`
      : `${env().DATABASE_PATH} is up to date (schema version ${db.pragma("user_version", { simple: true })}).`,
  );
  db.close();
}
