//! Plain data types shared by the store, the scheduler and the output, including the
//! typed follow-up key and its one text form. No I/O here.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::dates::{Birthday, Cadence, DateError, Duration, Unit};

mod field;
mod follow_up;
mod goal;
mod lead;
mod mail_settings;
pub use field::{ContactField, FieldList};
pub use follow_up::{FollowUp, FollowUpKey, FollowUpKind, KeyOwner, Marks, NotAKey};
pub use goal::{Goal, GoalWhat, Per};
pub use lead::{Lead, LeadStatus, StatusChange};
pub use mail_settings::{ConfigKey, MailSetting, MailSettings};

/// A person in the network, as stored. Its fields are declared once more, with the
/// lists that must name them, as [`ContactField`].
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
    /// Whether `cadence` came from an import (or a card `sync` read) rather than from
    /// the user: the first interaction logged by hand then switches the contact to
    /// `default-cadence`. Meaningless without a cadence ([`Contact::cadence_source`]).
    pub cadence_from_import: bool,
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

/// Where a contact's own cadence came from (the Contact JSON's `cadence_source`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CadenceSource {
    /// An import (or a card `sync` read) set it: `--cadence` or `import-cadence`.
    Import,
    /// The user chose it (`add`/`edit --cadence`, `none` included); it never changes
    /// by itself.
    User,
}

impl CadenceSource {
    pub fn as_str(self) -> &'static str {
        match self {
            CadenceSource::Import => "import",
            CadenceSource::User => "user",
        }
    }

    /// `import` or `user`.
    pub fn parse(text: &str) -> Option<CadenceSource> {
        match text {
            "import" => Some(CadenceSource::Import),
            "user" => Some(CadenceSource::User),
            _ => None,
        }
    }
}

impl Contact {
    /// Where its own cadence came from; `None` when it has none (`default-cadence`
    /// applies).
    pub fn cadence_source(&self) -> Option<CadenceSource> {
        self.cadence
            .map(|_| if self.cadence_from_import { CadenceSource::Import } else { CadenceSource::User })
    }

    /// Sets its own cadence as the user chose it (`None`: back to `default-cadence`).
    pub fn set_cadence_by_user(&mut self, cadence: Option<Cadence>) {
        self.cadence = cadence;
        self.cadence_from_import = false;
    }

    /// How to reach them: the first e-mail, else the first phone, else LinkedIn.
    pub fn channel(&self) -> Option<&str> {
        self.emails.first().or(self.phones.first()).or(self.linkedin.as_ref()).map(String::as_str)
    }

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
            cadence_from_import: false,
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

/// What the `list` table shows of a contact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    pub id: i64,
    pub name: String,
    pub company: Option<String>,
    pub title: Option<String>,
    /// In the order `show` gives them.
    pub tags: Vec<String>,
    pub summary: Summary,
}

/// One e-mail address of a contact, as an address book gives it to a mail client
/// (`netcrm query`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    pub contact_id: i64,
    pub email: String,
    pub name: String,
    pub company: Option<String>,
}

/// One recorded contact with a person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Interaction {
    pub id: i64,
    pub contact_id: i64,
    pub kind: InteractionKind,
    pub on: NaiveDate,
    pub note: Option<String>,
    /// A `met`'s event or place; `None` for other kinds.
    pub at: Option<String>,
    /// A `met`'s topic (how you met, what you talked about); `None` for other kinds.
    pub how: Option<String>,
    /// Where netcrm found it (a message's Message-ID); `None` when the user logged it.
    pub source: Option<String>,
    /// A `met` logged with `--thank`: it asks for a thank-you even within
    /// `thank-again-after` of the meeting before. Kept by backups, not in the
    /// Interaction JSON (DESIGN.md's shape).
    pub thank: bool,
    /// Which way a message went, when `scan` read it from mail (or `log
    /// --awaiting-reply` logged mail you sent); `None` otherwise.
    pub direction: Option<MailDirection>,
    /// Mail you sent that waits for a reply (the no-reply rule reads it): set by
    /// `scan` for each To recipient of a message dated within the last 30 days when it
    /// was scanned, and by `log --kind email --awaiting-reply`.
    pub awaiting_reply: bool,
}

