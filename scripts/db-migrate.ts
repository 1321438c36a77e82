// `npm run db:migrate`: applies pending migrations to DATABASE_PATH (the server also does at start).
import { runMigrateCommand } from "../db/migrate";

try {
  await runMigrateCommand();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
