//! Rewriting a card file that `sync` keeps (DESIGN.md "Sync and scan as real clients
//! use them"): the card as it is in the folder, the phone's own bytes, with only the
//! properties of the fields netcrm manages replaced, so that whatever else a phone or
//! another program keeps on the card survives: properties netcrm does not read (ADR,
//! NICKNAME, ANNIVERSARY, PHOTO, X-*, grouped `item1.` ones and their X-ABLabel), the
//! ORG units after the first, and the group and parameters (TYPE=CELL, TYPE=WORK) of
//! every value netcrm keeps. Pure: bytes in, bytes out.
//!
//! Decisions:
//! * A line netcrm does not change is written as it was, folded where it was folded.
//!   New and replaced lines are written as [`write`] writes them for the card's
//!   VERSION (4.0, else 3.0) and folded at 75 octets. Every line ends as the card's
//!   first line does: CRLF as RFC 6350 asks, or LF, as Radicale stores cards.
//! * E-mails and phones: a line whose value the contact has is kept as it is; one whose
//!   value the contact no longer has is left out, and with it the other lines of its
//!   group (`item1.X-ABLabel`). The contact's other values are written next to the kept
//!   ones, and the kept lines take the contact's order in the places they had, so that
//!   the card lists them as the contact does. A line netcrm does not read (not an
//!   e-mail address, blank) is kept.
//! * FN (and N with it), ORG's first unit, TITLE, the LinkedIn URL, CATEGORIES, NOTE
//!   and BDAY: the line netcrm reads is replaced when the value changed, keeping its
//!   group and parameters but ENCODING and CHARSET (the new value is UTF-8 text; a BDAY
//!   keeps none, its form says what it is); left out when the contact has no value
//!   (ORG keeps its other units); added before END:VCARD when the card has none. Of
//!   several NOTE or CATEGORIES lines, which netcrm reads as one value, the first is
//!   replaced and the others are left out. UID and VERSION are kept.
//! * Reading the rewritten card gives the contact's values (a test pins this), so the
//!   next sync sees no change.
//!
//! [`write`]: super::write

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::VcardVersion;
use super::read::{
    Logical, Property, RawCard, birthday_from, clean, continue_line, first_component, is, omitted_year,
    phone, read_card, split_escaped,
};
use super::write::{bday_line, categories_value, email_line, n_value, present, tel_line, write_card};
use crate::formats::contentline::{escape_text, escape_uri, push_line, unescape_text as unescape};
use crate::formats::{Card, Parsed, encoding, is_linkedin};
use crate::model::Contact;
use crate::validate;

/// The first card of `original` (a card file as read from the folder) with `contact`'s
/// values for the fields netcrm manages, and everything else as it was. A file
/// without a whole card is written as netcrm writes a new one (vCard 3.0).
pub fn rewrite(original: &[u8], contact: &Contact) -> Vec<u8> {
    let Some(card) = CardLines::of_first_card(original) else {
        let mut out = String::new();
        write_card(&mut out, contact, VcardVersion::V3);
        return out.into_bytes();
    };
    let properties: Vec<Option<Property<'_>>> = card.logical.iter().map(Property::parse).collect();
    let mut parsed = Parsed::default();
    read_card(RawCard { line: 1, lines: &card.logical }, &mut parsed);
    let read = parsed.cards.pop().unwrap_or_default();
    let mut plan = Plan::new(&properties);
    // In the order netcrm writes a card, for the lines added at its end.
    plan.name(&read, contact);
    plan.company_and_title(&read, contact);
    plan.lists(contact);
    plan.other_fields(&read, contact);
    plan.drop_orphaned_groups();
    card.write(&plan)
}

/// The lines of a file's first card.
struct CardLines<'a> {
    /// The file's physical lines, without their line ends.
    physical: Vec<&'a [u8]>,
    /// The physical lines of BEGIN:VCARD and END:VCARD.
    begin: Range<usize>,
    end: Range<usize>,
    /// The logical lines between them, and the physical lines each was written on.
    logical: Vec<Logical>,
    spans: Vec<Range<usize>>,
    /// How the file ends its lines: CRLF, else LF.
    line_end: &'static str,
}

