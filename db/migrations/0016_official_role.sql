-- A fifth role, `official` (issue 15): the staff who give official answers on behalf of a committee
-- or partner. SQLite cannot change a CHECK in place, so users is rebuilt (the documented 12-step
-- procedure: foreign keys are off while migrations run, db/migrate.ts, and foreign_key_check runs
-- before commit). Every column added since 0001 is kept, in the same order; its one trigger is
-- recreated, with the two on supports that read it.
CREATE TABLE users_new (
  id            INTEGER PRIMARY KEY,
  email         TEXT UNIQUE COLLATE NOCASE,          -- NULL once the account is deleted
  name          TEXT,                                -- NULL once the account is deleted
  password_hash TEXT,
  role          TEXT NOT NULL DEFAULT 'resident'
                CHECK (role IN ('resident', 'moderator', 'facilitator', 'official', 'admin')),
  locale        TEXT,
  is_demo       INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0, 1)),
  blocked_at    TEXT,
  deleted_at    TEXT,
  created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  password_changed_at TEXT,
  email_notifications INTEGER NOT NULL DEFAULT 1,
  email_comments      INTEGER NOT NULL DEFAULT 1 CHECK (email_comments IN (0, 1)),
  email_replies       INTEGER NOT NULL DEFAULT 1 CHECK (email_replies IN (0, 1)),
  email_followed      INTEGER NOT NULL DEFAULT 1 CHECK (email_followed IN (0, 1)),
  email_updates       INTEGER NOT NULL DEFAULT 1 CHECK (email_updates IN (0, 1)),
  email_frequency     TEXT NOT NULL DEFAULT 'instant' CHECK (email_frequency IN ('instant', 'daily')),
  digest_sent_on      TEXT,
  email_confirmed_at  TEXT
);
INSERT INTO users_new (id, email, name, password_hash, role, locale, is_demo, blocked_at, deleted_at,
  created_at, updated_at, password_changed_at, email_notifications, email_comments, email_replies,
  email_followed, email_updates, email_frequency, digest_sent_on, email_confirmed_at)
SELECT id, email, name, password_hash, role, locale, is_demo, blocked_at, deleted_at,
  created_at, updated_at, password_changed_at, email_notifications, email_comments, email_replies,
  email_followed, email_updates, email_frequency, digest_sent_on, email_confirmed_at
FROM users;
-- The support-count triggers name users in their bodies: a rename checks them, so they step aside.
DROP TRIGGER supports_count_insert;
DROP TRIGGER supports_count_delete;
DROP TABLE users;
ALTER TABLE users_new RENAME TO users;

-- The three triggers of 0014, as before the rebuild: supports_count counts confirmed accounts only,
-- and confirming an address counts its held supports.
CREATE TRIGGER supports_count_insert AFTER INSERT ON supports
WHEN (SELECT email_confirmed_at FROM users WHERE id = NEW.user_id) IS NOT NULL BEGIN
  UPDATE ideas SET supports_count = supports_count + 1 WHERE id = NEW.idea_id;
END;
CREATE TRIGGER supports_count_delete AFTER DELETE ON supports
WHEN (SELECT email_confirmed_at FROM users WHERE id = OLD.user_id) IS NOT NULL BEGIN
  UPDATE ideas SET supports_count = supports_count - 1 WHERE id = OLD.idea_id;
END;
CREATE TRIGGER supports_count_confirmed AFTER UPDATE OF email_confirmed_at ON users
WHEN (OLD.email_confirmed_at IS NULL) <> (NEW.email_confirmed_at IS NULL) BEGIN
  UPDATE ideas SET supports_count = supports_count + (CASE WHEN NEW.email_confirmed_at IS NULL THEN -1 ELSE 1 END)
  WHERE id IN (SELECT idea_id FROM supports WHERE user_id = NEW.id);
END;
