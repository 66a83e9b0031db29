//! Reverting a step: its log read newest first, each row checked to be as the step
//! left it (whole, or through its hash), what a bulk write filled checked and removed
//! at once, the foreign keys between record tables consulted so that nothing another
//! program added is lost, and the rows put back. All of it or nothing: it refuses
//! rather than half-revert, and never compares derived tables or bookkeeping.

use std::collections::HashMap;

use rusqlite::types::Value as SqlValue;
use rusqlite::{OptionalExtension, params, params_from_iter};
use serde_json::{Map, Value};

use super::hash::checksum_sql;
use super::triggers::{ROW_COLUMNS, ROW_HASH, recorded_columns};
use super::{DERIVED_TABLES, Step, json_object, json_values};
use crate::error::{Error, Result};
use crate::store::Db;

/// A table a step filled from empty: its rows whose `key_column` lies between
/// `low` and `high`, `rows` of them, whose recorded columns (`checksum_of`) had
/// [`undo_checksum`](register_functions) `checksum` (fills recorded before issue 23
/// have none: their rows are counted only).
pub(super) struct Fill {
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

impl Db<'_> {
    /// Reverts the newest step, all of it or nothing: refused when a row it changed
    /// is no longer as it left it, or when a row it did not add refers to one it
    /// would remove. Must run outside a recorded step, in a transaction that a
    /// failure rolls back.
    pub fn undo_last(&self) -> Result<Step> {
        // The triggers that count changes for the sync's and the rescan's skips would
        // add their own updates to the rows each deletion changed (which undo counts to
        // find rows of other programs'): away while the rows come back, and the revert
        // counted once (an undone scan's mail is worth reading again).
        let counting = self.suspend_counting()?;
        let step = self.revert_last()?;
        self.resume_counting(&counting)?;
        Ok(step)
    }

    /// [`Db::undo_last`]'s work.
    fn revert_last(&self) -> Result<Step> {
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

    /// The tables the step filled ([`Db::bulk_insert`]), in the order filled.
    pub(super) fn fills(&self, step: i64) -> Result<Vec<Fill>> {
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
}
