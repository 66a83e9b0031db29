//! The database file as found, before netcrm writes to it: whether it is netcrm's, a
//! new one, or another program's, and how to read it without leaving anything beside
//! it. Nothing here writes to the database.

use std::io::Read;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use super::migrations::{self, APPLICATION_ID, SCHEMA_VERSION, Tables};
use super::{BUSY_TIMEOUT, classify_open_error, is_read_only, uri_path};
use crate::error::{Error, Result};

/// What the file at a database path is, once it is known to be one netcrm may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Identity {
    /// Empty, or an SQLite file with no tables and schema version 0: netcrm makes its
    /// schema there.
    New,
    /// netcrm's: its application id, or (made before netcrm set one) its schema.
    Netcrm,
}

/// The 100-byte header every SQLite file starts with.
const HEADER_LEN: usize = 100;

/// Tells what the file at `path` is, reading it only: an empty file is new; a file
/// that is not SQLite is [`Error::NotADatabase`]; an SQLite file is netcrm's when its
/// header carries netcrm's application id, or, with none (a database made before
/// netcrm set one, or a new one), when its schema version is one netcrm wrote and
/// every table and column netcrm's migrations make up to that version is there.
/// Anything else is another program's: [`Error::ForeignDatabase`].
pub fn identify(path: &Path) -> Result<Identity> {
    let Some(header) = header(path)? else {
        return Ok(Identity::New);
    };
    if !header.starts_with(b"SQLite format 3\0") {
        return Err(Error::NotADatabase { path: path.to_path_buf() });
    }
    let foreign = || Error::ForeignDatabase { path: path.to_path_buf() };
    match i32::from_be_bytes([header[68], header[69], header[70], header[71]]) {
        APPLICATION_ID => return Ok(Identity::Netcrm),
        0 => {}
        _ => return Err(foreign()),
    }
    let (version, found) =
        read_quietly(path, |conn| Ok((migrations::current_version(conn)?, migrations::tables(conn)?)))
            .map_err(|e| classify_open_error(e, path))?;
    if version == 0 && found.is_empty() {
        return Ok(Identity::New);
    }
    if version < 1 {
        return Err(foreign());
    }
    // A newer netcrm sets the id; one that did not would still hold today's tables.
    let expected = migrations::tables_at(version.min(SCHEMA_VERSION))?;
    if holds(&found, &expected) { Ok(Identity::Netcrm) } else { Err(foreign()) }
}

/// Whether `found` has every table of `expected`, each with every one of its columns
/// (other tables and columns are allowed: an older netcrm, or the user, may add some).
fn holds(found: &Tables, expected: &Tables) -> bool {
    expected.iter().all(|(table, columns)| found.get(table).is_some_and(|have| columns.is_subset(have)))
}

/// The file's header: `None` when the file is empty; bytes that are not an SQLite
/// header when it is shorter than one.
fn header(path: &Path) -> Result<Option<Vec<u8>>> {
    let mut bytes = Vec::with_capacity(HEADER_LEN);
    std::fs::File::open(path)
        .and_then(|file| file.take(HEADER_LEN as u64).read_to_end(&mut bytes))
        .map_err(|e| Error::io(format!("cannot read database {}", path.display()), e))?;
    Ok(match bytes.len() {
        0 => None,
        HEADER_LEN => Some(bytes),
        _ => Some(Vec::new()),
    })
}

/// `path` with `suffix` added to its file name (`-wal`, `-shm`).
pub fn beside(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}

