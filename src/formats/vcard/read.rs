//! Reading vCard 2.1, 3.0 and 4.0 into [`Card`]s, liberally (real files are messy).
//!
//! The reader works on bytes, not text, because the encoding is decided per property
//! (DESIGN.md "Import and export"): a property's `CHARSET` wins (after its
//! quoted-printable `ENCODING` is undone), and other values are UTF-8 when they are
//! valid UTF-8, else Windows-1252 with a warning naming the card. calcard, which read
//! cards before, takes text, so a Shift_JIS card or a file mixing UTF-8 and
//! Windows-1252 cards was mangled before it could see them; it also reported no line
//! numbers and accepted a card without END:VCARD. What is read here is small: folded
//! lines, `group.NAME;PARAM=VALUE:value`, quoted-printable, backslash escapes, and
//! the structured values of N, ORG and CATEGORIES.
//!
//! Names (DESIGN.md "Interchange formats"): FN is the name people chose to see; an
//! Apple company card (`X-ABShowAs:COMPANY`) is named by its ORG; without FN, N's
//! given, additional and family names joined, then NICKNAME. N is kept as the card's
//! `name_parts`. A `KIND:group` card (Apple: `X-ADDRESSBOOKSERVER-KIND:group`) is not a
//! person and is skipped.

use std::io::BufRead;

use chrono::Datelike;

use crate::dates::Birthday;
use crate::formats::contentline::unescape_text as unescape;
use crate::formats::{Card, CardReader, FormatError, Parsed, Warn, encoding, is_linkedin, join_name};
use crate::model::NameParts;

/// Reads every card of a vCard file (2.1, 3.0 or 4.0). Unknown properties are
/// ignored; an unreadable BDAY is dropped with a warning; a group card is skipped.
///
/// # Errors
///
/// A [`FormatError`] when there is no `BEGIN:VCARD` at all, or a card has no
/// `END:VCARD` (the error names the card's `BEGIN:VCARD` line).
pub fn parse(bytes: &[u8]) -> Result<Parsed, FormatError> {
    let mut cards = Cards::new(bytes);
    let mut parsed = Parsed::default();
    while cards.next(&mut parsed)? {}
    Ok(parsed)
}

/// The cards of a vCard file read one at a time, so that a file of any size is read
/// in the memory of its largest card. Errors are those of [`parse`], found where
/// they are: a card without `END:VCARD` once the next `BEGIN:VCARD` or the end of
/// the file shows it.
pub struct Cards<R> {
    input: R,
    /// How many bytes and physical lines were read.
    bytes_read: u64,
    lines_read: usize,
    /// The logical line being put together: the next physical line may continue it.
    pending: Option<Logical>,
    /// The card being read: its BEGIN:VCARD line and its lines so far.
    open: Option<(usize, Vec<Logical>)>,
    /// Whether any card was read, and the first line that is not blank (for the
    /// error when there is none).
    any_card: bool,
    first_text: Option<usize>,
    ended: bool,
    /// What [`CardReader::next_card`] reads each card into.
    read: Parsed,
}

impl<R: BufRead> Cards<R> {
    pub fn new(input: R) -> Cards<R> {
        Cards {
            input,
            bytes_read: 0,
            lines_read: 0,
            pending: None,
            open: None,
            any_card: false,
            first_text: None,
            ended: false,
            read: Parsed::default(),
        }
    }

