//! Keeping the stored follow-ups equal to what the scheduler gives: recomputed for
//! the contacts a write touched, for everyone after a setting changed, and on the day
//! the calendar alone changes them. Writes only the stored follow-ups (and the
//! contacts' bookkeeping of when to compute them again); prints nothing.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::records::{ContactRecords, for_each_contact, for_each_contact_of};
use crate::error::{Error, Result};
use crate::model::{Contact, FollowUp, Marks, Settings};
use crate::scheduler::{self, Records};
use crate::store::{Db, Stored, Touched};

/// Above this many contacts, a refresh loads their records a chunk at a time rather
/// than each contact's in turn.
const LOAD_ONE_BY_ONE_UP_TO: usize = 200;

/// Recomputes and stores the follow-ups of the contacts whose records `touched`
/// names, with the introducers of those (an introduction's thanks is the
/// introducer's), the helpers of the leads it names, and the owners of the applied
/// leads those helped with (a word with any helper moves the chase); everyone's
/// after a setting changed.
pub fn refresh(db: &Db, today: NaiveDate, touched: &Touched) -> Result<()> {
    if touched.everyone {
        return recompute_everyone(db, today);
    }
    let mut ids = touched.contacts.clone();
    for lead in &touched.leads {
        ids.extend(db.lead(*lead)?.map(|l| l.via).unwrap_or_default());
    }
    // An introduction's thanks is the introducer's.
    let introducers = db.introducers_of(&ids.iter().copied().collect::<Vec<_>>())?;
    ids.extend(introducers);
    // A chase is its lead's first helper's, counted from the last word with any helper.
    let owners = db.applied_lead_owners_helped_by(&ids.iter().copied().collect::<Vec<_>>())?;
    ids.extend(owners);
    // Most of the network (a first import, a restore): clearing everything and
    // computing everyone is cheaper than replacing each one's follow-ups.
    if ids.len() > LOAD_ONE_BY_ONE_UP_TO && ids.len() * EVERYONE_PAST_ONE_IN > db.contact_count()? as usize {
        return recompute_everyone(db, today);
    }
    recompute(db, today, &ids.into_iter().collect::<Vec<_>>())
}

/// A refresh that touches more than one contact in this many computes everyone.
const EVERYONE_PAST_ONE_IN: usize = 4;

/// Recomputes and stores everyone's follow-ups (after a setting changed, an import):
/// everything stored is cleared first, so each contact costs only what it has.
fn recompute_everyone(db: &Db, today: NaiveDate) -> Result<()> {
    let settings = db.settings()?;
    let marks = db.marks(None)?;
    db.clear_follow_ups(today)?;
    for_each_contact(db, |records| {
        let found = scheduler::follow_ups(records.records(), today, &settings, &marks);
        let stored = Stored {
            recompute_on: scheduler::recompute_on(records.records(), today, &found),
            computed_on: today,
            last_contact: records.interactions.iter().map(|i| i.on).max(),
        };
        db.add_follow_ups(records.contact.id, &found, stored, false)
    })
}

/// What the follow-ups of contacts that have no records but their row (those an
/// import adds, into an empty database or a large network) are computed with.
pub struct Alone {
    settings: Settings,
    marks: Marks,
}

impl Alone {
    pub fn load(db: &Db) -> Result<Alone> {
        Ok(Alone { settings: db.settings()?, marks: db.marks(None)? })
    }

    /// Stores the follow-ups of `contact`, which has no interactions, reminders,
    /// introductions, leads or favours, as recomputing them would: the import that
    /// adds it need not recompute everyone afterwards. `again`: it was stored before
    /// (a later card of the same file changed it).
    pub fn store(&self, db: &Db, contact: &Contact, today: NaiveDate, again: bool) -> Result<()> {
        let records = Records::of(contact);
        let found = scheduler::follow_ups(records, today, &self.settings, &self.marks);
        let stored = Stored {
            recompute_on: scheduler::recompute_on(records, today, &found),
            computed_on: today,
            last_contact: None,
        };
        // A new row counts as computed on the day it was created.
        if again || contact.created_at != today {
            db.store_follow_ups(contact.id, &found, stored)
        } else {
            db.add_follow_ups(contact.id, &found, stored, false)
        }
    }
}

