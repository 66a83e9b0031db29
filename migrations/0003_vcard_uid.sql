-- vCard export writes the UID a contact was imported with, so that an address book
-- that re-imports netcrm's export updates its cards instead of duplicating them.
ALTER TABLE contacts ADD COLUMN vcard_uid TEXT;
