//! Reading a CSV export: finding its header (after LinkedIn's preamble), its
//! delimiter and which program wrote it, refusing a file cut short, decoding each row
//! in its own encoding, and handing each row to its format's columns.

use std::cell::RefCell;
use std::io::Read;

use super::lines::{LineCounter, Lines};
use super::{Columns, DateOrder, Flavor, unguard};
use crate::formats::{Card, CardReader, FormatError, Parsed, Warn, encoding};

/// How to read a file beyond its format.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// `--date-order`: how to read dates such as `5/12/1990`; `None` decides per
    /// value (see `parse_slash_date`).
    pub date_order: Option<DateOrder>,
}

/// Reads a CSV export held whole in memory: [`Cards`] over `bytes`, collected.
///
/// # Errors
///
/// As [`Cards::new`] and [`Cards::next_card`](CardReader::next_card).
pub fn parse(bytes: &[u8], flavor: Flavor, options: &Options) -> Result<Parsed, FormatError> {
    let mut parsed = Parsed::default();
    let mut cards = Cards::new(bytes, std::io::empty(), flavor, options, &mut parsed.warnings)?;
    while let Some(card) = cards.next_card(&mut parsed.warnings)? {
        parsed.cards.push(card);
    }
    Ok(parsed)
}

/// How much of a file [`Cards::new`] wants in its `head`: enough for LinkedIn's
/// preamble, the header line and its delimiter.
pub const HEAD: usize = 64 * 1024;

/// The records of a CSV export as [`Card`]s, read one at a time, so that a file of
/// any size is read in constant memory. A leading UTF-8 byte-order mark is ignored;
/// each row is UTF-8 when it is valid UTF-8, else Windows-1252 with a warning naming
/// its line.
///
/// Values are trimmed and blank ones left out; entirely empty rows are skipped. A value
/// that cannot be read (a date, birthday, cadence or id) is dropped with a warning naming
/// its line; the rest of the record is kept. Columns that are not part of the flavor's
/// layout are named in one warning.
pub struct Cards<'a, R: Read> {
    records: ::csv::Reader<LineCounter<std::io::Chain<&'a [u8], R>>>,
    /// The header's column names.
    names: Vec<String>,
    /// Where the flavour's columns are in the header.
    columns: Box<dyn Columns>,
    /// netcrm's own export (see [`Row::get`]).
    own_export: bool,
    dates: DateReading,
    /// The record being turned into a card, and the one after it, read ahead: that a
    /// file was cut short is only known at its last record.
    record: ::csv::ByteRecord,
    next: ::csv::ByteRecord,
    /// Whether `next` holds a record.
    has_next: bool,
}

impl<'a, R: Read> Cards<'a, R> {
    /// Reads the header of the file that starts with `head` (its first [`HEAD`] bytes
    /// or more, or all of it) and goes on with `rest`; warnings about the header go
    /// to `warnings`.
    ///
    /// # Errors
    ///
    /// A [`FormatError`] naming the line when the header lacks the columns every
    /// record of `flavor` needs, or when most of its columns are not `flavor`'s
    /// (naming the format that fits, if one does).
    pub fn new(
        head: &'a [u8],
        rest: R,
        flavor: Flavor,
        options: &Options,
        warnings: &mut dyn Warn,
    ) -> Result<Self, FormatError> {
        let head = encoding::without_utf8_bom(head);
        let lines = Lines::new(head);
        let program = flavor.program();
        let start = program.header_start(head, &lines).map_err(|message| FormatError { line: 1, message })?;
        let body = &head[start..];
        let delimiter = sniff_delimiter(body);
        let counter = LineCounter::new(body.chain(rest), lines.line_of(start), delimiter);
        let mut records = ::csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(counter);
        let mut header = ::csv::ByteRecord::new();
        let found = records.read_byte_record(&mut header).map_err(|e| csv_error(&e, records.get_mut()))?;
        if !found {
            return Err(FormatError { line: lines.line_of(start), message: "the file is empty".into() });
        }
        let header_line = records.get_mut().line_of(record_offset(&header));
        let (names, _) = decode(&header);
        let names: Vec<String> = names.iter().map(|cell| header_name(cell)).collect();
        check_columns(flavor, &names).map_err(|message| FormatError { line: header_line, message })?;
        let unknown: Vec<&str> = unknown_columns(flavor, &names);
        if !unknown.is_empty() {
            warnings.note(format!(
                "line {header_line}: {} not part of {}'s layout and not read: {}",
                if unknown.len() == 1 { "this column is" } else { "these columns are" },
                flavor.name(),
                unknown.join(", ")
            ));
        }
        let columns =
            program.columns(&names).map_err(|message| FormatError { line: header_line, message })?;
        let mut next = ::csv::ByteRecord::new();
        let has_next = records.read_byte_record(&mut next).map_err(|e| csv_error(&e, records.get_mut()))?;
        Ok(Cards {
            records,
            names,
            columns,
            own_export: program.own_export(),
            dates: DateReading { order: options.date_order, assumed: RefCell::new(None) },
            record: ::csv::ByteRecord::new(),
            next,
            has_next,
        })
    }

