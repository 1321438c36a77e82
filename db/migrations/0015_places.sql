-- Places and addresses loaded by `npm run places:import -- FILE` (issue 17), searched by
-- /api/places and the place picker next to the 64 hand-typed places in app/domain/places.ts.
-- `folded` is the name as the search compares it (lower case, no diacritics, doubled letters
-- single: app/domain/place-search.ts); the trigram index finds any part of it.
CREATE TABLE places (
  id     INTEGER PRIMARY KEY,
  name   TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  kind   TEXT NOT NULL CHECK (length(kind) BETWEEN 1 AND 40),
  lat    REAL NOT NULL CHECK (lat BETWEEN -90 AND 90),
  lng    REAL NOT NULL CHECK (lng BETWEEN -180 AND 180),
  folded TEXT NOT NULL,
  UNIQUE (name, kind)
);
CREATE INDEX places_folded ON places (folded);
CREATE INDEX places_lat ON places (lat, lng);

CREATE VIRTUAL TABLE places_fts USING fts5(
  folded, content = 'places', content_rowid = 'id', tokenize = 'trigram'
);
CREATE TRIGGER places_fts_insert AFTER INSERT ON places BEGIN
  INSERT INTO places_fts (rowid, folded) VALUES (new.id, new.folded);
END;
CREATE TRIGGER places_fts_delete AFTER DELETE ON places BEGIN
  INSERT INTO places_fts (places_fts, rowid, folded) VALUES ('delete', old.id, old.folded);
END;
CREATE TRIGGER places_fts_update AFTER UPDATE OF folded ON places BEGIN
  INSERT INTO places_fts (places_fts, rowid, folded) VALUES ('delete', old.id, old.folded);
  INSERT INTO places_fts (rowid, folded) VALUES (new.id, new.folded);
END;
