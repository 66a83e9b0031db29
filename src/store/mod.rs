//! SQLite storage: opening the database file, per-connection settings, migrations and
//! the queries. The only module that touches rusqlite; it hands out model types.

mod contacts;
mod duplicates;
mod file;
mod follow_ups;
mod goals;
mod health;
mod interactions;
mod leads;
mod lookup;
mod migrations;
mod network;
mod reconnect;
mod scanned;
mod selection;
mod undo;

use std::fs::{self, OpenOptions};
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::NaiveDate;
use rusqlite::functions::FunctionFlags;
use rusqlite::{Connection, ErrorCode, OpenFlags, TransactionBehavior};

pub use follow_ups::{Stored, SyncCard, SyncedFile};
pub use health::Health;
pub use lookup::MatchKey;
pub use migrations::SCHEMA_VERSION;
pub use network::{Reached, Target};
pub use selection::{ContactFilter, ContactOrder};
pub use undo::{Bulk, Step, Touched};

use crate::error::{Error, Result};
use crate::files;
use crate::text::fold;

/// Pages copied between pauses by [`Store::backup_to`], letting writers in.
const BACKUP_PAGES_PER_STEP: i32 = 256;

/// The most page cache a connection uses, in KiB.
const CACHE_KIB: i64 = 64 * 1024;

/// The page cache of [`Store::read_scattered`], in KiB (SQLite's default).
const SCATTERED_CACHE_KIB: i64 = 2 * 1024;

/// How many prepared statements a connection keeps (rusqlite keeps 16 by default;
/// loading contacts alone uses four for each way of selecting them).
const STATEMENTS_KEPT: usize = 64;

/// How long a connection waits for another process's write lock before failing.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// How long [`Store::checkpoint`] waits for other programs to stop reading.
const CHECKPOINT_WAIT: Duration = Duration::from_secs(3);

/// An open netcrm database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// Set when the file could only be read: the store works on a copy in memory,
    /// and every write that would be the user's is refused.
    read_only: bool,
    /// What a write is called in `undo`'s list until the command says better, and
    /// the day it is recorded on.
    step: (String, NaiveDate),
    /// Whether this connection has made its undo triggers (on its first write).
    triggers: bool,
}

/// The queries, on a connection inside a transaction (see [`Store::read`] and
/// [`Store::write`]).
pub struct Db<'c> {
    conn: &'c Connection,
    /// Set when [`Db::bulk_insert`] filled empty tables in this transaction: whose
    /// records it touched (everyone, unless the writer says better with
    /// [`Db::fill_computed`]), which [`Db::touched`] then says without reading the
    /// undo log.
    fill: std::cell::RefCell<Option<Touched>>,
    /// Set by [`Db::added_computed`]: the contacts above this id, but those named,
    /// were added by this write with their follow-ups stored, which [`Db::touched`]
    /// then leaves out.
    added: std::cell::RefCell<Option<(i64, std::collections::BTreeSet<i64>)>>,
}

impl<'c> Db<'c> {
    fn new(conn: &'c Connection) -> Self {
        Db { conn, fill: std::cell::RefCell::new(None), added: std::cell::RefCell::new(None) }
    }
}

impl Store {
    /// Opens the database at `path`, creating it (mode 0600, with its folder) when it
    /// does not exist, and brings its schema up to date. A file that is not SQLite, an
    /// SQLite file of another program, or a database whose schema is newer than this
    /// netcrm, is refused and left untouched.
    pub fn open(path: &Path) -> Result<Store> {
        Store::open_noting(path, &mut |_| {})
    }

