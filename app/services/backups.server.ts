// Backups: a consistent copy of the live database through SQLite's online backup API, checked
// with integrity_check before it counts; optionally on a schedule, keeping the newest N.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";

export type BackupResult = { file: string; bytes: number; ms: number };

/** Copies `source` (a connection or a file) to `destination`; the copy must pass integrity_check. */
export async function backupDatabase(source: Database.Database | string, destination: string): Promise<BackupResult> {
  const started = performance.now();
  const target = path.resolve(destination);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const partial = `${target}.partial`;
  fs.rmSync(partial, { force: true });
  const db = typeof source === "string" ? new Database(source, { readonly: true, fileMustExist: true }) : source;
  try {
    if (typeof source === "string") db.pragma("busy_timeout = 5000");
    if (path.resolve(db.name) === target) throw new Error("The backup must go to another file than the database itself.");
    await db.backup(partial);
  } finally {
    if (typeof source === "string") db.close();
  }
  const copy = new Database(partial);
  const check = copy.pragma("integrity_check", { simple: true });
  copy.close();
  if (check !== "ok") {
    fs.rmSync(partial, { force: true });
    throw new Error(`The copy failed its integrity check: ${check}`);
  }
  fs.renameSync(partial, target);
  return { file: target, bytes: fs.statSync(target).size, ms: Math.round(performance.now() - started) };
}

const BACKUP_NAME = /^samskapa-\d{8}T\d{6}Z\.db$/;

export function backupFileName(now = new Date()) {
  return `samskapa-${now.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z")}.db`;
}

/** Removes all but the newest `keep` scheduled backups in `dir`; returns the removed files. */
export function pruneBackups(dir: string, keep: number): string[] {
  const files = fs
    .readdirSync(dir)
    .filter((f) => BACKUP_NAME.test(f))
    .sort()
    .reverse();
  const removed = files.slice(keep);
  for (const f of removed) fs.rmSync(path.join(dir, f), { force: true });
  return removed;
}

/** Backs up every `intervalHours` into `dir`, keeping the newest `keep`. Returns a stop function. */
export function startScheduledBackups(
  db: Database.Database,
  options: { dir: string; intervalHours: number; keep: number },
  report: (event: { ok: boolean; result?: BackupResult; error?: unknown; removed?: string[] }) => void,
) {
  const run = async () => {
    try {
      const result = await backupDatabase(db, path.join(options.dir, backupFileName()));
      report({ ok: true, result, removed: pruneBackups(options.dir, options.keep) });
    } catch (error) {
      report({ ok: false, error });
    }
  };
  const timer = setInterval(run, options.intervalHours * 3_600_000);
  timer.unref();
  return () => clearInterval(timer);
}