/// Runs `f` on a read-only connection to the database at `path` that leaves no file
/// beside it. SQLite makes a `-wal` and a `-shm` to read a database in write-ahead-log
/// mode, even read-only, with the database's mode; a connection that cannot write
/// cannot remove them, and a `-shm` that cannot be written later keeps the database
/// from being written even once it may be. So:
/// - in WAL mode with no `-wal`, no connection has it open and everything is in the
///   file: it is read as immutable, which makes nothing (a writer that opens it
///   meanwhile changes the file only at a checkpoint, once its log has grown);
/// - otherwise (a `-wal` holds recent changes, or no log is used) it is read
///   read-only; a `-shm` SQLite had to make for a `-wal` that had none (a log left
///   by a crash: no connection is using it then) is removed afterwards;
/// - when the log cannot be made or opened (a read-only folder), the file alone is
///   read as immutable: nobody can be writing it then, since nobody can make its log.
pub fn read_quietly<T>(
    path: &Path,
    mut f: impl FnMut(&Connection) -> rusqlite::Result<T>,
) -> rusqlite::Result<T> {
    let wal = beside(path, "-wal").exists();
    let shm = beside(path, "-shm");
    let had_shm = shm.exists();
    let in_wal_mode =
        matches!(header(path), Ok(Some(h)) if h.len() == HEADER_LEN && h[18] == 2 && h[19] == 2);
    let mut read = |uri_options: &str| -> rusqlite::Result<T> {
        let uri = format!("file:{}?{uri_options}", uri_path(path));
        let flags =
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(&uri, flags)?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        f(&conn)
    };
    if in_wal_mode && !wal {
        return read("mode=ro&immutable=1");
    }
    let result = match read("mode=ro") {
        Err(e) if is_read_only(&e) => read("mode=ro&immutable=1"),
        other => other,
    };
    if wal && !had_shm {
        let _ = std::fs::remove_file(&shm);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> =
            std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
        names.sort();
        names
    }

    /// A netcrm database without the application id (as netcrm made them before it),
    /// whose schema is still only in the write-ahead log of an open connection.
    fn unmarked_in_wal(path: &Path) -> Connection {
        let mut conn = Connection::open(path).unwrap();
        let _: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0)).unwrap();
        conn.pragma_update(None, "wal_autocheckpoint", 0).unwrap();
        migrations::migrate(&mut conn).unwrap();
        conn.pragma_update(None, "application_id", 0).unwrap();
        conn
    }

    #[test]
    fn a_database_whose_schema_is_only_in_its_log_is_told_by_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("netcrm.db");
        let _open = unmarked_in_wal(&path);
        let before = names(dir.path());
        assert_eq!(before, ["netcrm.db", "netcrm.db-shm", "netcrm.db-wal"]);
        assert_eq!(identify(&path).unwrap(), Identity::Netcrm);
        assert_eq!(names(dir.path()), before);

        // The same files copied without the `-shm` (a log left by a crash): the `-shm`
        // SQLite makes to read the log is removed.
        let copy = dir.path().join("copy");
        std::fs::create_dir(&copy).unwrap();
        std::fs::copy(&path, copy.join("netcrm.db")).unwrap();
        std::fs::copy(beside(&path, "-wal"), copy.join("netcrm.db-wal")).unwrap();
        assert_eq!(identify(&copy.join("netcrm.db")).unwrap(), Identity::Netcrm);
        assert_eq!(names(&copy), ["netcrm.db", "netcrm.db-wal"]);
    }

    #[test]
    fn files_that_are_not_sqlite_are_not_databases() {
        let dir = tempfile::tempdir().unwrap();
        for bytes in [&b"short"[..], &[b'x'; 4096][..], b"SQLite format 3"] {
            let path = dir.path().join("notes");
            std::fs::write(&path, bytes).unwrap();
            assert!(matches!(identify(&path), Err(Error::NotADatabase { .. })), "{bytes:?}");
        }
        std::fs::write(dir.path().join("empty"), "").unwrap();
        assert_eq!(identify(&dir.path().join("empty")).unwrap(), Identity::New);
    }

    #[test]
    fn extra_tables_and_columns_are_allowed_missing_ones_are_not() {
        let expected = migrations::tables_at(2).unwrap();
        let mut found = expected.clone();
        found.entry("mine".into()).or_default().insert("x".into());
        found.get_mut("contacts").unwrap().insert("extra".into());
        assert!(holds(&found, &expected));
        found.get_mut("settings").unwrap().remove("value");
        assert!(!holds(&found, &expected));
        found.remove("settings");
        assert!(!holds(&found, &expected));
    }
}
