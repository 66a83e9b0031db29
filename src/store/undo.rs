//! Undo: a log of each row change (its table, key, and values before and after),
//! written by triggers inside each command's transaction, grouped into steps (one per
//! command), and replayed backwards by `undo`. The triggers are made here from the
//! tables' columns, as temporary triggers of the connection that writes (commands
//! that only read never parse them), so they always cover every column.
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

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::functions::{Aggregate, FunctionFlags};
use rusqlite::types::{Value as SqlValue, ValueRef};
use rusqlite::{Connection, OptionalExtension, params, params_from_iter};
use serde::Serialize;
use serde_json::{Map, Value};

use super::Db;
use crate::dates;
use crate::error::{Error, Result};
use crate::model::serialize_date;

/// What a [`Db::bulk_insert`] writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bulk {
    /// An import: contacts, with their e-mails, phones and tags.
    Contacts,
    /// A restore: every table a backup holds but the settings.
    Backup,
}

/// The tables a restore writes but the settings, each after those it refers to; an
/// import writes the first four.
const BACKUP_TABLES: [&str; 13] = [
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
];

impl Bulk {
    /// The tables written, each after those it refers to.
    fn tables(self) -> &'static [&'static str] {
        match self {
            Bulk::Contacts => &BACKUP_TABLES[..4],
            Bulk::Backup => &BACKUP_TABLES,
        }
    }
}

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

/// What the log keeps of an inserted row (the `new` of the log): whose row it is
/// (its `contact_id`, `lead_id`, `introduced_by`), so that the contacts a write
/// touched can be told from the log, and a hash of the whole row as inserted
/// ([`ROW_HASH`] over the first [`ROW_COLUMNS`] recorded columns: a column added
/// later by an upgrade comes after them), which undo compares with the row then. A
/// hash rather than the values: an import into a database with contacts logs every
/// row it adds, and their values would double the log (and cost a third more time).
/// netcrm before issue 23 kept only the owners, or NULL.
fn inserted_json(columns: &[(String, i64)]) -> String {
    let mut pairs: Vec<String> = columns
        .iter()
        .map(|(name, _)| name.as_str())
        .filter(|name| matches!(*name, "contact_id" | "lead_id" | "introduced_by"))
        .map(|c| format!("'{c}', NEW.\"{c}\""))
        .collect();
    let values: Vec<String> = columns.iter().map(|(name, _)| format!("NEW.\"{name}\"")).collect();
    pairs.push(format!("'{ROW_HASH}', undo_row_hash({})", values.join(", ")));
    pairs.push(format!("'{ROW_COLUMNS}', {}", columns.len()));
    format!("json_object({})", pairs.join(", "))
}

/// The keys of an insert's `new` that hold its row's hash and how many columns it
/// covers (no column's name starts with `#`).
const ROW_HASH: &str = "#row";
const ROW_COLUMNS: &str = "#columns";

/// The three triggers of one table: each records an insert (the key, whose row it
/// is and its hash: [`inserted_json`]), an update (the key and the row before and
/// after) or a delete (the key and the row before).
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
    let inserted = inserted_json(columns);
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
/// `low` and `high`, `rows` of them, whose recorded columns (`checksum_of`) had
/// [`undo_checksum`](register_functions) `checksum` (fills recorded before issue 23
/// have none: their rows are counted only).
struct Fill {
    table: String,
    key_column: String,
    low: SqlValue,
    high: SqlValue,
    rows: i64,
    checksum: Option<(i64, Vec<String>)>,
}

impl Fill {
    /// What changed in the rows it filled since, if anything: their number, or their
    /// checksum.
    fn changed(&self, db: &Db) -> Result<Option<String>> {
        let checksum = match &self.checksum {
            Some((_, columns)) => checksum_sql(columns),
            None => "0".to_string(),
        };
        let sql = format!(
            "SELECT count(*), {checksum} FROM \"{}\" WHERE \"{}\" BETWEEN ?1 AND ?2",
            self.table, self.key_column
        );
        let (rows, checksum): (i64, i64) =
            db.conn.query_row(&sql, params![self.low, self.high], |r| Ok((r.get(0)?, r.get(1)?)))?;
        let table = &self.table;
        if rows != self.rows {
            return Ok(Some(format!(
                "rows have been added to or removed from those it added to {table} since"
            )));
        }
        if self.checksum.as_ref().is_some_and(|(expected, _)| *expected != checksum) {
            return Ok(Some(format!("the rows it added to {table} have been changed since")));
        }
        Ok(None)
    }