impl<'a> CardLines<'a> {
    fn of_first_card(bytes: &'a [u8]) -> Option<CardLines<'a>> {
        let mut physical: Vec<&[u8]> =
            bytes.split(|&byte| byte == b'\n').map(|line| line.strip_suffix(b"\r").unwrap_or(line)).collect();
        if bytes.ends_with(b"\n") {
            physical.pop();
        }
        if let Some(first) = physical.first_mut() {
            *first = encoding::without_utf8_bom(first);
        }
        // Physical lines joined into logical ones as the reader joins them.
        let mut lines: Vec<(Logical, Range<usize>)> = Vec::new();
        for (index, content) in physical.iter().enumerate() {
            if let Some((last, span)) = lines.last_mut()
                && continue_line(&mut last.text, content)
            {
                span.end = index + 1;
                continue;
            }
            lines.push((Logical { line: index + 1, text: content.to_vec() }, index..index + 1));
        }
        let begin = lines.iter().position(|(logical, _)| is(&logical.text, "BEGIN:VCARD"))?;
        let mut end = None;
        for (index, (logical, _)) in lines.iter().enumerate().skip(begin + 1) {
            if is(&logical.text, "BEGIN:VCARD") {
                return None;
            }
            if is(&logical.text, "END:VCARD") {
                end = Some(index);
                break;
            }
        }
        let end = end?;
        let begin_span = lines[begin].1.clone();
        let end_span = lines[end].1.clone();
        let (logical, spans) = lines.drain(begin + 1..end).unzip();
        let first_end = bytes.iter().position(|&byte| byte == b'\n');
        let crlf = first_end.is_none_or(|end| end > 0 && bytes[end - 1] == b'\r');
        let line_end = if crlf { "\r\n" } else { "\n" };
        Some(CardLines { physical, begin: begin_span, end: end_span, logical, spans, line_end })
    }

    fn push_raw(&self, out: &mut Vec<u8>, span: &Range<usize>) {
        for line in &self.physical[span.clone()] {
            out.extend_from_slice(line);
            out.extend_from_slice(self.line_end.as_bytes());
        }
    }

    /// A new line, folded, ending as the file's lines do.
    fn push_new(&self, out: &mut Vec<u8>, line: &str) {
        let mut text = String::new();
        push_line(&mut text, line);
        if self.line_end == "\n" {
            text = text.replace("\r\n", "\n");
        }
        out.extend_from_slice(text.as_bytes());
    }

    fn write(&self, plan: &Plan) -> Vec<u8> {
        let mut out = Vec::new();
        self.push_raw(&mut out, &self.begin);
        for pieces in &plan.at {
            for piece in pieces {
                match piece {
                    Piece::Raw(index) => self.push_raw(&mut out, &self.spans[*index]),
                    Piece::Line(line) => self.push_new(&mut out, line),
                }
            }
        }
        for line in &plan.before_end {
            self.push_new(&mut out, line);
        }
        self.push_raw(&mut out, &self.end);
        out
    }
}

/// What is written where a line of the card was.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    /// A line of the card as it was (its index).
    Raw(usize),
    /// A new line, unfolded.
    Line(String),
}

/// The rewrite being decided: for each line of the card, what is written in its
/// place (at first itself), and the lines added before END:VCARD.
struct Plan<'p, 'a> {
    properties: &'p [Option<Property<'a>>],
    version: VcardVersion,
    at: Vec<Vec<Piece>>,
    before_end: Vec<String>,
    /// Lines a field's value decided (kept, replaced or left out).
    decided: Vec<bool>,
    /// Groups of lines left out, and of lines kept or replaced.
    dropped_groups: HashSet<String>,
    kept_groups: HashSet<String>,
}