    /// Reads the next card into `parsed` (a person's card into its `cards`, a group's
    /// into its `skipped`, with the card's warnings). False at the end of the file.
    ///
    /// # Errors
    ///
    /// As [`parse`]; a failure to read the input is an error on the line reached.
    pub fn next(&mut self, parsed: &mut Parsed) -> Result<bool, FormatError> {
        while let Some(logical) = self.next_logical()? {
            if is(&logical.text, "BEGIN:VCARD") {
                if let Some((begin, _)) = &self.open {
                    return Err(FormatError {
                        line: *begin,
                        message: format!(
                            "this card has no END:VCARD before the next BEGIN:VCARD on line {}",
                            logical.line
                        ),
                    });
                }
                self.open = Some((logical.line, Vec::new()));
            } else if is(&logical.text, "END:VCARD") {
                // An END:VCARD outside a card is ignored, like any other stray line.
                if let Some((line, lines)) = self.open.take() {
                    self.any_card = true;
                    read_card(RawCard { line, lines: &lines }, parsed);
                    return Ok(true);
                }
            } else if let Some((_, lines)) = &mut self.open {
                lines.push(logical);
            }
        }
        if let Some((begin, _)) = &self.open {
            return Err(FormatError { line: *begin, message: "this card has no END:VCARD".to_string() });
        }
        if !self.any_card {
            return Err(FormatError {
                line: self.first_text.unwrap_or(1),
                message: "no BEGIN:VCARD found: this is not a vCard file".to_string(),
            });
        }
        Ok(false)
    }

    /// The next logical line: physical lines joined where folded (a line starting
    /// with a space or tab continues the previous one) and at 2.1 quoted-printable
    /// soft line breaks (a QUOTED-PRINTABLE value ending in `=` continues on the next
    /// line). Line ends are LF or CRLF; a UTF-8 byte-order mark is dropped.
    fn next_logical(&mut self) -> Result<Option<Logical>, FormatError> {
        let mut physical = Vec::new();
        loop {
            if self.ended {
                return Ok(self.pending.take());
            }
            physical.clear();
            let read = self.input.read_until(b'\n', &mut physical).map_err(|e| FormatError {
                line: self.lines_read + 1,
                message: format!("cannot read on: {e}"),
            })?;
            if read == 0 {
                self.ended = true;
                continue;
            }
            self.bytes_read += read as u64;
            self.lines_read += 1;
            let line = self.lines_read;
            let mut content = physical.strip_suffix(b"\n").unwrap_or(&physical);
            content = content.strip_suffix(b"\r").unwrap_or(content);
            if line == 1 {
                content = encoding::without_utf8_bom(content);
            }
            if let Some(last) = &mut self.pending
                && continue_line(&mut last.text, content)
            {
                continue;
            }
            if self.first_text.is_none() && !content.trim_ascii().is_empty() {
                self.first_text = Some(line);
            }
            let next = Logical { line, text: content.to_vec() };
            if let Some(done) = self.pending.replace(next) {
                return Ok(Some(done));
            }
        }
    }
}

impl<R: BufRead> CardReader for Cards<R> {
    /// The next person's card; a group's card is said to `warnings` as skipped.
    ///
    /// # Errors
    ///
    /// As [`parse`].
    fn next_card(&mut self, warnings: &mut dyn Warn) -> Result<Option<Card>, FormatError> {
        // Each card is read into `read` (taken, to be lent to `next`), then handed on.
        let mut read = std::mem::take(&mut self.read);
        let found = loop {
            if !self.next(&mut read)? {
                break None;
            }
            for warning in read.warnings.drain(..) {
                warnings.note(warning);
            }
            for (line, why) in read.skipped.drain(..) {
                warnings.skip(line, why);
            }
            if let Some(card) = read.cards.pop() {
                break Some(card);
            }
        };
        self.read = read;
        Ok(found)
    }

    fn bytes_read(&self) -> u64 {
        self.bytes_read
    }
}

/// Joins the physical line `content` (without its line end) to the logical line `text`
/// when it continues it: folded (it starts with a space or tab, dropped), or after a
/// 2.1 quoted-printable soft line break (`text` ends in `=`, dropped). Whether it did.
pub(super) fn continue_line(text: &mut Vec<u8>, content: &[u8]) -> bool {
    if let Some((_, rest)) = content.split_first().filter(|(first, _)| matches!(first, b' ' | b'\t')) {
        text.extend_from_slice(rest);
        return true;
    }
    if text.ends_with(b"=") && is_quoted_printable(text) {
        text.pop();
        text.extend_from_slice(content);
        return true;
    }
    false
}

