//! What a path given to `scan` is: an mbox, one message, a calendar, or a folder (a
//! Maildir, or one holding mailboxes, messages and calendars at any depth), told by
//! its name and its first bytes, beside [`super::mail`] and [`super::calendar`] that
//! read them. Reads the file system (metadata, the first bytes of a file, folder
//! listings), never the database, clock or terminal.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// What a PATH is.
#[derive(Debug, PartialEq, Eq)]
pub enum Source {
    Mbox(PathBuf),
    Eml(PathBuf),
    /// A Maildir, or a folder holding mail and calendars.
    Folder(PathBuf),
    Calendar(PathBuf),
}

impl Source {
    /// A file is an `.ics`, `.eml` or `.mbox` file by its name, else an mbox, a
    /// calendar or one message by its first line. A folder is a Maildir, or holds Maildirs, mbox, `.eml` and
    /// `.ics` files (read from every level below it).
    pub fn of(path: &Path) -> Result<Source> {
        let meta =
            std::fs::metadata(path).map_err(|e| Error::io(format!("cannot read {}", path.display()), e))?;
        if meta.is_dir() {
            return Ok(Source::Folder(path.to_path_buf()));
        }
        match extension(path).as_deref() {
            Some("ics" | "ical" | "ifb") => return Ok(Source::Calendar(path.to_path_buf())),
            Some("eml") => return Ok(Source::Eml(path.to_path_buf())),
            Some("mbox") => return Ok(Source::Mbox(path.to_path_buf())),
            _ => {}
        }
        let mut start = [0u8; 64];
        let mut file =
            File::open(path).map_err(|e| Error::io(format!("cannot read {}", path.display()), e))?;
        let n = file.read(&mut start).map_err(|e| Error::io(format!("cannot read {}", path.display()), e))?;
        let start = String::from_utf8_lossy(&start[..n]);
        let start = start.trim_start_matches('\u{feff}');
        if start.starts_with("From ") {
            Ok(Source::Mbox(path.to_path_buf()))
        } else if start.to_ascii_uppercase().starts_with("BEGIN:VCALENDAR") {
            Ok(Source::Calendar(path.to_path_buf()))
        } else if looks_like_a_header(start) {
            // One message on its own (a Maildir file, an .eml under another name).
            Ok(Source::Eml(path.to_path_buf()))
        } else if n == 0 {
            // An empty mbox (a folder with no mail yet).
            Ok(Source::Mbox(path.to_path_buf()))
        } else {
            Err(Error::io(
                format!("cannot scan {}", path.display()),
                std::io::Error::other(
                    "it is not a Maildir, an mbox, an .eml or an .ics file, or a folder of them",
                ),
            ))
        }
    }
}

/// Whether `text` starts with a header field (`Name: value`, RFC 5322 2.2).
fn looks_like_a_header(text: &str) -> bool {
    text.split_once(':')
        .is_some_and(|(name, _)| !name.is_empty() && name.bytes().all(|b| b.is_ascii_graphic() && b != b':'))
}

/// Whether the file at `path` begins as an mbox does, with a `From ` line.
fn starts_with_from_line(path: &Path) -> Result<bool> {
    let context = || format!("cannot read {}", path.display());
    let mut start = [0u8; 5];
    let mut file = File::open(path).map_err(|e| Error::io(context(), e))?;
    let mut n = 0;
    while n < start.len() {
        match file.read(&mut start[n..]) {
            Ok(0) => break,
            Ok(read) => n += read,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(Error::io(context(), e)),
        }
    }
    Ok(&start[..n] == b"From ")
}

fn extension(path: &Path) -> Option<String> {
    path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase())
}

/// The mail and calendars below a folder, found by walking it.
#[derive(Debug, Default)]
pub struct Tree {
    pub maildirs: Vec<PathBuf>,
    pub mboxes: Vec<PathBuf>,
    pub emls: Vec<PathBuf>,
    pub calendars: Vec<PathBuf>,
}

/// Walks `dir` and every folder below it, in name order, into `out`.
pub fn walk(dir: &Path, out: &mut Tree) -> Result<()> {
    let context = || format!("cannot read {}", dir.display());
    let is_maildir = dir.join("cur").is_dir() || dir.join("new").is_dir();
    if is_maildir {
        out.maildirs.push(dir.to_path_buf());
    }
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| Error::io(context(), e))?
        .collect::<std::io::Result<_>>()
        .map_err(|e| Error::io(context(), e))?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let file_type = entry.file_type().map_err(|e| Error::io(context(), e))?;
        if file_type.is_dir() {
            // A Maildir's own folders; Maildir++ subfolders (`.Sent`) are walked.
            if is_maildir && matches!(name.as_str(), "cur" | "new" | "tmp") {
                continue;
            }
            walk(&path, out)?;
        } else if file_type.is_file() && !name.starts_with('.') {
            match extension(&path).as_deref() {
                Some("ics") => out.calendars.push(path),
                Some("eml") => out.emls.push(path),
                Some("mbox") => out.mboxes.push(path),
                // Thunderbird's index of a folder, beside the mbox it indexes.
                Some("msf") => {}
                // Thunderbird keeps each folder as an mbox named as the folder, without
                // an extension (`Inbox`, `Sent`, `Archives.2025`): known by its first line.
                _ if starts_with_from_line(&path)? => out.mboxes.push(path),
                _ => {}
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_that_starts_with_a_header_is_a_message() {
        assert!(looks_like_a_header("Return-Path: <ada@example.com>\n"));
        assert!(looks_like_a_header("From: ada@example.com"));
        assert!(!looks_like_a_header("just notes: nothing else\n"));
        assert!(!looks_like_a_header(":x"));
    }
}
