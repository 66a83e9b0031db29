//! Interaction rows: the timeline of each contact.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{Row, params};

use super::Db;
use super::contacts::Parsed;
use crate::dates;
use crate::error::Result;
use crate::model::{Interaction, InteractionKind};

impl Db<'_> {
    pub fn insert_interaction(
        &self,
        contact_id: i64,
        kind: InteractionKind,
        on: NaiveDate,
        note: Option<&str>,
    ) -> Result<Interaction> {
        self.conn
            .prepare_cached(
                "INSERT INTO interactions (contact_id, kind, on_date, note) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![contact_id, kind.as_str(), dates::iso(on), note])?;
        Ok(Interaction {
            id: self.conn.last_insert_rowid(),
            contact_id,
            kind,
            on,
            note: note.map(str::to_string),
        })
    }

    /// Inserts an interaction under its own id (restoring a backup).
    pub fn restore_interaction(&self, interaction: &Interaction) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO interactions (id, contact_id, kind, on_date, note) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                interaction.id,
                interaction.contact_id,
                interaction.kind.as_str(),
                dates::iso(interaction.on),
                interaction.note
            ])?;
        Ok(())
    }

    /// Every interaction, by id.
    pub fn interactions_by_id(&self) -> Result<Vec<Interaction>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, contact_id, kind, on_date, note FROM interactions ORDER BY id")?;
        let rows = stmt.query_map([], interaction_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Moves `from`'s interactions and reminders (with the reminders' snoozes and
    /// completions) to `to`, for `merge`.
    pub fn move_history(&self, from: i64, to: i64) -> Result<()> {
        for sql in [
            "UPDATE interactions SET contact_id = ?2 WHERE contact_id = ?1",
            "UPDATE reminders SET contact_id = ?2 WHERE contact_id = ?1",
            "UPDATE snoozes SET contact_id = ?2 WHERE contact_id = ?1 AND key LIKE 'reminder-%'",
            "UPDATE completions SET contact_id = ?2 WHERE contact_id = ?1 AND key LIKE 'reminder-%'",
        ] {
            self.conn.execute(sql, params![from, to])?;
        }
        Ok(())
    }

    /// A contact's interactions, oldest first (ties in the order they were recorded).
    pub fn interactions_of(&self, contact_id: i64) -> Result<Vec<Interaction>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, contact_id, kind, on_date, note FROM interactions
             WHERE contact_id = ?1 ORDER BY on_date, id",
        )?;
        let rows = stmt.query_map([contact_id], interaction_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every contact's interactions, oldest first, grouped by contact id, without
    /// their notes (the scheduler never reads them, and at a million interactions they
    /// are most of the memory).
    pub fn all_interactions(&self) -> Result<HashMap<i64, Vec<Interaction>>> {
        // Reading the table in its own order and sorting here is several times faster
        // than ORDER BY through the index, which visits the rows in random order.
        let mut stmt =
            self.conn.prepare_cached("SELECT id, contact_id, kind, on_date, NULL FROM interactions")?;
        let mut map: HashMap<i64, Vec<Interaction>> = HashMap::new();
        for row in stmt.query_map([], interaction_from_row)? {
            let interaction = row?;
            map.entry(interaction.contact_id).or_default().push(interaction);
        }
        for history in map.values_mut() {
            history.sort_by_key(|i| (i.on, i.id));
        }
        Ok(map)
    }

    /// Moves a contact's latest `met` interaction to `on` (after `edit --met-on`).
    pub fn move_latest_met(&self, contact_id: i64, on: NaiveDate) -> Result<()> {
        self.conn.execute(
            "UPDATE interactions SET on_date = ?2 WHERE id = (
                 SELECT id FROM interactions WHERE contact_id = ?1 AND kind = 'met'
                 ORDER BY on_date DESC, id DESC LIMIT 1)",
            params![contact_id, dates::iso(on)],
        )?;
        Ok(())
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
    })
}
