//! The folders a sync works on and the lock that serialises syncs: which folder (given
//! or remembered, resolved), the temporary files a killed sync left there, and the
//! advisory lock beside the database that one sync holds while it reads and writes.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Where the contacts folder is remembered (bookkeeping: undo leaves it alone).
pub const CONTACTS_DIR: &str = "sync-contacts";

/// How many changes to what cards say the last contacts sync left behind
/// ([`crate::store::Db::card_changes`]): none since, and no file changed, is nothing
/// to do (bookkeeping: undo leaves it alone).
pub const CONTACTS_CHANGES: &str = "sync-contacts-changes";

/// Where the tasks folder is remembered (bookkeeping: undo leaves it alone).
pub const TASKS_DIR: &str = "sync-tasks";

/// How long a sync waits for another one to finish before it refuses: as long as a
/// write waits for another program's hold on the database.
const LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

/// How often a waiting sync tries the lock again.
const LOCK_RETRY: std::time::Duration = std::time::Duration::from_millis(20);

/// The `what` folder (contacts or tasks) to sync with, and whether it was `given` on
/// the command line (else the `remembered` one is used), if any: absolute, with
/// symbolic links resolved, so that it names the same folder wherever netcrm runs
/// next. It must exist. A remembered relative path (kept by an older netcrm, relative
/// to wherever that ran) is refused: resolved elsewhere, it could name another folder.
pub fn resolve(
    what: &'static str,
    given: Option<PathBuf>,
    remembered: Option<String>,
) -> Result<Option<(PathBuf, bool)>> {
    let (path, given) = match (given, remembered) {
        (Some(path), _) => (path, true),
        (None, Some(text)) => (PathBuf::from(text), false),
        (None, None) => return Ok(None),
    };
    if !given && path.is_relative() {
        return Err(Error::SyncFolderRelative { what, path });
    }
    let missing =
        |problem| Error::SyncFolderMissing { what, path: path.clone(), remembered: !given, problem };
    let absolute = match std::fs::canonicalize(&path) {
        Ok(absolute) => absolute,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(missing("does not exist")),
        Err(e) => return Err(Error::io(format!("cannot sync with {}", path.display()), e)),
    };
    if !absolute.is_dir() {
        return Err(missing("is not a folder"));
    }
    Ok(Some((absolute, given)))
}

/// Removes from `dir` the temporary files that netcrm's atomic writes of the files
/// `ours` names leave when the process is killed, and only those: named
/// `.<name>.<pid>.tmp` (see [`write_private_with`]), by a process no longer running.
///
/// [`write_private_with`]: crate::files::write_private_with
pub fn remove_leftovers(dir: &Path, ours: impl Fn(&str) -> bool) -> Result<()> {
    let context = || format!("cannot read the folder {}", dir.display());
    for entry in std::fs::read_dir(dir).map_err(|e| Error::io(context(), e))? {
        let path = entry.map_err(|e| Error::io(context(), e))?.path();
        let Some((name, pid)) = path.file_name().and_then(|n| n.to_str()).and_then(leftover_of) else {
            continue;
        };
        if !ours(name) || running(pid) {
            continue;
        }
        match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(Error::io(format!("cannot remove {}", path.display()), e));
            }
            _ => {}
        }
    }
    Ok(())
}

/// The name of the file a temporary file of `write_private_with` was for, and the id
/// of the process that wrote it: `.<name>.<pid>.tmp`.
fn leftover_of(temporary: &str) -> Option<(&str, u32)> {
    let (name, pid) = temporary.strip_prefix('.')?.strip_suffix(".tmp")?.rsplit_once('.')?;
    if name.is_empty() || pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((name, pid.parse().ok()?))
}

/// Whether the process `pid` is running (this one included). Without `/proc` it
/// cannot be told, and no other sync can be writing (the lock is held): not running.
fn running(pid: u32) -> bool {
    pid == std::process::id()
        || (Path::new("/proc/self").exists() && Path::new(&format!("/proc/{pid}")).exists())
}

/// The sync lock of the database at `db`: an advisory lock on `<db>.sync-lock` beside
/// it (mode 0600, never the database itself, whose SQLite locks a second descriptor
/// on the file could drop), held until the returned file is dropped, the process's
/// end included. Another sync holding it is waited for, at most 5 s (`LOCK_WAIT`).
pub fn lock(db: &Path) -> Result<std::fs::File> {
    let mut name = db.file_name().unwrap_or_default().to_os_string();
    name.push(".sync-lock");
    let path = db.with_file_name(name);
    let failed = |e| Error::io(format!("cannot lock {}", path.display()), e);
    let file = crate::files::open_private(&path).map_err(failed)?;
    let deadline = std::time::Instant::now() + LOCK_WAIT;
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(file),
            Err(std::fs::TryLockError::WouldBlock) if std::time::Instant::now() < deadline => {
                std::thread::sleep(LOCK_RETRY);
            }
            Err(std::fs::TryLockError::WouldBlock) => return Err(Error::SyncLocked { lock: path }),
            Err(std::fs::TryLockError::Error(e)) => return Err(failed(e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_temporary_files_of_atomic_writes_are_told_apart_from_others() {
        // The name `write_private_with` gives its temporary file, seen while it writes.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("netcrm-contact-1.vcf");
        let seen = crate::files::write_private_with(&path, |_, _| {
            let names: Vec<String> = std::fs::read_dir(dir.path())
                .unwrap()
                .map(|e| e.unwrap().file_name().into_string().unwrap())
                .collect();
            Ok(names)
        })
        .unwrap();
        assert_eq!(seen.len(), 1);
        assert_eq!(leftover_of(&seen[0]), Some(("netcrm-contact-1.vcf", std::process::id())));
        assert_eq!(leftover_of(".thank-you-1@netcrm.ics.42.tmp"), Some(("thank-you-1@netcrm.ics", 42)));
        for other in [
            "netcrm-contact-1.vcf",
            "netcrm-contact-1.vcf.42.tmp",
            ".netcrm-contact-1.vcf.tmp",
            ".netcrm-contact-1.vcf.4x2.tmp",
            "..42.tmp",
            ".42.tmp",
            ".___atomicwrite.tmp",
            ".a.99999999999999999999.tmp",
        ] {
            assert_eq!(leftover_of(other), None, "{other}");
        }
    }

    #[test]
    fn this_process_is_running() {
        assert!(running(std::process::id()));
    }
}
