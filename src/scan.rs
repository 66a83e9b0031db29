//! Matching mail and meetings to contacts, for `netcrm scan` (DESIGN.md "netcrm scan"):
//! a message on which one of your addresses and a contact's both appear is an `email`
//! with that contact (the first one you sent after meeting them, while their thank-you
//! is open, the `thank-you`); a past meeting with you and a contact among its people is
//! a `meeting`. Each remembers its source (Message-ID, or `UID YYYY-MM-DD`), so that
//! nothing is logged twice. Pure: messages and events in, interactions to log out; no
//! database, clock, terminal or environment (the caller says how an instant becomes a
//! local date).
//!
//! What is kept grows with what is found (each interaction to log, each stranger for
//! `--suggest`) and by one 64-bit hash per message or meeting read, never with a
//! message's bytes. A recurring meeting's dates are asked for only when it can log
//! something (you and a contact among its people, not cancelled), one at a time.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, NaiveDate, Utc};

use crate::error::Result;
use crate::formats::calendar::{Calendar, Item, Meeting, Series};
use crate::formats::mail::Message;
use crate::formats::rescan::{fnv, hash};
use crate::model::{InteractionKind, MailDirection, ScanConditions, ScanState};

/// How recent mail you sent must be, when it is scanned, to wait for a reply: older
/// mail never floods `due` on a first scan of an old mailbox.
pub const AWAITS_REPLY_WITHIN_DAYS: u64 = 30;

/// One interaction to log.
#[derive(Debug, Clone)]
pub struct Found {
    pub contact_id: i64,
    pub kind: InteractionKind,
    pub on: NaiveDate,
    pub note: Option<String>,
    pub source: String,
    /// A message you sent to this contact (a thank-you, when one is owed).
    pub sent_to_them: bool,
    /// Which way a message went (`None` for a meeting).
    pub direction: Option<MailDirection>,
    /// A message you sent with this contact in To, dated within the last
    /// [`AWAITS_REPLY_WITHIN_DAYS`]: it waits for their reply.
    pub awaiting_reply: bool,
    /// The message's instant (seconds since the epoch), which orders the messages of
    /// one day; `None` for a meeting.
    pub instant: Option<i64>,
}

/// What [`Matcher::log`] records of one contact on an item.
#[derive(Debug, Clone, Copy)]
struct Party {
    contact_id: i64,
    sent_to_them: bool,
    direction: Option<MailDirection>,
    awaiting_reply: bool,
}

impl Party {
    /// A contact among a meeting's people.
    fn at_meeting(contact_id: i64) -> Party {
        Party { contact_id, sent_to_them: false, direction: None, awaiting_reply: false }
    }
}

/// Someone you exchanged mail with who is not a contact.
#[derive(Debug, Clone)]
pub struct Suggestion {
    pub name: Option<String>,
    pub address: String,
    pub messages: usize,
    pub last: NaiveDate,
}

/// How many interactions were logged with one contact.
#[derive(Debug)]
pub struct ContactCount {
    pub contact_id: i64,
    pub contact: String,
    pub logged: usize,
}

/// What a scan read and logged.
#[derive(Debug)]
pub struct Summary {
    pub messages: usize,
    pub events: usize,
    pub logged: usize,
    pub skipped: usize,
    /// Why they were skipped (for people; `skipped` is their sum).
    pub skips: Skips,
    pub contacts: Vec<ContactCount>,
    pub suggestions: Vec<Suggestion>,
}

/// Why the messages and events that logged nothing were skipped, each counted once,
/// under the first reason that applies.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Skips {
    /// Messages without readable headers or Date, and calendar files that cannot be
    /// read (each counted as one event).
    pub unreadable: usize,
    /// Mailing-list messages and automatic senders.
    pub lists: usize,
    /// Cancelled events.
    pub cancelled: usize,
    /// Dated after today.
    pub after_today: usize,
    /// Dated before `--since`.
    pub before_since: usize,
    /// Messages neither from nor to one of your addresses.
    pub not_yours: usize,
    /// Events without one of your addresses.
    pub without_you: usize,
    /// Yours, but with no contact.
    pub no_contact: usize,
    /// Read earlier in this scan (a copy in another folder), or logged by an earlier one.
    pub already_seen: usize,
    /// Messages an earlier scan read, in a Maildir or mbox that has not changed since
    /// in a way that could change them (not read again).
    pub unchanged: usize,
    /// Recurring events from the first day they repeat more than
    /// [`calendar::MAX_PER_DAY`](crate::formats::calendar::MAX_PER_DAY) times on (each
    /// counted as one event).
    pub too_frequent: usize,
}

