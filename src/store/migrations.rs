//! The schema's history: numbered SQL files from `migrations/`, embedded in the
//! binary and applied in order, each in its own transaction, with the version kept in
//! `PRAGMA user_version`. Files are append-only: never edit one that has shipped.

use rusqlite::Connection;

use crate::error::Result;

/// The migrations in order; migration `i` brings the schema to version `i + 1`.
const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/0001_initial.sql"),
    include_str!("../../migrations/0002_follow_up_state.sql"),
    include_str!("../../migrations/0003_vcard_uid.sql"),
    include_str!("../../migrations/0005_name_parts.sql"),
];

/// The schema version this netcrm writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

pub fn current_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.pragma_query_value(None, "user_version", |row| row.get(0))
}

/// Applies every migration after `from`, each atomically with its version bump.
pub fn migrate(conn: &mut Connection, from: i64) -> Result<()> {
    for (index, sql) in MIGRATIONS.iter().enumerate() {
        let version = index as i64 + 1;
        if version <= from {
            continue;
        }
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", version)?;
        tx.commit()?;
    }
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
        migrate(&mut conn, 0).unwrap();
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
        ] {
            assert!(names.iter().any(|n| n == table), "missing table {table}: {names:?}");
        }
    }

    #[test]
    fn migrating_again_is_a_no_op() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn, 0).unwrap();
        let before = tables(&conn);
        let version = current_version(&conn).unwrap();
        migrate(&mut conn, version).unwrap();
        assert_eq!(tables(&conn), before);
        assert_eq!(current_version(&conn).unwrap(), SCHEMA_VERSION);
    }

    #[test]
    fn migration_files_are_numbered_in_order() {
        // The list above and the folder must agree, so no file is forgotten. Numbers
        // rise, but a branch may lack a number another branch took (issue 9's 0005 was
        // written while 0004 was on main's way); the list's order is what counts.
        let mut files: Vec<String> = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/migrations"))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|name| name.ends_with(".sql"))
            .collect();
        files.sort();
        assert_eq!(files.len(), MIGRATIONS.len());
        let numbers: Vec<u32> = files.iter().map(|name| name[..4].parse().unwrap()).collect();
        assert!(numbers.windows(2).all(|pair| pair[0] < pair[1]), "{files:?}");
        for (file, sql) in files.iter().zip(MIGRATIONS) {
            let on_disk =
                std::fs::read_to_string(format!("{}/migrations/{file}", env!("CARGO_MANIFEST_DIR")));
            assert_eq!(on_disk.ok().as_deref(), Some(*sql), "{file} is not where the list has it");
        }
    }
}
