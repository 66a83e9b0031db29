//! Undo's triggers: made for each connection that writes, from each record table's
//! columns as they are, they log every row an insert, update or delete changes while
//! a step is recorded (an insert by its key, owners and hash). Only the triggers;
//! reading the log back is `revert`'s.

use rusqlite::Connection;

use super::{CURRENT_STEP, DERIVED_COLUMNS, DERIVED_TABLES, SETTINGS_NOT_UNDONE};

/// Drops the undo triggers that netcrm 0.1 kept in the database file (when
/// `triggers_version` says it made some): they are now made for each connection
/// that writes ([`make_triggers`]), so that commands that only read do not parse
/// them. Part of opening the database.
pub(in crate::store) fn drop_stored_triggers(conn: &mut Connection) -> rusqlite::Result<()> {
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
pub(in crate::store) fn make_triggers(conn: &Connection) -> rusqlite::Result<()> {
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
pub(super) fn recorded_columns(conn: &Connection, table: &str) -> rusqlite::Result<Vec<(String, i64)>> {
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
pub(super) const ROW_HASH: &str = "#row";
pub(super) const ROW_COLUMNS: &str = "#columns";

/// The three triggers of one table: each records an insert (the key, whose row it
/// is and its hash: [`inserted_json`]), an update (the key and the row before and
/// after) or a delete (the key and the row before).
pub(super) fn triggers(table: &str, columns: &[(String, i64)]) -> String {
    triggers_up_to(table, columns, None)
}

/// [`triggers`] that record only the rows whose first key column is at most `up_to`,
/// when given: those of a bulk write into a table that has rows already, whose new
/// rows (keyed above `up_to`) are recorded as a fill at its end.
pub(super) fn triggers_up_to(table: &str, columns: &[(String, i64)], up_to: Option<i64>) -> String {
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
    let (when_new, when_old) = match up_to {
        Some(up_to) => {
            let key = first_key_column(columns);
            (
                format!("{when_new} AND NEW.\"{key}\" <= {up_to}"),
                format!("{when_old} AND OLD.\"{key}\" <= {up_to}"),
            )
        }
        None => (when_new, when_old),
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
pub(super) fn first_key_column(columns: &[(String, i64)]) -> &str {
    columns.iter().filter(|(_, pk)| *pk > 0).min_by_key(|(_, pk)| *pk).map_or("rowid", |(name, _)| name)
}
