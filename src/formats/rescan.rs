//! What of a Maildir or an mbox may have changed since `scan` read it, told from the
//! file system alone (DESIGN.md "netcrm scan"): beside [`super::mail`], which reads
//! what this says to. Reads metadata, folder listings and an mbox's first and last
//! blocks; never the database, clock or terminal.
//!
//! A Maildir's messages are files that are never changed, only added, removed, or
//! renamed (from new/ to cur/, gaining flags after `:2,`; the unique part before it
//! stays): a Maildir whose cur/ and new/ have the modification times seen before is
//! not even listed, and in one that changed only the files whose unique part was not
//! seen are read. An mbox only grows at its end: one the same size with the same
//! modification time is not read, one that grew is read from where the last scan
//! stopped when what it read then is still there (the same first and last 4 KiB),
//! and any other is read whole.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::files;
use crate::model::ScannedMail;

/// How many bytes at each end of what was read make an mbox's fingerprint.
const FINGERPRINT_BLOCK: u64 = 4096;

/// What to read of a Maildir.
#[derive(Debug)]
pub struct MaildirPlan {
    /// The message files to read: cur/'s, then new/'s, each in name order.
    pub read: Vec<PathBuf>,
    /// How many of its messages were read before.
    pub unchanged: usize,
    /// What to keep for the next scan: cur/'s and new/'s modification times (`None`
    /// when missing or too recent to trust), and every message's unique name hashed,
    /// sorted.
    pub mtimes: [Option<i64>; 2],
    pub names: Vec<u64>,
}

/// The unique part of a Maildir file name: what comes before its flags (`:2,S`, or
/// `;2,S` where `:` cannot be in a file name).
pub fn unique(name: &str) -> &str {
    name.split([':', ';']).next().unwrap_or(name)
}

/// What to read of the Maildir `dir`, given what was kept of it when that still
/// counts (`earlier`); `trusted` says whether a folder's modification time is old
/// enough that a file added in the same instant cannot hide behind it.
pub fn maildir(
    dir: &Path,
    earlier: Option<&ScannedMail>,
    trusted: impl Fn(i64) -> bool,
) -> Result<MaildirPlan> {
    let mtime = |sub: &str| files::stat(&dir.join(sub)).ok().map(|s| s.mtime_ns);
    let seen = [mtime("cur"), mtime("new")];
    let kept = seen.map(|m| m.filter(|m| trusted(*m)));
    if let Some(earlier) = earlier
        && earlier.mtimes.iter().all(Option::is_some)
        && earlier.mtimes == seen
    {
        return Ok(MaildirPlan {
            read: Vec::new(),
            unchanged: earlier.messages,
            mtimes: kept,
            names: earlier.names.clone(),
        });
    }
    let mut listed = false;
    let mut files: Vec<(PathBuf, u64)> = Vec::new();
    for sub in ["cur", "new"] {
        let Ok(entries) = std::fs::read_dir(dir.join(sub)) else { continue };
        listed = true;
        let mut here = Vec::new();
        for entry in entries {
            let entry =
                entry.map_err(|e| Error::io(format!("cannot read {}", dir.join(sub).display()), e))?;
            let name = entry.file_name();
            let name = name.to_string_lossy();
            // Maildir tools keep dot files (`.uidvalidity`, `.mh_sequences`) beside messages.
            if name.starts_with('.') || !entry.file_type().is_ok_and(|t| t.is_file()) {
                continue;
            }
            here.push((entry.path(), hash(unique(&name).as_bytes())));
        }
        here.sort();
        files.extend(here);
    }
    if !listed {
        return Err(Error::io(
            format!("cannot read {} as a Maildir", dir.display()),
            std::io::Error::new(std::io::ErrorKind::NotFound, "it has no cur/ or new/ folder"),
        ));
    }
    let before: &[u64] = earlier.map_or(&[], |e| &e.names);
    let mut read = Vec::new();
    let mut unchanged = 0;
    let mut names = Vec::with_capacity(files.len());
    for (path, name) in files {
        if before.binary_search(&name).is_ok() {
            unchanged += 1;
        } else {
            read.push(path);
        }
        names.push(name);
    }
    names.sort_unstable();
    names.dedup();
    Ok(MaildirPlan { read, unchanged, mtimes: kept, names })
}

