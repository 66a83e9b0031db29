//! The follow-up rules of DESIGN.md ("Scheduling rules"), as a pure function of one
//! contact's records, today and the settings. No database, no clock, no terminal:
//! everything arrives as arguments, so each rule is a table of dates in the tests.
//!
//! Each rule is one function from a contact's records to their follow-ups, so a
//! contact's follow-ups can be computed (and later stored and indexed) from that
//! contact's own records alone. Beside it stands the rule's other half: which of its
//! items interactions settled in the past, and when (what `stats` counts as kept on
//! time or late). A new rule is one more pair in `RULES`.

use chrono::{Datelike, NaiveDate};

use crate::dates::{self, Cadence, Duration, Unit, Week};
use crate::model::Marks;
use crate::model::{
    Contact, Direction, Favor, FollowUp, FollowUpKey, FollowUpKind, Interaction, InteractionKind,
    Introduction, Lead, LeadStatus, Reminder, Settings,
};
use crate::text;

pub mod reconnect;
pub mod urgency;

/// Everything the rules need to know about one contact.
#[derive(Debug, Clone, Copy)]
pub struct Records<'a> {
    pub contact: &'a Contact,
    /// The contact's interactions, oldest first.
    pub interactions: &'a [Interaction],
    /// The contact's reminders, done or not.
    pub reminders: &'a [Reminder],
    /// The people this contact introduced you to and met (rule 2).
    pub introduced: &'a [Introduction],
    /// The leads this contact passed on or helped with (rules 5, 6 and 11).
    pub leads: &'a [Lead],
    /// The favours between you and this contact (rule 7).
    pub favors: &'a [Favor],
    /// The date of the latest interaction with each contact who helped with a lead
    /// this contact owns (is the first `--via` of), by contact id: any of them moves
    /// the lead's chase (rule 11).
    pub helpers: &'a [(i64, NaiveDate)],
    /// The ISO weeks in which this contact was picked to reconnect with (DESIGN.md
    /// "Rhythm"): bookkeeping `due` stores on each week's first run.
    pub picks: &'a [Week],
}

impl<'a> Records<'a> {
    /// A contact with no records at all; fill in the ones there are.
    pub fn of(contact: &'a Contact) -> Records<'a> {
        Records {
            contact,
            interactions: &[],
            reminders: &[],
            introduced: &[],
            leads: &[],
            favors: &[],
            helpers: &[],
            picks: &[],
        }
    }
}

/// How long a birthday stays on the list before it lapses (rule 8).
const BIRTHDAY_LAPSES_AFTER: Duration = Duration { count: 30, unit: Unit::Days };

struct Rule<'a> {
    records: Records<'a>,
    today: NaiveDate,
    settings: &'a Settings,
    marks: &'a Marks,
}

/// What a rule's "settled" half reads: one contact's records and the settings (not
/// today: what was settled stays so).
struct Past<'a> {
    records: Records<'a>,
    settings: &'a Settings,
}

/// One rule in its two halves: `open` adds the follow-ups it asks for now; `settled`
/// adds those of its items that an interaction settled, with the day.
struct RuleHalves {
    open: for<'a> fn(&Rule<'a>, &mut Vec<FollowUp>),
    settled: for<'a> fn(&Past<'a>, &mut Vec<Settled>),
}

/// The rules, each with its two halves, in the order their follow-ups are listed.
const RULES: &[RuleHalves] = &[
    RuleHalves { open: thank_you, settled: thank_you_settled },
    RuleHalves { open: intro_thanks, settled: intro_thanks_settled },
    RuleHalves { open: check_in, settled: check_in_settled },
    RuleHalves { open: reminders, settled: settled_only_by_done },
    RuleHalves { open: lead, settled: settled_only_by_done },
    RuleHalves { open: outcome, settled: outcome_settled },
    RuleHalves { open: favor_thanks, settled: favor_thanks_settled },
    RuleHalves { open: birthday, settled: settled_only_by_done },
    RuleHalves { open: chase, settled: chase_settled },
    RuleHalves { open: no_reply, settled: no_reply_settled },
    RuleHalves { open: reconnect, settled: reconnect_settled },
];

