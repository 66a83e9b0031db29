//! Follow-ups: their kinds, the items `due` lists, the typed key and its one text form
//! (`thank-you-12`), and the marks (done, snoozed) the user put on them. Plain data; no
//! I/O here.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;

use super::InteractionKind;
use crate::dates::Week;

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
    /// A lead in `applied` with no answer (rule 11).
    Chase,
    /// A dormant tie picked for this week (DESIGN.md "Rhythm").
    Reconnect,
    /// Mail you sent that has had no reply (DESIGN.md "Rhythm").
    NoReply,
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
            FollowUpKind::Chase => "chase",
            FollowUpKind::Reconnect => "reconnect",
            FollowUpKind::NoReply => "no-reply",
        }
    }
}

impl FollowUpKind {
    /// The interaction `done` logs for an item of this kind when told none: a
    /// thank-you for a thanks item, a message for a check-in, a lead, an outcome or a
    /// chase, a message for a reconnect and an e-mail for a no-reply; none for a
    /// reminder or a birthday.
    pub fn completed_by(self) -> Option<InteractionKind> {
        match self {
            FollowUpKind::ThankYou | FollowUpKind::IntroThanks | FollowUpKind::FavorThanks => {
                Some(InteractionKind::ThankYou)
            }
            FollowUpKind::CheckIn
            | FollowUpKind::Lead
            | FollowUpKind::Outcome
            | FollowUpKind::Chase
            | FollowUpKind::Reconnect => Some(InteractionKind::Message),
            FollowUpKind::NoReply => Some(InteractionKind::Email),
            FollowUpKind::Reminder | FollowUpKind::Birthday => None,
        }
    }

    pub const ALL: [FollowUpKind; 11] = [
        FollowUpKind::ThankYou,
        FollowUpKind::CheckIn,
        FollowUpKind::Reminder,
        FollowUpKind::Lead,
        FollowUpKind::Outcome,
        FollowUpKind::FavorThanks,
        FollowUpKind::IntroThanks,
        FollowUpKind::Birthday,
        FollowUpKind::Chase,
        FollowUpKind::Reconnect,
        FollowUpKind::NoReply,
    ];
}

impl FromStr for FollowUpKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        FollowUpKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| format!("unknown follow-up kind '{s}'"))
    }
}

impl fmt::Display for FollowUpKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
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
    /// It was snoozed, and the snooze has ended: due again, not forgotten.
    pub back_from_snooze: bool,
    /// How to reach the person: their first e-mail, else phone, else LinkedIn URL.
    pub channel: Option<String>,
    /// How many days late count as one step of lateness in its urgency (DESIGN.md
    /// "Urgency"): a check-in's cadence in days (its due date minus the day it counts
    /// from), else `thank-you-within` in days; at least 1.
    pub scale_days: u32,
}

impl FollowUp {
    /// The date it next needs attention: its due date, or the end of its snooze.
    pub fn shows_on(&self) -> NaiveDate {
        self.snoozed_until.map_or(self.due_on, |until| until.max(self.due_on))
    }
}

/// Which follow-up an item is, stable from day to day (DESIGN.md "Scheduling rules"):
/// what `done` and `snooze` take. Its text form (`thank-you-12`, `outcome-3-12`,
/// `birthday-12-2026`) is written by [`fmt::Display`] and read by [`FromStr`] here and
/// nowhere else; the text is the kind's name and its numbers, joined by `-`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FollowUpKey {
    /// Rule 1: thank this contact for meeting you.
    ThankYou(i64),
    /// Rule 3: check in with this contact.
    CheckIn(i64),
    /// Rule 4: the reminder with this id.
    Reminder(i64),
    /// Rule 5: act on the new lead with this id.
    Lead(i64),
    /// Rule 6: tell `contact`, who helped, how `lead` went.
    Outcome { lead: i64, contact: i64 },
    /// Rule 7: thank for the favour with this id.
    FavorThanks(i64),
    /// Rule 2: thank whoever introduced you to this contact.
    IntroThanks(i64),
    /// Rule 8: this contact's birthday in `year`.
    Birthday { contact: i64, year: i32 },
    /// Rule 11: chase the application of the lead with this id.
    Chase(i64),
    /// Reconnect with this dormant contact, picked for this week.
    Reconnect { contact: i64, week: Week },
    /// The message you sent (the interaction with this id) has had no reply.
    NoReply(i64),
}

