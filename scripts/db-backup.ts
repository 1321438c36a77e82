// `npm run db:backup -- FILE`: a consistent online copy of the live database (SQLite's backup API;
// the app may keep serving meanwhile), checked with integrity_check before it is reported done.
import fs from "node:fs";
import { backupDatabase } from "~/services/backups.server";
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
try {
  const { file, bytes, ms } = await backupDatabase(source, target);
  console.log(
    `Backed up ${source} to ${file} (${(bytes / 1e6).toFixed(1)} MB, integrity ok) in ${ms} ms`,
  );
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
