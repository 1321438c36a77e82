// Applies the numbered SQL files in db/migrations/ in order, one BEGIN IMMEDIATE transaction each,
// tracked with PRAGMA user_version. Run as `npm run db:migrate`; the app also calls migrate() on start.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type Database from "better-sqlite3";

export const MIGRATIONS_DIR = path.resolve(process.cwd(), "db/migrations");

export type Migration = { version: number; name: string; sql: string };

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
    if (m.version !== i + 1) throw new Error(`Migration ${m.name} is out of sequence (expected ${i + 1})`);
  });
  return migrations;
}

/** Applies pending migrations; returns the names of those applied. */
export function migrate(db: Database.Database, migrations = loadMigrations()): string[] {
  const applied: string[] = [];
  const current = db.pragma("user_version", { simple: true }) as number;
  if (current > migrations.length) {
    throw new Error(
      `The database is at schema version ${current}, newer than this code (${migrations.length}).`,
    );
  }
  for (const m of migrations.slice(current)) {
    // One transaction per migration; user_version moves with it, so a failure leaves nothing half done.
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
    applied.push(m.name);
  }
  return applied;
}

async function main() {
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

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
