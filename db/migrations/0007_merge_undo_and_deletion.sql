-- Merges remember what they replaced, so that undoing one puts back exactly what was there; and a
-- note on why accounts are never DELETEd.

-- The absorbed idea's status before the merge (rows from before this migration: NULL, read as
-- 'visible' — merges were only ever made from ideas on view or held ones since refused).
ALTER TABLE idea_merges ADD COLUMN from_status TEXT
  CHECK (from_status IS NULL OR from_status IN ('visible', 'pending', 'hidden'));
-- The supports and follows a merge removed from the absorbed idea because the person already
-- had one on the other idea, with their original time: [[user_id, created_at], …]. NULL in older
-- rows, where only the user ids in shared_supports / shared_follows are known.
ALTER TABLE idea_merges ADD COLUMN shared_supports_rows TEXT;
ALTER TABLE idea_merges ADD COLUMN shared_follows_rows TEXT;

-- Deleting an account is an anonymising UPDATE of its users row, never a DELETE
-- (app/models/me.server.ts deleteAccount): audit_log.actor_id references users with ON DELETE SET
-- NULL, and the audit log is append-only (its triggers refuse any UPDATE), so a hard DELETE of
-- anyone who ever acted fails. The row keeps only id, role, created_at and deleted_at; supports
-- stay counted through it, and ideas and comments keep it as their author, which the public
-- queries show as "a deleted user" with neither name nor id. Name, e-mail, password hash, locale,
-- sessions, reset links, follows, notifications and workshop participant names go.
