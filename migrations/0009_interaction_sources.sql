-- `scan` reads the source of every interaction it logged before, so as to log nothing
-- twice: through this index, that costs what was scanned, not every interaction.

CREATE INDEX interactions_source ON interactions (source, contact_id) WHERE source IS NOT NULL;
