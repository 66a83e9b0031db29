-- The job-search network: meeting someone again keeps its own place and topic on
-- its `met` interaction (and an interaction can say where it was found) (so the thank-you names the right event), job leads with
-- the contacts who passed them on and the history of their status (rules 5 and 6),
-- and the favour ledger (rule 7).

ALTER TABLE interactions ADD COLUMN at  TEXT;   -- a `met`'s event or place
ALTER TABLE interactions ADD COLUMN how TEXT;   -- a `met`'s topic: how you met
-- Where an interaction was found when netcrm logged it itself (a message's
-- Message-ID, a calendar event's UID and date); NULL for what the user logged.
ALTER TABLE interactions ADD COLUMN source TEXT;

-- Until now the first meeting's place and topic lived on the contact only: copy them
-- onto the `met` interaction that `add` recorded.
UPDATE interactions
   SET at  = (SELECT met_at  FROM contacts c WHERE c.id = interactions.contact_id),
       how = (SELECT how_met FROM contacts c WHERE c.id = interactions.contact_id)
 WHERE kind = 'met'
   AND id = (SELECT first.id FROM interactions first
              WHERE first.contact_id = interactions.contact_id AND first.kind = 'met'
              ORDER BY first.on_date, first.id LIMIT 1);

CREATE TABLE leads (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    title      TEXT NOT NULL CHECK (trim(title) <> ''),
    company    TEXT,
    url        TEXT,
    note       TEXT,
    status     TEXT NOT NULL CHECK (status IN ('open', 'applied', 'interview', 'offer',
                                               'hired', 'rejected', 'closed')),
    created_on TEXT NOT NULL,   -- YYYY-MM-DD
    updated_on TEXT NOT NULL    -- the date of the last status change
);

-- Who passed the lead on, in the order given (the first one owns the `lead` item).
-- Removing a contact keeps the lead, without them.
CREATE TABLE lead_via (
    lead_id    INTEGER NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    PRIMARY KEY (lead_id, contact_id)
) WITHOUT ROWID;

CREATE INDEX lead_via_contact ON lead_via (contact_id);

-- Every status a lead has had, oldest first, starting with `open` on its creation.
CREATE TABLE lead_history (
    lead_id  INTEGER NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    status   TEXT    NOT NULL CHECK (status IN ('open', 'applied', 'interview', 'offer',
                                                 'hired', 'rejected', 'closed')),
    on_date  TEXT    NOT NULL,
    PRIMARY KEY (lead_id, position)
) WITHOUT ROWID;

CREATE TABLE favors (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    direction  TEXT    NOT NULL CHECK (direction IN ('gave', 'received')),
    what       TEXT    NOT NULL CHECK (trim(what) <> ''),
    on_date    TEXT    NOT NULL
);

CREATE INDEX favors_contact ON favors (contact_id);
