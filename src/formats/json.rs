//! netcrm's full backup: every table as one JSON document (DESIGN.md "Full backup"),
//! written a record at a time ([`Writer`]) and read back a record at a time with
//! every value checked ([`read`]). Ids are kept.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::dates::{self, Birthday, Cadence};
use crate::model::{
    CadenceSource, ConfigKey, Contact, Direction, Favor, Interaction, InteractionKind, Lead, LeadStatus,
    MailDirection, MailSettings, NameParts, Reminder, Settings, StatusChange, Summary, Target,
    TemporaryCadence,
};

mod read;
mod write;
pub use read::{ReadError, Sink, read};
pub use write::Writer;

pub const FORMAT: &str = "netcrm";
pub const VERSION: u32 = 1;

/// A contact: DESIGN.md's Contact object plus the vCard UID it was imported with and
/// the structured name (its fields pinned to [`crate::model::ContactField`] by
/// `tests/contact_fields.rs`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupContact {
    pub id: i64,
    pub name: String,
    #[serde(default)]
    pub emails: Vec<String>,
    #[serde(default)]
    pub phones: Vec<String>,
    pub company: Option<String>,
    pub title: Option<String>,
    pub linkedin: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    pub met_on: Option<String>,
    pub met_at: Option<String>,
    pub how_met: Option<String>,
    pub introduced_by: Option<i64>,
    #[serde(default)]
    pub name_ok: bool,
    #[serde(default)]
    pub no_thank_you: bool,
    pub cadence: Option<String>,
    /// `import`, `user` or null (DESIGN.md's `cadence_source`); `None` when the field is
    /// missing, as in backups written before netcrm kept it.
    #[serde(default, deserialize_with = "given")]
    pub cadence_source: Option<Option<String>>,
    pub temporary_cadence: Option<String>,
    pub cadence_until: Option<String>,
    pub notes: Option<String>,
    pub birthday: Option<String>,
    /// Derived; ignored when read.
    pub last_contact: Option<String>,
    /// Derived; ignored when read.
    pub next_follow_up: Option<String>,
    pub created_at: String,
    #[serde(default)]
    pub vcard_uid: Option<String>,
    #[serde(default)]
    pub name_parts: Option<NameParts>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BackupInteraction {
    pub id: i64,
    pub contact_id: i64,
    pub kind: String,
    pub on: String,
    pub note: Option<String>,
    /// Backups written before `log --kind met` have no place or topic.
    #[serde(default)]
    pub at: Option<String>,
    #[serde(default)]
    pub how: Option<String>,
    #[serde(default)]
    pub source: Option<String>,
    /// A `met` logged with `--thank`; written only when set, so that a backup of a
    /// database without any reads as before.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub thank: bool,
    /// `sent`, `received` or `cc` for mail `scan` read (backups written before issue
    /// 29 have none).
    #[serde(default)]
    pub direction: Option<String>,
    /// Mail you sent that waits for a reply.
    #[serde(default)]
    pub awaiting_reply: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BackupLead {
    pub id: i64,
    pub title: String,
    pub company: Option<String>,
    pub status: String,
    #[serde(default)]
    pub via: Vec<i64>,
    pub url: Option<String>,
    pub note: Option<String>,
    pub created_on: String,
    pub updated_on: String,
    pub history: Vec<BackupStatusChange>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BackupStatusChange {
    pub status: String,
    pub on: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BackupFavor {
    pub id: i64,
    pub contact_id: i64,
    pub direction: String,
    pub what: String,
    pub on: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BackupReminder {
    pub id: i64,
    pub contact_id: i64,
    pub text: String,
    pub due_on: String,
    pub done_on: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Snooze {
    pub key: String,
    pub until: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Completion {
    pub key: String,
    pub due_on: String,
    pub done_on: String,
}

/// A target employer (`netcrm target`), as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BackupTarget {
    pub company: String,
    pub note: Option<String>,
    pub added_on: String,
}

/// A field that is there, null or not (`Some(None)` for null), where serde's default
/// reads both null and a missing field as `None`.
fn given<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(deserializer).map(Some)
}

/// One record of a backup, checked, in model types.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Record {
    /// A contact, and whether the backup says where its cadence came from: a backup
    /// written before netcrm kept `cadence_source` does not, and the restore tells it
    /// from the records as the upgrade to schema 14 does (`Db::infer_cadence_sources`).
    Contact(Box<Contact>, bool),
    Interaction(Interaction),
    Reminder(Reminder),
    Lead(Lead),
    Favor(Favor),
    /// A follow-up's key and the day it is snoozed until.
    Snooze(String, NaiveDate),
    /// A follow-up's key, the day it was due and the day it was done.
    Completion(String, NaiveDate, NaiveDate),
    /// Two contacts `dupes --not` says are different people (ids, the lower first).
    DifferentPeople(i64, i64),
    /// A target employer.
    Target(Target),
}

/// What a backup holds besides its records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tail {
    pub settings: Settings,
    /// The mail settings (`my-name`, `my-addresses`, `drafts-maildir`) the backup has.
    pub mail: MailSettings,
}

/// Why a backup cannot be restored: the place in the document and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{place}: {message}")]
pub struct BackupError {
    pub place: String,
    pub message: String,
}

impl BackupInteraction {
    fn new(i: &Interaction) -> BackupInteraction {
        BackupInteraction {
            id: i.id,
            contact_id: i.contact_id,
            kind: i.kind.to_string(),
            on: dates::iso(i.on),
            note: i.note.clone(),
            at: i.at.clone(),
            how: i.how.clone(),
            source: i.source.clone(),
            thank: i.thank,
            direction: i.direction.map(|d| d.as_str().to_string()),
            awaiting_reply: i.awaiting_reply,
        }
    }
}

impl BackupReminder {
    fn new(r: &Reminder) -> BackupReminder {
        BackupReminder {
            id: r.id,
            contact_id: r.contact_id,
            text: r.text.clone(),
            due_on: dates::iso(r.due_on),
            done_on: r.done_on.map(dates::iso),
        }
    }
}

impl BackupLead {
    fn new(l: &Lead) -> BackupLead {
        BackupLead {
            id: l.id,
            title: l.title.clone(),
            company: l.company.clone(),
            status: l.status.to_string(),
            via: l.via.clone(),
            url: l.url.clone(),
            note: l.note.clone(),
            created_on: dates::iso(l.created_on),
            updated_on: dates::iso(l.updated_on),
            history: l
                .history
                .iter()
                .map(|c| BackupStatusChange { status: c.status.to_string(), on: dates::iso(c.on) })
                .collect(),
        }
    }
}

impl BackupFavor {
    fn new(f: &Favor) -> BackupFavor {
        BackupFavor {
            id: f.id,
            contact_id: f.contact_id,
            direction: f.direction.as_str().to_string(),
            what: f.what.clone(),
            on: dates::iso(f.on),
        }
    }
}

impl BackupContact {
    fn new(c: &Contact, summary: Summary) -> BackupContact {
        BackupContact {
            id: c.id,
            name: c.name.clone(),
            emails: c.emails.clone(),
            phones: c.phones.clone(),
            company: c.company.clone(),
            title: c.title.clone(),
            linkedin: c.linkedin.clone(),
            tags: c.tags.clone(),
            met_on: c.met_on.map(dates::iso),
            met_at: c.met_at.clone(),
            how_met: c.how_met.clone(),
            introduced_by: c.introduced_by,
            name_ok: c.name_ok,
            no_thank_you: c.no_thank_you,
            cadence: c.cadence.map(|x| x.to_string()),
            cadence_source: Some(c.cadence_source().map(|s| s.as_str().to_string())),
            temporary_cadence: c.temporary_cadence.map(|t| t.cadence.to_string()),
            cadence_until: c.temporary_cadence.map(|t| dates::iso(t.until)),
            notes: c.notes.clone(),
            birthday: c.birthday.map(|b| b.to_string()),
            last_contact: summary.last_contact.map(dates::iso),
            next_follow_up: summary.next_follow_up.map(dates::iso),
            created_at: dates::iso(c.created_at),
            vcard_uid: c.uid.clone(),
            name_parts: c.name_parts.clone(),
        }
    }

    /// The contact, and whether the backup said where its cadence came from.
    fn restore(self) -> Result<(Contact, bool), BackupError> {
        let cadence = |value: &Option<String>, field: &str| {
            value.as_deref().map(|v| Cadence::parse(v).map_err(|e| error(field, e.to_string()))).transpose()
        };
        let temporary_cadence =
            match (cadence(&self.temporary_cadence, "temporary_cadence")?, &self.cadence_until) {
                (Some(cadence), Some(until)) => {
                    Some(TemporaryCadence { cadence, until: date(until, "cadence_until")? })
                }
                (None, None) => None,
                _ => return Err(error("cadence_until", "temporary_cadence and cadence_until go together")),
            };
        if self.name.trim().is_empty() {
            return Err(error("name", "a name cannot be empty"));
        }
        // A source without a cadence says nothing; a cadence with a null source is one
        // someone wrote into the file: the user's.
        let cadence_from_import = match self.cadence_source.as_ref().map(Option::as_deref) {
            None | Some(None) => false,
            Some(Some(text)) => match CadenceSource::parse(text) {
                Some(source) => source == CadenceSource::Import,
                None => return Err(error("cadence_source", format!("'{text}' is not import, user or null"))),
            },
        };
        let contact = Contact {
            id: self.id,
            name: self.name,
            emails: self.emails,
            phones: self.phones,
            company: self.company,
            title: self.title,
            linkedin: self.linkedin,
            tags: self.tags,
            met_on: self.met_on.as_deref().map(|d| date(d, "met_on")).transpose()?,
            met_at: self.met_at,
            how_met: self.how_met,
            introduced_by: self.introduced_by,
            name_ok: self.name_ok,
            no_thank_you: self.no_thank_you,
            cadence: cadence(&self.cadence, "cadence")?,
            cadence_from_import,
            temporary_cadence,
            notes: self.notes,
            birthday: self
                .birthday
                .as_deref()
                .map(|b| Birthday::parse(b).map_err(|e| error("birthday", e.to_string())))
                .transpose()?,
            uid: self.vcard_uid,
            name_parts: self.name_parts.and_then(NameParts::non_blank),
            created_at: date(&self.created_at, "created_at")?,
        };
        Ok((contact, self.cadence_source.is_some()))
    }
}

impl BackupLead {
    fn restore(self) -> Result<Lead, BackupError> {
        let status = |text: &str, place: &str| text.parse::<LeadStatus>().map_err(|m| error(place, m));
        if self.title.trim().is_empty() {
            return Err(error("title", "a lead's title cannot be empty"));
        }
        let history = self
            .history
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let place = |field: &str| format!("history[{i}].{field}");
                Ok(StatusChange {
                    status: status(&c.status, &place("status"))?,
                    on: date(&c.on, &place("on"))?,
                })
            })
            .collect::<Result<Vec<_>, BackupError>>()?;
        Ok(Lead {
            id: self.id,
            title: self.title,
            company: self.company,
            status: status(&self.status, "status")?,
            via: self.via,
            url: self.url,
            note: self.note,
            created_on: date(&self.created_on, "created_on")?,
            updated_on: date(&self.updated_on, "updated_on")?,
            history,
        })
    }
}

