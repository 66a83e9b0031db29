-- Issue 29 (DESIGN.md "Rhythm", replies): `scan` records which way each message it logs
-- went (`sent` when From is one of your addresses, `received` when From is the contact,
-- `cc` otherwise), and marks the mail you sent that waits for a reply (each To
-- recipient of a message dated within the last 30 days when it was scanned, or mail
-- logged with `log --kind email --awaiting-reply`): the no-reply rule reads the flag.
-- Interactions logged before this version were not read for their direction: NULL,
-- and none of them waits for a reply.
ALTER TABLE interactions ADD COLUMN direction TEXT CHECK (direction IN ('sent', 'received', 'cc'));
ALTER TABLE interactions ADD COLUMN awaiting_reply INTEGER NOT NULL DEFAULT 0 CHECK (awaiting_reply IN (0, 1));

-- The scheduler reads each contact's history through this index (0012): with the flag
-- in it, the table row is read only for a `met` and for a message that waits for a
-- reply (its subject, which the item names).
DROP INDEX IF EXISTS interactions_contact_on;
CREATE INDEX interactions_contact_on ON interactions (contact_id, on_date, kind, awaiting_reply);
