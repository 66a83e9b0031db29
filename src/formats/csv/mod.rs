//! CSV: reading LinkedIn, Google, Outlook, Thunderbird and netcrm exports into
//! [`Card`]s (liberally in their values, strictly in their shape: a file cut
//! short is refused), and writing netcrm's own CSV export. Each program's names,
//! columns and marks are in its own file, behind the one `Program` trait that
//! `Flavor::registered` dispatches to; `read` finds the header, delimiter and format,
//! `lines` the line numbers. Pure: bytes in, values out; never the database, clock,
//! terminal or environment.

mod google;
mod lines;
mod linkedin;
mod netcrm;
mod outlook;
mod read;
mod thunderbird;

use chrono::NaiveDate;

use super::{Card, Warn, is_linkedin};
use crate::dates::{Birthday, iso};
use crate::model::{Contact, Summary};
use lines::Lines;
use read::Row;
pub use read::{Cards, HEAD, Options, detect, parse};

/// Which program wrote a CSV file: each names its columns differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavor {
    LinkedIn,
    Google,
    Outlook,
    Thunderbird,
    Netcrm,
}

impl Flavor {
    /// Every flavour, in the order `--format` lists them. A new one is a variant here
    /// and in `Flavor::registered`, and a file of its own implementing `Program`.
    pub const ALL: [Flavor; 5] =
        [Flavor::LinkedIn, Flavor::Google, Flavor::Outlook, Flavor::Thunderbird, Flavor::Netcrm];

    /// The flavour as it is registered, the one place a flavour is dispatched on: how
    /// `--format` spells it, the program's name for messages, and what the program
    /// writes.
    fn registered(self) -> (&'static str, &'static str, &'static dyn Program) {
        match self {
            Flavor::LinkedIn => ("linkedin", "LinkedIn", &linkedin::LinkedIn),
            Flavor::Google => ("google", "Google Contacts", &google::Google),
            Flavor::Outlook => ("outlook", "Outlook", &outlook::Outlook),
            Flavor::Thunderbird => ("thunderbird", "Thunderbird", &thunderbird::Thunderbird),
            Flavor::Netcrm => ("netcrm", "netcrm", &netcrm::Netcrm),
        }
    }

    /// As `--format` spells it.
    pub fn as_str(self) -> &'static str {
        self.registered().0
    }

    /// The program's name, for messages.
    pub fn name(self) -> &'static str {
        self.registered().1
    }

    /// What the program that writes this flavour writes.
    fn program(self) -> &'static dyn Program {
        self.registered().2
    }
}

/// The program that wrote a CSV export: its columns, and how a row becomes a
/// [`Card`](super::Card). One file each.
trait Program {
    /// Whether `column` is one of the program's columns (read or not).
    fn knows(&self, column: &str) -> bool;

    /// Whether `column` is one that only this program writes.
    fn marks(&self, column: &str) -> bool;

    /// Where the header line starts in `head` (the file's first bytes, without a
    /// byte-order mark): at its start, unless the program writes something before it.
    /// An error saying what was looked for when there is no header.
    fn header_start(&self, _head: &[u8], _lines: &Lines<'_>) -> Result<usize, String> {
        Ok(0)
    }

    /// netcrm's own export: formula guards are removed, line breaks in cells kept as
    /// they are (see [`Row::get`]).
    fn own_export(&self) -> bool {
        false
    }

    /// Where this file's header has the columns read, found once; an error when it
    /// lacks a column every record needs.
    fn columns(&self, header: &[String]) -> Result<Box<dyn Columns>, String>;
}

/// The columns a program's export is read from, where one file's header has them.
trait Columns {
    /// The card of one record; a value that cannot be read is dropped with a warning.
    fn card(&self, row: &Row<'_>, warnings: &mut dyn Warn) -> Card;
}

/// `columns`, unless the header lacks every column the name is read from (`found`
/// false): an error naming the `expected` ones. (Outlook and Thunderbird files may
/// have only some columns, only the e-mail ones say: their records are named by the
/// importer, from the e-mail.)
fn named(columns: impl Columns + 'static, found: bool, expected: &str) -> Result<Box<dyn Columns>, String> {
    if found {
        Ok(Box::new(columns))
    } else {
        Err(format!("the header has no name column (expected {expected})"))
    }
}

/// `--date-order`: how dates such as `5/12/1990` are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateOrder {
    /// Day, month, year.
    Dmy,
    /// Month, day, year.
    Mdy,
}

