// `npm run audit:verify`: walks the audit log's hash chain in DATABASE_PATH (read-only) and prints
// OK with the number of rows, or the first row that breaks it; exit code 1 when broken.
import fs from "node:fs";
import Database from "better-sqlite3";
import { verifyAuditChain } from "~/models/audit.server";
import { env } from "~/utils/env.server";

const file = env().DATABASE_PATH;
if (file === ":memory:" || !fs.existsSync(file)) {
  console.error(`No database at ${file}`);
  process.exit(2);
}
const db = new Database(file, { readonly: true, fileMustExist: true });
db.pragma("busy_timeout = 5000");
try {
  const result = verifyAuditChain(db);
  if (result.ok) {
    console.log(`OK: the audit log's ${result.rows} row(s) form an unbroken chain.`);
  } else {
    console.error(`BROKEN at audit_log row id ${result.brokenId}: ${result.problem}.`);
    process.exitCode = 1;
  }
} catch (error) {
  console.error(
    `Could not verify the audit log: ${error instanceof Error ? error.message : error}`,
  );
  process.exitCode = 2;
} finally {
  db.close();
}
