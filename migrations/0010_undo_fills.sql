-- An import into empty tables is recorded for undo as one row per table, not one log
-- row per row inserted (a third of a large import's time, and most of its undo's):
-- every row of `tbl` whose `key_column` lies between `low` and `high` was inserted by
-- the step, `row_count` of them. Undo checks that exactly those are still there, then
-- deletes them.

CREATE TABLE undo_fills (
    step       INTEGER NOT NULL REFERENCES undo_steps (id) ON DELETE CASCADE,
    tbl        TEXT    NOT NULL,   -- the table filled
    key_column TEXT    NOT NULL,   -- its first primary-key column
    low,                           -- the least and greatest value of that column filled
    high,
    row_count  INTEGER NOT NULL,
    PRIMARY KEY (step, tbl)
);

-- Most contacts have no introducer and nothing that changes with the calendar alone:
-- their NULLs need no index entries, which an import of many people writes one by one.
-- The queries on these columns compare them to a value, which implies NOT NULL.
DROP INDEX contacts_introduced_by;
CREATE INDEX contacts_introduced_by ON contacts (introduced_by) WHERE introduced_by IS NOT NULL;
DROP INDEX contacts_recompute_on;
CREATE INDEX contacts_recompute_on ON contacts (recompute_on) WHERE recompute_on IS NOT NULL;