impl Interaction {
    /// An interaction with no note, place or topic.
    pub fn new(id: i64, contact_id: i64, kind: InteractionKind, on: NaiveDate) -> Interaction {
        Interaction {
            id,
            contact_id,
            kind,
            on,
            note: None,
            at: None,
            how: None,
            source: None,
            thank: false,
            direction: None,
            awaiting_reply: false,
        }
    }

    /// Whether it happened after `other` (the no-reply rule's "later"): on a later
    /// date, or on the same date and recorded after it (a larger id; `scan` records a
    /// mailbox's messages in the order of their Date headers).
    pub fn is_after(&self, other: &Interaction) -> bool {
        (self.on, self.id) > (other.on, other.id)
    }
}

/// Which way a message went, as `scan` read it (the Interaction JSON's `direction`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MailDirection {
    /// From one of your addresses.
    Sent,
    /// From the contact.
    Received,
    /// From someone else, with you and the contact among its people.
    Cc,
}

impl MailDirection {
    pub fn as_str(self) -> &'static str {
        match self {
            MailDirection::Sent => "sent",
            MailDirection::Received => "received",
            MailDirection::Cc => "cc",
        }
    }

    /// `sent`, `received` or `cc`.
    pub fn parse(text: &str) -> Option<MailDirection> {
        [MailDirection::Sent, MailDirection::Received, MailDirection::Cc]
            .into_iter()
            .find(|d| d.as_str() == text)
    }
}

/// What `scan` needs to know of the records before it logs anything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScanState {
    /// Every contact's addresses, folded as `text::fold` does, with their contact ids.
    pub owners: HashMap<String, Vec<i64>>,
    /// The (contact, source) of every interaction `scan` logged before.
    pub sources: HashSet<(i64, String)>,
    /// The contacts whose thank-you is open, with the date of their latest `met`.
    pub thanks_open: HashMap<i64, NaiveDate>,
    /// Every contact's name, by id.
    pub names: HashMap<i64, String>,
}

/// What `scan` kept of a Maildir or an mbox it read, so that a rescan reads only what
/// cannot be the same (DESIGN.md "netcrm scan").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScannedMail {
    /// The Maildir's or the mbox's path, made absolute.
    pub path: String,
    pub kind: MailboxKind,
    /// A Maildir's cur/ and new/ modification times (nanoseconds), an mbox's (and
    /// `None`); `None` when missing or too recent to trust.
    pub mtimes: [Option<i64>; 2],
    /// An mbox: how many bytes were read, and a fingerprint of them.
    pub read: Option<(u64, u64)>,
    /// A Maildir: a hash of each message's unique name, sorted.
    pub names: Vec<u64>,
    /// How many messages were read.
    pub messages: usize,
    pub conditions: ScanConditions,
}

/// A Maildir or an mbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailboxKind {
    Maildir,
    Mbox,
}