/// One reason to skip an item, counted in [`Skips`].
#[derive(Debug, Clone, Copy)]
enum Skip {
    Unreadable,
    List,
    Cancelled,
    AfterToday,
    BeforeSince,
    NotYours,
    WithoutYou,
    NoContact,
    AlreadySeen,
    TooFrequent,
}

impl Skips {
    fn add(&mut self, skip: Skip) {
        let count = match skip {
            Skip::Unreadable => &mut self.unreadable,
            Skip::List => &mut self.lists,
            Skip::Cancelled => &mut self.cancelled,
            Skip::AfterToday => &mut self.after_today,
            Skip::BeforeSince => &mut self.before_since,
            Skip::NotYours => &mut self.not_yours,
            Skip::WithoutYou => &mut self.without_you,
            Skip::NoContact => &mut self.no_contact,
            Skip::AlreadySeen => &mut self.already_seen,
            Skip::TooFrequent => &mut self.too_frequent,
        };
        *count += 1;
    }

    pub fn total(&self) -> usize {
        self.reasons().iter().map(|(n, _)| n).sum()
    }

    /// Each reason with its count, in a fixed order (the words are for people).
    pub fn reasons(&self) -> [(usize, &'static str); 11] {
        [
            (self.unchanged, "unchanged since the last scan"),
            (self.no_contact, "with no contact"),
            (self.not_yours, "not from or to you"),
            (self.without_you, "events without you"),
            (self.lists, "from lists or automatic senders"),
            (self.already_seen, "already seen"),
            (self.after_today, "dated after today"),
            (self.before_since, "dated before --since"),
            (self.cancelled, "cancelled events"),
            (self.too_frequent, "events repeating more than hourly"),
            (self.unreadable, "unreadable"),
        ]
    }
}

/// A scan in progress: counts, what was found, and what was seen.
pub struct Matcher<'s> {
    state: &'s ScanState,
    mine: HashSet<String>,
    today: NaiveDate,
    since: Option<NaiveDate>,
    messages: usize,
    events: usize,
    skips: Skips,
    /// Messages without readable headers or Date (also in `skips.unreadable`).
    unreadable_messages: usize,
    /// The first date of a message skipped as dated after today, since
    /// [`Matcher::take_later`] was last asked.
    later: Option<NaiveDate>,
    /// Hashes of the sources read in this scan (of a meeting's, with each contact).
    seen: HashSet<u64>,
    found: Vec<Found>,
    strangers: HashMap<String, Suggestion>,
    /// How an instant becomes a local date.
    to_local: fn(DateTime<Utc>) -> NaiveDate,
}

impl<'s> Matcher<'s> {
    /// A matcher for your addresses `mine` (folded), logging what is dated on or
    /// before `today` and not before `since`.
    pub fn new(
        state: &'s ScanState,
        mine: HashSet<String>,
        today: NaiveDate,
        since: Option<NaiveDate>,
        to_local: fn(DateTime<Utc>) -> NaiveDate,
    ) -> Self {
        Matcher {
            state,
            mine,
            today,
            since,
            messages: 0,
            events: 0,
            skips: Skips::default(),
            unreadable_messages: 0,
            later: None,
            seen: HashSet::new(),
            found: Vec::new(),
            strangers: HashMap::new(),
            to_local,
        }
    }

    /// Why an item dated `on` is skipped, if it is out of range.
    fn out_of_range(&self, on: NaiveDate) -> Option<Skip> {
        if on > self.today {
            Some(Skip::AfterToday)
        } else if self.since.is_some_and(|since| on < since) {
            Some(Skip::BeforeSince)
        } else {
            None
        }
    }

