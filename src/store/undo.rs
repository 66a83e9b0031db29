//! Undo: a log of each row change (its table, key, and values before and after),
//! written by triggers inside each command's transaction, grouped into steps (one per
//! command), and replayed backwards by `undo`. The triggers are made from the
//! tables' columns ([`triggers`]), as temporary triggers of the connection that writes
//! (commands that only read never parse them), so they always cover every column.
//! This file keeps the steps; [`revert`] replays one backwards, with the row hashes
//! of [`hash`].
//!
//! Undo walks a step's changes newest first. Before reverting each, it checks that
//! the row is still as that change left it, whole (every recorded column as updated,
//! or as inserted through a hash of the row; a deleted row still absent), and that
//! nothing the step did not add refers to a row it would remove (an interaction
//! another program logged for a contact being un-added); once all are reverted, that
//! the rows put back find what they refer to. If another program changed something
//! since, the undo is refused and nothing is reverted. What is derived from the
//! records (the stored follow-ups, the sync bookkeeping) and the bookkeeping settings
//! are not compared.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::{Map, Value};

mod hash;
mod revert;
mod triggers;

use hash::checksum_sql;
pub(super) use hash::register_functions;
pub(super) use triggers::{drop_stored_triggers, make_triggers};
use triggers::{first_key_column, recorded_columns, triggers, triggers_up_to};

use super::Db;
use crate::dates;
use crate::error::{Error, Result};
use crate::model::FollowUpKey;

/// What a [`Db::bulk_insert`] writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bulk {
    /// An import: contacts, with their e-mails, phones and tags.
    Contacts,
    /// An import that may point contacts that were there at contacts it adds (netcrm
    /// CSV's introducers): into tables with rows, every row it writes is logged.
    ContactsLinked,
    /// A restore: every table a backup holds but the settings.
    Backup,
}

/// The tables a restore writes but the settings, each after those it refers to; an
/// import writes the first four.
const BACKUP_TABLES: [&str; 14] = [
    "contacts",
    "contact_emails",
    "contact_phones",
    "contact_tags",
    "interactions",
    "reminders",
    "completions",
    "snoozes",
    "leads",
    "lead_via",
    "lead_history",
    "favors",
    "distinct_people",
    "targets",
];

impl Bulk {
    /// The tables written, each after those it refers to.
    fn tables(self) -> &'static [&'static str] {
        match self {
            Bulk::Contacts | Bulk::ContactsLinked => &BACKUP_TABLES[..4],
            Bulk::Backup => &BACKUP_TABLES,
        }
    }
}

/// How many steps are kept; older ones are forgotten.
const STEPS_KEPT: i64 = 100;

/// Settings that are bookkeeping, not records: undo leaves them alone (the mail
/// settings among them are those [`crate::model::MailSetting::is_bookkeeping`] names).
const SETTINGS_NOT_UNDONE: [&str; 5] =
    ["sync-contacts", "sync-tasks", "sync-contacts-changes", "my-addresses", "drafts-maildir"];

/// Tables and columns that are derived from the records (the stored follow-ups), or
/// bookkeeping (the synced cards, the weekly reconnect picks): not recorded, not
/// undone; the follow-ups are recomputed for the contacts a change touched. The count
/// of changes to what cards say too, which only ever grows (undone, it could come back
/// to a count a sync remembered); and what `scan` kept of the mailboxes it read, with
/// its count of changes (an undo counts as one).
const DERIVED_TABLES: [&str; 7] = [
    "follow_ups",
    "sync_cards",
    "card_changes",
    "reconnect_picks",
    "reconnect_weeks",
    "scan_files",
    "scan_changes",
];
const DERIVED_COLUMNS: [(&str, &str); 3] =
    [("contacts", "recompute_on"), ("contacts", "computed_on"), ("contacts", "last_contact")];

/// The step being recorded, as SQL.
const CURRENT_STEP: &str = "(SELECT step FROM undo_state WHERE id = 1)";

/// Whose records a step changed: contacts (by id), leads (by id), or everyone (a
/// setting changed).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Touched {
    pub everyone: bool,
    pub contacts: std::collections::BTreeSet<i64>,
    pub leads: std::collections::BTreeSet<i64>,
}

/// One command that `undo` can revert.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub id: i64,
    pub description: String,
    pub on: NaiveDate,
}

