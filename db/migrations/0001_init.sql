-- The first schema: people, ideas, supports, comments, co-creation groups, sessions,
-- and a trigram full-text index over idea text (good for Swedish compound words).

CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  email         TEXT UNIQUE COLLATE NOCASE,          -- NULL once the account is deleted
  name          TEXT,                                -- NULL once the account is deleted
  password_hash TEXT,
  role          TEXT NOT NULL DEFAULT 'resident'
                CHECK (role IN ('resident', 'moderator', 'facilitator', 'admin')),
  locale        TEXT,
  is_demo       INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0, 1)),
  blocked_at    TEXT,
  deleted_at    TEXT,
  created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE sessions (
  id          TEXT PRIMARY KEY,                      -- random, only its hash would be needed to revoke
  user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  expires_at  TEXT NOT NULL,
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE co_creation_groups (
  id          INTEGER PRIMARY KEY,
  title       TEXT NOT NULL,
  summary     TEXT NOT NULL DEFAULT '',
  focus_area  TEXT NOT NULL CHECK (focus_area IN ('mobility', 'construction', 'co-creation', 'leadership')),
  stage       TEXT NOT NULL DEFAULT 'collecting'
              CHECK (stage IN ('collecting', 'co-creation', 'proposal', 'decided', 'in-progress', 'done', 'closed')),
  created_by  INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE ideas (
  id              INTEGER PRIMARY KEY,
  title           TEXT NOT NULL CHECK (length(title) BETWEEN 3 AND 120),
  body            TEXT NOT NULL CHECK (length(body) BETWEEN 10 AND 5000),
  focus_area      TEXT NOT NULL CHECK (focus_area IN ('mobility', 'construction', 'co-creation', 'leadership')),
  lat             REAL NOT NULL CHECK (lat BETWEEN -90 AND 90),
  lng             REAL NOT NULL CHECK (lng BETWEEN -180 AND 180),
  author_id       INTEGER REFERENCES users(id) ON DELETE SET NULL,
  group_id        INTEGER REFERENCES co_creation_groups(id) ON DELETE SET NULL,
  -- moderation state: visible to all; pending approval; hidden by a moderator or by reports;
  -- merged into another idea (merged_into_id).
  status          TEXT NOT NULL DEFAULT 'visible' CHECK (status IN ('visible', 'pending', 'hidden', 'merged')),
  hidden_reason   TEXT,
  merged_into_id  INTEGER REFERENCES ideas(id),
  photo_path      TEXT,
  supports_count  INTEGER NOT NULL DEFAULT 0,
  comments_count  INTEGER NOT NULL DEFAULT 0,
  created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX ideas_status_place ON ideas(status, lat, lng);
CREATE INDEX ideas_status_supports ON ideas(status, supports_count DESC, created_at DESC);
CREATE INDEX ideas_status_created ON ideas(status, created_at DESC);
CREATE INDEX ideas_author ON ideas(author_id);
CREATE INDEX ideas_group ON ideas(group_id);

CREATE TABLE supports (
  user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  idea_id     INTEGER NOT NULL REFERENCES ideas(id) ON DELETE CASCADE,
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  PRIMARY KEY (user_id, idea_id)
) WITHOUT ROWID;
CREATE INDEX supports_idea ON supports(idea_id);

CREATE TRIGGER supports_count_insert AFTER INSERT ON supports BEGIN
  UPDATE ideas SET supports_count = supports_count + 1 WHERE id = NEW.idea_id;
END;
CREATE TRIGGER supports_count_delete AFTER DELETE ON supports BEGIN
  UPDATE ideas SET supports_count = supports_count - 1 WHERE id = OLD.idea_id;
END;

CREATE TABLE comments (
  id          INTEGER PRIMARY KEY,
  idea_id     INTEGER NOT NULL REFERENCES ideas(id) ON DELETE CASCADE,
  author_id   INTEGER REFERENCES users(id) ON DELETE SET NULL,
  parent_id   INTEGER REFERENCES comments(id) ON DELETE CASCADE,
  body        TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 5000),
  status      TEXT NOT NULL DEFAULT 'visible' CHECK (status IN ('visible', 'hidden', 'deleted')),
  hidden_reason TEXT,
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX comments_idea ON comments(idea_id, created_at);
CREATE INDEX comments_author ON comments(author_id);

-- comments_count counts visible comments only, so that lists and open data never need a join.
CREATE TRIGGER comments_count_insert AFTER INSERT ON comments WHEN NEW.status = 'visible' BEGIN
  UPDATE ideas SET comments_count = comments_count + 1 WHERE id = NEW.idea_id;
END;
CREATE TRIGGER comments_count_delete AFTER DELETE ON comments WHEN OLD.status = 'visible' BEGIN
  UPDATE ideas SET comments_count = comments_count - 1 WHERE id = OLD.idea_id;
END;
CREATE TRIGGER comments_count_status AFTER UPDATE OF status ON comments
WHEN (OLD.status = 'visible') <> (NEW.status = 'visible') BEGIN
  UPDATE ideas SET comments_count = comments_count + (CASE WHEN NEW.status = 'visible' THEN 1 ELSE -1 END)
  WHERE id = NEW.idea_id;
END;

-- Full-text search over title and body. The trigram tokenizer matches inside Swedish compound
-- words ("cykelbana" finds "cykelbanan", "gångcykelbana").
CREATE VIRTUAL TABLE ideas_fts USING fts5(
  title, body, content = 'ideas', content_rowid = 'id', tokenize = 'trigram remove_diacritics 1'
);
CREATE TRIGGER ideas_fts_insert AFTER INSERT ON ideas BEGIN
  INSERT INTO ideas_fts(rowid, title, body) VALUES (NEW.id, NEW.title, NEW.body);
END;
CREATE TRIGGER ideas_fts_delete AFTER DELETE ON ideas BEGIN
  INSERT INTO ideas_fts(ideas_fts, rowid, title, body) VALUES ('delete', OLD.id, OLD.title, OLD.body);
END;
CREATE TRIGGER ideas_fts_update AFTER UPDATE OF title, body ON ideas BEGIN
  INSERT INTO ideas_fts(ideas_fts, rowid, title, body) VALUES ('delete', OLD.id, OLD.title, OLD.body);
  INSERT INTO ideas_fts(rowid, title, body) VALUES (NEW.id, NEW.title, NEW.body);
END;

-- One row that /healthz writes, to prove that the database accepts writes.
CREATE TABLE health_check (id INTEGER PRIMARY KEY CHECK (id = 1), checked_at TEXT NOT NULL);
