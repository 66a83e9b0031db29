-- Each contact's history (what the scheduler reads: the date and kind of each
-- interaction, and where a meeting was) is read through this index, a chunk of contacts
-- at a time. With the kind in the index, SQLite reads the table row only for a `met`
-- (its place), instead of for every interaction: reading everyone's history
-- (`stats`, `doctor`, recomputing after an import or a setting change) no longer seeks
-- the table once per interaction.
DROP INDEX IF EXISTS interactions_contact_on;
CREATE INDEX interactions_contact_on ON interactions (contact_id, on_date, kind);
