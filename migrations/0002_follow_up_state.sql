-- What the scheduler needs beyond contacts and interactions: one-off reminders
-- (`remind`), follow-ups the user completed (`done`, rule 10) or snoozed (`snooze`,
-- rule 9), and the settings `config` reads and writes. `contact_id` on completions
-- and snoozes lets `rm` take them away with the contact and lets one contact's
-- follow-ups be computed from that contact's rows alone.

CREATE TABLE reminders (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    text       TEXT    NOT NULL,
    due_on     TEXT    NOT NULL,   -- YYYY-MM-DD
    done_on    TEXT                -- NULL while open
);

CREATE INDEX reminders_contact ON reminders (contact_id);

CREATE TABLE completions (
    key        TEXT    NOT NULL,   -- the follow-up key, e.g. check-in-12
    due_on     TEXT    NOT NULL,   -- the due date that was completed
    done_on    TEXT    NOT NULL,
    contact_id INTEGER REFERENCES contacts (id) ON DELETE CASCADE,
    PRIMARY KEY (key, due_on)
) WITHOUT ROWID;

CREATE INDEX completions_contact ON completions (contact_id);

CREATE TABLE snoozes (
    key        TEXT    PRIMARY KEY,
    until      TEXT    NOT NULL,   -- hidden while today is before this date
    contact_id INTEGER REFERENCES contacts (id) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE INDEX snoozes_contact ON snoozes (contact_id);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