    /// The contacts among `addresses` (not you), each once, in order.
    fn contacts<'a>(&self, addresses: impl Iterator<Item = &'a String>) -> Vec<i64> {
        let mut ids = Vec::new();
        let mut seen = HashSet::new();
        for address in addresses {
            if self.mine.contains(address) {
                continue;
            }
            for id in self.state.owners.get(address).into_iter().flatten() {
                if seen.insert(*id) {
                    ids.push(*id);
                }
            }
        }
        ids
    }

    /// Logs `found` for each contact that has no interaction from `source` yet;
    /// counts the item as skipped when none was logged (with no contact, or all of
    /// them had it).
    fn log(
        &mut self,
        contacts: &[Party],
        kind: InteractionKind,
        (on, instant): (NaiveDate, Option<i64>),
        note: Option<&str>,
        source: &str,
    ) {
        let mut logged = false;
        for party in contacts {
            if self.state.sources.contains(&(party.contact_id, source.to_string())) {
                continue;
            }
            logged = true;
            self.found.push(Found {
                contact_id: party.contact_id,
                kind,
                on,
                note: note.map(String::from),
                source: source.to_string(),
                sent_to_them: party.sent_to_them,
                direction: party.direction,
                awaiting_reply: party.awaiting_reply,
                instant,
            });
        }
        if contacts.is_empty() {
            self.skips.add(Skip::NoContact);
        } else if !logged {
            self.skips.add(Skip::AlreadySeen);
        }
    }

    /// Reads one message (an error is an unreadable one, skipped).
    pub fn message(&mut self, message: Result<Message>) {
        self.messages += 1;
        let Ok(m) = message else {
            self.skips.add(Skip::Unreadable);
            self.unreadable_messages += 1;
            return;
        };
        let Some(date) = m.date else {
            self.skips.add(Skip::Unreadable);
            self.unreadable_messages += 1;
            return;
        };
        let on = (self.to_local)(date.with_timezone(&Utc));
        let from_me = m.from.iter().any(|a| self.mine.contains(&a.address));
        let to_me = m.recipients.iter().any(|a| self.mine.contains(&a.address));
        let skip = if m.is_list || m.is_automatic {
            Some(Skip::List)
        } else {
            self.out_of_range(on).or((!(from_me || to_me)).then_some(Skip::NotYours))
        };
        if let Some(skip) = skip {
            if matches!(skip, Skip::AfterToday) {
                self.later = Some(self.later.map_or(on, |later| later.min(on)));
            }
            self.skips.add(skip);
            return;
        }
        let source = match &m.message_id {
            Some(id) => format!("<{id}>"),
            None => anonymous_source(&m),
        };
        if !self.seen.insert(hash(source.as_bytes())) {
            self.skips.add(Skip::AlreadySeen);
            return;
        }
        let everyone = m.from.iter().chain(&m.recipients).map(|a| &a.address);
        let recipients: HashSet<i64> =
            self.contacts(m.recipients.iter().map(|a| &a.address)).into_iter().collect();
        let in_to: HashSet<i64> =
            self.contacts(m.recipients.iter().take(m.to_count).map(|a| &a.address)).into_iter().collect();
        let senders: HashSet<i64> = self.contacts(m.from.iter().map(|a| &a.address)).into_iter().collect();
        let recent =
            self.today.checked_sub_days(chrono::Days::new(AWAITS_REPLY_WITHIN_DAYS)).is_none_or(|d| on >= d);
        let contacts: Vec<Party> = self
            .contacts(everyone)
            .into_iter()
            .map(|id| Party {
                contact_id: id,
                sent_to_them: from_me && recipients.contains(&id),
                direction: Some(if from_me {
                    MailDirection::Sent
                } else if senders.contains(&id) {
                    MailDirection::Received
                } else {
                    MailDirection::Cc
                }),
                awaiting_reply: from_me && recent && in_to.contains(&id),
            })
            .collect();
        // The people you wrote to, or who wrote to you, who are not contacts.
        let others = if from_me { &m.recipients } else { &m.from };
        for mailbox in others {
            if self.mine.contains(&mailbox.address)
                || self.state.owners.contains_key(&mailbox.address)
                || is_robot(&mailbox.address)
            {
                continue;
            }
            let entry = self.strangers.entry(mailbox.address.clone()).or_insert_with(|| Suggestion {
                name: None,
                address: mailbox.address.clone(),
                messages: 0,
                last: on,
            });
            entry.messages += 1;
            if on >= entry.last || entry.name.is_none() {
                entry.last = entry.last.max(on);
                if mailbox.name.is_some() {
                    entry.name = mailbox.name.clone();
                }
            }
        }
        let instant = Some(date.timestamp());
        self.log(&contacts, InteractionKind::Email, (on, instant), m.subject.as_deref(), &source);
    }

    /// Reads the meetings of a calendar file: each event, and each date of a recurring
    /// one that can log something.
    pub fn calendar(&mut self, calendar: &Calendar) {
        let to_local = self.to_local;
        for item in calendar.items(self.today, &to_local) {
            match item {
                Item::Once(meeting, on) => self.event(meeting, on),
                Item::Series(series) => self.series(&series),
            }
        }
    }

    /// Counts `n` messages an earlier scan read, in a mailbox that has not changed
    /// since in a way that could change them: skipped, not read.
    pub fn unchanged(&mut self, n: usize) {
        self.messages += n;
        self.skips.unchanged += n;
    }

    /// The first date of a message skipped as dated after today since this was last
    /// asked: what was read logs the same until that day.
    pub fn take_later(&mut self) -> Option<NaiveDate> {
        self.later.take()
    }

    /// Counts a calendar file that cannot be read as one unreadable event.
    pub fn unreadable_calendar(&mut self) {
        self.events += 1;
        self.skips.add(Skip::Unreadable);
    }

    /// Reads one event on its date (or one date of a recurring event).
    pub fn event(&mut self, meeting: &Meeting, on: NaiveDate) {
        self.events += 1;
        let with_you = meeting.people.iter().any(|p| self.mine.contains(p));
        let skip = if meeting.cancelled {
            Some(Skip::Cancelled)
        } else {
            self.out_of_range(on).or((!with_you).then_some(Skip::WithoutYou))
        };
        if let Some(skip) = skip {
            self.skips.add(skip);
            return;
        }
        let contacts: Vec<(i64, bool)> =
            self.contacts(meeting.people.iter()).into_iter().map(|id| (id, false)).collect();
        self.meeting(meeting, on, &contacts);
    }

    /// Logs a meeting on `on` with each of `contacts` for whom no event read before in
    /// this scan had the same source (`UID date`): a copy of the event in another file,
    /// or another VEVENT of that UID on that day (an occurrence moved onto it). Each
    /// contact counts, so one without a contact never hides one with.
    fn meeting(&mut self, meeting: &Meeting, on: NaiveDate, contacts: &[(i64, bool)]) {
        if contacts.is_empty() {
            self.skips.add(Skip::NoContact);
            return;
        }
        let source = format!("{} {on}", meeting.uid);
        let seen = hash(source.as_bytes());
        let fresh: Vec<i64> = contacts
            .iter()
            .map(|(id, _)| *id)
            .filter(|id| self.seen.insert(fnv(seen, &id.to_le_bytes())))
            .collect();
        if fresh.is_empty() {
            self.skips.add(Skip::AlreadySeen);
            return;
        }
        let fresh: Vec<Party> = fresh.into_iter().map(Party::at_meeting).collect();
        self.log(&fresh, InteractionKind::Meeting, (on, None), meeting.summary.as_deref(), &source);
    }

    /// Reads a recurring event: each of its dates up to today, one at a time, but only
    /// when it can log something. One that cannot (cancelled, without you, with no
    /// contact) counts as one event, skipped, whatever the number of its dates; one that
    /// starts after today counts as none.
    fn series(&mut self, series: &Series<'_>) {
        if series.starts_later() {
            return;
        }
        let meeting = series.meeting();
        let with_you = meeting.people.iter().any(|p| self.mine.contains(p));
        let contacts: Vec<(i64, bool)> = if meeting.cancelled || !with_you {
            Vec::new()
        } else {
            self.contacts(meeting.people.iter()).into_iter().map(|id| (id, false)).collect()
        };
        let skip = if meeting.cancelled {
            Some(Skip::Cancelled)
        } else if !with_you {
            Some(Skip::WithoutYou)
        } else {
            contacts.is_empty().then_some(Skip::NoContact)
        };
        if let Some(skip) = skip {
            self.events += 1;
            self.skips.add(skip);
            return;
        }
        let mut dates = series.dates();
        for on in &mut dates {
            self.events += 1;
            if let Some(skip) = self.out_of_range(on) {
                self.skips.add(skip);
                continue;
            }
            self.meeting(meeting, on, &contacts);
        }
        if dates.too_frequent() {
            self.events += 1;
            self.skips.add(Skip::TooFrequent);
        }
    }

    /// What was found, oldest first (the messages of one day in the order of their
    /// Date headers, so that they are recorded in that order), with the first message
    /// you sent to each contact whose thank-you is open, on or after their latest
    /// `met`, made the thank-you (which waits for no reply).
    pub fn finish(&mut self) -> Vec<Found> {
        let mut found = std::mem::take(&mut self.found);
        found.sort_by(|a, b| {
            (a.on, a.instant, &a.source, a.contact_id).cmp(&(b.on, b.instant, &b.source, b.contact_id))
        });
        let mut thanked = HashSet::new();
        for f in &mut found {
            if f.kind == InteractionKind::Email
                && f.sent_to_them
                && self.state.thanks_open.get(&f.contact_id).is_some_and(|met| f.on >= *met)
                && thanked.insert(f.contact_id)
            {
                f.kind = InteractionKind::ThankYou;
                f.awaiting_reply = false;
            }
        }
        found
    }

    pub fn summary(&self, found: &[Found], suggest: usize) -> Summary {
        let mut per_contact: HashMap<i64, usize> = HashMap::new();
        for f in found {
            *per_contact.entry(f.contact_id).or_default() += 1;
        }
        let mut contacts: Vec<ContactCount> = per_contact
            .into_iter()
            .map(|(contact_id, logged)| ContactCount {
                contact_id,
                contact: self.state.names.get(&contact_id).cloned().unwrap_or_default(),
                logged,
            })
            .collect();
        contacts.sort_by(|a, b| {
            b.logged
                .cmp(&a.logged)
                .then_with(|| a.contact.cmp(&b.contact))
                .then(a.contact_id.cmp(&b.contact_id))
        });
        let mut suggestions: Vec<Suggestion> = self.strangers.values().cloned().collect();
        suggestions.sort_by(|a, b| {
            b.messages.cmp(&a.messages).then(b.last.cmp(&a.last)).then_with(|| a.address.cmp(&b.address))
        });
        suggestions.truncate(suggest);
        Summary {
            messages: self.messages,
            events: self.events,
            logged: found.len(),
            skipped: self.skips.total(),
            skips: self.skips,
            contacts,
            suggestions,
        }
    }

    /// How many messages had no readable headers or Date.
    pub fn unreadable(&self) -> usize {
        self.unreadable_messages
    }
}

