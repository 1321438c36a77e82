-- "Supports toward the official-answer threshold count only from verified residents" (issue 16, a
-- setting at /admin, `verified_supports_only`): the crossing trigger of 0018 counts, when the
-- setting is on, only the supports of accounts verified by an e-ID sign-in (users.verified_at,
-- 0017); otherwise supports_count as before. Still the one home of the crossing: it fires on every
-- change of supports_count, and a verified account's support always changes it (e-ID accounts are
-- confirmed at once).
DROP TRIGGER idea_threshold_reached_on_counted_supports;
CREATE TRIGGER idea_threshold_reached_on_counted_supports
AFTER UPDATE OF supports_count ON ideas
WHEN NEW.supports_count > OLD.supports_count
  AND NEW.status = 'visible'
  AND (CASE WHEN (SELECT value FROM settings WHERE key = 'verified_supports_only') = '1'
         THEN (SELECT count(*) FROM supports s JOIN users u ON u.id = s.user_id
               WHERE s.idea_id = NEW.id AND u.verified_at IS NOT NULL)
         ELSE NEW.supports_count END)
      >= coalesce((SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'threshold_supports'), 150)
  AND julianday('now') - julianday(NEW.created_at)
      <= coalesce((SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'threshold_days'), 90)
BEGIN
  INSERT INTO idea_thresholds (idea_id, reached_at, supports_at_threshold, due_at)
  VALUES (
    NEW.id,
    strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
    CASE WHEN (SELECT value FROM settings WHERE key = 'verified_supports_only') = '1'
      THEN (SELECT count(*) FROM supports s JOIN users u ON u.id = s.user_id
            WHERE s.idea_id = NEW.id AND u.verified_at IS NOT NULL)
      ELSE NEW.supports_count END,
    strftime('%Y-%m-%dT%H:%M:%fZ', 'now',
      '+' || coalesce((SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'threshold_answer_days'), 60) || ' days')
  )
  ON CONFLICT(idea_id) DO NOTHING;
END;