/// A follow-up that was settled: its key, its due date and the day it was settled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settled {
    pub key: String,
    pub due_on: NaiveDate,
    pub settled_on: NaiveDate,
}

impl Settled {
    /// Whether it was a follow-up at all: its due date came while it was open. One
    /// settled before its due date (you were in touch early) is not counted.
    pub fn was_due(&self) -> bool {
        self.settled_on >= self.due_on
    }

    /// Whether it was settled no later than `grace` (thank-you-within) after its due
    /// date.
    pub fn on_time(&self, grace: Duration) -> bool {
        grace.after(self.due_on).is_none_or(|last| self.settled_on <= last)
    }
}

/// Every open follow-up of one contact: those due, overdue, upcoming or snoozed,
/// with completed ones left out (rule 10) and snoozes noted (rule 9). Which of them
/// to show is the caller's choice; see [`is_due`].
pub fn follow_ups(records: Records, today: NaiveDate, settings: &Settings, marks: &Marks) -> Vec<FollowUp> {
    let rule = Rule { records, today, settings, marks };
    let mut found = Vec::new();
    for halves in RULES {
        (halves.open)(&rule, &mut found);
    }
    settle(found, today, marks)
}

/// The items of one contact's rules that their interactions settled, as each rule's
/// "settled" half defines them, by due date: each meeting's thank-you, each
/// introduction's and favour's thanks, each lead outcome told, each chase answered by
/// a word with the lead's owner, and each check-in (an interaction after the
/// previous one, counted with the contact's cadence now). Items completed with `done`
/// are the completions' business; the caller merges both.
pub fn settled(records: Records, settings: &Settings) -> Vec<Settled> {
    let past = Past { records, settings };
    let mut found = Vec::new();
    for halves in RULES {
        (halves.settled)(&past, &mut found);
    }
    found.sort_by_key(|s| s.due_on);
    found
}

/// The follow-ups that concern no one: rules 5 and 11 for leads that no contact
/// passed on.
pub fn unassigned(leads: &[Lead], today: NaiveDate, settings: &Settings, marks: &Marks) -> Vec<FollowUp> {
    let mut found = Vec::new();
    for lead in leads.iter().filter(|l| l.via.is_empty()) {
        found.extend(open_lead(lead, None, today, settings));
        found.extend(open_chase(lead, None, &[], settings, marks));
    }
    settle(found, today, marks)
}

/// Leaves out completed items (rule 10) and notes snoozes (rule 9).
fn settle(mut found: Vec<FollowUp>, today: NaiveDate, marks: &Marks) -> Vec<FollowUp> {
    // Past year 9999 nothing is due in any sense that matters, and such dates could not
    // be stored as YYYY-MM-DD.
    found.retain(|f| f.due_on <= dates::LAST_DATE && !marks.is_completed(&f.key, f.due_on));
    for follow_up in &mut found {
        let snooze = marks.snoozed.get(&follow_up.key).copied();
        follow_up.snoozed_until = snooze.filter(|until| *until > today);
        follow_up.back_from_snooze = snooze.is_some_and(|until| until <= today);
    }
    found
}

/// The day after `today` on which the calendar alone changes this contact's
/// follow-ups (`found`, as [`follow_ups`] gave them): a temporary cadence ending, a
/// snooze ending, a birthday lapsing, a new year. `None` when only a change to their
/// records can. Stored follow-ups are computed again on that day.
pub fn recompute_on(records: Records, today: NaiveDate, found: &[FollowUp]) -> Option<NaiveDate> {
    let contact = records.contact;
    let mut days = Vec::new();
    if let Some(temporary) = contact.temporary_cadence.filter(|t| today <= t.until) {
        days.push(temporary.until.succ_opt());
    }
    days.extend(found.iter().map(|f| f.snoozed_until));
    // A lead item names its lateness: it reads differently each day it is open.
    let leads = found.iter().filter(|f| f.kind == FollowUpKind::Lead);
    days.extend(leads.map(|f| if f.due_on > today { Some(f.due_on) } else { today.succ_opt() }));
    // An outcome asks how the interview went from the interview's date on.
    let helped = records.leads.iter().filter(|l| l.via.contains(&contact.id));
    days.extend(helped.filter_map(Lead::latest_news).map(|news| Some(news.on)));
    // A reconnect item shows from its week's Monday and lapses at the week's end.
    for week in records.picks {
        days.push(Some(week.monday()));
        days.push(week.sunday().and_then(|sunday| sunday.succ_opt()));
    }
    if contact.birthday.is_some() {
        days.push(NaiveDate::from_ymd_opt(today.year() + 1, 1, 1));
        let lapses = found.iter().filter(|f| f.kind == FollowUpKind::Birthday);
        days.extend(lapses.map(|f| BIRTHDAY_LAPSES_AFTER.after(f.due_on)));
    }
    days.into_iter().flatten().filter(|day| *day > today).min()
}

