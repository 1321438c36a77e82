-- Reports of accessibility barriers from the accessibility statement page (DOS-lagen requires a
-- way to report them); the moderators see them in their queue.
CREATE TABLE barrier_reports (
  id          INTEGER PRIMARY KEY,
  page        TEXT NOT NULL DEFAULT '' CHECK (length(page) <= 500),
  description TEXT NOT NULL CHECK (length(description) BETWEEN 1 AND 5000),
  contact     TEXT NOT NULL DEFAULT '' CHECK (length(contact) <= 200),
  user_id     INTEGER REFERENCES users(id) ON DELETE SET NULL,
  status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX barrier_reports_status ON barrier_reports(status, created_at DESC);
