-- An author may withdraw their own idea: it leaves the map, the lists and the open data (which all
-- read status = 'visible'), but its page stays with a notice and its comments. SQLite cannot alter
-- a CHECK, so the table is rebuilt (foreign keys are off while migrations run; legacy_alter_table
-- keeps the triggers on supports and comments, which name `ideas`, from being checked in between).
PRAGMA legacy_alter_table = ON;

CREATE TABLE ideas_new (
  id              INTEGER PRIMARY KEY,
  title           TEXT NOT NULL CHECK (length(title) BETWEEN 3 AND 120),
  body            TEXT NOT NULL CHECK (length(body) BETWEEN 10 AND 5000),
  focus_area      TEXT NOT NULL CHECK (focus_area IN ('mobility', 'construction', 'co-creation', 'leadership')),
  lat             REAL NOT NULL CHECK (lat BETWEEN -90 AND 90),
  lng             REAL NOT NULL CHECK (lng BETWEEN -180 AND 180),
  author_id       INTEGER REFERENCES users(id) ON DELETE SET NULL,
  group_id        INTEGER REFERENCES co_creation_groups(id) ON DELETE SET NULL,
  -- visible to all; pending approval; hidden by a moderator or by reports; merged into another
  -- idea (merged_into_id); withdrawn by its author (withdrawn_at).
  status          TEXT NOT NULL DEFAULT 'visible'
                  CHECK (status IN ('visible', 'pending', 'hidden', 'merged', 'withdrawn')),
  hidden_reason   TEXT,
  merged_into_id  INTEGER REFERENCES ideas(id),
  photo_path      TEXT,
  supports_count  INTEGER NOT NULL DEFAULT 0,
  comments_count  INTEGER NOT NULL DEFAULT 0,
  created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  hidden_automatically INTEGER NOT NULL DEFAULT 0,
  reviewed_at     TEXT,
  withdrawn_at    TEXT
);

INSERT INTO ideas_new (id, title, body, focus_area, lat, lng, author_id, group_id, status, hidden_reason,
  merged_into_id, photo_path, supports_count, comments_count, created_at, updated_at, hidden_automatically, reviewed_at)
SELECT id, title, body, focus_area, lat, lng, author_id, group_id, status, hidden_reason,
  merged_into_id, photo_path, supports_count, comments_count, created_at, updated_at, hidden_automatically, reviewed_at
FROM ideas;

DROP TABLE ideas;
ALTER TABLE ideas_new RENAME TO ideas;

CREATE INDEX ideas_status_place ON ideas(status, lat, lng);
CREATE INDEX ideas_status_supports ON ideas(status, supports_count DESC, created_at DESC);
CREATE INDEX ideas_status_created ON ideas(status, created_at DESC);
CREATE INDEX ideas_author ON ideas(author_id);
CREATE INDEX ideas_group ON ideas(group_id);
CREATE INDEX ideas_unreviewed ON ideas(reviewed_at) WHERE reviewed_at IS NULL;
CREATE INDEX ideas_photo ON ideas(photo_path) WHERE photo_path IS NOT NULL;

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

PRAGMA legacy_alter_table = OFF;