impl BackupInteraction {
    fn restore(self) -> Result<Interaction, BackupError> {
        Ok(Interaction {
            id: self.id,
            contact_id: self.contact_id,
            kind: self.kind.parse::<InteractionKind>().map_err(|m| error("kind", m))?,
            on: date(&self.on, "on")?,
            note: self.note,
            at: self.at,
            how: self.how,
            source: self.source,
            thank: self.thank,
            direction: match self.direction.as_deref() {
                None => None,
                Some(text) => Some(MailDirection::parse(text).ok_or_else(|| {
                    error("direction", format!("unknown direction '{text}': use sent, received or cc"))
                })?),
            },
            awaiting_reply: self.awaiting_reply,
        })
    }
}

impl BackupReminder {
    fn restore(self) -> Result<Reminder, BackupError> {
        Ok(Reminder {
            id: self.id,
            contact_id: self.contact_id,
            due_on: date(&self.due_on, "due_on")?,
            done_on: self.done_on.as_deref().map(|d| date(d, "done_on")).transpose()?,
            text: self.text,
        })
    }
}

impl BackupFavor {
    fn restore(self) -> Result<Favor, BackupError> {
        if self.what.trim().is_empty() {
            return Err(error("what", "a favour cannot be empty"));
        }
        Ok(Favor {
            id: self.id,
            contact_id: self.contact_id,
            direction: self.direction.parse::<Direction>().map_err(|m| error("direction", m))?,
            on: date(&self.on, "on")?,
            what: self.what,
        })
    }
}

