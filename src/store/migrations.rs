//! The schema's history: numbered SQL files from `migrations/`, embedded in the
//! binary and applied in order, all those a database lacks in one transaction with
//! the version bump (so that a failed upgrade leaves the file as it was; the README
//! says why this differs from STYLE.md's one transaction each), with the version kept
//! in `PRAGMA user_version`. Files are append-only: never edit one that has shipped.
//!
//! Each file's opening comment says why its change was made, as the code was then.
//! Where the code has moved since, the file keeps its words and the correction is
//! here: the undo triggers (0006) are no longer made when the schema version changes
//! but as temporary triggers by each connection that writes, and they and
//! `undo_checksum` (0013) live in `store/undo/` (`triggers.rs`, `hash.rs`).

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::Connection;

/// The migrations in order; migration `i` brings the schema to version `i + 1`.
const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/0001_initial.sql"),
    include_str!("../../migrations/0002_follow_up_state.sql"),
    include_str!("../../migrations/0003_vcard_uid.sql"),
    include_str!("../../migrations/0004_job_search.sql"),
    include_str!("../../migrations/0005_name_parts.sql"),
    include_str!("../../migrations/0006_undo.sql"),
    include_str!("../../migrations/0007_stored_follow_ups.sql"),
    include_str!("../../migrations/0008_sync_cards.sql"),
    include_str!("../../migrations/0009_interaction_sources.sql"),
    include_str!("../../migrations/0010_undo_fills.sql"),
    include_str!("../../migrations/0011_linkedin_key.sql"),
    include_str!("../../migrations/0012_interactions_by_contact_with_kind.sql"),
    include_str!("../../migrations/0013_undo_fill_checksums.sql"),
    include_str!("../../migrations/0014_cadence_source.sql"),
    include_str!("../../migrations/0015_met_thank.sql"),
    include_str!("../../migrations/0016_urgency_scale.sql"),
    include_str!("../../migrations/0017_sync_skips_unchanged.sql"),
    include_str!("../../migrations/0018_contact_links.sql"),
    include_str!("../../migrations/0019_direction.sql"),
    include_str!("../../migrations/0020_reconnect_picks.sql"),
    include_str!("../../migrations/0021_goals.sql"),
    include_str!("../../migrations/0022_scan_state.sql"),
];

/// The schema version this netcrm writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// What marks a database as netcrm's, in `PRAGMA application_id` (bytes 68-71 of the
/// file's header): "NCRM" in ASCII. Set on new databases and on those upgraded or
/// opened for writing by a netcrm that knows it; older ones have 0 and are told by
/// their schema (see [`tables_at`]).
pub const APPLICATION_ID: i32 = 0x4E43_524D;

pub fn current_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.pragma_query_value(None, "user_version", |row| row.get(0))
}

pub fn application_id(conn: &Connection) -> rusqlite::Result<i32> {
    conn.pragma_query_value(None, "application_id", |row| row.get(0))
}

/// Tables by name, each with the names of its columns.
pub type Tables = BTreeMap<String, BTreeSet<String>>;

/// The tables of the database on `conn` (SQLite's own left out), with their columns.
pub fn tables(conn: &Connection) -> rusqlite::Result<Tables> {
    let mut stmt = conn.prepare(
        "SELECT m.name, p.name FROM sqlite_schema AS m, pragma_table_info(m.name) AS p
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
    )?;
    let mut tables = Tables::new();
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        tables.entry(row.get(0)?).or_default().insert(row.get(1)?);
    }
    Ok(tables)
}

/// The tables and columns netcrm's migrations make up to schema `version` (at most
/// [`SCHEMA_VERSION`]), built in memory: what a netcrm database at that version holds.
pub fn tables_at(version: i64) -> rusqlite::Result<Tables> {
    let conn = Connection::open_in_memory()?;
    for sql in MIGRATIONS.iter().take(version.clamp(0, SCHEMA_VERSION) as usize) {
        conn.execute_batch(sql)?;
    }
    tables(&conn)
}

/// Why an upgrade failed: the database itself (locked, unreadable), or one migration.
#[derive(Debug)]
pub enum Failure {
    Database(rusqlite::Error),
    Migration { version: i64, source: rusqlite::Error },
}

