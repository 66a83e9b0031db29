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

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use super::card::{card_of, file_name, hash, uid_of};
use super::fields::{Fields, base_fields, yearless_as_before};
use super::forget::forgotten_fields;
use super::owners::EmailOwners;
use crate::error::{Error, Result};
use crate::files::write_private;
use crate::formats::{Card, Warn, vcard};
use crate::ingest::{self, NewContacts};
use crate::model::Contact;
use crate::store::{Db, SyncCard};

/// More removals than this in one sync need `--yes`.
const REMOVALS_WITHOUT_YES: usize = 10;

/// What a contacts sync did (or would do).
pub use crate::output::json::ContactsSynced as Summary;

/// A vCard file in the folder.
pub struct CardFile {
    name: String,
    hash: String,
    card: Card,
}

/// The cards in `dir`, by UID, and a warning for each `.vcf` file left alone (not one
/// vCard, or a UID another file has).
pub fn read_cards(dir: &Path, warnings: &mut Vec<String>) -> Result<BTreeMap<String, CardFile>> {
    let context = || format!("cannot read the contacts folder {}", dir.display());
    let mut cards: BTreeMap<String, CardFile> = BTreeMap::new();
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
        let bytes =
            std::fs::read(&path).map_err(|e| Error::io(format!("cannot read {}", path.display()), e))?;
        let card = match vcard::parse(&bytes) {
            Ok(parsed) if parsed.cards.len() == 1 => parsed.cards.into_iter().next(),
            _ => None,
        };
        let Some(card) = card else {
            warnings.push(format!("{}: not one vCard; left alone", path.display()));
            continue;
        };
        let uid = card.uid.clone().unwrap_or_else(|| name.trim_end_matches(".vcf").to_string());
        if let Some(first) = cards.get(&uid) {
            warnings.push(format!("{}: the same UID as {}; left alone", path.display(), first.name));
            continue;
        }
        cards.insert(uid, CardFile { name, hash: hash(&bytes), card });
    }
    Ok(cards)
}

/// What the sync will do to the files, decided before anything is written.
enum FileChange {
    Write { name: String, bytes: Vec<u8> },
    Remove { name: String },
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

/// A card and its contact that changed since the last sync, merged.
struct Merged<'a> {
    uid: &'a str,
    contact: &'a Contact,
    card: &'a CardFile,
    mine: Fields,
    theirs: Fields,
    merged: Fields,
    netcrm_changed: bool,
}

