-- What /me promises about e-mail, kind by kind: comments on my ideas, replies to me, comments on
-- ideas I follow, and news from moderators (stage changes, hiding); at once or as a daily digest.
-- `email_notifications` (0003) stays the switch for all of them. A notification is mailed once:
-- `mailed_at` is set when it is queued, or when it is passed over (a kind turned off, read first).
ALTER TABLE users ADD COLUMN email_comments INTEGER NOT NULL DEFAULT 1 CHECK (email_comments IN (0, 1));
ALTER TABLE users ADD COLUMN email_replies INTEGER NOT NULL DEFAULT 1 CHECK (email_replies IN (0, 1));
ALTER TABLE users ADD COLUMN email_followed INTEGER NOT NULL DEFAULT 1 CHECK (email_followed IN (0, 1));
ALTER TABLE users ADD COLUMN email_updates INTEGER NOT NULL DEFAULT 1 CHECK (email_updates IN (0, 1));
ALTER TABLE users ADD COLUMN email_frequency TEXT NOT NULL DEFAULT 'instant' CHECK (email_frequency IN ('instant', 'daily'));
-- The day (Europe/Stockholm, YYYY-MM-DD) of the last digest, so that a day gets at most one.
ALTER TABLE users ADD COLUMN digest_sent_on TEXT;

ALTER TABLE notifications ADD COLUMN mailed_at TEXT;
-- What was there before never goes out by e-mail.
UPDATE notifications SET mailed_at = created_at;
CREATE INDEX notifications_unmailed ON notifications(user_id, id) WHERE mailed_at IS NULL;

-- A new idea put aside when its writer supported a similar idea instead: restored on /ideas/new.
CREATE TABLE idea_drafts (
  user_id     INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  title       TEXT NOT NULL CHECK (length(title) <= 120),
  body        TEXT NOT NULL CHECK (length(body) <= 5000),
  focus_area  TEXT NOT NULL DEFAULT '' CHECK (length(focus_area) <= 20),
  lat         REAL,
  lng         REAL,
  updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
