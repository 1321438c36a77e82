// The audit log: append-only (the database refuses updates and deletes), moderators only.
import { getDb } from "~/utils/db.server";

export type AuditEntry = {
  actorId: number | null;
  action: string;
  targetType: "idea" | "comment" | "group" | "user" | "report" | "setting" | "merge" | "workshop";
  targetId: number | null;
  reason?: string;
  details?: Record<string, unknown>;
};

export function logAction(entry: AuditEntry) {
  getDb()
    .prepare(
      `INSERT INTO audit_log (actor_id, action, target_type, target_id, reason, details)
       VALUES (?, ?, ?, ?, ?, ?)`,
    )
    .run(entry.actorId, entry.action, entry.targetType, entry.targetId, entry.reason ?? "", JSON.stringify(entry.details ?? {}));
}

export type AuditRow = {
  id: number;
  actorId: number | null;
  actorName: string | null;
  action: string;
  targetType: string;
  targetId: number | null;
  reason: string;
  details: string;
  createdAt: string;
};

export type AuditFilter = { action?: string; actorId?: number; targetType?: string; limit?: number; before?: number };

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
         a.target_id AS targetId, a.reason, a.details, a.created_at AS createdAt
       FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id
       ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
       ORDER BY a.id DESC LIMIT @limit`,
    )
    .all(params) as AuditRow[];
}

export function auditActions(): string[] {
  return (getDb().prepare("SELECT DISTINCT action FROM audit_log ORDER BY action").all() as { action: string }[]).map(
    (r) => r.action,
  );
}

export function auditActors(): { id: number; name: string | null }[] {
  return getDb()
    .prepare(
      `SELECT DISTINCT u.id, u.name FROM audit_log a JOIN users u ON u.id = a.actor_id ORDER BY u.name`,
    )
    .all() as { id: number; name: string | null }[];
}
