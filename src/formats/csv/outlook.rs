//! Outlook CSV (outlook.com and the desktop program).

use super::{
    Columns, Program, Row, find, find_all, linkedin_url, numbered, push_unique, slash_birthday,
    tag_from_label,
};
use crate::formats::{Card, Warn, join_name};
use crate::model::NameParts;

/// Every column of Outlook's exports (the desktop program's 92 and outlook.com's),
/// read or not: a real file's columns are all part of the layout.
const COLUMNS: &[&str] = &[
    "Title",
    "First Name",
    "Middle Name",
    "Last Name",
    "Suffix",
    "Nickname",
    "Given Yomi",
    "Surname Yomi",
    "Company",
    "Company Yomi",
    "Department",
    "Job Title",
    "Business Street",
    "Business Street 2",
    "Business Street 3",
    "Business City",
    "Business State",
    "Business Postal Code",
    "Business Country/Region",
    "Home Street",
    "Home Street 2",
    "Home Street 3",
    "Home City",
    "Home State",
    "Home Postal Code",
    "Home Country/Region",
    "Other Street",
    "Other Street 2",
    "Other Street 3",
    "Other City",
    "Other State",
    "Other Postal Code",
    "Other Country/Region",
    "Assistant's Phone",
    "Business Fax",
    "Business Phone",
    "Business Phone 2",
    "Callback",
    "Car Phone",
    "Company Main Phone",
    "Home Fax",
    "Home Phone",
    "Home Phone 2",
    "ISDN",
    "Mobile Phone",
    "Other Fax",
    "Other Phone",
    "Pager",
    "Primary Phone",
    "Radio Phone",
    "TTY/TDD Phone",
    "Telex",
    "Account",
    "Anniversary",
    "Assistant's Name",
    "Billing Information",
    "Birthday",
    "Business Address PO Box",
    "Categories",
    "Children",
    "Directory Server",
    "E-mail Address",
    "E-mail Type",
    "E-mail Display Name",
    "E-mail 2 Address",
    "E-mail 2 Type",
    "E-mail 2 Display Name",
    "E-mail 3 Address",
    "E-mail 3 Type",
    "E-mail 3 Display Name",
    "Gender",
    "Government ID Number",
    "Hobby",
    "Home Address PO Box",
    "Initials",
    "Internet Free Busy",
    "Keywords",
    "Language",
    "Location",
    "Manager's Name",
    "Mileage",
    "Notes",
    "Office Location",
    "Organizational ID Number",
    "Other Address PO Box",
    "Priority",
    "Private",
    "Profession",
    "Referred By",
    "Sensitivity",
    "Spouse",
    "User 1",
    "User 2",
    "User 3",
    "User 4",
    "Web Page",
    "Personal Web Page",
    "IMAddress",
    "Schools",
];

/// Outlook's CSV (outlook.com, and the desktop program's export). `Title` is an
/// honorific, kept with the name's parts; `Job Title` is the title.
pub(super) struct Outlook;

impl Program for Outlook {
    fn knows(&self, column: &str) -> bool {
        COLUMNS.contains(&column)
    }

    fn marks(&self, column: &str) -> bool {
        column == "E-mail Address"
            || numbered(column, "E-mail ", " Address")
            || column.ends_with(" Phone")
            || column.ends_with(" Phone 2")
            || matches!(
                column,
                "Suffix" | "Business Street" | "Home Street" | "Company Main Phone" | "E-mail Type"
            )
    }

    /// Any: a file may have only some columns (only the e-mail ones, say).
    fn columns(&self, header: &[String]) -> Result<Box<dyn Columns>, String> {
        Ok(Box::new(OutlookColumns::new(header)))
    }
}

/// Where Outlook's columns are in this file's header.
struct OutlookColumns {
    honorific: Option<usize>,
    given: Option<usize>,
    middle: Option<usize>,
    family: Option<usize>,
    suffix: Option<usize>,
    company: Option<usize>,
    title: Option<usize>,
    notes: Option<usize>,
    categories: Option<usize>,
    birthday: Option<usize>,
    emails: Vec<usize>,
    phones: Vec<usize>,
    web_pages: Vec<usize>,
}

impl OutlookColumns {
    fn new(header: &[String]) -> Self {
        OutlookColumns {
            honorific: find(header, &["Title"]),
            given: find(header, &["First Name"]),
            middle: find(header, &["Middle Name"]),
            family: find(header, &["Last Name"]),
            suffix: find(header, &["Suffix"]),
            company: find(header, &["Company"]),
            title: find(header, &["Job Title"]),
            notes: find(header, &["Notes"]),
            categories: find(header, &["Categories"]),
            birthday: find(header, &["Birthday"]),
            emails: find_all(header, |name| {
                name == "E-mail Address" || numbered(name, "E-mail ", " Address")
            }),
            phones: find_all(header, is_outlook_phone),
            web_pages: find_all(header, |name| name.ends_with("Web Page")),
        }
    }
}

impl Columns for OutlookColumns {
    fn card(&self, row: &Row<'_>, warnings: &mut dyn Warn) -> Card {
        let part = |column| row.get(column).unwrap_or_default();
        let unique = |columns: &[usize]| {
            let mut values = Vec::new();
            row.all(columns).into_iter().for_each(|value| push_unique(&mut values, value));
            values
        };
        let mut tags = Vec::new();
        for category in row.get(self.categories).iter().flat_map(|cell| cell.split(';')) {
            if let Some(tag) = tag_from_label(category) {
                push_unique(&mut tags, tag);
            }
        }
        let birthday = slash_birthday(row, self.birthday, warnings);
        let parts = NameParts {
            family: part(self.family),
            given: part(self.given),
            additional: part(self.middle),
            prefix: part(self.honorific),
            suffix: part(self.suffix),
        };
        Card {
            line: row.line,
            name: join_name(&[&parts.given, &parts.additional, &parts.family]),
            name_parts: parts.non_blank(),
            emails: unique(&self.emails),
            phones: unique(&self.phones),
            company: row.get(self.company),
            title: row.get(self.title),
            linkedin: linkedin_url(row.all(&self.web_pages)),
            tags,
            notes: row.get(self.notes),
            birthday,
            ..Card::default()
        }
    }
}

/// The person's own numbers: every `... Phone` or `... Phone 2` column, but not the
/// assistant's or the company switchboard, which are other people's numbers (and would
/// make colleagues look like duplicates of each other).
fn is_outlook_phone(name: &str) -> bool {
    let base = name.trim_end_matches(|c: char| c.is_ascii_digit()).trim_end();
    base.ends_with("Phone") && base != "Assistant's Phone" && base != "Company Main Phone"
}