/// Whose follow-up a key is, as far as the key itself tells: the contact it names,
/// or the record whose contact owns it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyOwner {
    Contact(i64),
    /// The contact of the reminder with this id.
    OfReminder(i64),
    /// Whoever introduced the contact with this id.
    IntroducerOf(i64),
    /// The contact of the favour with this id.
    OfFavor(i64),
    /// The first helper of the lead with this id (no one, when nobody passed it on).
    OfLead(i64),
    /// The contact of the interaction with this id.
    OfInteraction(i64),
}

impl FollowUpKey {
    pub fn kind(self) -> FollowUpKind {
        match self {
            FollowUpKey::ThankYou(_) => FollowUpKind::ThankYou,
            FollowUpKey::CheckIn(_) => FollowUpKind::CheckIn,
            FollowUpKey::Reminder(_) => FollowUpKind::Reminder,
            FollowUpKey::Lead(_) => FollowUpKind::Lead,
            FollowUpKey::Outcome { .. } => FollowUpKind::Outcome,
            FollowUpKey::FavorThanks(_) => FollowUpKind::FavorThanks,
            FollowUpKey::IntroThanks(_) => FollowUpKind::IntroThanks,
            FollowUpKey::Birthday { .. } => FollowUpKind::Birthday,
            FollowUpKey::Chase(_) => FollowUpKind::Chase,
            FollowUpKey::Reconnect { .. } => FollowUpKind::Reconnect,
            FollowUpKey::NoReply(_) => FollowUpKind::NoReply,
        }
    }

    /// Whose follow-up it is, as far as the key tells (the rest is in the records).
    pub fn owner(self) -> KeyOwner {
        match self {
            FollowUpKey::ThankYou(contact)
            | FollowUpKey::CheckIn(contact)
            | FollowUpKey::Outcome { contact, .. }
            | FollowUpKey::Birthday { contact, .. }
            | FollowUpKey::Reconnect { contact, .. } => KeyOwner::Contact(contact),
            FollowUpKey::NoReply(interaction) => KeyOwner::OfInteraction(interaction),
            FollowUpKey::Reminder(id) => KeyOwner::OfReminder(id),
            FollowUpKey::IntroThanks(introduced) => KeyOwner::IntroducerOf(introduced),
            FollowUpKey::FavorThanks(favor) => KeyOwner::OfFavor(favor),
            FollowUpKey::Lead(lead) | FollowUpKey::Chase(lead) => KeyOwner::OfLead(lead),
        }
    }

    /// The lead the item is about (`lead-3`, `chase-3`, `outcome-3-12`), if any.
    pub fn lead(self) -> Option<i64> {
        match self {
            FollowUpKey::Lead(lead) | FollowUpKey::Chase(lead) | FollowUpKey::Outcome { lead, .. } => {
                Some(lead)
            }
            _ => None,
        }
    }

    /// The lead whose item's marks (completions, snoozes) belong to no contact: a
    /// lead's and a chase's, which move to another contact when their first helper is
    /// removed and must keep their marks.
    pub fn marks_kept_by_lead(self) -> Option<i64> {
        match self {
            FollowUpKey::Lead(lead) | FollowUpKey::Chase(lead) => Some(lead),
            _ => None,
        }
    }
}