    /// Reads the record after the current one into `next`; `false` at the end.
    fn read_next(&mut self) -> Result<bool, FormatError> {
        self.records.read_byte_record(&mut self.next).map_err(|e| csv_error(&e, self.records.get_mut()))
    }
}

impl<R: Read> CardReader for Cards<'_, R> {
    /// The next record's card, `None` after the last; warnings about its values go to
    /// `warnings`, and after the last record those about the whole file.
    ///
    /// # Errors
    ///
    /// A [`FormatError`] naming the line when the file is not well formed: a row with
    /// fewer fields than the header, or more of which an extra one is not blank, or a
    /// quoted field that never ends (a file cut short, found at its last record).
    fn next_card(&mut self, warnings: &mut dyn Warn) -> Result<Option<Card>, FormatError> {
        loop {
            if !self.has_next {
                self.finish(warnings);
                return Ok(None);
            }
            std::mem::swap(&mut self.record, &mut self.next);
            let line = self.records.get_mut().line_of(record_offset(&self.record));
            self.has_next = self.read_next()?;
            if !self.has_next && self.records.get_ref().unterminated() {
                return Err(FormatError {
                    line,
                    message: "a quoted field in this row never ends: the file seems cut short".to_string(),
                });
            }
            let record = &self.record;
            if record.iter().all(|cell| cell.trim_ascii().is_empty()) {
                continue;
            }
            let extra_filled = record.iter().skip(self.names.len()).any(|cell| !cell.trim_ascii().is_empty());
            if record.len() < self.names.len() || extra_filled {
                return Err(FormatError {
                    line,
                    message: format!(
                        "this row has {} fields where the header has {}{}",
                        record.len(),
                        self.names.len(),
                        if record.len() < self.names.len() { ": the row is cut short" } else { "" }
                    ),
                });
            }
            let (cells, was_1252) = decode(record);
            if was_1252 {
                warnings.note(format!("line {line}: not valid UTF-8; read it as Windows-1252"));
            }
            let row = Row { cells: &cells, line, own_export: self.own_export, dates: &self.dates };
            return Ok(Some(self.columns.card(&row, warnings)));
        }
    }

    /// How many bytes of the file were read, from the header line on.
    fn bytes_read(&self) -> u64 {
        self.records.position().byte()
    }
}

impl<R: Read> Cards<'_, R> {
    /// Says what is to be said about the whole file, once every card was read (and
    /// only once).
    fn finish(&mut self, warnings: &mut dyn Warn) {
        if let Some(value) = self.dates.assumed.take() {
            warnings.note(format!(
                "dates such as '{value}' could be either day or month first; they were read month first \
                 (M/D/Y): use --date-order dmy if they are day first"
            ));
        }
    }
}

/// Where a record starts, in bytes from the header line.
fn record_offset(record: &::csv::ByteRecord) -> usize {
    // Every record read by a reader has a position; 0 only keeps this total.
    record.position().map_or(0, |position| byte_offset(position.byte()))
}

/// The CSV format the header fits best, by its column names in any order: the one
/// that knows most of them, among those whose own marks it carries. `None` when none
/// knows at least half.
pub fn detect(bytes: &[u8]) -> Option<Flavor> {
    let bytes = encoding::without_utf8_bom(bytes);
    let lines = Lines::new(bytes);
    let first_line = bytes.split(|&byte| byte == b'\n' || byte == b'\r').next().unwrap_or_default();
    let bare: Vec<u8> = first_line.iter().copied().filter(|&byte| byte != b'"').collect();
    if bare.trim_ascii().eq_ignore_ascii_case(b"Notes:") {
        // A preamble (LinkedIn's): the flavour whose header comes after one.
        let after =
            |flavor: &Flavor| flavor.program().header_start(bytes, &lines).is_ok_and(|start| start > 0);
        return Flavor::ALL.into_iter().find(after);
    }
    let names = header_names(bytes)?;
    best_fit(&names)
}

fn best_fit(names: &[String]) -> Option<Flavor> {
    let mut best: Option<(usize, Flavor)> = None;
    for flavor in Flavor::ALL {
        if !names.iter().any(|name| flavor.program().marks(name)) {
            continue;
        }
        let known = names.len() - unknown_columns(flavor, names).len();
        if best.is_none_or(|(most, _)| known > most) {
            best = Some((known, flavor));
        }
    }
    best.filter(|(known, _)| known * 2 >= names.iter().filter(|name| !name.is_empty()).count())
        .map(|(_, f)| f)
}

/// The header's column names, read with the file's delimiter.
fn header_names(bytes: &[u8]) -> Option<Vec<String>> {
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(sniff_delimiter(bytes))
        .from_reader(bytes);
    let header = reader.byte_records().next()?.ok()?;
    let (names, _) = decode(&header);
    Some(names.iter().map(|cell| header_name(cell)).collect())
}

