//! Google Contacts CSV, the current export and the older one.

use super::{Row, find, find_all, linkedin_url, numbered, push_unique, tag_from_label};
use crate::dates::Birthday;
use crate::formats::{Card, join_name};

/// Google Contacts, the current export and the older one (`Name,Given Name,...`).
pub(super) struct GoogleColumns {
    pub(super) given: Option<usize>,
    pub(super) middle: Option<usize>,
    pub(super) family: Option<usize>,
    pub(super) full: Option<usize>,
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

    pub(super) fn card(&self, row: &Row<'_>, warnings: &mut Vec<String>) -> Card {
        let part = |column| row.get(column).unwrap_or_default();
        let name = join_name(&[&part(self.given), &part(self.middle), &part(self.family)])
            .or_else(|| row.get(self.full))
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
