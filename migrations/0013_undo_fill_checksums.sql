-- Undo compares whole rows with what the step left (issue 23): what an import into
-- empty tables filled is compared through a checksum of its rows (the wrapping sum of
-- a hash of each row's recorded columns, `undo_checksum` in src/store/undo.rs),
-- computed by one query at the end of the fill, and the columns it was computed over
-- (a JSON array, so that a column added later by an upgrade is left out). Fills
-- recorded before this have neither: their rows are only counted.

ALTER TABLE undo_fills ADD COLUMN checksum INTEGER;
ALTER TABLE undo_fills ADD COLUMN checksum_of TEXT;
