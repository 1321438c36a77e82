// The audit log's hash chain: one definition of a row's hash, used by the writer (models/audit),
// the migration that backfilled old rows (as the SQL function audit_row_hash) and the verifier.
import crypto from "node:crypto";
import type Database from "better-sqlite3";

export type ChainedContent = {
  id: number;
  actorId: number | null;
  action: string;
  targetType: string;
  targetId: number | null;
  reason: string;
  details: string;
  createdAt: string;
};

/** The first row's prev_hash. */
export const CHAIN_START = "";

/** sha256 over the previous row's hash and this row's content, in a fixed (JSON array) form. */
export function auditRowHash(prevHash: string, row: ChainedContent): string {
  const canonical = JSON.stringify([
    row.id,
    row.actorId,
    row.action,
    row.targetType,
    row.targetId,
    row.reason,
    row.details,
    row.createdAt,
  ]);
  return crypto.createHash("sha256").update(prevHash).update("\n").update(canonical).digest("hex");
}

/** Makes audit_row_hash(prev, id, actor_id, action, target_type, target_id, reason, details, created_at) callable in SQL. */
export function registerAuditHashFunction(db: Database.Database) {
  db.function(
    "audit_row_hash",
    { deterministic: true, varargs: false },
    (
      prevHash: unknown,
      id: unknown,
      actorId: unknown,
      action: unknown,
      targetType: unknown,
      targetId: unknown,
      reason: unknown,
      details: unknown,
      createdAt: unknown,
    ) =>
      auditRowHash(String(prevHash ?? CHAIN_START), {
        id: Number(id),
        actorId: actorId === null ? null : Number(actorId),
        action: String(action),
        targetType: String(targetType),
        targetId: targetId === null ? null : Number(targetId),
        reason: String(reason),
        details: String(details),
        createdAt: String(createdAt),
      }),
  );
}
