-- Issue 30: a rescan with nothing new read every header again (0.35 s for a
-- 10,000-message Maildir, 22x `notmuch new`; a 100,000-message mbox whole, 2x `grep`).
-- Each Maildir and mbox a scan read now keeps what it was like then, and a rescan
-- reads only what cannot be the same: a Maildir's cur/ and new/ modification times
-- (in nanoseconds; NULL when too recent to trust) and a hash of each message's unique
-- name (the part before `:2,`, which a move from new/ to cur/ with flags keeps), 8
-- bytes each, sorted; an mbox's size read, its modification time and a fingerprint of
-- what was read (its first and last 4 KiB). What was read counts only under the same
-- conditions: the same addresses of yours (a hash), no change since to the contacts'
-- e-mail addresses or to a scanned interaction (`scan_changes`), a `--since` no
-- earlier, and today before the first date of a message skipped as dated after today.
-- Bookkeeping: not undone (an undo counts as a change instead).
CREATE TABLE scan_files (
    path        TEXT PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('maildir', 'mbox')),
    mtime_ns    INTEGER,
    new_mtime_ns INTEGER,
    size        INTEGER,
    fingerprint TEXT,
    names       BLOB,
    messages    INTEGER NOT NULL,
    mine        TEXT NOT NULL,
    changes     INTEGER NOT NULL,
    since       TEXT,
    until       TEXT
);

-- The count of changes that can make mail read before log something new or
-- something else: to the contacts' e-mail addresses, contacts removed, and scanned
-- interactions removed or changed, whoever makes them. Undo and bulk writes drop
-- these triggers and count once, as for card_changes (0017).
CREATE TABLE scan_changes (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    count INTEGER NOT NULL
);
INSERT INTO scan_changes (id, count) VALUES (1, 0);

CREATE TRIGGER scan_change_email_added AFTER INSERT ON contact_emails
BEGIN UPDATE scan_changes SET count = count + 1; END;
CREATE TRIGGER scan_change_email_removed AFTER DELETE ON contact_emails
BEGIN UPDATE scan_changes SET count = count + 1; END;
CREATE TRIGGER scan_change_email_changed AFTER UPDATE ON contact_emails
BEGIN UPDATE scan_changes SET count = count + 1; END;
CREATE TRIGGER scan_change_contact_removed AFTER DELETE ON contacts
BEGIN UPDATE scan_changes SET count = count + 1; END;
CREATE TRIGGER scan_change_interaction_removed AFTER DELETE ON interactions
WHEN old.source IS NOT NULL
BEGIN UPDATE scan_changes SET count = count + 1; END;
CREATE TRIGGER scan_change_interaction_changed AFTER UPDATE OF source, contact_id ON interactions
WHEN old.source IS NOT NULL
BEGIN UPDATE scan_changes SET count = count + 1; END;
