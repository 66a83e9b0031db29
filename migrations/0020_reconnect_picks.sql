-- Issue 29 (DESIGN.md "Rhythm", reconnects): `due` suggests `reconnect-per-week`
-- dormant ties each ISO week, picked on the week's first run from the list as of its
-- Monday and kept for the week, and no one picked in the 90 days before a later
-- Monday is picked again. The picks cannot be computed again later (the list moves
-- with every interaction), so they are kept: bookkeeping that undo neither restores nor
-- refuses because of (undo leaves these tables alone, as it does the stored
-- follow-ups). `reconnect_weeks` holds each week picked for, with no pick or some, so
-- that the picking runs once a week and `due` stays an indexed read.
CREATE TABLE reconnect_picks (
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    week       TEXT NOT NULL,   -- the ISO week, '2026-W05'
    monday     TEXT NOT NULL,   -- its Monday, YYYY-MM-DD
    PRIMARY KEY (contact_id, week)
) WITHOUT ROWID;
CREATE INDEX reconnect_picks_monday ON reconnect_picks (monday);

CREATE TABLE reconnect_weeks (
    week TEXT PRIMARY KEY NOT NULL
) WITHOUT ROWID;
