//! Interaction rows: the timeline of each contact.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Row, params};

use super::Db;
use super::contacts::Parsed;
use crate::dates;
use crate::error::Result;
use crate::model::{Interaction, InteractionKind, MailDirection, ScanState};
use crate::text::fold;

const COLUMNS: &str =
    "id, contact_id, kind, on_date, note, at, how, source, thank, direction, awaiting_reply";

/// Histories as the scheduler reads them, of the contacts a condition selects:
/// everything but a `met`'s place and `--thank` and the subject of mail awaiting a
/// reply comes from the index `interactions_contact_on`, and the table row is read
/// for those alone.
macro_rules! histories {
    ($condition:literal) => {
        concat!(
            "SELECT id, contact_id, kind, on_date, CASE awaiting_reply WHEN 1 THEN note END,
                    CASE kind WHEN 'met' THEN at END, NULL, NULL, CASE kind WHEN 'met' THEN thank END, NULL,
                    awaiting_reply
             FROM interactions WHERE ",
            $condition
        )
    };
}

/// Those of a range of contacts, and of a JSON list of ids.
const HISTORIES: &str = histories!("contact_id BETWEEN ?1 AND ?2");
const HISTORIES_OF: &str = histories!("contact_id IN (SELECT value FROM json_each(?1))");