/// What to read of an mbox: the bytes from `from` to `to` (its size when looked at).
#[derive(Debug, PartialEq, Eq)]
pub struct MboxPlan {
    pub from: u64,
    pub to: u64,
    /// How many messages there are before `from` (read before).
    pub unchanged: usize,
    /// Its modification time when looked at.
    pub mtime: i64,
}

/// What to read of the mbox at `path`, given what was kept of it when that still
/// counts (`earlier`).
pub fn mbox(path: &Path, earlier: Option<&ScannedMail>) -> Result<MboxPlan> {
    let context = || format!("cannot read {}", path.display());
    let stat = files::stat(path).map_err(|e| Error::io(context(), e))?;
    let whole = MboxPlan { from: 0, to: stat.size, unchanged: 0, mtime: stat.mtime_ns };
    let Some((earlier, (size, print))) = earlier.and_then(|e| e.read.map(|read| (e, read))) else {
        return Ok(whole);
    };
    let from_there = MboxPlan { from: size, unchanged: earlier.messages, ..whole };
    if stat.size == size && earlier.mtimes[0] == Some(stat.mtime_ns) {
        return Ok(from_there);
    }
    // Shorter, or the same size but written since: changed in place.
    if stat.size <= size {
        return Ok(whole);
    }
    let same = fingerprint(path, size).map_err(|e| Error::io(context(), e))? == Some(print);
    Ok(if same { from_there } else { whole })
}

/// The fingerprint of an mbox's first `len` bytes (their count, and the first and
/// last 4 KiB of them), when they end a line (a message being
/// appended as they were read would not); `None` when they do not.
pub fn fingerprint(path: &Path, len: u64) -> std::io::Result<Option<u64>> {
    let mut file = File::open(path)?;
    let block = |file: &mut File, at: u64, n: u64| -> std::io::Result<Vec<u8>> {
        file.seek(SeekFrom::Start(at))?;
        let mut bytes = Vec::new();
        file.by_ref().take(n).read_to_end(&mut bytes)?;
        Ok(bytes)
    };
    let head = block(&mut file, 0, len.min(FINGERPRINT_BLOCK))?;
    let tail_len = len.min(FINGERPRINT_BLOCK);
    let tail = block(&mut file, len - tail_len, tail_len)?;
    if u64::try_from(tail.len()).ok() != Some(tail_len) || tail.last().is_some_and(|b| *b != b'\n') {
        return Ok(None);
    }
    let mut bytes = len.to_le_bytes().to_vec();
    bytes.extend_from_slice(&head);
    bytes.extend_from_slice(&tail);
    Ok(Some(hash(&bytes)))
}

/// FNV-1a: stable across builds, unlike std's hasher.
pub fn hash(bytes: &[u8]) -> u64 {
    fnv(0xcbf2_9ce4_8422_2325, bytes)
}

