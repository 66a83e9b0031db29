-- Issue 25 (the real path: import LinkedIn, then meet people by hand). A contact
-- remembers where its own cadence came from, so that an imported contact, kept quiet by
-- the import's cadence (`import-cadence`, `none` by default), starts getting check-ins
-- at the first interaction logged with them by hand, while a cadence the user chose
-- (`add`/`edit --cadence`, `none` included) never changes by itself, and `merge` keeps
-- check-ins. 'import': set by an import (or a card that `sync` read); 'user': chosen by
-- the user; NULL: no cadence of its own, `default-cadence` applies.
ALTER TABLE contacts ADD COLUMN cadence_source TEXT CHECK (cadence_source IN ('import', 'user'));

-- Existing contacts: nothing recorded where a cadence came from, so it is told from
-- what the two paths leave. `add` always records a `met` (the first meeting the user
-- typed) and an import never does (`scan` logs mail and meetings, never a `met`). So a
-- cadence equal to the `import-cadence` setting (as stored, else its default `none`) on
-- a contact with no `met` interaction is the import's; any other cadence is the
-- user's. A contact that was imported and has since been logged with by hand is still
-- the import's: nothing switched it before this version, and the next interaction
-- logged by hand does (saying so), rather than every such contact waking up at once,
-- unannounced, with this upgrade. No cadence is changed here.
UPDATE contacts
   SET cadence_source = CASE
           WHEN cadence = coalesce((SELECT value FROM settings WHERE key = 'import-cadence'), 'none')
                AND NOT EXISTS (SELECT 1 FROM interactions i
                                 WHERE i.contact_id = contacts.id AND i.kind = 'met')
           THEN 'import'
           ELSE 'user'
       END
 WHERE cadence IS NOT NULL;

-- `dupes --not A B`: two contacts the user said are different people, which `dupes`
-- then leaves out. A pair is kept once, the lower id first; it goes with either
-- contact (`rm`, or `merge`, which moves OTHER's pairs onto KEEP first).
CREATE TABLE distinct_people (
    low  INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    high INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    PRIMARY KEY (low, high),
    CHECK (low < high)
) WITHOUT ROWID;

-- Removing a contact finds their pairs through the primary key (as `low`) or this (as
-- `high`), instead of reading every pair.
CREATE INDEX distinct_people_high ON distinct_people (high);
