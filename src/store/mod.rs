//! SQLite storage: opening the database file, per-connection settings, migrations and
//! the queries. The only module that touches rusqlite; it hands out model types.

mod contacts;
mod follow_ups;
mod health;
mod interactions;
mod leads;
mod migrations;
mod undo;

use std::fs::{self, OpenOptions};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::NaiveDate;
use rusqlite::functions::FunctionFlags;
use rusqlite::{Connection, ErrorCode, OpenFlags, TransactionBehavior};

pub use contacts::ContactFilter;
pub use follow_ups::{Stored, SyncCard};
pub use health::Health;
pub use migrations::SCHEMA_VERSION;
pub use undo::{Step, Touched};

use crate::error::{Error, Result};
use crate::text::fold;

/// Pages copied between pauses by [`Store::backup_to`], letting writers in.
const BACKUP_PAGES_PER_STEP: i32 = 256;

/// The most page cache a connection uses, in KiB.
const CACHE_KIB: i64 = 64 * 1024;

/// How long a connection waits for another process's write lock before failing.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// An open netcrm database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// What a write is called in `undo`'s list until the command says better, and
    /// the day it is recorded on.
    step: (String, NaiveDate),
}

/// The queries, on a connection inside a transaction (see [`Store::read`] and
/// [`Store::write`]).
pub struct Db<'c> {
    conn: &'c Connection,
}

impl Store {
    /// Opens the database at `path`, creating it (mode 0600, with its folder) when it
    /// does not exist, and brings its schema up to date. A file that is not SQLite, or
    /// whose schema is newer than this netcrm, is refused and left untouched.
    pub fn open(path: &Path) -> Result<Store> {
        if !path.exists() {
            create_private_file(path)?;
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| classify_open_error(e, path))?;
        Store::setup(conn, path.to_path_buf())
    }

    /// A fresh database in memory, for tests.
    pub fn open_in_memory() -> Result<Store> {
        Store::setup(Connection::open_in_memory()?, PathBuf::from(":memory:"))
    }

    fn setup(mut conn: Connection, path: PathBuf) -> Result<Store> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // Read the version before anything writes to the file: a database from a
        // newer netcrm must be left exactly as it was.
        let found = migrations::current_version(&conn).map_err(|e| classify_open_error(e, &path))?;
        if found > SCHEMA_VERSION {
            return Err(Error::SchemaTooNew { path, found, supported: SCHEMA_VERSION });
        }
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // `INSERT OR REPLACE` must fire the delete triggers of the rows it replaces, so
        // that undo can bring them back.
        conn.pragma_update(None, "recursive_triggers", "ON")?;
        // Removed records are overwritten in the file, not only unlinked.
        conn.pragma_update(None, "secure_delete", "ON")?;
        register_functions(&conn)?;
        // In memory the journal mode stays "memory"; that is fine for tests.
        let _mode: String = conn.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        // A big import changes many pages in one transaction: with SQLite's default
        // 2 MB cache they spill to the log and are read back, several times slower.
        // The cache grows only as pages are used, so small commands stay small.
        conn.pragma_update(None, "cache_size", -CACHE_KIB)?;
        migrations::migrate(&mut conn, found)?;
        undo::install_triggers(&mut conn)?;
        // Rows without a folded name: after the upgrade that added it, or written by
        // another program. Read first, so that opening does not take the write lock.
        let unkeyed: bool =
            conn.query_row("SELECT EXISTS (SELECT 1 FROM contacts WHERE name_key IS NULL)", [], |r| {
                r.get(0)
            })?;
        if unkeyed {
            conn.execute("UPDATE contacts SET name_key = name_key(name) WHERE name_key IS NULL", [])?;
        }
        Ok(Store { conn, path, step: ("a change".to_string(), NaiveDate::MIN) })
    }

    /// Names the undo step of the writes that follow (the command), on `today`.
    pub fn label_steps(&mut self, command: &str, today: NaiveDate) {
        self.step = (command.to_string(), today);
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Copies the database to `target`, a file that must not exist yet, through
    /// SQLite's online backup API: a consistent copy even while other processes
    /// write. The copy is readable by its owner only; on failure it is removed.
    pub fn backup_to(&self, target: &Path) -> Result<()> {
        let create = OpenOptions::new().write(true).create_new(true).mode(0o600).open(target);
        create.map_err(|e| Error::io(format!("cannot create {}", target.display()), e))?;
        let copy = || -> rusqlite::Result<()> {
            let mut destination = Connection::open(target)?;
            let backup = rusqlite::backup::Backup::new(&self.conn, &mut destination)?;
            backup.run_to_completion(BACKUP_PAGES_PER_STEP, Duration::from_millis(10), None)
        };
        copy().map_err(|e| {
            let _ = fs::remove_file(target);
            Error::Database(e)
        })
    }

    /// Runs `f` in a read transaction, so it sees one consistent state.
    pub fn read<T>(&mut self, f: impl FnOnce(&Db) -> Result<T>) -> Result<T> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Deferred)?;
        let value = f(&Db { conn: &tx })?;
        tx.finish()?;
        Ok(value)
    }

    /// Runs `f` in a write transaction and rolls everything back (`--dry-run`).
    pub fn dry_run<T>(&mut self, f: impl FnOnce(&Db) -> Result<T>) -> Result<T> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = f(&Db { conn: &tx })?;
        tx.rollback()?;
        Ok(value)
    }

    /// Runs `f` in a write transaction: everything it writes is committed when it
    /// returns `Ok`, and nothing is when it fails. What it changes is one undo step.
    pub fn write<T>(&mut self, f: impl FnOnce(&Db) -> Result<T>) -> Result<T> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        undo::begin_step(&tx, &self.step.0, self.step.1)?;
        let value = f(&Db { conn: &tx })?;
        undo::end_step(&tx)?;
        tx.commit()?;
        Ok(value)
    }

    /// Like [`Store::write`], but recording no undo step (for `undo` itself).
    pub fn write_unrecorded<T>(&mut self, f: impl FnOnce(&Db) -> Result<T>) -> Result<T> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = f(&Db { conn: &tx })?;
        tx.commit()?;
        Ok(value)
    }

    /// Writes the write-ahead log into the database file and empties it, so that
    /// what was removed lingers in neither (after `undo --clear`).
    pub fn checkpoint(&mut self) -> Result<()> {
        self.conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(())
    }
}