/// The columns of netcrm's CSV export, in order (DESIGN.md "JSON shapes"; pinned to
/// [`crate::model::ContactField`] by `tests/contact_fields.rs`).
pub const COLUMNS: [&str; 17] = [
    "id",
    "name",
    "emails",
    "phones",
    "company",
    "title",
    "linkedin",
    "tags",
    "met_on",
    "met_at",
    "how_met",
    "introduced_by",
    "cadence",
    "birthday",
    "last_contact",
    "next_follow_up",
    "notes",
];

/// The characters that make a spreadsheet read a cell as a formula (OWASP CSV injection).
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// netcrm's CSV export: a header row, then one row per contact with the [`COLUMNS`];
/// lists joined with `; `, dates `YYYY-MM-DD`, LF line ends, quoting only where needed.
/// Unless `raw`, a cell that a spreadsheet would run as a formula gets a `'` in front
/// (see [`parse`] with [`Flavor::Netcrm`], which removes it again).
pub fn write(rows: &[(Contact, Summary)], raw: bool) -> String {
    let written = Exporter::new(Vec::new(), raw)
        .and_then(|mut exporter| {
            for (contact, summary) in rows {
                exporter.write(contact, summary)?;
            }
            exporter.finish()
        })
        .expect("the sink is a Vec, which never fails, and every record has the same number of fields");
    String::from_utf8_lossy(&written).into_owned()
}

/// The sink's own error (a closed pipe stays a closed pipe), from the CSV writer's.
fn io_error(error: ::csv::Error) -> std::io::Error {
    match error.into_kind() {
        ::csv::ErrorKind::Io(error) => error,
        other => std::io::Error::other(format!("{other:?}")),
    }
}

/// Writes netcrm's CSV export ([`write()`]) a contact at a time, into any sink: an
/// export need not hold every contact at once.
pub struct Exporter<W: std::io::Write> {
    writer: ::csv::Writer<W>,
    raw: bool,
}

impl<W: std::io::Write> Exporter<W> {
    /// Starts the export with its header row.
    pub fn new(sink: W, raw: bool) -> std::io::Result<Self> {
        let mut writer =
            ::csv::WriterBuilder::new().terminator(::csv::Terminator::Any(b'\n')).from_writer(sink);
        writer.write_record(COLUMNS).map_err(io_error)?;
        Ok(Exporter { writer, raw })
    }

    pub fn write(&mut self, contact: &Contact, summary: &Summary) -> std::io::Result<()> {
        let cells = export_cells(contact, summary);
        let written = if self.raw {
            self.writer.write_record(&cells)
        } else {
            self.writer.write_record(cells.iter().map(|cell| guard(cell)))
        };
        written.map_err(io_error)
    }

    /// Flushes what is written and gives back the sink.
    pub fn finish(self) -> std::io::Result<W> {
        self.writer.into_inner().map_err(|error| error.into_error())
    }
}

fn export_cells(contact: &Contact, summary: &Summary) -> [String; 17] {
    let text = |value: &Option<String>| value.clone().unwrap_or_default();
    let date = |value: Option<NaiveDate>| value.map(iso).unwrap_or_default();
    [
        contact.id.to_string(),
        contact.name.clone(),
        contact.emails.join("; "),
        contact.phones.join("; "),
        text(&contact.company),
        text(&contact.title),
        text(&contact.linkedin),
        contact.tags.join("; "),
        date(contact.met_on),
        text(&contact.met_at),
        text(&contact.how_met),
        contact.introduced_by.map(|id| id.to_string()).unwrap_or_default(),
        contact.cadence.map(|cadence| cadence.to_string()).unwrap_or_default(),
        contact.birthday.map(|birthday| birthday.to_string()).unwrap_or_default(),
        date(summary.last_contact),
        date(summary.next_follow_up),
        text(&contact.notes),
    ]
}

/// The cell with a `'` in front when a spreadsheet would run it as a formula
/// (DESIGN.md, after OWASP's CSV-injection advice). Cells made only of digits, spaces
/// and `+-()./` cannot call anything and are left alone: phone numbers, `--MM-DD`
/// birthdays, and lists of them joined with `; `. A cell that already starts with `'`
/// before a formula character gets one more, so that reading it back, which removes
/// one, gives the value unchanged.
fn guard(cell: &str) -> String {
    let formula = cell.trim_start_matches('\'').starts_with(FORMULA_STARTS);
    let harmless = cell.chars().all(|c| c.is_ascii_digit() || " +-()./;".contains(c));
    if formula && !harmless { format!("'{cell}") } else { cell.to_string() }
}