    /// Like [`Store::open`], telling `note` what a person should know about an unusual
    /// step it took (the copy made before an upgrade).
    ///
    /// Before migrations are applied to a database made by an older netcrm, the file
    /// is copied beside itself as `<name>.bak-v<old version>` (mode 0600), and the
    /// migrations run in one transaction: a failure leaves the file as it was. A file
    /// netcrm may read but not write (its permissions, or its folder's) is read into
    /// memory: commands that only show records work, commands that change them are
    /// refused with [`Error::ReadOnly`].
    pub fn open_noting(path: &Path, note: &mut dyn FnMut(&str)) -> Result<Store> {
        if !path.exists() {
            create_private_file(path)?;
        } else if path.is_dir() {
            return Err(Error::io(
                format!("cannot open database {}", path.display()),
                std::io::Error::other("it is a folder"),
            ));
        }
        let writable = may_write(path)?;
        // Before anything is written: another program's file is left as it was.
        file::identify(path)?;
        if !writable {
            return Store::open_snapshot(path);
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| classify_open_error(e, path))?;
        match Store::setup(conn, path.to_path_buf(), note) {
            // The file may be written but its folder may not: SQLite cannot make the
            // log beside it.
            Err(Error::Database(e)) if is_read_only(&e) => Store::open_snapshot(path),
            other => other,
        }
    }

    /// The database at `path`, which cannot be written, copied into memory, leaving
    /// no file beside it (see [`file::read_quietly`]).
    fn open_snapshot(path: &Path) -> Result<Store> {
        let mut copy = Connection::open_in_memory()?;
        let copied = file::read_quietly(path, |source| {
            let backup = rusqlite::backup::Backup::new(source, &mut copy)?;
            backup.run_to_completion(BACKUP_PAGES_PER_STEP, Duration::from_millis(10), None)
        });
        if let Err(e) = copied {
            return Err(match classify_open_error(e, path) {
                Error::Database(e) if is_read_only(&e) => read_only_error(path),
                other => other,
            });
        }
        Store::read_only_copy(copy, path)
    }

    /// A store over `copy`, a database copied into memory from `path`, that refuses
    /// every write but derived data.
    fn read_only_copy(copy: Connection, path: &Path) -> Result<Store> {
        let mut store = Store::setup(copy, path.to_path_buf(), &mut |_| {})?;
        store.read_only = true;
        Ok(store)
    }

    /// A fresh database in memory, for tests.
    pub fn open_in_memory() -> Result<Store> {
        Store::setup(Connection::open_in_memory()?, PathBuf::from(":memory:"), &mut |_| {})
    }

