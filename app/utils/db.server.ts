// The one database connection of this process (a singleton that survives dev rebuilds).
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { migrate } from "../../db/migrate";
import { env } from "./env.server";

export type Db = Database.Database;

/** Opens a connection with the pragmas every connection needs, and migrates it unless told not to. */
export function openDatabase(file: string, options: { migrate?: boolean } = {}): Db {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  // Outside any transaction, on every connection.
  db.pragma("journal_mode = WAL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  db.pragma("synchronous = NORMAL");
  if (options.migrate !== false) migrate(db);
  reusePreparedStatements(db);
  return db;
}

/** Distinct SQL texts whose prepared statements are kept (the app has a few hundred). */
const STATEMENT_CACHE_SIZE = 1000;

/**
 * Makes db.prepare(sql) hand back the statement it prepared before for the same text: the models
 * prepare where they query, and preparing costs ~27 µs against ~6 µs for running a simple query —
 * several per request. A statement still being iterated is not handed out twice (a new one is
 * prepared). Modes set on a statement (pluck, raw) stay with it: each SQL text is used one way.
 */
function reusePreparedStatements(db: Db) {
  const prepare = db.prepare.bind(db);
  const statements = new Map<string, Database.Statement>();
  db.prepare = ((source: string) => {
    const kept = statements.get(source);
    if (kept && !kept.busy) return kept;
    const statement = prepare(source);
    if (kept) return statement;
    if (statements.size >= STATEMENT_CACHE_SIZE)
      statements.delete(statements.keys().next().value as string);
    statements.set(source, statement);
    return statement;
  }) as Db["prepare"];
}

/** A read-only connection for a worker thread beside the server's own (it never migrates). */
export function openReadOnlyDatabase(file: string): Db {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  db.pragma("busy_timeout = 5000");
  reusePreparedStatements(db);
  return db;
}

const globalForDb = globalThis as unknown as { __samskapaDb?: Db };

export function getDb(): Db {
  globalForDb.__samskapaDb ??= openDatabase(env().DATABASE_PATH);
  return globalForDb.__samskapaDb;
}

/**
 * Runs `work` with getDb() answering with `db`, then gives the process's connection back: for code
 * handed a connection that writes through the models (the demo seed fills the database it is
 * given). Synchronous work only, so that nothing else runs against the wrong connection meanwhile.
 */
export function withDb<T>(db: Db, work: () => T): T {
  const own = globalForDb.__samskapaDb;
  globalForDb.__samskapaDb = db;
  try {
    const result = work();
    if (result instanceof Promise) throw new Error("withDb takes synchronous work only");
    return result;
  } finally {
    globalForDb.__samskapaDb = own;
  }
}

/** For tests: make getDb() answer with this connection. */
export function setDbForTesting(db: Db | undefined) {
  globalForDb.__samskapaDb = db;
}