/// The last day `within` days after `today` (`due --within`): what is due by then
/// shows; past the last date there is, that date.
pub fn horizon(today: NaiveDate, within: u32) -> NaiveDate {
    Duration { count: within, unit: Unit::Days }.after(today).unwrap_or(dates::LAST_DATE)
}

/// Whether `due` shows this follow-up today: not snoozed (rule 9), and due on or
/// before `today + within` days.
pub fn is_due(follow_up: &FollowUp, today: NaiveDate, within: u32) -> bool {
    follow_up.snoozed_until.is_none_or(|until| until <= today) && follow_up.due_on <= horizon(today, within)
}

/// The order `due` lists follow-ups in: due date, contact name (ignoring case, as
/// `list` does), kind, key.
pub fn sort(follow_ups: &mut [FollowUp]) {
    follow_ups.sort_by_cached_key(|f| {
        let name = f.contact.as_deref().map(text::fold);
        (f.due_on, name, f.contact.clone(), f.kind, f.key.clone())
    });
}

impl Rule<'_> {
    fn contact(&self) -> &Contact {
        self.records.contact
    }

    fn follow_up(&self, key: FollowUpKey, due_on: NaiveDate, reason: String) -> FollowUp {
        FollowUp {
            key: key.to_string(),
            kind: key.kind(),
            contact_id: Some(self.contact().id),
            contact: Some(self.contact().name.clone()),
            due_on,
            reason,
            snoozed_until: None,
            back_from_snooze: false,
            channel: self.contact().channel().map(str::to_string),
            scale_days: urgency::thanks_scale(self.settings.thank_you_within, due_on),
        }
    }

    fn any_on_or_after(&self, kind: Option<InteractionKind>, date: NaiveDate) -> bool {
        self.records.interactions.iter().any(|i| i.on >= date && kind.is_none_or(|k| i.kind == k))
    }

    /// A thanks item (rules 1, 2 and 7) for something that happened on `since`: due
    /// `thank-you-within` later, until a `thank-you` to this contact on or after it.
    fn thanks(&self, key: FollowUpKey, since: NaiveDate, reason: String) -> Option<FollowUp> {
        if self.any_on_or_after(Some(InteractionKind::ThankYou), since) {
            return None;
        }
        let due_on = self.settings.thank_you_within.after(since)?;
        Some(self.follow_up(key, due_on, reason))
    }

    /// Rule 1's item, if open: due on the latest meeting that starts a thank-you (see
    /// [`thanked_meetings`]) + thank-you-within, until a thank-you is logged on or
    /// after that meeting or the item is done.
    fn open_thank_you(&self) -> Option<FollowUp> {
        if self.contact().no_thank_you {
            return None;
        }
        let met = thanked_meetings(self.records.interactions, self.settings).last()?;
        let place = met.at.as_deref().map(|place| format!(" at {place}")).unwrap_or_default();
        let reason = format!("Met{place} on {}: send a thank-you note", dates::iso(met.on));
        self.thanks(FollowUpKey::ThankYou(self.contact().id), met.on, reason)
            .filter(|item| !self.marks.is_completed(&item.key, item.due_on))
    }

    /// The cadence in force today: the temporary one until its end date, else the
    /// contact's own, else the default.
    fn effective_cadence(&self) -> Cadence {
        let contact = self.contact();
        match contact.temporary_cadence {
            Some(temporary) if self.today <= temporary.until => temporary.cadence,
            _ => contact.cadence.unwrap_or(self.settings.default_cadence),
        }
    }
}

