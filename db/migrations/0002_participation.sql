-- What residents do beyond posting: password resets, reports, follows, notifications,
-- and comment edits.

CREATE TABLE password_resets (
  token_hash  TEXT PRIMARY KEY,                      -- sha256 of the token in the e-mailed link
  user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  expires_at  TEXT NOT NULL,
  used_at     TEXT,
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX password_resets_user ON password_resets(user_id);

-- One report per person and item; moderators (issue 5) read and settle them.
CREATE TABLE reports (
  id           INTEGER PRIMARY KEY,
  target_type  TEXT NOT NULL CHECK (target_type IN ('idea', 'comment')),
  target_id    INTEGER NOT NULL,
  reporter_id  INTEGER REFERENCES users(id) ON DELETE SET NULL,
  reason       TEXT NOT NULL CHECK (reason IN ('spam', 'offensive', 'personal-data', 'off-topic', 'other')),
  details      TEXT NOT NULL DEFAULT '' CHECK (length(details) <= 1000),
  status       TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'dismissed', 'actioned')),
  created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  UNIQUE (target_type, target_id, reporter_id)
);
CREATE INDEX reports_target ON reports(target_type, target_id, status);

CREATE TABLE follows (
  user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  idea_id     INTEGER NOT NULL REFERENCES ideas(id) ON DELETE CASCADE,
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  PRIMARY KEY (user_id, idea_id)
) WITHOUT ROWID;
CREATE INDEX follows_idea ON follows(idea_id);

-- What happened that a person should hear about. `kind` says what; the ids say where.
CREATE TABLE notifications (
  id          INTEGER PRIMARY KEY,
  user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind        TEXT NOT NULL CHECK (kind IN ('comment-on-my-idea', 'reply-to-me', 'comment-on-followed',
                'idea-hidden', 'comment-hidden', 'group-stage', 'idea-merged', 'idea-grouped')),
  idea_id     INTEGER REFERENCES ideas(id) ON DELETE CASCADE,
  comment_id  INTEGER REFERENCES comments(id) ON DELETE CASCADE,
  group_id    INTEGER REFERENCES co_creation_groups(id) ON DELETE CASCADE,
  message     TEXT NOT NULL DEFAULT '',
  read_at     TEXT,
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX notifications_user ON notifications(user_id, read_at, created_at DESC);

ALTER TABLE comments ADD COLUMN edited_at TEXT;
ALTER TABLE users ADD COLUMN password_changed_at TEXT;
