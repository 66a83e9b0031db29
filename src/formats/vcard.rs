//! vCard: reads 2.1, 3.0 and 4.0 address books into [`Card`]s and writes netcrm's
//! contacts as 3.0 or 4.0 cards. Pure: text in, values out; no database, clock or terminal.
//!
//! Reading is liberal and leans on `calcard`, which unfolds lines, decodes escapes,
//! quoted-printable values with their CHARSET, groups (`item1.EMAIL`) and parameters.
//! Three parts are done here, each for a reason given where it happens: finding where
//! each card begins and ends (calcard reports no line numbers and accepts a card
//! without END:VCARD), reading BDAY (calcard misreads the 3.0 form `--05-12` and keeps
//! no original text to warn with), and normalising CRLF inside decoded values.
//!
//! Writing is strict and done here from netcrm's own model rather than through
//! calcard's writer, which adds `CHARSET=UTF-8` to non-ASCII values in 3.0 and cannot
//! be told not to. Decisions:
//! * ORG: only the first component (the organisation) becomes the company; the others
//!   are organisational units (departments). The company is written as one component,
//!   with any `;` escaped.
//! * N: written as `family;given;;;` by splitting the name at its last space; a
//!   one-word name is a given name only (`N:;Ada;;;`).
//! * BDAY: 3.0 writes `1990-05-12`, and `--05-12` for a birthday without a year: 3.0
//!   has no standard yearless form, and this is the ISO 8601 one most readers accept.
//!   4.0 writes RFC 6350's basic format: `19900512` and `--0512` (its ABNF has no
//!   `1990-05-12`).
//! * UID: the contact's `uid`, else `netcrm-contact-<id>`. In 4.0 a UID is a URI, so
//!   one that needs escaping is written as `UID;VALUE=text:`.
//! * Control characters other than tab and newline cannot appear in a vCard value and
//!   are left out; CR and CRLF are written as a newline (`\n`).

use calcard::vcard::{VCard, VCardEntry, VCardProperty, VCardValue};
use chrono::Datelike;

use super::{Card, FormatError, Parsed, is_linkedin, join_name};
use crate::dates::Birthday;
use crate::model::Contact;

/// The longest physical line written, in octets, not counting the CRLF (RFC 6350 3.2).
const FOLD_AT: usize = 75;

/// The vCard version [`write()`] produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VcardVersion {
    /// RFC 2426.
    V3,
    /// RFC 6350.
    V4,
}

/// Reads every card of a vCard file (2.1, 3.0 or 4.0). Unknown properties are
/// ignored; an unreadable BDAY is dropped with a warning.
///
/// # Errors
///
/// A [`FormatError`] when there is no `BEGIN:VCARD` at all, or a card has no
/// `END:VCARD` (the error names the card's `BEGIN:VCARD` line).
pub fn parse(text: &str) -> Result<Parsed, FormatError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut parsed = Parsed::default();
    for raw in split_cards(text)? {
        let vcard = VCard::parse(raw.text)
            .map_err(|_| FormatError { line: raw.line, message: "cannot read this card".to_string() })?;
        parsed.cards.push(card_from(&vcard, &raw, &mut parsed.warnings));
    }
    Ok(parsed)
}

/// Every contact as one card, in the given order.
pub fn write(contacts: &[Contact], version: VcardVersion) -> String {
    let mut out = String::new();
    for contact in contacts {
        write_card(&mut out, contact, version);
    }
    out
}

// ---------------------------------------------------------------------------------
// Reading

/// One card's text, from its BEGIN:VCARD line to its END:VCARD line.
struct RawCard<'a> {
    /// The 1-based line of BEGIN:VCARD.
    line: usize,
    text: &'a str,
    /// The card's first BDAY property, read here rather than by calcard (see
    /// [`birthday_from`]).
    birthday: Option<RawProperty>,
}

/// A property as written: one logical (unfolded) line cut at its first `:`.
struct RawProperty {
    line: usize,
    /// Everything before the `:`: group, name and parameters.
    head: String,
    value: String,
}

impl RawProperty {
    fn from_line(line: usize, text: &str) -> Option<RawProperty> {
        let (head, value) = text.split_once(':')?;
        Some(RawProperty { line, head: head.to_string(), value: value.to_string() })
    }

    /// The property name without group or parameters, e.g. `BDAY` for `item1.BDAY;X=1`.
    fn name(&self) -> &str {
        let name = self.head.split(';').next().unwrap_or("");
        name.rsplit('.').next().unwrap_or(name).trim()
    }

    /// The value of parameter `name` (case-insensitive), unquoted.
    fn parameter(&self, name: &str) -> Option<&str> {
        self.head.split(';').skip(1).find_map(|parameter| {
            let (key, value) = parameter.split_once('=')?;
            key.trim().eq_ignore_ascii_case(name).then(|| value.trim().trim_matches('"'))
        })
    }
}

/// A logical line: physical lines joined where folded.
struct LogicalLine {
    /// The 1-based line where it starts.
    line: usize,
    /// Byte offsets of its first character and just past its last line end.
    start: usize,
    end: usize,
    text: String,
}

/// Joins folded lines (a line starting with a space or tab continues the previous
/// one) and 2.1 quoted-printable soft line breaks (a QUOTED-PRINTABLE value ending in
/// `=` continues on the next line).
fn logical_lines(text: &str) -> Vec<LogicalLine> {
    let mut lines: Vec<LogicalLine> = Vec::new();
    let mut offset = 0;
    for (index, physical) in text.split_inclusive('\n').enumerate() {
        let start = offset;
        offset += physical.len();
        let content = physical.trim_end_matches(['\n', '\r']);
        if let Some(last) = lines.last_mut() {
            if let Some(rest) = content.strip_prefix([' ', '\t']) {
                last.text.push_str(rest);
                last.end = offset;
                continue;
            }
            if is_quoted_printable(&last.text) && last.text.ends_with('=') {
                last.text.pop();
                last.text.push_str(content);
                last.end = offset;
                continue;
            }
        }
        lines.push(LogicalLine { line: index + 1, start, end: offset, text: content.to_string() });
    }
    lines
}

