//! Interchange formats: reading other programs' files into [`Card`]s, and writing
//! netcrm's contacts and follow-ups out. Pure: text in, values out, and text out; no
//! database, clock or terminal. Matching cards to contacts is the importer's job.

pub mod contentline;
pub mod csv;
pub mod encoding;
pub mod ics;
pub mod json;
pub mod names;
pub mod vcard;

use chrono::NaiveDate;

use crate::dates::{Birthday, Cadence};
use crate::model::NameParts;

/// What one record of an imported file says about a person, before any checking or
/// matching. Text fields are trimmed, and `None` when blank.
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
    LinkedIn,
    Google,
    Outlook,
    Netcrm,
    Vcard,
    Json,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::LinkedIn => "linkedin",
            Format::Google => "google",
            Format::Outlook => "outlook",
            Format::Netcrm => "netcrm",
            Format::Vcard => "vcard",
            Format::Json => "json",
        }
    }
}

/// Tells the format from the content (DESIGN.md "Auto-detection"); `None` when it
/// is none of them. `text` is already decoded (see [`decode`]).
pub fn detect(text: &str) -> Option<Format> {
    let text = text.trim_start_matches('\u{feff}');
    let start = text.trim_start();
    if start.starts_with('{') {
        return Some(Format::Json);
    }
    if start.get(..11).is_some_and(|head| head.eq_ignore_ascii_case("BEGIN:VCARD")) {
        return Some(Format::Vcard);
    }
    // Header cells may be quoted (Outlook's desktop export quotes every one).
    let header: String = start.lines().next().unwrap_or("").trim().chars().filter(|c| *c != '"').collect();
    if header.eq_ignore_ascii_case("Notes:") || header.starts_with("First Name,Last Name,URL") {
        return Some(Format::LinkedIn);
    }
    if header.starts_with("id,name,emails") {
        return Some(Format::Netcrm);
    }
    if header.starts_with("Name,Given Name") {
        return Some(Format::Google);
    }
    // Outlook's desktop export puts its honorific `Title` column first.
    let names = header.strip_prefix("Title,").unwrap_or(&header);
    if names.starts_with("First Name,Middle Name,Last Name") {
        if header.contains("E-mail 1 - Value") {
            return Some(Format::Google);
        }
        if header.contains("E-mail Address") || header.contains("Job Title") {
            return Some(Format::Outlook);
        }
    }
    None
}

/// Bytes to text: a UTF-8 or UTF-16 byte-order mark is honoured (and dropped);
/// without one, UTF-8 is tried, then Windows-1252. Returns a warning when the text
/// was not UTF-8.
pub fn decode(bytes: &[u8]) -> (String, Option<String>) {
    if let Some((encoding, bom_length)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_length..]);
        return (text.into_owned(), None);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_string(), None),
        Err(_) => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            let warning = "the file is not valid UTF-8; read it as Windows-1252".to_string();
            (text.into_owned(), Some(warning))
        }
    }
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
        let cases = [
            ("{\"format\": \"netcrm\"}", Some(Format::Json)),
            ("BEGIN:VCARD\r\nVERSION:3.0\r\n", Some(Format::Vcard)),
            ("begin:vcard\n", Some(Format::Vcard)),
            ("\u{feff}Notes:\r\n\"When exporting...\"\r\n", Some(Format::LinkedIn)),
            (
                "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n",
                Some(Format::LinkedIn),
            ),
            ("id,name,emails,phones,company\n", Some(Format::Netcrm)),
            ("Name,Given Name,Additional Name,Family Name\n", Some(Format::Google)),
            ("First Name,Middle Name,Last Name,Phonetic First Name,E-mail 1 - Value\n", Some(Format::Google)),
            (
                "First Name,Middle Name,Last Name,Title,Suffix,Company,Job Title,E-mail Address\n",
                Some(Format::Outlook),
            ),
            ("name;email\n", None),
            ("", None),
        ];
        for (text, expected) in cases {
            assert_eq!(detect(text), expected, "{text:?}");
        }
    }

    #[test]
    fn text_is_decoded_by_its_byte_order_mark_or_as_windows_1252() {
        assert_eq!(decode(b"\xef\xbb\xbfZo\xc3\xab"), ("Zoë".to_string(), None));
        assert_eq!(decode(b"\xff\xfeZ\x00o\x00\xeb\x00"), ("Zoë".to_string(), None));
        assert_eq!(decode(b"\xfe\xff\x00Z\x00o\x00\xeb"), ("Zoë".to_string(), None));
        let (text, warning) = decode(b"Zo\xeb \x80");
        assert_eq!(text, "Zoë €");
        assert!(warning.is_some());
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