impl Past<'_> {
    /// The day of the first interaction (of `kind`, if given) on or after `since`.
    fn first_on_or_after(&self, since: NaiveDate, kind: Option<InteractionKind>) -> Option<NaiveDate> {
        let history = self.records.interactions;
        history.iter().filter(|i| i.on >= since && kind.is_none_or(|k| i.kind == k)).map(|i| i.on).min()
    }

    /// The other half of [`Rule::thanks`] (and of rule 6): the item counted from
    /// `since`, due `thank-you-within` later, was settled by the first interaction (of
    /// `kind`, if given) on or after it.
    fn settled_within(
        &self,
        key: FollowUpKey,
        since: NaiveDate,
        kind: Option<InteractionKind>,
        found: &mut Vec<Settled>,
    ) {
        let due_on = self.settings.thank_you_within.after(since);
        if let (Some(due_on), Some(settled_on)) = (due_on, self.first_on_or_after(since, kind)) {
            found.push(Settled { key: key.to_string(), due_on, settled_on });
        }
    }
}

/// The `met` interactions among `interactions` (oldest first) that start a thank-you
/// (rule 1, "Meeting again"): the first, each later one whose previous `met` is more
/// than `thank-again-after` before it, so that a regular at a monthly meetup is not
/// thanked every month, and each logged with `--thank`.
pub fn thanked_meetings<'a>(
    interactions: &'a [Interaction],
    settings: &Settings,
) -> impl Iterator<Item = &'a Interaction> {
    let mut previous: Option<NaiveDate> = None;
    let again_after = settings.thank_again_after;
    interactions.iter().filter(|i| i.kind == InteractionKind::Met).filter(move |met| {
        let starts = met.thank
            || previous.is_none_or(|before| again_after.after(before).is_some_and(|quiet| met.on > quiet));
        previous = Some(met.on);
        starts
    })
}

/// Rule 1: thank them within a few days of meeting.
fn thank_you(rule: &Rule, found: &mut Vec<FollowUp>) {
    found.extend(rule.open_thank_you());
}

/// Rule 1, settled: each meeting that started a thank-you, by the first thank-you on
/// or after it.
fn thank_you_settled(past: &Past, found: &mut Vec<Settled>) {
    let contact = past.records.contact;
    if contact.no_thank_you {
        return;
    }
    for met in thanked_meetings(past.records.interactions, past.settings) {
        past.settled_within(
            FollowUpKey::ThankYou(contact.id),
            met.on,
            Some(InteractionKind::ThankYou),
            found,
        );
    }
}

/// Rule 2: thank whoever introduced you to someone, once you have met them; the
/// item is the introducer's, counted from the introduced person's first meeting
/// (meeting them again asks nothing more of the introducer).
fn intro_thanks(rule: &Rule, found: &mut Vec<FollowUp>) {
    for introduced in rule.records.introduced {
        let reason = format!("Introduced you to {}: thank them", introduced.name);
        let key = FollowUpKey::IntroThanks(introduced.contact_id);
        found.extend(rule.thanks(key, introduced.met_on, reason));
    }
}

/// Rule 2, settled: each introduction, by the first thank-you to the introducer on or
/// after meeting the introduced person.
fn intro_thanks_settled(past: &Past, found: &mut Vec<Settled>) {
    for introduced in past.records.introduced {
        let key = FollowUpKey::IntroThanks(introduced.contact_id);
        past.settled_within(key, introduced.met_on, Some(InteractionKind::ThankYou), found);
    }
}

/// Rule 5: act on a new lead the day it comes in, while it is still `open`; the
/// item belongs to the first contact who passed it on.
fn lead(rule: &Rule, found: &mut Vec<FollowUp>) {
    let contact = rule.contact();
    let owned = rule.records.leads.iter().filter(|l| l.via.first() == Some(&contact.id));
    found.extend(owned.filter_map(|l| open_lead(l, Some(contact), rule.today, rule.settings)));
}