    fn setup(mut conn: Connection, path: PathBuf, note: &mut dyn FnMut(&str)) -> Result<Store> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // Read the version before anything writes to the file: a database from a
        // newer netcrm must be left exactly as it was.
        let found = migrations::current_version(&conn).map_err(|e| classify_open_error(e, &path))?;
        if found > SCHEMA_VERSION {
            return Err(Error::SchemaTooNew { path, found, supported: SCHEMA_VERSION });
        }
        // An old database is copied before it is upgraded (a file on disk, that is).
        let copy = if found > 0 && found < SCHEMA_VERSION && conn.path().is_some_and(|p| !p.is_empty()) {
            // Copied under a temporary name, then renamed: a copy cut short (the
            // process killed) is never taken for a whole one, and is removed by the
            // next upgrade.
            remove_dead_copies(&path);
            let target = upgrade_copy_path(&path, found);
            let mut partial = target.clone().into_os_string();
            partial.push(format!(".{}.tmp", std::process::id()));
            let partial = PathBuf::from(partial);
            let failed = |e| Error::io(format!("cannot create {}", target.display()), e);
            files::replace_private(&partial, &target, |_| copy_database(&conn, &partial, &target), failed)?;
            Some(target)
        } else {
            None
        };
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
        // Each statement that fires the undo triggers keeps a statement journal, so
        // that it can be rolled back alone; in a file, that is a write per changed page
        // (a quarter of an import's time). In memory it costs what the pages do.
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        // Statements are prepared once per command and kept (parsing one costs more
        // than running it): room for all those a command uses, so none is parsed again.
        conn.set_prepared_statement_cache_capacity(STATEMENTS_KEPT);
        migrations::migrate(&mut conn).map_err(|failure| match failure {
            migrations::Failure::Database(e) => Error::Database(e),
            migrations::Failure::Migration { version, source } => Error::UpgradeFailed {
                path: path.clone(),
                from: found,
                version,
                reason: match source {
                    rusqlite::Error::SqlInputError { msg, .. } => msg,
                    rusqlite::Error::SqliteFailure(_, Some(msg)) => msg,
                    other => other.to_string(),
                },
                copy: copy.clone(),
            },
        })?;
        // Said once the upgrade is done: a failure says it all in its one error line.
        if let Some(copy) = &copy {
            note(&format!(
                "upgraded {} from schema version {found} to {SCHEMA_VERSION}; the old database is copied to {}",
                path.display(),
                copy.display()
            ));
        }
        claim(&conn)?;
        undo::drop_stored_triggers(&mut conn)?;
        // Rows without a folded name, a LinkedIn URL's key or a company key: after the
        // upgrade that added it, or written by another program (each found through an
        // index). Read first, in one query, so that opening does not take the write lock.
        let (unnamed, unkeyed, company_unkeyed): (bool, bool, bool) = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM contacts WHERE name_key IS NULL),
                    EXISTS (SELECT 1 FROM contacts WHERE linkedin IS NOT NULL AND linkedin_key IS NULL),
                    EXISTS (SELECT 1 FROM contacts WHERE company IS NOT NULL AND company_key IS NULL)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        if company_unkeyed {
            conn.execute(
                "UPDATE contacts SET company_key = name_key(company) WHERE company IS NOT NULL AND company_key IS NULL",
                [],
            )?;
        }
        if unnamed {
            conn.execute("UPDATE contacts SET name_key = name_key(name) WHERE name_key IS NULL", [])?;
        }
        if unkeyed {
            conn.execute(
                "UPDATE contacts SET linkedin_key = linkedin_key(linkedin)
                 WHERE linkedin IS NOT NULL AND linkedin_key IS NULL",
                [],
            )?;
        }
        Ok(Store {
            conn,
            path,
            read_only: false,
            step: ("a change".to_string(), NaiveDate::MIN),
            triggers: false,
        })
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
        files::create_new_private(target)
            .map_err(|e| Error::io(format!("cannot create {}", target.display()), e))?;
        copy_database(&self.conn, target, target)
    }

    /// Whether the file could only be read (see [`Store::open_noting`]).
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// [`Error::ReadOnly`] when the file could only be read: for commands that ask
    /// something first (a confirmation, an editor), so that no one answers in vain.
    pub fn refuse_if_read_only(&self) -> Result<()> {
        if self.read_only {
            return Err(read_only_error(&self.path));
        }
        Ok(())
    }

    /// Runs `f` in a read transaction, so it sees one consistent state.
    pub fn read<T>(&mut self, f: impl FnOnce(&Db) -> Result<T>) -> Result<T> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Deferred)?;
        let value = f(&Db::new(&tx))?;
        tx.finish()?;
        Ok(value)
    }

    /// [`Store::read`] with a small page cache, for a read that touches a few
    /// thousand pages once each, all over a large file (`path` at a company: the
    /// histories of everyone linked to the people there): SQLite then reuses the
    /// memory of the pages it is done with instead of taking fresh memory for each,
    /// whose first use costs a page fault (most of such a read's time with the large
    /// cache that imports want).
    pub fn read_scattered<T>(&mut self, f: impl FnOnce(&Db) -> Result<T>) -> Result<T> {
        self.conn.pragma_update(None, "cache_size", -SCATTERED_CACHE_KIB)?;
        let value = self.read(f);
        self.conn.pragma_update(None, "cache_size", -CACHE_KIB)?;
        value
    }

    /// Runs `f` in a write transaction and rolls everything back (`--dry-run`).
    pub fn dry_run<T>(&mut self, f: impl FnOnce(&Db) -> Result<T>) -> Result<T> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = f(&Db::new(&tx))?;
        tx.rollback()?;
        Ok(value)
    }

    /// Runs `f` in a write transaction: everything it writes is committed when it
    /// returns `Ok`, and nothing is when it fails. What it changes is one undo step.
    pub fn write<T>(&mut self, f: impl FnOnce(&Db) -> Result<T>) -> Result<T> {
        self.refuse_if_read_only()?;
        if !self.triggers {
            undo::make_triggers(&self.conn)?;
            self.triggers = true;
        }
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        undo::begin_step(&tx, &self.step.0, self.step.1)?;
        let value = f(&Db::new(&tx))?;
        undo::end_step(&tx)?;
        tx.commit()?;
        Ok(value)
    }

    /// Like [`Store::write`], but recording no undo step (for `undo` itself).
    pub fn write_unrecorded<T>(&mut self, f: impl FnOnce(&Db) -> Result<T>) -> Result<T> {
        self.refuse_if_read_only()?;
        self.write_derived(f)
    }

    /// Writes what is derived from the records (the stored follow-ups), recording no
    /// undo step. Allowed on a read-only database, whose copy in memory takes it.
    pub fn write_derived<T>(&mut self, f: impl FnOnce(&Db) -> Result<T>) -> Result<T> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = f(&Db::new(&tx))?;
        tx.commit()?;
        Ok(value)
    }

    /// Like [`Store::write_derived`], but waiting at most `wait` for another program's
    /// write lock: `None` when it is still held.
    pub fn try_write_derived<T>(
        &mut self,
        wait: Duration,
        f: impl FnOnce(&Db) -> Result<T>,
    ) -> Result<Option<T>> {
        self.conn.busy_timeout(wait)?;
        let result = self.write_derived(f);
        self.conn.busy_timeout(BUSY_TIMEOUT)?;
        match result {
            Err(Error::Database(e))
                if matches!(
                    e.sqlite_error_code(),
                    Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
                ) =>
            {
                Ok(None)
            }
            other => other.map(Some),
        }
    }

    /// The database as it is now, copied into memory through SQLite's backup API (a
    /// consistent copy even while another program writes), as a store that refuses
    /// every write but derived data.
    pub fn snapshot(&self) -> Result<Store> {
        let mut copy = Connection::open_in_memory()?;
        {
            let backup = rusqlite::backup::Backup::new(&self.conn, &mut copy)?;
            backup.run_to_completion(BACKUP_PAGES_PER_STEP, Duration::from_millis(10), None)?;
        }
        Store::read_only_copy(copy, &self.path)
    }

    /// Writes the write-ahead log into the database file and empties it, so that
    /// what was removed lingers in neither (after `undo --clear`). Another program
    /// reading the database holds pages of the log (and keeps older pages of the
    /// file from being overwritten) until its read ends: SQLite retries for at most
    /// `CHECKPOINT_WAIT`. Returns how many pages the log still has when that was not
    /// enough (`None`: done).
    pub fn checkpoint(&mut self) -> Result<Option<i64>> {
        self.refuse_if_read_only()?;
        self.conn.busy_timeout(CHECKPOINT_WAIT)?;
        let result = self.conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
        });
        self.conn.busy_timeout(BUSY_TIMEOUT)?;
        let (busy, pages) = result?;
        Ok((busy != 0).then_some(pages.max(1)))
    }
}

