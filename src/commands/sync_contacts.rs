//! `netcrm sync --contacts DIR`: two-way sync of the contacts with a vdir of vCards
//! (one `<UID>.vcf` per contact), which vdirsyncer syncs with a CardDAV server.
//!
//! Each synced contact keeps the card as netcrm last wrote or read it (the base) and
//! the hash of the file then. Changed in netcrm only: the file is rewritten. Changed
//! in the file only: the card's fields replace the contact's. Changed on both sides:
//! each field takes the side that changed it; a field changed on both keeps netcrm's
//! value, and the card's is reported. New files are new contacts (import rules), new
//! contacts new files; a removal on either side is a removal on the other, but more
//! than 10 at once need `--yes`. Files are written first (atomically), then the
//! database in one transaction, so a sync cut short is completed by the next one.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use super::Context;
use super::export::write_private;
use crate::error::{Error, Result};
use crate::formats::{Card, vcard};
use crate::model::Contact;
use crate::store::{Db, SyncCard};
use crate::text::fold;
use crate::validate;

/// More removals than this in one sync need `--yes`.
const REMOVALS_WITHOUT_YES: usize = 10;

/// What a contacts sync did (or would do).
#[derive(Debug, Default, Clone, Copy, serde::Serialize)]
pub struct Summary {
    pub written: usize,
    pub read: usize,
    pub created: usize,
    pub removed: usize,
    pub conflicts: usize,
}

/// The fields a card and a contact share, compared field by field.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Fields {
    name: String,
    emails: Vec<String>,
    phones: Vec<String>,
    company: Option<String>,
    title: Option<String>,
    linkedin: Option<String>,
    tags: Vec<String>,
    notes: Option<String>,
    birthday: Option<String>,
}

impl Fields {
    fn of_contact(c: &Contact) -> Fields {
        Fields {
            name: c.name.clone(),
            emails: c.emails.clone(),
            phones: c.phones.clone(),
            company: c.company.clone(),
            title: c.title.clone(),
            linkedin: c.linkedin.clone(),
            tags: c.tags.clone(),
            notes: c.notes.clone(),
            birthday: c.birthday.map(|b| b.to_string()),
        }
    }

    fn of_card(card: &Card) -> Fields {
        let name = card.name.clone().or_else(|| card.emails.first().cloned()).unwrap_or_default();
        Fields {
            name,
            emails: validate::emails(
                &card.emails.iter().filter_map(|e| validate::email(e).ok()).collect::<Vec<_>>(),
            )
            .unwrap_or_default(),
            phones: validate::list(&card.phones),
            company: card.company.clone(),
            title: card.title.clone(),
            linkedin: card.linkedin.clone(),
            tags: validate::imported_tags(&card.tags),
            notes: card.notes.clone(),
            birthday: card.birthday.map(|b| b.to_string()),
        }
    }

    /// Drops the e-mails another contact has (netcrm keeps an e-mail to one person), with
    /// a warning, and claims the rest for `owner` in `owners`.
    fn drop_taken(
        &mut self,
        owner: i64,
        who: &str,
        owners: &mut HashMap<String, i64>,
        warnings: &mut Vec<String>,
    ) {
        self.emails.retain(|email| match owners.get(&fold(email.trim())) {
            Some(other) if *other != owner => {
                warnings.push(format!("{who}: {email} is another contact's e-mail; not added"));
                false
            }
            _ => true,
        });
        for email in &self.emails {
            owners.insert(fold(email.trim()), owner);
        }
    }

    /// Writes these fields into `contact`.
    fn apply(&self, contact: &mut Contact) {
        if !self.name.trim().is_empty() && self.name != contact.name {
            contact.name = self.name.clone();
            contact.name_parts = None;
        }
        contact.emails = self.emails.clone();
        contact.phones = self.phones.clone();
        contact.company = self.company.clone();
        contact.title = self.title.clone();
        contact.linkedin = self.linkedin.clone();
        contact.tags = self.tags.clone();
        contact.notes = self.notes.clone();
        contact.birthday = self.birthday.as_deref().and_then(|b| crate::dates::Birthday::parse(b).ok());
    }