fn is_quoted_printable(line: &str) -> bool {
    line.split_once(':').is_some_and(|(head, _)| head.to_ascii_uppercase().contains("QUOTED-PRINTABLE"))
}

/// Cuts the file into cards. This is done here because calcard's parser reports no
/// line numbers, and accepts a card that ends without END:VCARD (or runs into the next
/// BEGIN:VCARD) instead of reporting it.
fn split_cards(text: &str) -> Result<Vec<RawCard<'_>>, FormatError> {
    let lines = logical_lines(text);
    let mut cards = Vec::new();
    let mut open: Option<(usize, usize, Option<RawProperty>)> = None;
    for logical in &lines {
        let trimmed = logical.text.trim();
        if trimmed.eq_ignore_ascii_case("BEGIN:VCARD") {
            if let Some((line, _, _)) = open {
                return Err(FormatError {
                    line,
                    message: format!(
                        "this card has no END:VCARD before the next BEGIN:VCARD on line {}",
                        logical.line
                    ),
                });
            }
            open = Some((logical.line, logical.start, None));
        } else if trimmed.eq_ignore_ascii_case("END:VCARD") {
            // An END:VCARD outside a card is ignored, like any other stray line.
            if let Some((line, start, birthday)) = open.take() {
                cards.push(RawCard { line, text: &text[start..logical.end], birthday });
            }
        } else if let Some((_, _, birthday @ None)) = &mut open {
            *birthday = RawProperty::from_line(logical.line, &logical.text)
                .filter(|property| property.name().eq_ignore_ascii_case("BDAY"));
        }
    }
    if let Some((line, _, _)) = open {
        return Err(FormatError { line, message: "this card has no END:VCARD".to_string() });
    }
    if cards.is_empty() {
        let line =
            lines.iter().find(|logical| !logical.text.trim().is_empty()).map_or(1, |logical| logical.line);
        return Err(FormatError {
            line,
            message: "no BEGIN:VCARD found: this is not a vCard file".to_string(),
        });
    }
    Ok(cards)
}

fn card_from(vcard: &VCard, raw: &RawCard<'_>, warnings: &mut Vec<String>) -> Card {
    let mut card = Card { line: raw.line, ..Card::default() };
    let mut structured_name = None;
    let mut full_name = None;
    let mut notes: Vec<String> = Vec::new();
    for entry in &vcard.entries {
        match &entry.name {
            VCardProperty::N if structured_name.is_none() => structured_name = name_from_n(entry),
            VCardProperty::Fn if full_name.is_none() => {
                full_name = first_text(entry).and_then(|name| join_name(&[&name]));
            }
            VCardProperty::Email => card.emails.extend(first_text(entry)),
            VCardProperty::Tel => card.phones.extend(first_text(entry).and_then(|phone| {
                // 4.0 `TEL;VALUE=uri:tel:+1-555-0100`: keep what follows the scheme.
                match phone.get(..4) {
                    Some(scheme) if scheme.eq_ignore_ascii_case("tel:") => clean(&phone[4..]),
                    _ => Some(phone),
                }
            })),
            VCardProperty::Org if card.company.is_none() => card.company = first_text(entry),
            VCardProperty::Title if card.title.is_none() => card.title = first_text(entry),
            VCardProperty::Url | VCardProperty::Socialprofile if card.linkedin.is_none() => {
                card.linkedin = first_text(entry).filter(|url| is_linkedin(url));
            }
            VCardProperty::Other(name)
                if name.eq_ignore_ascii_case("X-SOCIALPROFILE") && card.linkedin.is_none() =>
            {
                card.linkedin = first_text(entry).filter(|url| is_linkedin(url));
            }
            // calcard splits CATEGORIES on unescaped commas and unescapes each tag. It
            // shortens a run of spaces or tabs that follows an escape (`a\,  b` gives
            // `a, b`); tags are short labels, so that is accepted rather than re-read here.
            VCardProperty::Categories => {
                card.tags.extend(entry.values.iter().filter_map(value_text).filter_map(clean));
            }
            VCardProperty::Note => notes.extend(first_text(entry)),
            VCardProperty::Uid if card.uid.is_none() => card.uid = first_text(entry),
            _ => {}
        }
    }
    card.name = structured_name.or(full_name);
    // Several NOTE properties are kept, one after the other.
    card.notes = (!notes.is_empty()).then(|| notes.join("\n"));
    card.birthday = raw.birthday.as_ref().and_then(|property| {
        let birthday = birthday_from(property);
        if birthday.is_none() && !property.value.trim().is_empty() {
            warnings.push(format!(
                "line {}: invalid birthday '{}' dropped",
                property.line,
                property.value.trim()
            ));
        }
        birthday
    });
    card
}

/// Given, additional and family names from `N` (family;given;additional;prefix;suffix).
fn name_from_n(entry: &VCardEntry) -> Option<String> {
    let part = |index: usize| match entry.values.get(index) {
        Some(VCardValue::Text(text)) => text.clone(),
        // Several values in one position, e.g. two additional names `Ann,Marie`.
        Some(VCardValue::Component(items)) => items.join(" "),
        _ => String::new(),
    };
    join_name(&[&part(1), &part(2), &part(0)])
}

fn value_text(value: &VCardValue) -> Option<&str> {
    match value {
        VCardValue::Text(text) => Some(text),
        _ => None,
    }
}

