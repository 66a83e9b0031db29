//! What a contacts sync does, decided before anything is done: [`plan`] takes the
//! synced records, the contacts and the cards read from the folder, and returns the
//! files to write, rewrite and remove, the contacts to update, remove and create, the
//! records to keep and forget, the warnings and the summary ([`Plan`]), and
//! [`Plan::check`] is the removal guard. PURE: it reads no file, database or clock
//! (today comes in the rules for new contacts); `contacts.rs` reads what it is given
//! and applies what it returns.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use super::card::{card_of, file_name, uid_of};
use super::contacts::{Asked, CardFile, Folder};
use super::fields::{Fields, base_fields, yearless_as_before};
use super::forget::forgotten_fields;
use super::owners::EmailOwners;
use crate::error::{Error, Result};
use crate::files::FileStat;
use crate::formats::{Card, Warn};
use crate::ingest::{self, NewContacts};
use crate::model::Contact;
use crate::store::SyncCard;

/// More removals than this in one sync need `--yes`.
const REMOVALS_WITHOUT_YES: usize = 10;

/// What a contacts sync did (or would do).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    /// Card files written: new, or rewritten with what netcrm has.
    pub written: usize,
    /// Contacts whose fields a card changed.
    pub read: usize,
    /// Contacts made of cards new to netcrm.
    pub created: usize,
    /// Contacts and cards removed because the other side removed them.
    pub removed: usize,
    /// Fields changed on both sides (netcrm's kept, the card's reported).
    pub conflicts: usize,
}

/// A change to a file of the folder, decided before anything is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum FileChange {
    /// A new file holding `text`: netcrm's card of a contact that had none.
    Write { name: String, text: String },
    /// The card file `name` rewritten from its own bytes to say what `contact` says (so
    /// that what netcrm does not manage stays): read again first, and refused when its
    /// bytes no longer hash to `read`, their hash when the sync read the folder.
    Rewrite { name: String, read: String, contact: Box<Contact> },
    /// A card file removed: its contact was removed in netcrm.
    Remove { name: String },
}

/// A synced card as the sync leaves it: a row of the bookkeeping ([`SyncCard`]) whose
/// hash may be known only once the file is rewritten.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Record {
    pub(super) uid: String,
    pub(super) contact_id: i64,
    pub(super) file: String,
    /// The card as netcrm now has it.
    pub(super) base: String,
    /// The hash of the file's bytes as read or written; `None` for a file the plan
    /// rewrites ([`FileChange::Rewrite`]): the hash of what the rewrite makes.
    pub(super) hash: Option<String>,
    /// What stat said of the file when it was read; `None` for a file the plan writes
    /// (stat is asked once it is written).
    pub(super) seen: Option<FileStat>,
}

/// A contact made of a card new to netcrm, and the record of its card (its base is
/// the card of the contact once stored, with its id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Creation {
    pub(super) contact: Contact,
    pub(super) uid: String,
    pub(super) file: String,
    /// As in [`Record::hash`].
    pub(super) hash: Option<String>,
    /// As in [`Record::seen`].
    pub(super) seen: Option<FileStat>,
}

/// What a contacts sync does: the files first, then, in one transaction, the rest.
#[derive(Debug, Default)]
pub(super) struct Plan {
    /// The changes to the folder's files, in the order they are made.
    pub(super) files: Vec<FileChange>,
    /// Contacts whose fields a card changed, as they become.
    pub(super) updates: Vec<Contact>,
    /// Contacts whose card was removed on the phone.
    pub(super) removals: Vec<i64>,
    /// The UIDs of the records that go (a removal on either side or both).
    pub(super) forget: Vec<String>,
    /// The records written again, as the sync leaves them.
    pub(super) records: Vec<Record>,
    /// Contacts made of cards new to netcrm.
    pub(super) creations: Vec<Creation>,
    /// Synced cards whose file was read because stat said something new of it, and
    /// found unchanged (touched, or copied back): what stat says now, to keep.
    pub(super) restat: Vec<(String, FileStat)>,
    pub(super) summary: Summary,
    /// Conflicts, e-mails not taken and cards left alone, one line each.
    pub(super) warnings: Vec<String>,
    /// The folder holds no card at all.
    no_cards: bool,
}