impl Snooze {
    fn restore(self) -> Result<(String, NaiveDate), BackupError> {
        let until = date(&self.until, "until")?;
        Ok((self.key, until))
    }
}

impl Completion {
    fn restore(self) -> Result<(String, NaiveDate, NaiveDate), BackupError> {
        let (due_on, done_on) = (date(&self.due_on, "due_on")?, date(&self.done_on, "done_on")?);
        Ok((self.key, due_on, done_on))
    }
}

impl BackupTarget {
    fn restore(self) -> Result<Target, BackupError> {
        let added_on = date(&self.added_on, "added_on")?;
        if self.company.trim().is_empty() {
            return Err(BackupError { place: "company".into(), message: "is empty".into() });
        }
        Ok(Target { company: self.company, note: self.note, added_on })
    }
}

/// Reads a backup's settings: the schedule's and the mail settings.
fn restore_settings(values: &BTreeMap<String, String>) -> Result<Tail, BackupError> {
    let mut settings = Settings::default();
    let mut mail = MailSettings::default();
    for (key, value) in values {
        let place = format!("settings.{key}");
        match ConfigKey::named(key).ok_or_else(|| error(&place, "unknown setting"))? {
            ConfigKey::Schedule(setting) => {
                settings.set(setting, value).map_err(|e| error(&place, e.to_string()))?
            }
            ConfigKey::Mail(setting) => mail.set(setting, value).map_err(|e| error(&place, e.to_string()))?,
        }
    }
    Ok(Tail { settings, mail })
}

impl BackupError {
    fn within(self, outer: &str) -> BackupError {
        BackupError { place: format!("{outer}.{}", self.place), message: self.message }
    }
}

fn error(place: &str, message: impl Into<String>) -> BackupError {
    BackupError { place: place.to_string(), message: message.into() }
}

fn date(text: &str, place: &str) -> Result<NaiveDate, BackupError> {
    dates::parse_iso_date(text).map_err(|e| error(place, e.to_string()))
}