/// `casefold(text)`: Unicode lower case for case-insensitive matching (SQLite's own
/// `lower` and `NOCASE` know only ASCII); `name_key(text)`: a name as `dupes` and
/// CONTACT arguments compare names.
fn register_functions(conn: &Connection) -> rusqlite::Result<()> {
    let flags = FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC;
    conn.create_scalar_function("casefold", 1, flags, |ctx| {
        let text: Option<String> = ctx.get(0)?;
        Ok(text.map(|text| fold(&text)))
    })?;
    conn.create_scalar_function("name_key", 1, flags, |ctx| {
        let text: Option<String> = ctx.get(0)?;
        Ok(text.map(|text| crate::text::name_key_without_accents(&text)))
    })
}

/// Creates an empty file readable by its owner only (contacts are personal data);
/// SQLite gives its `-wal` and `-shm` files the same mode.
fn create_private_file(path: &Path) -> Result<()> {
    if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
        fs::create_dir_all(dir)
            .map_err(|e| Error::io(format!("cannot create folder {}", dir.display()), e))?;
    }
    match OpenOptions::new().write(true).create_new(true).mode(0o600).open(path) {
        Ok(_) => Ok(()),
        // Another process created it first: use theirs.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(Error::io(format!("cannot create database {}", path.display()), e)),
    }
}

fn classify_open_error(error: rusqlite::Error, path: &Path) -> Error {
    match error.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => Error::NotADatabase { path: path.to_path_buf() },
        Some(ErrorCode::CannotOpen) => Error::io(
            format!("cannot open database {}", path.display()),
            std::io::Error::other(error.to_string()),
        ),
        _ => Error::Database(error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opening_creates_the_file_and_its_folder_with_mode_0600() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested/folder/netcrm.db");
        Store::open(&path).unwrap();
        let mode = fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    #[test]
    fn connections_use_wal_and_foreign_keys() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("n.db")).unwrap();
        let mode: String = store.conn.pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap();
        let fk: i64 = store.conn.pragma_query_value(None, "foreign_keys", |r| r.get(0)).unwrap();
        let timeout: i64 = store.conn.pragma_query_value(None, "busy_timeout", |r| r.get(0)).unwrap();
        assert_eq!(mode, "wal");
        assert_eq!(fk, 1);
        assert_eq!(timeout, 5000);
    }

    #[test]
    fn a_file_that_is_not_sqlite_is_refused_and_left_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.txt");
        let text = "These are my notes, not a database.\n".repeat(40);
        fs::write(&path, &text).unwrap();
        let err = Store::open(&path).err().unwrap();
        assert!(matches!(err, Error::NotADatabase { .. }), "{err:?}");
        assert_eq!(fs::read_to_string(&path).unwrap(), text);
    }

    #[test]
    fn a_newer_schema_is_refused_and_left_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("future.db");
        {
            let conn = Connection::open(&path).unwrap();
            conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1).unwrap();
        }
        let before = fs::read(&path).unwrap();
        let err = Store::open(&path).err().unwrap();
        assert!(matches!(err, Error::SchemaTooNew { found, .. } if found == SCHEMA_VERSION + 1));
        assert_eq!(fs::read(&path).unwrap(), before);
    }

    #[test]
    fn a_failed_write_leaves_nothing_behind() {
        let mut store = Store::open_in_memory().unwrap();
        let result: Result<()> = store.write(|db| {
            db.conn.execute("INSERT INTO contacts (name, created_at) VALUES ('Ada', '2026-11-22')", [])?;
            Err(Error::EmptyName)
        });
        assert!(result.is_err());
        let count: i64 = store.conn.query_row("SELECT count(*) FROM contacts", [], |r| r.get(0)).unwrap();
        assert_eq!(count, 0);
    }
}