/// Marks a netcrm database made before netcrm set its application id (an upgrade
/// marks it with the migrations). Waits little for another program's write lock: a
/// later run marks it then.
fn claim(conn: &Connection) -> Result<()> {
    if migrations::application_id(conn)? == migrations::APPLICATION_ID {
        return Ok(());
    }
    conn.busy_timeout(Duration::from_millis(300))?;
    let marked = conn.pragma_update(None, "application_id", migrations::APPLICATION_ID);
    conn.busy_timeout(BUSY_TIMEOUT)?;
    match marked {
        Err(e)
            if matches!(e.sqlite_error_code(), Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)) =>
        {
            Ok(())
        }
        other => Ok(other?),
    }
}

/// Copies the database of `conn` into `target`, an empty file made for it (private:
/// see [`files::create_new_private`]), through SQLite's online backup API; the copy is
/// removed on failure (a full disk, a file-size limit), with the journal SQLite keeps
/// beside it while writing. Errors name `shown`, the file the user knows (the copy's
/// final name).
fn copy_database(conn: &Connection, target: &Path, shown: &Path) -> Result<()> {
    // SQLite's files beside the copy while it is written (a journal, and for a WAL
    // database's copy, its log and shared memory until it is made self-contained).
    let beside: Vec<(PathBuf, bool)> = SQLITE_SIDE_FILES
        .iter()
        .map(|suffix| file::beside(target, suffix))
        .map(|side| {
            let was_there = side.symlink_metadata().is_ok();
            (side, was_there)
        })
        .collect();
    let copy = || -> rusqlite::Result<()> {
        let mut destination = Connection::open(target)?;
        let backup = rusqlite::backup::Backup::new(conn, &mut destination)?;
        backup.run_to_completion(BACKUP_PAGES_PER_STEP, Duration::from_millis(10), None)?;
        drop(backup);
        // The copy is one self-contained file, whatever the original's journal.
        let _mode: String =
            destination.pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get(0))?;
        Ok(())
    };
    copy().map_err(|e| {
        let _ = fs::remove_file(target);
        for (side, was_there) in &beside {
            if !was_there {
                let _ = fs::remove_file(side);
            }
        }
        let reason = match e.sqlite_error_code() {
            Some(ErrorCode::DiskFull) => "the disk is full, or the file has reached a size limit".to_string(),
            Some(ErrorCode::SystemIoFailure) => {
                "disk I/O error (is the disk full or failing, or a file-size limit reached?)".to_string()
            }
            _ => e.to_string(),
        };
        Error::io(format!("cannot copy the database to {}", shown.display()), std::io::Error::other(reason))
    })
}

