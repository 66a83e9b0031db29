//! Plain data types shared by the store, the scheduler and the output. No I/O here.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize, Serializer};

use crate::dates::{Birthday, Cadence, Duration, Unit};

/// A person in the network, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    pub id: i64,
    pub name: String,
    pub emails: Vec<String>,
    pub phones: Vec<String>,
    pub company: Option<String>,
    pub title: Option<String>,
    pub linkedin: Option<String>,
    pub tags: Vec<String>,
    pub met_on: Option<NaiveDate>,
    pub met_at: Option<String>,
    pub how_met: Option<String>,
    pub introduced_by: Option<i64>,
    pub name_ok: bool,
    pub no_thank_you: bool,
    /// The contact's own cadence; `None` means `default-cadence` applies.
    pub cadence: Option<Cadence>,
    /// A temporary cadence, in force while today is on or before `until`.
    pub temporary_cadence: Option<TemporaryCadence>,
    pub notes: Option<String>,
    pub birthday: Option<Birthday>,
    /// The vCard UID it was imported with, written back on vCard export.
    pub uid: Option<String>,
    pub created_at: NaiveDate,
    /// The structured name a file carried (vCard N, given and family columns), kept so
    /// that vCard export writes it back as it was; `None` for names typed by hand.
    pub name_parts: Option<NameParts>,
}

/// A name's parts as vCard N orders them (RFC 6350 6.2.2). Blank parts are empty.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NameParts {
    pub family: String,
    pub given: String,
    pub additional: String,
    pub prefix: String,
    pub suffix: String,
}

impl NameParts {
    /// Parts in N's order: family, given, additional, prefix, suffix.
    pub fn new(family: &str, given: &str, additional: &str, prefix: &str, suffix: &str) -> NameParts {
        NameParts {
            family: family.to_string(),
            given: given.to_string(),
            additional: additional.to_string(),
            prefix: prefix.to_string(),
            suffix: suffix.to_string(),
        }
    }

    /// The parts with each trimmed, or `None` when all are blank.
    pub fn non_blank(self) -> Option<NameParts> {
        let parts = NameParts {
            family: self.family.trim().to_string(),
            given: self.given.trim().to_string(),
            additional: self.additional.trim().to_string(),
            prefix: self.prefix.trim().to_string(),
            suffix: self.suffix.trim().to_string(),
        };
        (parts != NameParts::default()).then_some(parts)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TemporaryCadence {
    pub cadence: Cadence,
    pub until: NaiveDate,
}

impl Contact {
    /// A contact with an id and a name, and every optional field empty. A contact not
    /// stored yet has id 0; the store gives it one.
    pub fn new(id: i64, name: impl Into<String>, created_at: NaiveDate) -> Contact {
        Contact {
            id,
            name: name.into(),
            emails: Vec::new(),
            phones: Vec::new(),
            company: None,
            title: None,
            linkedin: None,
            tags: Vec::new(),
            met_on: None,
            met_at: None,
            how_met: None,
            introduced_by: None,
            name_ok: false,
            no_thank_you: false,
            cadence: None,
            temporary_cadence: None,
            notes: None,
            birthday: None,
            uid: None,
            created_at,
            name_parts: None,
        }
    }
}

/// What is derived about a contact from their records, for lists and JSON.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub last_contact: Option<NaiveDate>,
    pub next_follow_up: Option<NaiveDate>,
}

/// One recorded contact with a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Interaction {
    pub id: i64,
    pub contact_id: i64,
    pub kind: InteractionKind,
    #[serde(serialize_with = "serialize_date")]
    pub on: NaiveDate,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum InteractionKind {
    /// Recorded by `add`: the first meeting, which starts the thank-you rule.
    Met,
    Meeting,
    Call,
    Email,
    Message,
    Letter,
    Event,
    ThankYou,
    Other,
}

impl InteractionKind {
    pub const ALL: [InteractionKind; 9] = [
        InteractionKind::Met,
        InteractionKind::Meeting,
        InteractionKind::Call,
        InteractionKind::Email,
        InteractionKind::Message,
        InteractionKind::Letter,
        InteractionKind::Event,
        InteractionKind::ThankYou,
        InteractionKind::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            InteractionKind::Met => "met",
            InteractionKind::Meeting => "meeting",
            InteractionKind::Call => "call",
            InteractionKind::Email => "email",
            InteractionKind::Message => "message",
            InteractionKind::Letter => "letter",
            InteractionKind::Event => "event",
            InteractionKind::ThankYou => "thank-you",
            InteractionKind::Other => "other",
        }
    }
}

impl fmt::Display for InteractionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for InteractionKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        InteractionKind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == s)
            .ok_or_else(|| format!("unknown interaction kind '{s}'"))
    }
}

impl Serialize for InteractionKind {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// The settings that `config` reads and writes, with DESIGN.md's defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    pub thank_you_within: Duration,
    pub default_cadence: Cadence,
    pub import_cadence: Cadence,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            thank_you_within: Duration { count: 2, unit: Unit::Days },
            default_cadence: Cadence::Every(Duration { count: 1, unit: Unit::Months }),
            import_cadence: Cadence::None,
        }
    }
}

pub fn serialize_date<S: Serializer>(date: &NaiveDate, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(&date.format("%Y-%m-%d"))
}

/// A one-off follow-up the user asked for with `remind`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reminder {
    pub id: i64,
    pub contact_id: i64,
    pub text: String,
    #[serde(serialize_with = "serialize_date")]
    pub due_on: NaiveDate,
    #[serde(serialize_with = "serialize_optional_date")]
    pub done_on: Option<NaiveDate>,
}

/// The kinds of follow-up `due` lists (DESIGN.md "Scheduling rules").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FollowUpKind {
    ThankYou,
    CheckIn,
    Reminder,
    Lead,
    Outcome,
    FavorThanks,
    IntroThanks,
    Birthday,
}

impl FollowUpKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FollowUpKind::ThankYou => "thank-you",
            FollowUpKind::CheckIn => "check-in",
            FollowUpKind::Reminder => "reminder",
            FollowUpKind::Lead => "lead",
            FollowUpKind::Outcome => "outcome",
            FollowUpKind::FavorThanks => "favor-thanks",
            FollowUpKind::IntroThanks => "intro-thanks",
            FollowUpKind::Birthday => "birthday",
        }
    }
}

impl fmt::Display for FollowUpKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for FollowUpKind {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// Something the user should do for someone, and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUp {
    /// Stable from day to day; what `done` and `snooze` take.
    pub key: String,
    pub kind: FollowUpKind,
    /// Whom it concerns (a lead may concern no one).
    pub contact_id: Option<i64>,
    pub contact: Option<String>,
    pub due_on: NaiveDate,
    /// A sentence a person can act on.
    pub reason: String,
    /// Hidden until this date (DESIGN.md rule 9).
    pub snoozed_until: Option<NaiveDate>,
}

impl FollowUp {
    /// The date it next needs attention: its due date, or the end of its snooze.
    pub fn shows_on(&self) -> NaiveDate {
        self.snoozed_until.map_or(self.due_on, |until| until.max(self.due_on))
    }
}

pub fn serialize_optional_date<S: Serializer>(
    date: &Option<NaiveDate>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match date {
        Some(date) => serialize_date(date, serializer),
        None => serializer.serialize_none(),
    }
}
