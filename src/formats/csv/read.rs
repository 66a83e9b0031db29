//! Reading a CSV export: finding its header (after LinkedIn's preamble), its
//! delimiter and which program wrote it, refusing a file cut short, decoding each row
//! in its own encoding, and handing each row to its format's columns.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::io::Read;

use super::{
    DateOrder, Flavor, GoogleColumns, LinkedInColumns, NetcrmColumns, OutlookColumns, ThunderbirdColumns,
};
use super::{google, linkedin, netcrm, outlook, thunderbird, unguard};
use crate::formats::{Card, CardReader, FormatError, Parsed, Warn, encoding};

/// How to read a file beyond its format.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// `--date-order`: how to read dates such as `5/12/1990`; `None` decides per
    /// value (see [`super::parse_slash_date`]).
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
    layout: Layout,
    flavor: Flavor,
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
        let start = match flavor {
            Flavor::LinkedIn => linkedin::header_start(head, &lines).ok_or_else(|| FormatError {
                line: 1,
                message: "no LinkedIn header line 'First Name,Last Name,...' found".to_string(),
            })?,
            _ => 0,
        };
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
        let layout =
            Layout::new(flavor, &names).map_err(|message| FormatError { line: header_line, message })?;
        let mut next = ::csv::ByteRecord::new();
        let has_next = records.read_byte_record(&mut next).map_err(|e| csv_error(&e, records.get_mut()))?;
        Ok(Cards {
            records,
            names,
            layout,
            flavor,
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
            let row =
                Row { cells: &cells, line, own_export: self.flavor == Flavor::Netcrm, dates: &self.dates };
            return Ok(Some(self.layout.card(&row, warnings)));
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
        return linkedin::header_start(bytes, &lines).map(|_| Flavor::LinkedIn);
    }
    let names = header_names(bytes)?;
    best_fit(&names)
}

fn best_fit(names: &[String]) -> Option<Flavor> {
    let mut best: Option<(usize, Flavor)> = None;
    for flavor in Flavor::ALL {
        if !names.iter().any(|name| marks(flavor, name)) {
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

/// Whether the column is one of `flavor`'s own, that no other format writes.
fn marks(flavor: Flavor, name: &str) -> bool {
    match flavor {
        Flavor::LinkedIn => linkedin::marks(name),
        Flavor::Google => google::marks(name),
        Flavor::Outlook => outlook::marks(name),
        Flavor::Thunderbird => thunderbird::marks(name),
        Flavor::Netcrm => netcrm::marks(name),
    }
}

/// The non-blank column names that are not part of `flavor`'s layout (read or not).
fn unknown_columns(flavor: Flavor, names: &[String]) -> Vec<&str> {
    let knows = |name: &str| match flavor {
        Flavor::LinkedIn => linkedin::knows(name),
        Flavor::Google => google::knows(name),
        Flavor::Outlook => outlook::knows(name),
        Flavor::Thunderbird => thunderbird::knows(name),
        Flavor::Netcrm => netcrm::knows(name),
    };
    names.iter().map(String::as_str).filter(|name| !name.is_empty() && !knows(name)).collect()
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

/// Line numbers of byte offsets in the file being read. A line ends with LF, CRLF or a
/// lone CR (old Mac exports), as the csv reader sees it.
pub(super) struct Lines<'a> {
    bytes: &'a [u8],
    /// The offset of the last byte of each line end.
    ends: Vec<usize>,
}

impl<'a> Lines<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        let ends = (0..bytes.len())
            .filter(|&at| bytes[at] == b'\n' || (bytes[at] == b'\r' && bytes.get(at + 1) != Some(&b'\n')))
            .collect();
        Lines { bytes, ends }
    }

    /// Where each line starts.
    pub(super) fn starts(&self) -> impl Iterator<Item = usize> + '_ {
        std::iter::once(0).chain(self.ends.iter().map(|end| end + 1))
    }

    /// The 1-based line of the record that starts at `offset`. The csv reader places a
    /// record just after the previous record's terminator, which with CRLF line ends or
    /// blank lines in between is still on an earlier line (so its `Position::line()`
    /// is off): line ends are skipped first.
    fn line_of(&self, offset: usize) -> usize {
        let rest = self.bytes.get(offset..).unwrap_or_default();
        let start = offset + rest.iter().take_while(|&&byte| byte == b'\r' || byte == b'\n').count();
        1 + self.ends.partition_point(|&end| end < start)
    }
}

