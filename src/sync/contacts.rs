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
//!
//! As real clients use the folder (DESIGN.md "Sync and scan as real clients use
//! them"): a file is rewritten from its own bytes ([`vcard::rewrite`]), so what
//! netcrm does not manage stays on the phone; the order of e-mails, phones and tags
//! on a card is the card's, the contact's netcrm's ([`FieldValue`]); e-mail ownership
//! is decided after the sync's removals ([`email_owners`]); and the years khard writes
//! for a birthday without one are read as none ([`yearless_as_before`]).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::Path;

use chrono::Datelike;

use crate::dates::Birthday;
use crate::error::{Error, Result};
use crate::files::write_private;
use crate::formats::{Card, Warn, vcard};
use crate::ingest::{self, NewContacts};
use crate::model::Contact;
use crate::store::{Db, SyncCard};
use crate::text::fold;
use crate::validate;

/// More removals than this in one sync need `--yes`.
const REMOVALS_WITHOUT_YES: usize = 10;

/// What a contacts sync did (or would do).
pub use crate::output::json::ContactsSynced as Summary;

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

    /// Whether the two hold the same values, e-mails, phones and tags in any order
    /// (see [`FieldValue`]).
    fn same(&self, other: &Fields) -> bool {
        macro_rules! same {
            ($($name:ident),*) => { $(self.$name.same(&other.$name))&&* };
        }
        same!(name, emails, phones, company, title, linkedin, tags, notes, birthday)
    }

    /// Three-way merge: each field changed on one side (against `base`) takes that
    /// side; one changed on both keeps `mine`. E-mails, phones and tags count as
    /// changed when their values changed, not their order, and a list taken from
    /// `theirs` keeps `mine`'s order ([`FieldValue`]). A `forgotten` field (see
    /// [`forget_old_values`]) counts as changed in netcrm, whatever the base says.
    /// Returns the merge and the fields in conflict, with the value `theirs` had and
    /// whether the base's value was forgotten.
    fn merge(
        base: &Fields,
        mine: &Fields,
        theirs: &Fields,
        forgotten: &BTreeSet<String>,
    ) -> (Fields, Vec<(&'static str, String, bool)>) {
        let mut merged = mine.clone();
        let mut conflicts = Vec::new();
        macro_rules! field {
            ($name:ident) => {
                if forgotten.contains(stringify!($name)) {
                    if !mine.$name.same(&theirs.$name) {
                        conflicts.push((stringify!($name), theirs.$name.shown(), true));
                    }
                } else if !theirs.$name.same(&base.$name) {
                    if mine.$name.same(&base.$name) {
                        merged.$name = FieldValue::taken(&mine.$name, &theirs.$name);
                    } else if !mine.$name.same(&theirs.$name) {
                        conflicts.push((stringify!($name), theirs.$name.shown(), false));
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

    /// The fields whose values differ between `self` and `other`.
    fn differing(&self, other: &Fields) -> Vec<&'static str> {
        let mut differing = Vec::new();
        macro_rules! field {
            ($($name:ident),*) => {
                $(if self.$name != other.$name {
                    differing.push(stringify!($name));
                })*
            };
        }
        field!(name, emails, phones, company, title, linkedin, tags, notes, birthday);
        differing
    }
}

/// How the merge compares a field's values and takes the card's.
trait FieldValue: Clone + PartialEq {
    /// Whether the two are the same value.
    fn same(&self, other: &Self) -> bool {
        self == other
    }

    /// The value the merge takes when only the card changed it.
    fn taken(_mine: &Self, theirs: &Self) -> Self {
        theirs.clone()
    }
}

impl FieldValue for String {}

impl FieldValue for Option<String> {}

/// E-mails, phones and tags: the order of a card's lines is the card's (khard sorts
/// e-mails), the contact's is netcrm's (the first e-mail is how `due` reaches them):
/// lists are the same when they hold the same values, and a changed list taken from
/// the card keeps the contact's order, the card's new values after it.
impl FieldValue for Vec<String> {
    fn same(&self, other: &Self) -> bool {
        self.len() == other.len() && {
            let theirs: HashSet<&str> = other.iter().map(String::as_str).collect();
            self.iter().all(|value| theirs.contains(value.as_str()))
        }
    }

    fn taken(mine: &Self, theirs: &Self) -> Self {
        let in_theirs: HashSet<&str> = theirs.iter().map(String::as_str).collect();
        let in_mine: HashSet<&str> = mine.iter().map(String::as_str).collect();
        let kept = mine.iter().filter(|value| in_theirs.contains(value.as_str()));
        let added = theirs.iter().filter(|value| !in_mine.contains(value.as_str()));
        kept.chain(added).cloned().collect()
    }
}

/// khard cannot write a vCard 3.0 birthday without a year: it writes 1900-MM-DD (its
/// placeholder for an unknown year), and rewrites netcrm's
/// `BDAY;X-APPLE-OMIT-YEAR=1604:1604-MM-DD` as `BDAY:1604-MM-DD`. On a card whose base
/// had no year (a birthday without one, or none), either year means none.
fn yearless_as_before(theirs: &mut Fields, base: &Fields) {
    let parse = |birthday: &Option<String>| birthday.as_deref().and_then(|b| Birthday::parse(b).ok());
    if matches!(parse(&base.birthday), Some(Birthday::Full(_))) {
        return;
    }
    if let Some(Birthday::Full(date)) = parse(&theirs.birthday)
        && matches!(date.year(), 1900 | 1604)
    {
        theirs.birthday = Some(Birthday::Yearless { month: date.month(), day: date.day() }.to_string());
    }
}

/// The line of a base card that names the fields netcrm changed since the last sync
/// whose value at that sync `undo --clear` has forgotten ([`forget_old_values`]).
const FORGOTTEN: &str = "X-NETCRM-FORGOTTEN:";

/// The fields a base card marks as forgotten.
fn forgotten_fields(base: &str) -> BTreeSet<String> {
    base.lines()
        .filter_map(|line| line.trim_end_matches('\r').strip_prefix(FORGOTTEN))
        .flat_map(|fields| fields.split(','))
        .filter(|field| !field.is_empty())
        .map(str::to_string)
        .collect()
}

/// The fields of a base card, when it is one.
fn base_fields(base: &str) -> Option<Fields> {
    vcard::parse(base.as_bytes()).ok().and_then(|p| p.cards.into_iter().next()).map(|c| Fields::of_card(&c))
}

/// For `undo --clear`: forgetting must reach the sync bookkeeping too, whose base card
/// of each synced contact (the card as netcrm last wrote or read it) still holds the
/// values netcrm has changed since that sync: an old note, company or name.
///
/// Each base whose fields differ from the contact's becomes the contact's card as it
/// is now, with a line naming the fields that differed: "changed in netcrm since the
/// last sync, the old value forgotten". The merge counts such a field as changed in
/// netcrm: netcrm's value is written to the card, and when the card's value differs
/// from it, that is reported as a conflict (as a change on both sides is), since
/// whether the phone changed it too can no longer be told. Fields netcrm did not
/// change keep their three-way merge, so a change made only on the phone is still
/// taken. The trade-off: after `--clear`, a card whose file did change since (on the
/// phone, in another field) reports a conflict for each such field even when only
/// netcrm changed it, and never loses either value silently. The other way, writing
/// every such card now, would make `undo --clear` write the sync folder (which may
/// be gone or elsewhere) and merge with the phone outside `sync`. What stays of a
/// synced card is the file's name and the hash of its bytes as last synced (of the
/// whole file: a guess of the entire old card could be checked against it, nothing
/// can be read from it). A removed contact's base is emptied (`rm` does so itself).
/// Returns how many bases were rewritten.
pub fn forget_old_values(db: &Db) -> Result<usize> {
    let records = db.sync_cards()?;
    if records.iter().all(|r| r.base.is_empty()) {
        return Ok(0);
    }
    let contacts: HashMap<i64, Contact> =
        db.contacts(&Default::default())?.into_iter().map(|c| (c.id, c)).collect();
    let mut rewritten = 0;
    for record in records.into_iter().filter(|r| !r.base.is_empty()) {
        let Some(contact) = contacts.get(&record.contact_id) else {
            // Removed by an undo (of their `add`, of an import), which does not go
            // through `rm`: blanked as `rm` blanks it.
            db.set_sync_card(&SyncCard { base: String::new(), ..record })?;
            rewritten += 1;
            continue;
        };
        let mine = Fields::of_contact(contact);
        let mut forgotten = forgotten_fields(&record.base);
        match base_fields(&record.base) {
            Some(base) => forgotten.extend(base.differing(&mine).into_iter().map(str::to_string)),
            // Never so (netcrm wrote it): forget it all, every field then netcrm's.
            None => forgotten
                .extend(mine.differing(&Fields::of_card(&Card::default())).into_iter().map(str::to_string)),
        }
        let mut base = card_of(contact).0;
        if !forgotten.is_empty() {
            let end = base.rfind("END:VCARD").unwrap_or(base.len());
            let names: Vec<&str> = forgotten.iter().map(String::as_str).collect();
            base.insert_str(end, &format!("{FORGOTTEN}{}\r\n", names.join(",")));
        }
        if base != record.base {
            db.set_sync_card(&SyncCard { base, ..record })?;
            rewritten += 1;
        }
    }
    Ok(rewritten)
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
pub struct CardFile {
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
    let mut email_owners =
        email_owners(contacts.values(), &removals, merges.iter().map(|merge| (merge.contact, &merge.merged)));
    for Merged { uid, contact, card, mine, theirs, mut merged, netcrm_changed } in merges {
        let who = format!("{} (#{})", contact.name, contact.id);
        merged.drop_taken(contact.id, &who, &mut email_owners, warnings);
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
                fields.drop_taken(provisional, &card.name, &mut email_owners, warnings);
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

/// Who has each e-mail (folded) once the sync's `removed` contacts are gone and each
/// contact's merge (`merged`: the contact and what its fields become) has let go of
/// the e-mails it removes: what a card may not take from another contact.
fn email_owners<'a>(
    contacts: impl Iterator<Item = &'a Contact>,
    removed: &[i64],
    merged: impl Iterator<Item = (&'a Contact, &'a Fields)>,
) -> HashMap<String, i64> {
    let removed: HashSet<i64> = removed.iter().copied().collect();
    let mut owners: HashMap<String, i64> = contacts
        .filter(|c| !removed.contains(&c.id))
        .flat_map(|c| c.emails.iter().map(|e| (fold(e.trim()), c.id)))
        .collect();
    for (contact, fields) in merged {
        let kept: HashSet<String> = fields.emails.iter().map(|e| fold(e.trim())).collect();
        for email in contact.emails.iter().map(|e| fold(e.trim())).filter(|e| !kept.contains(e)) {
            if owners.get(&email) == Some(&contact.id) {
                owners.remove(&email);
            }
        }
    }
    owners
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

    fn strings(values: &[&str]) -> Vec<String> {
        values.iter().map(|v| v.to_string()).collect()
    }

    fn fields(emails: &[&str]) -> Fields {
        Fields {
            name: "Ada".to_string(),
            emails: strings(emails),
            phones: vec![],
            company: None,
            title: None,
            linkedin: None,
            tags: vec![],
            notes: None,
            birthday: None,
        }
    }

    fn contact(id: i64, emails: &[&str]) -> Contact {
        Contact { emails: strings(emails), ..Contact::new(id, "Someone", chrono::NaiveDate::MIN) }
    }

    /// The e-mails each merge keeps after ownership is decided, and the warnings.
    fn claimed(
        contacts: &[Contact],
        removed: &[i64],
        merges: &[(i64, Fields)],
    ) -> (Vec<(i64, Vec<String>)>, Vec<String>) {
        let by_id: HashMap<i64, &Contact> = contacts.iter().map(|c| (c.id, c)).collect();
        let mut owners =
            email_owners(contacts.iter(), removed, merges.iter().map(|(id, fields)| (by_id[id], fields)));
        let mut warnings = Vec::new();
        let kept = merges
            .iter()
            .map(|(id, fields)| {
                let mut fields = fields.clone();
                fields.drop_taken(*id, &format!("#{id}"), &mut owners, &mut warnings);
                (*id, fields.emails)
            })
            .collect();
        (kept, warnings)
    }

    #[test]
    fn an_email_of_a_contact_removed_in_the_same_sync_may_be_taken() {
        let contacts = [contact(1, &["a@x.example"]), contact(2, &["b@x.example"])];
        // khard merge: card 1 takes card 2's e-mail, card 2 is removed.
        let (kept, warnings) = claimed(&contacts, &[2], &[(1, fields(&["a@x.example", "b@x.example"]))]);
        assert_eq!(kept, [(1, strings(&["a@x.example", "b@x.example"]))]);
        assert_eq!(warnings, Vec::<String>::new());
        // Not removed: it stays the other contact's.
        let (kept, warnings) = claimed(&contacts, &[], &[(1, fields(&["a@x.example", "B@x.example"]))]);
        assert_eq!(kept, [(1, strings(&["a@x.example"]))]);
        assert_eq!(warnings, ["#1: B@x.example is another contact's e-mail; not added"]);
    }

    #[test]
    fn an_email_moved_between_two_merged_cards_is_taken_in_either_order() {
        let contacts = [contact(1, &["a@x.example", "m@x.example"]), contact(2, &["b@x.example"])];
        let gives = (1, fields(&["a@x.example"]));
        let takes = (2, fields(&["b@x.example", "m@x.example"]));
        for merges in [[gives.clone(), takes.clone()], [takes.clone(), gives.clone()]] {
            let (kept, warnings) = claimed(&contacts, &[], &merges);
            assert!(kept.contains(&(2, strings(&["b@x.example", "m@x.example"]))), "{kept:?}");
            assert_eq!(warnings, Vec::<String>::new());
        }
    }

    #[test]
    fn lists_in_another_order_are_the_same_and_a_taken_list_keeps_netcrms_order() {
        let none = BTreeSet::new();
        let base = fields(&["z@x.example", "a@x.example"]);
        // khard sorted the e-mails: no change, no conflict.
        let sorted = fields(&["a@x.example", "z@x.example"]);
        assert!(base.same(&sorted) && base != sorted);
        assert_eq!(Fields::merge(&base, &base, &sorted, &none), (base.clone(), vec![]));
        // One added first on the phone: after netcrm's; the first one removed there:
        // the next one first.
        let added = fields(&["b@x.example", "a@x.example", "z@x.example"]);
        assert_eq!(
            Fields::merge(&base, &base, &added, &none).0.emails,
            ["z@x.example", "a@x.example", "b@x.example"]
        );
        let removed = fields(&["a@x.example"]);
        assert_eq!(Fields::merge(&base, &base, &removed, &none).0.emails, ["a@x.example"]);
        // Reordered in netcrm and changed on the phone: the phone's values, netcrm's order.
        let mine = fields(&["a@x.example", "z@x.example"]);
        assert_eq!(
            Fields::merge(&base, &mine, &added, &none),
            (fields(&["a@x.example", "z@x.example", "b@x.example"]), vec![])
        );
        // Changed on both sides to different values: a conflict, netcrm's kept.
        let other = fields(&["c@x.example"]);
        let (merged, conflicts) = Fields::merge(&base, &other, &added, &none);
        assert_eq!(merged, other);
        assert_eq!(conflicts.len(), 1);
    }

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

    #[test]
    fn khards_birthday_years_are_no_year_when_the_base_had_none() {
        let with = |birthday: Option<&str>| Fields { birthday: birthday.map(str::to_string), ..fields(&[]) };
        for (base, card, read) in [
            (Some("--12-10"), Some("1900-12-10"), Some("--12-10")),
            (Some("--12-10"), Some("1604-12-10"), Some("--12-10")),
            (Some("--12-10"), Some("1900-03-04"), Some("--03-04")),
            (None, Some("1900-07-14"), Some("--07-14")),
            (Some("--12-10"), Some("1901-12-10"), Some("1901-12-10")),
            (Some("--12-10"), Some("--12-10"), Some("--12-10")),
            (Some("--12-10"), None, None),
            // A base with a year: the card's year is a year.
            (Some("1990-05-12"), Some("1900-05-12"), Some("1900-05-12")),
            (Some("1990-05-12"), Some("1604-05-12"), Some("1604-05-12")),
        ] {
            let mut theirs = with(card);
            yearless_as_before(&mut theirs, &with(base));
            assert_eq!(theirs.birthday.as_deref(), read, "base {base:?}, card {card:?}");
        }
    }
}
