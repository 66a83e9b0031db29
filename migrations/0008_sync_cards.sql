-- `sync --contacts DIR`: for each contact synced with a vCard file in a vdir, the card
-- as netcrm last wrote or read it (the base of a three-way comparison, so that each
-- field changed on one side takes that side) and the hash of the file's bytes then (so
-- a file changed elsewhere is seen). Bookkeeping, not records: undo leaves it alone.

CREATE TABLE sync_cards (
    uid        TEXT    PRIMARY KEY,
    contact_id INTEGER NOT NULL,   -- no foreign key: a removed contact's file must still be found
    file       TEXT    NOT NULL,   -- the file's name in the folder
    base       TEXT    NOT NULL,   -- the card as last written or read
    hash       TEXT    NOT NULL    -- of the file's bytes as last written or read
) WITHOUT ROWID;