fn byte_offset(byte: u64) -> usize {
    usize::try_from(byte).unwrap_or(usize::MAX)
}

fn csv_error<R: Read>(error: &::csv::Error, lines: &mut LineCounter<R>) -> FormatError {
    let line = error.position().map_or(1, |position| lines.line_of(byte_offset(position.byte())));
    FormatError { line, message: format!("malformed CSV: {error}") }
}

/// The bytes of a CSV file's body (from its header line on) as the csv reader reads
/// them, noting on the way where lines start, so that a record's line can be told
/// from its offset without keeping the file, and whether a quoted field is open, so
/// that a file cut short inside one is refused: the csv reader takes everything to
/// the end of the file into such a field and says nothing.
///
/// Lines end as [`Lines`] says: LF, CRLF or a lone CR.
struct LineCounter<R> {
    inner: R,
    /// How many bytes were read.
    offset: usize,
    /// The line of the next byte (a CR just read not counted yet).
    line: usize,
    /// The last byte was a CR: a line end unless an LF follows.
    after_cr: bool,
    /// The next byte starts a line.
    at_line_start: bool,
    /// The offset and line of each line's first byte that is not a line end, from
    /// the record asked about last on: what [`LineCounter::line_of`] may still need.
    starts: VecDeque<(usize, usize)>,
    delimiter: u8,
    /// Inside a quoted field; `quote_seen`: its last byte was a `"`, which ends the
    /// field unless another `"` follows.
    quoted: bool,
    quote_seen: bool,
    /// The next byte starts a field.
    field_start: bool,
}

impl<R: Read> LineCounter<R> {
    /// Reads `inner`, whose first byte starts line `first_line`.
    fn new(inner: R, first_line: usize, delimiter: u8) -> Self {
        LineCounter {
            inner,
            offset: 0,
            line: first_line,
            after_cr: false,
            at_line_start: true,
            starts: VecDeque::new(),
            delimiter,
            quoted: false,
            quote_seen: false,
            field_start: true,
        }
    }

    /// The 1-based line of the record that starts at `offset`, asked about in
    /// increasing order. The csv reader places a record just after the previous
    /// record's terminator, which with CRLF line ends or blank lines in between is
    /// still on an earlier line: the record's line is that of the first line start
    /// from `offset` on.
    fn line_of(&mut self, offset: usize) -> usize {
        while let Some(&(start, line)) = self.starts.front() {
            if start >= offset {
                return line;
            }
            self.starts.pop_front();
        }
        self.line + usize::from(self.after_cr)
    }

    /// Whether what was read ends inside a quoted field.
    fn unterminated(&self) -> bool {
        self.quoted && !self.quote_seen
    }

    fn note(&mut self, bytes: &[u8]) {
        let delimiter = self.delimiter;
        let special = |b: u8| matches!(b, b'\n' | b'\r' | b'"') || b == delimiter;
        let mut rest = bytes;
        while let Some((&byte, after)) = rest.split_first() {
            if !(self.after_cr || self.at_line_start || self.quote_seen || special(byte)) {
                // A run of other bytes (most of a file) changes only where a field starts.
                let run = rest.iter().position(|&b| special(b)).unwrap_or(rest.len());
                if !self.quoted {
                    self.field_start = false;
                }
                self.offset += run;
                rest = &rest[run..];
                continue;
            }
            self.note_byte(byte);
            rest = after;
        }
    }

