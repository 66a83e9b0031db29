//! Private files: made readable by their owner only (contacts are personal data), and
//! written whole or not at all (a temporary file renamed over the target). Every
//! permission bit netcrm sets is set here, under `cfg(unix)`; elsewhere files get the
//! platform's defaults. Knows nothing of what the files hold: no database, no formats.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Creates a new file at `path` readable and writable by its owner only (0600); an
/// error when something is there already.
pub fn create_new_private(path: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

/// Opens the file at `path` for writing, creating it readable and writable by its
/// owner only (0600) when it is not there; a file that is there is neither truncated
/// nor changed in mode.
pub fn open_private(path: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

/// Creates the folder `dir` and those above it that are missing, private to their
/// owner (0700, as the XDG spec asks of data folders) whatever the umask; folders
/// that exist are left as they are.
pub fn create_private_dirs(dir: &Path) -> std::io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

/// Makes `target` through `temporary`, whole or not at all: `make` writes a new
/// private file at `temporary` (created here, refused when something is there), which
/// is then renamed over `target`. Once the temporary file is made, any failure
/// removes it. `failed` is the error of a failure to create or rename.
pub fn replace_private<T>(
    temporary: &Path,
    target: &Path,
    make: impl FnOnce(File) -> Result<T>,
    failed: impl Fn(std::io::Error) -> Error,
) -> Result<T> {
    let file = create_new_private(temporary).map_err(&failed)?;
    let result = make(file).and_then(|value| {
        fs::rename(temporary, target).map_err(&failed)?;
        Ok(value)
    });
    if result.is_err() {
        let _ = fs::remove_file(temporary);
    }
    result
}

/// The temporary file [`write_private_with`] writes before renaming it over `path`:
/// `.<name>.<pid>.tmp` beside it (hidden, and telling which process made it).
pub fn temporary_of(path: &Path) -> Option<PathBuf> {
    let name = path.file_name()?;
    Some(path.with_file_name(format!(".{}.{}.tmp", name.to_string_lossy(), std::process::id())))
}

/// Writes `bytes` to `path` readable by the owner only (it is personal data), through
/// a temporary file renamed over it, so a failure never leaves half a file.
pub fn write_private(path: &Path, bytes: &[u8]) -> Result<()> {
    write_private_with(path, |file, failed| file.write_all(bytes).map_err(failed))
}

/// Runs `write` into a new file readable by the owner only, renamed over `path` once
/// written and synced: a failure, of the writing or of `write` itself, never leaves
/// half a file. `write` is given what a write error is.
pub fn write_private_with<T>(
    path: &Path,
    write: impl FnOnce(&mut dyn Write, &dyn Fn(std::io::Error) -> Error) -> Result<T>,
) -> Result<T> {
    let context = || format!("cannot write {}", path.display());
    let failed = |e| Error::io(context(), e);
    let temporary = temporary_of(path).ok_or_else(|| failed(std::io::Error::other("not a file name")))?;
    let make = |file: File| {
        let mut buffered = std::io::BufWriter::new(file);
        let value = write(&mut buffered, &failed)?;
        let file = buffered.into_inner().map_err(|e| failed(e.into_error()))?;
        file.sync_all().map_err(failed)?;
        Ok(value)
    };
    replace_private(&temporary, path, make, failed)
}

/// Writes many files as [`write_private`] writes one (private, through a temporary
/// file renamed over each, never half a file), with one flush to the disk for all of
/// them instead of one per file: every temporary file is written, then the file system
/// is synced once (`syncfs` on Linux; elsewhere each file), then each is renamed over
/// its target and the folders synced. A failure before the renames removes the
/// temporary files and leaves every target as it was; one during them leaves the
/// files renamed so far (each whole) and removes the rest. For a sync writing
/// thousands of cards: a flush per file costs about a millisecond each.
pub fn write_private_all(files: &[(PathBuf, &[u8])]) -> Result<()> {
    // The temporary files made, and how many of them were renamed over their target.
    let mut written: Vec<(&Path, PathBuf)> = Vec::with_capacity(files.len());
    let mut renamed = 0;
    let result = (|| {
        for (path, bytes) in files {
            let failed = |e| Error::io(format!("cannot write {}", path.display()), e);
            let temporary =
                temporary_of(path).ok_or_else(|| failed(std::io::Error::other("not a file name")))?;
            let mut file = create_new_private(&temporary).map_err(failed)?;
            written.push((path, temporary));
            file.write_all(bytes).map_err(failed)?;
        }
        let folders: std::collections::BTreeSet<&Path> =
            files.iter().filter_map(|(path, _)| path.parent()).collect();
        sync_files(&folders, written.iter().map(|(_, temporary)| temporary.as_path()))?;
        for (path, temporary) in &written {
            fs::rename(temporary, path)
                .map_err(|e| Error::io(format!("cannot write {}", path.display()), e))?;
            renamed += 1;
        }
        for folder in folders {
            // Where the file system cannot sync a folder, the files are there anyway.
            let _ = File::open(folder).and_then(|f| f.sync_all());
        }
        Ok(())
    })();
    for (_, temporary) in &written[renamed..] {
        let _ = fs::remove_file(temporary);
    }
    result
}

/// Below this many files, each is flushed on its own: `syncfs` flushes everything
/// waiting on the file system, which on a busy machine (a build writing) can take
/// longer than a few hundred flushes of a millisecond.
const ONE_FLUSH_FROM: usize = 200;

/// Flushes the `temporary` files in `folders` to the disk: on Linux, from
/// [`ONE_FLUSH_FROM`] files, with one `syncfs` of each folder's file system, else file
/// by file.
fn sync_files<'a>(
    folders: &std::collections::BTreeSet<&Path>,
    temporary: impl ExactSizeIterator<Item = &'a Path>,
) -> Result<()> {
    if cfg!(target_os = "linux") && temporary.len() >= ONE_FLUSH_FROM {
        return sync_file_systems(folders);
    }
    for path in temporary {
        File::open(path)
            .and_then(|f| f.sync_all())
            .map_err(|e| Error::io(format!("cannot write {}", path.display()), e))?;
    }
    Ok(())
}

/// One `syncfs` of the file system of each of `folders`.
#[cfg(target_os = "linux")]
fn sync_file_systems(folders: &std::collections::BTreeSet<&Path>) -> Result<()> {
    for folder in folders {
        let failed = |e| Error::io(format!("cannot write in {}", folder.display()), e);
        let handle = File::open(folder).map_err(failed)?;
        rustix::fs::syncfs(&handle).map_err(|e| failed(e.into()))?;
    }
    Ok(())
}

/// Never called elsewhere than on Linux ([`sync_files`] asks for it there only).
#[cfg(not(target_os = "linux"))]
fn sync_file_systems(_folders: &std::collections::BTreeSet<&Path>) -> Result<()> {
    Ok(())
}

/// What `stat` says of a file, enough to tell that it was not replaced or changed:
/// its size, modification time (nanoseconds since the epoch) and inode number (0
/// where there is none).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileStat {
    pub size: u64,
    pub mtime_ns: i64,
    pub inode: u64,
}

