// Time travel for rules that wait: an account a day old (auto-hiding counts only such reporters)
// and a confirmation link past its 48 hours. The only writes the tests make behind the app's back,
// straight into the shared e2e database (WAL: the running server keeps serving meanwhile).
import crypto from "node:crypto";
import path from "node:path";
import Database from "better-sqlite3";

function withDatabase<T>(fn: (db: Database.Database) => T): T {
  const db = new Database(path.join(process.env.E2E_DB_DIR ?? "", "samskapa.db"));
  db.pragma("busy_timeout = 5000");
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

/** Makes the account with this address look as if it joined `days` ago. */
export function ageAccount(email: string, days: number) {
  const changed = withDatabase(
    (db) =>
      db
        .prepare(
          `UPDATE users SET created_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?) WHERE email = ?`,
        )
        .run(`-${days} days`, email).changes,
  );
  if (changed !== 1) throw new Error(`no account ${email}`);
}

/** Lets the confirmation link with this token expire (as 48 hours would). */
export function expireConfirmationLink(token: string) {
  const hash = crypto.createHash("sha256").update(token).digest("hex");
  const changed = withDatabase(
    (db) =>
      db
        .prepare(
          "UPDATE email_confirmations SET expires_at = '2020-01-01T00:00:00.000Z' WHERE token_hash = ?",
        )
        .run(hash).changes,
  );
  if (changed !== 1) throw new Error("no such confirmation link");
}
