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
use std::path::Path;

use chrono::NaiveDate;

use super::card::{card_of, hash};
use super::plan::{FileChange, Plan, plan};
use crate::error::{Error, Result};
use crate::files::write_private;
use crate::formats::{Card, vcard};
use crate::ingest::NewContacts;
use crate::model::Contact;
use crate::store::{Db, SyncCard};

pub use super::plan::Summary;

/// A vCard file in the folder.
pub struct CardFile {
    pub(super) name: String,
    /// The hash of its bytes as read.
    pub(super) hash: String,
    pub(super) card: Card,
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

/// Reads the contacts folder `dir`: every `.vcf` file, parsed.
pub fn read(dir: &Path) -> Result<Folder> {
    let context = || format!("cannot read the contacts folder {}", dir.display());
    let mut folder = Folder { cards: BTreeMap::new(), names: HashSet::new(), warnings: Vec::new() };
    let mut paths = std::fs::read_dir(dir)
        .map_err(|e| Error::io(context(), e))?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<std::io::Result<Vec<_>>>()
        .map_err(|e| Error::io(context(), e))?;
    // In name order, so that of two files with one UID the same one is synced every time.
    paths.sort();
    for path in paths {
        let Some(name) = path.file_name().and_then(|n| n.to_str()).filter(|n| n.ends_with(".vcf")) else {
            continue;
        };
        let name = name.to_string();
        folder.names.insert(name.clone());
        let bytes =
            std::fs::read(&path).map_err(|e| Error::io(format!("cannot read {}", path.display()), e))?;
        let card = match vcard::parse(&bytes) {
            Ok(parsed) if parsed.cards.len() == 1 => parsed.cards.into_iter().next(),
            _ => None,
        };
        let Some(card) = card else {
            folder.warnings.push(format!("{}: not one vCard; left alone", path.display()));
            continue;
        };
        let uid = card.uid.clone().unwrap_or_else(|| name.trim_end_matches(".vcf").to_string());
        if let Some(first) = folder.cards.get(&uid) {
            folder.warnings.push(format!("{}: the same UID as {}; left alone", path.display(), first.name));
            continue;
        }
        folder.cards.insert(uid, CardFile { name, hash: hash(&bytes), card });
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
pub fn sync(
    db: &Db,
    dir: &Path,
    folder: &Folder,
    today: NaiveDate,
    asked: Asked,
) -> Result<(Summary, Vec<String>)> {
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
        write_records(db, dir, &plan, &rewritten)?;
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
    for (name, bytes) in ready {
        let path = dir.join(name);
        match bytes {
            Some(bytes) => write_private(&path, &bytes)?,
            None => std::fs::remove_file(&path)
                .map_err(|e| Error::io(format!("cannot remove {}", path.display()), e))?,
        }
    }
    Ok(rewritten)
}

/// Writes the plan's records, in the caller's transaction, once the files are written
/// (`rewritten`: the hash of each rewritten file, by name).
fn write_records(db: &Db, dir: &Path, plan: &Plan, rewritten: &HashMap<String, String>) -> Result<()> {
    // A hash the plan leaves to the rewrite is always in `rewritten` (never empty).
    let hash_of = |file: &str, hash: &Option<String>| {
        hash.clone().or_else(|| rewritten.get(file).cloned()).unwrap_or_default()
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
        })?;
    }
    for creation in &plan.creations {
        let id = db.insert_contact(&creation.contact)?;
        db.set_sync_card(&SyncCard {
            uid: creation.uid.clone(),
            contact_id: id,
            file: creation.file.clone(),
            base: card_of(&Contact { id, ..creation.contact.clone() }).0,
            hash: hash_of(&creation.file, &creation.hash),
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