/// The conditions mail was read under: what it logged holds while they do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScanConditions {
    /// A hash of your addresses.
    pub mine: u64,
    /// The count of changes to contacts' addresses and scanned interactions.
    pub changes: i64,
    pub since: Option<NaiveDate>,
    /// The first date of a message skipped as dated after today.
    pub until: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum InteractionKind {
    /// A meeting in person at an event (`add` records the first, `log --kind met`
    /// the next ones); each starts the thank-you rule.
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

/// The settings that `config` reads and writes, with DESIGN.md's defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    pub thank_you_within: Duration,
    pub default_cadence: Cadence,
    pub import_cadence: Cadence,
    /// How long after applying (or the last chase, or the last word with a helper) a
    /// lead with no answer is due for a chase (rule 11); at least one day.
    pub chase_after: Duration,
    /// Meeting someone again starts a new thank-you only when the meeting before was
    /// longer ago than this (DESIGN.md "Meeting again").
    pub thank_again_after: Duration,
    /// How long after you sent a message that waits for a reply it is due for a
    /// follow-up (the no-reply rule); at least one day.
    pub no_reply_after: Duration,
    /// How long without an interaction makes a tie dormant (`netcrm reconnect`).
    pub dormant_after: Duration,
    /// How many dormant ties `due` suggests reconnecting with each ISO week; 0 turns
    /// the weekly picks off (and hides the week's).
    pub reconnect_per_week: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            thank_you_within: Duration { count: 2, unit: Unit::Days },
            default_cadence: Cadence::Every(Duration { count: 1, unit: Unit::Months }),
            import_cadence: Cadence::None,
            chase_after: Duration { count: 7, unit: Unit::Days },
            thank_again_after: Duration { count: 3, unit: Unit::Months },
            no_reply_after: Duration { count: 7, unit: Unit::Days },
            dormant_after: Duration { count: 1, unit: Unit::Years },
            reconnect_per_week: 2,
        }
    }
}

/// A setting that `config` reads and writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setting {
    ThankYouWithin,
    DefaultCadence,
    ImportCadence,
    ChaseAfter,
    ThankAgainAfter,
    NoReplyAfter,
    DormantAfter,
    ReconnectPerWeek,
}

impl Setting {
    /// Every setting, in the order `config get` lists them.
    pub const ALL: [Setting; 8] = [
        Setting::ThankYouWithin,
        Setting::DefaultCadence,
        Setting::ImportCadence,
        Setting::ChaseAfter,
        Setting::ThankAgainAfter,
        Setting::NoReplyAfter,
        Setting::DormantAfter,
        Setting::ReconnectPerWeek,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Setting::ThankYouWithin => "thank-you-within",
            Setting::DefaultCadence => "default-cadence",
            Setting::ImportCadence => "import-cadence",
            Setting::ChaseAfter => "chase-after",
            Setting::ThankAgainAfter => "thank-again-after",
            Setting::NoReplyAfter => "no-reply-after",
            Setting::DormantAfter => "dormant-after",
            Setting::ReconnectPerWeek => "reconnect-per-week",
        }
    }

    /// The setting called `name`, if there is one.
    pub fn named(name: &str) -> Option<Setting> {
        Setting::ALL.into_iter().find(|s| s.name() == name.trim())
    }

    /// "thank-you-within, default-cadence, import-cadence, ...", for messages.
    pub fn names() -> String {
        Setting::ALL.map(Setting::name).join(", ")
    }
}

impl Settings {
    /// A setting's value in its normal form (`monthly` is `1m`).
    pub fn get(&self, setting: Setting) -> String {
        match setting {
            Setting::ThankYouWithin => self.thank_you_within.to_string(),
            Setting::DefaultCadence => self.default_cadence.to_string(),
            Setting::ImportCadence => self.import_cadence.to_string(),
            Setting::ChaseAfter => self.chase_after.to_string(),
            Setting::ThankAgainAfter => self.thank_again_after.to_string(),
            Setting::NoReplyAfter => self.no_reply_after.to_string(),
            Setting::DormantAfter => self.dormant_after.to_string(),
            Setting::ReconnectPerWeek => self.reconnect_per_week.to_string(),
        }
    }