    /// Whether a row the step did not add refers to one of those it filled (which
    /// removing them would remove or change): one query per foreign key, through
    /// the index on the referring column.
    fn referred_to(&self, db: &Db, fills: &[Fill], references: &References) -> Result<Option<String>> {
        for reference in references.to.get(&self.table).into_iter().flatten() {
            let fast = reference.from.len() == 1 && reference.to[0] == self.key_column;
            let mut sql = if fast {
                format!(
                    "SELECT EXISTS (SELECT 1 FROM \"{}\" c WHERE c.\"{}\" BETWEEN ?1 AND ?2",
                    reference.child, reference.from[0]
                )
            } else {
                let from: Vec<String> = reference.from.iter().map(|c| format!("c.\"{c}\"")).collect();
                let to: Vec<String> = reference.to.iter().map(|c| format!("p.\"{c}\"")).collect();
                format!(
                    "SELECT EXISTS (SELECT 1 FROM \"{}\" c WHERE ({}) IN (SELECT {} FROM \"{}\" p WHERE p.\"{}\" BETWEEN ?1 AND ?2)",
                    reference.child,
                    from.join(", "),
                    to.join(", "),
                    self.table,
                    self.key_column
                )
            };
            // What the step filled into the referring table is its own.
            let own = fills.iter().find(|f| f.table == reference.child);
            let (low, high) = match own {
                Some(own) => {
                    sql.push_str(&format!(" AND c.\"{}\" NOT BETWEEN ?3 AND ?4", own.key_column));
                    (own.low.clone(), own.high.clone())
                }
                None => (SqlValue::Null, SqlValue::Null),
            };
            sql.push(')');
            let found: bool = if own.is_some() {
                db.conn.query_row(&sql, params![self.low, self.high, low, high], |r| r.get(0))?
            } else {
                db.conn.query_row(&sql, params![self.low, self.high], |r| r.get(0))?
            };
            if found {
                return Ok(Some(format!(
                    "a row of {} added since belongs to one of those it added to {}",
                    reference.child, self.table
                )));
            }
        }
        Ok(None)
    }

    fn delete(&self, db: &Db) -> Result<()> {
        let sql = format!("DELETE FROM \"{}\" WHERE \"{}\" BETWEEN ?1 AND ?2", self.table, self.key_column);
        db.conn.execute(&sql, params![self.low, self.high])?;
        Ok(())
    }
}

/// A foreign key: rows of `child` whose `from` columns hold the `to` columns of a row
/// of `parent`.
#[derive(Clone)]
struct Reference {
    child: String,
    parent: String,
    from: Vec<String>,
    to: Vec<String>,
}

/// The foreign keys between the tables that hold records (derived tables and undo's
/// own are not records: nothing in them stops an undo), by the table referred to and
/// by the referring table; and those from derived tables, by the table referred to.
#[derive(Default)]
struct References {
    to: HashMap<String, Vec<Reference>>,
    from: HashMap<String, Vec<Reference>>,
    derived: HashMap<String, Vec<Reference>>,
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

