-- An import matches a LinkedIn URL to a contact through this column (the URL compared
-- without scheme, `www.`, query, trailing `/` or case: `linkedin_key` in src/text.rs)
-- instead of keeping every contact's URL in memory, so that its memory does not grow
-- with the size of the network. Only contacts with a URL have an index entry.
ALTER TABLE contacts ADD COLUMN linkedin_key TEXT;
CREATE INDEX contacts_linkedin_key ON contacts (linkedin_key) WHERE linkedin_key IS NOT NULL;
-- The rows with a URL but no key: these, after this upgrade, and those that other
-- programs write. netcrm computes their keys when it opens the database; this index,
-- normally empty, finds them without reading every contact.
CREATE INDEX contacts_linkedin_unkeyed ON contacts (id) WHERE linkedin IS NOT NULL AND linkedin_key IS NULL;
