-- Thresholds and official answers (issue 15; docs/decisions/015-official-answers.md). An idea that
-- reaches N supports within D days of its publication is due an official answer within A days.

-- The rule, in settings (admins change it at /admin): 150 supports within 90 days, answer in 60.
INSERT INTO settings (key, value) VALUES
  ('threshold_supports', '150'), ('threshold_days', '90'), ('threshold_answer_days', '60')
ON CONFLICT(key) DO NOTHING;

-- When an idea reached the threshold, with how many supports, and by when it is to be answered.
-- One row per idea, written once: the rule as it stood at that moment decides the due date.
CREATE TABLE idea_thresholds (
  idea_id               INTEGER PRIMARY KEY REFERENCES ideas(id) ON DELETE CASCADE,
  reached_at            TEXT NOT NULL,
  supports_at_threshold INTEGER NOT NULL,
  due_at                TEXT NOT NULL
);
CREATE INDEX idea_thresholds_due ON idea_thresholds(due_at);

-- The one home of "an idea reached the threshold": supports_count changes in this table only,
-- whatever wrote the support (the idea page, the support door before Remix, "support this
-- instead", confirming an address, a merge's recount), so the crossing is recorded in the same
-- transaction as the support that made it. supports_count already leaves held supports out (0014).
CREATE TRIGGER idea_threshold_reached_on_counted_supports
AFTER UPDATE OF supports_count ON ideas
WHEN NEW.supports_count > OLD.supports_count
  AND NEW.status = 'visible'
  AND NEW.supports_count >= coalesce((SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'threshold_supports'), 150)
  AND julianday('now') - julianday(NEW.created_at)
      <= coalesce((SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'threshold_days'), 90)
BEGIN
  INSERT INTO idea_thresholds (idea_id, reached_at, supports_at_threshold, due_at)
  VALUES (
    NEW.id,
    strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
    NEW.supports_count,
    strftime('%Y-%m-%dT%H:%M:%fZ', 'now',
      '+' || coalesce((SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'threshold_answer_days'), 60) || ' days')
  )
  ON CONFLICT(idea_id) DO NOTHING;
END;

-- One official answer per idea (the primary key makes a second one impossible). action_id points
-- at the action portfolio (another migration adds the actions table): no foreign key yet.
CREATE TABLE official_answers (
  idea_id       INTEGER PRIMARY KEY REFERENCES ideas(id) ON DELETE CASCADE,
  verdict       TEXT NOT NULL CHECK (verdict IN ('accepted', 'already-planned', 'not-now', 'rejected')),
  text          TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 5000),
  answered_for  TEXT NOT NULL CHECK (length(answered_for) BETWEEN 1 AND 120),
  answered_by   INTEGER REFERENCES users(id) ON DELETE SET NULL,
  group_id      INTEGER REFERENCES co_creation_groups(id) ON DELETE SET NULL,
  action_id     INTEGER,
  answered_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX official_answers_answered ON official_answers(answered_at);

-- A notification kind for the answer: SQLite cannot change a CHECK, so notifications is rebuilt
-- (foreign keys are off while migrations run; nothing refers to notifications).
CREATE TABLE notifications_new (
  id          INTEGER PRIMARY KEY,
  user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind        TEXT NOT NULL CHECK (kind IN ('comment-on-my-idea', 'reply-to-me', 'comment-on-followed',
                'idea-hidden', 'comment-hidden', 'group-stage', 'idea-merged', 'idea-grouped',
                'official-answer')),
  idea_id     INTEGER REFERENCES ideas(id) ON DELETE CASCADE,
  comment_id  INTEGER REFERENCES comments(id) ON DELETE CASCADE,
  group_id    INTEGER REFERENCES co_creation_groups(id) ON DELETE CASCADE,
  message     TEXT NOT NULL DEFAULT '',
  read_at     TEXT,
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  mailed_at   TEXT
);
INSERT INTO notifications_new (id, user_id, kind, idea_id, comment_id, group_id, message, read_at, created_at, mailed_at)
SELECT id, user_id, kind, idea_id, comment_id, group_id, message, read_at, created_at, mailed_at FROM notifications;
DROP TABLE notifications;
ALTER TABLE notifications_new RENAME TO notifications;
CREATE INDEX notifications_user ON notifications(user_id, read_at, created_at DESC);
CREATE INDEX notifications_unmailed ON notifications(user_id, id) WHERE mailed_at IS NULL;