/// Where the copy made before upgrading from `version` goes: `netcrm.db.bak-v5`
/// beside the database, or `netcrm.db.bak-v5.2`, ... when that exists (a copy is
/// never overwritten).
fn upgrade_copy_path(path: &Path, version: i64) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".bak-v{version}"));
    let first = path.with_file_name(&name);
    let mut candidate = first.clone();
    let mut number = 2;
    while candidate.symlink_metadata().is_ok() {
        let mut numbered = name.clone();
        numbered.push(format!(".{number}"));
        candidate = path.with_file_name(numbered);
        number += 1;
    }
    candidate
}

/// Removes the upgrade copies cut short beside the database at `path` (the process
/// making them killed): files named `<name>.bak-v<N>.<pid>.tmp` (or `.bak-v<N>.<M>.`)
/// and SQLite's files beside them, whose process no longer runs. A file whose process runs is
/// left alone: it may be another netcrm's copy in the making. This process makes its
/// copy after, so a file with its id is an earlier process's.
fn remove_dead_copies(path: &Path) {
    let Some(name) = path.file_name().and_then(|name| name.to_str()) else {
        return;
    };
    let dir = path.parent().filter(|dir| !dir.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let Some(pid) = entry.file_name().to_str().and_then(|file| copy_in_making(name, file)) else {
            continue;
        };
        if pid == std::process::id() || !process_runs(pid) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// The files SQLite keeps beside a database while it writes it.
const SQLITE_SIDE_FILES: [&str; 3] = ["-journal", "-wal", "-shm"];

/// The process id in `file` when it names a copy of the database `name` in the making
/// (see [`Store::setup`]): `<name>.bak-v<N>[.<M>].<pid>.tmp`, or one of SQLite's files
/// beside it (`-journal`, `-wal`, `-shm`).
fn copy_in_making(name: &str, file: &str) -> Option<u32> {
    let rest = file.strip_prefix(name)?.strip_prefix(".bak-v")?;
    let rest = SQLITE_SIDE_FILES.iter().find_map(|side| rest.strip_suffix(side)).unwrap_or(rest);
    let rest = rest.strip_suffix(".tmp")?;
    let numbers: Vec<&str> = rest.split('.').collect();
    let numeric = numbers.iter().all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    if !numeric || !(2..=3).contains(&numbers.len()) {
        return None;
    }
    numbers.last()?.parse().ok()
}

/// Whether process `pid` runs (`kill(pid, 0)`): when that cannot be told, it is taken
/// to run, so that its files are kept.
fn process_runs(pid: u32) -> bool {
    let Some(pid) = i32::try_from(pid).ok().and_then(rustix::process::Pid::from_raw) else {
        return true;
    };
    !matches!(rustix::process::test_kill_process(pid), Err(rustix::io::Errno::SRCH))
}

/// Whether this process may write the file at `path` (opening it for writing, which
/// changes nothing).
fn may_write(path: &Path) -> Result<bool> {
    match OpenOptions::new().read(true).write(true).open(path) {
        Ok(_) => Ok(true),
        Err(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem
            ) =>
        {
            // Readable at least? Otherwise say it cannot be read.
            fs::File::open(path)
                .map_err(|e| Error::io(format!("cannot read database {}", path.display()), e))?;
            Ok(false)
        }
        Err(e) => Err(Error::io(format!("cannot open database {}", path.display()), e)),
    }
}

/// Why the database at `path` cannot be written: [`Error::LogNotWritable`] when the
/// file may be written but its `-wal` or `-shm` beside it may not (left by another
/// program, or by a netcrm run as another user), else [`Error::ReadOnly`] (the file's
/// permissions or its folder's).
pub fn read_only_error(path: &Path) -> Error {
    if may_write(path).unwrap_or(false) {
        for suffix in ["-wal", "-shm"] {
            let file = file::beside(path, suffix);
            let blocked = OpenOptions::new().read(true).write(true).open(&file).is_err_and(|e| {
                matches!(
                    e.kind(),
                    std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem
                )
            });
            if blocked {
                return Error::LogNotWritable { path: path.to_path_buf(), file };
            }
        }
    }
    Error::ReadOnly { path: path.to_path_buf() }
}

/// Whether SQLite refused a write because a row would point at one that is not there
/// (a foreign key): a restore names the record then, which SQLite does not.
pub fn is_foreign_key_failure(error: &Error) -> bool {
    matches!(error, Error::Database(rusqlite::Error::SqliteFailure(e, _))
        if e.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY)
}

/// `error` naming the database at `path` when SQLite reported it without: a lock held
/// too long by another program, a file that cannot be written, a full disk (or a
/// file-size limit), a failing one ([`Error::about_database`]).
pub(crate) fn about_database(error: Error, path: &Path) -> Error {
    let code = match &error {
        Error::Database(e) => e.sqlite_error_code(),
        _ => None,
    };
    match code {
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => {
            Error::Locked { path: path.to_path_buf() }
        }
        Some(ErrorCode::ReadOnly) => read_only_error(path),
        Some(ErrorCode::DiskFull) => Error::DiskFull { path: path.to_path_buf() },
        Some(ErrorCode::SystemIoFailure) => Error::DiskIo { path: path.to_path_buf() },
        _ => error,
    }
}

/// Whether SQLite failed because the file or its folder cannot be written.
fn is_read_only(error: &rusqlite::Error) -> bool {
    matches!(error.sqlite_error_code(), Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen))
}

/// Ids as a JSON array, for `... IN (SELECT value FROM json_each(?))`: one parameter
/// whatever their number.
fn id_list(ids: &[i64]) -> String {
    format!("[{}]", ids.iter().map(i64::to_string).collect::<Vec<_>>().join(","))
}

/// `path` as the path of a `file:` URI: `%`, `?` and `#` escaped.
fn uri_path(path: &Path) -> String {
    let text = path.to_string_lossy();
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' | '?' | '#' => out.push_str(&format!("%{:02X}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// `casefold(text)`: Unicode lower case for case-insensitive matching (SQLite's own
/// `lower` and `NOCASE` know only ASCII); `name_key(text)`: a name as `dupes` and
/// CONTACT arguments compare names; `linkedin_key(url)`: a LinkedIn URL as imports
/// compare them; `phone_digits(phone)`: a phone number as `dupes` compares them.
fn register_functions(conn: &Connection) -> rusqlite::Result<()> {
    let flags = FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC;
    conn.create_scalar_function("casefold", 1, flags, |ctx| {
        let text: Option<String> = ctx.get(0)?;
        Ok(text.map(|text| fold(&text)))
    })?;
    conn.create_scalar_function("name_key", 1, flags, |ctx| {
        let text: Option<String> = ctx.get(0)?;
        Ok(text.map(|text| crate::text::name_key_without_accents(&text)))
    })?;
    conn.create_scalar_function("linkedin_key", 1, flags, |ctx| {
        let text: Option<String> = ctx.get(0)?;
        Ok(text.map(|text| crate::text::linkedin_key(&text)))
    })?;
    conn.create_scalar_function("phone_digits", 1, flags, |ctx| {
        let text: Option<String> = ctx.get(0)?;
        Ok(text.map(|text| crate::text::phone_digits(&text)))
    })?;
    undo::register_functions(conn)
}

/// Creates an empty file readable by its owner only (contacts are personal data);
/// SQLite gives its `-wal` and `-shm` files the same mode. The folders it makes for it
/// are private too (0700, as the XDG spec asks of data folders), whatever the umask;
/// folders that exist are left as they are.
fn create_private_file(path: &Path) -> Result<()> {
    if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
        files::create_private_dirs(dir)
            .map_err(|e| Error::io(format!("cannot create folder {}", dir.display()), e))?;
    }
    match files::create_new_private(path) {
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
            conn.pragma_update(None, "application_id", migrations::APPLICATION_ID).unwrap();
        }
        let before = fs::read(&path).unwrap();
        let err = Store::open(&path).err().unwrap();
        assert!(matches!(err, Error::SchemaTooNew { found, .. } if found == SCHEMA_VERSION + 1));
        assert_eq!(fs::read(&path).unwrap(), before);
    }

    /// netcrm 0.1 kept its undo triggers in the file; they are now made for each
    /// connection that writes, and the stored ones are dropped on opening.
    #[test]
    fn undo_triggers_stored_by_an_older_netcrm_are_dropped_and_writes_still_recorded() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        Store::open(&path).unwrap();
        let stored = |conn: &Connection| -> i64 {
            conn.query_row(
                "SELECT count(*) FROM main.sqlite_master WHERE type = 'trigger' AND name LIKE 'undo\\_%' ESCAPE '\\'",
                [],
                |r| r.get(0),
            )
                .unwrap()
        };
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch(
                "CREATE TRIGGER undo_contacts_insert AFTER INSERT ON contacts BEGIN SELECT 1; END;
                 UPDATE undo_state SET triggers_version = 8;",
            )
            .unwrap();
            assert_eq!(stored(&conn), 1);
        }
        let mut store = Store::open(&path).unwrap();
        assert_eq!(stored(&store.conn), 0);
        let read: i64 = store
            .read(|db| Ok(db.conn.query_row("SELECT count(*) FROM temp.sqlite_master", [], |r| r.get(0))?))
            .unwrap();
        assert_eq!(read, 0, "a connection that only reads makes no triggers");
        store
            .write(|db| {
                db.conn
                    .execute("INSERT INTO contacts (name, created_at) VALUES ('Ada', '2026-11-22')", [])?;
                Ok(())
            })
            .unwrap();
        let logged: i64 = store.conn.query_row("SELECT count(*) FROM undo_log", [], |r| r.get(0)).unwrap();
        assert_eq!(logged, 1);
    }

    #[test]
    fn the_copy_before_an_upgrade_never_overwrites_one() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("netcrm.db");
        assert_eq!(upgrade_copy_path(&db, 5), dir.path().join("netcrm.db.bak-v5"));
        fs::write(dir.path().join("netcrm.db.bak-v5"), "").unwrap();
        assert_eq!(upgrade_copy_path(&db, 5), dir.path().join("netcrm.db.bak-v5.2"));
        fs::write(dir.path().join("netcrm.db.bak-v5.2"), "").unwrap();
        assert_eq!(upgrade_copy_path(&db, 5), dir.path().join("netcrm.db.bak-v5.3"));
    }

    #[test]
    fn copies_in_the_making_are_told_by_their_name() {
        assert_eq!(copy_in_making("netcrm.db", "netcrm.db.bak-v5.123.tmp"), Some(123));
        assert_eq!(copy_in_making("netcrm.db", "netcrm.db.bak-v5.2.123.tmp"), Some(123));
        assert_eq!(copy_in_making("netcrm.db", "netcrm.db.bak-v5.123.tmp-journal"), Some(123));
        assert_eq!(copy_in_making("netcrm.db", "netcrm.db.bak-v6.32328.tmp-shm"), Some(32328));
        assert_eq!(copy_in_making("netcrm.db", "netcrm.db.bak-v6.32328.tmp-wal"), Some(32328));
        for other in [
            "netcrm.db.bak-v5",
            "netcrm.db.bak-v5.2",
            "netcrm.db.bak-v5.123.tmp.old",
            "netcrm.db.bak-v5..tmp",
            "netcrm.db.bak-v.123.tmp",
            "netcrm.db.bak-v5.1.2.123.tmp",
            "netcrm.db.bak-v5.x123.tmp",
            "other.db.bak-v5.123.tmp",
            "netcrm.db.123.tmp",
            ".netcrm.db.123.tmp",
        ] {
            assert_eq!(copy_in_making("netcrm.db", other), None, "{other}");
        }
        assert!(process_runs(std::process::id()));
    }

    #[test]
    fn writes_to_a_read_only_copy_are_refused_but_derived_data_may_be_stored() {
        let mut store = Store::open_in_memory().unwrap();
        store.read_only = true;
        let insert = |db: &Db| -> Result<()> {
            db.conn.execute("INSERT INTO settings VALUES ('k', 'v')", [])?;
            Ok(())
        };
        assert!(matches!(store.write(insert), Err(Error::ReadOnly { .. })));
        assert!(matches!(store.write_unrecorded(insert), Err(Error::ReadOnly { .. })));
        assert!(matches!(store.checkpoint(), Err(Error::ReadOnly { .. })));
        store.write_derived(insert).unwrap();
    }

    /// A real full disk cannot be made in a test; SQLite reports reaching
    /// `max_page_count` with the same SQLITE_FULL.
    #[test]
    fn a_full_disk_is_reported_naming_the_database() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("netcrm.db");
        let mut store = Store::open(&path).unwrap();
        let pages: i64 = store.conn.query_row("PRAGMA page_count", [], |r| r.get(0)).unwrap();
        store.conn.pragma_update(None, "max_page_count", pages + 2).unwrap();
        let error = store
            .write(|db| {
                let notes = "x".repeat(100_000);
                db.conn.execute(
                    "INSERT INTO contacts (name, notes, created_at) VALUES ('Ada', ?1, '2026-11-22')",
                    [notes],
                )?;
                Ok(())
            })
            .unwrap_err();
        let code = match &error {
            Error::Database(e) => e.sqlite_error_code(),
            _ => None,
        };
        assert_eq!(code, Some(ErrorCode::DiskFull), "{error:?}");
        let error = error.about_database(&path);
        assert!(matches!(error, Error::DiskFull { .. }), "{error:?}");
        let text = error.to_string();
        assert!(text.contains(&path.display().to_string()) && text.contains("disk is full"), "{text}");
        let count: i64 = store.conn.query_row("SELECT count(*) FROM contacts", [], |r| r.get(0)).unwrap();
        assert_eq!(count, 0);
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