/// The first value of a property as clean text (for ORG, the first component).
fn first_text(entry: &VCardEntry) -> Option<String> {
    entry.values.first().and_then(value_text).and_then(clean)
}

/// Trimmed, with CRLF (which 2.1's quoted-printable `=0D=0A` decodes to) and lone CR
/// turned into `\n`; `None` when blank.
fn clean(text: &str) -> Option<String> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let trimmed = text.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_string())
}

/// Reads BDAY from its original text rather than from calcard's value: calcard reads
/// the 3.0 yearless form `--05-12` as a month alone, and its parsed value keeps no
/// original text to name in a warning. Accepts `1990-05-12`, `19900512`, either with a
/// time after `T` (ignored), `--0512`, `--05-12`, and Apple's
/// `BDAY;X-APPLE-OMIT-YEAR=1604:1604-05-12` for a birthday without a year.
fn birthday_from(property: &RawProperty) -> Option<Birthday> {
    let value = property.value.trim();
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
    match (birthday, property.parameter("X-APPLE-OMIT-YEAR")) {
        (Birthday::Full(day), Some(omitted)) if iso.get(..4) == Some(omitted) => {
            Some(Birthday::Yearless { month: day.month(), day: day.day() })
        }
        (birthday, _) => Some(birthday),
    }
}

// ---------------------------------------------------------------------------------
// Writing

fn write_card(out: &mut String, contact: &Contact, version: VcardVersion) {
    push_line(out, "BEGIN:VCARD");
    push_line(
        out,
        match version {
            VcardVersion::V3 => "VERSION:3.0",
            VcardVersion::V4 => "VERSION:4.0",
        },
    );

    let uid = contact.uid.as_deref().map(str::trim).filter(|uid| !uid.is_empty());
    let uid = uid.map_or_else(|| format!("netcrm-contact-{}", contact.id), str::to_string);
    let escaped_uid = escape_text(&uid);
    if version == VcardVersion::V4 && escaped_uid != uid {
        push_line(out, &format!("UID;VALUE=text:{escaped_uid}"));
    } else {
        push_line(out, &format!("UID:{escaped_uid}"));
    }

    let name = contact.name.trim();
    push_line(out, &format!("FN:{}", escape_text(name)));
    let (given, family) = match name.rsplit_once(' ') {
        Some((given, family)) => (given.trim_end(), family),
        None => (name, ""),
    };
    push_line(out, &format!("N:{};{};;;", escape_text(family), escape_text(given)));

    for (property, value) in [("ORG", &contact.company), ("TITLE", &contact.title)] {
        if let Some(value) = present(value.as_deref()) {
            push_line(out, &format!("{property}:{}", escape_text(value)));
        }
    }
    let email = match version {
        VcardVersion::V3 => "EMAIL;TYPE=INTERNET",
        VcardVersion::V4 => "EMAIL",
    };
    for value in contact.emails.iter().filter_map(|value| present(Some(value))) {
        push_line(out, &format!("{email}:{}", escape_text(value)));
    }
    for value in contact.phones.iter().filter_map(|value| present(Some(value))) {
        push_line(out, &format!("TEL:{}", escape_text(value)));
    }
    if let Some(url) = present(contact.linkedin.as_deref()) {
        push_line(out, &format!("URL:{}", escape_uri(url)));
    }
    let tags: Vec<String> =
        contact.tags.iter().filter_map(|tag| present(Some(tag))).map(escape_text).collect();
    if !tags.is_empty() {
        push_line(out, &format!("CATEGORIES:{}", tags.join(",")));
    }
    if let Some(notes) = present(contact.notes.as_deref()) {
        push_line(out, &format!("NOTE:{}", escape_text(notes)));
    }
    if let Some(birthday) = contact.birthday {
        push_line(out, &format!("BDAY:{}", format_birthday(birthday, version)));
    }
    push_line(out, "END:VCARD");
}

/// The value trimmed, or `None` when blank.
fn present(value: Option<&str>) -> Option<&str> {
    value.map(str::trim).filter(|value| !value.is_empty())
}

fn format_birthday(birthday: Birthday, version: VcardVersion) -> String {
    match (birthday, version) {
        (Birthday::Full(date), VcardVersion::V3) => date.format("%Y-%m-%d").to_string(),
        (Birthday::Full(date), VcardVersion::V4) => date.format("%Y%m%d").to_string(),
        (Birthday::Yearless { month, day }, VcardVersion::V3) => format!("--{month:02}-{day:02}"),
        (Birthday::Yearless { month, day }, VcardVersion::V4) => format!("--{month:02}{day:02}"),
    }
}

/// A text value escaped (RFC 6350 3.4, RFC 2426 5): `\`, `,`, `;` and newlines.
fn escape_text(value: &str) -> String {
    escape(value, true)
}

/// A URI value: `,` and `;` are part of URIs and stay as they are; a backslash or a
/// newline (which no valid URI holds) is escaped so that it cannot break the card.
fn escape_uri(value: &str) -> String {
    escape(value, false)
}

fn escape(value: &str, text: bool) -> String {
    let value = value.replace("\r\n", "\n");
    let mut escaped = String::with_capacity(value.len());
    for ch in value.chars() {
        match ch {
            '\\' => escaped.push_str("\\\\"),
            '\n' | '\r' => escaped.push_str("\\n"),
            ',' | ';' if text => {
                escaped.push('\\');
                escaped.push(ch);
            }
            '\t' => escaped.push(ch),
            _ if ch.is_control() && (ch as u32) < 0x80 => {}
            _ => escaped.push(ch),
        }
    }
    escaped
}

