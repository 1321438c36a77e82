-- Live workshops: a facilitator's session that a room joins by code, with its own ideas and dot
-- votes (kept apart from supports), and the events that screens replay after a reconnect.

CREATE TABLE workshops (
  id               INTEGER PRIMARY KEY,
  code             TEXT NOT NULL UNIQUE,
  title            TEXT NOT NULL CHECK (length(title) BETWEEN 3 AND 120),
  focus_area       TEXT CHECK (focus_area IN ('mobility', 'construction', 'co-creation', 'leadership')),
  group_id         INTEGER REFERENCES co_creation_groups(id) ON DELETE SET NULL,
  dots             INTEGER NOT NULL DEFAULT 3 CHECK (dots BETWEEN 1 AND 20),
  -- the area of the map to open on (WGS84); NULL means all of Borås
  west REAL, south REAL, east REAL, north REAL,
  publish          TEXT NOT NULL DEFAULT 'on-close' CHECK (publish IN ('on-close', 'immediately')),
  status           TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  frozen           INTEGER NOT NULL DEFAULT 0 CHECK (frozen IN (0, 1)),
  names_hidden     INTEGER NOT NULL DEFAULT 0 CHECK (names_hidden IN (0, 1)),
  spotlight_idea_id INTEGER REFERENCES ideas(id) ON DELETE SET NULL,
  timer_ends_at    TEXT,
  timer_label      TEXT,
  facilitator_id   INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  closed_at        TEXT
);
CREATE INDEX workshops_facilitator ON workshops(facilitator_id, created_at DESC);

-- A person in the room: a token in a cookie (only its hash here), an optional name, and the
-- account when a signed-in resident joins.
CREATE TABLE workshop_participants (
  id           INTEGER PRIMARY KEY,
  workshop_id  INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
  token_hash   TEXT NOT NULL UNIQUE,
  name         TEXT CHECK (name IS NULL OR length(name) BETWEEN 1 AND 60),
  user_id      INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX workshop_participants_workshop ON workshop_participants(workshop_id);
CREATE UNIQUE INDEX workshop_participants_user ON workshop_participants(workshop_id, user_id) WHERE user_id IS NOT NULL;

-- Which ideas came from which workshop (and who in the room wrote them); held = posted while
-- frozen, not yet on the screen.
CREATE TABLE workshop_ideas (
  idea_id         INTEGER PRIMARY KEY REFERENCES ideas(id) ON DELETE CASCADE,
  workshop_id     INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
  participant_id  INTEGER REFERENCES workshop_participants(id) ON DELETE SET NULL,
  held            INTEGER NOT NULL DEFAULT 0 CHECK (held IN (0, 1)),
  created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX workshop_ideas_workshop ON workshop_ideas(workshop_id);

-- Dots: a participant may put several on one idea, up to the workshop's limit in all.
CREATE TABLE workshop_dots (
  id              INTEGER PRIMARY KEY,
  workshop_id     INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
  participant_id  INTEGER NOT NULL REFERENCES workshop_participants(id) ON DELETE CASCADE,
  idea_id         INTEGER NOT NULL REFERENCES ideas(id) ON DELETE CASCADE,
  created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX workshop_dots_participant ON workshop_dots(participant_id);
CREATE INDEX workshop_dots_idea ON workshop_dots(idea_id);

-- Everything the screens were told, in order: a reconnecting screen replays what it missed.
CREATE TABLE workshop_events (
  id           INTEGER PRIMARY KEY,
  workshop_id  INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
  type         TEXT NOT NULL CHECK (type IN ('idea', 'dot', 'spotlight', 'state')),
  data         TEXT NOT NULL,
  created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX workshop_events_workshop ON workshop_events(workshop_id, id);