/// Brings the stored follow-ups up to date for `today`: those of the contacts whose
/// day has come (or that were never computed). Returns how many were recomputed.
pub fn refresh_stale(db: &Db, today: NaiveDate) -> Result<usize> {
    let stale = db.stale_contacts(today)?;
    recompute(db, today, &stale)?;
    Ok(stale.len())
}

/// Runs the scheduler for these contacts (those that still exist) and stores what it
/// finds.
fn recompute(db: &Db, today: NaiveDate, ids: &[i64]) -> Result<()> {
    if ids.is_empty() {
        return Ok(());
    }
    let settings = db.settings()?;
    let store = |records: &ContactRecords, marks: &Marks| -> Result<()> {
        let found = scheduler::follow_ups(records.records(), today, &settings, marks);
        let stored = Stored {
            recompute_on: scheduler::recompute_on(records.records(), today, &found),
            computed_on: today,
            last_contact: records.interactions.iter().map(|i| i.on).max(),
        };
        db.store_follow_ups(records.contact.id, &found, stored)
    };
    if ids.len() <= LOAD_ONE_BY_ONE_UP_TO {
        for &id in ids {
            match ContactRecords::load(db, id) {
                Ok(records) => store(&records, &db.marks(Some(id))?)?,
                Err(Error::ContactNotFound { .. }) => {}
                Err(error) => return Err(error),
            }
        }
        return Ok(());
    }
    let marks = db.marks(None)?;
    for_each_contact_of(db, ids, |records| store(records, &marks))
}

/// Every contact's open follow-ups computed from scratch, and each contact's latest
/// interaction: what the stored ones must equal (`doctor` checks it). A chunk of
/// contacts at a time: only what is computed is kept.
pub fn recomputed(db: &Db, today: NaiveDate) -> Result<(Vec<FollowUp>, HashMap<i64, NaiveDate>)> {
    let settings = db.settings()?;
    let marks = db.marks(None)?;
    let mut found = Vec::new();
    let mut last = HashMap::new();
    for_each_contact(db, |records| {
        found.extend(scheduler::follow_ups(records.records(), today, &settings, &marks));
        if let Some(on) = records.interactions.iter().map(|i| i.on).max() {
            last.insert(records.contact.id, on);
        }
        Ok(())
    })?;
    Ok((found, last))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Interaction, InteractionKind};
    use crate::store::Store;

    /// A refresh of a few hundred contacts (an import into a larger network) loads
    /// them a chunk at a time, with their introducers: here 230 of 1,000, three of
    /// whom Ada introduced and met yesterday, while Ada herself is not among them.
    #[test]
    fn a_refresh_of_hundreds_recomputes_them_and_their_introducers() {
        let mut store = Store::open_in_memory().unwrap();
        let day = |d: u32| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
        let quiet = |name: String, introduced_by: Option<i64>| Contact {
            no_thank_you: true,
            cadence: Some(crate::dates::Cadence::None),
            introduced_by,
            ..Contact::new(0, name, day(1))
        };
        store
            .write(|db| {
                let ada = db.insert_contact(&quiet("Ada Lovelace".into(), None))?;
                for n in 0..999 {
                    let id = db.insert_contact(&quiet(format!("Person {n}"), (n < 3).then_some(ada)))?;
                    if n < 3 {
                        db.insert_interaction(&Interaction::new(0, id, InteractionKind::Met, day(19)))?;
                    }
                }
                Ok(())
            })
            .unwrap();
        let touched = Touched { contacts: (2..=231).collect(), ..Touched::default() };
        store.write(|db| refresh(db, day(20), &touched)).unwrap();
        let (stored, fresh) = store
            .read(|db| Ok((db.stored_follow_ups(crate::dates::LAST_DATE)?, recomputed(db, day(20))?.0)))
            .unwrap();
        let keys = |list: Vec<FollowUp>| {
            let mut keys: Vec<String> = list
                .into_iter()
                .filter(|f| f.contact_id.is_some_and(|id| id <= 231))
                .map(|f| f.key)
                .collect();
            keys.sort();
            keys
        };
        assert_eq!(keys(fresh), ["intro-thanks-2", "intro-thanks-3", "intro-thanks-4"]);
        assert_eq!(keys(stored), ["intro-thanks-2", "intro-thanks-3", "intro-thanks-4"]);
    }
}
