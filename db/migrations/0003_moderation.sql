-- Moderation and the Smart samskapande workflow: the audit log, group timelines, merges that can
-- be undone, co-authors, settings, and e-mail preferences.

-- Append-only: who did what, when, to what, and why. Never shown to the public.
CREATE TABLE audit_log (
  id           INTEGER PRIMARY KEY,
  actor_id     INTEGER REFERENCES users(id) ON DELETE SET NULL,
  action       TEXT NOT NULL,
  target_type  TEXT NOT NULL CHECK (target_type IN ('idea', 'comment', 'group', 'user', 'report', 'setting', 'merge', 'workshop')),
  target_id    INTEGER,
  reason       TEXT NOT NULL DEFAULT '',
  details      TEXT NOT NULL DEFAULT '{}',
  created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX audit_log_created ON audit_log(created_at DESC);
CREATE INDEX audit_log_target ON audit_log(target_type, target_id);
CREATE INDEX audit_log_actor ON audit_log(actor_id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

-- A group's public timeline: every stage change with its message to residents.
CREATE TABLE group_messages (
  id          INTEGER PRIMARY KEY,
  group_id    INTEGER NOT NULL REFERENCES co_creation_groups(id) ON DELETE CASCADE,
  from_stage  TEXT,
  to_stage    TEXT NOT NULL,
  message     TEXT NOT NULL CHECK (length(message) BETWEEN 1 AND 5000),
  author_id   INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX group_messages_group ON group_messages(group_id, created_at);

-- What a merge moved, so that it can be undone exactly.
CREATE TABLE idea_merges (
  id                 INTEGER PRIMARY KEY,
  from_idea_id       INTEGER NOT NULL REFERENCES ideas(id),
  into_idea_id       INTEGER NOT NULL REFERENCES ideas(id),
  moved_supports     TEXT NOT NULL DEFAULT '[]',   -- user ids whose support moved
  shared_supports    TEXT NOT NULL DEFAULT '[]',   -- user ids who supported both (counted once)
  moved_comments     TEXT NOT NULL DEFAULT '[]',   -- comment ids
  moved_follows      TEXT NOT NULL DEFAULT '[]',   -- user ids
  shared_follows     TEXT NOT NULL DEFAULT '[]',
  added_coauthor_id  INTEGER,
  merged_by          INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created_at         TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  undone_at          TEXT
);
CREATE INDEX idea_merges_into ON idea_merges(into_idea_id);

CREATE TABLE idea_coauthors (
  idea_id  INTEGER NOT NULL REFERENCES ideas(id) ON DELETE CASCADE,
  user_id  INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  PRIMARY KEY (idea_id, user_id)
) WITHOUT ROWID;

CREATE TABLE settings (
  key    TEXT PRIMARY KEY,
  value  TEXT NOT NULL
);
INSERT INTO settings (key, value) VALUES ('auto_hide_reports', '3'), ('premoderation', '0');

ALTER TABLE users ADD COLUMN email_notifications INTEGER NOT NULL DEFAULT 1;
ALTER TABLE ideas ADD COLUMN hidden_automatically INTEGER NOT NULL DEFAULT 0;
ALTER TABLE ideas ADD COLUMN reviewed_at TEXT;
ALTER TABLE comments ADD COLUMN hidden_automatically INTEGER NOT NULL DEFAULT 0;
-- The ideas already there when moderation began count as reviewed.
UPDATE ideas SET reviewed_at = created_at;
CREATE INDEX ideas_unreviewed ON ideas(reviewed_at) WHERE reviewed_at IS NULL;