/// Decides what the sync of `files` (the cards in `dir`, read by [`read_cards`]) with
/// the records in `db` changes and, unless it is a dry run, writes it: the files, then
/// the records. Inside the caller's transaction, so that no other command's change can
/// fall between what the sync read and what it writes back; the caller holds the sync
/// lock, so no other sync changes the folder meanwhile.
pub fn sync(
    db: &Db,
    dir: &Path,
    files: &BTreeMap<String, CardFile>,
    today: chrono::NaiveDate,
    asked: Asked,
    warnings: &mut Vec<String>,
) -> Result<Summary> {
    let rows = db.sync_cards()?;
    let contacts: BTreeMap<i64, Contact> =
        db.contacts(&Default::default())?.into_iter().map(|c| (c.id, c)).collect();
    // Cards new to netcrm become contacts as an import makes them.
    let new =
        NewContacts { cadence: db.settings()?.import_cadence, tags: Vec::new(), today, no_thank_you: true };
    let mut summary = Summary::default();
    let mut changes: Vec<FileChange> = Vec::new();
    // Database side, applied in one transaction after the files.
    let mut updates: Vec<Contact> = Vec::new();
    let mut removals: Vec<i64> = Vec::new();
    let mut creations: Vec<(Contact, String, String, String)> = Vec::new(); // contact, uid, file, hash
    let mut records: Vec<SyncCard> = Vec::new();
    let mut forget: Vec<String> = Vec::new();
    let mut seen_contacts = HashSet::new();
    let mut seen_files = HashSet::new();

    // Removals first, and each card changed since the last sync merged with its contact.
    let mut merges: Vec<Merged<'_>> = Vec::new();
    for SyncCard { uid, contact_id, file: _, base, hash: stored_hash } in &rows {
        let contact = contacts.get(contact_id);
        let card = files.get(uid);
        seen_files.insert(uid.clone());
        seen_contacts.insert(*contact_id);
        match (contact, card) {
            (None, None) => forget.push(uid.clone()),
            (None, Some(card)) => {
                changes.push(FileChange::Remove { name: card.name.clone() });
                forget.push(uid.clone());
                summary.removed += 1;
            }
            (Some(contact), None) => {
                removals.push(contact.id);
                forget.push(uid.clone());
                summary.removed += 1;
            }
            (Some(contact), Some(card)) => {
                let base_fields = base_fields(base).unwrap_or_else(|| Fields::of_contact(contact));
                let forgotten = forgotten_fields(base);
                let mine = Fields::of_contact(contact);
                let mut theirs = Fields::of_card(&card.card);
                yearless_as_before(&mut theirs, &base_fields);
                let file_changed = &card.hash != stored_hash;
                let netcrm_changed = mine != base_fields || !forgotten.is_empty();
                if !file_changed && !netcrm_changed {
                    continue;
                }
                let merged = if file_changed {
                    let (merged, conflicts) = Fields::merge(&base_fields, &mine, &theirs, &forgotten);
                    for (field, value, forgotten) in &conflicts {
                        let how = if *forgotten {
                            "changed in netcrm since the last sync, and whether the card changed it too \
                             cannot be told (undo --clear forgot the old value)"
                        } else {
                            "changed on both sides"
                        };
                        warnings.push(format!(
                            "{} (#{}): {field} {how}; kept netcrm's, the card had {value}",
                            contact.name, contact.id
                        ));
                    }
                    summary.conflicts += conflicts.len();
                    merged
                } else {
                    mine.clone()
                };
                merges.push(Merged { uid, contact, card, mine, theirs, merged, netcrm_changed });
            }
        }
    }

    // Who has each e-mail (folded), so that a card cannot give one person's to another:
    // decided once the removals are known, and once each merge has let go of the
    // e-mails it removes, so that an address that moved on the phone from one card to
    // another (khard's merge: one card takes the other's e-mails, the other is
    // removed) is not another contact's.
    let mut email_owners = EmailOwners::after(
        contacts.values(),
        &removals,
        merges.iter().map(|merge| (merge.contact, &merge.merged)),
    );
    for Merged { uid, contact, card, mine, theirs, mut merged, netcrm_changed } in merges {
        let who = format!("{} (#{})", contact.name, contact.id);
        email_owners.claim(&mut merged, contact.id, &who, warnings);
        let mut updated = contact.clone();
        merged.apply(&mut updated);
        if merged != mine {
            summary.read += 1;
            updates.push(updated.clone());
        }
        // The file keeps its bytes unless netcrm has something the card lacks.
        let mut file_hash = card.hash.clone();
        if !merged.same(&theirs) || netcrm_changed {
            let bytes = vcard::rewrite(&card_bytes(dir, card)?, &updated);
            summary.written += 1;
            file_hash = hash(&bytes);
            changes.push(FileChange::Write { name: card.name.clone(), bytes });
        }
        records.push(SyncCard {
            uid: uid.to_string(),
            contact_id: contact.id,
            file: card.name.clone(),
            base: card_of(&updated).0,
            hash: file_hash,
        });
    }
    // Files netcrm has not seen: the card of a contact (a sync cut short), or someone new.
    let unsynced_by_uid: HashMap<String, i64> =
        contacts.values().filter(|c| !seen_contacts.contains(&c.id)).map(|c| (uid_of(c), c.id)).collect();
    for (uid, card) in files.iter().filter(|(uid, _)| !seen_files.contains(*uid)) {
        let owner = unsynced_by_uid
            .get(uid.as_str())
            .and_then(|id| contacts.get(id))
            .filter(|c| !seen_contacts.contains(&c.id));
        match owner {
            Some(contact) => {
                seen_contacts.insert(contact.id);
                let mut file_hash = card.hash.clone();
                if !Fields::of_card(&card.card).same(&Fields::of_contact(contact)) {
                    let bytes = vcard::rewrite(&card_bytes(dir, card)?, contact);
                    summary.written += 1;
                    file_hash = hash(&bytes);
                    changes.push(FileChange::Write { name: card.name.clone(), bytes });
                }
                records.push(SyncCard {
                    uid: uid.clone(),
                    contact_id: contact.id,
                    file: card.name.clone(),
                    base: card_of(contact).0,
                    hash: file_hash,
                });
            }
            None => {
                let Some(mut contact) = new_contact(card, uid, &new, warnings) else { continue };
                // New contacts have no id yet: a negative number stands for each.
                let provisional = -1 - creations.len() as i64;
                let mut fields = Fields::of_contact(&contact);
                email_owners.claim(&mut fields, provisional, &card.name, warnings);
                contact.emails.clone_from(&fields.emails);
                summary.created += 1;
                let mut file_hash = card.hash.clone();
                if fields != Fields::of_card(&card.card) {
                    // Something was not taken: the card says so on the phone too.
                    let bytes = vcard::rewrite(&card_bytes(dir, card)?, &contact);
                    file_hash = hash(&bytes);
                    summary.written += 1;
                    changes.push(FileChange::Write { name: card.name.clone(), bytes });
                }
                creations.push((contact, uid.clone(), card.name.clone(), file_hash));
            }
        }
    }
    // Contacts with no file yet.
    let mut planned = HashSet::new();
    for contact in contacts.values().filter(|c| !seen_contacts.contains(&c.id)) {
        let (text, uid) = card_of(contact);
        let mut name = file_name(&uid);
        // Two UIDs can make one file name, and a file that is not a card may have it.
        if !planned.insert(name.clone()) || dir.join(&name).exists() {
            name = format!("{}-{}.vcf", name.trim_end_matches(".vcf"), contact.id);
            planned.insert(name.clone());
        }
        summary.written += 1;
        changes.push(FileChange::Write { name: name.clone(), bytes: text.clone().into_bytes() });
        records.push(SyncCard {
            uid,
            contact_id: contact.id,
            file: name,
            base: text.clone(),
            hash: hash(text.as_bytes()),
        });
    }
    // No card at all where contacts were synced: almost surely the wrong folder, or
    // one emptied by mistake, rather than every contact removed on the phone.
    if files.is_empty() && !removals.is_empty() && !(asked.yes && asked.given) {
        return Err(Error::SyncFolderEmpty { path: dir.to_path_buf(), synced: removals.len() });
    }
    if summary.removed > REMOVALS_WITHOUT_YES && !asked.yes {
        return Err(Error::Cancelled(format!(
            "this sync would remove {} contacts or cards (more than {REMOVALS_WITHOUT_YES}); nothing was changed: \
             run netcrm sync --dry-run to see them, netcrm sync --yes to go ahead",
            summary.removed
        )));
    }
    if asked.dry_run {
        return Ok(summary);
    }
    for change in &changes {
        match change {
            FileChange::Write { name, bytes } => write_private(&dir.join(name), bytes)?,
            FileChange::Remove { name } => {
                let path = dir.join(name);
                std::fs::remove_file(&path)
                    .map_err(|e| Error::io(format!("cannot remove {}", path.display()), e))?
            }
        }
    }
    db.describe_step(&format!("sync contacts with {}", dir.display()))?;
    for contact in &updates {
        db.update_contact(contact)?;
    }
    for id in &removals {
        db.delete_contact(*id)?;
    }
    for uid in &forget {
        db.forget_sync_card(uid)?;
    }
    for record in &records {
        db.set_sync_card(record)?;
    }
    for (contact, uid, file, file_hash) in &creations {
        let id = db.insert_contact(contact)?;
        let base = card_of(&Contact { id, ..contact.clone() }).0;
        db.set_sync_card(&SyncCard {
            uid: uid.clone(),
            contact_id: id,
            file: file.clone(),
            base,
            hash: file_hash.clone(),
        })?;
    }
    Ok(summary)
}

