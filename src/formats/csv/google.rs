//! Google Contacts CSV, the current export and the older one.

use super::{
    Columns, Program, Row, find, find_all, linkedin_url, named, numbered, push_unique, tag_from_label,
};
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

/// Google Contacts, the current export and the older one (`Name,Given Name,...`).
pub(super) struct Google;

impl Program for Google {
    fn knows(&self, column: &str) -> bool {
        COLUMNS.contains(&column) || is_numbered_column(column)
    }

    fn marks(&self, column: &str) -> bool {
        is_numbered_column(column)
            || matches!(
                column,
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

    fn columns(&self, header: &[String]) -> Result<Box<dyn Columns>, String> {
        let columns = GoogleColumns::new(header);
        let found = [columns.given, columns.middle, columns.family, columns.full, columns.file_as]
            .iter()
            .any(Option::is_some);
        named(columns, found, "'First Name', 'Last Name', 'Name' or 'File As'")
    }
}

/// `Something N - Something`, as Google numbers its repeated fields.
fn is_numbered_column(name: &str) -> bool {
    let Some((head, _)) = name.split_once(" - ") else { return false };
    head.rsplit_once(' ')
        .is_some_and(|(_, number)| !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()))
}

/// Where Google's columns are in this file's header.
struct GoogleColumns {
    given: Option<usize>,
    middle: Option<usize>,
    family: Option<usize>,
    full: Option<usize>,
    prefix: Option<usize>,
    suffix: Option<usize>,
    nickname: Option<usize>,
    file_as: Option<usize>,
    company: Option<usize>,
    title: Option<usize>,
    notes: Option<usize>,
    labels: Option<usize>,
    birthday: Option<usize>,
    emails: Vec<usize>,
    phones: Vec<usize>,
    websites: Vec<usize>,
}

impl GoogleColumns {
    fn new(header: &[String]) -> Self {
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
}

impl Columns for GoogleColumns {
    fn card(&self, row: &Row<'_>, warnings: &mut dyn Warn) -> Card {
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