impl<'p, 'a> Plan<'p, 'a> {
    fn new(properties: &'p [Option<Property<'a>>]) -> Plan<'p, 'a> {
        let version = properties
            .iter()
            .flatten()
            .find(|p| p.name == "VERSION")
            .filter(|p| p.value.trim_ascii() == b"4.0")
            .map_or(VcardVersion::V3, |_| VcardVersion::V4);
        Plan {
            properties,
            version,
            at: (0..properties.len()).map(|index| vec![Piece::Raw(index)]).collect(),
            before_end: Vec::new(),
            decided: vec![false; properties.len()],
            dropped_groups: HashSet::new(),
            kept_groups: HashSet::new(),
        }
    }

    /// The lines of the properties `names`, with what netcrm reads from each.
    fn lines<T>(&self, names: &[&str], read: impl Fn(&Property<'a>) -> Option<T>) -> Vec<(usize, Option<T>)> {
        self.properties
            .iter()
            .enumerate()
            .filter_map(|(index, p)| Some((index, p.as_ref().filter(|p| names.contains(&p.name.as_str()))?)))
            .map(|(index, p)| (index, read(p)))
            .collect()
    }

    fn property(&self, index: usize) -> Option<&Property<'a>> {
        self.properties.get(index).and_then(Option::as_ref)
    }

    fn keep(&mut self, index: usize) {
        self.decided[index] = true;
        if let Some(group) = self.property(index).and_then(group) {
            self.kept_groups.insert(group);
        }
    }

    fn replace(&mut self, index: usize, line: String) {
        self.keep(index);
        self.at[index] = vec![Piece::Line(line)];
    }

    fn drop_line(&mut self, index: usize) {
        self.decided[index] = true;
        self.at[index].clear();
        if let Some(group) = self.property(index).and_then(group) {
            self.dropped_groups.insert(group);
        }
    }

    /// A field of one value. `target` is the line netcrm reads it from (replaced by
    /// `line(its head)` when there is a `value`, else a new line `line(default head)`
    /// is added); without a value every line in `reading` is left out, and with one
    /// the lines in `rest` are.
    fn single(
        &mut self,
        target: Option<usize>,
        reading: &[usize],
        rest: &[usize],
        default_head: &str,
        value: Option<String>,
    ) {
        match value {
            Some(value) => {
                let head =
                    target.and_then(|t| self.property(t)).map_or_else(|| default_head.to_string(), head_of);
                let line = format!("{head}:{value}");
                match target {
                    Some(target) => self.replace(target, line),
                    None => self.before_end.push(line),
                }
                for &index in rest.iter().filter(|&&index| Some(index) != target) {
                    self.drop_line(index);
                }
            }
            None => {
                for &index in reading {
                    self.drop_line(index);
                }
            }
        }
    }

    /// FN, and N with it, when the name changed.
    fn name(&mut self, read: &Card, contact: &Contact) {
        let name = contact.name.trim();
        // As the sync reads a card's name: without one, its first e-mail.
        let card_name = read.name.as_deref().or(read.emails.first().map(String::as_str));
        if name.is_empty() || card_name.map(str::trim) == Some(name) {
            return;
        }
        let fns = self.lines(&["FN"], |p| text(p));
        let target = fns.iter().find(|(_, value)| value.is_some()).map(|(index, _)| *index);
        self.single(target, &[], &[], "FN", Some(escape_text(name)));
        let n = self.lines(&["N"], |_| Some(())).first().map(|(index, _)| *index);
        self.single(n, &[], &[], "N", Some(n_value(contact)));
    }

    fn company_and_title(&mut self, read: &Card, contact: &Contact) {
        let company = present(contact.company.as_deref());
        if read.company.as_deref() != company {
            self.company(company);
        }
        let title = present(contact.title.as_deref());
        if read.title.as_deref() != title {
            let titles = reading(self.lines(&["TITLE"], |p| text(p)));
            self.single(titles.first().copied(), &titles, &[], "TITLE", title.map(escape_text));
        }
    }

    fn other_fields(&mut self, read: &Card, contact: &Contact) {
        let linkedin = present(contact.linkedin.as_deref());
        if read.linkedin.as_deref() != linkedin {
            let urls = reading(self.lines(&["URL", "SOCIALPROFILE", "X-SOCIALPROFILE"], |p| {
                text(p).filter(|url| is_linkedin(url))
            }));
            self.single(urls.first().copied(), &urls, &[], "URL", linkedin.map(escape_uri));
        }
        let notes = present(contact.notes.as_deref());
        if read.notes.as_deref() != notes {
            let notes_lines = reading(self.lines(&["NOTE"], |p| text(p)));
            self.single(
                notes_lines.first().copied(),
                &notes_lines,
                &notes_lines,
                "NOTE",
                notes.map(escape_text),
            );
        }
        let tags = categories_value(&contact.tags);
        if !same_items(&validate::imported_tags(&read.tags), &contact.tags) {
            let categories = reading(self.lines(&["CATEGORIES"], |p| {
                value(p)
                    .filter(|v| split_escaped(v, ',').into_iter().any(|tag| clean(&unescape(tag)).is_some()))
            }));
            self.single(categories.first().copied(), &categories, &categories, "CATEGORIES", tags);
        }
        if read.birthday != contact.birthday {
            let birthdays = self.lines(&["BDAY"], |p| {
                value(p).and_then(|v| birthday_from(v.trim(), omitted_year(p).as_deref()))
            });
            // netcrm reads the first BDAY, whatever it holds.
            let target = birthdays.first().map(|(index, _)| *index);
            match contact.birthday {
                Some(birthday) => match target {
                    Some(target) => self.replace_bare(target, bday_line(birthday, self.version)),
                    None => self.before_end.push(bday_line(birthday, self.version)),
                },
                None => {
                    for index in reading(birthdays) {
                        self.drop_line(index);
                    }
                }
            }
        }
    }

    /// A line replaced by `line` as it is, its group kept.
    fn replace_bare(&mut self, index: usize, line: String) {
        let line = match self.property(index).and_then(group_prefix) {
            Some(group) => format!("{group}.{line}"),
            None => line,
        };
        self.replace(index, line);
    }

    /// ORG's first unit; the other units are kept.
    fn company(&mut self, company: Option<&str>) {
        let orgs = self.lines(&["ORG"], |p| value(p));
        let target = orgs
            .iter()
            .find(|(_, v)| v.as_deref().and_then(first_component).is_some())
            .or(orgs.first())
            .map(|(index, _)| *index);
        let reading: Vec<(usize, String)> = orgs
            .into_iter()
            .filter_map(|(index, v)| Some((index, v.filter(|v| first_component(v).is_some())?)))
            .collect();
        match company {
            Some(company) => {
                let units = target
                    .and_then(|t| self.property(t))
                    .and_then(value)
                    .map(|v| {
                        split_escaped(&v, ';').into_iter().skip(1).map(str::to_string).collect::<Vec<_>>()
                    })
                    .unwrap_or_default();
                let value = std::iter::once(escape_text(company)).chain(units).collect::<Vec<_>>().join(";");
                self.single(target, &[], &[], "ORG", Some(value));
            }
            None => {
                for (index, value) in reading {
                    let units: Vec<&str> = split_escaped(&value, ';').into_iter().skip(1).collect();
                    if units.iter().any(|unit| clean(&unescape(unit)).is_some()) {
                        let head = self.property(index).map(head_of).unwrap_or_else(|| "ORG".to_string());
                        self.replace(index, format!("{head}:;{}", units.join(";")));
                    } else {
                        self.drop_line(index);
                    }
                }
            }
        }
    }

    /// E-mails and phones.
    fn lists(&mut self, contact: &Contact) {
        let version = self.version;
        let emails = self.lines(&["EMAIL"], |p| text(p).filter(|email| validate::email(email).is_ok()));
        self.list(emails, &contact.emails, |value| email_line(value, version));
        let phones = self.lines(&["TEL"], |p| text(p).and_then(phone));
        self.list(phones, &contact.phones, tel_line);
    }

    /// A field of several values: `lines` are its lines with the value netcrm reads
    /// from each (none: a line it does not read, kept), `wanted` the contact's values.
    fn list(
        &mut self,
        lines: Vec<(usize, Option<String>)>,
        wanted: &[String],
        line: impl Fn(&str) -> String,
    ) {
        let wanted: Vec<&str> = wanted.iter().filter_map(|value| present(Some(value))).collect();
        let position: HashMap<&str, usize> =
            wanted.iter().enumerate().map(|(i, value)| (*value, i)).rev().collect();
        let mut kept_line: Vec<Option<usize>> = vec![None; wanted.len()];
        // The kept lines' places, in the card's order.
        let mut slots: Vec<usize> = Vec::new();
        let mut first_dropped = None;
        for (index, value) in lines {
            let Some(value) = value else { continue };
            match position.get(value.as_str()) {
                Some(&at) if kept_line[at].is_none() => {
                    kept_line[at] = Some(index);
                    slots.push(index);
                    self.keep(index);
                }
                _ => {
                    first_dropped.get_or_insert(index);
                    self.drop_line(index);
                }
            }
        }
        // The kept lines fill their places in the contact's order, each new value
        // written just before the kept one that follows it there.
        let mut pending: Vec<Piece> = Vec::new();
        let mut next_slot = slots.iter();
        for (at, value) in wanted.iter().enumerate() {
            match kept_line[at] {
                Some(original) => {
                    pending.push(Piece::Raw(original));
                    if let Some(&slot) = next_slot.next() {
                        self.at[slot] = std::mem::take(&mut pending);
                    }
                }
                None => pending.push(Piece::Line(line(value))),
            }
        }
        if pending.is_empty() {
            return;
        }
        match slots.last().copied().or(first_dropped) {
            Some(index) => self.at[index].extend(pending),
            None => self.before_end.extend(pending.into_iter().filter_map(|piece| match piece {
                Piece::Line(line) => Some(line),
                Piece::Raw(_) => None,
            })),
        }
    }

    /// The lines of a group whose managed line was left out (an `item1.X-ABLabel`
    /// naming a removed e-mail), unless a line of the group stays.
    fn drop_orphaned_groups(&mut self) {
        let orphaned: Vec<usize> = (0..self.properties.len())
            .filter(|&index| !self.decided[index])
            .filter(|&index| {
                self.property(index)
                    .and_then(group)
                    .is_some_and(|g| self.dropped_groups.contains(&g) && !self.kept_groups.contains(&g))
            })
            .collect();
        for index in orphaned {
            self.at[index].clear();
        }
    }
}

