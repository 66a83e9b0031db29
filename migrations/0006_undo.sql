-- Undo: every command that changes the database is a step, and triggers on every
-- table write, inside the command's own transaction, the SQL that reverts each row
-- change (SQLite's "Automatic Undo/Redo With SQLite" note). The triggers themselves
-- are made by netcrm from the tables' columns whenever the schema version changes
-- (src/store/undo.rs), so that a column added later is undone too.

CREATE TABLE undo_steps (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    description TEXT    NOT NULL,   -- what the command did, for `undo` and `undo --list`
    on_date     TEXT    NOT NULL    -- YYYY-MM-DD, the day it was done
);

CREATE TABLE undo_log (
    seq    INTEGER PRIMARY KEY AUTOINCREMENT,
    step   INTEGER NOT NULL REFERENCES undo_steps (id) ON DELETE CASCADE,
    revert TEXT    NOT NULL,   -- SQL that puts the row back as it was before
    expect TEXT    NOT NULL    -- SQL that is true while the row is as the change left it
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