impl Db<'_> {
    /// Inserts an interaction and returns it as stored: under its own id when it has
    /// one (restoring a backup), under a fresh one when its id is 0.
    pub fn insert_interaction(&self, new: &Interaction) -> Result<Interaction> {
        self.conn
            .prepare_cached(
                "INSERT INTO interactions
                    (id, contact_id, kind, on_date, note, at, how, source, thank, direction, awaiting_reply)
                 VALUES (nullif(?1, 0), ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?
            .execute(params![
                new.id,
                new.contact_id,
                new.kind.as_str(),
                dates::iso(new.on),
                new.note,
                new.at,
                new.how,
                new.source,
                new.thank,
                new.direction.map(MailDirection::as_str),
                new.awaiting_reply,
            ])?;
        Ok(Interaction { id: self.conn.last_insert_rowid(), ..new.clone() })
    }

    pub fn interaction(&self, id: i64) -> Result<Option<Interaction>> {
        let mut stmt =
            self.conn.prepare_cached(&format!("SELECT {COLUMNS} FROM interactions WHERE id = ?1"))?;
        Ok(stmt.query_row([id], interaction_from_row).optional()?)
    }

    /// Writes every field of `interaction` but its id over the stored one (its contact
    /// too: `log --edit ID --contact` moves it).
    pub fn update_interaction(&self, interaction: &Interaction) -> Result<()> {
        self.conn
            .prepare_cached(
                "UPDATE interactions SET kind = ?2, on_date = ?3, note = ?4, at = ?5, how = ?6, source = ?7,
                    contact_id = ?8, thank = ?9, direction = ?10, awaiting_reply = ?11
                 WHERE id = ?1",
            )?
            .execute(params![
                interaction.id,
                interaction.kind.as_str(),
                dates::iso(interaction.on),
                interaction.note,
                interaction.at,
                interaction.how,
                interaction.source,
                interaction.contact_id,
                interaction.thank,
                interaction.direction.map(MailDirection::as_str),
                interaction.awaiting_reply,
            ])?;
        Ok(())
    }

    pub fn delete_interaction(&self, id: i64) -> Result<()> {
        self.conn.prepare_cached("DELETE FROM interactions WHERE id = ?1")?.execute([id])?;
        Ok(())
    }

    /// Every interaction, by id, handed to `f` one at a time (a backup of any size
    /// holds one).
    pub fn for_each_interaction(&self, mut f: impl FnMut(Interaction) -> Result<()>) -> Result<()> {
        let mut stmt =
            self.conn.prepare_cached(&format!("SELECT {COLUMNS} FROM interactions ORDER BY id"))?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            f(interaction_from_row(row)?)?;
        }
        Ok(())
    }

    /// Moves `from`'s interactions, reminders and favours to `to`, with the marks
    /// (completions, snoozes) of their follow-ups, for `merge`. An outcome item's key
    /// names its contact, so `outcome-<lead>-<from>` becomes `outcome-<lead>-<to>`.
    pub fn move_history(&self, from: i64, to: i64) -> Result<()> {
        for sql in [
            "UPDATE interactions SET contact_id = ?2 WHERE contact_id = ?1",
            "UPDATE reminders SET contact_id = ?2 WHERE contact_id = ?1",
            "UPDATE favors SET contact_id = ?2 WHERE contact_id = ?1",
            "UPDATE OR IGNORE completions SET key = substr(key, 1, length(key) - length(?1)) || ?2
             WHERE contact_id = ?1 AND key LIKE 'outcome-%-' || ?1",
            "UPDATE OR IGNORE snoozes SET key = substr(key, 1, length(key) - length(?1)) || ?2
             WHERE contact_id = ?1 AND key LIKE 'outcome-%-' || ?1",
            "UPDATE completions SET contact_id = ?2 WHERE contact_id = ?1",
            "UPDATE OR IGNORE snoozes SET contact_id = ?2 WHERE contact_id = ?1",
        ] {
            self.conn.execute(sql, params![from, to])?;
        }
        Ok(())
    }

    /// A contact's interactions, oldest first (ties in the order they were recorded).
    pub fn interactions_of(&self, contact_id: i64) -> Result<Vec<Interaction>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM interactions WHERE contact_id = ?1 ORDER BY on_date, id"
        ))?;
        let rows = stmt.query_map([contact_id], interaction_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The interactions of the contacts whose ids are from `first` to `last`, oldest
    /// first, grouped by contact id, without their notes and topics (the scheduler
    /// never reads them, and at a million interactions they are most of the memory);
    /// a `met` keeps its place, which the thank-you names.
    pub fn interactions_between(&self, first: i64, last: i64) -> Result<HashMap<i64, Vec<Interaction>>> {
        self.histories(HISTORIES, [first, last])
    }

    /// [`Db::interactions_between`] of the contacts with these ids.
    pub fn histories_of(&self, ids: &[i64]) -> Result<HashMap<i64, Vec<Interaction>>> {
        self.histories(HISTORIES_OF, [super::id_list(ids)])
    }

    fn histories(&self, sql: &str, params: impl rusqlite::Params) -> Result<HashMap<i64, Vec<Interaction>>> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let mut map: HashMap<i64, Vec<Interaction>> = HashMap::new();
        // The index gives a contact's rows one after another: a history is gathered
        // whole and stored once, instead of each row looked up in the map.
        let mut current: Vec<Interaction> = Vec::new();
        for row in stmt.query_map(params, interaction_from_row)? {
            let interaction = row?;
            if current.last().is_some_and(|last| last.contact_id != interaction.contact_id) {
                gather(&mut map, std::mem::take(&mut current));
            }
            current.push(interaction);
        }
        gather(&mut map, current);
        for history in map.values_mut() {
            history.sort_by_key(|i| (i.on, i.id));
        }
        Ok(map)
    }

    /// Changes the meeting `add` recorded with contact `contact_id`: the first `met`
    /// interaction dated `added_on` (the contact's first-meeting date before the
    /// change), if there is one; only the parts given (`Some`) change. A contact that
    /// has none (an imported one, whose first meeting was never recorded) keeps every
    /// interaction as it is: a `met` logged later is never changed by `edit`.
    pub fn update_added_met(
        &self,
        contact_id: i64,
        added_on: NaiveDate,
        on: Option<NaiveDate>,
        at: Option<Option<&str>>,
        how: Option<Option<&str>>,
    ) -> Result<()> {
        self.conn.execute(
            "UPDATE interactions SET on_date = coalesce(?3, on_date),
                 at = CASE WHEN ?4 THEN ?5 ELSE at END, how = CASE WHEN ?6 THEN ?7 ELSE how END
             WHERE id = (SELECT id FROM interactions WHERE contact_id = ?1 AND kind = 'met' AND on_date = ?2
                         ORDER BY id LIMIT 1)",
            params![
                contact_id,
                dates::iso(added_on),
                on.map(dates::iso),
                at.is_some(),
                at.flatten(),
                how.is_some(),
                how.flatten()
            ],
        )?;
        Ok(())
    }
}

