//! The agenda: the open follow-ups that need attention by a day, read from the stored
//! ones (an indexed read: what it costs is what is due, not the size of the network).
//! Reads only; the caller brings the stored follow-ups up to date first.

use chrono::NaiveDate;

use crate::dates::LAST_DATE;
use crate::error::Result;
use crate::model::{FollowUp, FollowUpKind};
use crate::scheduler;
use crate::store::{ContactFilter, ContactOrder, Db};

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
}

/// The open follow-ups `agenda` selects that need attention by `today` + `within`
/// days, in `due`'s order (see [`scheduler::sort`]): `due`, the calendar export and
/// the tasks of `sync`.
pub fn agenda(db: &Db, today: NaiveDate, agenda: &Agenda) -> Result<Vec<FollowUp>> {
    let horizon = scheduler::horizon(today, agenda.within);
    let mut found = stored_follow_ups(db, today, horizon, &agenda.contacts)?;
    found.retain(|f| {
        agenda.kind.is_none_or(|k| f.kind == k)
            && (agenda.snoozed || scheduler::is_due(f, today, agenda.within))
    });
    scheduler::sort(&mut found);
    Ok(found)
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
