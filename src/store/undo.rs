//! Undo: a log of each row change (its table, key, and values before and after),
//! written by triggers inside each command's transaction, grouped into steps (one per
//! command), and replayed backwards by `undo`. The triggers are made here from the
//! tables' columns, as temporary triggers of the connection that writes (commands
//! that only read never parse them), so they always cover every column.
//!
//! Undo walks a step's changes newest first. Before reverting each, it checks that
//! the row is still as that change left it (inserted, updated to those values,
//! deleted): if another program changed it since, the undo is refused and nothing is
//! reverted.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::types::Value as SqlValue;
use rusqlite::{Connection, OptionalExtension, params, params_from_iter};
use serde::Serialize;
use serde_json::{Map, Value};

use super::Db;
use crate::dates;
use crate::error::{Error, Result};
use crate::model::serialize_date;

/// How many steps are kept; older ones are forgotten.
const STEPS_KEPT: i64 = 100;

/// Settings that are bookkeeping, not records: undo leaves them alone.
const SETTINGS_NOT_UNDONE: [&str; 3] = ["sync-contacts", "sync-tasks", "my-addresses"];

/// Tables and columns that are derived from the records (the stored follow-ups):
/// not recorded, not undone; they are recomputed for the contacts a change touched.
const DERIVED_TABLES: [&str; 2] = ["follow_ups", "sync_cards"];
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    pub id: i64,
    pub description: String,
    #[serde(serialize_with = "serialize_date")]
    pub on: NaiveDate,
}

