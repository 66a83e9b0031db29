//! Interchange formats: reading other programs' files into [`Card`]s, and writing
//! netcrm's contacts and follow-ups out. Pure: text in, values out, and text out; no
//! database, clock or terminal. Matching cards to contacts is the importer's job.
//! [`mail`] reads message headers and [`calendar`] meetings for `scan` the same way:
//! values out, nothing stored; [`sources`] tells which a path `scan` is given is.

pub mod calendar;
pub mod contentline;
pub mod csv;
pub mod document;
pub mod encoding;
pub mod graph;
pub mod ics;
pub mod json;
pub mod mail;
pub mod message;
pub mod names;
pub mod rescan;
pub mod sources;
pub mod vcard;

use std::io::Read;

use chrono::NaiveDate;

use crate::dates::{Birthday, Cadence};
use crate::model::NameParts;

/// What one record of an imported file says about a person, before any checking or
/// matching. Text fields are trimmed, and `None` when blank. Its fields are pinned to
/// [`crate::model::ContactField`] by `tests/contact_fields.rs`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Card {
    /// The 1-based line where the record starts, for reports.
    pub line: usize,
    /// The file's display name (vCard FN, Google's older `Name`, Thunderbird's
    /// `Display Name`) as written; else given, middle and family names joined by
    /// spaces; else a nickname. `None` leaves it to the importer (company, e-mail).
    pub name: Option<String>,
    /// The structured name the file carried, if any (DESIGN.md "Interchange formats").
    pub name_parts: Option<NameParts>,
    /// As found: the importer checks them and drops invalid ones with a warning.
    pub emails: Vec<String>,
    pub phones: Vec<String>,
    pub company: Option<String>,
    pub title: Option<String>,
    /// A URL on linkedin.com, as found.
    pub linkedin: Option<String>,
    pub tags: Vec<String>,
    pub notes: Option<String>,
    pub birthday: Option<Birthday>,
    pub met_on: Option<NaiveDate>,
    pub met_at: Option<String>,
    pub how_met: Option<String>,
    pub cadence: FileCadence,
    /// The vCard UID, kept for export.
    pub uid: Option<String>,
    /// netcrm CSV only: the id and introducer columns.
    pub id: Option<i64>,
    pub introduced_by: Option<i64>,
}

/// Whether a file says how often to check in with someone.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum FileCadence {
    /// The format has no such field: `--cadence` or import-cadence applies.
    #[default]
    Absent,
    /// netcrm's own files: the contact follows `default-cadence`.
    Default,
    /// netcrm's own files: the contact's own cadence.
    Own(Cadence),
}

/// The cards of a file, with warnings about values that were dropped.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parsed {
    pub cards: Vec<Card>,
    /// Records that are not people (a vCard group), with their line and why.
    pub skipped: Vec<(usize, String)>,
    /// Each a sentence naming the line and the value, e.g. `line 4: invalid birthday '1990-02-30' dropped`.
    pub warnings: Vec<String>,
}

/// Where a reader says what it dropped or skipped as it reads (the importer gathers
/// them; [`Parsed`] keeps them all, a `Vec` the sentences).
pub trait Warn {
    /// A value dropped or read in some way that should be said: a sentence naming the
    /// line and the value, e.g. `line 4: invalid birthday '1990-02-30' dropped`.
    fn note(&mut self, warning: String);

    /// A record that is not a person (a vCard group), skipped: its line and why.
    fn skip(&mut self, line: usize, why: String);
}

impl Warn for Vec<String> {
    fn note(&mut self, warning: String) {
        self.push(warning);
    }

    fn skip(&mut self, line: usize, why: String) {
        self.push(format!("line {line}: {why}; skipped"));
    }
}

impl Warn for Parsed {
    fn note(&mut self, warning: String) {
        self.warnings.push(warning);
    }

    fn skip(&mut self, line: usize, why: String) {
        self.skipped.push((line, why));
    }
}

/// The readers of contact files (CSV, vCard), one protocol: a card at a time, so
/// that a file of any size is read in the memory of its largest record.
pub trait CardReader {
    /// The next card, `None` after the last; what is dropped or skipped on the way
    /// is said to `warnings`.
    ///
    /// # Errors
    ///
    /// A [`FormatError`] naming the line where the file is not well formed.
    fn next_card(&mut self, warnings: &mut dyn Warn) -> Result<Option<Card>, FormatError>;

    /// How many bytes of the input were read (for a progress bar).
    fn bytes_read(&self) -> u64;
}

