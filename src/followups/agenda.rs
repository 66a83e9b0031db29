//! The agenda: the open follow-ups that need attention by a day, read from the stored
//! ones (an indexed read: what it costs is what is due, not the size of the network),
//! most urgent first or by date. Reads only; the caller brings the stored follow-ups
//! up to date first.

use std::cmp::Reverse;

use chrono::NaiveDate;

use crate::dates::LAST_DATE;
use crate::error::Result;
use crate::model::{FollowUp, FollowUpKind};
use crate::scheduler::{self, urgency};
use crate::store::{ContactFilter, ContactOrder, Db};
use crate::text;

/// Which follow-ups an agenda lists (everyone's due today, by default).
#[derive(Debug, Clone, Default)]
pub struct Agenda {
    /// How many days after today it looks ahead (`--within`): 0 is today and what is
    /// overdue.
    pub within: u32,
    /// Only follow-ups of this kind.
    pub kind: Option<FollowUpKind>,
    /// Only the follow-ups of the contacts this selects; when it selects everyone,
    /// those that concern no one (leads nobody passed on) too.
    pub contacts: ContactFilter,
    /// Snoozed ones whose snooze ends by then too, at the end of their snooze: what
    /// needs attention by then (tasks on a phone) rather than what `due` shows.
    pub snoozed: bool,
    /// The order it is listed in.
    pub order: Order,
}

/// The order an agenda lists follow-ups in (`due --sort`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Order {
    /// Most urgent first: see [`rank`].
    #[default]
    Urgency,
    /// By due date, then contact name, kind and key (see [`scheduler::sort`]): the
    /// order before urgency, and the calendar export's, which should not change from
    /// one day to the next.
    Date,
}

/// The open follow-ups `agenda` selects that need attention by `today` + `within`
/// days, in its order: `due` (and a morning review), the calendar export (by date)
/// and the tasks of `sync` (in any order: a file each).
pub fn agenda(db: &Db, today: NaiveDate, agenda: &Agenda) -> Result<Vec<FollowUp>> {
    let horizon = scheduler::horizon(today, agenda.within);
    let mut found = stored_follow_ups(db, today, horizon, &agenda.contacts)?;
    found.retain(|f| {
        agenda.kind.is_none_or(|k| f.kind == k)
            && (agenda.snoozed || scheduler::is_due(f, today, agenda.within))
    });
    match agenda.order {
        Order::Urgency => rank(&mut found, today),
        Order::Date => scheduler::sort(&mut found),
    }
    Ok(found)
}

/// Puts follow-ups in order of urgency on `today` (DESIGN.md "Urgency"), highest
/// first; equally urgent ones by due date, then contact name (folded), then key.
/// Those not due yet have no urgency: they follow every due one, by date as
/// [`scheduler::sort`] orders them.
pub fn rank(follow_ups: &mut [FollowUp], today: NaiveDate) {
    follow_ups.sort_by_cached_key(|f| {
        let urgency = urgency::of(f, today);
        let name = f.contact.as_deref().map(text::fold);
        // The kind breaks ties by date only: among due items the key decides.
        let kind = urgency.is_none().then_some(f.kind);
        (Reverse(urgency), f.due_on, name, f.contact.clone(), kind, f.key.clone())
    });
}

/// When [`agenda`] lists nothing: the open follow-up it selects that needs attention
/// next, whenever that is (snoozed ones at the end of their snooze).
pub fn next_after(db: &Db, today: NaiveDate, agenda: &Agenda) -> Result<Option<FollowUp>> {
    let later = stored_follow_ups(db, today, LAST_DATE, &agenda.contacts)?;
    Ok(later
        .into_iter()
        .filter(|f| agenda.kind.is_none_or(|k| f.kind == k) && !scheduler::is_due(f, today, agenda.within))
        .min_by_key(FollowUp::shows_on))
}

/// Every open follow-up (due, upcoming or snoozed), in no particular order.
pub fn every_open(db: &Db, today: NaiveDate) -> Result<Vec<FollowUp>> {
    stored_follow_ups(db, today, LAST_DATE, &ContactFilter::default())
}