/// A logical line: physical lines joined where folded.
pub(super) struct Logical {
    /// The 1-based line where it starts.
    pub(super) line: usize,
    pub(super) text: Vec<u8>,
}

fn is_quoted_printable(line: &[u8]) -> bool {
    let head = line.split(|&byte| byte == b':').next().unwrap_or_default();
    head.to_ascii_uppercase().windows(16).any(|window| window == b"QUOTED-PRINTABLE")
}

pub(super) fn is(line: &[u8], keyword: &str) -> bool {
    line.trim_ascii().eq_ignore_ascii_case(keyword.as_bytes())
}

/// One card: its BEGIN:VCARD line and the logical lines between BEGIN and END.
pub(super) struct RawCard<'a> {
    pub(super) line: usize,
    pub(super) lines: &'a [Logical],
}

/// A property as written: `[group.]NAME(;PARAM[=VALUE])*:value`.
pub(super) struct Property<'a> {
    line: usize,
    /// Upper case, without the group.
    pub(super) name: String,
    /// Names upper case; a 2.1 bare parameter (`TEL;CELL`) is a TYPE, or an ENCODING
    /// when it is one (`;QUOTED-PRINTABLE`).
    parameters: Vec<(String, String)>,
    /// What comes before the value's `:`, as written: group, name and parameters.
    pub(super) head: &'a [u8],
    pub(super) value: &'a [u8],
}

impl<'a> Property<'a> {
    pub(super) fn parse(logical: &'a Logical) -> Option<Property<'a>> {
        let text = &logical.text;
        // The value starts at the first `:` outside a quoted parameter value.
        let mut quoted = false;
        let colon = text.iter().position(|&byte| {
            if byte == b'"' {
                quoted = !quoted;
            }
            byte == b':' && !quoted
        })?;
        let head = String::from_utf8_lossy(&text[..colon]);
        let mut parts = head.split(';');
        let name = parts.next().unwrap_or_default();
        let name = name.rsplit('.').next().unwrap_or(name).trim().to_ascii_uppercase();
        let parameters = parts
            .map(|parameter| match parameter.split_once('=') {
                Some((key, value)) => {
                    (key.trim().to_ascii_uppercase(), value.trim().trim_matches('"').to_string())
                }
                None => {
                    let value = parameter.trim().to_string();
                    let key = match value.to_ascii_uppercase().as_str() {
                        "QUOTED-PRINTABLE" | "BASE64" | "B" | "8BIT" | "7BIT" => "ENCODING",
                        _ => "TYPE",
                    };
                    (key.to_string(), value)
                }
            })
            .collect();
        Some(Property {
            line: logical.line,
            name,
            parameters,
            head: &text[..colon],
            value: &text[colon + 1..],
        })
    }

    fn parameter(&self, name: &str) -> Option<&str> {
        self.parameters.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
    }

    /// The value as text, still escaped: quoted-printable undone, then decoded by its
    /// CHARSET, else as UTF-8, else as Windows-1252 (setting `fell_back`). `None` for
    /// binary values (an embedded PHOTO).
    pub(super) fn text(&self, fell_back: &mut bool) -> Option<String> {
        let encoding = self.parameter("ENCODING").map(str::to_ascii_uppercase);
        let decoded;
        let bytes = match encoding.as_deref() {
            Some("QUOTED-PRINTABLE") => {
                decoded = quoted_printable(self.value);
                &decoded[..]
            }
            Some("B" | "BASE64") => return None,
            _ => self.value,
        };
        if let Some(text) = self.parameter("CHARSET").and_then(|label| encoding::text_in(bytes, label)) {
            return Some(text);
        }
        let (text, was_1252) = encoding::text(bytes);
        *fell_back |= was_1252;
        Some(text.into_owned())
    }
}

/// Undoes quoted-printable (`=C3=B6`); a `=` not followed by two hex digits stays.
fn quoted_printable(value: &[u8]) -> Vec<u8> {
    let hex = |byte: u8| (byte as char).to_digit(16);
    let mut out = Vec::with_capacity(value.len());
    let mut index = 0;
    while index < value.len() {
        if value[index] == b'='
            && let (Some(high), Some(low)) =
                (value.get(index + 1).and_then(|&b| hex(b)), value.get(index + 2).and_then(|&b| hex(b)))
        {
            out.push((high * 16 + low) as u8);
            index += 3;
            continue;
        }
        out.push(value[index]);
        index += 1;
    }
    out
}

/// Splits an escaped value at each `separator` that no backslash escapes.
pub(super) fn split_escaped(value: &str, separator: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut escaped = false;
    for (index, ch) in value.char_indices() {
        if escaped {
            escaped = false;
        } else if ch == '\\' {
            escaped = true;
        } else if ch == separator {
            parts.push(&value[start..index]);
            start = index + 1;
        }
    }
    parts.push(&value[start..]);
    parts
}

/// Trimmed, with CRLF (which 2.1's quoted-printable `=0D=0A` decodes to) and lone CR
/// turned into `\n`; `None` when blank.
pub(super) fn clean(text: &str) -> Option<String> {
    let text =
        if text.contains('\r') { text.replace("\r\n", "\n").replace('\r', "\n") } else { text.to_string() };
    let trimmed = text.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_string())
}

