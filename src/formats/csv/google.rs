//! Google Contacts CSV, the current export and the older one.

use super::{Row, find, find_all, linkedin_url, numbered, push_unique, tag_from_label};
use crate::dates::Birthday;
use crate::formats::{Card, Warn, join_name};
use crate::model::NameParts;

/// Google's named columns, current and older export; numbered ones (`E-mail 1 -
/// Value`, `Address 2 - City`, ...) are recognised by [`is_numbered_column`].
const COLUMNS: &[&str] = &[
    "Name",
    "Given Name",
    "Additional Name",
    "Family Name",
    "Yomi Name",
    "Given Name Yomi",
    "Additional Name Yomi",
    "Family Name Yomi",
    "Name Prefix",
    "Name Suffix",
    "Initials",
    "Nickname",
    "Short Name",
    "Maiden Name",
    "Birthday",
    "Gender",
    "Location",
    "Billing Information",
    "Directory Server",
    "Mileage",
    "Occupation",
    "Hobby",
    "Sensitivity",
    "Priority",
    "Subject",
    "Notes",
    "Language",
    "Photo",
    "Group Membership",
    "First Name",
    "Middle Name",
    "Last Name",
    "Phonetic First Name",
    "Phonetic Middle Name",
    "Phonetic Last Name",
    "File As",
    "Organization Name",
    "Organization Title",
    "Organization Department",
    "Labels",
];

/// Whether `name` is one of Google's columns.
pub(super) fn knows(name: &str) -> bool {
    COLUMNS.contains(&name) || is_numbered_column(name)
}

/// `Something N - Something`, as Google numbers its repeated fields.
fn is_numbered_column(name: &str) -> bool {
    let Some((head, _)) = name.split_once(" - ") else { return false };
    head.rsplit_once(' ')
        .is_some_and(|(_, number)| !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()))
}

/// Columns only Google writes.
pub(super) fn marks(name: &str) -> bool {
    is_numbered_column(name)
        || matches!(
            name,
            "Given Name"
                | "Family Name"
                | "Labels"
                | "Group Membership"
                | "Organization Name"
                | "File As"
                | "Name Prefix"
                | "Phonetic First Name"
        )
}

/// Google Contacts, the current export and the older one (`Name,Given Name,...`).
pub(super) struct GoogleColumns {
    pub(super) given: Option<usize>,
    pub(super) middle: Option<usize>,
    pub(super) family: Option<usize>,
    pub(super) full: Option<usize>,
    pub(super) prefix: Option<usize>,
    pub(super) suffix: Option<usize>,
    pub(super) nickname: Option<usize>,
    pub(super) file_as: Option<usize>,
    pub(super) company: Option<usize>,
    pub(super) title: Option<usize>,
    pub(super) notes: Option<usize>,
    pub(super) labels: Option<usize>,
    pub(super) birthday: Option<usize>,
    pub(super) emails: Vec<usize>,
    pub(super) phones: Vec<usize>,
    pub(super) websites: Vec<usize>,
}

impl GoogleColumns {
    pub(super) fn new(header: &[String]) -> Self {
        GoogleColumns {
            given: find(header, &["First Name", "Given Name"]),
            middle: find(header, &["Middle Name", "Additional Name"]),
            family: find(header, &["Last Name", "Family Name"]),
            full: find(header, &["Name"]),
            prefix: find(header, &["Name Prefix"]),
            suffix: find(header, &["Name Suffix"]),
            nickname: find(header, &["Nickname"]),
            file_as: find(header, &["File As"]),
            company: find(header, &["Organization Name", "Organization 1 - Name"]),
            title: find(header, &["Organization Title", "Organization 1 - Title"]),
            notes: find(header, &["Notes"]),
            labels: find(header, &["Labels", "Group Membership"]),
            birthday: find(header, &["Birthday"]),
            emails: find_all(header, |name| numbered(name, "E-mail ", " - Value")),
            phones: find_all(header, |name| numbered(name, "Phone ", " - Value")),
            websites: find_all(header, |name| numbered(name, "Website ", " - Value")),
        }
    }

    pub(super) fn card(&self, row: &Row<'_>, warnings: &mut dyn Warn) -> Card {
        let part = |column| row.get(column).unwrap_or_default();
        let parts = NameParts {
            family: part(self.family),
            given: part(self.given),
            additional: part(self.middle),
            prefix: part(self.prefix),
            suffix: part(self.suffix),
        };
        // The older export's `Name` is the display name, as written.
        let name = row
            .get(self.full)
            .or_else(|| join_name(&[&parts.given, &parts.additional, &parts.family]))
            .or_else(|| row.get(self.nickname))
            .or_else(|| row.get(self.file_as));
        // Single-valued fields keep the first of several values.
        let first_value = |column| row.get(column).and_then(|cell| google_values(&cell).next());
        let many = |columns: &[usize]| {
            let mut values = Vec::new();
            for cell in row.all(columns) {
                google_values(&cell).for_each(|value| push_unique(&mut values, value));
            }
            values
        };
        let mut tags = Vec::new();
        for label in row.get(self.labels).iter().flat_map(|cell| google_values(cell)) {
            if let Some(tag) = tag_from_label(&label) {
                push_unique(&mut tags, tag);
            }
        }
        let birthday = row.parsed(self.birthday, warnings, "birthday", |cell| {
            Birthday::parse(google_values(cell).next().as_deref().unwrap_or(cell))
        });
        Card {
            line: row.line,
            name,
            name_parts: parts.non_blank(),
            emails: many(&self.emails),
            phones: many(&self.phones),
            company: first_value(self.company),
            title: first_value(self.title),
            linkedin: linkedin_url(many(&self.websites)),
            tags,
            notes: row.get(self.notes),
            birthday,
            ..Card::default()
        }
    }
}

/// The values of a Google cell, which may hold several separated by ` ::: `.
fn google_values(cell: &str) -> impl Iterator<Item = String> + '_ {
    cell.split(":::").map(str::trim).filter(|value| !value.is_empty()).map(str::to_string)
}