impl Plan {
    /// The removal guard: an error, and nothing is to be done, when the folder (`dir`)
    /// holds no card at all while contacts were synced with it (almost surely the wrong
    /// folder, or one emptied by mistake; only `--yes` with the folder given goes
    /// ahead), or when more than [`REMOVALS_WITHOUT_YES`] contacts or cards would be
    /// removed without `--yes`.
    pub(super) fn check(&self, dir: &Path, asked: &Asked) -> Result<()> {
        if self.no_cards && !self.removals.is_empty() && !(asked.yes && asked.given) {
            return Err(Error::SyncFolderEmpty { path: dir.to_path_buf(), synced: self.removals.len() });
        }
        if self.summary.removed > REMOVALS_WITHOUT_YES && !asked.yes {
            return Err(Error::Cancelled(format!(
                "this sync would remove {} contacts or cards (more than {REMOVALS_WITHOUT_YES}); nothing was changed: \
                 run netcrm sync --dry-run to see them, netcrm sync --yes to go ahead",
                self.summary.removed
            )));
        }
        Ok(())
    }
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

/// What the sync of `folder` with the records `rows` and the `contacts` (by id)
/// changes; cards new to netcrm become contacts by the rules `new` (today among them).
///
/// Each synced card is matched with its contact by UID. Removed on one side: removed on
/// the other. Changed since the last sync on either side (its file's hash, or the
/// contact's fields against the base): merged field by field (`fields.rs`), conflicts
/// reported; the contact takes what the card changed, and the file is rewritten when
/// netcrm has something the card lacks. E-mail ownership is decided after the removals
/// and merges (`owners.rs`). Then the files netcrm has not seen: the card of a contact
/// of the same UID (a sync cut short) is adopted, any other is a new contact. Last, a
/// new file for each contact with none.
pub(super) fn plan(
    rows: &[SyncCard],
    contacts: &BTreeMap<i64, Contact>,
    folder: &Folder,
    new: &NewContacts,
) -> Plan {
    let files = &folder.cards;
    let mut plan = Plan { no_cards: files.is_empty(), ..Plan::default() };
    let mut seen_contacts = HashSet::new();
    let mut seen_files = HashSet::new();

    // Removals first, and each card changed since the last sync merged with its contact.
    let mut merges: Vec<Merged<'_>> = Vec::new();
    for SyncCard { uid, contact_id, file: _, base, hash: stored_hash, seen: _ } in rows {
        let contact = contacts.get(contact_id);
        let card = files.get(uid);
        seen_files.insert(uid.as_str());
        seen_contacts.insert(*contact_id);
        match (contact, card) {
            (None, None) => plan.forget.push(uid.clone()),
            (None, Some(card)) => {
                plan.files.push(FileChange::Remove { name: card.name.clone() });
                plan.forget.push(uid.clone());
                plan.summary.removed += 1;
            }
            (Some(contact), None) => {
                plan.removals.push(contact.id);
                plan.forget.push(uid.clone());
                plan.summary.removed += 1;
            }
            (Some(contact), Some(card)) => {
                let file_changed = &card.hash != stored_hash;
                // The base is the card netcrm wrote of the contact as it was: the same
                // card now is a contact unchanged, told without reading the base.
                let unchanged_here = card_of(contact).0 == *base;
                if !file_changed && unchanged_here {
                    // Read, and the same bytes: stat's new word on it is kept.
                    if let (Some(_), Some(seen)) = (&card.card, card.seen) {
                        plan.restat.push((uid.clone(), seen));
                    }
                    continue;
                }
                let base_fields = base_fields(base).unwrap_or_else(|| Fields::of_contact(contact));
                let forgotten = forgotten_fields(base);
                let mine = Fields::of_contact(contact);
                let netcrm_changed = mine != base_fields || !forgotten.is_empty();
                if !file_changed && !netcrm_changed {
                    // Read, and the same bytes: stat's new word on it is kept.
                    if let (Some(_), Some(seen)) = (&card.card, card.seen) {
                        plan.restat.push((uid.clone(), seen));
                    }
                    continue;
                }
                // A file stat showed unchanged was not read: it says what the base says.
                let mut theirs = card.card.as_ref().map_or_else(|| base_fields.clone(), Fields::of_card);
                yearless_as_before(&mut theirs, &base_fields);
                let merged = if file_changed {
                    let (merged, conflicts) = Fields::merge(&base_fields, &mine, &theirs, &forgotten);
                    for (field, value, forgotten) in &conflicts {
                        let how = if *forgotten {
                            "changed in netcrm since the last sync, and whether the card changed it too \
                             cannot be told (undo --clear forgot the old value)"
                        } else {
                            "changed on both sides"
                        };
                        plan.warnings.push(format!(
                            "{} (#{}): {field} {how}; kept netcrm's, the card had {value}",
                            contact.name, contact.id
                        ));
                    }
                    plan.summary.conflicts += conflicts.len();
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
        &plan.removals,
        merges.iter().map(|merge| (merge.contact, &merge.merged)),
    );
    for Merged { uid, contact, card, mine, theirs, mut merged, netcrm_changed } in merges {
        let who = format!("{} (#{})", contact.name, contact.id);
        email_owners.claim(&mut merged, contact.id, &who, &mut plan.warnings);
        let mut updated = contact.clone();
        merged.apply(&mut updated);
        if merged != mine {
            plan.summary.read += 1;
            plan.updates.push(updated.clone());
        }
        let base = card_of(&updated).0;
        // The file keeps its bytes unless netcrm has something the card lacks.
        let rewrite = !merged.same(&theirs) || netcrm_changed;
        let (hash, seen) = plan.keep_or_rewrite(card, rewrite.then_some(updated));
        plan.records.push(Record {
            uid: uid.to_string(),
            contact_id: contact.id,
            file: card.name.clone(),
            base,
            hash,
            seen,
        });
    }

    // Files netcrm has not seen: the card of a contact (a sync cut short), or someone new.
    let unsynced_by_uid: HashMap<String, i64> =
        contacts.values().filter(|c| !seen_contacts.contains(&c.id)).map(|c| (uid_of(c), c.id)).collect();
    for (uid, card) in files.iter().filter(|(uid, _)| !seen_files.contains(uid.as_str())) {
        // Always read: only the file of a card synced before can go unread.
        let Some(parsed) = &card.card else { continue };
        let owner = unsynced_by_uid
            .get(uid.as_str())
            .and_then(|id| contacts.get(id))
            .filter(|c| !seen_contacts.contains(&c.id));
        match owner {
            Some(contact) => {
                seen_contacts.insert(contact.id);
                let rewrite = !Fields::of_card(parsed).same(&Fields::of_contact(contact));
                let (hash, seen) = plan.keep_or_rewrite(card, rewrite.then(|| contact.clone()));
                let base = card_of(contact).0;
                plan.records.push(Record {
                    uid: uid.clone(),
                    contact_id: contact.id,
                    file: card.name.clone(),
                    base,
                    hash,
                    seen,
                });
            }
            None => {
                let Some(mut contact) = new_contact(&card.name, parsed, uid, new, &mut plan.warnings) else {
                    continue;
                };
                // New contacts have no id yet: a negative number stands for each.
                let provisional = -1 - plan.creations.len() as i64;
                let mut fields = Fields::of_contact(&contact);
                email_owners.claim(&mut fields, provisional, &card.name, &mut plan.warnings);
                contact.emails.clone_from(&fields.emails);
                plan.summary.created += 1;
                // Something was not taken: the card says so on the phone too.
                let rewrite = fields != Fields::of_card(parsed);
                let (hash, seen) = plan.keep_or_rewrite(card, rewrite.then(|| contact.clone()));
                plan.creations.push(Creation {
                    contact,
                    uid: uid.clone(),
                    file: card.name.clone(),
                    hash,
                    seen,
                });
            }
        }
    }

    // Contacts with no file yet.
    let mut planned = HashSet::new();
    for contact in contacts.values().filter(|c| !seen_contacts.contains(&c.id)) {
        let (text, uid) = card_of(contact);
        let mut name = file_name(&uid);
        // Two UIDs can make one file name, and a file that is not a card may have it.
        if !planned.insert(name.clone()) || folder.names.contains(&name) {
            name = format!("{}-{}.vcf", name.trim_end_matches(".vcf"), contact.id);
            planned.insert(name.clone());
        }
        plan.summary.written += 1;
        let hash = Some(super::card::hash(text.as_bytes()));
        plan.files.push(FileChange::Write { name: name.clone(), text: text.clone() });
        plan.records.push(Record { uid, contact_id: contact.id, file: name, base: text, hash, seen: None });
    }
    plan
}

impl Plan {
    /// The hash a synced `card` file has once the sync is done: as read, or, when it
    /// is rewritten to say what the contact `rewrite` says (a rewrite planned here),
    /// `None`, that of the rewrite.
    fn keep_or_rewrite(
        &mut self,
        card: &CardFile,
        rewrite: Option<Contact>,
    ) -> (Option<String>, Option<FileStat>) {
        let Some(contact) = rewrite else {
            return (Some(card.hash.clone()), card.seen);
        };
        self.summary.written += 1;
        self.files.push(FileChange::Rewrite {
            name: card.name.clone(),
            read: card.hash.clone(),
            contact: Box::new(contact),
        });
        (None, None)
    }
}

/// The contact a card new to netcrm becomes: the one an import makes of it (the
/// matcher's card rules, [`ingest::card`], with `new`: `sync` gives no thank-you),
/// with the file's UID. `None`, with a warning, for a card with no name, company or
/// e-mail.
fn new_contact(
    file: &str,
    card: &Card,
    uid: &str,
    new: &NewContacts,
    warnings: &mut Vec<String>,
) -> Option<Contact> {
    let mut said = FileWarnings { file, warnings };
    let checked = ingest::check(card, &mut said)?;
    let mut contact = new.contact(card, checked);
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

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::dates::Cadence;
    use crate::formats::vcard;
    use crate::sync::card::hash;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
    }

    fn new_contacts() -> NewContacts {
        NewContacts { cadence: Cadence::None, tags: Vec::new(), today: day(), no_thank_you: true }
    }

    fn contact(id: i64, name: &str, emails: &[&str]) -> Contact {
        Contact {
            emails: emails.iter().map(|e| e.to_string()).collect(),
            ..Contact::new(id, name, NaiveDate::from_ymd_opt(2026, 1, 1).unwrap())
        }
    }

    /// A synced pair: the record of `contact`'s card as netcrm wrote it, and the file.
    fn synced(contact: &Contact) -> (SyncCard, String) {
        let (text, uid) = card_of(contact);
        let name = file_name(&uid);
        let row = SyncCard {
            uid,
            contact_id: contact.id,
            file: name,
            base: text.clone(),
            hash: hash(text.as_bytes()),
            seen: None,
        };
        (row, text)
    }

    /// A folder holding these files (name, text).
    fn folder(files: &[(&str, &str)]) -> Folder {
        let mut folder = Folder { cards: BTreeMap::new(), names: HashSet::new(), warnings: Vec::new() };
        for (name, text) in files {
            folder.names.insert(name.to_string());
            let card = vcard::parse(text.as_bytes()).unwrap().cards.remove(0);
            let uid = card.uid.clone().unwrap_or_else(|| name.trim_end_matches(".vcf").to_string());
            folder.cards.insert(
                uid,
                CardFile {
                    name: name.to_string(),
                    hash: hash(text.as_bytes()),
                    card: Some(card),
                    seen: None,
                },
            );
        }
        folder
    }

    fn by_id(contacts: &[Contact]) -> BTreeMap<i64, Contact> {
        contacts.iter().map(|c| (c.id, c.clone())).collect()
    }

    #[test]
    fn a_contact_with_no_card_gets_a_new_file_and_its_record() {
        let ada = contact(1, "Ada Lovelace", &["ada@example.com"]);
        let plan = plan(&[], &by_id(std::slice::from_ref(&ada)), &folder(&[]), &new_contacts());
        let (text, uid) = card_of(&ada);
        assert_eq!(
            plan.files,
            [FileChange::Write { name: "netcrm-contact-1.vcf".into(), text: text.clone() }]
        );
        assert_eq!(plan.records.len(), 1);
        assert_eq!(plan.records[0].uid, uid);
        assert_eq!(plan.records[0].hash, Some(hash(text.as_bytes())));
        assert_eq!(plan.summary, Summary { written: 1, ..Summary::default() });
        assert!(plan.updates.is_empty() && plan.creations.is_empty() && plan.warnings.is_empty());
    }

    #[test]
    fn nothing_changed_on_either_side_plans_nothing() {
        let ada = contact(1, "Ada Lovelace", &["ada@example.com"]);
        let (row, text) = synced(&ada);
        let plan =
            plan(std::slice::from_ref(&row), &by_id(&[ada]), &folder(&[(&row.file, &text)]), &new_contacts());
        assert!(plan.files.is_empty() && plan.records.is_empty() && plan.updates.is_empty(), "{plan:?}");
        assert_eq!(plan.summary, Summary::default());
    }

    #[test]
    fn a_field_changed_on_the_phone_updates_the_contact_and_keeps_the_file() {
        let ada = contact(1, "Ada Lovelace", &["ada@example.com"]);
        let (row, text) = synced(&ada);
        let edited = text.replace("END:VCARD", "TITLE:Analyst\r\nEND:VCARD");
        let plan = plan(
            std::slice::from_ref(&row),
            &by_id(&[ada]),
            &folder(&[(&row.file, &edited)]),
            &new_contacts(),
        );
        assert_eq!(plan.updates.len(), 1);
        assert_eq!(plan.updates[0].title.as_deref(), Some("Analyst"));
        assert!(plan.files.is_empty(), "the card already says it: {:?}", plan.files);
        assert_eq!(plan.records[0].hash, Some(hash(edited.as_bytes())));
        assert_eq!(plan.summary, Summary { read: 1, ..Summary::default() });
    }

    #[test]
    fn a_field_changed_on_both_sides_keeps_netcrms_rewrites_the_card_and_says_so() {
        let ada = contact(1, "Ada Lovelace", &["ada@example.com"]);
        let (row, text) = synced(&ada);
        let on_phone = text.replace("END:VCARD", "TITLE:Analyst\r\nEND:VCARD");
        let in_netcrm = Contact { title: Some("Engineer".into()), ..ada };
        let plan = plan(
            std::slice::from_ref(&row),
            &by_id(std::slice::from_ref(&in_netcrm)),
            &folder(&[(&row.file, &on_phone)]),
            &new_contacts(),
        );
        assert!(plan.updates.is_empty(), "netcrm's value is kept: {:?}", plan.updates);
        assert_eq!(
            plan.files,
            [FileChange::Rewrite {
                name: row.file.clone(),
                read: hash(on_phone.as_bytes()),
                contact: Box::new(in_netcrm)
            }]
        );
        assert_eq!(plan.records[0].hash, None, "known once the file is rewritten");
        assert_eq!(plan.summary, Summary { written: 1, conflicts: 1, ..Summary::default() });
        assert_eq!(plan.warnings.len(), 1);
        assert!(
            plan.warnings[0].contains("changed on both sides; kept netcrm's, the card had \"Analyst\""),
            "{:?}",
            plan.warnings
        );
    }

    #[test]
    fn a_removal_on_either_side_is_made_on_the_other_and_the_record_forgotten() {
        let ada = contact(1, "Ada Lovelace", &[]);
        let grace = contact(2, "Grace Hopper", &[]);
        let (ada_row, _) = synced(&ada);
        let (grace_row, grace_text) = synced(&grace);
        // Ada's card was removed on the phone; Grace was removed in netcrm.
        let plan = plan(
            &[ada_row.clone(), grace_row.clone()],
            &by_id(&[ada]),
            &folder(&[(&grace_row.file, &grace_text)]),
            &new_contacts(),
        );
        assert_eq!(plan.removals, [1]);
        assert_eq!(plan.files, [FileChange::Remove { name: grace_row.file.clone() }]);
        assert_eq!(plan.forget, [ada_row.uid, grace_row.uid]);
        assert_eq!(plan.summary, Summary { removed: 2, ..Summary::default() });
    }

    #[test]
    fn a_new_card_becomes_a_contact_as_an_import_makes_it_but_not_with_anothers_email() {
        let ada = contact(1, "Ada Lovelace", &["ada@example.com"]);
        let (row, text) = synced(&ada);
        let new = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:phone-1\r\nFN:Ada L.\r\nEMAIL:ada@example.com\r\nEMAIL:al@example.org\r\nEND:VCARD\r\n";
        let plan = plan(
            std::slice::from_ref(&row),
            &by_id(&[ada]),
            &folder(&[(&row.file, &text), ("phone-1.vcf", new)]),
            &new_contacts(),
        );
        assert_eq!(plan.creations.len(), 1);
        let created = &plan.creations[0];
        assert_eq!((created.contact.name.as_str(), created.uid.as_str()), ("Ada L.", "phone-1"));
        assert_eq!(created.contact.emails, ["al@example.org"], "Ada keeps hers");
        assert!(created.contact.no_thank_you);
        // The card says so on the phone too: it is rewritten without that e-mail.
        assert!(matches!(&plan.files[..], [FileChange::Rewrite { name, .. }] if name == "phone-1.vcf"));
        assert_eq!(plan.summary, Summary { created: 1, written: 1, ..Summary::default() });
        assert!(plan.warnings.iter().any(|w| w.contains("ada@example.com")), "{:?}", plan.warnings);
    }

    #[test]
    fn an_email_moved_between_cards_on_the_phone_in_one_sync_is_kept() {
        // khard merge: Grace's card takes Ada's e-mail, Ada's card is removed.
        let ada = contact(1, "Ada Lovelace", &["ada@example.com"]);
        let grace = contact(2, "Grace Hopper", &["grace@example.com"]);
        let (ada_row, _) = synced(&ada);
        let (grace_row, grace_text) = synced(&grace);
        let merged = grace_text.replace("END:VCARD", "EMAIL:ada@example.com\r\nEND:VCARD");
        let plan = plan(
            &[ada_row, grace_row.clone()],
            &by_id(&[ada, grace]),
            &folder(&[(&grace_row.file, &merged)]),
            &new_contacts(),
        );
        assert_eq!(plan.removals, [1]);
        assert_eq!(plan.updates.len(), 1);
        assert_eq!(plan.updates[0].emails, ["grace@example.com", "ada@example.com"]);
        assert!(plan.warnings.is_empty(), "{:?}", plan.warnings);
    }

    #[test]
    fn a_file_name_taken_by_a_file_that_is_not_a_card_is_not_overwritten() {
        let ada = contact(1, "Ada Lovelace", &[]);
        let mut taken = folder(&[]);
        taken.names.insert("netcrm-contact-1.vcf".into());
        let plan = plan(&[], &by_id(&[ada]), &taken, &new_contacts());
        assert!(
            matches!(&plan.files[..], [FileChange::Write { name, .. }] if name == "netcrm-contact-1-1.vcf")
        );
    }

    #[test]
    fn the_guard_refuses_an_empty_folder_and_many_removals_without_yes() {
        let contacts: Vec<Contact> = (1..=11).map(|id| contact(id, &format!("P{id}"), &[])).collect();
        let rows: Vec<SyncCard> = contacts.iter().map(|c| synced(c).0).collect();
        let empty = plan(&rows, &by_id(&contacts), &folder(&[]), &new_contacts());
        let dir = Path::new("/cards");
        let asked = |given, yes| Asked { given, yes, dry_run: false };
        assert!(matches!(
            empty.check(dir, &asked(false, false)),
            Err(Error::SyncFolderEmpty { synced: 11, .. })
        ));
        assert!(matches!(empty.check(dir, &asked(false, true)), Err(Error::SyncFolderEmpty { .. })));
        assert!(empty.check(dir, &asked(true, true)).is_ok());
        // Eleven removals in a folder that still holds a card.
        let keep = contact(12, "Kept", &[]);
        let (keep_row, keep_text) = synced(&keep);
        let mut all = contacts.clone();
        all.push(keep);
        let mut rows_all = rows.clone();
        rows_all.push(keep_row.clone());
        let removed_on_phone =
            plan(&rows_all, &by_id(&all), &folder(&[(&keep_row.file, &keep_text)]), &new_contacts());
        let refused = removed_on_phone.check(dir, &asked(false, false)).unwrap_err();
        assert!(refused.to_string().contains("would remove 11 contacts or cards"), "{refused}");
        assert!(removed_on_phone.check(dir, &asked(false, true)).is_ok());
    }

    /// The folder of `row`'s file as `read` leaves it when stat says it is unchanged:
    /// not read, with the hash the last sync kept.
    fn unread(row: &SyncCard, seen: FileStat) -> Folder {
        let mut folder = folder(&[]);
        folder.names.insert(row.file.clone());
        let file = CardFile { name: row.file.clone(), hash: row.hash.clone(), card: None, seen: Some(seen) };
        folder.cards.insert(row.uid.clone(), file);
        folder
    }

    const SEEN: FileStat = FileStat { size: 120, mtime_ns: 1_700_000_000_000_000_000, inode: 42 };

    #[test]
    fn a_file_not_read_with_its_contact_unchanged_plans_nothing() {
        let ada = contact(1, "Ada Lovelace", &["ada@example.com"]);
        let (row, _) = synced(&ada);
        let plan = plan(std::slice::from_ref(&row), &by_id(&[ada]), &unread(&row, SEEN), &new_contacts());
        assert!(plan.files.is_empty() && plan.records.is_empty() && plan.restat.is_empty(), "{plan:?}");
    }

    #[test]
    fn a_file_not_read_takes_what_netcrm_changed_as_its_base_says_it_was() {
        let ada = contact(1, "Ada Lovelace", &["ada@example.com"]);
        let (row, _) = synced(&ada);
        let edited = Contact { title: Some("Engineer".into()), ..ada };
        let plan = plan(
            std::slice::from_ref(&row),
            &by_id(std::slice::from_ref(&edited)),
            &unread(&row, SEEN),
            &new_contacts(),
        );
        assert_eq!(
            plan.files,
            [FileChange::Rewrite {
                name: row.file.clone(),
                read: row.hash.clone(),
                contact: Box::new(edited)
            }]
        );
        assert!(plan.updates.is_empty() && plan.warnings.is_empty(), "{plan:?}");
        assert_eq!(plan.summary, Summary { written: 1, ..Summary::default() });
    }

    #[test]
    fn a_file_read_and_found_the_same_keeps_what_stat_says_now() {
        let ada = contact(1, "Ada Lovelace", &["ada@example.com"]);
        let (row, text) = synced(&ada);
        let mut touched = folder(&[(&row.file, &text)]);
        touched.cards.get_mut(&row.uid).unwrap().seen = Some(SEEN);
        let plan = plan(std::slice::from_ref(&row), &by_id(&[ada]), &touched, &new_contacts());
        assert!(plan.files.is_empty() && plan.records.is_empty(), "{plan:?}");
        assert_eq!(plan.restat, [(row.uid.clone(), SEEN)]);
    }
}
