-- Undo: every command that changes the database is a step, and triggers on every
-- table record, inside the command's own transaction, each row change: the row's key
-- and its values before and after (SQLite's "Automatic Undo/Redo With SQLite" note).
-- The triggers themselves are made by netcrm from the tables' columns whenever the
-- schema version changes (src/store/undo.rs), so that a column added later is undone
-- too.

CREATE TABLE undo_steps (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    description TEXT    NOT NULL,   -- what the command did, for `undo` and `undo --list`
    on_date     TEXT    NOT NULL    -- YYYY-MM-DD, the day it was done
);

CREATE TABLE undo_log (
    seq    INTEGER PRIMARY KEY AUTOINCREMENT,
    step   INTEGER NOT NULL REFERENCES undo_steps (id) ON DELETE CASCADE,
    tbl    TEXT    NOT NULL,   -- the table changed
    op     TEXT    NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
    key    TEXT    NOT NULL,   -- JSON array: the row's primary key (after an update)
    old    TEXT,               -- JSON object: the row before an update or delete
    new    TEXT                -- JSON object: the row after an update
);

CREATE INDEX undo_log_step ON undo_log (step);

-- One row: the step being recorded (NULL outside netcrm's write transactions, so other
-- programs' writes are not recorded) and the schema version the triggers were made for.
CREATE TABLE undo_state (
    id               INTEGER PRIMARY KEY CHECK (id = 1),
    step             INTEGER,
    triggers_version INTEGER NOT NULL DEFAULT 0
);

INSERT INTO undo_state (id) VALUES (1);
