//! Writing vCard 3.0 (RFC 2426) and 4.0 (RFC 6350) from netcrm's own model, strictly.
//! Decisions:
//! * FN is the contact's name as it is. N is the structured name the contact was
//!   imported with (so a phone files a card under the family name the file gave); for
//!   a name typed by hand, [`names::parts_of`] splits it, knowing particles, suffixes
//!   and titles (`Chloé Van Damme, Jr.`: `N:Van Damme;Chloé;;;Jr.`).
//! * ORG: the company, written as one component with any `;` escaped.
//! * BDAY: 3.0 writes `1990-05-12`, and for a birthday without a year Apple's form,
//!   `BDAY;X-APPLE-OMIT-YEAR=1604:1604-05-12`: 3.0 has no standard yearless form, and
//!   this one is a valid 3.0 date that Apple Contacts shows without a year and that
//!   survives programs that rewrite `--05-12` as `1900-05-12` (khard). 4.0 writes RFC
//!   6350's basic format: `19900512` and `--0512` (its ABNF has no `1990-05-12`).
//! * UID: the contact's `uid`, else `netcrm-contact-<id>`. In 4.0 a UID is a URI, so
//!   one that needs escaping is written as `UID;VALUE=text:`.
//! * Control characters other than tab and newline cannot appear in a vCard value and
//!   are left out; CR and CRLF are written as a newline (`\n`).

use super::VcardVersion;
use crate::dates::Birthday;
use crate::formats::contentline::{escape_text, escape_uri, push_line};
use crate::formats::names;
use crate::model::Contact;

/// Every contact as one card, in the given order.
pub fn write(contacts: &[Contact], version: VcardVersion) -> String {
    let mut out = String::new();
    for contact in contacts {
        write_card(&mut out, contact, version);
    }
    out
}

/// Appends one contact's card to `out` (what [`write()`] writes for each).
pub fn write_card(out: &mut String, contact: &Contact, version: VcardVersion) {
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

    push_line(out, &format!("FN:{}", escape_text(contact.name.trim())));
    push_line(out, &format!("N:{}", n_value(contact)));

    for (property, value) in [("ORG", &contact.company), ("TITLE", &contact.title)] {
        if let Some(value) = present(value.as_deref()) {
            push_line(out, &format!("{property}:{}", escape_text(value)));
        }
    }
    for value in contact.emails.iter().filter_map(|value| present(Some(value))) {
        push_line(out, &email_line(value, version));
    }
    for value in contact.phones.iter().filter_map(|value| present(Some(value))) {
        push_line(out, &tel_line(value));
    }
    if let Some(url) = present(contact.linkedin.as_deref()) {
        push_line(out, &format!("URL:{}", escape_uri(url)));
    }
    if let Some(tags) = categories_value(&contact.tags) {
        push_line(out, &format!("CATEGORIES:{tags}"));
    }
    if let Some(notes) = present(contact.notes.as_deref()) {
        push_line(out, &format!("NOTE:{}", escape_text(notes)));
    }
    if let Some(birthday) = contact.birthday {
        push_line(out, &bday_line(birthday, version));
    }
    push_line(out, "END:VCARD");
}

/// N's value: the contact's structured name, else its name split (see the module's
/// decisions).
pub(super) fn n_value(contact: &Contact) -> String {
    let parts = contact.name_parts.clone().unwrap_or_else(|| names::parts_of(contact.name.trim()));
    [&parts.family, &parts.given, &parts.additional, &parts.prefix, &parts.suffix]
        .map(|part| escape_text(part))
        .join(";")
}

/// An EMAIL line (unfolded).
pub(super) fn email_line(value: &str, version: VcardVersion) -> String {
    match version {
        VcardVersion::V3 => format!("EMAIL;TYPE=INTERNET:{}", escape_text(value)),
        VcardVersion::V4 => format!("EMAIL:{}", escape_text(value)),
    }
}

/// A TEL line (unfolded).
pub(super) fn tel_line(value: &str) -> String {
    format!("TEL:{}", escape_text(value))
}

/// CATEGORIES' value for these tags, blank ones left out; `None` when there are none.
pub(super) fn categories_value(tags: &[String]) -> Option<String> {
    let tags: Vec<String> = tags.iter().filter_map(|tag| present(Some(tag))).map(escape_text).collect();
    (!tags.is_empty()).then(|| tags.join(","))
}

/// A BDAY line (unfolded), in 3.0 Apple's form for a birthday without a year.
pub(super) fn bday_line(birthday: Birthday, version: VcardVersion) -> String {
    match (birthday, version) {
        (Birthday::Yearless { month, day }, VcardVersion::V3) => {
            format!("BDAY;X-APPLE-OMIT-YEAR={APPLE_NO_YEAR}:{APPLE_NO_YEAR}-{month:02}-{day:02}")
        }
        (birthday, _) => format!("BDAY:{}", format_birthday(birthday, version)),
    }
}

/// The value trimmed, or `None` when blank.
pub(super) fn present(value: Option<&str>) -> Option<&str> {
    value.map(str::trim).filter(|value| !value.is_empty())
}

/// The year Apple Contacts writes for a birthday without one (a leap year, so that
/// 29 February is a date).
const APPLE_NO_YEAR: u32 = 1604;

/// A BDAY value, but a 3.0 birthday without a year (see the module's decisions).
fn format_birthday(birthday: Birthday, version: VcardVersion) -> String {
    match (birthday, version) {
        (Birthday::Full(date), VcardVersion::V3) => date.format("%Y-%m-%d").to_string(),
        (Birthday::Full(date), VcardVersion::V4) => date.format("%Y%m%d").to_string(),
        (Birthday::Yearless { month, day }, VcardVersion::V3) => {
            format!("{APPLE_NO_YEAR}-{month:02}-{day:02}")
        }
        (Birthday::Yearless { month, day }, VcardVersion::V4) => format!("--{month:02}{day:02}"),
    }
}
