//! What `stats` counts, as pure functions of the records: which follow-ups were
//! kept by the interactions that settle them (and when), whether on time, and
//! interactions per month. No database, clock or terminal.

use chrono::{Datelike, Months, NaiveDate};

use crate::dates::{Cadence, Duration};
use crate::model::{Direction, FollowUpKey, InteractionKind, LeadStatus, Settings};
use crate::scheduler::{self, Records};

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

/// The follow-ups of one contact that their interactions settled, as the rules
/// define them: each meeting's thank-you, each introduction's and favour's thanks,
/// each lead outcome told, and each check-in (an interaction after the previous one,
/// counted with the contact's cadence now). Items completed with `done` are the
/// completions' business; the caller merges both.
pub fn settled(records: Records, settings: &Settings) -> Vec<Settled> {
    let contact = records.contact;
    let history = records.interactions;
    let first_on_or_after = |since: NaiveDate, kind: Option<InteractionKind>| {
        history.iter().filter(|i| i.on >= since && kind.is_none_or(|k| i.kind == k)).map(|i| i.on).min()
    };
    let within = settings.thank_you_within;
    let mut found = Vec::new();
    let mut push = |key: FollowUpKey, since: NaiveDate, kind: Option<InteractionKind>| {
        if let (Some(due_on), Some(settled_on)) = (within.after(since), first_on_or_after(since, kind)) {
            found.push(Settled { key: key.to_string(), due_on, settled_on });
        }
    };
    let thank_you = Some(InteractionKind::ThankYou);
    let thanked: Vec<&crate::model::Interaction> = scheduler::thanked_meetings(history, settings).collect();
    if !contact.no_thank_you {
        for met in &thanked {
            push(FollowUpKey::ThankYou(contact.id), met.on, thank_you);
        }
    }
    for introduced in records.introduced {
        push(FollowUpKey::IntroThanks(introduced.contact_id), introduced.met_on, thank_you);
    }
    for favor in records.favors.iter().filter(|f| f.direction == Direction::Received) {
        push(FollowUpKey::FavorThanks(favor.id), favor.on, thank_you);
    }
    for lead in records.leads.iter().filter(|l| l.via.contains(&contact.id)) {
        if let Some(step) = lead.latest_news() {
            push(FollowUpKey::Outcome { lead: lead.id, contact: contact.id }, step.on, None);
        }
    }
    // Rule 11: while a lead they own is applied, each interaction with them settles
    // the chase counted from the one before (or from applying). Those with its other
    // helpers move the chase too, but are counted with their own records.
    for lead in records.leads.iter().filter(|l| l.via.first() == Some(&contact.id)) {
        for (i, change) in lead.history.iter().enumerate().filter(|(_, c)| c.status == LeadStatus::Applied) {
            let until = lead.history.get(i + 1).map(|next| next.on);
            let mut since = change.on;
            for interaction in history.iter().filter(|h| h.on >= change.on && until.is_none_or(|u| h.on < u))
            {
                if let Some(due_on) = settings.chase_after.after(since) {
                    let key = FollowUpKey::Chase(lead.id).to_string();
                    found.push(Settled { key, due_on, settled_on: interaction.on });
                }
                since = interaction.on;
            }
        }
    }
    let cadence = contact.cadence.unwrap_or(settings.default_cadence);
    if let Cadence::Every(every) = cadence {
        // After a meeting that asks for a thank-you, that is what is owed, not a
        // check-in.
        let asks_thanks = |i: &crate::model::Interaction| {
            !contact.no_thank_you && thanked.iter().any(|met| std::ptr::eq(*met, i))
        };
        for pair in history.windows(2).filter(|pair| !asks_thanks(&pair[0])) {
            if let Some(due_on) = every.after(pair[0].on) {
                let key = FollowUpKey::CheckIn(contact.id).to_string();
                found.push(Settled { key, due_on, settled_on: pair[1].on });
            }
        }
    }
    found
}

/// Interactions per month for the twelve months up to and including `today`'s,
/// counted a date at a time (the dates need not be kept), from the month of the
/// first record on: a network started in September has no empty months before.
pub struct PerMonth {
    first: NaiveDate,
    today: NaiveDate,
    counts: [usize; 12],
    /// The earliest record seen (an interaction, a contact added).
    first_record: Option<NaiveDate>,
}

impl PerMonth {
    pub fn new(today: NaiveDate) -> PerMonth {
        let this_month = today.with_day(1).unwrap_or(today);
        let first = this_month.checked_sub_months(Months::new(11)).unwrap_or(NaiveDate::MIN);
        PerMonth { first, today, counts: [0; 12], first_record: None }
    }

    /// Notes a record dated `date` (a contact added) without counting it: the chart
    /// starts at the month of the first record.
    pub fn note(&mut self, date: NaiveDate) {
        self.first_record = Some(self.first_record.map_or(date, |first| first.min(date)));
    }