/// Drops the undo triggers that netcrm 0.1 kept in the database file (when
/// `triggers_version` says it made some): they are now made for each connection
/// that writes ([`make_triggers`]), so that commands that only read do not parse
/// them. Part of opening the database.
pub(super) fn drop_stored_triggers(conn: &mut Connection) -> rusqlite::Result<()> {
    let made_for: i64 =
        conn.query_row("SELECT triggers_version FROM undo_state WHERE id = 1", [], |r| r.get(0))?;
    if made_for == 0 {
        return Ok(());
    }
    let tx = conn.transaction()?;
    let old: Vec<String> = tx
        .prepare(
            "SELECT name FROM main.sqlite_master WHERE type = 'trigger' AND name LIKE 'undo\\_%' ESCAPE '\\'",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for name in old {
        tx.execute_batch(&format!("DROP TRIGGER main.\"{name}\";"))?;
    }
    tx.execute("UPDATE undo_state SET triggers_version = 0 WHERE id = 1", [])?;
    tx.commit()
}

/// Makes the undo triggers of every table, from its columns as they are, as
/// temporary triggers of this connection: they record what this connection writes
/// (and nothing other programs write).
pub(super) fn make_triggers(conn: &Connection) -> rusqlite::Result<()> {
    let tables: Vec<String> = conn
        .prepare(
            "SELECT name FROM main.sqlite_master WHERE type = 'table'
             AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE 'undo\\_%' ESCAPE '\\' ORDER BY name",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut sql = String::new();
    for table in tables.iter().filter(|t| !DERIVED_TABLES.contains(&t.as_str())) {
        sql.push_str(&triggers(table, &recorded_columns(conn, table)?));
    }
    conn.execute_batch(&sql)
}

/// A table's columns that undo records, with their place in the primary key (0: not
/// part of it).
fn recorded_columns(conn: &Connection, table: &str) -> rusqlite::Result<Vec<(String, i64)>> {
    conn.prepare(&format!("SELECT name, pk FROM pragma_table_info('{table}') ORDER BY cid"))?
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?
        .filter(|c| !matches!(c, Ok((name, _)) if DERIVED_COLUMNS.contains(&(table, name.as_str()))))
        .collect()
}

/// The primary-key columns in key order, as a JSON array of `row`'s values (the
/// `key` of the log).
fn key_json(columns: &[(String, i64)], row: &str) -> String {
    let mut keys: Vec<(&str, i64)> =
        columns.iter().filter(|(_, pk)| *pk > 0).map(|(name, pk)| (name.as_str(), *pk)).collect();
    keys.sort_by_key(|(_, pk)| *pk);
    let values: Vec<String> = keys.iter().map(|(name, _)| format!("{row}.\"{name}\"")).collect();
    format!("json_array({})", values.join(", "))
}

/// What the log keeps of an inserted row (the `new` of the log): whose row it is,
/// so that the contacts a write touched can be told from the log; NULL for a table
/// that belongs to no one.
fn owner_json(columns: &[(String, i64)], row: &str) -> String {
    let pairs: Vec<String> = columns
        .iter()
        .map(|(name, _)| name.as_str())
        .filter(|name| matches!(*name, "contact_id" | "lead_id" | "introduced_by"))
        .map(|c| format!("'{c}', {row}.\"{c}\""))
        .collect();
    if pairs.is_empty() { "NULL".to_string() } else { format!("json_object({})", pairs.join(", ")) }
}

/// The three triggers of one table: each records an insert (the key), an update
/// (the key and the row before and after) or a delete (the key and the row before).
fn triggers(table: &str, columns: &[(String, i64)]) -> String {
    let object = |row: &str| {
        let pairs: Vec<String> =
            columns.iter().map(|(name, _)| format!("'{name}', {row}.\"{name}\"")).collect();
        format!("json_object({})", pairs.join(", "))
    };
    let changed = columns
        .iter()
        .map(|(name, _)| format!("OLD.\"{name}\" IS NOT NEW.\"{name}\""))
        .collect::<Vec<_>>()
        .join(" OR ");
    // Bookkeeping settings are not records: their changes are not undone.
    let (when_new, when_old) = if table == "settings" {
        let list = SETTINGS_NOT_UNDONE.map(|k| format!("'{k}'")).join(", ");
        (format!(" AND NEW.key NOT IN ({list})"), format!(" AND OLD.key NOT IN ({list})"))
    } else {
        (String::new(), String::new())
    };
    let (key_new, key_old) = (key_json(columns, "NEW"), key_json(columns, "OLD"));
    let (old, new) = (object("OLD"), object("NEW"));
    // An insert is undone by its key alone, but says whose row it is.
    let inserted = owner_json(columns, "NEW");
    format!(
        "CREATE TEMP TRIGGER \"undo_{table}_insert\" AFTER INSERT ON \"{table}\"
             WHEN {CURRENT_STEP} IS NOT NULL{when_new} BEGIN
             INSERT INTO undo_log (step, tbl, op, key, new) VALUES ({CURRENT_STEP}, '{table}', 'insert', {key_new}, {inserted});
         END;
         CREATE TEMP TRIGGER \"undo_{table}_update\" AFTER UPDATE ON \"{table}\"
             WHEN {CURRENT_STEP} IS NOT NULL{when_new} AND ({changed}) BEGIN
             INSERT INTO undo_log (step, tbl, op, key, old, new)
                 VALUES ({CURRENT_STEP}, '{table}', 'update', {key_new}, {old}, {new});
         END;
         CREATE TEMP TRIGGER \"undo_{table}_delete\" AFTER DELETE ON \"{table}\"
             WHEN {CURRENT_STEP} IS NOT NULL{when_old} BEGIN
             INSERT INTO undo_log (step, tbl, op, key, old) VALUES ({CURRENT_STEP}, '{table}', 'delete', {key_old}, {old});
         END;"
    )
}

/// The first primary-key column of a table (every table netcrm keeps has a key).
fn first_key_column(columns: &[(String, i64)]) -> &str {
    columns.iter().filter(|(_, pk)| *pk > 0).min_by_key(|(_, pk)| *pk).map_or("rowid", |(name, _)| name)
}

/// A table a step filled from empty: its rows whose `key_column` lies between
/// `low` and `high`, `rows` of them.
struct Fill {
    table: String,
    key_column: String,
    low: SqlValue,
    high: SqlValue,
    rows: i64,
}

impl Fill {
    /// How many of the rows it filled are there now.
    fn count(&self, db: &Db) -> Result<i64> {
        let sql = format!(
            "SELECT count(*) FROM \"{}\" WHERE \"{}\" BETWEEN ?1 AND ?2",
            self.table, self.key_column
        );
        Ok(db.conn.query_row(&sql, params![self.low, self.high], |r| r.get(0))?)
    }

    fn delete(&self, db: &Db) -> Result<()> {
        let sql = format!("DELETE FROM \"{}\" WHERE \"{}\" BETWEEN ?1 AND ?2", self.table, self.key_column);
        db.conn.execute(&sql, params![self.low, self.high])?;
        Ok(())
    }
}

/// One recorded row change being reverted: the row's table and key.
struct Change<'a> {
    table: &'a str,
    key_columns: &'a [String],
    key: Vec<SqlValue>,
}

impl Change<'_> {
    fn condition(&self, first: usize) -> String {
        let parts: Vec<String> =
            self.key_columns.iter().enumerate().map(|(i, c)| format!("\"{c}\" IS ?{}", first + i)).collect();
        parts.join(" AND ")
    }

    /// Whether the row exists, with these values in these columns.
    fn exists(&self, db: &Db, values: &[(&str, &Value)]) -> Result<bool> {
        let mut sql = format!("SELECT EXISTS (SELECT 1 FROM \"{}\" WHERE {}", self.table, self.condition(1));
        for (i, (column, _)) in values.iter().enumerate() {
            sql.push_str(&format!(" AND \"{column}\" IS ?{}", self.key.len() + i + 1));
        }
        sql.push(')');
        let params = self.key.iter().cloned().chain(values.iter().map(|(_, v)| sql_value(v)));
        Ok(db.conn.prepare_cached(&sql)?.query_row(params_from_iter(params), |r| r.get(0))?)
    }

    fn delete(&self, db: &Db) -> Result<()> {
        let sql = format!("DELETE FROM \"{}\" WHERE {}", self.table, self.condition(1));
        db.conn.prepare_cached(&sql)?.execute(params_from_iter(&self.key))?;
        Ok(())
    }

    /// Puts back the row as it was before an update (its key may have changed).
    fn restore(&self, db: &Db, old: &Map<String, Value>) -> Result<()> {
        let sets: Vec<String> =
            old.keys().enumerate().map(|(i, c)| format!("\"{c}\" = ?{}", i + 1)).collect();
        let sql = format!(
            "UPDATE \"{}\" SET {} WHERE {}",
            self.table,
            sets.join(", "),
            self.condition(old.len() + 1)
        );
        let params = old.values().map(sql_value).chain(self.key.iter().cloned());
        db.conn.prepare_cached(&sql)?.execute(params_from_iter(params))?;
        Ok(())
    }

    /// Puts back a deleted row.
    fn insert(&self, db: &Db, old: &Map<String, Value>) -> Result<()> {
        let columns: Vec<String> = old.keys().map(|c| format!("\"{c}\"")).collect();
        let marks: Vec<String> = (1..=old.len()).map(|i| format!("?{i}")).collect();
        let sql =
            format!("INSERT INTO \"{}\" ({}) VALUES ({})", self.table, columns.join(", "), marks.join(", "));
        db.conn.prepare_cached(&sql)?.execute(params_from_iter(old.values().map(sql_value)))?;
        Ok(())
    }
}

