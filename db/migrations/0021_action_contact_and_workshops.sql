-- The action portfolio (issue 15), what 0019 left out: the contact role that answers for an action
-- (a role such as "Projektledare, Trafikkontoret", never a person's name: it is public), and the
-- workshops that shaped it.
ALTER TABLE actions ADD COLUMN contact_role TEXT NOT NULL DEFAULT ''
  CHECK (length(contact_role) <= 120);

CREATE TABLE action_workshops (
  action_id    INTEGER NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
  workshop_id  INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
  PRIMARY KEY (action_id, workshop_id)
) WITHOUT ROWID;
CREATE INDEX action_workshops_workshop ON action_workshops(workshop_id);
