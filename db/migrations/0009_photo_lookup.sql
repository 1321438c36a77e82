-- GET /photos/:name asks which idea a photo belongs to (a photo is public only while its idea is
-- on view): without this index every photo request would scan all ideas.
CREATE INDEX ideas_photo ON ideas(photo_path) WHERE photo_path IS NOT NULL;