/// Whether what a scan read under the conditions `earlier` logs the same under `now`
/// on `today`, so that it need not be read again: the same addresses of yours, no
/// change to contacts' addresses or to scanned interactions since, a `--since` no
/// earlier, and no message skipped as dated after today whose day has come.
pub fn still_counts(earlier: &ScanConditions, now: &ScanConditions, today: NaiveDate) -> bool {
    earlier.mine == now.mine
        && earlier.changes == now.changes
        && earlier.since.is_none_or(|since| now.since.is_some_and(|now| now >= since))
        && earlier.until.is_none_or(|until| today < until)
}

/// A hash of your addresses (folded), whatever their order.
pub fn addresses_hash(mine: &[String]) -> u64 {
    let mut sorted: Vec<&str> = mine.iter().map(String::as_str).collect();
    sorted.sort_unstable();
    sorted.dedup();
    hash(sorted.join("\n").as_bytes())
}

/// An address that no person reads (`noreply@`, `mailer-daemon@`): never suggested.
fn is_robot(address: &str) -> bool {
    let local = address.split('@').next().unwrap_or_default();
    let squeezed: String = local.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    matches!(
        squeezed.as_str(),
        "noreply" | "donotreply" | "mailerdaemon" | "postmaster" | "bounce" | "bounces"
    )
}