    /// Sets a setting from text, which must be a valid value for it.
    pub fn set(&mut self, setting: Setting, value: &str) -> Result<(), DateError> {
        match setting {
            Setting::ThankYouWithin => self.thank_you_within = Duration::parse(value)?,
            Setting::DefaultCadence => self.default_cadence = Cadence::parse(value)?,
            Setting::ImportCadence => self.import_cadence = Cadence::parse(value)?,
            // An item due the day it is done would come back at once: at least a day.
            Setting::ChaseAfter => self.chase_after = at_least_a_day(value, "chase-after")?,
            Setting::ThankAgainAfter => self.thank_again_after = Duration::parse(value)?,
            Setting::NoReplyAfter => self.no_reply_after = at_least_a_day(value, "no-reply-after")?,
            Setting::DormantAfter => self.dormant_after = at_least_a_day(value, "dormant-after")?,
            Setting::ReconnectPerWeek => {
                let count = value.trim();
                let plain = !count.is_empty() && count.bytes().all(|b| b.is_ascii_digit());
                self.reconnect_per_week =
                    count.parse().ok().filter(|n| plain && *n <= MAX_RECONNECTS_PER_WEEK).ok_or_else(
                        || DateError::InvalidCount { input: count.to_string(), what: "reconnect-per-week" },
                    )?;
            }
        }
        Ok(())
    }
}

/// The most reconnects a week `reconnect-per-week` takes (a week has seven days).
const MAX_RECONNECTS_PER_WEEK: u32 = 100;

/// A duration of at least one day, for the setting `what`.
fn at_least_a_day(value: &str, what: &'static str) -> Result<Duration, DateError> {
    let duration = Duration::parse(value)?;
    if duration.is_zero() {
        return Err(DateError::TooShort { input: value.trim().to_string(), what });
    }
    Ok(duration)
}

/// A one-off follow-up the user asked for with `remind`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reminder {
    pub id: i64,
    pub contact_id: i64,
    pub text: String,
    pub due_on: NaiveDate,
    pub done_on: Option<NaiveDate>,
}

/// Which way a favour went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// You did something for them.
    Gave,
    /// They did something for you.
    Received,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Gave => "gave",
            Direction::Received => "received",
        }
    }
}

impl FromStr for Direction {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "gave" => Ok(Direction::Gave),
            "received" => Ok(Direction::Received),
            _ => Err(format!("unknown favour direction '{s}': use gave or received")),
        }
    }
}

/// A favour given or received: the ledger of reciprocity (DESIGN.md "Favour").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Favor {
    pub id: i64,
    pub contact_id: i64,
    pub direction: Direction,
    pub what: String,
    pub on: NaiveDate,
}

