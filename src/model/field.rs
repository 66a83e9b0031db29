//! A contact's fields, declared once: each with its name (as the Contact JSON has it)
//! and the lists that must name it. The lists themselves stay where they work (a
//! struct, a column list, a merge); `tests/contact_fields.rs` checks every one of them
//! against this declaration, so that a field added to the contact and forgotten in
//! one list fails that test. Pure data: no I/O.

/// A list that must name each contact field it holds, wherever it is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldList {
    /// The Contact JSON (`output::ContactJson`; DESIGN.md "JSON shapes").
    Json,
    /// A contact in the full backup (`formats::json::BackupContact`): the JSON's
    /// fields and what a restore needs to export the same vCards.
    Backup,
    /// netcrm's CSV columns (`formats::csv::COLUMNS` and the cells of each row).
    Csv,
    /// The `field: value` document `edit` opens in an editor (`formats::document`).
    Document,
    /// What a record of an imported file says about a person (`formats::Card`).
    Card,
    /// The flags `add` and `edit` share (`cli::ContactFields`), and the changes they
    /// make (`commands::fields::FieldChanges`).
    SharedFlags,
    /// What a contacts sync merges, field by field, from a changed card.
    SyncMerge,
    /// What an import fills in (empty fields) or adds to (lists) in a contact a record
    /// matches.
    ImportFill,
}

/// Declares [`ContactField`] with its names and lists, one line per field.
macro_rules! contact_fields {
    ($($(#[doc = $doc:literal])* $field:ident = $name:literal in [$($list:ident),*],)*) => {
        /// A field of a contact, in the Contact JSON's order (the two the backup adds
        /// last).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum ContactField {
            $($(#[doc = $doc])* $field,)*
        }

        impl ContactField {
            /// Every field, in the Contact JSON's order.
            pub const ALL: &[ContactField] = &[$(ContactField::$field,)*];

            /// Its name, as the Contact JSON (and the backup, CSV header and editor
            /// document) have it.
            pub fn name(self) -> &'static str {
                match self {
                    $(ContactField::$field => $name,)*
                }
            }

            /// The lists that name it.
            pub fn lists(self) -> &'static [FieldList] {
                match self {
                    $(ContactField::$field => &[$(FieldList::$list),*],)*
                }
            }
        }
    };
}

contact_fields! {
    Id = "id" in [Json, Backup, Csv, Card],
    Name = "name" in [Json, Backup, Csv, Document, Card, SyncMerge],
    Emails = "emails" in [Json, Backup, Csv, Document, Card, SharedFlags, SyncMerge, ImportFill],
    Phones = "phones" in [Json, Backup, Csv, Document, Card, SharedFlags, SyncMerge, ImportFill],
    Company = "company" in [Json, Backup, Csv, Document, Card, SharedFlags, SyncMerge, ImportFill],
    Title = "title" in [Json, Backup, Csv, Document, Card, SharedFlags, SyncMerge, ImportFill],
    Linkedin = "linkedin" in [Json, Backup, Csv, Document, Card, SharedFlags, SyncMerge, ImportFill],
    Tags = "tags" in [Json, Backup, Csv, Document, Card, SharedFlags, SyncMerge, ImportFill],
    MetOn = "met_on" in [Json, Backup, Csv, Document, Card, SharedFlags, ImportFill],
    MetAt = "met_at" in [Json, Backup, Csv, Document, Card, SharedFlags, ImportFill],
    HowMet = "how_met" in [Json, Backup, Csv, Document, Card, SharedFlags, ImportFill],
    IntroducedBy = "introduced_by" in [Json, Backup, Csv, Document, Card, SharedFlags],
    NameOk = "name_ok" in [Json, Backup, Document],
    NoThankYou = "no_thank_you" in [Json, Backup, Document],
    Cadence = "cadence" in [Json, Backup, Csv, Document, Card, SharedFlags],
    /// Where the cadence came from (`Contact::cadence_from_import`).
    CadenceSource = "cadence_source" in [Json, Backup],
    TemporaryCadence = "temporary_cadence" in [Json, Backup, Document],
    CadenceUntil = "cadence_until" in [Json, Backup, Document],
    Notes = "notes" in [Json, Backup, Csv, Document, Card, SharedFlags, SyncMerge, ImportFill],
    Birthday = "birthday" in [Json, Backup, Csv, Document, Card, SharedFlags, SyncMerge, ImportFill],
    /// Derived from the interactions (`Summary`), not kept with the contact.
    LastContact = "last_contact" in [Json, Backup, Csv],
    /// Derived from the follow-ups (`Summary`), not kept with the contact.
    NextFollowUp = "next_follow_up" in [Json, Backup, Csv],
    CreatedAt = "created_at" in [Json, Backup],
    /// The vCard UID it was imported with (`Contact::uid`).
    VcardUid = "vcard_uid" in [Backup, Card, ImportFill],
    /// The structured name a file carried.
    NameParts = "name_parts" in [Backup, Card, ImportFill],
}

impl ContactField {
    /// Whether `list` names it.
    pub fn is_in(self, list: FieldList) -> bool {
        self.lists().contains(&list)
    }

    /// The names of the fields `list` names, in the Contact JSON's order.
    pub fn names_in(list: FieldList) -> Vec<&'static str> {
        ContactField::ALL.iter().filter(|field| field.is_in(list)).map(|field| field.name()).collect()
    }
}
