-- Issue 28 (DESIGN.md "Ties and reach"): who can get you into a company. Three things
-- are kept for it.
--
-- Links from mail and meetings: two contacts who appear together on messages or
-- events that `scan` logged. One row per pair, stored once (a < b; links are
-- symmetric), with how many distinct sources (Message-ID, or event UID and date) both
-- were logged on and the last one's date; indexed by each end, so that the links of a
-- few people are read without reading all links. `scan` sets them from the
-- interactions it logged (a rescan logs nothing and changes nothing); undo of a scan
-- removes them with its interactions.
CREATE TABLE contact_links (
    a       INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    b       INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    shared  INTEGER NOT NULL CHECK (shared >= 1),   -- distinct messages or events
    last_on TEXT    NOT NULL,                       -- YYYY-MM-DD, the last of them
    PRIMARY KEY (a, b),
    CHECK (a < b)
) WITHOUT ROWID;

CREATE INDEX contact_links_b ON contact_links (b, a);

-- The links of what was scanned before this version, from the `source` of the
-- interactions already logged.
INSERT INTO contact_links (a, b, shared, last_on)
    SELECT x.contact_id, y.contact_id, count(DISTINCT x.source), max(x.on_date)
    FROM interactions AS x
    JOIN interactions AS y ON y.source = x.source AND y.contact_id > x.contact_id
    WHERE x.source IS NOT NULL
    GROUP BY x.contact_id, y.contact_id;

-- The company folded as names are (`name_key`: case, accents and spacing), so that
-- colleagues (the same current company, a link of weight 0.5) are found through an
-- index. netcrm writes it with the company; the rows of older versions, and those
-- other programs write, are keyed when netcrm opens the database (found through the
-- second index, normally empty).
ALTER TABLE contacts ADD COLUMN company_key TEXT;
CREATE INDEX contacts_company_key ON contacts (company_key) WHERE company_key IS NOT NULL;
CREATE INDEX contacts_company_unkeyed ON contacts (id) WHERE company IS NOT NULL AND company_key IS NULL;

-- Your target employers (`netcrm target`): one row per company, folded as names are.
CREATE TABLE targets (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    company     TEXT    NOT NULL CHECK (trim(company) <> ''),   -- as you wrote it
    company_key TEXT    NOT NULL UNIQUE,
    note        TEXT,
    added_on    TEXT    NOT NULL                                -- YYYY-MM-DD
);