    /// Counts an interaction on `date` if it falls in the twelve months.
    pub fn add(&mut self, date: NaiveDate) {
        self.note(date);
        if date < self.first || date > self.today {
            return;
        }
        let first = self.first;
        let index = (date.year() - first.year()) * 12 + date.month() as i32 - first.month() as i32;
        if let Some(count) = usize::try_from(index).ok().and_then(|i| self.counts.get_mut(i)) {
            *count += 1;
        }
    }

    /// (`YYYY-MM`, count) for each month from the first record's (at most twelve,
    /// this month's at least), oldest first.
    pub fn counts(&self) -> Vec<(String, usize)> {
        let start = self.first_record.map_or(11, |first| {
            let months =
                (first.year() - self.first.year()) * 12 + first.month() as i32 - self.first.month() as i32;
            u32::try_from(months).unwrap_or(0).min(11)
        });
        (start..12u32)
            .map(|i| {
                let month = self.first.checked_add_months(Months::new(i)).unwrap_or(self.first);
                (month.format("%Y-%m").to_string(), self.counts[i as usize])
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates;
    use crate::model::LeadStatus;
    use crate::model::{Contact, Favor, Interaction, Introduction, Lead, StatusChange};

    fn date(text: &str) -> NaiveDate {
        dates::parse_iso_date(text).unwrap()
    }

    fn interaction(kind: InteractionKind, on: &str) -> Interaction {
        Interaction::new(0, 1, kind, date(on))
    }

    /// (key, due on, settled on) of each.
    fn keys(found: &[Settled]) -> Vec<(&str, String, String)> {
        found.iter().map(|s| (s.key.as_str(), s.due_on.to_string(), s.settled_on.to_string())).collect()
    }

    #[test]
    fn an_item_counts_once_due_and_is_on_time_until_thank_you_within_after() {
        let ada = Contact::new(1, "Ada", date("2026-01-01"));
        let within = Settings::default().thank_you_within;
        // Met on 03-01, so the thank-you is due on 03-03. (thanked on, counted, on time)
        for (thanked, counted, on_time) in [
            ("2026-03-01", false, true),
            ("2026-03-02", false, true),
            ("2026-03-03", true, true),
            ("2026-03-05", true, true),
            ("2026-03-06", true, false),
        ] {
            let history = [
                interaction(InteractionKind::Met, "2026-03-01"),
                interaction(InteractionKind::ThankYou, thanked),
            ];
            let found =
                settled(Records { interactions: &history, ..Records::of(&ada) }, &Settings::default());
            let item = &found[0];
            assert_eq!((item.key.as_str(), item.due_on), ("thank-you-1", date("2026-03-03")));
            assert_eq!((item.was_due(), item.on_time(within)), (counted, on_time), "thanked {thanked}");
        }
    }

    #[test]
    fn a_regular_met_again_soon_owes_one_thank_you() {
        let ada = Contact::new(1, "Ada", date("2026-01-01"));
        let history = [
            interaction(InteractionKind::Met, "2026-03-01"),
            interaction(InteractionKind::ThankYou, "2026-03-02"),
            interaction(InteractionKind::Met, "2026-04-01"),
            interaction(InteractionKind::ThankYou, "2026-04-02"),
        ];
        let found = settled(Records { interactions: &history, ..Records::of(&ada) }, &Settings::default());
        let thanks: Vec<_> = keys(&found).into_iter().filter(|k| k.0 == "thank-you-1").collect();
        assert_eq!(thanks, [("thank-you-1", "2026-03-03".to_string(), "2026-03-02".to_string())]);
    }

    #[test]
    fn an_open_thank_you_is_not_settled() {
        let ada = Contact::new(1, "Ada", date("2026-01-01"));
        let history = [interaction(InteractionKind::Met, "2026-03-01")];
        assert!(
            settled(Records { interactions: &history, ..Records::of(&ada) }, &Settings::default()).is_empty()
        );
    }

    #[test]
    fn check_ins_count_each_interaction_after_the_previous_one_with_the_cadence() {
        let ada = Contact::new(1, "Ada", date("2026-01-01"));
        let history = [
            interaction(InteractionKind::Met, "2026-01-01"),
            interaction(InteractionKind::ThankYou, "2026-01-02"),
            interaction(InteractionKind::Call, "2026-02-01"),
            interaction(InteractionKind::Email, "2026-04-01"),
        ];
        let found = settled(Records { interactions: &history, ..Records::of(&ada) }, &Settings::default());
        assert_eq!(
            keys(&found),
            [
                ("thank-you-1", "2026-01-03".to_string(), "2026-01-02".to_string()),
                ("check-in-1", "2026-02-02".to_string(), "2026-02-01".to_string()),
                ("check-in-1", "2026-03-01".to_string(), "2026-04-01".to_string()),
            ]
        );
    }

    #[test]
    fn introductions_favours_and_outcomes_are_settled_by_the_right_interaction() {
        let ada = Contact { cadence: Some(Cadence::None), ..Contact::new(1, "Ada", date("2026-01-01")) };
        let introduced = [Introduction { contact_id: 2, name: "Bob".into(), met_on: date("2026-03-01") }];
        let favors = [Favor {
            id: 7,
            contact_id: 1,
            direction: Direction::Received,
            what: "a referral".into(),
            on: date("2026-03-10"),
        }];
        let leads = [Lead {
            id: 3,
            title: "Rust Engineer".into(),
            company: None,
            status: LeadStatus::Interview,
            via: vec![1],
            url: None,
            note: None,
            created_on: date("2026-03-05"),
            updated_on: date("2026-03-20"),
            history: vec![
                StatusChange { status: LeadStatus::Open, on: date("2026-03-05") },
                StatusChange { status: LeadStatus::Interview, on: date("2026-03-20") },
            ],
        }];
        let history = [
            interaction(InteractionKind::ThankYou, "2026-03-02"),
            interaction(InteractionKind::ThankYou, "2026-03-15"),
            interaction(InteractionKind::Call, "2026-03-21"),
        ];
        let records = Records {
            interactions: &history,
            introduced: &introduced,
            leads: &leads,
            favors: &favors,
            ..Records::of(&ada)
        };
        assert_eq!(
            keys(&settled(records, &Settings::default())),
            [
                ("intro-thanks-2", "2026-03-03".to_string(), "2026-03-02".to_string()),
                ("favor-thanks-7", "2026-03-12".to_string(), "2026-03-15".to_string()),
                ("outcome-3-1", "2026-03-22".to_string(), "2026-03-21".to_string()),
            ]
        );
    }

    #[test]
    fn a_chase_is_settled_by_each_interaction_with_its_owner_while_the_lead_is_applied() {
        let bob = Contact { cadence: Some(Cadence::None), ..Contact::new(1, "Bob", date("2026-01-01")) };
        let change = |status, on| StatusChange { status, on: date(on) };
        let leads = [Lead {
            id: 4,
            title: "Rust Engineer".into(),
            company: Some("Acme".into()),
            status: LeadStatus::Interview,
            via: vec![1],
            url: None,
            note: None,
            created_on: date("2026-09-20"),
            updated_on: date("2026-10-20"),
            history: vec![
                change(LeadStatus::Open, "2026-09-20"),
                change(LeadStatus::Applied, "2026-09-23"),
                change(LeadStatus::Interview, "2026-10-20"),
            ],
        }];
        let history = [
            interaction(InteractionKind::Call, "2026-09-21"),
            interaction(InteractionKind::Message, "2026-10-02"),
            interaction(InteractionKind::Message, "2026-10-12"),
            interaction(InteractionKind::Call, "2026-10-21"),
        ];
        let records = Records { interactions: &history, leads: &leads, ..Records::of(&bob) };
        let found = settled(records, &Settings::default());
        let chases: Vec<_> = keys(&found).into_iter().filter(|k| k.0 == "chase-4").collect();
        // Before applying and after the interview, nothing was chased.
        assert_eq!(
            chases,
            [
                ("chase-4", "2026-09-30".to_string(), "2026-10-02".to_string()),
                ("chase-4", "2026-10-09".to_string(), "2026-10-12".to_string())
            ]
        );
    }

    #[test]
    fn interactions_per_month_cover_twelve_months_up_to_today() {
        let dates =
            ["2025-11-30", "2025-12-01", "2025-12-31", "2026-06-15", "2026-11-22", "2026-11-23"].map(date);
        let mut months = PerMonth::new(date("2026-11-22"));
        for day in dates {
            months.add(day);
        }
        let months = months.counts();
        assert_eq!(months.len(), 12);
        assert_eq!(months[0], ("2025-12".to_string(), 2));
        assert_eq!(months[6], ("2026-06".to_string(), 1));
        assert_eq!(months[11], ("2026-11".to_string(), 1));
        assert_eq!(months.iter().map(|(_, n)| n).sum::<usize>(), 4);
    }

    #[test]
    fn interactions_per_month_start_at_the_month_of_the_first_record() {
        let mut months = PerMonth::new(date("2026-11-22"));
        months.note(date("2026-09-30"));
        months.add(date("2026-10-02"));
        months.add(date("2026-11-01"));
        assert_eq!(
            months.counts(),
            [("2026-09".to_string(), 0), ("2026-10".to_string(), 1), ("2026-11".to_string(), 1)]
        );
        // A first record older than the twelve months: twelve months.
        months.add(date("2020-01-01"));
        assert_eq!(months.counts().len(), 12);
        // No record yet: this month alone.
        assert_eq!(PerMonth::new(date("2026-11-22")).counts(), [("2026-11".to_string(), 0)]);
        // A record dated after today (a contact added by a clock set ahead).
        let mut months = PerMonth::new(date("2026-11-22"));
        months.note(date("2027-01-01"));
        assert_eq!(months.counts(), [("2026-11".to_string(), 0)]);
    }
}
