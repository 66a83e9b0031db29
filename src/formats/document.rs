//! A contact as a plain `field: value` document for people to edit (`edit` with no
//! flags opens it in their editor): one line per field, named as in JSON, lists
//! comma-separated, notes continued on lines indented by two spaces, `#` lines are
//! comments. Pure: values in, text out, and text back to field values.

use std::collections::BTreeMap;

use crate::model::Contact;

/// The fields of the document, in the order written (pinned to
/// [`crate::model::ContactField`] by `tests/contact_fields.rs`).
pub const FIELDS: [&str; 18] = [
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
    "name_ok",
    "no_thank_you",
    "cadence",
    "temporary_cadence",
    "cadence_until",
    "birthday",
    "notes",
];

/// Why a document cannot be read: the line and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct DocumentError {
    pub line: usize,
    pub message: String,
}

/// The document for `contact`, headed by comment lines (`intro`, then how to edit).
pub fn write(contact: &Contact, intro: &str) -> String {
    let mut text = String::new();
    for line in intro.lines() {
        text.push_str(&format!("# {line}\n"));
    }
    text.push_str("# Lists are comma-separated; notes go on as lines indented by two spaces.\n");
    text.push_str("# A field left out is unchanged; an empty value clears it. Save and quit to apply.\n");
    let values = values(contact);
    for field in FIELDS {
        let value = values.get(field).map(String::as_str).unwrap_or_default();
        let mut lines = value.split('\n');
        let first = lines.next().unwrap_or_default();
        text.push_str(format!("{field}: {first}").trim_end());
        text.push('\n');
        for more in lines {
            text.push_str(&format!("  {more}\n"));
        }
    }
    text
}

/// Each field's value as the document writes it.
pub fn values(contact: &Contact) -> BTreeMap<&'static str, String> {
    let text = |value: &Option<String>| value.clone().unwrap_or_default();
    let temporary = contact.temporary_cadence;
    let entries: [(&str, String); 18] = [
        ("name", contact.name.clone()),
        ("emails", contact.emails.join(", ")),
        ("phones", contact.phones.join(", ")),
        ("company", text(&contact.company)),
        ("title", text(&contact.title)),
        ("linkedin", text(&contact.linkedin)),
        ("tags", contact.tags.join(", ")),
        ("met_on", contact.met_on.map(|d| d.to_string()).unwrap_or_default()),
        ("met_at", text(&contact.met_at)),
        ("how_met", text(&contact.how_met)),
        ("introduced_by", contact.introduced_by.map(|id| id.to_string()).unwrap_or_default()),
        ("name_ok", contact.name_ok.to_string()),
        ("no_thank_you", contact.no_thank_you.to_string()),
        ("cadence", contact.cadence.map(|c| c.to_string()).unwrap_or_default()),
        ("temporary_cadence", temporary.map(|t| t.cadence.to_string()).unwrap_or_default()),
        ("cadence_until", temporary.map(|t| t.until.to_string()).unwrap_or_default()),
        ("birthday", contact.birthday.map(|b| b.to_string()).unwrap_or_default()),
        ("notes", text(&contact.notes)),
    ];
    let mut ordered = BTreeMap::new();
    for (field, value) in entries {
        ordered.insert(field, value);
    }
    ordered
}

/// Reads a document back: each field given, with its value trimmed (notes keep their
/// lines). An empty document (comments and blank lines only) gives no fields.
pub fn read(text: &str) -> Result<BTreeMap<&'static str, String>, DocumentError> {
    let mut fields: BTreeMap<&'static str, String> = BTreeMap::new();
    let mut last: Option<&'static str> = None;
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        let error = |message: String| DocumentError { line: number, message };
        if line.trim_start().starts_with('#') {
            continue;
        }
        if let Some(more) = line.strip_prefix("  ").filter(|_| last.is_some()) {
            if let Some(value) = last.and_then(|field| fields.get_mut(field)) {
                value.push('\n');
                value.push_str(more.trim_end());
            }
            continue;
        }
        if line.trim().is_empty() {
            last = None;
            continue;
        }
        let Some((name, value)) = line.split_once(':') else {
            return Err(error(format!("'{}' is not a `field: value` line", line.trim())));
        };
        let name = name.trim();
        let field =
            FIELDS.iter().copied().find(|f| *f == name).ok_or_else(|| {
                error(format!("unknown field '{name}'; the fields are {}", FIELDS.join(", ")))
            })?;
        if fields.insert(field, value.trim().to_string()).is_some() {
            return Err(error(format!("'{field}' is given twice")));
        }
        last = Some(field);
    }
    Ok(fields)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates;

    fn ada() -> Contact {
        Contact {
            emails: vec!["ada@example.com".into(), "countess@example.org".into()],
            company: Some("Analytical Engines".into()),
            tags: vec!["rust".into(), "mentor".into()],
            met_on: Some(dates::parse_iso_date("2026-11-01").unwrap()),
            notes: Some("Knows everyone.\nAsk about Note G.".into()),
            ..Contact::new(1, "Ada Lovelace", dates::parse_iso_date("2026-11-01").unwrap())
        }
    }

    #[test]
    fn a_contact_reads_as_field_lines_with_indented_notes() {
        let text = write(&ada(), "Editing Ada Lovelace (#1).");
        assert!(text.starts_with("# Editing Ada Lovelace (#1).\n"), "{text}");
        assert!(text.contains("\nname: Ada Lovelace\n"), "{text}");
        assert!(text.contains("\nemails: ada@example.com, countess@example.org\n"), "{text}");
        assert!(text.contains("\ntitle:\n"), "{text}");
        assert!(text.contains("\nname_ok: false\n"), "{text}");
        assert!(text.ends_with("notes: Knows everyone.\n  Ask about Note G.\n"), "{text}");
    }

    #[test]
    fn writing_then_reading_gives_the_same_values() {
        let contact = ada();
        let read = read(&write(&contact, "x")).unwrap();
        assert_eq!(read, values(&contact));
    }

    #[test]
    fn reading_keeps_what_is_given_and_nothing_else() {
        let read = read("# a comment\ncompany:  Babbage & Co \n\ntitle:\nnotes: one\n  two\n").unwrap();
        assert_eq!(read.len(), 3);
        assert_eq!(read["company"], "Babbage & Co");
        assert_eq!(read["title"], "");
        assert_eq!(read["notes"], "one\ntwo");
        assert!(super::read("# only comments\n\n").unwrap().is_empty());
    }

    #[test]
    fn reading_names_the_bad_line() {
        assert_eq!(
            read("name: Ada\nemail: x@y.io\n").unwrap_err().to_string(),
            format!("line 2: unknown field 'email'; the fields are {}", FIELDS.join(", "))
        );
        assert_eq!(read("name: Ada\nname: Bob\n").unwrap_err().line, 2);
        assert_eq!(read("just words\n").unwrap_err().message, "'just words' is not a `field: value` line");
    }
}