/// The first component of a structured value, unescaped and clean.
pub(super) fn first_component(value: &str) -> Option<String> {
    split_escaped(value, ';').first().and_then(|part| clean(&unescape(part)))
}

/// N's five components (family;given;additional;prefix;suffix), several values in
/// one component (`Quincy,Adam`) joined by spaces.
fn name_parts(value: &str) -> Option<NameParts> {
    let components = split_escaped(value, ';');
    let part = |index: usize| {
        components.get(index).map_or_else(String::new, |component| {
            let values: Vec<String> =
                split_escaped(component, ',').into_iter().filter_map(|v| clean(&unescape(v))).collect();
            values.join(" ")
        })
    };
    NameParts { family: part(0), given: part(1), additional: part(2), prefix: part(3), suffix: part(4) }
        .non_blank()
}

pub(super) fn read_card(raw: RawCard<'_>, parsed: &mut Parsed) {
    let mut card = Card { line: raw.line, ..Card::default() };
    let mut full_name = None;
    let mut nickname = None;
    let mut show_as_company = false;
    let mut group = false;
    let mut notes: Vec<String> = Vec::new();
    let mut birthday = None;
    let mut fell_back = false;
    for logical in raw.lines {
        let Some(property) = Property::parse(logical) else { continue };
        let name = property.name.as_str();
        if !matches!(
            name,
            "FN" | "N"
                | "NICKNAME"
                | "ORG"
                | "TITLE"
                | "EMAIL"
                | "TEL"
                | "URL"
                | "SOCIALPROFILE"
                | "X-SOCIALPROFILE"
                | "CATEGORIES"
                | "NOTE"
                | "UID"
                | "BDAY"
                | "KIND"
                | "X-ADDRESSBOOKSERVER-KIND"
                | "X-ABSHOWAS"
        ) {
            continue;
        }
        let Some(value) = property.text(&mut fell_back) else { continue };
        let text = || clean(&unescape(&value));
        match name {
            "FN" if full_name.is_none() => full_name = text(),
            "N" if card.name_parts.is_none() => card.name_parts = name_parts(&value),
            "NICKNAME" if nickname.is_none() => {
                nickname = split_escaped(&value, ',').into_iter().find_map(|v| clean(&unescape(v)));
            }
            "ORG" if card.company.is_none() => card.company = first_component(&value),
            "TITLE" if card.title.is_none() => card.title = text(),
            "EMAIL" => card.emails.extend(text()),
            "TEL" => card.phones.extend(text().and_then(phone)),
            "URL" | "SOCIALPROFILE" | "X-SOCIALPROFILE" if card.linkedin.is_none() => {
                card.linkedin = text().filter(|url| is_linkedin(url));
            }
            "CATEGORIES" => {
                card.tags
                    .extend(split_escaped(&value, ',').into_iter().filter_map(|tag| clean(&unescape(tag))));
            }
            "NOTE" => notes.extend(text()),
            "UID" if card.uid.is_none() => card.uid = text(),
            "BDAY" if birthday.is_none() => {
                birthday = Some((property.line, value.trim().to_string(), omitted_year(&property)))
            }
            "KIND" | "X-ADDRESSBOOKSERVER-KIND" => group |= value.trim().eq_ignore_ascii_case("group"),
            "X-ABSHOWAS" => show_as_company |= value.trim().eq_ignore_ascii_case("company"),
            _ => {}
        }
    }
    let joined = card
        .name_parts
        .as_ref()
        .and_then(|parts| join_name(&[&parts.given, &parts.additional, &parts.family]));
    let company = card.company.clone().filter(|_| show_as_company);
    card.name = company.or(full_name).or(joined).or(nickname);
    if fell_back {
        parsed.warnings.push(format!(
            "line {}: card {}is not valid UTF-8; read it as Windows-1252",
            raw.line,
            card.name.as_deref().map(|name| format!("'{name}' ")).unwrap_or_default()
        ));
    }
    if group {
        let name = card.name.as_deref().map(|name| format!(" '{name}'")).unwrap_or_default();
        parsed.skipped.push((raw.line, format!("group{name} (KIND:group) is not a person")));
        return;
    }
    // Several NOTE properties are kept, one after the other.
    card.notes = (!notes.is_empty()).then(|| notes.join("\n"));
    card.birthday = birthday.and_then(|(line, value, omitted)| {
        let birthday = birthday_from(&value, omitted.as_deref());
        if birthday.is_none() && !value.is_empty() {
            parsed.warnings.push(format!("line {line}: invalid birthday '{value}' dropped"));
        }
        birthday
    });
    parsed.cards.push(card);
}