/// Rule 5's item for one lead, owned by `contact` (or by no one). Its reason names
/// how late it is.
fn open_lead(
    lead: &Lead,
    contact: Option<&Contact>,
    today: NaiveDate,
    settings: &Settings,
) -> Option<FollowUp> {
    if lead.status != LeadStatus::Open {
        return None;
    }
    let due_on = lead.created_on;
    let reason = match (today - due_on).num_days() {
        0 => format!("New lead {}: follow up on it today", lead.describe()),
        late @ 1.. => format!("New lead {}, {}: follow up on it", lead.describe(), overdue(late)),
        _ => format!("New lead {}: follow up on it", lead.describe()),
    };
    Some(item_for(contact, FollowUpKey::Lead(lead.id), due_on, reason, settings))
}

/// A follow-up about a lead, for `contact` (or for no one).
fn item_for(
    contact: Option<&Contact>,
    key: FollowUpKey,
    due_on: NaiveDate,
    reason: String,
    settings: &Settings,
) -> FollowUp {
    FollowUp {
        key: key.to_string(),
        kind: key.kind(),
        contact_id: contact.map(|c| c.id),
        contact: contact.map(|c| c.name.clone()),
        due_on,
        reason,
        snoozed_until: None,
        back_from_snooze: false,
        channel: contact.and_then(Contact::channel).map(str::to_string),
        scale_days: urgency::thanks_scale(settings.thank_you_within, due_on),
    }
}

/// "1 day overdue", "3 days overdue".
fn overdue(days: i64) -> String {
    if days == 1 { "1 day overdue".to_string() } else { format!("{days} days overdue") }
}

/// A date in a reason: `09-23` in the year of `of` (the item's due date, so that
/// the text does not change with today), else in full.
fn short_date(date: NaiveDate, of: NaiveDate) -> String {
    if date.year() == of.year() { date.format("%m-%d").to_string() } else { dates::iso(date) }
}

/// Rule 6: when a lead reaches an interview, an offer or a hire, or ends (rejected,
/// closed) after it was applied for, tell everyone who helped with it, within the
/// thank-you window of the change's date; the latest such change replaces the
/// earlier ones, and any interaction with them on or after it settles it. An
/// interview dated in the future asks to tell them the application got there
/// until that day, and how it went from then on.
fn outcome(rule: &Rule, found: &mut Vec<FollowUp>) {
    let contact = rule.contact();
    for lead in rule.records.leads.iter().filter(|l| l.via.contains(&contact.id)) {
        let Some(news) = lead.latest_news() else {
            continue;
        };
        if rule.any_on_or_after(None, news.on) {
            continue;
        }
        let Some(due_on) = rule.settings.thank_you_within.after(news.on) else {
            continue;
        };
        let (what, on) = (lead.describe(), short_date(news.on, due_on));
        let reason = match news.status {
            LeadStatus::Interview if rule.today < news.on => {
                format!("Your application for {what} reached an interview (on {on}): tell them, they helped")
            }
            LeadStatus::Interview => format!("Interview for {what} on {on}: tell them how it went"),
            LeadStatus::Offer => format!("You got an offer for {what} on {on}: tell them, they helped"),
            LeadStatus::Hired => format!("You were hired for {what} on {on}: tell them and thank them"),
            LeadStatus::Rejected => format!(
                "Your application for {what} was rejected on {on}: let them know, and thank them for their help"
            ),
            _ => format!("{what} closed on {on}: let them know, and thank them for their help"),
        };
        let key = FollowUpKey::Outcome { lead: lead.id, contact: contact.id };
        found.push(rule.follow_up(key, due_on, reason));
    }
}

/// Rule 6, settled: the latest news of each lead they helped with, by the first
/// interaction with them on or after it.
fn outcome_settled(past: &Past, found: &mut Vec<Settled>) {
    let contact = past.records.contact;
    for lead in past.records.leads.iter().filter(|l| l.via.contains(&contact.id)) {
        if let Some(news) = lead.latest_news() {
            past.settled_within(
                FollowUpKey::Outcome { lead: lead.id, contact: contact.id },
                news.on,
                None,
                found,
            );
        }
    }
}