/// The contact a card new to netcrm becomes: the one an import makes of it (the
/// matcher's card rules, [`ingest::card`], with `new`: `sync` gives no thank-you),
/// with the file's UID. `None`, with a warning, for a card with no name, company or
/// e-mail.
fn new_contact(card: &CardFile, uid: &str, new: &NewContacts, warnings: &mut Vec<String>) -> Option<Contact> {
    let mut said = FileWarnings { file: &card.name, warnings };
    let checked = ingest::check(&card.card, &mut said)?;
    let mut contact = new.contact(&card.card, checked);
    contact.uid = Some(uid.to_string());
    Some(contact)
}

/// What the card rules say about a card file, named by the file.
struct FileWarnings<'a> {
    file: &'a str,
    warnings: &'a mut Vec<String>,
}

impl Warn for FileWarnings<'_> {
    fn note(&mut self, warning: String) {
        self.warnings.push(format!("{}: {warning}", self.file));
    }

    fn skip(&mut self, _line: usize, why: String) {
        self.warnings.push(format!("{}: a card with {why}; left alone", self.file));
    }
}

/// A card file's bytes, read again to be rewritten: the sync keeps what it parsed of
/// each card, not the bytes (a folder of cards with photos is large). A file that
/// changed since it was read (another program syncing the folder meanwhile) stops the
/// sync before anything is written, rather than losing that program's change.
fn card_bytes(dir: &Path, card: &CardFile) -> Result<Vec<u8>> {
    let path = dir.join(&card.name);
    match std::fs::read(&path) {
        Ok(bytes) if hash(&bytes) == card.hash => Ok(bytes),
        Ok(_) => Err(Error::SyncCardChanged { path }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(Error::SyncCardChanged { path }),
        Err(e) => Err(Error::io(format!("cannot read {}", path.display()), e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::Birthday;
    use crate::sync::fields::tests::strings;

    /// The one matcher: a card new to `sync` becomes the contact `import` makes of it
    /// (sync's own option, no thank-you, aside), with the same warnings.
    #[test]
    fn a_new_card_becomes_the_contact_an_import_makes_of_it() {
        use crate::model::NameParts;
        use crate::store::Store;
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
        let rules = NewContacts {
            cadence: crate::dates::Cadence::parse("3m").unwrap(),
            tags: vec![],
            today,
            no_thank_you: false,
        };
        let grace = Card {
            line: 1,
            name: Some("Grace Hopper".into()),
            name_parts: NameParts { given: "Grace".into(), family: "Hopper".into(), ..NameParts::default() }
                .non_blank(),
            emails: strings(&["grace@example.com", "not an address", "GRACE@example.com"]),
            phones: strings(&["+1 555 0100", " +1 555 0100 "]),
            company: Some("Navy".into()),
            title: Some("Rear Admiral".into()),
            linkedin: Some("https://www.linkedin.com/in/grace".into()),
            tags: strings(&["navy;cobol"]),
            notes: Some("compilers".into()),
            birthday: Some(Birthday::Yearless { month: 12, day: 9 }),
            uid: Some("phone-1".into()),
            ..Card::default()
        };
        // A card with no name is named by its company, by import's rules.
        let company = Card { name: None, name_parts: None, uid: Some("phone-2".into()), ..grace.clone() };
        for card in [grace, company] {
            let mut store = Store::open_in_memory().unwrap();
            let mut import_warnings = Vec::new();
            let imported = store
                .write(|db| {
                    let options = ingest::Options { new: rules.clone(), netcrm: false, list: false };
                    let mut matcher = ingest::Matcher::new(db, options)?;
                    Ok(matcher.import(&card, &mut import_warnings)?.unwrap().contact)
                })
                .unwrap();
            let file = CardFile { name: "phone.vcf".into(), hash: String::new(), card: card.clone() };
            let uid = card.uid.clone().unwrap();
            let mut sync_warnings = Vec::new();
            let sync_rules = NewContacts { no_thank_you: true, ..rules.clone() };
            let synced = new_contact(&file, &uid, &sync_rules, &mut sync_warnings).unwrap();
            assert_eq!(Contact { id: imported.id, no_thank_you: false, ..synced }, imported);
            assert_eq!(import_warnings, ["line 1: invalid e-mail 'not an address' dropped"]);
            assert_eq!(sync_warnings, ["phone.vcf: line 1: invalid e-mail 'not an address' dropped"]);
        }
        // Nothing to name it by: skipped by both.
        let nobody = Card { line: 1, emails: strings(&["not an address"]), ..Card::default() };
        let file = CardFile { name: "nobody.vcf".into(), hash: String::new(), card: nobody };
        let mut sync_warnings = Vec::new();
        assert_eq!(new_contact(&file, "nobody", &rules, &mut sync_warnings), None);
        assert_eq!(sync_warnings[1], "nobody.vcf: a card with no name, company or e-mail; left alone");
    }

    #[test]
    fn a_card_changed_since_the_sync_read_it_is_not_rewritten() {
        let dir = tempfile::tempdir().unwrap();
        let read = b"BEGIN:VCARD\r\nFN:Ada\r\nEND:VCARD\r\n";
        std::fs::write(dir.path().join("a.vcf"), read).unwrap();
        let card = CardFile { name: "a.vcf".to_string(), hash: hash(read), card: Card::default() };
        assert_eq!(card_bytes(dir.path(), &card).unwrap(), read);
        // Another program syncing the folder changed it, or removed it, meanwhile.
        std::fs::write(dir.path().join("a.vcf"), b"BEGIN:VCARD\r\nFN:Ada King\r\nEND:VCARD\r\n").unwrap();
        let changed = card_bytes(dir.path(), &card).unwrap_err();
        assert!(matches!(changed, Error::SyncCardChanged { .. }), "{changed}");
        assert!(changed.to_string().contains("a.vcf changed while netcrm synced it"), "{changed}");
        std::fs::remove_file(dir.path().join("a.vcf")).unwrap();
        assert!(matches!(card_bytes(dir.path(), &card), Err(Error::SyncCardChanged { .. })));
    }
}
