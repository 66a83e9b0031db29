//! The fields a card and a contact share ([`Fields`]), and how the contacts sync
//! compares and merges them: the three-way merge per field against the base, lists
//! whose order is the card's on the card and netcrm's in netcrm ([`FieldValue`]), the
//! years khard writes for a birthday without one ([`yearless_as_before`]), and a
//! value as a warning quotes it. PURE: no file, database or clock.

use std::collections::{BTreeSet, HashSet};

use chrono::Datelike;

use crate::dates::Birthday;
use crate::formats::{Card, vcard};
use crate::model::Contact;
use crate::validate;

/// The fields a card and a contact share, compared field by field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Fields {
    pub(super) name: String,
    pub(super) emails: Vec<String>,
    pub(super) phones: Vec<String>,
    pub(super) company: Option<String>,
    pub(super) title: Option<String>,
    pub(super) linkedin: Option<String>,
    pub(super) tags: Vec<String>,
    pub(super) notes: Option<String>,
    pub(super) birthday: Option<String>,
}

impl Fields {
    pub(super) fn of_contact(c: &Contact) -> Fields {
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

    pub(super) fn of_card(card: &Card) -> Fields {
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

    /// Writes these fields into `contact`.
    pub(super) fn apply(&self, contact: &mut Contact) {
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
    pub(super) fn same(&self, other: &Fields) -> bool {
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
    pub(super) fn merge(
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
    pub(super) fn differing(&self, other: &Fields) -> Vec<&'static str> {
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
pub(super) trait FieldValue: Clone + PartialEq {
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
pub(super) fn yearless_as_before(theirs: &mut Fields, base: &Fields) {
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

/// The fields of a base card, when it is one.
pub(super) fn base_fields(base: &str) -> Option<Fields> {
    vcard::parse(base.as_bytes()).ok().and_then(|p| p.cards.into_iter().next()).map(|c| Fields::of_card(&c))
}

/// A field's value as a warning quotes it.
pub(super) trait Shown {
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

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    pub(crate) fn strings(values: &[&str]) -> Vec<String> {
        values.iter().map(|v| v.to_string()).collect()
    }

    /// Ada's fields, with these e-mails.
    pub(crate) fn fields(emails: &[&str]) -> Fields {
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
