//! Undo: a log of how to revert each row change, written by triggers inside each
//! command's transaction, grouped into steps (one per command), and replayed
//! backwards by `undo`. The triggers are made here from the tables' columns, whenever
//! the schema version changes, so they always cover every column.
//!
//! Each log entry holds two pieces of SQL: `revert` puts the row back as it was
//! before the change, and `expect` is true while the row is still as the change left
//! it. Undo walks a step's entries newest first and checks each `expect` before
//! running its `revert`: if another program changed a row since, the undo is refused
//! and nothing is reverted.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use super::Db;
use super::migrations::SCHEMA_VERSION;
use crate::dates;
use crate::error::{Error, Result};
use crate::model::serialize_date;

/// How many steps are kept; older ones are forgotten.
const STEPS_KEPT: i64 = 100;

/// Settings that are bookkeeping, not records: undo leaves them alone.
const SETTINGS_NOT_UNDONE: [&str; 3] = ["sync-contacts", "sync-tasks", "my-addresses"];

/// The step being recorded, as SQL.
const CURRENT_STEP: &str = "(SELECT step FROM undo_state WHERE id = 1)";

/// One command that `undo` can revert.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    pub id: i64,
    pub description: String,
    #[serde(serialize_with = "serialize_date")]
    pub on: NaiveDate,
}

/// Makes the undo triggers for every table if they were made for another schema
/// version (or never); part of opening the database.
pub(super) fn install_triggers(conn: &mut Connection) -> rusqlite::Result<()> {
    let made_for: i64 =
        conn.query_row("SELECT triggers_version FROM undo_state WHERE id = 1", [], |r| r.get(0))?;
    if made_for == SCHEMA_VERSION {
        return Ok(());
    }
    let tx = conn.transaction()?;
    let old: Vec<String> = tx
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'undo\\_%' ESCAPE '\\'",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for name in old {
        tx.execute_batch(&format!("DROP TRIGGER \"{name}\";"))?;
    }
    let tables: Vec<String> = tx
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table'
             AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE 'undo\\_%' ESCAPE '\\' ORDER BY name",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for table in tables {
        let columns: Vec<(String, i64)> = tx
            .prepare(&format!("SELECT name, pk FROM pragma_table_info('{table}') ORDER BY cid"))?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        tx.execute_batch(&triggers(&table, &columns))?;
    }
    tx.execute("UPDATE undo_state SET triggers_version = ?1 WHERE id = 1", [SCHEMA_VERSION])?;
    tx.commit()
}

/// The three triggers of one table: each writes the SQL that reverts an insert, an
/// update or a delete, and the SQL that checks the row is still as it was left.
fn triggers(table: &str, columns: &[(String, i64)]) -> String {
    let mut keys: Vec<(&str, i64)> =
        columns.iter().filter(|(_, pk)| *pk > 0).map(|(name, pk)| (name.as_str(), *pk)).collect();
    keys.sort_by_key(|(_, pk)| *pk);
    let key = |row: &str| -> String {
        keys.iter()
            .map(|(name, _)| format!("'\"{name}\" IS ' || quote({row}.\"{name}\")"))
            .collect::<Vec<_>>()
            .join(" || ' AND ' || ")
    };
    let names = columns.iter().map(|(name, _)| format!("\"{name}\"")).collect::<Vec<_>>().join(", ");
    let old_values = columns
        .iter()
        .map(|(name, _)| format!("quote(OLD.\"{name}\")"))
        .collect::<Vec<_>>()
        .join(" || ', ' || ");
    let changed = columns
        .iter()
        .map(|(name, _)| format!("OLD.\"{name}\" IS NOT NEW.\"{name}\""))
        .collect::<Vec<_>>()
        .join(" OR ");
    let sets = columns
        .iter()
        .map(|(name, _)| {
            format!("CASE WHEN OLD.\"{name}\" IS NOT NEW.\"{name}\" THEN ', \"{name}\" = ' || quote(OLD.\"{name}\") ELSE '' END")
        })
        .collect::<Vec<_>>()
        .join(" || ");
    let now = columns
        .iter()
        .map(|(name, _)| {
            format!("CASE WHEN OLD.\"{name}\" IS NOT NEW.\"{name}\" THEN ' AND \"{name}\" IS ' || quote(NEW.\"{name}\") ELSE '' END")
        })
        .collect::<Vec<_>>()
        .join(" || ");
    // Bookkeeping settings are not records: their changes are not undone.
    let (when_new, when_old) = if table == "settings" {
        let list = SETTINGS_NOT_UNDONE.map(|k| format!("'{k}'")).join(", ");
        (format!(" AND NEW.key NOT IN ({list})"), format!(" AND OLD.key NOT IN ({list})"))
    } else {
        (String::new(), String::new())
    };
    let (key_new, key_old) = (key("NEW"), key("OLD"));
    format!(
        "CREATE TRIGGER \"undo_{table}_insert\" AFTER INSERT ON \"{table}\"
             WHEN {CURRENT_STEP} IS NOT NULL{when_new} BEGIN
             INSERT INTO undo_log (step, revert, expect) VALUES ({CURRENT_STEP},
                 'DELETE FROM \"{table}\" WHERE ' || {key_new},
                 'SELECT EXISTS (SELECT 1 FROM \"{table}\" WHERE ' || {key_new} || ')');
         END;
         CREATE TRIGGER \"undo_{table}_update\" AFTER UPDATE ON \"{table}\"
             WHEN {CURRENT_STEP} IS NOT NULL{when_new} AND ({changed}) BEGIN
             INSERT INTO undo_log (step, revert, expect) VALUES ({CURRENT_STEP},
                 'UPDATE \"{table}\" SET ' || substr({sets}, 3) || ' WHERE ' || {key_new},
                 'SELECT EXISTS (SELECT 1 FROM \"{table}\" WHERE ' || {key_new} || {now} || ')');
         END;
         CREATE TRIGGER \"undo_{table}_delete\" AFTER DELETE ON \"{table}\"
             WHEN {CURRENT_STEP} IS NOT NULL{when_old} BEGIN
             INSERT INTO undo_log (step, revert, expect) VALUES ({CURRENT_STEP},
                 'INSERT INTO \"{table}\" ({names}) VALUES (' || {old_values} || ')',
                 'SELECT NOT EXISTS (SELECT 1 FROM \"{table}\" WHERE ' || {key_old} || ')');
         END;"
    )
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
    let empty: bool =
        conn.query_row("SELECT NOT EXISTS (SELECT 1 FROM undo_log WHERE step = ?1)", [step], |r| r.get(0))?;
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

    /// Reverts the newest step, all of it or nothing: refused when a row it changed
    /// is no longer as it left it. Must run outside a recorded step.
    pub fn undo_last(&self) -> Result<Step> {
        let step = self.undo_steps()?.into_iter().next().ok_or(Error::NothingToUndo)?;
        // Rows come back in whatever order their changes are reverted; the foreign
        // keys are checked once all of them are back.
        self.conn.pragma_update(None, "defer_foreign_keys", true)?;
        let mut stmt =
            self.conn.prepare("SELECT revert, expect FROM undo_log WHERE step = ?1 ORDER BY seq DESC")?;
        let entries: Vec<(String, String)> =
            stmt.query_map([step.id], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
        for (revert, expect) in entries {
            let as_left: bool = self.conn.query_row(&expect, [], |r| r.get(0))?;
            if !as_left {
                return Err(Error::UndoConflict { description: step.description });
            }
            self.conn.execute_batch(&revert)?;
        }
        self.conn.execute("DELETE FROM undo_steps WHERE id = ?1", [step.id])?;
        Ok(step)
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