/// The non-blank column names that are not part of `flavor`'s layout (read or not).
fn unknown_columns(flavor: Flavor, names: &[String]) -> Vec<&str> {
    let program = flavor.program();
    names.iter().map(String::as_str).filter(|name| !name.is_empty() && !program.knows(name)).collect()
}

/// A file most of whose columns are not `flavor`'s is an error that names the format
/// that fits (DESIGN.md: a forced `--format` must not drop columns silently).
fn check_columns(flavor: Flavor, names: &[String]) -> Result<(), String> {
    let unknown = unknown_columns(flavor, names);
    let total = names.iter().filter(|name| !name.is_empty()).count();
    if unknown.len() * 2 <= total {
        return Ok(());
    }
    let shown: Vec<&str> = unknown.iter().take(6).copied().collect();
    let more = if unknown.len() > shown.len() {
        format!(" and {} more", unknown.len() - shown.len())
    } else {
        String::new()
    };
    let hint = match best_fit(names) {
        Some(other) if other != flavor => {
            format!("it looks like a {} file: try --format {}", other.name(), other.as_str())
        }
        _ => "try another --format".to_string(),
    };
    Err(format!(
        "{} of its {total} columns are not {}'s ({}{more}), so they would be lost; {hint}",
        unknown.len(),
        flavor.name(),
        shown.join(", ")
    ))
}

/// `,`, `;` or tab: whichever the header line has most of, outside quotes (spreadsheets
/// in much of Europe write `;`, and some programs tabs). A comma on a tie.
fn sniff_delimiter(bytes: &[u8]) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for &byte in bytes {
        match byte {
            b'"' => quoted = !quoted,
            b'\n' | b'\r' if !quoted => break,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let [comma, semicolon, tab] = counts;
    if semicolon > comma && semicolon >= tab {
        b';'
    } else if tab > comma && tab > semicolon {
        b'\t'
    } else {
        b','
    }
}

/// A row's cells as text: UTF-8 when the row is valid UTF-8, else Windows-1252.
fn decode(record: &::csv::ByteRecord) -> (Vec<String>, bool) {
    let mut was_1252 = false;
    let cells = record
        .iter()
        .map(|cell| {
            let (text, fell_back) = encoding::text(cell);
            was_1252 |= fell_back;
            text.into_owned()
        })
        .collect();
    (cells, was_1252)
}

/// A header cell as matched: trimmed, without a byte-order mark or surrounding quotes.
fn header_name(cell: &str) -> String {
    let name = cell.trim().trim_start_matches('\u{feff}').trim();
    let name = name.strip_prefix('"').and_then(|inner| inner.strip_suffix('"')).unwrap_or(name);
    name.trim().to_string()
}

fn byte_offset(byte: u64) -> usize {
    usize::try_from(byte).unwrap_or(usize::MAX)
}

fn csv_error<R: Read>(error: &::csv::Error, lines: &mut LineCounter<R>) -> FormatError {
    let line = error.position().map_or(1, |position| lines.line_of(byte_offset(position.byte())));
    FormatError { line, message: format!("malformed CSV: {error}") }
}

/// How dates such as `5/12/1990` are read, and the first one whose order was assumed.
pub(super) struct DateReading {
    pub(super) order: Option<DateOrder>,
    pub(super) assumed: RefCell<Option<String>>,
}

/// One record, with the line it starts on.
pub(super) struct Row<'a> {
    cells: &'a [String],
    pub(super) line: usize,
    /// netcrm's own export: formula guards are removed. Other programs' exports: line
    /// breaks inside a cell become `\n` (Windows programs write CRLF there too).
    own_export: bool,
    pub(super) dates: &'a DateReading,
}

impl Row<'_> {
    /// The trimmed value of the cell in `column`, when there is such a column and the
    /// cell is not blank.
    pub(super) fn get(&self, column: Option<usize>) -> Option<String> {
        let cell = self.cells.get(column?)?;
        let value = if self.own_export { unguard(cell) } else { cell }.trim();
        if value.is_empty() {
            None
        } else if !self.own_export && value.contains('\r') {
            Some(value.replace("\r\n", "\n"))
        } else {
            Some(value.to_string())
        }
    }

    /// The values of `columns` that are not blank, in order.
    pub(super) fn all(&self, columns: &[usize]) -> Vec<String> {
        columns.iter().filter_map(|&column| self.get(Some(column))).collect()
    }

    /// The value of the cell in `column` read by `parse`; an unreadable value is
    /// dropped with a warning.
    pub(super) fn parsed<T, E>(
        &self,
        column: Option<usize>,
        warnings: &mut dyn Warn,
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

    pub(super) fn warn(&self, warnings: &mut dyn Warn, what: &str, value: &str) {
        warnings.note(format!("line {}: invalid {what} '{}' dropped", self.line, crate::text::capped(value)));
    }
}
