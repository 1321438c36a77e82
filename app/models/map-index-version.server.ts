// The map index's version (migration 0023, decision 022): what a snapshot of the index must match.
import { getDb } from "~/utils/db.server";

/**
 * The database as the map index sees it: the counter and random stamp that every write to what the
 * index reads changes (from any connection), the schema's version, and this connection's
 * `data_version` (which changes when another connection commits anything).
 */
export type MapIndexVersion = {
  counter: number;
  /** 16 hex digits, drawn anew at each bump */
  stamp: string;
  schemaVersion: number;
  dataVersion: number;
};

const TRIGGERS = [
  "map_index_version_idea_insert",
  "map_index_version_idea_delete",
  "map_index_version_idea_update",
  "map_index_version_group_insert",
  "map_index_version_group_delete",
  "map_index_version_group_update",
];

/** The version now, or null when the table or any of its triggers is missing (never trust then). */
export function mapIndexVersionNow(): MapIndexVersion | null {
  const db = getDb();
  const triggers = db
    .prepare(
      `SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name IN (${TRIGGERS.map(() => "?").join(", ")})`,
    )
    .pluck()
    .get(...TRIGGERS) as number;
  if (triggers !== TRIGGERS.length) return null;
  const row = db
    .prepare("SELECT counter, hex(stamp) AS stamp FROM map_index_version WHERE id = 1")
    .get() as { counter: number; stamp: string } | undefined;
  if (!row) return null;
  return {
    counter: row.counter,
    stamp: row.stamp,
    schemaVersion: db.pragma("user_version", { simple: true }) as number,
    dataVersion: dataVersion(),
  };
}

/** Changes when another connection (process, script) commits a write; never for this one's own. */
export function dataVersion(): number {
  return getDb().pragma("data_version", { simple: true }) as number;
}

/**
 * How many ideas the map shows and their supports in all: a cheap check (the status and supports
 * index covers it) that the index in memory still agrees with the database before it is saved.
 */
export function visibleIdeaTotals(): { ideas: number; supports: number } {
  return getDb()
    .prepare(
      "SELECT count(*) AS ideas, coalesce(sum(supports_count), 0) AS supports FROM ideas WHERE status = 'visible'",
    )
    .get() as { ideas: number; supports: number };
}
