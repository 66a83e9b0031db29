-- Issue 29 (DESIGN.md "Rhythm", goals): `goal set WHAT N per week|month` keeps one goal
-- per WHAT; `stats` shows each one's progress and streak, and `due` a line above its
-- table. Goals are records (setting one is an undo step).
CREATE TABLE goals (
    what   TEXT PRIMARY KEY NOT NULL
           CHECK (what IN ('conversations', 'new-people', 'thank-yous', 'follow-ups', 'reconnects')),
    target INTEGER NOT NULL CHECK (target >= 1),
    per    TEXT NOT NULL CHECK (per IN ('week', 'month'))
) WITHOUT ROWID;

-- `due`'s line counts what happened this week or month: the interactions of those days
-- are found by their date, not by reading every one.
CREATE INDEX interactions_on ON interactions (on_date, kind);