    /// Three-way merge: each field changed on one side (against `base`) takes that
    /// side; one changed on both keeps `mine`. Returns the merge and the fields in
    /// conflict, with the value `theirs` had.
    fn merge(base: &Fields, mine: &Fields, theirs: &Fields) -> (Fields, Vec<(&'static str, String)>) {
        let mut merged = mine.clone();
        let mut conflicts = Vec::new();
        macro_rules! field {
            ($name:ident) => {
                if theirs.$name != base.$name {
                    if mine.$name == base.$name {
                        merged.$name = theirs.$name.clone();
                    } else if mine.$name != theirs.$name {
                        conflicts.push((stringify!($name), theirs.$name.shown()));
                    }
                }
            };
        }
        field!(name);
        field!(emails);
        field!(phones);
        field!(company);
        field!(title);
        field!(linkedin);
        field!(tags);
        field!(notes);
        field!(birthday);
        (merged, conflicts)
    }
}

/// A field's value as a warning quotes it.
trait Shown {
    fn shown(&self) -> String;
}

impl Shown for String {
    fn shown(&self) -> String {
        format!("\"{self}\"")
    }
}

impl Shown for Option<String> {
    fn shown(&self) -> String {
        self.as_ref().map_or_else(|| "nothing".to_string(), Shown::shown)
    }
}

impl Shown for Vec<String> {
    fn shown(&self) -> String {
        if self.is_empty() {
            return "nothing".to_string();
        }
        self.iter().map(Shown::shown).collect::<Vec<_>>().join(", ")
    }
}

/// A vCard file in the folder.
struct CardFile {
    name: String,
    hash: String,
    card: Card,
}

/// FNV-1a over the file's bytes: stable across builds, unlike std's hasher.
fn hash(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in bytes {
        h ^= u64::from(*byte);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// The card netcrm writes for a contact, and its UID.
fn card_of(contact: &Contact) -> (String, String) {
    let text = vcard::write(std::slice::from_ref(contact), vcard::VcardVersion::V3);
    (text, uid_of(contact))
}

/// The UID a contact's card has: its own, or one made from its id.
fn uid_of(contact: &Contact) -> String {
    contact
        .uid
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty())
        .map_or_else(|| format!("netcrm-contact-{}", contact.id), str::to_string)
}

/// A file name for a UID: letters, digits and `@._-` kept, the rest `_`.
fn file_name(uid: &str) -> String {
    let safe: String =
        uid.chars().map(|c| if c.is_ascii_alphanumeric() || "@._-".contains(c) { c } else { '_' }).collect();
    format!("{safe}.vcf")
}

fn read_cards(dir: &Path, warnings: &mut Vec<String>) -> Result<BTreeMap<String, CardFile>> {
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
    Write { name: String, text: String },
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

/// Syncs the contacts with `dir`, an absolute path. The caller holds the sync lock, so
/// no other sync changes the folder meanwhile.
pub fn sync(ctx: &mut Context, dir: &Path, asked: Asked) -> Result<(Summary, Vec<String>)> {
    let today = ctx.today;
    let mut warnings = Vec::new();
    let files = read_cards(dir, &mut warnings)?;
    // The records are read, the changes decided and written in one transaction (the
    // files before the database): no other command's change can fall between what
    // the sync read and what it writes back.
    let work = |db: &Db| reconcile(db, dir, &files, today, asked, &mut warnings);
    let summary = if asked.dry_run { ctx.store.read(work)? } else { ctx.write(work)? };
    Ok((summary, warnings))
}

/// Decides what the sync of `files` (the cards in `dir`) with the records in `db`
/// changes and, unless it is a dry run, writes it: the files, then the records.
fn reconcile(
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
    let import_cadence = db.settings()?.import_cadence;
    let mut summary = Summary::default();
    let mut changes: Vec<FileChange> = Vec::new();
    // Database side, applied in one transaction after the files.
    let mut updates: Vec<Contact> = Vec::new();
    let mut removals: Vec<i64> = Vec::new();
    let mut creations: Vec<(Contact, String, String, String)> = Vec::new(); // contact, uid, file, text
    let mut records: Vec<SyncCard> = Vec::new();
    let mut forget: Vec<String> = Vec::new();
    let mut seen_contacts = std::collections::HashSet::new();
    let mut seen_files = std::collections::HashSet::new();

    // Who has each e-mail (folded), so that a card cannot give one person's to another.
    let mut email_owners: HashMap<String, i64> =
        contacts.values().flat_map(|c| c.emails.iter().map(|e| (fold(e.trim()), c.id))).collect();
    for SyncCard { uid, contact_id, file, base, hash: stored_hash } in &rows {
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
                let base_fields = vcard::parse(base.as_bytes())
                    .ok()
                    .and_then(|p| p.cards.into_iter().next())
                    .map(|c| Fields::of_card(&c))
                    .unwrap_or_else(|| Fields::of_contact(contact));
                let mine = Fields::of_contact(contact);
                let theirs = Fields::of_card(&card.card);
                let file_changed = &card.hash != stored_hash;
                let netcrm_changed = mine != base_fields;
                if !file_changed && !netcrm_changed {
                    continue;
                }
                let mut merged = if file_changed {
                    let (merged, conflicts) = Fields::merge(&base_fields, &mine, &theirs);
                    for (field, value) in &conflicts {
                        warnings.push(format!(
                            "{} (#{}): {field} changed on both sides; kept netcrm's, the card had {value}",
                            contact.name, contact.id
                        ));
                    }
                    summary.conflicts += conflicts.len();
                    merged
                } else {
                    mine.clone()
                };
                let who = format!("{} (#{})", contact.name, contact.id);
                merged.drop_taken(contact.id, &who, &mut email_owners, warnings);
                let mut updated = contact.clone();
                merged.apply(&mut updated);
                if merged != mine {
                    summary.read += 1;
                    updates.push(updated.clone());
                }
                let (text, _) = card_of(&updated);
                // The file keeps its bytes unless netcrm has something the card lacks.
                let mut file_hash = card.hash.clone();
                if merged != theirs || netcrm_changed {
                    summary.written += 1;
                    file_hash = hash(text.as_bytes());
                    changes.push(FileChange::Write { name: file.clone(), text: text.clone() });
                }
                records.push(SyncCard {
                    uid: uid.clone(),
                    contact_id: contact.id,
                    file: file.clone(),
                    base: text,
                    hash: file_hash,
                });
            }
        }
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
                let (text, _) = card_of(contact);
                if Fields::of_card(&card.card) != Fields::of_contact(contact) {
                    summary.written += 1;
                    changes.push(FileChange::Write { name: card.name.clone(), text: text.clone() });
                }
                records.push(SyncCard {
                    uid: uid.clone(),
                    contact_id: contact.id,
                    file: card.name.clone(),
                    base: text.clone(),
                    hash: hash(text.as_bytes()),
                });
            }
            None => {
                let mut fields = Fields::of_card(&card.card);
                if fields.name.trim().is_empty() {
                    warnings.push(format!("{}: a card without a name or e-mail; left alone", card.name));
                    continue;
                }
                // New contacts have no id yet: a negative number stands for each.
                let provisional = -1 - creations.len() as i64;
                fields.drop_taken(provisional, &card.name, &mut email_owners, warnings);
                let mut contact = Contact::new(0, fields.name.clone(), today);
                fields.apply(&mut contact);
                contact.no_thank_you = true;
                contact.cadence = Some(import_cadence);
                contact.cadence_from_import = true;
                contact.uid = Some(uid.clone());
                contact.name_parts = card.card.name_parts.clone();
                summary.created += 1;
                let mut file_hash = card.hash.clone();
                if fields != Fields::of_card(&card.card) {
                    // Something was not taken: the card says so on the phone too.
                    let (text, _) = card_of(&contact);
                    file_hash = hash(text.as_bytes());
                    summary.written += 1;
                    changes.push(FileChange::Write { name: card.name.clone(), text });
                }
                creations.push((contact, uid.clone(), card.name.clone(), file_hash));
            }
        }
    }
    // Contacts with no file yet.
    let mut planned = std::collections::HashSet::new();
    for contact in contacts.values().filter(|c| !seen_contacts.contains(&c.id)) {
        let (text, uid) = card_of(contact);
        let mut name = file_name(&uid);
        // Two UIDs can make one file name, and a file that is not a card may have it.
        if !planned.insert(name.clone()) || dir.join(&name).exists() {
            name = format!("{}-{}.vcf", name.trim_end_matches(".vcf"), contact.id);
            planned.insert(name.clone());
        }
        summary.written += 1;
        changes.push(FileChange::Write { name: name.clone(), text: text.clone() });
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
            FileChange::Write { name, text } => write_private(&dir.join(name), text.as_bytes())?,
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
