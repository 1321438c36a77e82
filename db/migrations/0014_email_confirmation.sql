-- Confirmed e-mail (issue 16): an account made through /join acts at once, but its supports and
-- reports are held until the link mailed to it is followed. "Held" is not a flag on each row: it
-- is "made by an account whose address is not confirmed", so a support or report is stored once
-- and counts from the moment its account is confirmed, whatever path wrote it.

-- When the address was confirmed; NULL until then. Everyone who joined before this migration is
-- confirmed (as of when they joined): nobody loses a support they already gave.
ALTER TABLE users ADD COLUMN email_confirmed_at TEXT;
UPDATE users SET email_confirmed_at = created_at;

-- One-time confirmation links: only the sha256 of the mailed token is kept; 48 hours to use it.
CREATE TABLE email_confirmations (
  token_hash  TEXT PRIMARY KEY,
  user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  expires_at  TEXT NOT NULL,
  used_at     TEXT,
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX email_confirmations_user ON email_confirmations(user_id);

-- supports_count counts the supports of confirmed accounts only.
DROP TRIGGER supports_count_insert;
DROP TRIGGER supports_count_delete;
CREATE TRIGGER supports_count_insert AFTER INSERT ON supports
WHEN (SELECT email_confirmed_at FROM users WHERE id = NEW.user_id) IS NOT NULL BEGIN
  UPDATE ideas SET supports_count = supports_count + 1 WHERE id = NEW.idea_id;
END;
CREATE TRIGGER supports_count_delete AFTER DELETE ON supports
WHEN (SELECT email_confirmed_at FROM users WHERE id = OLD.user_id) IS NOT NULL BEGIN
  UPDATE ideas SET supports_count = supports_count - 1 WHERE id = OLD.idea_id;
END;
-- Confirming an address counts its held supports in the same statement's transaction.
CREATE TRIGGER supports_count_confirmed AFTER UPDATE OF email_confirmed_at ON users
WHEN (OLD.email_confirmed_at IS NULL) <> (NEW.email_confirmed_at IS NULL) BEGIN
  UPDATE ideas SET supports_count = supports_count + (CASE WHEN NEW.email_confirmed_at IS NULL THEN -1 ELSE 1 END)
  WHERE id IN (SELECT idea_id FROM supports WHERE user_id = NEW.id);
END;