impl Db<'_> {
    /// Whether an interaction `scan` found with `source` is still to be logged for
    /// this contact: they exist, and nothing with that source was logged for them.
    pub fn scanned_yet_to_log(&self, contact_id: i64, source: &str) -> Result<bool> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM contacts WHERE id = ?1)
                AND NOT EXISTS (SELECT 1 FROM interactions WHERE source = ?2 AND contact_id = ?1)",
        )?;
        Ok(stmt.query_row(params![contact_id, source], |r| r.get(0))?)
    }

    /// Reads [`ScanState`]; the stored follow-ups must be up to date.
    pub fn scan_state(&self) -> Result<ScanState> {
        let mut state = ScanState::default();
        let mut stmt =
            self.conn.prepare("SELECT email, contact_id FROM contact_emails ORDER BY contact_id")?;
        for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))? {
            let (email, id) = row?;
            let owners = state.owners.entry(fold(email.trim())).or_default();
            if !owners.contains(&id) {
                owners.push(id);
            }
        }
        let mut stmt =
            self.conn.prepare("SELECT contact_id, source FROM interactions WHERE source IS NOT NULL")?;
        for row in stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))? {
            state.sources.insert(row?);
        }
        let mut stmt = self.conn.prepare(
            "SELECT f.contact_id, max(i.on_date) FROM follow_ups f
             JOIN interactions i ON i.contact_id = f.contact_id AND i.kind = 'met'
             WHERE f.kind = 'thank-you' GROUP BY f.contact_id",
        )?;
        for row in stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, Parsed<NaiveDate>>(1)?.0)))? {
            let (id, met) = row?;
            state.thanks_open.insert(id, met);
        }
        state.names = self.contact_names()?.into_iter().collect();
        Ok(state)
    }
}

/// Adds `rows`, some of one contact's history, to `map`.
fn gather(map: &mut HashMap<i64, Vec<Interaction>>, rows: Vec<Interaction>) {
    let Some(first) = rows.first() else { return };
    match map.entry(first.contact_id) {
        Entry::Vacant(entry) => {
            entry.insert(rows);
        }
        Entry::Occupied(mut entry) => entry.get_mut().extend(rows),
    }
}

fn interaction_from_row(row: &Row) -> rusqlite::Result<Interaction> {
    let kind =
        row.get_ref(2)?.as_str()?.parse::<InteractionKind>().map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(2, rusqlite::types::Type::Text, e.into())
        })?;
    Ok(Interaction {
        id: row.get(0)?,
        contact_id: row.get(1)?,
        kind,
        on: row.get::<_, Parsed<NaiveDate>>(3)?.0,
        note: row.get(4)?,
        at: row.get(5)?,
        how: row.get(6)?,
        source: row.get(7)?,
        thank: row.get::<_, Option<bool>>(8)?.unwrap_or(false),
        direction: row.get_ref(9)?.as_str_or_null()?.and_then(MailDirection::parse),
        awaiting_reply: row.get::<_, Option<bool>>(10)?.unwrap_or(false),
    })
}

#[cfg(test)]
mod tests {
    use super::{HISTORIES, HISTORIES_OF};
    use crate::store::Store;

    /// Reading everyone's history seeks the table only for the rows that need it (a
    /// `met`'s place and `--thank`): every other column comes from the index, and SQLite defers the
    /// seek until a column of the table itself is read.
    #[test]
    fn histories_are_read_from_the_index_and_the_table_only_for_meetings() {
        let store = Store::open_in_memory().unwrap();
        let table: i64 = store
            .conn
            .query_row("SELECT rootpage FROM sqlite_schema WHERE name = 'interactions'", [], |r| r.get(0))
            .unwrap();
        for sql in [HISTORIES, HISTORIES_OF] {
            let mut stmt = store.conn.prepare(&format!("EXPLAIN {sql}")).unwrap();
            // (opcode, p1, p2) of each instruction.
            let program: Vec<(String, i64, i64)> = stmt
                .query_map(
                    rusqlite::params_from_iter(std::iter::repeat_n("[1]", stmt.parameter_count())),
                    |row| Ok((row.get(1)?, row.get(2)?, row.get(3)?)),
                )
                .unwrap()
                .map(|r| r.unwrap())
                .collect();
            let cursor = program.iter().find(|(op, _, root)| op == "OpenRead" && *root == table).unwrap().1;
            let from_table = program.iter().filter(|(op, p1, _)| op == "Column" && *p1 == cursor).count();
            assert_eq!(
                from_table, 3,
                "only a meeting's place and --thank, and a subject awaiting a reply, are read from the table: {program:?}"
            );
            assert!(program.iter().any(|(op, _, _)| op == "DeferredSeek"), "{program:?}");
        }
    }
}
