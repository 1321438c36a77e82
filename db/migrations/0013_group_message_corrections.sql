-- A stage moved back is a correction: a new timeline entry marked as such (the history is not edited).
ALTER TABLE group_messages ADD COLUMN correction INTEGER NOT NULL DEFAULT 0 CHECK (correction IN (0, 1));
