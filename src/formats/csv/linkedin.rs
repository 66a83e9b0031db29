//! LinkedIn's `Connections.csv`: its columns and how a row becomes a [`Card`].

use chrono::NaiveDate;

use super::{Columns, Lines, Program, Row, find, named, number};
use crate::dates::parse_iso_date;
use crate::formats::{Card, Warn, join_name};
use crate::model::NameParts;

/// LinkedIn's columns; the older layout has no `URL`.
const COLUMNS: [&str; 8] = [
    "First Name",
    "Last Name",
    "URL",
    "Email Address",
    "E-mail Address",
    "Company",
    "Position",
    "Connected On",
];

/// LinkedIn's `Connections.csv`.
pub(super) struct LinkedIn;

impl Program for LinkedIn {
    fn knows(&self, column: &str) -> bool {
        COLUMNS.contains(&column)
    }

    fn marks(&self, column: &str) -> bool {
        matches!(column, "Connected On" | "Position" | "URL" | "Email Address")
    }

    /// After its `Notes:` preamble, if any.
    fn header_start(&self, head: &[u8], lines: &Lines<'_>) -> Result<usize, String> {
        lines
            .starts()
            .find(|&start| {
                let line =
                    head[start..].split(|&byte| byte == b'\r' || byte == b'\n').next().unwrap_or_default();
                let bare: Vec<u8> = line.iter().copied().filter(|&byte| byte != b'"').collect();
                bare.trim_ascii_start().starts_with(b"First Name")
            })
            .ok_or_else(|| "no LinkedIn header line 'First Name,Last Name,...' found".to_string())
    }

    fn columns(&self, header: &[String]) -> Result<Box<dyn Columns>, String> {
        let columns = LinkedInColumns::new(header);
        let found = columns.first.is_some() || columns.last.is_some();
        named(columns, found, "'First Name' or 'Last Name'")
    }
}

/// Where LinkedIn's columns are in this file's header.
struct LinkedInColumns {
    first: Option<usize>,
    last: Option<usize>,
    url: Option<usize>,
    email: Option<usize>,
    company: Option<usize>,
    position: Option<usize>,
    connected_on: Option<usize>,
}

impl LinkedInColumns {
    fn new(header: &[String]) -> Self {
        LinkedInColumns {
            first: find(header, &["First Name"]),
            last: find(header, &["Last Name"]),
            url: find(header, &["URL"]),
            email: find(header, &["Email Address", "E-mail Address"]),
            company: find(header, &["Company"]),
            position: find(header, &["Position"]),
            connected_on: find(header, &["Connected On"]),
        }
    }
}

impl Columns for LinkedInColumns {
    fn card(&self, row: &Row<'_>, warnings: &mut dyn Warn) -> Card {
        let first = row.get(self.first).unwrap_or_default();
        let last = row.get(self.last).unwrap_or_default();
        let met_on = row.parsed(self.connected_on, warnings, "Connected On date", |value| {
            parse_connected_on(value).ok_or(())
        });
        Card {
            line: row.line,
            name: join_name(&[&first, &last]),
            name_parts: NameParts { given: first, family: last, ..NameParts::default() }.non_blank(),
            emails: row.get(self.email).into_iter().collect(),
            company: row.get(self.company),
            title: row.get(self.position),
            linkedin: row.get(self.url),
            met_on,
            ..Card::default()
        }
    }
}

/// `12 Mar 2024` (LinkedIn's Connected On), also `12-Mar-24`, `12 March 2024` and
/// `2024-03-12`. Month names are read in English.
fn parse_connected_on(value: &str) -> Option<NaiveDate> {
    if let Ok(date) = parse_iso_date(value) {
        return Some(date);
    }
    let parts: Vec<&str> = value.split([' ', '-']).filter(|part| !part.is_empty()).collect();
    let [day, month, year] = parts.as_slice() else { return None };
    let day = number(day)?;
    let month = month_number(month)?;
    let year = match year.len() {
        4 => i32::try_from(number(year)?).ok()?,
        // chrono's `%y` rule: 00-68 are 2000-2068, 69-99 are 1969-1999.
        2 => {
            let short = i32::try_from(number(year)?).ok()?;
            if short < 69 { 2000 + short } else { 1900 + short }
        }
        _ => return None,
    };
    NaiveDate::from_ymd_opt(year, month, day)
}

/// An English month name, whole or cut short (`Mar`, `march`, `Sept`), as its number.
fn month_number(word: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let word = word.trim_end_matches('.').to_lowercase();
    if word.chars().count() < 3 {
        return None;
    }
    let index = MONTHS.iter().position(|month| month.starts_with(&word))?;
    u32::try_from(index + 1).ok()
}