    /// The row as a person reads it in a message: `interactions #2`,
    /// `contact_emails (1, 0)`.
    fn name(&self) -> String {
        let shown: Vec<String> = self
            .key
            .iter()
            .map(|v| match v {
                SqlValue::Integer(i) => i.to_string(),
                SqlValue::Text(t) => format!("'{t}'"),
                SqlValue::Real(r) => r.to_string(),
                SqlValue::Null => "NULL".to_string(),
                SqlValue::Blob(_) => "a blob".to_string(),
            })
            .collect();
        match shown.as_slice() {
            [one] if matches!(self.key[0], SqlValue::Integer(_)) => format!("{} #{one}", self.table),
            [one] => format!("{} {one}", self.table),
            more => format!("{} ({})", self.table, more.join(", ")),
        }
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

    /// What differs between the row now and `left`, the row as the step left it (for
    /// the message of a refused undo; [`Change::exists`] said that something does).
    fn difference(&self, db: &Db, left: &Map<String, Value>) -> Result<String> {
        let pairs: Vec<String> = left.keys().map(|c| format!("'{c}', \"{c}\"")).collect();
        let sql = format!(
            "SELECT json_object({}) FROM \"{}\" WHERE {}",
            pairs.join(", "),
            self.table,
            self.condition(1)
        );
        let now: Option<String> = if pairs.is_empty() {
            None
        } else {
            db.conn.query_row(&sql, params_from_iter(&self.key), |r| r.get(0)).optional()?
        };
        let Some(now) = now.map(|n| json_object(&n)).transpose()? else {
            return Ok(format!("{} has been removed since", self.name()));
        };
        let changed: Vec<&str> =
            left.iter().filter(|(c, v)| now.get(*c) != Some(v)).map(|(c, _)| c.as_str()).collect();
        Ok(format!("the {} of {} has been changed since", changed.join(", "), self.name()))
    }

    /// The hash of the row's first `columns` as [`inserted_json`] takes it, and how
    /// many rows of derived tables refer to it; `None` when it is not there.
    fn row_hash(&self, db: &Db, columns: &[String], references: &References) -> Result<Option<(i64, i64)>> {
        let sql = format!(
            "SELECT undo_row_hash({}), {} FROM \"{}\" t WHERE {}",
            columns.iter().map(|c| format!("t.\"{c}\"")).collect::<Vec<_>>().join(", "),
            self.derived_count_sql(references),
            self.table,
            self.condition(1)
        );
        let mut stmt = db.conn.prepare_cached(&sql)?;
        Ok(stmt.query_row(params_from_iter(&self.key), |r| Ok((r.get(0)?, r.get(1)?))).optional()?)
    }

    /// How many rows of derived tables refer to the row (as SQL over it as `t`):
    /// deleting it removes them too, which is no conflict.
    fn derived_count_sql(&self, references: &References) -> String {
        let counts: Vec<String> = references
            .derived
            .get(self.table)
            .into_iter()
            .flatten()
            .map(|reference| {
                let matches: Vec<String> = reference
                    .from
                    .iter()
                    .zip(&reference.to)
                    .map(|(from, to)| format!("d.\"{from}\" = t.\"{to}\""))
                    .collect();
                format!("(SELECT count(*) FROM \"{}\" d WHERE {})", reference.child, matches.join(" AND "))
            })
            .collect();
        if counts.is_empty() { "0".to_string() } else { counts.join(" + ") }
    }

    /// How many rows of derived tables refer to the row.
    fn derived_count(&self, db: &Db, references: &References) -> Result<i64> {
        let sql = format!(
            "SELECT {} FROM \"{}\" t WHERE {}",
            self.derived_count_sql(references),
            self.table,
            self.condition(1)
        );
        let mut stmt = db.conn.prepare_cached(&sql)?;
        Ok(stmt.query_row(params_from_iter(&self.key), |r| r.get(0)).optional()?.unwrap_or(0))
    }

    /// Deletes a row the step inserted, refused when rows it did not add belong to
    /// it (the step's own were reverted before it, so any left is another
    /// program's): SQLite's count of changed rows says whether deleting it removed or
    /// changed others through their foreign keys beyond the `derived` rows of derived
    /// tables, at no cost when none did.
    fn delete_inserted(&self, db: &Db, derived: i64) -> Result<Option<String>> {
        let before = db.conn.total_changes();
        self.delete(db)?;
        if db.conn.total_changes() - before > 1 + derived.unsigned_abs() {
            return Ok(Some(format!("rows added since belong to {}, and would go with it", self.name())));
        }
        Ok(None)
    }

    /// Whether this row, put back, refers to a row that is not there (another program
    /// removed it since): the foreign keys, deferred while undo works, would stop it
    /// at the end with no word of why.
    fn refers_to_missing(&self, db: &Db, references: &References) -> Result<Option<String>> {
        for reference in references.from.get(self.table).into_iter().flatten() {
            let matches: Vec<String> = reference
                .from
                .iter()
                .zip(&reference.to)
                .map(|(from, to)| format!("p.\"{to}\" = c.\"{from}\""))
                .collect();
            let present: Vec<String> =
                reference.from.iter().map(|c| format!("c.\"{c}\" IS NOT NULL")).collect();
            let key: Vec<String> = self
                .key_columns
                .iter()
                .enumerate()
                .map(|(i, c)| format!("c.\"{c}\" IS ?{}", i + 1))
                .collect();
            let sql = format!(
                "SELECT EXISTS (SELECT 1 FROM \"{}\" c WHERE {} AND {}
                 AND NOT EXISTS (SELECT 1 FROM \"{}\" p WHERE {}))",
                self.table,
                key.join(" AND "),
                present.join(" AND "),
                reference.parent,
                matches.join(" AND ")
            );
            let missing: bool =
                db.conn.prepare_cached(&sql)?.query_row(params_from_iter(&self.key), |r| r.get(0))?;
            if missing {
                return Ok(Some(format!(
                    "the row of {} that {} belongs to has been removed since",
                    reference.parent,
                    self.name()
                )));
            }
        }
        Ok(None)
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

/// `undo_row_hash(column, ...)`: a hash of one row's values, kept for each row a
/// step inserts; `undo_checksum(column, ...)`, an aggregate: the sum (wrapping) of
/// that hash over rows, the same whatever order they are read in, kept for what a
/// bulk write filled. Undo compares them with the rows then.
pub(super) fn register_functions(conn: &Connection) -> rusqlite::Result<()> {
    let flags = FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC;
    conn.create_scalar_function("undo_row_hash", -1, flags, |ctx| Ok(RowHash::of(ctx) as i64))?;
    conn.create_aggregate_function("undo_checksum", -1, flags, Checksum)
}

/// The SQL of the checksum of these columns.
fn checksum_sql(columns: &[String]) -> String {
    let quoted: Vec<String> = columns.iter().map(|c| format!("\"{c}\"")).collect();
    format!("undo_checksum({})", quoted.join(", "))
}

struct Checksum;

impl Aggregate<u64, i64> for Checksum {
    fn init(&self, _: &mut rusqlite::functions::Context<'_>) -> rusqlite::Result<u64> {
        Ok(0)
    }

    fn step(&self, ctx: &mut rusqlite::functions::Context<'_>, sum: &mut u64) -> rusqlite::Result<()> {
        *sum = sum.wrapping_add(RowHash::of(ctx));
        Ok(())
    }

    fn finalize(&self, _: &mut rusqlite::functions::Context<'_>, sum: Option<u64>) -> rusqlite::Result<i64> {
        Ok(sum.unwrap_or(0) as i64)
    }
}

/// A hash of one row's values, eight bytes at a time: stored, so the same on every
/// build and machine (std's hashers promise neither). Not for adversaries: for
/// telling that a row changed.
struct RowHash(u64);

impl Default for RowHash {
    /// Not zero, which a zero word would leave as it is.
    fn default() -> Self {
        RowHash(0x243F_6A88_85A3_08D3)
    }
}

impl RowHash {
    /// The hash of a function's arguments: one row's values.
    fn of(ctx: &rusqlite::functions::Context<'_>) -> u64 {
        let mut row = RowHash::default();
        for i in 0..ctx.len() {
            match ctx.get_raw(i) {
                ValueRef::Null => row.word(0),
                ValueRef::Integer(n) => {
                    row.word(1);
                    row.word(n as u64);
                }
                ValueRef::Real(x) => {
                    row.word(2);
                    row.word(x.to_bits());
                }
                ValueRef::Text(bytes) => row.bytes(3, bytes),
                ValueRef::Blob(bytes) => row.bytes(4, bytes),
            }
        }
        row.finish()
    }

    fn word(&mut self, word: u64) {
        self.0 = (self.0 ^ word).wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(29);
    }

    fn bytes(&mut self, tag: u64, bytes: &[u8]) {
        self.word(tag);
        self.word(bytes.len() as u64);
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0; 8];
            word.copy_from_slice(chunk);
            self.word(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.word(u64::from_le_bytes(word));
        }
    }

    /// MurmurHash3's finalizer: every bit of the state moves every bit of the hash.
    fn finish(self) -> u64 {
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
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
                // Its rows are read once more, whole, for their checksum: what undo
                // compares them with (a tenth of an import's time at most).
                let names: Vec<String> = columns.iter().map(|(name, _)| name.clone()).collect();
                let checksum = checksum_sql(&names);
                self.conn.execute(
                    &format!(
                        "INSERT INTO undo_fills (step, tbl, key_column, low, high, row_count, checksum, checksum_of)
                         SELECT {CURRENT_STEP}, '{table}', '{key}', min(\"{key}\"), max(\"{key}\"), count(*),
                                {checksum}, ?1
                         FROM \"{table}\" HAVING count(*) > 0"
                    ),
                    [serde_json::to_string(&names).unwrap_or_default()],
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
            "SELECT tbl, key_column, low, high, row_count, checksum, checksum_of
             FROM undo_fills WHERE step = ?1 ORDER BY rowid",
        )?;
        let rows = stmt.query_map([step], |r| {
            let fill = Fill {
                table: r.get(0)?,
                key_column: r.get(1)?,
                low: r.get(2)?,
                high: r.get(3)?,
                rows: r.get(4)?,
                checksum: None,
            };
            Ok((fill, r.get::<_, Option<i64>>(5)?, r.get::<_, Option<String>>(6)?))
        })?;
        let mut fills = Vec::new();
        for row in rows {
            let (mut fill, checksum, of) = row?;
            if let (Some(checksum), Some(of)) = (checksum, of) {
                let columns =
                    json_values(&of)?.iter().filter_map(|c| c.as_str().map(str::to_string)).collect();
                fill.checksum = Some((checksum, columns));
            }
            fills.push(fill);
        }
        Ok(fills)
    }

    /// The foreign keys that refer to each table from the tables that hold records.
    fn references(&self) -> Result<References> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT m.name, f.id, f.\"table\", f.\"from\", f.\"to\"
             FROM main.sqlite_master m, pragma_foreign_key_list(m.name) f
             WHERE m.type = 'table' AND m.name NOT LIKE 'undo\\_%' ESCAPE '\\'
             ORDER BY m.name, f.id, f.seq",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Option<String>>(4)?,
            ))
        })?;
        // Each foreign key's columns in order: the referring table, the key's id, the
        // table referred to, the columns referring and referred to.
        type ForeignKey = (String, i64, String, Vec<String>, Vec<Option<String>>);
        let mut keys: Vec<ForeignKey> = Vec::new();
        for row in rows {
            let (child, id, parent, from, to) = row?;
            match keys.last_mut() {
                Some(key) if key.0 == child && key.1 == id => {
                    key.3.push(from);
                    key.4.push(to);
                }
                _ => keys.push((child, id, parent, vec![from], vec![to])),
            }
        }
        let mut references = References::default();
        for (child, _, parent, from, to) in keys {
            if DERIVED_TABLES.contains(&parent.as_str()) {
                continue;
            }
            // No column named: the key of the table referred to.
            let to = if to.iter().all(Option::is_some) {
                to.into_iter().flatten().collect()
            } else {
                self.primary_key(&parent)?
            };
            let reference = Reference { child, parent, from, to };
            if DERIVED_TABLES.contains(&reference.child.as_str()) {
                references.derived.entry(reference.parent.clone()).or_default().push(reference);
                continue;
            }
            references.from.entry(reference.child.clone()).or_default().push(reference.clone());
            references.to.entry(reference.parent.clone()).or_default().push(reference);
        }
        Ok(references)
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
    /// is no longer as it left it, or when a row it did not add refers to one it
    /// would remove. Must run outside a recorded step.
    pub fn undo_last(&self) -> Result<Step> {
        let step = self.undo_steps()?.into_iter().next().ok_or(Error::NothingToUndo)?;
        let refuse = |what: String| Error::UndoConflict { description: step.description.clone(), what };
        // Rows come back in whatever order their changes are reverted; the foreign
        // keys are checked once all of them are back.
        self.conn.pragma_update(None, "defer_foreign_keys", true)?;
        let references = self.references()?;
        // What a bulk write filled is newest in its step: checked whole, then removed
        // table by table, those that refer to others first.
        let fills = self.fills(step.id)?;
        for fill in &fills {
            if let Some(what) = fill.changed(self)? {
                return Err(refuse(what));
            }
            if let Some(what) = fill.referred_to(self, &fills, &references)? {
                return Err(refuse(what));
            }
        }
        for fill in fills.iter().rev() {
            fill.delete(self)?;
        }
        let mut keys: HashMap<String, Vec<String>> = HashMap::new();
        // Each table's recorded columns, for the hashes of inserted rows.
        let mut recorded: HashMap<String, Vec<String>> = HashMap::new();
        // The rows updated back or inserted back, by table and key.
        let mut put_back: Vec<(String, Vec<SqlValue>)> = Vec::new();
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
            // Rows of derived tables that go with an inserted row (no conflict).
            let mut derived = 0;
            // The row as the change left it: every column recorded, or for an insert
            // its hash (logged by an older netcrm: the columns it kept, if any).
            let left = match (op.as_str(), &old, &new) {
                ("insert", _, new) => {
                    let new = new.clone().unwrap_or_default();
                    let hash = new.get(ROW_HASH).and_then(Value::as_i64);
                    let count = new.get(ROW_COLUMNS).and_then(Value::as_u64);
                    if let (Some(hash), Some(count)) = (hash, count) {
                        if !recorded.contains_key(&table) {
                            let names = recorded_columns(self.conn, &table)?.into_iter().map(|(n, _)| n);
                            recorded.insert(table.clone(), names.collect());
                        }
                        let columns = recorded[&table].get(..count as usize).unwrap_or_default();
                        match change.row_hash(self, columns, &references)? {
                            None => return Err(refuse(format!("{} has been removed since", change.name()))),
                            Some((now, _)) if now != hash || columns.len() != count as usize => {
                                return Err(refuse(format!("{} has been changed since", change.name())));
                            }
                            Some((_, rows)) => {
                                derived = rows;
                                None
                            }
                        }
                    } else {
                        Some(new)
                    }
                }
                ("update", Some(_), Some(new)) => Some(new.clone()),
                ("delete", Some(_), _) => {
                    if change.exists(self, &[])? {
                        return Err(refuse(format!("{} has been added again since", change.name())));
                    }
                    None
                }
                _ => return Err(refuse(format!("the record of its change to {} is damaged", change.name()))),
            };
            if let Some(left) = &left {
                let values: Vec<(&str, &Value)> = left.iter().map(|(c, v)| (c.as_str(), v)).collect();
                if !change.exists(self, &values)? {
                    return Err(refuse(change.difference(self, left)?));
                }
                if op == "insert" {
                    derived = change.derived_count(self, &references)?;
                }
            }
            match (op.as_str(), old) {
                ("insert", _) => {
                    if let Some(what) = change.delete_inserted(self, derived)? {
                        return Err(refuse(what));
                    }
                }
                ("update", Some(old)) => {
                    change.restore(self, &old)?;
                    put_back.push((table.clone(), change.key));
                }
                (_, Some(old)) => {
                    change.insert(self, &old)?;
                    put_back.push((table.clone(), change.key));
                }
                _ => {}
            }
        }
        drop(rows);
        // Once every row is back, those put back must find what they refer to.
        for (table, key) in put_back {
            let change = Change { table: &table, key_columns: &keys[&table], key };
            if let Some(what) = change.refers_to_missing(self, &references)? {
                return Err(refuse(what));
            }
        }
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
                    // A lead's and a chase's marks belong to no contact: their key names the lead.
                    if let Some(lead) = key
                        .first()
                        .and_then(Value::as_str)
                        .and_then(|k| k.strip_prefix("lead-").or_else(|| k.strip_prefix("chase-")))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn checksum(conn: &Connection, sql: &str) -> i64 {
        conn.execute_batch(&format!("DELETE FROM t; {sql}")).unwrap();
        conn.query_row("SELECT undo_checksum(a, b) FROM t", [], |r| r.get(0)).unwrap()
    }