    /// One byte, noted as the csv reader reads it.
    fn note_byte(&mut self, byte: u8) {
        if self.after_cr {
            self.after_cr = false;
            if byte != b'\n' {
                self.line += 1;
            }
        }
        match byte {
            b'\n' => {
                self.line += 1;
                self.at_line_start = true;
            }
            b'\r' => {
                self.after_cr = true;
                self.at_line_start = true;
            }
            _ if self.at_line_start => {
                self.starts.push_back((self.offset, self.line));
                self.at_line_start = false;
            }
            _ => {}
        }
        self.note_quote(byte);
        self.offset += 1;
    }

    /// Follows quoted fields as the csv reader does: a `"` opens one only where a field
    /// starts, and `""` inside is a quote.
    fn note_quote(&mut self, byte: u8) {
        if self.quote_seen {
            self.quote_seen = false;
            if byte == b'"' {
                return;
            }
            self.quoted = false;
        }
        if self.quoted {
            self.quote_seen = byte == b'"';
        } else if byte == b'"' && self.field_start {
            self.quoted = true;
            self.field_start = false;
        } else {
            self.field_start = byte == self.delimiter || byte == b'\n' || byte == b'\r';
        }
    }
}

impl<R: Read> Read for LineCounter<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let read = self.inner.read(buf)?;
        self.note(&buf[..read]);
        Ok(read)
    }
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

/// Where the columns a flavor reads are in this file's header, found once.
enum Layout {
    LinkedIn(LinkedInColumns),
    Google(GoogleColumns),
    Outlook(OutlookColumns),
    Thunderbird(ThunderbirdColumns),
    Netcrm(NetcrmColumns),
}

impl Layout {
    fn new(flavor: Flavor, header: &[String]) -> Result<Layout, String> {
        let layout = match flavor {
            Flavor::LinkedIn => Layout::LinkedIn(LinkedInColumns::new(header)),
            Flavor::Google => Layout::Google(GoogleColumns::new(header)),
            Flavor::Outlook => Layout::Outlook(OutlookColumns::new(header)),
            Flavor::Thunderbird => Layout::Thunderbird(ThunderbirdColumns::new(header)),
            Flavor::Netcrm => Layout::Netcrm(NetcrmColumns::new(header)),
        };
        // Outlook and Thunderbird files may have only some columns (only the e-mail
        // ones, say): their records are named by the importer, from the e-mail.
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
            Layout::Outlook(_) | Layout::Thunderbird(_) => (true, ""),
            Layout::Netcrm(columns) => (columns.name.is_some(), "'name'"),
        };
        if has_name {
            Ok(layout)
        } else {
            Err(format!("the header has no name column (expected {expected})"))
        }
    }

    fn card(&self, row: &Row<'_>, warnings: &mut dyn Warn) -> Card {
        match self {
            Layout::LinkedIn(columns) => columns.card(row, warnings),
            Layout::Google(columns) => columns.card(row, warnings),
            Layout::Outlook(columns) => columns.card(row, warnings),
            Layout::Thunderbird(columns) => columns.card(row, warnings),
            Layout::Netcrm(columns) => columns.card(row, warnings),
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::LineCounter;

    fn state<R>(c: &LineCounter<R>) -> impl PartialEq + std::fmt::Debug + use<R> {
        let starts: Vec<_> = c.starts.iter().copied().collect();
        (c.offset, c.line, c.after_cr, c.at_line_start, starts, c.quoted, c.quote_seen, c.field_start)
    }

    proptest! {
        /// Runs of ordinary bytes are skipped at once: the same as noting each byte.
        #[test]
        fn noting_a_run_at_once_is_noting_each_byte(
            text in r#"([a;]{0,4}|"|,|\r|\n|\r\n){0,40}"#,
            split in 0usize..200,
            delimiter in prop::sample::select(vec![b',', b';']),
        ) {
            let bytes = text.as_bytes();
            let split = split.min(bytes.len());
            let mut at_once = LineCounter::new(&[][..], 1, delimiter);
            at_once.note(&bytes[..split]);
            at_once.note(&bytes[split..]);
            let mut each = LineCounter::new(&[][..], 1, delimiter);
            for &byte in bytes {
                each.note_byte(byte);
            }
            prop_assert_eq!(state(&at_once), state(&each));
        }
    }
}
