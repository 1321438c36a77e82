-- The public action portfolio (issue 15): what the innovation team actually does, who carries it,
-- what it costs and what it does for the climate, linked to the residents' ideas and groups behind it.

-- The responsible partners: an editable list (renaming keeps every action's link).
CREATE TABLE action_partners (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(name) BETWEEN 2 AND 120),
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
INSERT INTO action_partners (name) VALUES
  ('Borås Stad'), ('Science Park Borås'), ('Borås Energi och Miljö'), ('Navet'), ('Fristadbostäder/FRIBO');

CREATE TABLE actions (
  id                    INTEGER PRIMARY KEY,
  title                 TEXT NOT NULL CHECK (length(title) BETWEEN 3 AND 120),
  body                  TEXT NOT NULL CHECK (length(body) BETWEEN 10 AND 5000),
  focus_area            TEXT NOT NULL CHECK (focus_area IN ('mobility', 'construction', 'co-creation', 'leadership')),
  partner_id            INTEGER NOT NULL REFERENCES action_partners(id),
  status                TEXT NOT NULL DEFAULT 'planned'
                        CHECK (status IN ('planned', 'started', 'done', 'paused', 'stopped')),
  -- why it was stopped: a stopped action always says why
  status_reason         TEXT NOT NULL DEFAULT '' CHECK (length(status_reason) <= 1000),
  progress              INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
  co2e_tonnes_per_year  REAL NOT NULL DEFAULT 0 CHECK (co2e_tonnes_per_year >= 0),
  co2e_method           TEXT NOT NULL DEFAULT '' CHECK (length(co2e_method) <= 2000),
  budget_sek            INTEGER NOT NULL DEFAULT 0 CHECK (budget_sek >= 0),
  start_date            TEXT NOT NULL CHECK (start_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  end_date              TEXT NOT NULL CHECK (end_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  -- the place, when the action has one (both or neither; inside Borås, checked by the app)
  lat                   REAL CHECK (lat BETWEEN -90 AND 90),
  lng                   REAL CHECK (lng BETWEEN -180 AND 180),
  created_by            INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created_at            TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at            TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  CHECK (end_date >= start_date),
  CHECK ((lat IS NULL) = (lng IS NULL)),
  CHECK (status <> 'stopped' OR length(trim(status_reason)) > 0)
);
CREATE INDEX actions_status ON actions(status);
CREATE INDEX actions_partner ON actions(partner_id);

-- The ideas and groups an action came from.
CREATE TABLE action_ideas (
  action_id  INTEGER NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
  idea_id    INTEGER NOT NULL REFERENCES ideas(id) ON DELETE CASCADE,
  PRIMARY KEY (action_id, idea_id)
) WITHOUT ROWID;
CREATE INDEX action_ideas_idea ON action_ideas(idea_id);

CREATE TABLE action_groups (
  action_id  INTEGER NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
  group_id   INTEGER NOT NULL REFERENCES co_creation_groups(id) ON DELETE CASCADE,
  PRIMARY KEY (action_id, group_id)
) WITHOUT ROWID;
CREATE INDEX action_groups_group ON action_groups(group_id);

CREATE TABLE action_milestones (
  id          INTEGER PRIMARY KEY,
  action_id   INTEGER NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
  title       TEXT NOT NULL CHECK (length(title) BETWEEN 2 AND 200),
  due_date    TEXT NOT NULL CHECK (due_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  done        INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1)),
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX action_milestones_action ON action_milestones(action_id, due_date);

-- The public timeline: each progress update with the status and progress it set.
CREATE TABLE action_updates (
  id          INTEGER PRIMARY KEY,
  action_id   INTEGER NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
  status      TEXT NOT NULL CHECK (status IN ('planned', 'started', 'done', 'paused', 'stopped')),
  progress    INTEGER NOT NULL CHECK (progress BETWEEN 0 AND 100),
  message     TEXT NOT NULL CHECK (length(message) BETWEEN 1 AND 5000),
  author_id   INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX action_updates_action ON action_updates(action_id, created_at DESC);

-- A new notification kind, 'action-update', with the action it is about. SQLite cannot change a
-- CHECK in place: the table is rebuilt (foreign keys are off while migrations run, db/migrate.ts),
-- every column and index kept.
CREATE TABLE notifications_new (
  id          INTEGER PRIMARY KEY,
  user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind        TEXT NOT NULL CHECK (kind IN ('comment-on-my-idea', 'reply-to-me', 'comment-on-followed',
                'idea-hidden', 'comment-hidden', 'group-stage', 'idea-merged', 'idea-grouped',
                'official-answer', 'action-update')),
  idea_id     INTEGER REFERENCES ideas(id) ON DELETE CASCADE,
  comment_id  INTEGER REFERENCES comments(id) ON DELETE CASCADE,
  group_id    INTEGER REFERENCES co_creation_groups(id) ON DELETE CASCADE,
  message     TEXT NOT NULL DEFAULT '',
  read_at     TEXT,
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  mailed_at   TEXT,
  action_id   INTEGER REFERENCES actions(id) ON DELETE CASCADE
);
INSERT INTO notifications_new (id, user_id, kind, idea_id, comment_id, group_id, message, read_at, created_at, mailed_at)
SELECT id, user_id, kind, idea_id, comment_id, group_id, message, read_at, created_at, mailed_at FROM notifications;
DROP TABLE notifications;
ALTER TABLE notifications_new RENAME TO notifications;
CREATE INDEX notifications_user ON notifications(user_id, read_at, created_at DESC);
CREATE INDEX notifications_unmailed ON notifications(user_id, id) WHERE mailed_at IS NULL;

-- The audit log learns two targets, 'action' and 'partner'. Rebuilt the same way (DROP TABLE drops
-- its triggers before its rows go, so the append-only triggers do not fire); the rows are copied
-- as they are, with their hashes, so the chain still verifies. Its indexes and triggers come back.
CREATE TABLE audit_log_new (
  id           INTEGER PRIMARY KEY,
  actor_id     INTEGER REFERENCES users(id) ON DELETE SET NULL,
  action       TEXT NOT NULL,
  target_type  TEXT NOT NULL CHECK (target_type IN ('idea', 'comment', 'group', 'user', 'report', 'setting',
                 'merge', 'workshop', 'action', 'partner')),
  target_id    INTEGER,
  reason       TEXT NOT NULL DEFAULT '',
  details      TEXT NOT NULL DEFAULT '{}',
  created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  prev_hash    TEXT,
  hash         TEXT
);
INSERT INTO audit_log_new (id, actor_id, action, target_type, target_id, reason, details, created_at, prev_hash, hash)
SELECT id, actor_id, action, target_type, target_id, reason, details, created_at, prev_hash, hash FROM audit_log;
DROP TABLE audit_log;
ALTER TABLE audit_log_new RENAME TO audit_log;
CREATE INDEX audit_log_created ON audit_log(created_at DESC);
CREATE INDEX audit_log_target ON audit_log(target_type, target_id);
CREATE INDEX audit_log_actor ON audit_log(actor_id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_chained BEFORE INSERT ON audit_log WHEN NEW.hash IS NULL OR NEW.prev_hash IS NULL
BEGIN SELECT RAISE(ABORT, 'audit rows are written through logAction (hash chain)'); END;