/// Appends one content line, folded so that no physical line is longer than 75
/// octets: continuation lines start with one space, and a fold never splits a UTF-8
/// sequence or an escape such as `\n`.
fn push_line(out: &mut String, line: &str) {
    let mut width = 0;
    let mut units = line.char_indices();
    while let Some((start, ch)) = units.next() {
        let mut end = start + ch.len_utf8();
        if ch == '\\'
            && let Some((next_start, next)) = units.next()
        {
            end = next_start + next.len_utf8();
        }
        if width + (end - start) > FOLD_AT {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push_str(&line[start..end]);
        width += end - start;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use proptest::prelude::*;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn strings(values: &[&str]) -> Vec<String> {
        values.iter().map(|value| value.to_string()).collect()
    }

    fn some(value: &str) -> Option<String> {
        Some(value.to_string())
    }

    fn contact(id: i64, name: &str) -> Contact {
        Contact::new(id, name, date("2026-11-22"))
    }

    fn ada() -> Contact {
        Contact {
            emails: strings(&["ada@engines.example", "ada.home@example.com"]),
            phones: strings(&["+44 20 7946 0018"]),
            company: some("Analytical Engines, Ltd."),
            title: some("Lead Programmer"),
            linkedin: some("https://www.linkedin.com/in/ada-lovelace"),
            tags: strings(&["conference", "maths; logic"]),
            notes: some("Met at the meetup.\nTalked about Bernoulli numbers."),
            birthday: Some(Birthday::Full(date("1815-12-10"))),
            ..contact(7, "Ada King Lovelace")
        }
    }

    fn parse_ok(text: &str) -> Parsed {
        parse(text).unwrap_or_else(|error| panic!("{error}"))
    }

    // ---- reading the fixtures -------------------------------------------------

    #[test]
    fn iphone_export_is_read_with_grouped_emails_folded_note_and_photo_skipped() {
        let parsed = parse_ok(include_str!("../../tests/fixtures/iphone.vcf"));
        assert_eq!(parsed.warnings, Vec::<String>::new());
        let expected = vec![
            Card {
                line: 1,
                name: some("Ada King Lovelace"),
                emails: strings(&["ada@engines.example", "ada.home@example.com"]),
                phones: strings(&["+44 20 7946 0018", "+44 20 7946 0999", "020 7946 0123"]),
                company: some("Analytical Engines Ltd"),
                title: some("Lead Programmer"),
                linkedin: some("http://www.linkedin.com/in/ada-lovelace"),
                tags: strings(&["Conference", "Mathematics"]),
                notes: some(
                    "Met at the Difference Engine meetup in London. We talked about Bernoulli numbers, \
                     the Analytical Engine; and her notes on Menabrea.\nFollow up about the \
                     poetry-of-science talk.",
                ),
                birthday: Some(Birthday::Full(date("1815-12-10"))),
                ..Card::default()
            },
            Card {
                line: 37,
                name: some("Charles Babbage"),
                emails: strings(&["charles@engines.example"]),
                phones: strings(&["+44 7700 900123"]),
                birthday: Some(Birthday::Yearless { month: 12, day: 26 }),
                ..Card::default()
            },
        ];
        assert_eq!(parsed.cards, expected);
    }

    #[test]
    fn android_2_1_export_is_read_with_quoted_printable_and_bare_parameters() {
        let parsed = parse_ok(include_str!("../../tests/fixtures/android-2.1.vcf"));
        assert_eq!(parsed.warnings, Vec::<String>::new());
        let expected = vec![
            Card {
                line: 1,
                name: some("Zoë Anné Müller"),
                emails: strings(&["zoe@firma.example", "zoe@example.de"]),
                phones: strings(&["+49-170-5550101", "030 5550102"]),
                company: some("Bäckerei Müller GmbH"),
                title: some("Geschäftsführerin"),
                notes: some(
                    "Kennengelernt auf der Gründermesse in Köln.\nWill im Frühjahr einen Stand teilen.",
                ),
                birthday: Some(Birthday::Full(date("1988-03-01"))),
                ..Card::default()
            },
            Card {
                line: 16,
                name: some("Dr. Kim"),
                phones: strings(&["+1 212 555 0147"]),
                linkedin: some("https://de.linkedin.com/in/kim-dr"),
                ..Card::default()
            },
        ];
        assert_eq!(parsed.cards, expected);
    }

    #[test]
    fn google_4_0_export_is_read_with_tel_uris_and_escaped_separators() {
        let parsed = parse_ok(include_str!("../../tests/fixtures/google-4.0.vcf"));
        assert_eq!(parsed.warnings, Vec::<String>::new());
        let expected = vec![Card {
            line: 1,
            name: some("Grace Brewster Murray Hopper"),
            emails: strings(&["grace@navy.example", "grace.hopper@example.org"]),
            phones: strings(&["+1-555-0100", "+1-555-0101"]),
            company: some("Hopper, Cobol ; Co"),
            title: some("Rear Admiral"),
            linkedin: some("https://www.linkedin.com/in/grace-hopper/"),
            tags: strings(&["Navy", "Computing", "Speakers, 2026"]),
            notes: some(
                "Nanoseconds, wire lengths; debugging. Bring a wire.\nAsked about the first bug, a moth.",
            ),
            birthday: Some(Birthday::Yearless { month: 5, day: 12 }),
            uid: some("urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1"),
            ..Card::default()
        }];
        assert_eq!(parsed.cards, expected);
    }

    #[test]
    fn outlook_export_with_lf_line_ends_and_repeated_type_parameters_is_read() {
        let text = include_str!("../../tests/fixtures/outlook.vcf");
        assert!(!text.contains('\r'), "the fixture must have LF-only line ends");
        let parsed = parse_ok(text);
        assert_eq!(parsed.warnings, Vec::<String>::new());
        let expected = vec![Card {
            line: 1,
            name: some("Jane Q Smith"),
            emails: strings(&["jane.smith@contoso.example", "jsmith@contoso.example"]),
            phones: strings(&["(425) 555-0100", "(425) 555-0199"]),
            company: some("Contoso Ltd."),
            title: some("Engineering Manager"),
            notes: some("Hiring for platform roles.\nPrefers e-mail."),
            birthday: Some(Birthday::Full(date("1985-07-04"))),
            ..Card::default()
        }];
        assert_eq!(parsed.cards, expected);
    }

    #[test]
    fn several_cards_with_blank_lines_between_are_read_with_their_lines() {
        let parsed = parse_ok(include_str!("../../tests/fixtures/several.vcf"));
        let expected = vec![
            Card {
                line: 1,
                name: some("Alan Turing"),
                emails: strings(&["alan@bletchley.example"]),
                ..Card::default()
            },
            Card {
                line: 8,
                name: some("Rosalind Franklin"),
                emails: strings(&["rosalind@kings.example"]),
                ..Card::default()
            },
            Card {
                line: 15,
                emails: strings(&["nobody@example.com"]),
                tags: strings(&["imported"]),
                ..Card::default()
            },
            Card {
                line: 21,
                name: some("Tim Berners-Lee"),
                linkedin: some("https://uk.linkedin.com/in/timbl"),
                birthday: Some(Birthday::Yearless { month: 6, day: 8 }),
                ..Card::default()
            },
        ];
        assert_eq!(parsed.cards, expected);
        assert_eq!(parsed.warnings, strings(&["line 12: invalid birthday '1920-02-30' dropped"]));
    }

    // ---- reading details ------------------------------------------------------

    #[test]
    fn birthdays_are_read_in_every_common_form() {
        let cases = [
            ("1990-05-12", Some(Birthday::Full(date("1990-05-12")))),
            ("19900512", Some(Birthday::Full(date("1990-05-12")))),
            ("1990-05-12T00:00:00Z", Some(Birthday::Full(date("1990-05-12")))),
            ("19900512T120000", Some(Birthday::Full(date("1990-05-12")))),
            ("--0512", Some(Birthday::Yearless { month: 5, day: 12 })),
            ("--05-12", Some(Birthday::Yearless { month: 5, day: 12 })),
            ("--0229", Some(Birthday::Yearless { month: 2, day: 29 })),
            ("1990-02-30", None),
            ("--1332", None),
            ("--05", None),
            ("1990", None),
            ("sometime in May", None),
        ];
        for (value, expected) in cases {
            let text = format!("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:X\r\nBDAY:{value}\r\nEND:VCARD\r\n");
            let parsed = parse_ok(&text);
            assert_eq!(parsed.cards[0].birthday, expected, "{value}");
            let warnings = match expected {
                Some(_) => Vec::new(),
                None => vec![format!("line 4: invalid birthday '{value}' dropped")],
            };
            assert_eq!(parsed.warnings, warnings, "{value}");
        }
    }

    #[test]
    fn name_comes_from_n_without_prefix_or_suffix_else_from_fn() {
        let cases = [
            ("N:Doe;John;Quincy,Adam;Dr.;Jr.\r\nFN:Dr. John Doe\r\n", Some("John Quincy Adam Doe")),
            ("FN:Dr. John Doe\r\nN:;;;;\r\n", Some("Dr. John Doe")),
            ("FN:  Prince  \r\n", Some("Prince")),
            ("N:;Cher;;;\r\n", Some("Cher")),
            ("N:O\\;Brien\\, Jr;Pat;;;\r\n", Some("Pat O;Brien, Jr")),
            ("EMAIL:x@example.com\r\n", None),
        ];
        for (body, expected) in cases {
            let text = format!("BEGIN:VCARD\r\nVERSION:3.0\r\n{body}END:VCARD\r\n");
            assert_eq!(parse_ok(&text).cards[0].name.as_deref(), expected, "{body}");
        }
    }

    #[test]
    fn blank_values_are_left_out_and_text_is_trimmed() {
        let text = "BEGIN:VCARD\nVERSION:3.0\nFN: Ann \nEMAIL:\nEMAIL: ann@example.com \nTEL: \n\
                    ORG:;Sales\nTITLE:  \nNOTE:\\n\\n\nCATEGORIES:a, ,b,\nUID: \nEND:VCARD\n";
        let card = &parse_ok(text).cards[0];
        assert_eq!(
            card,
            &Card {
                line: 1,
                name: some("Ann"),
                emails: strings(&["ann@example.com"]),
                tags: strings(&["a", "b"]),
                ..Card::default()
            }
        );
    }

    #[test]
    fn crlf_and_cr_inside_decoded_values_become_newlines() {
        let text = "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:X\r\n\
                    NOTE;ENCODING=QUOTED-PRINTABLE:one=0D=0Atwo=0Dthree\r\nEND:VCARD\r\n";
        assert_eq!(parse_ok(text).cards[0].notes.as_deref(), Some("one\ntwo\nthree"));
    }

    #[test]
    fn only_linkedin_urls_become_linkedin() {
        let text = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:X\r\nURL:https://example.com/x\r\n\
                    X-SOCIALPROFILE;TYPE=twitter:https://twitter.com/x\r\n\
                    item1.URL:https://www.linkedin.com/in/x\r\nURL:https://linkedin.com/in/y\r\nEND:VCARD\r\n";
        assert_eq!(parse_ok(text).cards[0].linkedin.as_deref(), Some("https://www.linkedin.com/in/x"));
        let none =
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:X\r\nURL:https://example.com/linkedin.com\r\nEND:VCARD\r\n";
        assert_eq!(parse_ok(none).cards[0].linkedin, None);
    }

    #[test]
    fn several_notes_are_kept_one_after_the_other() {
        let text = "BEGIN:VCARD\nVERSION:3.0\nFN:X\nNOTE:first\nNOTE:second\nEND:VCARD\n";
        assert_eq!(parse_ok(text).cards[0].notes.as_deref(), Some("first\nsecond"));
    }

    #[test]
    fn a_byte_order_mark_and_text_around_the_cards_are_ignored() {
        let text = "\u{feff}BEGIN:VCARD\r\nVERSION:3.0\r\nFN:A\r\nEND:VCARD\r\nstray text\r\nEND:VCARD\r\n\
                    \r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:B\r\nEND:VCARD";
        let parsed = parse_ok(text);
        let names: Vec<_> = parsed.cards.iter().map(|card| (card.line, card.name.clone())).collect();
        assert_eq!(names, vec![(1, some("A")), (8, some("B"))]);
    }

    #[test]
    fn a_file_without_begin_vcard_is_an_error_naming_the_line() {
        let cases = [("", 1), ("\n\nFN:Ada\nEND:VCARD\n", 3), ("id,name,emails\n1,Ada,\n", 1)];
        for (text, line) in cases {
            let error = parse(text).err();
            assert_eq!(error.as_ref().map(|error| error.line), Some(line), "{text:?}");
            assert!(error.is_some_and(|error| error.message.contains("BEGIN:VCARD")), "{text:?}");
        }
    }

    #[test]
    fn a_card_without_end_vcard_is_an_error_naming_its_begin_line() {
        let at_end = "BEGIN:VCARD\nVERSION:3.0\nFN:A\nEND:VCARD\n\nBEGIN:VCARD\nVERSION:3.0\nFN:B\n";
        assert_eq!(
            parse(at_end),
            Err(FormatError { line: 6, message: "this card has no END:VCARD".to_string() })
        );
        let before_next = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:A\r\nBEGIN:VCARD\r\nFN:B\r\nEND:VCARD\r\n";
        assert_eq!(
            parse(before_next),
            Err(FormatError {
                line: 1,
                message: "this card has no END:VCARD before the next BEGIN:VCARD on line 4".to_string()
            })
        );
        let error = parse(before_next).err().map(|error| error.to_string());
        assert_eq!(
            error.as_deref(),
            Some("line 1: this card has no END:VCARD before the next BEGIN:VCARD on line 4")
        );
    }

    #[test]
    fn folded_lines_split_anywhere_are_joined() {
        // Folds between characters of a word, inside escapes (`\` then `,`), and with a tab.
        let text = "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Zo\r\n ë Mü\r\n\tller\r\nNOTE:a\\\r\n ,b\\\r\n nc\r\nEND:VCARD\r\n";
        let card = &parse_ok(text).cards[0];
        assert_eq!(card.name.as_deref(), Some("Zoë Müller"));
        assert_eq!(card.notes.as_deref(), Some("a,b\nc"));
    }

    // ---- writing ----------------------------------------------------------------

    #[test]
    fn one_contact_is_written_exactly_as_vcard_3_0() {
        let expected = "BEGIN:VCARD\r\n\
                        VERSION:3.0\r\n\
                        UID:netcrm-contact-7\r\n\
                        FN:Ada King Lovelace\r\n\
                        N:Lovelace;Ada King;;;\r\n\
                        ORG:Analytical Engines\\, Ltd.\r\n\
                        TITLE:Lead Programmer\r\n\
                        EMAIL;TYPE=INTERNET:ada@engines.example\r\n\
                        EMAIL;TYPE=INTERNET:ada.home@example.com\r\n\
                        TEL:+44 20 7946 0018\r\n\
                        URL:https://www.linkedin.com/in/ada-lovelace\r\n\
                        CATEGORIES:conference,maths\\; logic\r\n\
                        NOTE:Met at the meetup.\\nTalked about Bernoulli numbers.\r\n\
                        BDAY:1815-12-10\r\n\
                        END:VCARD\r\n";
        assert_eq!(write(&[ada()], VcardVersion::V3), expected);
    }

    #[test]
    fn one_contact_is_written_exactly_as_vcard_4_0() {
        let ada = Contact {
            uid: some("urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1"),
            birthday: Some(Birthday::Yearless { month: 12, day: 10 }),
            ..ada()
        };
        let expected = "BEGIN:VCARD\r\n\
                        VERSION:4.0\r\n\
                        UID:urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1\r\n\
                        FN:Ada King Lovelace\r\n\
                        N:Lovelace;Ada King;;;\r\n\
                        ORG:Analytical Engines\\, Ltd.\r\n\
                        TITLE:Lead Programmer\r\n\
                        EMAIL:ada@engines.example\r\n\
                        EMAIL:ada.home@example.com\r\n\
                        TEL:+44 20 7946 0018\r\n\
                        URL:https://www.linkedin.com/in/ada-lovelace\r\n\
                        CATEGORIES:conference,maths\\; logic\r\n\
                        NOTE:Met at the meetup.\\nTalked about Bernoulli numbers.\r\n\
                        BDAY:--1210\r\n\
                        END:VCARD\r\n";
        assert_eq!(write(&[ada], VcardVersion::V4), expected);
    }

    #[test]
    fn a_minimal_contact_has_only_the_required_properties() {
        let expected =
            "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:netcrm-contact-3\r\nFN:Cher\r\nN:;Cher;;;\r\nEND:VCARD\r\n";
        let blank = Contact {
            company: some("  "),
            emails: strings(&[""]),
            tags: strings(&[" "]),
            uid: some(""),
            ..contact(3, "Cher")
        };
        assert_eq!(write(&[blank], VcardVersion::V3), expected);
    }

    #[test]
    fn birthdays_are_written_per_version() {
        let cases = [
            (Birthday::Full(date("1990-05-12")), VcardVersion::V3, "BDAY:1990-05-12"),
            (Birthday::Full(date("1990-05-12")), VcardVersion::V4, "BDAY:19900512"),
            (Birthday::Yearless { month: 5, day: 12 }, VcardVersion::V3, "BDAY:--05-12"),
            (Birthday::Yearless { month: 5, day: 12 }, VcardVersion::V4, "BDAY:--0512"),
            (Birthday::Full(date("0042-01-02")), VcardVersion::V3, "BDAY:0042-01-02"),
        ];
        for (birthday, version, line) in cases {
            let contact = Contact { birthday: Some(birthday), ..contact(1, "X") };
            let card = write(&[contact], version);
            assert!(card.contains(&format!("\r\n{line}\r\n")), "{birthday} {version:?}: {card}");
            assert_eq!(parse_ok(&card).cards[0].birthday, Some(birthday));
        }
    }

    #[test]
    fn text_values_escape_backslash_comma_semicolon_and_newlines() {
        let tricky = Contact {
            company: some("A\\B, C; D"),
            title: some("line one\r\nline two\rthree\n"),
            tags: strings(&["x,y", "a;b", "c\\d"]),
            notes: some("tab\there \"quoted\" bell\u{7} del\u{7f} é"),
            linkedin: some("https://www.linkedin.com/in/a,b;c"),
            ..contact(1, "O'Brien, Pat")
        };
        let card = write(&[tricky], VcardVersion::V3);
        for line in [
            "FN:O'Brien\\, Pat",
            "N:Pat;O'Brien\\,;;;",
            "ORG:A\\\\B\\, C\\; D",
            "TITLE:line one\\nline two\\nthree",
            "CATEGORIES:x\\,y,a\\;b,c\\\\d",
            "NOTE:tab\there \"quoted\" bell del é",
            "URL:https://www.linkedin.com/in/a,b;c",
        ] {
            assert!(card.contains(&format!("\r\n{line}\r\n")), "{line} in {card}");
        }
    }

    #[test]
    fn a_uid_that_is_not_a_plain_uri_is_written_as_text_in_4_0() {
        let contact = Contact { uid: some("a,b;c"), ..contact(1, "X") };
        assert!(
            write(std::slice::from_ref(&contact), VcardVersion::V4)
                .contains("\r\nUID;VALUE=text:a\\,b\\;c\r\n")
        );
        assert!(write(std::slice::from_ref(&contact), VcardVersion::V3).contains("\r\nUID:a\\,b\\;c\r\n"));
        for version in [VcardVersion::V3, VcardVersion::V4] {
            let card = write(std::slice::from_ref(&contact), version);
            assert_eq!(parse_ok(&card).cards[0].uid.as_deref(), Some("a,b;c"));
        }
    }

    fn physical_lines(text: &str) -> Vec<&[u8]> {
        let bytes = text.as_bytes();
        let mut lines = Vec::new();
        let mut start = 0;
        for index in 0..bytes.len().saturating_sub(1) {
            if &bytes[index..index + 2] == b"\r\n" {
                lines.push(&bytes[start..index]);
                start = index + 2;
            }
        }
        assert_eq!(start, bytes.len(), "the output ends with CRLF");
        lines
    }

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_characters_or_escapes() {
        let notes = format!("{}\n{}", "Zoë 漢字 😀, naïve; ".repeat(20), "\\".repeat(100));
        let name = format!("{} Müller", "Ä".repeat(60));
        let long = Contact { notes: Some(notes.clone()), ..contact(1, &name) };
        for version in [VcardVersion::V3, VcardVersion::V4] {
            let card = write(std::slice::from_ref(&long), version);
            let lines = physical_lines(&card);
            assert!(lines.len() > 10, "{card}");
            for line in &lines {
                assert!(line.len() <= 75, "{} octets: {:?}", line.len(), String::from_utf8_lossy(line));
                assert!(std::str::from_utf8(line).is_ok(), "split UTF-8: {line:?}");
                assert!(!line.starts_with(b"  "), "one space starts a continuation line");
            }
            // A fold never leaves an escape's backslash alone at the end of a line.
            let unfolded = card.replace("\r\n ", "");
            assert!(unfolded.contains(&format!("\r\nNOTE:{}\r\n", escape_text(&notes))));
            assert!(unfolded.contains(&format!("\r\nFN:{name}\r\n")));
            let card = &parse_ok(&card).cards[0];
            assert_eq!(card.notes.as_deref(), Some(notes.as_str()));
            assert_eq!(card.name.as_deref(), Some(name.as_str()));
        }
    }

    #[test]
    fn folding_escapes_stay_whole() {
        // 74 octets of `NOTE:` and text, then an escape: the fold comes before the pair.
        let notes = format!("{},x", "a".repeat(69));
        let card = write(&[Contact { notes: Some(notes), ..contact(1, "X") }], VcardVersion::V3);
        assert!(card.contains(&format!("NOTE:{}\r\n \\,x\r\n", "a".repeat(69))), "{card}");
    }

    #[test]
    fn contacts_are_written_in_order_and_the_same_contacts_give_the_same_bytes() {
        let contacts = [contact(2, "Bea"), ada(), contact(1, "Al")];
        let first = write(&contacts, VcardVersion::V3);
        assert_eq!(first, write(&contacts, VcardVersion::V3));
        let names: Vec<_> = parse_ok(&first).cards.into_iter().map(|card| card.name).collect();
        assert_eq!(names, vec![some("Bea"), some("Ada King Lovelace"), some("Al")]);
        assert_eq!(write(&[], VcardVersion::V4), "");
        assert!(!first.contains("CHARSET"));
    }

    #[test]
    fn written_cards_are_read_back_by_calcard_as_valid_vcards() {
        let card = write(&[ada()], VcardVersion::V4);
        let vcard = VCard::parse(&card).unwrap();
        assert_eq!(vcard.version(), Some(calcard::vcard::VCardVersion::V4_0));
        assert_eq!(vcard.uid(), Some("netcrm-contact-7"));
    }

    // ---- round trip ---------------------------------------------------------------

    /// Text with the characters that need care: separators, escapes, quotes, newlines,
    /// tabs, non-ASCII (two-, three- and four-byte), and lines of 200 characters and more.
    fn text() -> impl Strategy<Value = String> {
        let short = "[a-zA-Z0-9 ,;:\\\\\"'\n\t.éß漢字😀-]{1,40}";
        let long = "[a-zA-Z0-9 ,;\\\\\"\néß漢😀]{200,260}";
        prop_oneof![3 => short, 1 => long].prop_filter_map("blank", |text| {
            let trimmed = text.trim();
            (!trimmed.is_empty()).then(|| trimmed.to_string())
        })
    }

    /// A name: words of anything but whitespace, joined by single spaces.
    fn name() -> impl Strategy<Value = String> {
        prop::collection::vec("[a-zA-Z,;:\\\\\"'.éß漢😀-]{1,30}", 1..4).prop_map(|words| words.join(" "))
    }

    /// A tag: like [`text`] but with single spaces, as calcard shortens a run of
    /// whitespace after an escape inside CATEGORIES (see `card_from`).
    fn tag() -> impl Strategy<Value = String> {
        prop::collection::vec("[a-zA-Z0-9,;:\\\\\"'\n.éß漢😀-]{1,30}", 1..4)
            .prop_map(|words| words.join(" "))
            .prop_filter_map("blank", |tag| {
                let trimmed = tag.trim();
                (!trimmed.is_empty()).then(|| trimmed.to_string())
            })
    }

    fn birthday() -> impl Strategy<Value = Birthday> {
        prop_oneof![
            (0u64..73_000).prop_map(|offset| {
                Birthday::Full(date("1900-01-01").checked_add_days(chrono::Days::new(offset)).unwrap())
            }),
            (1u32..=12, 1u32..=31).prop_filter_map("no such day", |(month, day)| {
                NaiveDate::from_ymd_opt(2000, month, day).map(|_| Birthday::Yearless { month, day })
            }),
        ]
    }

    prop_compose! {
        fn any_contact()(
            id in 1i64..100_000,
            name in name(),
            emails in prop::collection::vec("[a-z0-9.,;\\\\\"é]{1,20}@[a-z]{1,10}\\.[a-z]{2,4}", 0..3),
            phones in prop::collection::vec("\\+?[0-9][0-9 ()\\-.,;]{0,20}[0-9]", 0..3),
            company in prop::option::of(text()),
            title in prop::option::of(text()),
            linkedin in prop::option::of("https://www\\.linkedin\\.com/in/[a-z0-9,;\\-]{1,80}"),
            tags in prop::collection::vec(tag(), 0..4),
            notes in prop::option::of(text()),
            birthday in prop::option::of(birthday()),
            uid in prop::option::of("[A-Za-z0-9:.@,;\\\\-]{1,60}"),
        ) -> Contact {
            Contact {
                emails, phones, company, title, linkedin, tags, notes, birthday, uid,
                ..contact(id, &name)
            }
        }
    }

    proptest! {
        #[test]
        fn written_contacts_are_read_back_unchanged(
            contacts in prop::collection::vec(any_contact(), 1..4),
            v4 in any::<bool>(),
        ) {
            let version = if v4 { VcardVersion::V4 } else { VcardVersion::V3 };
            let text = write(&contacts, version);
            let parsed = parse(&text).map_err(|error| TestCaseError::fail(error.to_string()))?;
            prop_assert_eq!(parsed.warnings, Vec::<String>::new());
            prop_assert_eq!(parsed.cards.len(), contacts.len());
            for (card, contact) in parsed.cards.iter().zip(&contacts) {
                prop_assert_eq!(card.name.as_deref(), Some(contact.name.as_str()));
                prop_assert_eq!(&card.emails, &contact.emails);
                prop_assert_eq!(&card.phones, &contact.phones);
                prop_assert_eq!(&card.company, &contact.company);
                prop_assert_eq!(&card.title, &contact.title);
                prop_assert_eq!(&card.linkedin, &contact.linkedin);
                prop_assert_eq!(&card.tags, &contact.tags);
                prop_assert_eq!(&card.notes, &contact.notes);
                prop_assert_eq!(card.birthday, contact.birthday);
                let uid = contact.uid.clone().unwrap_or_else(|| format!("netcrm-contact-{}", contact.id));
                prop_assert_eq!(card.uid.as_deref(), Some(uid.as_str()));
            }
            for line in physical_lines(&text) {
                prop_assert!(line.len() <= 75);
            }
        }

        #[test]
        fn no_input_makes_parse_panic(
            lines in prop::collection::vec(
                prop_oneof![
                    Just("BEGIN:VCARD".to_string()),
                    Just("END:VCARD".to_string()),
                    Just("VERSION:2.1".to_string()),
                    "(N|FN|EMAIL|TEL|ORG|BDAY|NOTE|CATEGORIES|item1.EMAIL|PHOTO)(;[A-Z=,-]{0,12}){0,2}:.{0,20}",
                    " .{0,10}",
                    ".{0,30}",
                ],
                0..12,
            ),
            crlf in any::<bool>(),
        ) {
            let text = lines.join(if crlf { "\r\n" } else { "\n" });
            let _ = parse(&text);
        }
    }
}
