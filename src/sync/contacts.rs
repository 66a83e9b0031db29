//! The contacts sync (`netcrm sync --contacts DIR`): two-way sync of the contacts with
//! a vdir of vCards (one `<UID>.vcf` per contact), which vdirsyncer syncs with a
//! CardDAV server. Prints nothing; the caller holds the sync lock and the transaction.
//!
//! Each synced contact keeps the card as netcrm last wrote or read it (the base) and
//! the hash of the file then. Changed in netcrm only: the file is rewritten. Changed
//! in the file only: the card's fields replace the contact's. Changed on both sides:
//! each field takes the side that changed it; a field changed on both keeps netcrm's
//! value, and the card's is reported. New files are new contacts (import rules), new
//! contacts new files; a removal on either side is a removal on the other, but more
//! than 10 at once need `--yes`. Files are written first (atomically), then the
//! database in one transaction, so a sync cut short is completed by the next one.
//!
//! As real clients use the folder (DESIGN.md "Sync and scan as real clients use
//! them"): a file is rewritten from its own bytes ([`vcard::rewrite`]), so what
//! netcrm does not manage stays on the phone; the order of e-mails, phones and tags
//! on a card is the card's, the contact's netcrm's (`fields.rs`); e-mail ownership is
//! decided after the sync's removals (`owners.rs`); and the years khard writes for a
//! birthday without one are read as none (`fields.rs`).

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use chrono::NaiveDate;

use super::card::{card_of, hash};
use super::folders::CONTACTS_CHANGES;
use super::plan::{FileChange, Plan, plan};
use crate::error::{Error, Result};
use crate::files::{FileStat, stat, write_private_all};
use crate::formats::{Card, vcard};
use crate::ingest::NewContacts;
use crate::model::Contact;
use crate::store::{Db, SyncCard, SyncedFile};

pub use super::plan::Summary;

/// How long after its last modification a file's stat is trusted to tell that it did
/// not change: longer than the coarsest clock of the file systems a vdir lives on
/// (FAT keeps modification times to 2 seconds; ext4, btrfs, XFS and APFS to a tick of
/// a few milliseconds).
const RACY: Duration = Duration::from_secs(2);

/// A vCard file in the folder.
pub struct CardFile {
    pub(super) name: String,
    /// The hash of its bytes as read (as last synced, for a file not read).
    pub(super) hash: String,
    /// What it says; `None` for a synced card's file that stat shows unchanged since
    /// the last sync, and that was not read.
    pub(super) card: Option<Card>,
    /// What stat said of it when it was read (`None` when it could not say).
    pub(super) seen: Option<FileStat>,
}

/// What a sync read of the contacts folder.
pub struct Folder {
    /// The cards, by UID: one vCard a file, the first file of a UID in name order.
    pub(super) cards: BTreeMap<String, CardFile>,
    /// The name of every `.vcf` file, cards or not (a new card's name must not be one).
    pub(super) names: HashSet<String>,
    /// A line for each `.vcf` file left alone: not one vCard, or a UID another has.
    pub(super) warnings: Vec<String>,
}

/// What stat says of a folder's entry: from the folder (no walk of the path), or,
/// for a symbolic link, of what it points to, as after a write.
fn entry_stat(entry: &std::fs::DirEntry) -> Option<FileStat> {
    match entry.file_type() {
        Ok(kind) if !kind.is_symlink() => entry.metadata().ok().map(|meta| FileStat::of(&meta)),
        _ => stat(&entry.path()).ok(),
    }
}

impl Folder {
    /// Whether the folder is as the last sync left it, by stat alone: its cards are
    /// the `synced` cards' files, none read (stat says of each what it said then).
    fn as_left(&self, synced: usize) -> bool {
        self.cards.len() == synced && self.cards.values().all(|card| card.card.is_none())
    }
}

/// How a contacts sync was asked for.
#[derive(Debug, Clone, Copy)]
pub struct Asked {
    /// The folder was given on the command line (not the remembered one).
    pub given: bool,
    /// `--yes`: more than 10 removals may be made; with `given`, also the removal of
    /// every synced contact when the folder holds no cards.
    pub yes: bool,
    /// `--dry-run`: nothing is changed.
    pub dry_run: bool,
}