/// Starts recording a step: what the triggers write from now on belongs to it.
pub(super) fn begin_step(conn: &Connection, description: &str, on: NaiveDate) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO undo_steps (description, on_date) VALUES (?1, ?2)",
        params![description, dates::iso(on)],
    )?;
    conn.execute("UPDATE undo_state SET step = last_insert_rowid() WHERE id = 1", [])?;
    Ok(())
}

/// Stops recording; a step that changed nothing is no step. Keeps the newest
/// [`STEPS_KEPT`] steps.
pub(super) fn end_step(conn: &Connection) -> rusqlite::Result<()> {
    let step: Option<i64> = conn.query_row("SELECT step FROM undo_state WHERE id = 1", [], |r| r.get(0))?;
    conn.execute("UPDATE undo_state SET step = NULL WHERE id = 1", [])?;
    let Some(step) = step else {
        return Ok(());
    };
    let empty: bool = conn.query_row(
        "SELECT NOT EXISTS (SELECT 1 FROM undo_log WHERE step = ?1)
            AND NOT EXISTS (SELECT 1 FROM undo_fills WHERE step = ?1)",
        [step],
        |r| r.get(0),
    )?;
    if empty {
        conn.execute("DELETE FROM undo_steps WHERE id = ?1", [step])?;
    } else {
        conn.execute(
            "DELETE FROM undo_steps WHERE id < (SELECT min(id) FROM (SELECT id FROM undo_steps ORDER BY id DESC LIMIT ?1))",
            [STEPS_KEPT],
        )?;
    }
    Ok(())
}

