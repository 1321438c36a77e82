-- The audit log becomes a hash chain: each row carries the hash of the row before it and its own
-- hash over (prev_hash, its content), so that a changed or removed row shows even when someone
-- drops the append-only triggers (`npm run audit:verify` walks the chain). audit_row_hash() is
-- the app's function (app/utils/audit-chain.server.ts), registered on the connection by db/migrate.ts.
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_log ADD COLUMN hash TEXT;

-- Backfill the rows already there, oldest first, each chained to the one before it.
DROP TRIGGER audit_log_no_update;
-- Keyed by id, so that the UPDATE below finds each row's hashes at once (not by a scan per row).
CREATE TEMP TABLE audit_chain (id INTEGER PRIMARY KEY, hash TEXT NOT NULL, prev_hash TEXT NOT NULL);
INSERT INTO temp.audit_chain (id, hash, prev_hash)
WITH RECURSIVE chain(id, hash) AS (
  SELECT id, audit_row_hash('', id, actor_id, action, target_type, target_id, reason, details, created_at)
  FROM audit_log WHERE id = (SELECT min(id) FROM audit_log)
  UNION ALL
  SELECT a.id, audit_row_hash(c.hash, a.id, a.actor_id, a.action, a.target_type, a.target_id, a.reason, a.details, a.created_at)
  FROM chain c JOIN audit_log a ON a.id = (SELECT min(id) FROM audit_log WHERE id > c.id)
)
SELECT id, hash, coalesce(lag(hash) OVER (ORDER BY id), '') AS prev_hash FROM chain;
UPDATE audit_log SET
  prev_hash = (SELECT prev_hash FROM temp.audit_chain c WHERE c.id = audit_log.id),
  hash = (SELECT hash FROM temp.audit_chain c WHERE c.id = audit_log.id);
DROP TABLE temp.audit_chain;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

-- Every new row must come chained (app/models/audit.server.ts logAction is the one writer).
CREATE TRIGGER audit_log_chained BEFORE INSERT ON audit_log WHEN NEW.hash IS NULL OR NEW.prev_hash IS NULL
BEGIN SELECT RAISE(ABORT, 'audit rows are written through logAction (hash chain)'); END;
