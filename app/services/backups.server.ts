// Backups: a consistent copy of the live database through SQLite's online backup API, checked
// with integrity_check (in a worker thread, so that the server keeps answering) before it counts;
// optionally on a schedule that follows the newest backup in the folder, so restarts do not reset it.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { Worker } from "node:worker_threads";
import Database from "better-sqlite3";

export type BackupResult = { file: string; bytes: number; ms: number };

const require = createRequire(import.meta.url);

// Plain CommonJS, run with `eval`: no file to find next to a build, no TypeScript loader needed.
const INTEGRITY_WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
let db;
try {
  db = new Database(workerData.file, { readonly: true, fileMustExist: true });
  const rows = db.pragma("integrity_check");
  parentPort.postMessage({ result: rows.map((r) => r.integrity_check).join("; ") });
} catch (error) {
  parentPort.postMessage({ result: "cannot be read: " + (error && error.message ? error.message : String(error)) });
} finally {
  if (db) db.close();
}
`;

/**
 * PRAGMA integrity_check of `file`, opened read-only in a worker thread (a large file takes seconds,
 * which would otherwise stall every request). "ok" when sound, else what SQLite found.
 */
export function checkIntegrity(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(INTEGRITY_WORKER, {
      eval: true,
      workerData: { file: path.resolve(file), driver: require.resolve("better-sqlite3") },
    });
    let answered = false;
    worker.once("message", (message: { result: string }) => {
      answered = true;
      resolve(message.result);
    });
    worker.once("error", reject);
    worker.once("exit", (code) => {
      if (!answered)
        reject(new Error(`The integrity check stopped without an answer (exit code ${code}).`));
    });
  });
}

/** Copies `source` (a connection or a file) to `destination`; the copy must pass integrity_check. */
export async function backupDatabase(
  source: Database.Database | string,
  destination: string,
): Promise<BackupResult> {
  const started = performance.now();
  const target = path.resolve(destination);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const partial = `${target}.partial`;
  fs.rmSync(partial, { force: true });
  const db =
    typeof source === "string"
      ? new Database(source, { readonly: true, fileMustExist: true })
      : source;
  try {
    if (typeof source === "string") db.pragma("busy_timeout = 5000");
    if (path.resolve(db.name) === target)
      throw new Error("The backup must go to another file than the database itself.");
    await db.backup(partial);
  } finally {
    if (typeof source === "string") db.close();
  }
  const check = await checkIntegrity(partial).catch(
    (error: unknown) => `not checked: ${error instanceof Error ? error.message : error}`,
  );
  if (check !== "ok") {
    fs.rmSync(partial, { force: true });
    throw new Error(`The copy failed its integrity check: ${check}`);
  }
  fs.renameSync(partial, target);
  return {
    file: target,
    bytes: fs.statSync(target).size,
    ms: Math.round(performance.now() - started),
  };
}

const BACKUP_NAME = /^samskapa-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z\.db$/;

export function backupFileName(now = new Date()) {
  return `samskapa-${now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z")}.db`;
}

/** When the newest scheduled backup in `dir` was taken (from its name), or null when there is none. */
export function newestBackupTime(dir: string): number | null {
  let newest: number | null = null;
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return null;
  }
  for (const name of names) {
    const m = BACKUP_NAME.exec(name);
    if (!m) continue;
    const at = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
    if (newest === null || at > newest) newest = at;
  }
  return newest;
}

/** Milliseconds until the next scheduled backup is due: an interval after the newest one, 0 when overdue. */
export function msUntilNextBackup(
  dir: string,
  intervalHours: number,
  now = Date.now(),
  lastAttempt: number | null = null,
): number {
  const last = Math.max(newestBackupTime(dir) ?? -Infinity, lastAttempt ?? -Infinity);
  if (!Number.isFinite(last)) return 0;
  const interval = intervalHours * 3_600_000;
  // A backup "from the future" (a clock set back) waits one interval, not more.
  return Math.min(interval, Math.max(0, last + interval - now));
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

// setTimeout fires at once past this (about 24.8 days); longer waits are taken in steps.
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Backs up into `dir` an interval after the newest backup there (so a server restarted more often
 * than the interval still backs up), keeping the newest `keep`. The first backup waits at least
 * `firstDelayMs` (default one minute) so that it does not compete with the start. Returns a stop function.
 */
export function startScheduledBackups(
  db: Database.Database,
  options: { dir: string; intervalHours: number; keep: number; firstDelayMs?: number },
  report: (event: {
    ok: boolean;
    result?: BackupResult;
    error?: unknown;
    removed?: string[];
  }) => void,
) {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let lastAttempt: number | null = null;
  const firstDelay = options.firstDelayMs ?? 60_000;

  const run = async () => {
    lastAttempt = Date.now();
    try {
      const result = await backupDatabase(db, path.join(options.dir, backupFileName()));
      report({ ok: true, result, removed: pruneBackups(options.dir, options.keep) });
    } catch (error) {
      report({ ok: false, error });
    }
  };
  const schedule = (minimum: number) => {
    if (stopped) return;
    const due = msUntilNextBackup(options.dir, options.intervalHours, Date.now(), lastAttempt);
    const wait = Math.max(minimum, due);
    timer = setTimeout(
      async () => {
        if (wait > MAX_TIMER_MS) return schedule(0); // not due yet: wait the rest
        await run();
        schedule(0);
      },
      Math.min(wait, MAX_TIMER_MS),
    );
    timer.unref();
  };
  schedule(firstDelay);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
