-- Every e-mail goes through this table: a request only adds a row, a worker in the process sends
-- it (retrying with backoff), so that no request waits on SMTP and no mail is lost on a restart.
-- Once a row is sent or given up, its recipient, subject and text are cleared: a reset link or an
-- address of a deleted account stays no longer than it takes to send.
CREATE TABLE mail_outbox (
  id              INTEGER PRIMARY KEY,
  to_address      TEXT NOT NULL CHECK (length(to_address) <= 320),
  subject         TEXT NOT NULL CHECK (length(subject) <= 1000),
  body            TEXT NOT NULL CHECK (length(body) <= 100000),
  status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  last_error      TEXT,
  created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  finished_at     TEXT
);
CREATE INDEX mail_outbox_due ON mail_outbox(next_attempt_at) WHERE status = 'pending';