/// The [`FileStat`] of `path` (following symbolic links).
pub fn stat(path: &Path) -> std::io::Result<FileStat> {
    fs::metadata(path).map(|meta| FileStat::of(&meta))
}

impl FileStat {
    /// What `meta` says.
    pub fn of(meta: &fs::Metadata) -> FileStat {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            FileStat {
                size: meta.len(),
                mtime_ns: meta.mtime().saturating_mul(1_000_000_000).saturating_add(meta.mtime_nsec()),
                inode: meta.ino(),
            }
        }
        #[cfg(not(unix))]
        {
            let mtime_ns = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX));
            FileStat { size: meta.len(), mtime_ns, inode: 0 }
        }
    }
}

/// Puts `bytes` into the Maildir `dir` as a message with the flags `flags` (`D` for a
/// draft): creates `dir` with `cur/`, `new/` and `tmp/` (private) when they are
/// missing, writes `tmp/<unique>` and syncs it, then renames it to
/// `cur/<unique>:2,<flags>`, as the Maildir convention asks, so that a mail client
/// never reads half a message. `unique` is made unique here (`unique.1`, `unique.2`,
/// ...) when a file of that name is there. Returns the message's path.
pub fn put_in_maildir(dir: &Path, unique: &str, flags: &str, bytes: &[u8]) -> Result<PathBuf> {
    let failed = |what: &Path, e| Error::io(format!("cannot write {}", what.display()), e);
    for sub in ["cur", "new", "tmp"] {
        create_private_dirs(&dir.join(sub)).map_err(|e| failed(&dir.join(sub), e))?;
    }
    let mut name = unique.to_string();
    let mut attempt = 0;
    loop {
        let (temporary, target) =
            (dir.join("tmp").join(&name), dir.join("cur").join(format!("{name}:2,{flags}")));
        if !target.exists() {
            match create_new_private(&temporary) {
                Ok(file) => {
                    let written = write_synced(file, bytes).and_then(|()| fs::rename(&temporary, &target));
                    if let Err(e) = written {
                        let _ = fs::remove_file(&temporary);
                        return Err(failed(&target, e));
                    }
                    return Ok(target);
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(failed(&temporary, e)),
            }
        }
        attempt += 1;
        name = format!("{unique}.{attempt}");
    }
}

/// Writes `bytes` into `file` and syncs it to the disk.
fn write_synced(mut file: File, bytes: &[u8]) -> std::io::Result<()> {
    file.write_all(bytes)?;
    file.sync_all()
}

#[cfg(test)]
#[cfg(unix)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    fn mode(path: &Path) -> u32 {
        fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn files_and_folders_made_here_are_private() {
        let dir = tempfile::tempdir().unwrap();
        let nested = dir.path().join("a/b");
        create_private_dirs(&nested).unwrap();
        assert_eq!(mode(&dir.path().join("a")), 0o700);
        assert_eq!(mode(&nested), 0o700);
        create_new_private(&nested.join("new")).unwrap();
        assert_eq!(mode(&nested.join("new")), 0o600);
        assert!(create_new_private(&nested.join("new")).is_err(), "never over a file that is there");
        write_private(&nested.join("written"), b"text").unwrap();
        assert_eq!(mode(&nested.join("written")), 0o600);
        assert_eq!(fs::read(nested.join("written")).unwrap(), b"text");
    }

    #[test]
    fn a_message_put_in_a_maildir_is_in_cur_with_its_flags_and_never_over_another() {
        let dir = tempfile::tempdir().unwrap();
        let maildir = dir.path().join("Mail/Drafts");
        let first = put_in_maildir(&maildir, "1764000000.P7.netcrm", "D", b"one").unwrap();
        assert_eq!(first, maildir.join("cur/1764000000.P7.netcrm:2,D"));
        assert_eq!(fs::read(&first).unwrap(), b"one");
        for sub in ["cur", "new", "tmp"] {
            assert_eq!(mode(&maildir.join(sub)), 0o700, "{sub}");
        }
        assert_eq!(mode(&first), 0o600);
        // The same unique name again: another file, the first kept.
        let second = put_in_maildir(&maildir, "1764000000.P7.netcrm", "D", b"two").unwrap();
        assert_eq!(second, maildir.join("cur/1764000000.P7.netcrm.1:2,D"));
        assert_eq!(fs::read(&first).unwrap(), b"one");
        assert_eq!(fs::read_dir(maildir.join("tmp")).unwrap().count(), 0, "nothing left in tmp/");
    }

    #[test]
    fn a_failed_write_leaves_the_target_as_it_was_and_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        fs::write(&path, "before").unwrap();
        let failed = write_private_with(&path, |file, failed| {
            file.write_all(b"half").map_err(failed)?;
            Err::<(), _>(Error::Usage("stopped".into()))
        });
        assert!(failed.is_err());
        assert_eq!(fs::read_to_string(&path).unwrap(), "before");
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, ["out.txt"]);
    }

    #[test]
    fn many_files_are_written_whole_and_private_or_none_is() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.vcf"), dir.path().join("b.vcf"));
        fs::write(&a, "old").unwrap();
        write_private_all(&[(a.clone(), b"new a"), (b.clone(), b"new b")]).unwrap();
        assert_eq!(fs::read(&a).unwrap(), b"new a");
        assert_eq!(fs::read(&b).unwrap(), b"new b");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(fs::metadata(&b).unwrap().permissions().mode() & 0o777, 0o600);
        }
        // One that cannot be written (its folder is missing): none is, and no
        // temporary file is left.
        let missing = dir.path().join("no such folder").join("c.vcf");
        assert!(write_private_all(&[(a.clone(), b"newer a"), (missing, b"c")]).is_err());
        assert_eq!(fs::read(&a).unwrap(), b"new a");
        let mut names: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        assert_eq!(names, ["a.vcf", "b.vcf"]);
    }

    #[test]
    fn many_files_at_once_take_one_flush_and_are_all_there() {
        let dir = tempfile::tempdir().unwrap();
        let files: Vec<(PathBuf, Vec<u8>)> = (0..ONE_FLUSH_FROM + 1)
            .map(|i| (dir.path().join(format!("{i}.vcf")), format!("card {i}").into_bytes()))
            .collect();
        let given: Vec<(PathBuf, &[u8])> = files.iter().map(|(p, b)| (p.clone(), b.as_slice())).collect();
        write_private_all(&given).unwrap();
        for (path, bytes) in &files {
            assert_eq!(&fs::read(path).unwrap(), bytes);
        }
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), files.len(), "no temporary file left");
    }
}