    #[test]
    fn the_checksum_of_rows_ignores_their_order_and_sees_any_change() {
        let conn = Connection::open_in_memory().unwrap();
        register_functions(&conn).unwrap();
        conn.execute_batch("CREATE TABLE t (a, b)").unwrap();
        let base = checksum(&conn, "INSERT INTO t VALUES (1, 'x'), (2, NULL), (3, 'yz')");
        assert_eq!(base, checksum(&conn, "INSERT INTO t VALUES (3, 'yz'), (1, 'x'), (2, NULL)"));
        for changed in [
            "INSERT INTO t VALUES (1, 'X'), (2, NULL), (3, 'yz')",
            "INSERT INTO t VALUES (1, 'x'), (2, ''), (3, 'yz')",
            "INSERT INTO t VALUES (1, 'x'), (2, 0), (3, 'yz')",
            "INSERT INTO t VALUES (1, 'x'), (2, NULL), (3, 'yz'), (3, 'yz')",
            "INSERT INTO t VALUES ('1', 'x'), (2, NULL), (3, 'yz')",
            "INSERT INTO t VALUES (1, 'yz'), (2, NULL), (3, 'x')",
            "INSERT INTO t VALUES (1, 'x'), (2, NULL), (3, 'yz________')",
        ] {
            assert_ne!(base, checksum(&conn, changed), "{changed}");
        }
    }
}
