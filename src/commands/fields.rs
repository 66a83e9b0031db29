//! The contact flags shared by `add` and `edit`, checked and turned into values.
//! An empty value (`--company ""`) means "clear this field".

use chrono::NaiveDate;

use super::resolve;
use crate::cli::ContactFields;
use crate::dates::{self, Birthday, Cadence};
use crate::error::{Error, Result};
use crate::model::Contact;
use crate::store::Db;
use crate::text::non_empty;
use crate::validate;

/// Each field: `None` when the flag was not given, `Some(None)` to clear it. What
/// `edit` with each flag changes is pinned to [`crate::model::ContactField`] by
/// `tests/contact_fields.rs`.
#[derive(Debug, Default)]
pub struct FieldChanges {
    pub emails: Option<Vec<String>>,
    pub phones: Option<Vec<String>>,
    pub company: Option<Option<String>>,
    pub title: Option<Option<String>>,
    pub linkedin: Option<Option<String>>,
    pub met_at: Option<Option<String>>,
    pub met_on: Option<Option<NaiveDate>>,
    pub how_met: Option<Option<String>>,
    pub tags: Option<Vec<String>>,
    pub notes: Option<Option<String>>,
    pub birthday: Option<Option<Birthday>>,
    pub introduced_by: Option<Option<i64>>,
    pub cadence: Option<Option<Cadence>>,
}

impl FieldChanges {
    /// Checks every flag: the first bad value is the error.
    pub fn parse(db: &Db, fields: &ContactFields, today: NaiveDate) -> Result<FieldChanges> {
        let text = |value: &Option<String>| value.as_deref().map(non_empty);
        Ok(FieldChanges {
            emails: list(&fields.emails).map(|v| validate::emails(&v)).transpose()?,
            phones: list(&fields.phones).map(|v| validate::list(&v)),
            company: text(&fields.company),
            title: text(&fields.title),
            linkedin: text(&fields.linkedin),
            met_at: text(&fields.met_at),
            met_on: optional(&fields.met_on, |v| dates::parse_past_date(v, today).map_err(Error::from))?,
            how_met: text(&fields.how),
            tags: list(&fields.tags).map(|v| validate::tags(&v)).transpose()?,
            notes: text(&fields.note),
            birthday: optional(&fields.birthday, |v| dates::parse_birthday(v, today).map_err(Error::from))?,
            introduced_by: optional(&fields.introduced_by, |v| resolve::contact(db, v))?,
            cadence: optional(&fields.cadence, |v| Cadence::parse(v).map_err(Error::from))?,
        })
    }

    /// Writes the given fields into `contact`, leaving the others alone.
    pub fn apply(self, contact: &mut Contact) {
        fn set<T>(field: &mut T, value: Option<T>) {
            if let Some(value) = value {
                *field = value;
            }
        }
        set(&mut contact.emails, self.emails);
        set(&mut contact.phones, self.phones);
        set(&mut contact.company, self.company);
        set(&mut contact.title, self.title);
        set(&mut contact.linkedin, self.linkedin);
        set(&mut contact.met_at, self.met_at);
        set(&mut contact.met_on, self.met_on);
        set(&mut contact.how_met, self.how_met);
        set(&mut contact.tags, self.tags);
        set(&mut contact.notes, self.notes);
        set(&mut contact.birthday, self.birthday);
        set(&mut contact.introduced_by, self.introduced_by);
        if let Some(cadence) = self.cadence {
            contact.set_cadence_by_user(cadence);
        }
    }
}

/// A repeatable flag: `None` when not given; blank values are dropped, so
/// `--email ""` gives an empty list (clear).
fn list(values: &[String]) -> Option<Vec<String>> {
    (!values.is_empty()).then(|| values.iter().filter(|v| !v.trim().is_empty()).cloned().collect())
}

/// A flag whose value is parsed; blank means clear.
fn optional<T>(value: &Option<String>, parse: impl FnOnce(&str) -> Result<T>) -> Result<Option<Option<T>>> {
    match value.as_deref().map(str::trim) {
        None => Ok(None),
        Some("") => Ok(Some(None)),
        Some(value) => parse(value).map(|v| Some(Some(v))),
    }
}

/// Refuses e-mails that already belong to another contact, unless `force`. Only the
/// addresses in `emails` that are not in `kept` (the contact's own before an edit) are
/// checked, so an address shared earlier with `--force` does not block other edits.
pub fn check_emails_free(
    db: &Db,
    emails: &[String],
    kept: &[String],
    own_id: Option<i64>,
    force: bool,
) -> Result<()> {
    if force {
        return Ok(());
    }
    let is_new = |email: &&String| !kept.iter().any(|k| crate::text::same_email(k, email));
    for email in emails.iter().filter(is_new) {
        let owner = db.contacts_with_email(email)?.into_iter().find(|(id, _)| Some(*id) != own_id);
        if let Some((id, name)) = owner {
            return Err(Error::EmailTaken { email: email.clone(), id, name });
        }
    }
    Ok(())
}