/// The open follow-ups that show on or before `horizon` (snoozed ones at the end of
/// their snooze): the stored ones of the contacts `filter` selects, and, when it
/// selects everyone, those that concern no one (leads nobody passed on).
fn stored_follow_ups(
    db: &Db,
    today: NaiveDate,
    horizon: NaiveDate,
    filter: &ContactFilter,
) -> Result<Vec<FollowUp>> {
    let mut found = db.stored_follow_ups(horizon)?;
    if filter.is_everyone() {
        found.extend(scheduler::unassigned(
            &db.leads_without_via()?,
            today,
            &db.settings()?,
            &db.marks_of_no_one()?,
        ));
    } else {
        let wanted: std::collections::HashSet<i64> =
            db.selected_ids(filter, ContactOrder::Added, None)?.into_iter().collect();
        found.retain(|f| f.contact_id.is_some_and(|id| wanted.contains(&id)));
    }
    found.retain(|f| f.shows_on() <= horizon);
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::Cadence;
    use crate::model::{Contact, FollowUpKey, Interaction, InteractionKind, Lead, LeadStatus, StatusChange};
    use crate::store::Store;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    /// On the 20th: Ada (tagged rust), met on the 15th, owes a thank-you due on the
    /// 17th; Bob has a reminder due on the 23rd, Cleo one due today, snoozed until the
    /// 22nd; a lead nobody passed on came in today.
    fn network() -> Store {
        let mut store = Store::open_in_memory().unwrap();
        let quiet = |name: &str| Contact {
            no_thank_you: true,
            cadence: Some(Cadence::None),
            ..Contact::new(0, name, day(1))
        };
        store
            .write(|db| {
                let ada = Contact {
                    tags: vec!["rust".into()],
                    cadence: Some(Cadence::None),
                    ..Contact::new(0, "Ada", day(1))
                };
                let ada = db.insert_contact(&ada)?;
                db.insert_interaction(&Interaction::new(0, ada, InteractionKind::Met, day(15)))?;
                let bob = db.insert_contact(&quiet("bob"))?;
                db.insert_reminder(bob, "send the slides", day(23))?;
                let cleo = db.insert_contact(&quiet("Cleo"))?;
                let reminder = db.insert_reminder(cleo, "call back", day(20))?;
                db.snooze(&FollowUpKey::Reminder(reminder.id).to_string(), day(22), Some(cleo))?;
                db.insert_lead(&Lead {
                    id: 0,
                    title: "Rust Engineer".into(),
                    company: Some("Acme".into()),
                    status: LeadStatus::Open,
                    via: Vec::new(),
                    url: None,
                    note: None,
                    created_on: day(20),
                    updated_on: day(20),
                    history: vec![StatusChange { status: LeadStatus::Open, on: day(20) }],
                })?;
                let everyone = crate::store::Touched { everyone: true, ..Default::default() };
                super::super::refresh(db, day(20), &everyone)
            })
            .unwrap();
        store
    }

    fn keys(store: &mut Store, query: &Agenda) -> Vec<String> {
        store.read(|db| agenda(db, day(20), query)).unwrap().into_iter().map(|f| f.key).collect()
    }

    #[test]
    fn the_agenda_lists_what_is_due_by_the_horizon_in_due_order() {
        let mut store = network();
        // Today: the overdue thank-you first, then the lead (no one's) of today.
        assert_eq!(keys(&mut store, &Agenda::default()), ["thank-you-1", "lead-1"]);
        // Within two days: Cleo's snoozed reminder is still hidden, Bob's not yet due.
        assert_eq!(keys(&mut store, &Agenda { within: 2, ..Agenda::default() }), ["thank-you-1", "lead-1"]);
        // Within three days: Bob's reminder too.
        let three = Agenda { within: 3, ..Agenda::default() };
        assert_eq!(keys(&mut store, &three), ["thank-you-1", "lead-1", "reminder-1"]);
        // With the snoozed ones (tasks): Cleo's, at its due date's place in the order
        // (after the lead of the same day, which concerns no one).
        let tasks = Agenda { snoozed: true, ..three.clone() };
        assert_eq!(keys(&mut store, &tasks), ["thank-you-1", "lead-1", "reminder-2", "reminder-1"]);
        // One kind.
        let reminders = Agenda { kind: Some(FollowUpKind::Reminder), ..three };
        assert_eq!(keys(&mut store, &reminders), ["reminder-1"]);
    }

    #[test]
    fn the_agenda_lists_the_most_urgent_first_or_by_date() {
        let mut store = network();
        let mut on = |d: u32, order: Order| {
            let query = Agenda { order, ..Agenda::default() };
            store
                .read(|db| agenda(db, day(d), &query))
                .unwrap()
                .into_iter()
                .map(|f| f.key)
                .collect::<Vec<_>>()
        };
        // On the 24th: the lead, 4 days late, 5 x (1 + 4/2) = 15; the thank-you, 7
        // days late, 3 x (1 + min(7/2, 3)) = 12; Cleo's reminder, back from its
        // snooze 4 days late, 3 x (1 + 4/2) = 9; Bob's, a day late, 3 x (1 + 1/2) = 4.5.
        assert_eq!(on(24, Order::Urgency), ["lead-1", "thank-you-1", "reminder-2", "reminder-1"]);
        // By date: the thank-you of the 17th, the lead (no one's) and Cleo's reminder
        // of the 20th, Bob's of the 23rd.
        assert_eq!(on(24, Order::Date), ["thank-you-1", "lead-1", "reminder-2", "reminder-1"]);
    }

    #[test]
    fn ranking_puts_the_heavier_kind_first_then_ties_by_date_name_and_key() {
        let item = |key: &str, kind: FollowUpKind, contact: &str, due: u32, scale_days: u32| FollowUp {
            key: key.into(),
            kind,
            contact_id: Some(1),
            contact: Some(contact.into()),
            due_on: day(due),
            reason: String::new(),
            snoozed_until: None,
            back_from_snooze: false,
            channel: None,
            scale_days,
        };
        let mut items = vec![
            // Not due yet: last, by date.
            item("reminder-9", FollowUpKind::Reminder, "Zoe", 25, 2),
            item("check-in-8", FollowUpKind::CheckIn, "Abe", 23, 31),
            // Due today, a lead weighs 5; a check-in 3 scales late caps at 4.
            item("check-in-1", FollowUpKind::CheckIn, "Abe", 1, 3),
            item("lead-2", FollowUpKind::Lead, "bob", 20, 2),
            // 4 = 4: a thank-you a day late on a scale of 3 ties with an outcome of
            // today; the earlier due date goes first.
            item("outcome-3-1", FollowUpKind::Outcome, "Cleo", 20, 2),
            item("thank-you-4", FollowUpKind::ThankYou, "Dan", 19, 3),
            // Same urgency, same day: by name folded (Ben before carl), then key.
            item("reminder-6", FollowUpKind::Reminder, "carl", 20, 2),
            item("reminder-5", FollowUpKind::Reminder, "Ben", 20, 2),
            item("reminder-7", FollowUpKind::Reminder, "Ben", 20, 2),
        ];
        rank(&mut items, day(20));
        let keys: Vec<&str> = items.iter().map(|f| f.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "lead-2",
                "check-in-1",
                "thank-you-4",
                "outcome-3-1",
                "reminder-5",
                "reminder-7",
                "reminder-6",
                "check-in-8",
                "reminder-9"
            ]
        );
    }

    #[test]
    fn the_agenda_of_some_contacts_leaves_out_what_concerns_no_one() {
        let mut store = network();
        let rust = Agenda {
            within: 30,
            contacts: ContactFilter { tags: vec!["rust".into()], ..ContactFilter::default() },
            ..Agenda::default()
        };
        assert_eq!(keys(&mut store, &rust), ["thank-you-1"]);
    }

    #[test]
    fn when_nothing_is_due_the_next_item_is_the_one_that_shows_first() {
        let mut store = network();
        let mut next =
            |query: &Agenda| store.read(|db| next_after(db, day(20), query)).unwrap().map(|f| f.key);
        // Cleo's reminder shows on the 22nd, at the end of its snooze; Bob's on the 23rd.
        assert_eq!(next(&Agenda::default()).as_deref(), Some("reminder-2"));
        let thanks = Agenda { kind: Some(FollowUpKind::ThankYou), ..Agenda::default() };
        assert_eq!(next(&thanks), None);
        assert_eq!(store.read(|db| every_open(db, day(20))).unwrap().len(), 4);
    }
}