/// A JSON value as the SQLite value it was recorded from (JSON keeps integers,
/// text and null apart, which is all netcrm stores).
fn sql_value(value: &Value) -> SqlValue {
    match value {
        Value::Null => SqlValue::Null,
        Value::Bool(b) => SqlValue::Integer(i64::from(*b)),
        Value::Number(n) => match n.as_i64() {
            Some(i) => SqlValue::Integer(i),
            None => SqlValue::Real(n.as_f64().unwrap_or_default()),
        },
        Value::String(s) => SqlValue::Text(s.clone()),
        other => SqlValue::Text(other.to_string()),
    }
}

fn json_values(text: &str) -> Result<Vec<Value>> {
    match serde_json::from_str(text) {
        Ok(Value::Array(values)) => Ok(values),
        _ => Err(Error::Database(rusqlite::Error::InvalidQuery)),
    }
}

fn json_object(text: &str) -> Result<Map<String, Value>> {
    match serde_json::from_str(text) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(Error::Database(rusqlite::Error::InvalidQuery)),
    }
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
    /// statement journal per row, a third of its time. Otherwise, and outside a
    /// recorded step, `f` runs with the triggers.
    pub fn bulk_insert<T>(&self, tables: &[&str], f: impl FnOnce(&Db) -> Result<T>) -> Result<T> {
        let mut bypass = self.recording()?.is_some();
        for table in tables {
            if !bypass {
                break;
            }
            let sql = format!("SELECT NOT EXISTS (SELECT 1 FROM \"{table}\")");
            bypass = self.conn.query_row(&sql, [], |r| r.get(0))?;
        }
        if !bypass {
            return f(self);
        }
        for table in tables {
            for op in ["insert", "update", "delete"] {
                self.conn.execute_batch(&format!("DROP TRIGGER temp.\"undo_{table}_{op}\";"))?;
            }
        }
        self.fill.replace(Some(Touched { everyone: true, ..Touched::default() }));
        let value = f(self);
        for table in tables {
            let columns = recorded_columns(self.conn, table)?;
            if value.is_ok() {
                let key = first_key_column(&columns);
                self.conn.execute(
                    &format!(
                        "INSERT INTO undo_fills (step, tbl, key_column, low, high, row_count)
                         SELECT {CURRENT_STEP}, '{table}', '{key}', min(\"{key}\"), max(\"{key}\"), count(*)
                         FROM \"{table}\" HAVING count(*) > 0"
                    ),
                    [],
                )?;
            }
            self.conn.execute_batch(&triggers(table, &columns))?;
        }
        value
    }

    /// Says, after [`Db::bulk_insert`], whose records it touched that are not yet
    /// computed: a bulk write that stored the follow-ups of the contacts it filled as
    /// it went leaves only the others to [`Db::touched`].
    pub fn fill_computed(&self, still_touched: Touched) {
        if self.fill.borrow().is_some() {
            self.fill.replace(Some(still_touched));
        }
    }

    /// Whether a [`Db::bulk_insert`] into empty tables is under way in this
    /// transaction: the contacts it adds then have no records but what it writes.
    pub fn filling(&self) -> bool {
        self.fill.borrow().is_some()
    }

    /// The tables the step filled ([`Db::bulk_insert`]), in the order filled.
    fn fills(&self, step: i64) -> Result<Vec<Fill>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT tbl, key_column, low, high, row_count FROM undo_fills WHERE step = ?1 ORDER BY rowid",
        )?;
        let rows = stmt.query_map([step], |r| {
            Ok(Fill {
                table: r.get(0)?,
                key_column: r.get(1)?,
                low: r.get(2)?,
                high: r.get(3)?,
                rows: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
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
        // What a bulk write filled is newest in its step: checked whole, then removed
        // table by table, those that refer to others first.
        let fills = self.fills(step.id)?;
        for fill in &fills {
            if fill.count(self)? != fill.rows {
                return Err(Error::UndoConflict { description: step.description });
            }
        }
        for fill in fills.iter().rev() {
            fill.delete(self)?;
        }
        let mut keys: HashMap<String, Vec<String>> = HashMap::new();
        let mut stmt = self
            .conn
            .prepare("SELECT tbl, op, key, old, new FROM undo_log WHERE step = ?1 ORDER BY seq DESC")?;
        let mut rows = stmt.query([step.id])?;
        while let Some(row) = rows.next()? {
            let table: String = row.get(0)?;
            let op: String = row.get(1)?;
            let key = json_values(&row.get::<_, String>(2)?)?;
            let old = row.get::<_, Option<String>>(3)?.map(|o| json_object(&o)).transpose()?;
            let new = row.get::<_, Option<String>>(4)?.map(|n| json_object(&n)).transpose()?;
            if !keys.contains_key(&table) {
                keys.insert(table.clone(), self.primary_key(&table)?);
            }
            let key_columns = &keys[&table];
            let change = Change { table: &table, key_columns, key: key.iter().map(sql_value).collect() };
            let as_left = match (op.as_str(), &old, &new) {
                ("insert", _, _) => change.exists(self, &[])?,
                ("update", Some(old), Some(new)) => {
                    let changed: Vec<(&str, &Value)> = new
                        .iter()
                        .filter(|(c, v)| old.get(*c) != Some(v))
                        .map(|(c, v)| (c.as_str(), v))
                        .collect();
                    change.exists(self, &changed)?
                }
                ("delete", Some(_), _) => !change.exists(self, &[])?,
                _ => return Err(Error::UndoConflict { description: step.description }),
            };
            if !as_left {
                return Err(Error::UndoConflict { description: step.description });
            }
            match (op.as_str(), old) {
                ("insert", _) => change.delete(self)?,
                ("update", Some(old)) => change.restore(self, &old)?,
                (_, Some(old)) => change.insert(self, &old)?,
                _ => {}
            }
        }
        drop(rows);
        self.conn.execute("DELETE FROM undo_steps WHERE id = ?1", [step.id])?;
        Ok(step)
    }

    /// A table's primary-key columns, in key order.
    fn primary_key(&self, table: &str) -> Result<Vec<String>> {
        let mut stmt =
            self.conn.prepare("SELECT name FROM pragma_table_info(?1) WHERE pk > 0 ORDER BY pk")?;
        let names = stmt.query_map([table], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        Ok(names)
    }

    /// What a step changed, by whose records: the step being recorded, or `step`.
    pub fn touched(&self, step: Option<i64>) -> Result<Touched> {
        if step.is_none()
            && let Some(touched) = self.fill.borrow().as_ref()
        {
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
        if !self.fills(step)?.is_empty() {
            return Ok(Touched { everyone: true, ..touched });
        }

        let mut stmt = self.conn.prepare_cached("SELECT tbl, key, old, new FROM undo_log WHERE step = ?1")?;
        let mut rows = stmt.query([step])?;
        while let Some(row) = rows.next()? {
            let table: String = row.get(0)?;
            let key = json_values(&row.get::<_, String>(1)?)?;
            let first_key = key.first().and_then(Value::as_i64);
            let mut values = Vec::new();
            for column in [2, 3] {
                if let Some(text) = row.get::<_, Option<String>>(column)? {
                    values.push(json_object(&text)?);
                }
            }
            let field = |name: &'static str| {
                values.iter().filter_map(move |v| v.get(name).and_then(Value::as_i64)).collect::<Vec<_>>()
            };
            match table.as_str() {
                "settings" => touched.everyone = true,
                "contacts" => {
                    touched.contacts.extend(first_key);
                    touched.contacts.extend(field("introduced_by"));
                }
                "leads" => touched.leads.extend(first_key),
                _ => {
                    touched.contacts.extend(field("contact_id"));
                    touched.leads.extend(field("lead_id"));
                    // A lead's marks belong to no contact: their key names the lead.
                    if let Some(lead) =
                        key.first().and_then(Value::as_str).and_then(|k| k.strip_prefix("lead-"))
                    {
                        touched.leads.extend(lead.parse::<i64>().ok());
                    }
                }
            }
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