/// Rule 11: a lead in `applied` with no answer is due for a chase `chase-after` after
/// the latest of the day it became applied, the last chase done and the last
/// interaction with anyone who helped with it; the item belongs to its first helper.
fn chase(rule: &Rule, found: &mut Vec<FollowUp>) {
    let contact = rule.contact();
    let mut owned = rule.records.leads.iter().filter(|l| l.via.first() == Some(&contact.id)).peekable();
    if owned.peek().is_none() {
        return;
    }
    // This contact's own interactions count, whether or not `helpers` has them.
    let own = rule.records.interactions.iter().map(|i| i.on).max().map(|on| (contact.id, on));
    let helpers: Vec<(i64, NaiveDate)> = rule.records.helpers.iter().copied().chain(own).collect();
    for lead in owned {
        found.extend(open_chase(lead, Some(contact), &helpers, rule.settings, rule.marks));
    }
}

/// Rule 11, settled: while a lead they own is applied, each interaction with them
/// settles the chase counted from the one before (or from applying). Those with its
/// other helpers move the chase too, but are counted with their own records.
fn chase_settled(past: &Past, found: &mut Vec<Settled>) {
    let (contact, history) = (past.records.contact, past.records.interactions);
    for lead in past.records.leads.iter().filter(|l| l.via.first() == Some(&contact.id)) {
        for (i, change) in lead.history.iter().enumerate().filter(|(_, c)| c.status == LeadStatus::Applied) {
            let until = lead.history.get(i + 1).map(|next| next.on);
            let mut since = change.on;
            for interaction in history.iter().filter(|h| h.on >= change.on && until.is_none_or(|u| h.on < u))
            {
                if let Some(due_on) = past.settings.chase_after.after(since) {
                    let key = FollowUpKey::Chase(lead.id).to_string();
                    found.push(Settled { key, due_on, settled_on: interaction.on });
                }
                since = interaction.on;
            }
        }
    }
}

/// Rule 11's item for one lead, owned by `contact` (or by no one); `helpers` holds
/// the latest interaction with each helper (contact id, date).
fn open_chase(
    lead: &Lead,
    contact: Option<&Contact>,
    helpers: &[(i64, NaiveDate)],
    settings: &Settings,
    marks: &Marks,
) -> Option<FollowUp> {
    let applied_on = lead.applied_on()?;
    let every = settings.chase_after;
    if every.is_zero() {
        return None;
    }
    let key = FollowUpKey::Chase(lead.id);
    let text = key.to_string();
    let in_touch = helpers.iter().filter(|(id, _)| lead.via.contains(id)).map(|(_, on)| *on).max();
    let chased = marks.last_done.get(&text).copied();
    let since = [Some(applied_on), in_touch, chased].into_iter().flatten().max().unwrap_or(applied_on);
    let mut due_on = every.after(since)?;
    // Done on the very day it counts from: the next one is a whole wait later.
    for _ in 0..MAX_CHASES_SKIPPED {
        if !marks.is_completed(&text, due_on) {
            break;
        }
        due_on = every.after(due_on)?;
    }
    let from = match &lead.company {
        Some(company) => format!("from {company}"),
        None => format!("about {}", lead.title),
    };
    let when = if since == applied_on {
        format!("since you applied on {}", short_date(applied_on, due_on))
    } else {
        format!("since {} (you applied on {})", short_date(since, due_on), short_date(applied_on, due_on))
    };
    let reason = format!("no answer {from} {when}: follow up, or ask someone there");
    Some(item_for(contact, key, due_on, reason, settings))
}

/// How many completed chases in a row [`open_chase`] steps over (each completion is
/// a day the user did it: a handful at most).
const MAX_CHASES_SKIPPED: usize = 100;

/// Rule 7: thank someone for a favour they did you, within the thank-you window.
fn favor_thanks(rule: &Rule, found: &mut Vec<FollowUp>) {
    for favor in rule.records.favors.iter().filter(|f| f.direction == Direction::Received) {
        let reason = format!("Did you a favour on {} ({}): thank them", dates::iso(favor.on), favor.what);
        found.extend(rule.thanks(FollowUpKey::FavorThanks(favor.id), favor.on, reason));
    }
}

/// Rule 7, settled: each favour received, by the first thank-you on or after it.
fn favor_thanks_settled(past: &Past, found: &mut Vec<Settled>) {
    for favor in past.records.favors.iter().filter(|f| f.direction == Direction::Received) {
        past.settled_within(
            FollowUpKey::FavorThanks(favor.id),
            favor.on,
            Some(InteractionKind::ThankYou),
            found,
        );
    }
}