/// The source of a message without a Message-ID: a hash of its From, To, Cc, Date
/// and Subject (DESIGN.md), stable across runs and builds.
fn anonymous_source(m: &Message) -> String {
    let mut text = String::new();
    for mailbox in m.from.iter().chain(&m.recipients) {
        text.push_str(&mailbox.address);
        text.push('\n');
    }
    text.push_str(&m.date.map(|d| d.to_rfc3339()).unwrap_or_default());
    text.push('\n');
    text.push_str(m.subject.as_deref().unwrap_or_default());
    format!("hash:{:016x}", hash(text.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::mail::Mailbox;

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn utc(instant: DateTime<Utc>) -> NaiveDate {
        instant.date_naive()
    }

    /// Ada (#1, met on 2026-11-01, thank-you open) and Bob (#2).
    fn state() -> ScanState {
        ScanState {
            owners: [("ada@example.com".to_string(), vec![1]), ("bob@example.com".to_string(), vec![2])]
                .into_iter()
                .collect(),
            thanks_open: [(1, date("2026-11-01"))].into_iter().collect(),
            names: [(1, "Ada".to_string()), (2, "Bob".to_string())].into_iter().collect(),
            ..ScanState::default()
        }
    }

    fn mailbox(address: &str) -> Mailbox {
        Mailbox { address: address.to_string(), name: None }
    }

    fn mail(id: &str, from: &str, to: &[&str], on: &str) -> Result<Message> {
        Ok(Message {
            message_id: Some(id.to_string()),
            date: Some(DateTime::parse_from_rfc3339(&format!("{on}T12:00:00+00:00")).expect("a date")),
            from: vec![mailbox(from)],
            recipients: to.iter().map(|a| mailbox(a)).collect(),
            to_count: to.len(),
            subject: Some(format!("subject {id}")),
            is_list: false,
            is_automatic: false,
        })
    }

    fn matcher(state: &ScanState) -> Matcher<'_> {
        Matcher::new(state, ["me@example.com".to_string()].into(), date("2026-11-30"), None, utc)
    }

    fn kinds(found: &[Found]) -> Vec<(i64, InteractionKind, String)> {
        found.iter().map(|f| (f.contact_id, f.kind, f.on.to_string())).collect()
    }

    #[test]
    fn the_first_message_you_send_after_meeting_them_is_the_thank_you() {
        use InteractionKind::{Email, ThankYou};
        let state = state();
        let mut m = matcher(&state);
        // Read out of order: the thank-you is decided by date, not by place in the file.
        m.message(mail("3", "me@example.com", &["ada@example.com"], "2026-11-05"));
        m.message(mail("2", "me@example.com", &["ada@example.com", "bob@example.com"], "2026-11-03"));
        m.message(mail("1", "ada@example.com", &["me@example.com"], "2026-11-02"));
        m.message(mail("0", "me@example.com", &["ada@example.com"], "2026-10-30"));
        let found = m.finish();
        assert_eq!(
            kinds(&found),
            [
                (1, Email, "2026-10-30".into()),
                (1, Email, "2026-11-02".into()),
                (1, ThankYou, "2026-11-03".into()),
                (2, Email, "2026-11-03".into()),
                (1, Email, "2026-11-05".into()),
            ]
        );
    }

    #[test]
    fn directions_are_kept_and_only_recent_mail_you_sent_to_someone_in_to_awaits_a_reply() {
        use MailDirection::{Cc, Received, Sent};
        // No thank-you open: every message you send is an e-mail.
        let state = ScanState { thanks_open: HashMap::new(), ..state() };
        let mut m = matcher(&state);
        // Today is 2026-11-30: 10-31 is 30 days before (waits), 10-30 is 31 (does not).
        m.message(mail("a", "me@example.com", &["ada@example.com"], "2026-10-31"));
        m.message(mail("b", "me@example.com", &["ada@example.com"], "2026-10-30"));
        m.message(mail("c", "ada@example.com", &["me@example.com"], "2026-11-02"));
        m.message(mail("d", "carol@example.org", &["ada@example.com", "me@example.com"], "2026-11-03"));
        // Bob in Cc: sent, but no reply awaited from him.
        let mut cc =
            mail("e", "me@example.com", &["ada@example.com", "bob@example.com"], "2026-11-04").unwrap();
        cc.to_count = 1;
        m.message(Ok(cc));
        let found: Vec<(i64, String, Option<MailDirection>, bool)> = m
            .finish()
            .into_iter()
            .map(|f| (f.contact_id, f.source.clone(), f.direction, f.awaiting_reply))
            .collect();
        let row =
            |id: i64, source: &str, direction, waits| (id, format!("<{source}>"), Some(direction), waits);
        assert_eq!(
            found,
            [
                row(1, "b", Sent, false),
                row(1, "a", Sent, true),
                row(1, "c", Received, false),
                row(1, "d", Cc, false),
                row(1, "e", Sent, true),
                row(2, "e", Sent, false),
            ]
        );
    }

    #[test]
    fn what_was_logged_before_or_is_read_twice_is_logged_once() {
        let mut state = state();
        state.sources.insert((1, "<old>".to_string()));
        let mut m = matcher(&state);
        m.message(mail("old", "ada@example.com", &["me@example.com"], "2026-11-02"));
        m.message(mail("new", "ada@example.com", &["me@example.com"], "2026-11-03"));
        m.message(mail("new", "ada@example.com", &["me@example.com"], "2026-11-03"));
        let found = m.finish();
        assert_eq!(found.iter().map(|f| f.source.as_str()).collect::<Vec<_>>(), ["<new>"]);
        let summary = m.summary(&found, 0);
        assert_eq!((summary.messages, summary.logged, summary.skipped), (3, 1, 2));
        assert_eq!(summary.skips, Skips { already_seen: 2, ..Skips::default() });
    }

    #[test]
    fn lists_robots_strangers_others_mail_and_dates_out_of_range_log_nothing() {
        let state = state();
        let mut m = Matcher::new(
            &state,
            ["me@example.com".to_string()].into(),
            date("2026-11-30"),
            Some(date("2026-11-01")),
            utc,
        );
        let mut list = mail("a", "ada@example.com", &["me@example.com"], "2026-11-02");
        if let Ok(message) = &mut list {
            message.is_list = true;
        }
        m.message(list);
        let mut robot = mail("b", "ada@example.com", &["me@example.com"], "2026-11-02");
        if let Ok(message) = &mut robot {
            message.is_automatic = true;
        }
        m.message(robot);
        m.message(mail("c", "sam@example.org", &["me@example.com"], "2026-11-02"));
        m.message(mail("d", "ada@example.com", &["bob@example.com"], "2026-11-02"));
        m.message(mail("e", "ada@example.com", &["me@example.com"], "2026-12-01"));
        m.message(mail("f", "ada@example.com", &["me@example.com"], "2026-10-31"));
        m.message(Err(crate::error::Error::NotMail { place: "x".into() }));
        let found = m.finish();
        assert!(found.is_empty(), "{found:?}");
        let summary = m.summary(&found, 5);
        assert_eq!((summary.messages, summary.skipped, m.unreadable()), (7, 7, 1));
        // Each under the first reason that applies: the list and the robot (both
        // from a contact to you), the stranger, the mail between others, the two
        // dated after today and before --since, the unreadable one.
        assert_eq!(
            summary.skips,
            Skips {
                lists: 2,
                no_contact: 1,
                not_yours: 1,
                after_today: 1,
                before_since: 1,
                unreadable: 1,
                ..Skips::default()
            }
        );
        assert_eq!(
            summary.suggestions.iter().map(|s| s.address.as_str()).collect::<Vec<_>>(),
            ["sam@example.org"]
        );
    }

    #[test]
    fn a_meeting_needs_you_and_a_contact() {
        let state = state();
        let mut m = matcher(&state);
        let event = |uid: &str, people: &[&str]| Meeting {
            uid: uid.to_string(),
            summary: Some("Lunch".into()),
            people: people.iter().map(|p| p.to_string()).collect(),
            cancelled: false,
        };
        let on = date("2026-11-10");
        m.event(&event("with-both", &["me@example.com", "ada@example.com", "bob@example.com"]), on);
        m.event(&event("without-me", &["ada@example.com"]), on);
        m.event(&event("with-no-contact", &["me@example.com", "sam@example.org"]), on);
        m.event(
            &Meeting { cancelled: true, ..event("cancelled", &["me@example.com", "ada@example.com"]) },
            on,
        );
        let found = m.finish();
        assert_eq!(
            found.iter().map(|f| (f.contact_id, f.kind, f.source.as_str())).collect::<Vec<_>>(),
            [
                (1, InteractionKind::Meeting, "with-both 2026-11-10"),
                (2, InteractionKind::Meeting, "with-both 2026-11-10")
            ]
        );
        let summary = m.summary(&found, 0);
        assert_eq!(summary.skipped, 3);
        assert_eq!(summary.skips, Skips { without_you: 1, no_contact: 1, cancelled: 1, ..Skips::default() });
    }

    fn calendar(events: &str) -> Calendar {
        let text = format!("BEGIN:VCALENDAR\nVERSION:2.0\n{events}END:VCALENDAR\n");
        crate::formats::calendar::read(&text, "test.ics").expect("a calendar")
    }

    /// A VEVENT starting at `start` with `extra` lines and these people.
    fn vevent(uid: &str, start: &str, extra: &str, people: &[&str]) -> String {
        let people: String = people.iter().map(|p| format!("ATTENDEE:mailto:{p}\n")).collect();
        format!("BEGIN:VEVENT\nUID:{uid}\nDTSTART:{start}\n{extra}{people}END:VEVENT\n")
    }

    /// Issue 23: a recurring event's dates are asked for only when it can log something.
    #[test]
    fn r23_a_recurring_meeting_is_expanded_only_when_it_can_log_something() {
        let state = state();
        let mut m = matcher(&state);
        let both = ["me@example.com", "ada@example.com"];
        let daily = "RRULE:FREQ=DAILY\n";
        m.calendar(&calendar(
            &[
                vevent("without-you", "20200101T100000Z", daily, &["ada@example.com"]),
                vevent("no-contact", "20200101T100000Z", daily, &["me@example.com", "sam@example.org"]),
                vevent("cancelled", "20200101T100000Z", &format!("{daily}STATUS:CANCELLED\n"), &both),
                vevent("later", "20261201T100000Z", daily, &both),
                vevent("every-second", "20200101T100000Z", "RRULE:FREQ=SECONDLY\n", &both),
                vevent("weekly", "20261102T100000Z", "RRULE:FREQ=WEEKLY\n", &both),
            ]
            .concat(),
        ));
        let found = m.finish();
        assert_eq!(
            found.iter().map(|f| f.source.as_str()).collect::<Vec<_>>(),
            [
                "weekly 2026-11-02",
                "weekly 2026-11-09",
                "weekly 2026-11-16",
                "weekly 2026-11-23",
                "weekly 2026-11-30"
            ]
        );
        let summary = m.summary(&found, 0);
        assert_eq!((summary.events, summary.logged, summary.skipped), (9, 5, 4));
        assert_eq!(
            summary.skips,
            Skips { without_you: 1, no_contact: 1, cancelled: 1, too_frequent: 1, ..Skips::default() }
        );
    }

    /// An occurrence moved onto the day of another: each contact of either is logged
    /// once that day, and one without a contact hides nothing.
    #[test]
    fn a_moved_occurrence_without_a_contact_does_not_hide_the_meeting_that_day() {
        let state = state();
        let mut m = matcher(&state);
        m.calendar(&calendar(
            &[
                vevent(
                    "w",
                    "20261102T100000Z",
                    "RRULE:FREQ=WEEKLY;COUNT=3\n",
                    &["me@example.com", "ada@example.com"],
                ),
                // The 2nd moved onto the 9th, with you alone; the 16th onto the 9th, with Bob.
                vevent("w", "20261109T150000Z", "RECURRENCE-ID:20261102T100000Z\n", &["me@example.com"]),
                vevent(
                    "w",
                    "20261109T170000Z",
                    "RECURRENCE-ID:20261116T100000Z\n",
                    &["me@example.com", "bob@example.com"],
                ),
            ]
            .concat(),
        ));
        let found = m.finish();
        assert_eq!(
            found.iter().map(|f| (f.contact_id, f.source.as_str())).collect::<Vec<_>>(),
            [(1, "w 2026-11-09"), (2, "w 2026-11-09")]
        );
        let summary = m.summary(&found, 0);
        assert_eq!((summary.events, summary.skipped), (3, 1));
        assert_eq!(summary.skips, Skips { no_contact: 1, ..Skips::default() });
    }

    #[test]
    fn a_calendar_that_cannot_be_read_counts_as_one_unreadable_event() {
        let state = state();
        let mut m = matcher(&state);
        m.unreadable_calendar();
        let summary = m.summary(&[], 0);
        assert_eq!((summary.events, summary.skipped, summary.skips.unreadable), (1, 1, 1));
        assert_eq!(m.unreadable(), 0, "the warning about messages says nothing");
    }

    #[test]
    fn robots_are_never_suggested() {
        for address in ["noreply@x.com", "no-reply@x.com", "do_not_reply@x.com", "MAILER-DAEMON@x.com"] {
            assert!(is_robot(&address.to_lowercase()), "{address}");
        }
        assert!(!is_robot("noreen@x.com"));
    }

    #[test]
    fn what_was_read_counts_while_it_would_log_the_same() {
        let day = |d: &str| d.parse::<NaiveDate>().unwrap();
        let then = ScanConditions {
            mine: 7,
            changes: 3,
            since: Some(day("2026-01-01")),
            until: Some(day("2099-01-01")),
        };
        let today = day("2026-12-05");
        assert!(still_counts(&then, &then, today));
        assert!(still_counts(&then, &ScanConditions { since: Some(day("2026-06-01")), ..then }, today));
        assert!(!still_counts(&then, &ScanConditions { since: None, ..then }, today), "no --since");
        assert!(!still_counts(&then, &ScanConditions { since: Some(day("2025-01-01")), ..then }, today));
        assert!(!still_counts(&then, &ScanConditions { mine: 8, ..then }, today), "your addresses");
        assert!(!still_counts(&then, &ScanConditions { changes: 4, ..then }, today), "a contact's");
        assert!(!still_counts(&then, &then, day("2099-01-01")), "a later message's day came");
        let all = ScanConditions { since: None, ..then };
        assert!(still_counts(&all, &then, today), "everything read covers any --since");
        assert_eq!(
            addresses_hash(&["b@x".into(), "a@x".into()]),
            addresses_hash(&["a@x".into(), "b@x".into(), "a@x".into()])
        );
    }

    #[test]
    fn the_hash_is_stable() {
        assert_eq!(hash(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(hash(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
