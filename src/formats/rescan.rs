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
pub fn maildir(dir: &Path, earlier: Option<&ScannedMail>, trusted: impl Fn(i64) -> bool) -> Result<MaildirPlan> {
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
            let entry = entry.map_err(|e| Error::io(format!("cannot read {}", dir.join(sub).display()), e))?;
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
/// last [`FINGERPRINT_BLOCK`] of them), when they end a line (a message being
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

    #[test]
    fn the_unique_part_of_a_maildir_name_is_before_its_flags() {
        assert_eq!(unique("1700000000.M1P2.host:2,S"), "1700000000.M1P2.host");
        assert_eq!(unique("1700000000.M1P2.host;2,RS"), "1700000000.M1P2.host");
        assert_eq!(unique("1700000000.M1P2.host"), "1700000000.M1P2.host");
    }
}