/// A TEL value as a phone number: of 4.0's `TEL;VALUE=uri:tel:+1-555-0100`, what
/// follows the scheme.
pub(super) fn phone(value: String) -> Option<String> {
    match value.get(..4) {
        Some(scheme) if scheme.eq_ignore_ascii_case("tel:") => clean(&value[4..]),
        _ => Some(value),
    }
}

pub(super) fn omitted_year(property: &Property<'_>) -> Option<String> {
    property.parameter("X-APPLE-OMIT-YEAR").map(str::to_string)
}

/// Accepts `1990-05-12`, `19900512`, either with a time after `T` (ignored), `--0512`,
/// `--05-12`, and Apple's `BDAY;X-APPLE-OMIT-YEAR=1604:1604-05-12` for a birthday
/// without a year.
pub(super) fn birthday_from(value: &str, omitted_year: Option<&str>) -> Option<Birthday> {
    let date = value.split(['T', 't']).next().unwrap_or(value);
    let iso = if let Some(rest) = date.strip_prefix("--") {
        match rest.len() {
            4 => format!("--{}-{}", rest.get(..2)?, rest.get(2..)?),
            _ => date.to_string(),
        }
    } else if date.len() == 8 && date.bytes().all(|byte| byte.is_ascii_digit()) {
        format!("{}-{}-{}", &date[..4], &date[4..6], &date[6..])
    } else {
        date.to_string()
    };
    let birthday = Birthday::parse(&iso).ok()?;
    match (birthday, omitted_year) {
        (Birthday::Full(day), Some(omitted)) if iso.get(..4) == Some(omitted) => {
            Some(Birthday::Yearless { month: day.month(), day: day.day() })
        }
        (birthday, _) => Some(birthday),
    }
}