/// The reader of the cards of a file in `format` that starts with `head` (its first
/// [`csv::HEAD`] bytes or more, or all of it) and goes on with `rest`; what it says
/// about the file's header goes to `warnings`.
///
/// # Errors
///
/// A [`FormatError`] when the header is not one of `format`'s (see [`csv::Cards::new`]),
/// or for a JSON backup, which is restored ([`json::read`]), not read as cards.
pub fn card_reader<'a>(
    format: Format,
    head: &'a [u8],
    rest: impl Read + 'a,
    options: &csv::Options,
    warnings: &mut dyn Warn,
) -> Result<Box<dyn CardReader + 'a>, FormatError> {
    Ok(match format {
        Format::Csv(flavor) => Box::new(csv::Cards::new(head, rest, flavor, options, warnings)?),
        Format::Vcard => {
            Box::new(vcard::Cards::new(std::io::BufReader::with_capacity(64 * 1024, head.chain(rest))))
        }
        Format::Json => {
            return Err(FormatError { line: 1, message: "a backup is restored, not read as cards".into() });
        }
    })
}

/// A file that cannot be read as its format at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct FormatError {
    pub line: usize,
    pub message: String,
}

/// The formats `import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv(csv::Flavor),
    Vcard,
    Json,
}

impl Format {
    /// Every format `import` reads, in the order `--format` lists them: the CSV
    /// flavours ([`csv::Flavor::ALL`]), vCard, the JSON backup. `--format`'s values
    /// (`cli::ImportFormat`) and the names the error for a file whose format cannot
    /// be told gives ([`Format::names`]) come from here.
    pub const ALL: [Format; csv::Flavor::ALL.len() + 2] = {
        let mut all = [Format::Json; csv::Flavor::ALL.len() + 2];
        let mut index = 0;
        while index < csv::Flavor::ALL.len() {
            all[index] = Format::Csv(csv::Flavor::ALL[index]);
            index += 1;
        }
        all[index] = Format::Vcard;
        all
    };

    /// Every format's name as `--format` spells it, in a sentence: `linkedin, google,
    /// ..., vcard or json`.
    pub fn names() -> String {
        let names: Vec<&str> = Format::ALL.iter().map(|format| format.as_str()).collect();
        match names.split_last() {
            Some((last, [])) => last.to_string(),
            Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
            None => String::new(),
        }
    }

    /// As `--format` spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Csv(flavor) => flavor.as_str(),
            Format::Vcard => "vcard",
            Format::Json => "json",
        }
    }
}

/// Tells the format from the content (DESIGN.md "Auto-detection"): `{` is JSON,
/// `BEGIN:VCARD` vCard, and a CSV file is known by its columns (see [`csv::detect`]).
/// `None` when it is none of them. `bytes` are UTF-8 or an 8-bit encoding (UTF-16 was decoded as it was read).
pub fn detect(bytes: &[u8]) -> Option<Format> {
    let bytes = encoding::without_utf8_bom(bytes);
    let start = bytes.trim_ascii_start();
    if start.starts_with(b"{") {
        return Some(Format::Json);
    }
    if start.get(..11).is_some_and(|head| head.eq_ignore_ascii_case(b"BEGIN:VCARD")) {
        return Some(Format::Vcard);
    }
    csv::detect(bytes).map(Format::Csv)
}

/// A name made of its parts: given, middle and family joined by single spaces.
pub fn join_name(parts: &[&str]) -> Option<String> {
    let joined = parts.iter().flat_map(|part| part.split_whitespace()).collect::<Vec<_>>().join(" ");
    (!joined.is_empty()).then_some(joined)
}

