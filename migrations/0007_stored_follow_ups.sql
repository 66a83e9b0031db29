-- Performance: each contact's open follow-ups are stored, as the scheduler computes
-- them, so that `due` reads the few rows that show today instead of running the
-- scheduler over the whole network. They are recomputed, in the same transaction, for
-- exactly the contacts a write touched; `recompute_on` is the day the calendar alone
-- changes a contact's follow-ups (a temporary cadence ending, a snooze ending, a
-- birthday's year or lapse), and `computed_on` the day they were computed for.

CREATE TABLE follow_ups (
    key              TEXT    PRIMARY KEY,
    contact_id       INTEGER REFERENCES contacts (id) ON DELETE CASCADE,  -- NULL: no one's (a lead)
    kind             TEXT    NOT NULL,
    due_on           TEXT    NOT NULL,
    shows_on         TEXT    NOT NULL,   -- the due date, or the end of its snooze
    snoozed_until    TEXT,
    back_from_snooze INTEGER NOT NULL DEFAULT 0,
    reason           TEXT    NOT NULL,
    channel          TEXT
) WITHOUT ROWID;

CREATE INDEX follow_ups_shows_on ON follow_ups (shows_on);
CREATE INDEX follow_ups_contact ON follow_ups (contact_id);

-- Per contact: when its stored follow-ups must be computed again (NULL: only when
-- something of theirs changes), for which day they were computed, and the date of the
-- latest interaction they were computed from.
ALTER TABLE contacts ADD COLUMN recompute_on TEXT;
ALTER TABLE contacts ADD COLUMN computed_on TEXT;
-- Their latest interaction's date, kept with the follow-ups, so that `list` and `export`
-- need not read every interaction.
ALTER TABLE contacts ADD COLUMN last_contact TEXT;

CREATE INDEX contacts_recompute_on ON contacts (recompute_on);
CREATE INDEX contacts_computed_on ON contacts (computed_on);
-- Contacts never computed (all of them, after this upgrade) have `computed_on` NULL
-- and are computed on first use.

-- Names compared as people type them (case, accents and spacing folded, as `dupes`
-- folds them), kept beside the name so that an index finds a name without reading
-- every contact (`add`'s "already has this name" warning, CONTACT arguments). netcrm
-- fills it in for rows that lack it (these, and rows other programs insert) on opening.
ALTER TABLE contacts ADD COLUMN name_key TEXT;
CREATE INDEX contacts_name_key ON contacts (name_key);