/// Rule 3: check in every cadence, counted from the last interaction of any kind
/// (or from when the contact was added); never while a thank-you is open.
fn check_in(rule: &Rule, found: &mut Vec<FollowUp>) {
    let Cadence::Every(every) = rule.effective_cadence() else {
        return;
    };
    // A snoozed thank-you is still open and holds the check-in back; a done one not.
    if rule.open_thank_you().is_some() {
        return;
    }
    let contact = rule.contact();
    let (since, reason) = match rule.records.interactions.last() {
        Some(last) => (
            last.on,
            format!("Last in touch on {} ({}); check in ({every} cadence)", dates::iso(last.on), last.kind),
        ),
        None => (
            contact.created_at,
            format!(
                "No contact since you added them on {}; check in ({every} cadence)",
                dates::iso(contact.created_at)
            ),
        ),
    };
    if let Some(due_on) = every.after(since) {
        let item = rule.follow_up(FollowUpKey::CheckIn(contact.id), due_on, reason);
        found.push(FollowUp { scale_days: urgency::cadence_scale(since, due_on), ..item });
    }
}

/// Rule 3, settled: each interaction after the previous one, counted with the
/// contact's own cadence (else the default) now; after a meeting that asks for a
/// thank-you, that is what is owed, not a check-in.
fn check_in_settled(past: &Past, found: &mut Vec<Settled>) {
    let (contact, history) = (past.records.contact, past.records.interactions);
    let Cadence::Every(every) = contact.cadence.unwrap_or(past.settings.default_cadence) else {
        return;
    };
    let thanked: Vec<&Interaction> = thanked_meetings(history, past.settings).collect();
    let asks_thanks =
        |i: &Interaction| !contact.no_thank_you && thanked.iter().any(|met| std::ptr::eq(*met, i));
    for pair in history.windows(2).filter(|pair| !asks_thanks(&pair[0])) {
        if let Some(due_on) = every.after(pair[0].on) {
            let key = FollowUpKey::CheckIn(contact.id).to_string();
            found.push(Settled { key, due_on, settled_on: pair[1].on });
        }
    }
}

/// Rules 4, 5 and 8, settled: `stats` counts a reminder, a new lead or a birthday
/// only when done (the completions say when), not when a status change or an
/// interaction settled it.
fn settled_only_by_done(_: &Past, _: &mut Vec<Settled>) {}

/// Rule 4: one-off reminders, due on their date until done.
fn reminders(rule: &Rule, found: &mut Vec<FollowUp>) {
    for reminder in rule.records.reminders.iter().filter(|r| r.done_on.is_none()) {
        let reason = format!("Reminder: {}", reminder.text);
        found.push(rule.follow_up(FollowUpKey::Reminder(reminder.id), reminder.due_on, reason));
    }
}

/// Rule 8: each year's birthday, due on the day (29 February on 28 February in
/// other years) until done, an interaction on or after the day, or 30 days later.
/// Anniversaries before the contact was added are not owed.
fn birthday(rule: &Rule, found: &mut Vec<FollowUp>) {
    let contact = rule.contact();
    let Some(birthday) = contact.birthday else {
        return;
    };
    let birth_year = match birthday {
        dates::Birthday::Full(date) => Some(date.year()),
        dates::Birthday::Yearless { .. } => None,
    };
    let first_year = (rule.today.year() - 1).max(contact.created_at.year());
    for year in first_year..=rule.today.year() + 1 {
        if birth_year.is_some_and(|born| year <= born) {
            continue;
        }
        let day = birthday.occurrence_in(year);
        let lapsed = BIRTHDAY_LAPSES_AFTER.after(day).is_none_or(|lapse| rule.today >= lapse);
        let key = FollowUpKey::Birthday { contact: contact.id, year };
        let settled =
            lapsed || rule.any_on_or_after(None, day) || rule.marks.is_completed(&key.to_string(), day);
        if day < contact.created_at || settled {
            continue;
        }
        let reason = match birth_year {
            Some(born) => format!("Turns {} on {day}: send your wishes", year - born),
            None => format!("Birthday on {day}: send your wishes"),
        };
        found.push(rule.follow_up(key, day, reason));
        // One birthday at a time: the next year's comes once this one is settled.
        return;
    }
}