/// Undoes [`guard`]: removes one `'` standing before a formula character.
fn unguard(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.trim_start_matches('\'').starts_with(FORMULA_STARTS) => rest,
        _ => cell,
    }
}

/// The first of `names` that the header has.
fn find(header: &[String], names: &[&str]) -> Option<usize> {
    names.iter().find_map(|name| header.iter().position(|column| column == name))
}

/// Every column whose name satisfies `wanted`, in file order.
fn find_all(header: &[String], wanted: impl Fn(&str) -> bool) -> Vec<usize> {
    header.iter().enumerate().filter(|(_, name)| wanted(name)).map(|(index, _)| index).collect()
}

/// Whether `name` is `{prefix}N{suffix}` for a number N, such as `E-mail 2 - Value`.
fn numbered(name: &str, prefix: &str, suffix: &str) -> bool {
    name.strip_prefix(prefix)
        .and_then(|rest| rest.strip_suffix(suffix))
        .is_some_and(|number| !number.is_empty() && number.bytes().all(|byte| byte.is_ascii_digit()))
}

fn push_unique(list: &mut Vec<String>, value: String) {
    if !list.contains(&value) {
        list.push(value);
    }
}

/// A Google label or Outlook category as a tag: a leading `* ` (Google's mark for its own
/// groups) is stripped, and `myContacts` and `starred`, which every contact or the
/// favourites carry, are dropped. Google's "Outlook CSV" puts them in Categories too.
fn tag_from_label(label: &str) -> Option<String> {
    let label = label.trim();
    let label = label.strip_prefix('*').map_or(label, str::trim_start);
    let folded: String = label.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_lowercase();
    (!label.is_empty() && folded != "mycontacts" && folded != "starred").then(|| label.to_string())
}

/// The first web address on linkedin.com.
fn linkedin_url(urls: impl IntoIterator<Item = String>) -> Option<String> {
    urls.into_iter().find(|url| is_linkedin(url))
}

/// A run of ASCII digits (no sign) as a number.
fn number(text: &str) -> Option<u32> {
    if text.is_empty() || !text.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// How a program wrote a date such as a birthday.
enum SlashDate {
    Date(Birthday),
    /// `0/0/00`, or `1/1/4501`, Outlook's "None" date.
    Unset,
    Invalid,
}

/// `5/12/1990` (Outlook, Thunderbird), Outlook's empty `0/0/00`, or an ISO birthday.
/// The order (DESIGN.md): `--date-order` when given; else a first number above 12
/// means day first, a second above 12 month first, and otherwise month first, which is
/// noted in `row.dates` for one warning per file.
fn parse_slash_date(value: &str, row: &Row<'_>) -> SlashDate {
    if let Ok(birthday) = Birthday::parse(value) {
        return SlashDate::Date(birthday);
    }
    let parts: Vec<&str> = value.split('/').map(str::trim).collect();
    let [first, second, year] = parts.as_slice() else { return SlashDate::Invalid };
    let (Some(first), Some(second), Some(year_number)) = (number(first), number(second), number(year)) else {
        return SlashDate::Invalid;
    };
    if first == 0 || second == 0 || (year_number == 4501 && first == 1 && second == 1) {
        return SlashDate::Unset;
    }
    let order = row.dates.order.unwrap_or_else(|| {
        if first > 12 {
            DateOrder::Dmy
        } else {
            if second <= 12 && first != second {
                row.dates.assumed.borrow_mut().get_or_insert_with(|| value.to_string());
            }
            DateOrder::Mdy
        }
    });
    let (month, day) = match order {
        DateOrder::Mdy => (first, second),
        DateOrder::Dmy => (second, first),
    };
    // A two-digit year could be either century: not a birthday we can keep.
    let year = if year.len() == 4 { i32::try_from(year_number).ok() } else { None };
    match year.and_then(|year| NaiveDate::from_ymd_opt(year, month, day)) {
        Some(date) => SlashDate::Date(Birthday::Full(date)),
        None => SlashDate::Invalid,
    }
}

/// A birthday cell read by [`parse_slash_date`]; an unreadable one is dropped with a
/// warning, Outlook's empty dates silently.
fn slash_birthday(row: &Row<'_>, column: Option<usize>, warnings: &mut dyn Warn) -> Option<Birthday> {
    let value = row.get(column)?;
    match parse_slash_date(&value, row) {
        SlashDate::Date(birthday) => Some(birthday),
        SlashDate::Unset => None,
        SlashDate::Invalid => {
            row.warn(warnings, "birthday", &value);
            None
        }
    }
}

#[cfg(test)]
mod tests;
