-- The action portfolio (issue 15), what 0019 and 0021 left out: an action's place may be an area
-- as well as a point. NULL is no area; otherwise 'municipality' (the whole of Borås kommun) or the
-- id of a district or village in the gazetteer (app/domain/places.ts). Which ids qualify is checked
-- by the app (the gazetteer is code, not a table); the length keeps the column honest.
ALTER TABLE actions ADD COLUMN area TEXT CHECK (area IS NULL OR length(area) BETWEEN 1 AND 64);