/// The indices of the lines that hold a value.
fn reading<T>(lines: Vec<(usize, Option<T>)>) -> Vec<usize> {
    lines.into_iter().filter(|(_, value)| value.is_some()).map(|(index, _)| index).collect()
}

/// A property's value decoded, still escaped (`None` for a binary one).
fn value(property: &Property<'_>) -> Option<String> {
    property.text(&mut false)
}

/// A property's value as netcrm reads a text: unescaped, trimmed, `None` when blank.
fn text(property: &Property<'_>) -> Option<String> {
    value(property).and_then(|value| clean(&unescape(&value)))
}

/// A property's group as written (`item1` of `item1.EMAIL`).
fn group_prefix(property: &Property<'_>) -> Option<String> {
    let name = property.head.split(|&byte| byte == b';').next()?;
    let dot = name.iter().rposition(|&byte| byte == b'.')?;
    Some(String::from_utf8_lossy(&name[..dot]).trim().to_string())
}

/// A property's group, lower case, to compare.
fn group(property: &Property<'_>) -> Option<String> {
    group_prefix(property).map(|group| group.to_lowercase())
}

/// What a replaced line keeps of the one it replaces: its group, name and parameters,
/// but ENCODING and CHARSET, which no longer hold for a value written as UTF-8 text.
fn head_of(property: &Property<'_>) -> String {
    let head = String::from_utf8_lossy(property.head);
    let mut parts = Vec::new();
    let (mut start, mut quoted) = (0, false);
    for (index, ch) in head.char_indices() {
        match ch {
            '"' => quoted = !quoted,
            ';' if !quoted => {
                parts.push(&head[start..index]);
                start = index + 1;
            }
            _ => {}
        }
    }
    parts.push(&head[start..]);
    let mut kept = vec![parts[0].trim()];
    kept.extend(parts[1..].iter().copied().filter(|parameter| {
        let (key, bare) = match parameter.split_once('=') {
            Some((key, _)) => (key.trim(), false),
            None => (parameter.trim(), true),
        };
        let key = key.to_ascii_uppercase();
        let encoding = ["QUOTED-PRINTABLE", "BASE64", "B", "8BIT", "7BIT"].contains(&key.as_str());
        !(key == "ENCODING" || key == "CHARSET" || (bare && encoding))
    }));
    kept.join(";")
}

/// Whether two lists hold the same values, in any order.
fn same_items(a: &[String], b: &[String]) -> bool {
    let set = |list: &[String]| list.iter().map(|v| v.trim().to_string()).collect::<HashSet<String>>();
    set(a) == set(b)
}