/// Reads the contacts folder `dir`: every `.vcf` file, parsed, but those of the
/// synced cards in `known` (by file name) whose stat still says what it said when they
/// were last synced: those keep their UID and hash, unread.
pub fn read(dir: &Path, known: &HashMap<String, SyncedFile>) -> Result<Folder> {
    let context = || format!("cannot read the contacts folder {}", dir.display());
    let mut folder = Folder { cards: BTreeMap::new(), names: HashSet::new(), warnings: Vec::new() };
    // By name, so that of two files with one UID the same one is synced every time.
    let mut entries: Vec<(String, std::fs::DirEntry)> = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| Error::io(context(), e))? {
        let entry = entry.map_err(|e| Error::io(context(), e))?;
        if let Some(name) = entry.file_name().to_str().filter(|n| n.ends_with(".vcf")) {
            entries.push((name.to_string(), entry));
        }
    }
    entries.sort_unstable_by(|(a, _), (b, _)| a.cmp(b));
    for (name, entry) in entries {
        folder.names.insert(name.clone());
        let seen = entry_stat(&entry);
        let unchanged = known.get(&name).filter(|synced| seen == Some(synced.seen));
        let (uid, file) = match unchanged {
            Some(synced) => {
                (synced.uid.clone(), CardFile { name, hash: synced.hash.clone(), card: None, seen })
            }
            None => {
                let path = entry.path();
                let bytes = std::fs::read(&path)
                    .map_err(|e| Error::io(format!("cannot read {}", path.display()), e))?;
                let card = match vcard::parse(&bytes) {
                    Ok(parsed) if parsed.cards.len() == 1 => parsed.cards.into_iter().next(),
                    _ => None,
                };
                let Some(card) = card else {
                    folder.warnings.push(format!("{}: not one vCard; left alone", path.display()));
                    continue;
                };
                let uid = card.uid.clone().unwrap_or_else(|| name.trim_end_matches(".vcf").to_string());
                (uid, CardFile { name, hash: hash(&bytes), card: Some(card), seen })
            }
        };
        if let Some(first) = folder.cards.get(&uid) {
            let path = entry.path();
            folder.warnings.push(format!("{}: the same UID as {}; left alone", path.display(), first.name));
            continue;
        }
        folder.cards.insert(uid, file);
    }
    Ok(folder)
}

/// Syncs `folder` (the cards in `dir`, read by [`read`]) with the records in `db`: what
/// changes is planned, checked against the removal guard and, unless it is a dry run,
/// written: the files (atomically), then the records. Inside the caller's
/// transaction, so that no other command's change can fall between what the sync read
/// and what it writes back; the caller holds the sync lock, so no other sync changes
/// the folder meanwhile. Returns what it did (or would do) and the warnings, the
/// folder's first.
///
/// Nothing is read or planned when nothing a card says changed in netcrm since the
/// last sync (the count of such changes is what it left) and `read` found every synced
/// file as that sync left it. `clock` is the real time (files' modification times are
/// compared with it, so it is not `NETCRM_TODAY`'s).
pub fn sync(
    db: &Db,
    dir: &Path,
    folder: &Folder,
    today: NaiveDate,
    asked: Asked,
    clock: fn() -> SystemTime,
) -> Result<(Summary, Vec<String>)> {
    // Nothing a card says changed in netcrm since the last sync, and stat shows every
    // synced file as that sync left it, and no other: nothing to do, and nothing to read.
    let (changes, synced) = db.card_changes()?;
    let left = db.bookkeeping(CONTACTS_CHANGES)?;
    if left == Some(changes.to_string()) && folder.as_left(synced) {
        return Ok((Summary::default(), folder.warnings.clone()));
    }
    let rows = db.sync_cards()?;
    let contacts: BTreeMap<i64, Contact> =
        db.contacts(&Default::default())?.into_iter().map(|c| (c.id, c)).collect();
    // Cards new to netcrm become contacts as an import makes them.
    let new =
        NewContacts { cadence: db.settings()?.import_cadence, tags: Vec::new(), today, no_thank_you: true };
    let plan = plan(&rows, &contacts, folder, &new);
    plan.check(dir, &asked)?;
    if !asked.dry_run {
        let rewritten = write_files(dir, &plan.files)?;
        write_records(db, dir, &plan, &rewritten, clock)?;
        let (changes, _) = db.card_changes()?;
        db.set_bookkeeping(CONTACTS_CHANGES, &changes.to_string())?;
    }
    let warnings = folder.warnings.iter().cloned().chain(plan.warnings).collect();
    Ok((plan.summary, warnings))
}

