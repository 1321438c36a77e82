-- The map index's version (decision 022): a snapshot of the index saved beside the database is
-- trusted at start only when it was made at this very version. Every write to what the index reads
-- (mapIdeasAfter / mapIdeaById: an idea's title, focus area, place, supports, status and group, and
-- its group's stage) bumps the counter and draws a new random stamp, from any connection or process
-- (CLI scripts, a restored backup written to afterwards): a counter alone could reach the same number
-- along another history, a stamp drawn at each write cannot. The triggers name only the columns the
-- index reads, so that other writes (comments, bodies, moderation notes) pay nothing.
CREATE TABLE map_index_version (
  id      INTEGER PRIMARY KEY CHECK (id = 1),
  counter INTEGER NOT NULL,
  stamp   BLOB NOT NULL
);
INSERT INTO map_index_version (id, counter, stamp) VALUES (1, 0, randomblob(8));

CREATE TRIGGER map_index_version_idea_insert AFTER INSERT ON ideas BEGIN
  UPDATE map_index_version SET counter = counter + 1, stamp = randomblob(8);
END;
CREATE TRIGGER map_index_version_idea_delete AFTER DELETE ON ideas BEGIN
  UPDATE map_index_version SET counter = counter + 1, stamp = randomblob(8);
END;
CREATE TRIGGER map_index_version_idea_update
  AFTER UPDATE OF id, title, focus_area, lat, lng, supports_count, status, group_id ON ideas BEGIN
  UPDATE map_index_version SET counter = counter + 1, stamp = randomblob(8);
END;
CREATE TRIGGER map_index_version_group_insert AFTER INSERT ON co_creation_groups BEGIN
  UPDATE map_index_version SET counter = counter + 1, stamp = randomblob(8);
END;
CREATE TRIGGER map_index_version_group_delete AFTER DELETE ON co_creation_groups BEGIN
  UPDATE map_index_version SET counter = counter + 1, stamp = randomblob(8);
END;
CREATE TRIGGER map_index_version_group_update AFTER UPDATE OF id, stage ON co_creation_groups BEGIN
  UPDATE map_index_version SET counter = counter + 1, stamp = randomblob(8);
END;