/// Whether `url` points at linkedin.com (any scheme, `www.` or country subdomain).
pub fn is_linkedin(url: &str) -> bool {
    let rest = url.trim().split_once("://").map_or(url.trim(), |(_, rest)| rest);
    let host = rest.split(['/', '?', '#']).next().unwrap_or("").to_ascii_lowercase();
    host == "linkedin.com" || host.ends_with(".linkedin.com")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_detected_from_their_content() {
        use super::csv::Flavor;
        let cases = [
            ("{\"format\": \"netcrm\"}", Some(Format::Json)),
            ("BEGIN:VCARD\r\nVERSION:3.0\r\n", Some(Format::Vcard)),
            ("begin:vcard\n", Some(Format::Vcard)),
            (
                "\u{feff}Notes:\r\n\"When exporting...\"\r\n\r\nFirst Name,Last Name,URL\r\n",
                Some(Format::Csv(Flavor::LinkedIn)),
            ),
            (
                "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n",
                Some(Format::Csv(Flavor::LinkedIn)),
            ),
            (
                "First Name,Last Name,Email Address,Company,Position,Connected On\r\n",
                Some(Format::Csv(Flavor::LinkedIn)),
            ),
            ("id,name,emails,phones,company\n", Some(Format::Csv(Flavor::Netcrm))),
            ("Name,Given Name,Additional Name,Family Name\n", Some(Format::Csv(Flavor::Google))),
            (
                "First Name,Middle Name,Last Name,Phonetic First Name,E-mail 1 - Value\n",
                Some(Format::Csv(Flavor::Google)),
            ),
            (
                "First Name,Middle Name,Last Name,Title,Suffix,Company,Job Title,E-mail Address\n",
                Some(Format::Csv(Flavor::Outlook)),
            ),
            ("\"E-mail Address\",\"E-mail 2 Address\"\r\n", Some(Format::Csv(Flavor::Outlook))),
            ("First Name;Last Name;E-mail Address;Mobile Phone\n", Some(Format::Csv(Flavor::Outlook))),
            (
                "First Name\tLast Name\tDisplay Name\tNickname\tPrimary Email\tSecondary Email\n",
                Some(Format::Csv(Flavor::Thunderbird)),
            ),
            (
                "First Name,Last Name,Display Name,Nickname,Primary Email,Secondary Email,Screen Name,Work Phone\n",
                Some(Format::Csv(Flavor::Thunderbird)),
            ),
            ("name;email\n", None),
            ("First Name,Last Name\n", None),
            ("", None),
        ];
        for (text, expected) in cases {
            assert_eq!(detect(text.as_bytes()), expected, "{text:?}");
        }
    }

    #[test]
    fn csv_and_vcard_files_are_read_through_one_protocol() {
        let csv =
            "First Name,Last Name,Email Address\nAda,Lovelace,ada@example.com\nGrace,Hopper,not-an-address\n";
        let vcard = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nEMAIL:ada@example.com\r\nEND:VCARD\r\n\
                     BEGIN:VCARD\r\nVERSION:4.0\r\nKIND:group\r\nFN:Friends\r\nEND:VCARD\r\n\
                     BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Grace Hopper\r\nEMAIL:not-an-address\r\nEND:VCARD\r\n";
        let mut read = Vec::new();
        for (format, text) in [(Format::Csv(csv::Flavor::LinkedIn), csv), (Format::Vcard, vcard)] {
            // The head ends inside the first record: the reader goes on with the rest.
            let (head, rest) = text.as_bytes().split_at(40);
            let mut said = Parsed::default();
            let mut reader = card_reader(format, head, rest, &csv::Options::default(), &mut said).unwrap();
            let mut people = Vec::new();
            while let Some(card) = reader.next_card(&mut said).unwrap() {
                people.push((card.name.unwrap_or_default(), card.emails));
            }
            assert_eq!(reader.next_card(&mut said).unwrap(), None, "{format:?}: the end stays the end");
            assert_eq!(reader.bytes_read(), text.len() as u64, "{format:?}");
            read.push((people, said.skipped));
        }
        let people = |skipped: Vec<(usize, String)>| {
            let ada = ("Ada Lovelace".to_string(), vec!["ada@example.com".to_string()]);
            let grace = ("Grace Hopper".to_string(), vec!["not-an-address".to_string()]);
            (vec![ada, grace], skipped)
        };
        assert_eq!(
            read,
            [people(vec![]), people(vec![(6, "group 'Friends' (KIND:group) is not a person".to_string())])]
        );
        let backup =
            card_reader(Format::Json, b"{}", std::io::empty(), &csv::Options::default(), &mut Vec::new());
        assert!(backup.is_err(), "a backup is not read as cards");
    }

    #[test]
    fn names_are_joined_from_their_parts() {
        assert_eq!(join_name(&["Ada", "", " King ", "Lovelace"]), Some("Ada King Lovelace".into()));
        assert_eq!(join_name(&["", " "]), None);
    }

    #[test]
    fn linkedin_urls_are_recognised() {
        for url in ["https://www.linkedin.com/in/ada", "http://linkedin.com/in/ada", "uk.linkedin.com/in/ada"]
        {
            assert!(is_linkedin(url), "{url}");
        }
        for url in ["https://example.com/linkedin.com", "https://notlinkedin.com/in/ada", ""] {
            assert!(!is_linkedin(url), "{url}");
        }
    }
}