/// Someone a contact introduced you to, as rule 2 sees them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Introduction {
    /// The introduced contact.
    pub contact_id: i64,
    pub name: String,
    /// Their first `met` interaction's date: when the introduction came to something
    /// (meeting them again does not ask you to thank the introducer again).
    pub met_on: NaiveDate,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::Week;

    /// One key of each kind, and its text.
    fn every_kind() -> Vec<(FollowUpKey, &'static str)> {
        vec![
            (FollowUpKey::ThankYou(12), "thank-you-12"),
            (FollowUpKey::CheckIn(7), "check-in-7"),
            (FollowUpKey::Reminder(3), "reminder-3"),
            (FollowUpKey::Lead(4), "lead-4"),
            (FollowUpKey::Outcome { lead: 3, contact: 12 }, "outcome-3-12"),
            (FollowUpKey::FavorThanks(9), "favor-thanks-9"),
            (FollowUpKey::IntroThanks(2), "intro-thanks-2"),
            (FollowUpKey::Birthday { contact: 12, year: 2026 }, "birthday-12-2026"),
            (FollowUpKey::Chase(i64::MAX), "chase-9223372036854775807"),
            (
                FollowUpKey::Reconnect { contact: 12, week: Week::new(2026, 5).unwrap() },
                "reconnect-12-2026-W05",
            ),
            (FollowUpKey::NoReply(5), "no-reply-5"),
        ]
    }

    #[test]
    fn every_kind_of_key_is_written_and_read_back_the_same() {
        let keys = every_kind();
        // Every kind is there once.
        let kinds: HashSet<FollowUpKind> = keys.iter().map(|(key, _)| key.kind()).collect();
        assert_eq!(kinds.len(), FollowUpKind::ALL.len());
        for (key, text) in keys {
            assert_eq!(key.to_string(), text);
            assert_eq!(text.parse::<FollowUpKey>(), Ok(key), "{text}");
            // The text starts with the kind's name.
            assert!(text.starts_with(&format!("{}-", key.kind())), "{text}");
        }
        assert_eq!("thank-you-0".parse(), Ok(FollowUpKey::ThankYou(0)));
    }

    #[test]
    fn texts_that_are_no_key_are_refused() {
        for text in [
            "",
            "thank-you",
            "thank-you-",
            "thank-you-x",
            "thank-you-1-2",
            "thank-you-#12",
            "thank-you-012",
            "thank-you-+12",
            "thank-you--12",
            "thank-you-12 ",
            " thank-you-12",
            "Thank-You-12",
            "thank-you-99999999999999999999",
            "thankyou-12",
            "outcome-3",
            "outcome-3-",
            "outcome--12",
            "outcome-3-12-1",
            "birthday-12",
            "birthday-12-99999999999",
            "lead-",
            "chase-x",
            "reconnect-12-2026-W3",
            "reconnect-12-2026-w03",
            "reconnect-12-2027-W53",
            "reconnect-12-2026-W00",
            "reconnect-12",
            "reconnect-12-",
            "no-reply-",
            "no-reply-05",
            "12",
        ] {
            assert_eq!(text.parse::<FollowUpKey>(), Err(NotAKey), "{text:?}");
        }
    }

    #[test]
    fn done_logs_a_thank_you_for_thanks_and_a_message_for_the_rest_but_reminders_and_birthdays() {
        let logged: Vec<(FollowUpKind, Option<InteractionKind>)> =
            FollowUpKind::ALL.iter().map(|kind| (*kind, kind.completed_by())).collect();
        let (thank_you, message) = (Some(InteractionKind::ThankYou), Some(InteractionKind::Message));
        assert_eq!(
            logged,
            [
                (FollowUpKind::ThankYou, thank_you),
                (FollowUpKind::CheckIn, message),
                (FollowUpKind::Reminder, None),
                (FollowUpKind::Lead, message),
                (FollowUpKind::Outcome, message),
                (FollowUpKind::FavorThanks, thank_you),
                (FollowUpKind::IntroThanks, thank_you),
                (FollowUpKind::Birthday, None),
                (FollowUpKind::Chase, message),
                (FollowUpKind::Reconnect, message),
                (FollowUpKind::NoReply, Some(InteractionKind::Email)),
            ]
        );
    }

    #[test]
    fn a_key_tells_its_owner_and_lead() {
        assert_eq!(FollowUpKey::ThankYou(12).owner(), KeyOwner::Contact(12));
        assert_eq!(FollowUpKey::Outcome { lead: 3, contact: 12 }.owner(), KeyOwner::Contact(12));
        assert_eq!(FollowUpKey::Birthday { contact: 12, year: 2026 }.owner(), KeyOwner::Contact(12));
        assert_eq!(FollowUpKey::Reminder(3).owner(), KeyOwner::OfReminder(3));
        assert_eq!(FollowUpKey::IntroThanks(2).owner(), KeyOwner::IntroducerOf(2));
        assert_eq!(FollowUpKey::FavorThanks(9).owner(), KeyOwner::OfFavor(9));
        assert_eq!(FollowUpKey::Chase(4).owner(), KeyOwner::OfLead(4));
        let leads: Vec<Option<i64>> = every_kind().iter().map(|(key, _)| key.lead()).collect();
        assert_eq!(leads, [None, None, None, Some(4), Some(3), None, None, None, Some(i64::MAX), None, None]);
        let kept: Vec<Option<i64>> = every_kind().iter().map(|(key, _)| key.marks_kept_by_lead()).collect();
        assert_eq!(kept, [None, None, None, Some(4), None, None, None, None, Some(i64::MAX), None, None]);
        assert_eq!(FollowUpKey::NoReply(5).owner(), KeyOwner::OfInteraction(5));
    }
}

/// One of your target employers (`netcrm target`): the company as you wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub company: String,
    pub note: Option<String>,
    pub added_on: NaiveDate,
}