impl Db<'_> {
    /// Says what the step being recorded does, for `undo` (`log call with Ada
    /// Lovelace on 2026-11-30`).
    pub fn describe_step(&self, description: &str) -> Result<()> {
        self.conn.execute(
            &format!("UPDATE undo_steps SET description = ?1 WHERE id = {CURRENT_STEP}"),
            [description],
        )?;
        Ok(())
    }

    /// Runs `f`, a bulk write into `tables` (each listed after the tables it refers
    /// to), without their undo triggers when all of them are empty: every row they
    /// hold afterwards was then inserted by `f`, and each table is recorded once at
    /// the end as filled (in `undo_fills`: its rows between two keys, and how many),
    /// instead of a log row per row. Changes to rows inserted by the same step need no
    /// undoing of their own. An import into a new database saves a log row and a
    /// statement journal per row, a third of its time. An import ([`Bulk::Contacts`])
    /// into tables with rows records the same way the contacts it adds (ids above
    /// any given before) with their e-mails, phones and tags, as a fill of those ids
    /// (nothing the step did not add refers to them), and logs the rest (the
    /// contacts that were there and that it changed). Otherwise, and outside a
    /// recorded step, `f` runs with the triggers.
    pub fn bulk_insert<T>(&self, what: Bulk, f: impl FnOnce(&Db) -> Result<T>) -> Result<T> {
        let tables = what.tables();
        let mut bypass = self.recording()?.is_some();
        for table in tables {
            if !bypass {
                break;
            }
            let sql = format!("SELECT NOT EXISTS (SELECT 1 FROM \"{table}\")");
            bypass = self.conn.query_row(&sql, [], |r| r.get(0))?;
        }
        // Into tables with rows, an import's new contacts (ids above any given
        // before, as contacts' ids are never reused) and their lists are recorded
        // as a fill of those ids, the rest of what it writes in the log.
        let up_to = match (bypass, what) {
            (true, _) => None,
            (false, Bulk::Contacts) if self.recording()?.is_some() => Some(self.conn.query_row(
                "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'contacts'), 0),
                            (SELECT coalesce(max(id), 0) FROM contacts))",
                [],
                |r| r.get::<_, i64>(0),
            )?),
            _ => return f(self),
        };
        for table in tables {
            for op in ["insert", "update", "delete"] {
                self.conn.execute_batch(&format!("DROP TRIGGER temp.\"undo_{table}_{op}\";"))?;
            }
            if let Some(up_to) = up_to {
                self.conn.execute_batch(&triggers_up_to(
                    table,
                    &recorded_columns(self.conn, table)?,
                    Some(up_to),
                ))?;
                // Every contact an import adds gets a new id (it keeps the file's ids
                // only into an empty database): no insert into contacts is logged,
                // and without a trigger SQLite keeps no statement journal for it.
                if *table == "contacts" {
                    self.conn.execute_batch("DROP TRIGGER temp.\"undo_contacts_insert\";")?;
                }
            }
        }
        if up_to.is_none() {
            self.fill.replace(Some(Touched { everyone: true, ..Touched::default() }));
        }
        // The triggers that count changes for the sync's and the rescan's skips would
        // fire (and make SQLite keep a statement journal) for every row: away while the
        // rows go in, then counted once.
        let counting = self.suspend_counting()?;
        let value = f(self);
        self.resume_counting(&counting)?;
        for table in tables {
            let columns = recorded_columns(self.conn, table)?;
            if up_to.is_some() {
                for op in ["insert", "update", "delete"] {
                    self.conn
                        .execute_batch(&format!("DROP TRIGGER IF EXISTS temp.\"undo_{table}_{op}\";"))?;
                }
            }
            if value.is_ok() {
                let key = first_key_column(&columns);
                // Its rows are read once more, whole, for their checksum: what undo
                // compares them with (a tenth of an import's time at most).
                let names: Vec<String> = columns.iter().map(|(name, _)| name.clone()).collect();
                let checksum = checksum_sql(&names);
                let new_rows = up_to.map(|up_to| format!("WHERE \"{key}\" > {up_to}")).unwrap_or_default();
                self.conn.execute(
                    &format!(
                        "INSERT INTO undo_fills (step, tbl, key_column, low, high, row_count, checksum, checksum_of)
                         SELECT {CURRENT_STEP}, '{table}', '{key}', min(\"{key}\"), max(\"{key}\"), count(*),
                                {checksum}, ?1
                         FROM \"{table}\" {new_rows} HAVING count(*) > 0"
                    ),
                    [serde_json::to_string(&names).unwrap_or_default()],
                )?;
            }
            self.conn.execute_batch(&triggers(table, &columns))?;
        }
        value
    }

    /// Drops the triggers that count changes to what cards say and to what a scan
    /// reads (`card_changes`, `scan_changes`), in this transaction; returns their SQL,
    /// for [`Db::resume_counting`]. A failed transaction rolls the drop back.
    pub(super) fn suspend_counting(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare(
            "SELECT name, sql FROM main.sqlite_master WHERE type = 'trigger'
             AND (name LIKE 'card\\_change\\_%' ESCAPE '\\' OR name LIKE 'scan\\_change\\_%' ESCAPE '\\')",
        )?;
        let triggers: Vec<(String, String)> =
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
        for (name, _) in &triggers {
            self.conn.execute_batch(&format!("DROP TRIGGER main.\"{name}\";"))?;
        }
        Ok(triggers.into_iter().map(|(_, sql)| sql).collect())
    }

    /// Makes again the triggers [`Db::suspend_counting`] dropped, and counts what was
    /// written meanwhile as one change of each kind.
    pub(super) fn resume_counting(&self, triggers: &[String]) -> Result<()> {
        for sql in triggers {
            self.conn.execute_batch(sql)?;
        }
        self.conn.execute_batch(
            "UPDATE card_changes SET count = count + 1 WHERE id = 1;
             UPDATE scan_changes SET count = count + 1 WHERE id = 1;",
        )?;
        Ok(())
    }

    /// Says, after [`Db::bulk_insert`], whose records it touched that are not yet
    /// computed: a bulk write that stored the follow-ups of the contacts it filled as
    /// it went leaves only the others to [`Db::touched`].
    pub fn fill_computed(&self, still_touched: Touched) {
        if self.fill.borrow().is_some() {
            self.fill.replace(Some(still_touched));
        }
    }

    /// Says that the contacts with ids above `up_to` (those this write added, ids
    /// being never reused), but those in `except`, have their follow-ups stored
    /// already, computed from their rows alone as they were added: [`Db::touched`]
    /// leaves them out, so that an import into a large network recomputes only the
    /// contacts that were there and that it changed, not everyone.
    pub fn added_computed(&self, up_to: i64, except: std::collections::BTreeSet<i64>) {
        self.added.replace(Some((up_to, except)));
    }

    /// Whether a [`Db::bulk_insert`] into empty tables is under way in this
    /// transaction: the contacts it adds then have no records but what it writes.
    pub fn filling(&self) -> bool {
        self.fill.borrow().is_some()
    }

    /// The steps `undo` can revert, newest first.
    pub fn undo_steps(&self) -> Result<Vec<Step>> {
        let mut stmt =
            self.conn.prepare("SELECT id, description, on_date FROM undo_steps ORDER BY id DESC")?;
        let rows = stmt.query_map([], |r| {
            Ok(Step {
                id: r.get(0)?,
                description: r.get(1)?,
                on: r.get::<_, super::contacts::Parsed<NaiveDate>>(2)?.0,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// What a step changed, by whose records: the step being recorded (less the
    /// contacts [`Db::added_computed`] says are computed), or `step`.
    pub fn touched(&self, step: Option<i64>) -> Result<Touched> {
        let current = step.is_none();
        if current && let Some(touched) = self.fill.borrow().as_ref() {
            return Ok(touched.clone());
        }
        let step = match step {
            Some(step) => Some(step),
            None => self.recording()?,
        };
        let mut touched = Touched::default();
        let Some(step) = step else {
            return Ok(touched);
        };
        // The fill of an import into a network is of contacts whose follow-ups
        // it stored ([`Db::added_computed`]).
        let added = current && self.added.borrow().is_some();
        if !added && !self.fills(step)?.is_empty() {
            return Ok(Touched { everyone: true, ..touched });
        }

        // Whose rows they are, read by SQLite from the rows logged (parsing each whole
        // cost an import into a network a twentieth of its time).
        let mut stmt = self.conn.prepare_cached(
            "SELECT tbl, key, old ->> '$.introduced_by', new ->> '$.introduced_by', old ->> '$.contact_id',
                    new ->> '$.contact_id', old ->> '$.lead_id', new ->> '$.lead_id'
             FROM undo_log WHERE step = ?1",
        )?;
        let mut rows = stmt.query([step])?;
        while let Some(row) = rows.next()? {
            let table: String = row.get(0)?;
            let key = json_values(&row.get::<_, String>(1)?)?;
            let first_key = key.first().and_then(Value::as_i64);
            // The whole numbers a column of the row before and after holds.
            let field = |name: &'static str| {
                let first = match name {
                    "introduced_by" => 2,
                    "contact_id" => 4,
                    _ => 6,
                };
                [first, first + 1]
                    .into_iter()
                    .filter_map(|i| row.get_ref(i).ok()?.as_i64().ok())
                    .collect::<Vec<_>>()
            };
            match table.as_str() {
                // A mail setting (`my-name`) changes no follow-up.
                "settings" => {
                    let key = key.first().and_then(Value::as_str);
                    touched.everyone |= key.and_then(crate::model::MailSetting::named).is_none();
                }
                "contacts" => {
                    touched.contacts.extend(first_key);
                    touched.contacts.extend(field("introduced_by"));
                }
                "leads" => touched.leads.extend(first_key),
                _ => {
                    touched.contacts.extend(field("contact_id"));
                    touched.leads.extend(field("lead_id"));
                    // A lead's and a chase's marks belong to no contact: their key names the lead.
                    let key = key.first().and_then(Value::as_str).and_then(|k| k.parse::<FollowUpKey>().ok());
                    touched.leads.extend(key.and_then(FollowUpKey::marks_kept_by_lead));
                }
            }
        }
        if let Some((up_to, except)) = self.added.borrow().as_ref().filter(|_| current) {
            touched.contacts.retain(|id| id <= up_to || except.contains(id));
        }
        Ok(touched)
    }

    /// Forgets every step.
    pub fn clear_undo(&self) -> Result<usize> {
        let steps = self.conn.execute("DELETE FROM undo_steps", [])?;
        Ok(steps)
    }

    /// The step being recorded, if any (for tests).
    pub fn recording(&self) -> Result<Option<i64>> {
        Ok(self
            .conn
            .query_row("SELECT step FROM undo_state WHERE id = 1", [], |r| r.get(0))
            .optional()?
            .flatten())
    }
}

/// The values of a log row's `key`, a JSON array.
fn json_values(text: &str) -> Result<Vec<Value>> {
    match serde_json::from_str(text) {
        Ok(Value::Array(values)) => Ok(values),
        _ => Err(Error::Database(rusqlite::Error::InvalidQuery)),
    }
}

/// A log row's `old` or `new`, a JSON object.
fn json_object(text: &str) -> Result<Map<String, Value>> {
    match serde_json::from_str(text) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(Error::Database(rusqlite::Error::InvalidQuery)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::MailSetting;

    #[test]
    fn the_mail_settings_other_commands_remember_are_bookkeeping_and_the_others_are_not() {
        for setting in MailSetting::ALL {
            assert_eq!(
                SETTINGS_NOT_UNDONE.contains(&setting.name()),
                setting.is_bookkeeping(),
                "{setting:?}"
            );
        }
    }
}
