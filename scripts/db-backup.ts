// `npm run db:backup -- FILE`: a consistent online copy of the live database (SQLite's backup API;
// the app may keep serving meanwhile), checked with integrity_check before it is reported done.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { env } from "~/utils/env.server";

const target = process.argv[2];
if (!target || target.startsWith("-")) {
  console.error("Usage: npm run db:backup -- FILE");
  process.exit(2);
}
const source = env().DATABASE_PATH;
if (!fs.existsSync(source)) {
  console.error(`No database at ${source}`);
  process.exit(1);
}
const destination = path.resolve(target);
if (destination === source) {
  console.error("The backup must go to another file than the database itself.");
  process.exit(2);
}

const db = new Database(source, { readonly: true, fileMustExist: true });
db.pragma("busy_timeout = 5000");
const started = performance.now();
fs.mkdirSync(path.dirname(destination), { recursive: true });
const temporary = `${destination}.partial`;
fs.rmSync(temporary, { force: true });
await db.backup(temporary);
db.close();

const copy = new Database(temporary);
const check = copy.pragma("integrity_check", { simple: true });
copy.close();
if (check !== "ok") {
  fs.rmSync(temporary, { force: true });
  console.error(`The copy failed its integrity check: ${check}`);
  process.exit(1);
}
fs.renameSync(temporary, destination);
console.log(
  `Backed up ${source} to ${destination} (${(fs.statSync(destination).size / 1e6).toFixed(1)} MB, integrity ok) in ${Math.round(performance.now() - started)} ms`,
);