/// FNV-1a, going on from `h` (the hash of what came before).
pub fn fnv(mut h: u64, bytes: &[u8]) -> u64 {
    for byte in bytes {
        h ^= u64::from(*byte);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::model::{MailboxKind, ScanConditions};

    const MBOX: &[u8] = b"From a@x Mon Nov 30 10:00:00 2026\nFrom: a@x\n\nHi\n\n";

    /// What a scan keeps of `path` having read its first `len` bytes (`messages` of them).
    fn kept(path: &Path, len: u64, messages: usize) -> ScannedMail {
        ScannedMail {
            path: path.display().to_string(),
            kind: MailboxKind::Mbox,
            mtimes: [Some(files::stat(path).unwrap().mtime_ns), None],
            read: Some((len, fingerprint(path, len).unwrap().unwrap())),
            names: Vec::new(),
            messages,
            conditions: ScanConditions { mine: 1, changes: 0, since: None, until: None },
        }
    }

    #[test]
    fn an_mbox_that_only_grew_is_read_from_where_the_scan_stopped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mbox");
        std::fs::write(&path, MBOX).unwrap();
        let len = MBOX.len() as u64;
        let earlier = kept(&path, len, 1);
        let plan = mbox(&path, Some(&earlier)).unwrap();
        assert_eq!((plan.from, plan.to, plan.unchanged), (len, len, 1), "nothing new");
        assert_eq!(mbox(&path, None).unwrap().from, 0, "never scanned: whole");

        std::fs::write(&path, [MBOX, MBOX].concat()).unwrap();
        let plan = mbox(&path, Some(&earlier)).unwrap();
        assert_eq!((plan.from, plan.to, plan.unchanged), (len, 2 * len, 1), "appended");
    }

    #[test]
    fn an_mbox_changed_before_where_the_scan_stopped_is_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mbox");
        std::fs::write(&path, MBOX).unwrap();
        let len = MBOX.len() as u64;
        let earlier = kept(&path, len, 1);
        // Grown, but what was read is not there any more.
        std::fs::write(&path, [&MBOX.to_ascii_uppercase()[..], MBOX].concat()).unwrap();
        assert_eq!(mbox(&path, Some(&earlier)).unwrap().from, 0);
        // Shorter.
        std::fs::write(&path, &MBOX[..10]).unwrap();
        assert_eq!(mbox(&path, Some(&earlier)).unwrap().from, 0);
        // The same size, written since.
        let mut moved = earlier.clone();
        moved.mtimes[0] = moved.mtimes[0].map(|m| m - 1);
        std::fs::write(&path, MBOX).unwrap();
        assert_eq!(mbox(&path, Some(&moved)).unwrap().from, 0);
    }

    #[test]
    fn an_mbox_read_while_a_message_was_appended_has_no_fingerprint() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mbox");
        std::fs::write(&path, b"From a@x Mon Nov 30 10:00:00 2026\nFrom: a@").unwrap();
        assert_eq!(fingerprint(&path, 40).unwrap(), None);
        assert!(fingerprint(&path, 0).unwrap().is_some(), "an empty mbox");
    }

    #[test]
    fn a_maildir_lists_only_the_names_not_seen() {
        let dir = tempfile::tempdir().unwrap();
        for sub in ["cur", "new", "tmp"] {
            std::fs::create_dir(dir.path().join(sub)).unwrap();
        }
        std::fs::write(dir.path().join("new/1.a.host"), "From: a@x\n\n").unwrap();
        std::fs::write(dir.path().join("cur/2.b.host:2,S"), "From: b@x\n\n").unwrap();
        let first = maildir(dir.path(), None, |_| true).unwrap();
        assert_eq!((first.read.len(), first.unchanged), (2, 0));
        let earlier = ScannedMail {
            path: String::new(),
            kind: MailboxKind::Maildir,
            mtimes: first.mtimes,
            read: None,
            names: first.names.clone(),
            messages: 2,
            conditions: ScanConditions { mine: 1, changes: 0, since: None, until: None },
        };
        // Moved from new/ to cur/ and flagged, and one arrived.
        std::fs::rename(dir.path().join("new/1.a.host"), dir.path().join("cur/1.a.host:2,RS")).unwrap();
        std::fs::write(dir.path().join("new/3.c.host"), "From: c@x\n\n").unwrap();
        let plan = maildir(dir.path(), Some(&earlier), |_| true).unwrap();
        assert_eq!(plan.read, [dir.path().join("new/3.c.host")]);
        assert_eq!((plan.unchanged, plan.names.len()), (2, 3));
        // Folders too recent to trust are kept as unknown: listed next time.
        assert_eq!(maildir(dir.path(), None, |_| false).unwrap().mtimes, [None, None]);
    }

    #[test]
    fn the_unique_part_of_a_maildir_name_is_before_its_flags() {
        assert_eq!(unique("1700000000.M1P2.host:2,S"), "1700000000.M1P2.host");
        assert_eq!(unique("1700000000.M1P2.host;2,RS"), "1700000000.M1P2.host");
        assert_eq!(unique("1700000000.M1P2.host"), "1700000000.M1P2.host");
    }
}
