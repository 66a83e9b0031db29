-- The initial schema: contacts with their e-mails, phones and tags, who introduced
-- whom, each contact's check-in cadence, and the interaction timeline that every
-- follow-up counts from. Later features add tables; they never rewrite these.

CREATE TABLE contacts (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    name              TEXT    NOT NULL CHECK (trim(name) <> ''),
    company           TEXT,
    title             TEXT,
    linkedin          TEXT,
    met_on            TEXT,   -- YYYY-MM-DD
    met_at            TEXT,   -- event or place
    how_met           TEXT,   -- how you met / what you talked about
    introduced_by     INTEGER REFERENCES contacts (id) ON DELETE SET NULL,
    name_ok           INTEGER NOT NULL DEFAULT 0 CHECK (name_ok IN (0, 1)),
    no_thank_you      INTEGER NOT NULL DEFAULT 0 CHECK (no_thank_you IN (0, 1)),
    cadence           TEXT,   -- 'Nd' | 'Nw' | 'Nm' | 'Ny' | 'none'; NULL: default-cadence applies
    temporary_cadence TEXT,   -- in force while today <= cadence_until
    cadence_until     TEXT,
    notes             TEXT,
    birthday          TEXT,   -- YYYY-MM-DD or --MM-DD
    created_at        TEXT    NOT NULL,
    CHECK (introduced_by IS NULL OR introduced_by <> id),
    CHECK ((temporary_cadence IS NULL) = (cadence_until IS NULL))
);

CREATE INDEX contacts_introduced_by ON contacts (introduced_by);

-- Order matters (the first e-mail is the primary one), hence `position`.
CREATE TABLE contact_emails (
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    email      TEXT    NOT NULL,
    PRIMARY KEY (contact_id, position)
) WITHOUT ROWID;

-- Not unique: `add --force` may give two contacts the same address.
CREATE INDEX contact_emails_email ON contact_emails (email COLLATE NOCASE);

CREATE TABLE contact_phones (
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    phone      TEXT    NOT NULL,
    PRIMARY KEY (contact_id, position)
) WITHOUT ROWID;

CREATE TABLE contact_tags (
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    tag        TEXT    NOT NULL COLLATE NOCASE,
    PRIMARY KEY (contact_id, tag)
) WITHOUT ROWID;

CREATE INDEX contact_tags_tag ON contact_tags (tag);

CREATE TABLE interactions (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    kind       TEXT    NOT NULL CHECK (kind IN ('met', 'meeting', 'call', 'email', 'message',
                                                'letter', 'event', 'thank-you', 'other')),
    on_date    TEXT    NOT NULL,   -- YYYY-MM-DD
    note       TEXT
);

CREATE INDEX interactions_contact_on ON interactions (contact_id, on_date);