impl From<rusqlite::Error> for Failure {
    fn from(error: rusqlite::Error) -> Self {
        Failure::Database(error)
    }
}

/// Applies every migration after the database's version, all in one transaction
/// with the version bump: either the schema is brought up to date, or the file is
/// left exactly as it was.
pub fn migrate(conn: &mut Connection) -> std::result::Result<(), Failure> {
    if current_version(conn)? >= SCHEMA_VERSION {
        return Ok(());
    }
    // Immediate: another netcrm upgrading the same file at the same moment waits,
    // then finds the work done.
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let from = current_version(&tx)?;
    for (index, sql) in MIGRATIONS.iter().enumerate() {
        let version = index as i64 + 1;
        if version <= from {
            continue;
        }
        tx.execute_batch(sql).map_err(|source| Failure::Migration { version, source })?;
    }
    tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
    tx.pragma_update(None, "application_id", APPLICATION_ID)?;
    tx.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tables(conn: &Connection) -> Vec<String> {
        let mut stmt = conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
            .unwrap();
        stmt.query_map([], |row| row.get(0)).unwrap().map(|r| r.unwrap()).collect()
    }

    #[test]
    fn all_migrations_apply_to_an_empty_database() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn).unwrap();
        assert_eq!(current_version(&conn).unwrap(), SCHEMA_VERSION);
        let names = tables(&conn);
        for table in [
            "contacts",
            "contact_emails",
            "contact_phones",
            "contact_tags",
            "interactions",
            "reminders",
            "completions",
            "snoozes",
            "settings",
            "leads",
            "lead_via",
            "lead_history",
            "favors",
            "distinct_people",
        ] {
            assert!(names.iter().any(|n| n == table), "missing table {table}: {names:?}");
        }
    }

    #[test]
    fn version_4_moves_the_first_meetings_place_onto_its_met_interaction() {
        // A database made at version 3, with data in it.
        let mut conn = Connection::open_in_memory().unwrap();
        for (index, sql) in MIGRATIONS.iter().take(3).enumerate() {
            conn.execute_batch(sql).unwrap();
            conn.pragma_update(None, "user_version", index as i64 + 1).unwrap();
        }
        conn.execute_batch(
            "INSERT INTO contacts (id, name, met_at, how_met, created_at)
                 VALUES (1, 'Ada', 'RustConf', 'compilers', '2026-01-01'),
                        (2, 'Bob', NULL, NULL, '2026-01-01');
             INSERT INTO interactions (contact_id, kind, on_date) VALUES
                 (1, 'met', '2026-01-01'), (1, 'call', '2026-01-05'), (2, 'met', '2026-01-02');",
        )
        .unwrap();
        migrate(&mut conn).unwrap();
        assert_eq!(current_version(&conn).unwrap(), SCHEMA_VERSION);
        let rows: Vec<(i64, String, Option<String>, Option<String>)> = conn
            .prepare("SELECT contact_id, kind, at, how FROM interactions ORDER BY id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        assert_eq!(
            rows,
            [
                (1, "met".into(), Some("RustConf".into()), Some("compilers".into())),
                (1, "call".into(), None, None),
                (2, "met".into(), None, None),
            ]
        );
    }

    #[test]
    fn migrating_again_is_a_no_op() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn).unwrap();
        let before = tables(&conn);
        migrate(&mut conn).unwrap();
        assert_eq!(tables(&conn), before);
        assert_eq!(current_version(&conn).unwrap(), SCHEMA_VERSION);
    }

    #[test]
    fn migration_files_are_numbered_in_order() {
        // The list above and the folder must agree, so no file is forgotten; the files
        // are numbered 0001, 0002, ... in the list's order.
        let mut files: Vec<String> = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/migrations"))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|name| name.ends_with(".sql"))
            .collect();
        files.sort();
        assert_eq!(files.len(), MIGRATIONS.len());
        for (index, (file, sql)) in files.iter().zip(MIGRATIONS).enumerate() {
            assert!(file.starts_with(&format!("{:04}_", index + 1)), "{file}");
            let on_disk =
                std::fs::read_to_string(format!("{}/migrations/{file}", env!("CARGO_MANIFEST_DIR")));
            assert_eq!(on_disk.ok().as_deref(), Some(*sql), "{file} is not where the list has it");
        }
    }
}
