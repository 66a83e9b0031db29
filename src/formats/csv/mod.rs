//! CSV: reading LinkedIn, Google, Outlook and netcrm exports into [`Card`]s (liberally:
//! the real files are messy), and writing netcrm's own CSV export (strictly). Pure text in,
//! values out; never the database, clock, terminal or environment.

mod google;
mod linkedin;
mod netcrm;
mod outlook;

use chrono::NaiveDate;

use super::{Card, FormatError, Parsed, is_linkedin};
use crate::dates::iso;
use crate::model::{Contact, Summary};
use google::GoogleColumns;
use linkedin::LinkedInColumns;
use netcrm::NetcrmColumns;
use outlook::OutlookColumns;

/// Which program wrote a CSV file: each names its columns differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavor {
    LinkedIn,
    Google,
    Outlook,
    Netcrm,
}

/// The columns of netcrm's CSV export, in order (DESIGN.md "JSON shapes").
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

/// Reads a CSV export. `text` is already decoded (see [`super::decode`]); a leading
/// byte-order mark is ignored.
///
/// Values are trimmed and blank ones left out; entirely empty rows are skipped. A value
/// that cannot be read (a date, birthday, cadence or id) is dropped with a warning naming
/// its line; the rest of the record is kept.
///
/// # Errors
///
/// A [`FormatError`] naming the line when the text is not CSV at all, or when the header
/// lacks the columns every record of `flavor` needs (the name columns; for LinkedIn, the
/// header line itself).
pub fn parse(text: &str, flavor: Flavor) -> Result<Parsed, FormatError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines = Lines::new(text);
    let start = match flavor {
        Flavor::LinkedIn => linkedin_header_start(text, &lines).ok_or_else(|| FormatError {
            line: 1,
            message: format!("no LinkedIn header line '{LINKEDIN_HEADER_START},...' found"),
        })?,
        Flavor::Google | Flavor::Outlook | Flavor::Netcrm => 0,
    };
    let mut records = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(&text.as_bytes()[start..])
        .into_records();
    let record_line = |record: &::csv::StringRecord| {
        // Every record read by a reader has a position; 0 only keeps this total.
        lines.line_of(start + record.position().map_or(0, |position| byte_offset(position.byte())))
    };

    let header = match records.next() {
        Some(result) => result.map_err(|error| csv_error(&error, &lines, start))?,
        None => return Err(FormatError { line: lines.line_of(start), message: "the file is empty".into() }),
    };
    let header_line = record_line(&header);
    let names: Vec<String> = header.iter().map(header_name).collect();
    let layout = Layout::new(flavor, &names).map_err(|message| FormatError { line: header_line, message })?;

    let mut parsed = Parsed::default();
    for result in records {
        let record = result.map_err(|error| csv_error(&error, &lines, start))?;
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        let line = record_line(&record);
        let row = Row { record: &record, line, own_export: flavor == Flavor::Netcrm };
        let card = layout.card(&row, &mut parsed.warnings);
        parsed.cards.push(card);
    }
    Ok(parsed)
}

/// netcrm's CSV export: a header row, then one row per contact with the [`COLUMNS`];
/// lists joined with `; `, dates `YYYY-MM-DD`, LF line ends, quoting only where needed.
/// Unless `raw`, a cell that a spreadsheet would run as a formula gets a `'` in front
/// (see [`parse`] with [`Flavor::Netcrm`], which removes it again).
pub fn write(rows: &[(Contact, Summary)], raw: bool) -> String {
    // The sink is a Vec, which never fails, and every record has the same number of
    // fields, so the csv writer has no error to report here.
    render(rows, raw).map(|bytes| String::from_utf8_lossy(&bytes).into_owned()).unwrap_or_default()
}

fn render(rows: &[(Contact, Summary)], raw: bool) -> Result<Vec<u8>, ::csv::Error> {
    let mut writer =
        ::csv::WriterBuilder::new().terminator(::csv::Terminator::Any(b'\n')).from_writer(Vec::new());
    writer.write_record(COLUMNS)?;
    for (contact, summary) in rows {
        let cells = export_cells(contact, summary);
        if raw {
            writer.write_record(&cells)?;
        } else {
            writer.write_record(cells.iter().map(|cell| guard(cell)))?;
        }
    }
    writer.into_inner().map_err(|error| ::csv::Error::from(error.into_error()))
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

const LINKEDIN_HEADER_START: &str = "First Name,Last Name";

/// Where LinkedIn's header line starts: after its `Notes:` preamble, if any.
fn linkedin_header_start(text: &str, lines: &Lines<'_>) -> Option<usize> {
    lines.starts().find(|&start| {
        let line = text[start..].split(['\r', '\n']).next().unwrap_or_default();
        let bare: String = line.chars().filter(|&c| c != '"').collect();
        bare.trim_start().starts_with(LINKEDIN_HEADER_START)
    })
}

/// A header cell as matched: trimmed, without a byte-order mark or surrounding quotes.
fn header_name(cell: &str) -> String {
    let name = cell.trim().trim_start_matches('\u{feff}').trim();
    let name = name.strip_prefix('"').and_then(|inner| inner.strip_suffix('"')).unwrap_or(name);
    name.trim().to_string()
}

/// Line numbers of byte offsets in the text being read. A line ends with LF, CRLF or a
/// lone CR (old Mac exports), as the csv reader sees it.
struct Lines<'a> {
    text: &'a str,
    /// The offset of the last byte of each line end.
    ends: Vec<usize>,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        let bytes = text.as_bytes();
        let ends = (0..bytes.len())
            .filter(|&at| bytes[at] == b'\n' || (bytes[at] == b'\r' && bytes.get(at + 1) != Some(&b'\n')))
            .collect();
        Lines { text, ends }
    }

    /// Where each line starts.
    fn starts(&self) -> impl Iterator<Item = usize> + '_ {
        std::iter::once(0).chain(self.ends.iter().map(|end| end + 1))
    }

    /// The 1-based line of the record that starts at `offset`. The csv reader places a
    /// record just after the previous record's terminator, which with CRLF line ends or
    /// blank lines in between is still on an earlier line (so its `Position::line()`
    /// is off): line ends are skipped first.
    fn line_of(&self, offset: usize) -> usize {
        let rest = self.text.as_bytes().get(offset..).unwrap_or_default();
        let start = offset + rest.iter().take_while(|&&byte| byte == b'\r' || byte == b'\n').count();
        1 + self.ends.partition_point(|&end| end < start)
    }
}