/// The replies rule: a message you sent that waits for a reply (scanned within 30
/// days of its date, or logged with `--awaiting-reply`) is due `no-reply-after`
/// after it was sent, until any later interaction with them (a reply, a call, a
/// meeting, or a later message you sent, which starts its own wait).
fn no_reply(rule: &Rule, found: &mut Vec<FollowUp>) {
    let history = rule.records.interactions;
    for sent in history.iter().filter(|i| i.awaiting_reply) {
        if history.iter().any(|later| later.is_after(sent)) {
            continue;
        }
        let Some(due_on) = rule.settings.no_reply_after.after(sent.on) else {
            continue;
        };
        let subject = sent.note.as_deref().map(|note| format!(" ({note})")).unwrap_or_default();
        let wrote = format!("you wrote on {}{subject} and have no reply", short_date(sent.on, due_on));
        let reason = match &rule.contact().company {
            Some(company) => format!(
                "{wrote}: follow up, or ask someone else there (netcrm path --company {})",
                shell_word(company)
            ),
            None => format!("{wrote}: follow up"),
        };
        found.push(rule.follow_up(FollowUpKey::NoReply(sent.id), due_on, reason));
    }
}

/// The replies rule, settled: each message that waited for a reply, by the first
/// interaction with them after it.
fn no_reply_settled(past: &Past, found: &mut Vec<Settled>) {
    let history = past.records.interactions;
    for sent in history.iter().filter(|i| i.awaiting_reply) {
        let first_later = history.iter().filter(|later| later.is_after(sent)).map(|i| i.on).min();
        if let (Some(due_on), Some(settled_on)) = (past.settings.no_reply_after.after(sent.on), first_later) {
            let key = FollowUpKey::NoReply(sent.id).to_string();
            found.push(Settled { key, due_on, settled_on });
        }
    }
}

/// The reconnect rule: a dormant tie picked for this ISO week (the picks are made on
/// the week's first run, from the list as of its Monday) is due on the Monday, until
/// done or any interaction with them on or after it; it lapses at the week's end (a
/// snooze past Sunday too). `reconnect-per-week` 0 hides the week's items.
fn reconnect(rule: &Rule, found: &mut Vec<FollowUp>) {
    let week = Week::of(rule.today);
    if rule.settings.reconnect_per_week == 0 || !rule.records.picks.contains(&week) {
        return;
    }
    let monday = week.monday();
    if rule.any_on_or_after(None, monday) {
        return;
    }
    let history = rule.records.interactions;
    let Some(last) = history.last() else {
        return;
    };
    let years = (monday - last.on).num_days() as f64 / 365.25;
    let reason = format!(
        "Dormant tie: last in touch on {} ({}), {years:.1} years ago, {} interactions in all: reconnect this week",
        dates::iso(last.on),
        last.kind,
        history.len()
    );
    let key = FollowUpKey::Reconnect { contact: rule.contact().id, week };
    found.push(rule.follow_up(key, monday, reason));
}

/// The reconnect rule, settled: each week's pick, by the first interaction with them
/// from its Monday to its Sunday (later, it had lapsed).
fn reconnect_settled(past: &Past, found: &mut Vec<Settled>) {
    for week in past.records.picks {
        let (monday, sunday) = (week.monday(), week.sunday().unwrap_or(dates::LAST_DATE));
        let first =
            past.records.interactions.iter().map(|i| i.on).filter(|on| (monday..=sunday).contains(on)).min();
        if let Some(settled_on) = first {
            let key = FollowUpKey::Reconnect { contact: past.records.contact.id, week: *week }.to_string();
            found.push(Settled { key, due_on: monday, settled_on });
        }
    }
}

/// `text` as one word for a shell command in a reason: quoted when it holds
/// anything but letters, digits and `.-_@`.
fn shell_word(text: &str) -> String {
    if !text.is_empty() && text.chars().all(|c| c.is_alphanumeric() || ".-_@".contains(c)) {
        text.to_string()
    } else {
        format!("\"{}\"", text.replace(['"', '\\'], ""))
    }
}

#[cfg(test)]
mod tests;
