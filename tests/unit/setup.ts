// Every test file gets its own in-memory database, migrated, behind getDb().
import { afterAll } from "vitest";
import { openDatabase, setDbForTesting } from "~/utils/db.server";

process.env.DATABASE_PATH = ":memory:";
const db = openDatabase(":memory:");
setDbForTesting(db);

afterAll(() => {
  setDbForTesting(undefined);
  db.close();
});