fn byte_offset(byte: u64) -> usize {
    usize::try_from(byte).unwrap_or(usize::MAX)
}

fn csv_error(error: &::csv::Error, lines: &Lines<'_>, start: usize) -> FormatError {
    let line = error.position().map_or(1, |position| lines.line_of(start + byte_offset(position.byte())));
    let message = match error.kind() {
        ::csv::ErrorKind::Utf8 { err, .. } => format!("invalid UTF-8 in field {}", err.field() + 1),
        _ => format!("malformed CSV: {error}"),
    };
    FormatError { line, message }
}

/// One record, with the line it starts on.
struct Row<'a> {
    record: &'a ::csv::StringRecord,
    line: usize,
    /// netcrm's own export: formula guards are removed. Other programs' exports: line
    /// breaks inside a cell become `\n` (Windows programs write CRLF there too).
    own_export: bool,
}

impl Row<'_> {
    /// The trimmed value of the cell in `column`, when there is such a column and the
    /// cell is not blank.
    fn get(&self, column: Option<usize>) -> Option<String> {
        let cell = self.record.get(column?)?;
        let value = if self.own_export {
            unguard(cell).trim().to_string()
        } else {
            cell.trim().replace("\r\n", "\n")
        };
        (!value.is_empty()).then_some(value)
    }

    /// The values of `columns` that are not blank, in order.
    fn all(&self, columns: &[usize]) -> Vec<String> {
        columns.iter().filter_map(|&column| self.get(Some(column))).collect()
    }

    /// The value of the cell in `column` read by `parse`; an unreadable value is
    /// dropped with a warning.
    fn parsed<T, E>(
        &self,
        column: Option<usize>,
        warnings: &mut Vec<String>,
        what: &str,
        parse: impl Fn(&str) -> Result<T, E>,
    ) -> Option<T> {
        let value = self.get(column)?;
        let parsed = parse(&value).ok();
        if parsed.is_none() {
            self.warn(warnings, what, &value);
        }
        parsed
    }

    fn warn(&self, warnings: &mut Vec<String>, what: &str, value: &str) {
        warnings.push(format!("line {}: invalid {what} '{value}' dropped", self.line));
    }
}

/// Where the columns a flavor reads are in this file's header, found once.
enum Layout {
    LinkedIn(LinkedInColumns),
    Google(GoogleColumns),
    Outlook(OutlookColumns),
    Netcrm(NetcrmColumns),
}

impl Layout {
    fn new(flavor: Flavor, header: &[String]) -> Result<Layout, String> {
        let layout = match flavor {
            Flavor::LinkedIn => Layout::LinkedIn(LinkedInColumns::new(header)),
            Flavor::Google => Layout::Google(GoogleColumns::new(header)),
            Flavor::Outlook => Layout::Outlook(OutlookColumns::new(header)),
            Flavor::Netcrm => Layout::Netcrm(NetcrmColumns::new(header)),
        };
        let (has_name, expected) = match &layout {
            Layout::LinkedIn(columns) => {
                (columns.first.is_some() || columns.last.is_some(), "'First Name' or 'Last Name'")
            }
            Layout::Google(columns) => (
                [columns.given, columns.middle, columns.family, columns.full, columns.file_as]
                    .iter()
                    .any(Option::is_some),
                "'First Name', 'Last Name', 'Name' or 'File As'",
            ),
            Layout::Outlook(columns) => (
                [columns.given, columns.middle, columns.family].iter().any(Option::is_some),
                "'First Name', 'Middle Name' or 'Last Name'",
            ),
            Layout::Netcrm(columns) => (columns.name.is_some(), "'name'"),
        };
        if has_name {
            Ok(layout)
        } else {
            Err(format!("the header has no name column (expected {expected})"))
        }
    }

    fn card(&self, row: &Row<'_>, warnings: &mut Vec<String>) -> Card {
        match self {
            Layout::LinkedIn(columns) => columns.card(row, warnings),
            Layout::Google(columns) => columns.card(row, warnings),
            Layout::Outlook(columns) => columns.card(row, warnings),
            Layout::Netcrm(columns) => columns.card(row, warnings),
        }
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

#[cfg(test)]
mod tests;