impl fmt::Display for FollowUpKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = self.kind();
        match *self {
            FollowUpKey::ThankYou(id)
            | FollowUpKey::CheckIn(id)
            | FollowUpKey::Reminder(id)
            | FollowUpKey::Lead(id)
            | FollowUpKey::FavorThanks(id)
            | FollowUpKey::IntroThanks(id)
            | FollowUpKey::Chase(id)
            | FollowUpKey::NoReply(id) => write!(f, "{kind}-{id}"),
            FollowUpKey::Reconnect { contact, week } => write!(f, "{kind}-{contact}-{week}"),
            FollowUpKey::Outcome { lead, contact } => write!(f, "{kind}-{lead}-{contact}"),
            FollowUpKey::Birthday { contact, year } => write!(f, "{kind}-{contact}-{year}"),
        }
    }
}

/// A text that is no follow-up key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotAKey;

impl fmt::Display for NotAKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a follow-up key")
    }
}

impl std::error::Error for NotAKey {}

impl FromStr for FollowUpKey {
    type Err = NotAKey;

    /// Reads exactly what [`fmt::Display`] writes: numbers in plain decimal (no sign,
    /// no leading zero, no `#`), so that a key read back is written the same.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let (kind, rest) = FollowUpKind::ALL
            .into_iter()
            .find_map(|kind| Some((kind, text.strip_prefix(kind.as_str())?.strip_prefix('-')?)))
            .ok_or(NotAKey)?;
        let one = || key_number(rest).ok_or(NotAKey);
        let two = || rest.split_once('-').ok_or(NotAKey);
        Ok(match kind {
            FollowUpKind::ThankYou => FollowUpKey::ThankYou(one()?),
            FollowUpKind::CheckIn => FollowUpKey::CheckIn(one()?),
            FollowUpKind::Reminder => FollowUpKey::Reminder(one()?),
            FollowUpKind::Lead => FollowUpKey::Lead(one()?),
            FollowUpKind::FavorThanks => FollowUpKey::FavorThanks(one()?),
            FollowUpKind::IntroThanks => FollowUpKey::IntroThanks(one()?),
            FollowUpKind::Chase => FollowUpKey::Chase(one()?),
            FollowUpKind::NoReply => FollowUpKey::NoReply(one()?),
            FollowUpKind::Reconnect => {
                let (contact, week) = two()?;
                FollowUpKey::Reconnect {
                    contact: key_number(contact).ok_or(NotAKey)?,
                    week: week.parse().map_err(|_| NotAKey)?,
                }
            }
            FollowUpKind::Outcome => {
                let (lead, contact) = two()?;
                FollowUpKey::Outcome {
                    lead: key_number(lead).ok_or(NotAKey)?,
                    contact: key_number(contact).ok_or(NotAKey)?,
                }
            }
            FollowUpKind::Birthday => {
                let (contact, year) = two()?;
                FollowUpKey::Birthday {
                    contact: key_number(contact).ok_or(NotAKey)?,
                    year: key_number(year).ok_or(NotAKey)?,
                }
            }
        })
    }
}

/// A number in a key: plain decimal digits, without a leading zero (but for `0`
/// itself), that fit.
fn key_number<T: FromStr>(text: &str) -> Option<T> {
    let plain = !text.is_empty()
        && text.bytes().all(|b| b.is_ascii_digit())
        && (text == "0" || !text.starts_with('0'));
    if !plain {
        return None;
    }
    text.parse().ok()
}

/// What the user has done to follow-ups: completed (key, due date) pairs and the
/// snoozes in force (key -> until).
#[derive(Debug, Clone, Default)]
pub struct Marks {
    pub completed: HashSet<(String, NaiveDate)>,
    pub snoozed: HashMap<String, NaiveDate>,
    /// The latest day each key was done (rule 11 counts the next chase from it).
    pub last_done: HashMap<String, NaiveDate>,
}

impl Marks {
    pub fn is_completed(&self, key: &str, due_on: NaiveDate) -> bool {
        // Allocation-free lookup would need a borrowed tuple key; these sets are small.
        self.completed.contains(&(key.to_string(), due_on))
    }
}