/// Makes the planned changes to the files of `dir`. Every rewrite is made first, from
/// the card's bytes read again, so that a card changed since the sync read it stops
/// the sync before anything is written; then each change is made in order. Returns
/// the hash of each rewritten file's new bytes, by name.
fn write_files(dir: &Path, changes: &[FileChange]) -> Result<HashMap<String, String>> {
    let mut rewritten = HashMap::new();
    // Each change ready to be made: the name, and the bytes to write (none: remove it).
    let mut ready: Vec<(&str, Option<Cow<'_, [u8]>>)> = Vec::with_capacity(changes.len());
    for change in changes {
        ready.push(match change {
            FileChange::Write { name, text } => (name, Some(Cow::Borrowed(text.as_bytes()))),
            FileChange::Rewrite { name, read, contact } => {
                let bytes = vcard::rewrite(&card_bytes(dir, name, read)?, contact);
                rewritten.insert(name.clone(), hash(&bytes));
                (name, Some(Cow::Owned(bytes)))
            }
            FileChange::Remove { name } => (name, None),
        });
    }
    // The new and rewritten files with one flush to the disk (thousands on a first
    // sync), then the removals.
    let writes: Vec<(PathBuf, &[u8])> =
        ready.iter().filter_map(|(name, bytes)| Some((dir.join(name), bytes.as_deref()?))).collect();
    write_private_all(&writes)?;
    for (name, _) in ready.iter().filter(|(_, bytes)| bytes.is_none()) {
        let path = dir.join(name);
        std::fs::remove_file(&path).map_err(|e| Error::io(format!("cannot remove {}", path.display()), e))?;
    }
    Ok(rewritten)
}

/// Writes the plan's records, in the caller's transaction, once the files are written
/// (`rewritten`: the hash of each rewritten file, by name).
///
/// A file's stat is kept only when the file was last modified at least [`RACY`]
/// before `clock()` (the real time, asked once the files are written): a file changed again
/// within the same tick of the file system's clock, with the same size, would have the
/// same stat (git's "racily clean" files). Such a file is read again by the next sync.
fn write_records(
    db: &Db,
    dir: &Path,
    plan: &Plan,
    rewritten: &HashMap<String, String>,
    clock: fn() -> SystemTime,
) -> Result<()> {
    // A hash the plan leaves to the rewrite is always in `rewritten` (never empty).
    let hash_of = |file: &str, hash: &Option<String>| {
        hash.clone().or_else(|| rewritten.get(file).cloned()).unwrap_or_default()
    };
    // What stat says of a written file is asked once it is written.
    let written: HashSet<&str> = plan
        .files
        .iter()
        .filter_map(|change| match change {
            FileChange::Write { name, .. } | FileChange::Rewrite { name, .. } => Some(name.as_str()),
            FileChange::Remove { .. } => None,
        })
        .collect();
    let now_ns =
        clock().duration_since(UNIX_EPOCH).map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX));
    let trusted = |seen: &FileStat| seen.mtime_ns < now_ns.saturating_sub(RACY.as_nanos() as i64);
    let seen_of = |file: &str, seen: Option<FileStat>| {
        let seen = match seen {
            Some(seen) => Some(seen),
            None if written.contains(file) => stat(&dir.join(file)).ok(),
            None => None,
        };
        seen.filter(trusted)
    };
    db.describe_step(&format!("sync contacts with {}", dir.display()))?;
    for contact in &plan.updates {
        db.update_contact(contact)?;
    }
    for id in &plan.removals {
        db.delete_contact(*id)?;
    }
    for uid in &plan.forget {
        db.forget_sync_card(uid)?;
    }
    for record in &plan.records {
        db.set_sync_card(&SyncCard {
            uid: record.uid.clone(),
            contact_id: record.contact_id,
            file: record.file.clone(),
            base: record.base.clone(),
            hash: hash_of(&record.file, &record.hash),
            seen: seen_of(&record.file, record.seen),
        })?;
    }
    for (uid, seen) in plan.restat.iter().filter(|(_, seen)| trusted(seen)) {
        db.set_sync_card_seen(uid, *seen)?;
    }
    for creation in &plan.creations {
        let id = db.insert_contact(&creation.contact)?;
        db.set_sync_card(&SyncCard {
            uid: creation.uid.clone(),
            contact_id: id,
            file: creation.file.clone(),
            base: card_of(&Contact { id, ..creation.contact.clone() }).0,
            hash: hash_of(&creation.file, &creation.hash),
            seen: seen_of(&creation.file, creation.seen),
        })?;
    }
    Ok(())
}

/// A card file's bytes, read again to be rewritten: the sync keeps what it parsed of
/// each card, not the bytes (a folder of cards with photos is large). A file whose
/// bytes no longer hash to `read` (another program syncing the folder changed it
/// since the sync read it) stops the sync before anything is written, rather than
/// losing that program's change.
fn card_bytes(dir: &Path, name: &str, read: &str) -> Result<Vec<u8>> {
    let path = dir.join(name);
    match std::fs::read(&path) {
        Ok(bytes) if hash(&bytes) == read => Ok(bytes),
        Ok(_) => Err(Error::SyncCardChanged { path }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(Error::SyncCardChanged { path }),
        Err(e) => Err(Error::io(format!("cannot read {}", path.display()), e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_card_changed_since_the_sync_read_it_is_not_rewritten() {
        let dir = tempfile::tempdir().unwrap();
        let read = b"BEGIN:VCARD\r\nFN:Ada\r\nEND:VCARD\r\n";
        std::fs::write(dir.path().join("a.vcf"), read).unwrap();
        let read_hash = hash(read);
        assert_eq!(card_bytes(dir.path(), "a.vcf", &read_hash).unwrap(), read);
        // Another program syncing the folder changed it, or removed it, meanwhile.
        std::fs::write(dir.path().join("a.vcf"), b"BEGIN:VCARD\r\nFN:Ada King\r\nEND:VCARD\r\n").unwrap();
        let changed = card_bytes(dir.path(), "a.vcf", &read_hash).unwrap_err();
        assert!(matches!(changed, Error::SyncCardChanged { .. }), "{changed}");
        assert!(changed.to_string().contains("a.vcf changed while netcrm synced it"), "{changed}");
        std::fs::remove_file(dir.path().join("a.vcf")).unwrap();
        assert!(matches!(card_bytes(dir.path(), "a.vcf", &read_hash), Err(Error::SyncCardChanged { .. })));
    }
}
