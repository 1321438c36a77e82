// The audit log: append-only (the database refuses updates and deletes) and hash-chained (each row
// holds the hash of the row before it, so that a change made behind the triggers' back shows in
// `npm run audit:verify`); moderators only. logAction is the one writer of audit_log.
import type Database from "better-sqlite3";
import { CHAIN_START, auditRowHash, type ChainedContent } from "~/utils/audit-chain.server";
import { getDb } from "~/utils/db.server";

export type AuditEntry = {
  actorId: number | null;
  action: string;
  targetType:
    | "idea"
    | "comment"
    | "group"
    | "user"
    | "report"
    | "setting"
    | "merge"
    | "workshop"
    | "action"
    | "partner";
  targetId: number | null;
  reason?: string;
  details?: Record<string, unknown>;
};

/**
 * Appends one row, chained to the newest. Inside the caller's transaction when there is one (a
 * savepoint), else its own BEGIN IMMEDIATE, so that no other writer can slip a row in between.
 */
export function logAction(entry: AuditEntry) {
  const db = getDb();
  db.transaction(() => {
    const last = db.prepare("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").get() as
      { id: number; hash: string | null } | undefined;
    const prevHash = last?.hash ?? CHAIN_START;
    const row: ChainedContent = {
      id: (last?.id ?? 0) + 1,
      actorId: entry.actorId,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId,
      reason: entry.reason ?? "",
      details: JSON.stringify(entry.details ?? {}),
      createdAt: new Date().toISOString(),
    };
    db.prepare(
      `INSERT INTO audit_log (id, actor_id, action, target_type, target_id, reason, details, created_at, prev_hash, hash)
       VALUES (@id, @actorId, @action, @targetType, @targetId, @reason, @details, @createdAt, @prevHash, @hash)`,
    ).run({ ...row, prevHash, hash: auditRowHash(prevHash, row) });
  }).immediate();
}

export type ChainCheck =
  { ok: true; rows: number } | { ok: false; rows: number; brokenId: number; problem: string };

/**
 * Walks the chain oldest first. A changed row fails its own hash; a removed row breaks the link of
 * the row after it. (Removing the newest rows, or rewriting the whole chain, does not show: see
 * docs/security.md.)
 */
export function verifyAuditChain(db: Database.Database = getDb()): ChainCheck {
  const rows = db
    .prepare(
      `SELECT id, actor_id AS actorId, action, target_type AS targetType, target_id AS targetId, reason, details,
         created_at AS createdAt, prev_hash AS prevHash, hash
       FROM audit_log ORDER BY id`,
    )
    .iterate() as IterableIterator<
    ChainedContent & { prevHash: string | null; hash: string | null }
  >;
  let expectedPrev = CHAIN_START;
  let count = 0;
  for (const row of rows) {
    count += 1;
    if (row.prevHash !== expectedPrev) {
      return {
        ok: false,
        rows: count,
        brokenId: row.id,
        problem: "does not follow the row before it (a row was removed or inserted)",
      };
    }
    if (row.hash !== auditRowHash(expectedPrev, row)) {
      return {
        ok: false,
        rows: count,
        brokenId: row.id,
        problem: "its content does not match its hash (the row was changed)",
      };
    }
    expectedPrev = row.hash;
  }
  return { ok: true, rows: count };
}

export type AuditRow = ChainedContent & {
  actorName: string | null;
  /** what the target is called now: the idea's or group's title (a comment: its idea's), a workshop's */
  targetTitle: string | null;
  /** for a comment: the idea it is on (its page is where the comment is) */
  targetIdeaId: number | null;
  /** for a merge: the two ideas' titles, and whether it has been undone since */
  fromTitle: string | null;
  intoTitle: string | null;
  mergeUndone: boolean;
};

export type AuditFilter = {
  action?: string;
  actorId?: number;
  targetType?: string;
  limit?: number;
  before?: number;
};

export function auditEntries(filter: AuditFilter = {}): AuditRow[] {
  const where: string[] = [];
  const params: Record<string, unknown> = { limit: Math.min(filter.limit ?? 100, 500) };
  if (filter.action) {
    where.push("a.action = @action");
    params.action = filter.action;
  }
  if (filter.actorId) {
    where.push("a.actor_id = @actorId");
    params.actorId = filter.actorId;
  }
  if (filter.targetType) {
    where.push("a.target_type = @targetType");
    params.targetType = filter.targetType;
  }
  if (filter.before) {
    where.push("a.id < @before");
    params.before = filter.before;
  }
  return getDb()
    .prepare(
      `SELECT a.id, a.actor_id AS actorId, u.name AS actorName, a.action, a.target_type AS targetType,
         a.target_id AS targetId, a.reason, a.details, a.created_at AS createdAt,
         CASE a.target_type
           WHEN 'idea' THEN (SELECT title FROM ideas WHERE id = a.target_id)
           WHEN 'comment' THEN (SELECT i.title FROM comments c JOIN ideas i ON i.id = c.idea_id WHERE c.id = a.target_id)
           WHEN 'group' THEN (SELECT title FROM co_creation_groups WHERE id = a.target_id)
           WHEN 'workshop' THEN (SELECT title FROM workshops WHERE id = a.target_id)
         END AS targetTitle,
         CASE a.target_type WHEN 'comment' THEN (SELECT idea_id FROM comments WHERE id = a.target_id) END AS targetIdeaId,
         CASE a.target_type WHEN 'merge' THEN (SELECT title FROM ideas WHERE id = json_extract(a.details, '$.fromId')) END AS fromTitle,
         CASE a.target_type WHEN 'merge' THEN (SELECT title FROM ideas WHERE id = json_extract(a.details, '$.intoId')) END AS intoTitle,
         CASE a.target_type WHEN 'merge' THEN coalesce((SELECT undone_at IS NOT NULL FROM idea_merges WHERE id = a.target_id), 0) ELSE 0 END
           AS mergeUndone
       FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id
       ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
       ORDER BY a.id DESC LIMIT @limit`,
    )
    .all(params)
    .map((row) => {
      const r = row as Omit<AuditRow, "mergeUndone"> & { mergeUndone: number };
      return { ...r, mergeUndone: r.mergeUndone === 1 };
    });
}

export function auditActions(): string[] {
  return (
    getDb().prepare("SELECT DISTINCT action FROM audit_log ORDER BY action").all() as {
      action: string;
    }[]
  ).map((r) => r.action);
}

export function auditActors(): { id: number; name: string | null }[] {
  return getDb()
    .prepare(
      `SELECT DISTINCT u.id, u.name FROM audit_log a JOIN users u ON u.id = a.actor_id ORDER BY u.name`,
    )
    .all() as { id: number; name: string | null }[];
}
