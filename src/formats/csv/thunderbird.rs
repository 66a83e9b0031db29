//! Thunderbird's address-book CSV export (Address Book, Tools, Export, CSV).

use super::{Columns, Program, Row, find, find_all, linkedin_url, number, push_unique};
use crate::dates::Birthday;
use crate::formats::{Card, Warn, join_name};
use crate::model::NameParts;

/// Every column of Thunderbird's export, read or not.
const COLUMNS: &[&str] = &[
    "First Name",
    "Last Name",
    "Display Name",
    "Nickname",
    "Primary Email",
    "Secondary Email",
    "Screen Name",
    "Work Phone",
    "Home Phone",
    "Fax Number",
    "Pager Number",
    "Mobile Number",
    "Home Address",
    "Home Address 2",
    "Home City",
    "Home State",
    "Home ZipCode",
    "Home Country",
    "Work Address",
    "Work Address 2",
    "Work City",
    "Work State",
    "Work ZipCode",
    "Work Country",
    "Job Title",
    "Department",
    "Organization",
    "Web Page 1",
    "Web Page 2",
    "Birth Year",
    "Birth Month",
    "Birth Day",
    "Custom 1",
    "Custom 2",
    "Custom 3",
    "Custom 4",
    "Notes",
];

/// Thunderbird's address-book export.
pub(super) struct Thunderbird;

impl Program for Thunderbird {
    fn knows(&self, column: &str) -> bool {
        COLUMNS.contains(&column)
    }

    fn marks(&self, column: &str) -> bool {
        matches!(
            column,
            "Display Name"
                | "Primary Email"
                | "Secondary Email"
                | "Mobile Number"
                | "Work Phone"
                | "Organization"
                | "Birth Year"
                | "Web Page 1"
        )
    }

    /// Any: a file may have only some columns (only the e-mail ones, say).
    fn columns(&self, header: &[String]) -> Result<Box<dyn Columns>, String> {
        Ok(Box::new(ThunderbirdColumns::new(header)))
    }
}

/// Where Thunderbird's columns are in this file's header.
struct ThunderbirdColumns {
    first: Option<usize>,
    last: Option<usize>,
    display: Option<usize>,
    nickname: Option<usize>,
    emails: Vec<usize>,
    phones: Vec<usize>,
    organization: Option<usize>,
    title: Option<usize>,
    web_pages: Vec<usize>,
    birth_year: Option<usize>,
    birth_month: Option<usize>,
    birth_day: Option<usize>,
    notes: Option<usize>,
}

impl ThunderbirdColumns {
    fn new(header: &[String]) -> Self {
        let all = |names: &[&str]| find_all(header, |name| names.contains(&name));
        ThunderbirdColumns {
            first: find(header, &["First Name"]),
            last: find(header, &["Last Name"]),
            display: find(header, &["Display Name"]),
            nickname: find(header, &["Nickname"]),
            emails: all(&["Primary Email", "Secondary Email"]),
            // The person's own numbers; fax and pager are not how to reach them.
            phones: all(&["Mobile Number", "Work Phone", "Home Phone"]),
            organization: find(header, &["Organization"]),
            title: find(header, &["Job Title"]),
            web_pages: all(&["Web Page 1", "Web Page 2"]),
            birth_year: find(header, &["Birth Year"]),
            birth_month: find(header, &["Birth Month"]),
            birth_day: find(header, &["Birth Day"]),
            notes: find(header, &["Notes"]),
        }
    }

    /// Birth Year, Month and Day: a birthday without a year when the year is blank.
    fn birthday(&self, row: &Row<'_>, warnings: &mut dyn Warn) -> Option<Birthday> {
        let (year, month, day) =
            (row.get(self.birth_year), row.get(self.birth_month)?, row.get(self.birth_day)?);
        let text = match &year {
            Some(year) => format!("{year}-{month:0>2}-{day:0>2}"),
            None => format!("--{month:0>2}-{day:0>2}"),
        };
        let valid =
            [year.as_deref(), Some(&month), Some(&day)].iter().flatten().all(|part| number(part).is_some());
        match Birthday::parse(&text).ok().filter(|_| valid) {
            Some(birthday) => Some(birthday),
            None => {
                row.warn(warnings, "birthday", &format!("{}/{month}/{day}", year.unwrap_or_default()));
                None
            }
        }
    }
}

impl Columns for ThunderbirdColumns {
    fn card(&self, row: &Row<'_>, warnings: &mut dyn Warn) -> Card {
        let part = |column| row.get(column).unwrap_or_default();
        let parts = NameParts { given: part(self.first), family: part(self.last), ..NameParts::default() };
        let name = row
            .get(self.display)
            .or_else(|| join_name(&[&parts.given, &parts.family]))
            .or_else(|| row.get(self.nickname));
        let mut emails = Vec::new();
        row.all(&self.emails).into_iter().for_each(|email| push_unique(&mut emails, email));
        let mut phones = Vec::new();
        row.all(&self.phones).into_iter().for_each(|phone| push_unique(&mut phones, phone));
        Card {
            line: row.line,
            name,
            name_parts: parts.non_blank(),
            emails,
            phones,
            company: row.get(self.organization),
            title: row.get(self.title),
            linkedin: linkedin_url(row.all(&self.web_pages)),
            notes: row.get(self.notes),
            birthday: self.birthday(row, warnings),
            ..Card::default()
        }
    }
}
