//! Outlook CSV (outlook.com and the desktop program).

use chrono::NaiveDate;

use super::{Row, find, find_all, linkedin_url, number, numbered, push_unique, tag_from_label};
use crate::dates::Birthday;
use crate::formats::{Card, join_name};

/// Outlook's CSV (outlook.com, and the desktop program's export). `Title` is an
/// honorific and is not read; `Job Title` is the title.
pub(super) struct OutlookColumns {
    pub(super) given: Option<usize>,
    pub(super) middle: Option<usize>,
    pub(super) family: Option<usize>,
    pub(super) company: Option<usize>,
    pub(super) title: Option<usize>,
    pub(super) notes: Option<usize>,
    pub(super) categories: Option<usize>,
    pub(super) birthday: Option<usize>,
    pub(super) emails: Vec<usize>,
    pub(super) phones: Vec<usize>,
    pub(super) web_pages: Vec<usize>,
}

impl OutlookColumns {
    pub(super) fn new(header: &[String]) -> Self {
        OutlookColumns {
            given: find(header, &["First Name"]),
            middle: find(header, &["Middle Name"]),
            family: find(header, &["Last Name"]),
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

    pub(super) fn card(&self, row: &Row<'_>, warnings: &mut Vec<String>) -> Card {
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
        let birthday = row.get(self.birthday).and_then(|value| match parse_outlook_birthday(&value) {
            OutlookDate::Date(birthday) => Some(birthday),
            OutlookDate::Unset => None,
            OutlookDate::Invalid => {
                row.warn(warnings, "birthday", &value);
                None
            }
        });
        Card {
            line: row.line,
            name: join_name(&[&part(self.given), &part(self.middle), &part(self.family)]),
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

/// How Outlook writes a birthday.
enum OutlookDate {
    Date(Birthday),
    /// `0/0/00`, or `1/1/4501`, Outlook's "None" date.
    Unset,
    Invalid,
}

/// `5/12/1990` (M/D/YYYY), Outlook's empty `0/0/00`, or an ISO birthday.
fn parse_outlook_birthday(value: &str) -> OutlookDate {
    if let Ok(birthday) = Birthday::parse(value) {
        return OutlookDate::Date(birthday);
    }
    let parts: Vec<&str> = value.split('/').map(str::trim).collect();
    let [month, day, year] = parts.as_slice() else { return OutlookDate::Invalid };
    let (Some(month), Some(day), Some(year_number)) = (number(month), number(day), number(year)) else {
        return OutlookDate::Invalid;
    };
    if month == 0 || day == 0 || (year_number == 4501 && month == 1 && day == 1) {
        return OutlookDate::Unset;
    }
    // A two-digit year could be either century: not a birthday we can keep.
    let year = if year.len() == 4 { i32::try_from(year_number).ok() } else { None };
    match year.and_then(|year| NaiveDate::from_ymd_opt(year, month, day)) {
        Some(date) => OutlookDate::Date(Birthday::Full(date)),
        None => OutlookDate::Invalid,
    }
}
