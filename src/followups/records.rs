//! Loading a contact's records and running the scheduler over them, and keeping the
//! stored follow-ups equal to what it gives (recomputed for the contacts a write
//! touched, and on the day the calendar changes them). Prints nothing.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::error::{Error, Result};
use crate::model::{
    Contact, Favor, FollowUp, FollowUpKey, Interaction, Introduction, KeyOwner, Lead, Marks, Reminder,
    Settings,
};
use crate::output::Summary;
use crate::scheduler::{self, Records};
use crate::store::{ContactFilter, ContactOrder, Db, Stored, Touched};

/// One contact with everything the scheduler reads about them.
pub struct ContactRecords {
    pub contact: Contact,
    /// Oldest first.
    pub interactions: Vec<Interaction>,
    pub reminders: Vec<Reminder>,
    /// The people they introduced you to and whom you met.
    pub introduced: Vec<Introduction>,
    /// The leads they helped with.
    pub leads: Vec<Lead>,
    /// Oldest first.
    pub favors: Vec<Favor>,
    /// The latest interaction with each helper of the leads they own (rule 11).
    pub helpers: Vec<(i64, NaiveDate)>,
}

impl ContactRecords {
    pub fn load(db: &Db, id: i64) -> Result<ContactRecords> {
        let contact = load_contact(db, id)?;
        let leads = db.leads_via(id)?;
        let helpers = latest_with_helpers(db, leads.iter().filter(|l| l.via.first() == Some(&id)))?
            .into_iter()
            .collect();
        Ok(ContactRecords {
            contact,
            interactions: db.interactions_of(id)?,
            reminders: db.reminders_of(id)?,
            introduced: db.introductions(Some(id))?.remove(&id).unwrap_or_default(),
            leads,
            favors: db.favors_of(id)?,
            helpers,
        })
    }

    pub fn records(&self) -> Records<'_> {
        Records {
            contact: &self.contact,
            interactions: &self.interactions,
            reminders: &self.reminders,
            introduced: &self.introduced,
            leads: &self.leads,
            favors: &self.favors,
            helpers: &self.helpers,
        }
    }

    /// Every open follow-up of this contact (due, upcoming or snoozed).
    pub fn follow_ups(&self, db: &Db, today: NaiveDate) -> Result<Vec<FollowUp>> {
        Ok(scheduler::follow_ups(self.records(), today, &db.settings()?, &db.marks(Some(self.contact.id))?))
    }
}

/// The latest interaction with each helper of these leads, for those in `applied`
/// (the only ones rule 11 reads it for).
fn latest_with_helpers<'l>(
    db: &Db,
    leads: impl Iterator<Item = &'l Lead>,
) -> Result<HashMap<i64, NaiveDate>> {
    let mut ids: Vec<i64> = leads.filter(|l| l.applied_on().is_some()).flat_map(|l| l.via.clone()).collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    ids.sort_unstable();
    ids.dedup();
    db.latest_interactions(&ids)
}

/// The contact with this id, which must exist.
pub fn load_contact(db: &Db, id: i64) -> Result<Contact> {
    db.contact(id)?.ok_or_else(|| Error::ContactNotFound { query: format!("#{id}"), candidates: Vec::new() })
}

/// Runs `f` over every contact with all their records, [`CHUNK`] contacts at a time,
/// so that memory does not grow with their number (but for the leads, favours,
/// reminders and introductions, which are few).
pub fn for_each_contact(db: &Db, f: impl FnMut(&ContactRecords) -> Result<()>) -> Result<()> {
    for_each_contact_by(db, CHUNK, f)
}

fn for_each_contact_by(db: &Db, chunk: usize, f: impl FnMut(&ContactRecords) -> Result<()>) -> Result<()> {
    let ids = db.contact_ids()?;
    for_each_chunk(db, ids.chunks(chunk), f, |ids| {
        let (first, last) = (ids[0], ids[ids.len() - 1]);
        Ok((db.contacts_between(first, last)?, db.interactions_between(first, last)?))
    })
}

/// Runs `f` over the contacts with these ids (those that exist), with all their
/// records, [`CHUNK`] at a time: what recomputing some of a network costs is theirs.
fn for_each_contact_of(db: &Db, ids: &[i64], f: impl FnMut(&ContactRecords) -> Result<()>) -> Result<()> {
    for_each_chunk(db, ids.chunks(CHUNK), f, |ids| Ok((db.contacts_by_id(ids)?, db.histories_of(ids)?)))
}

/// Runs `f` over the contacts of each chunk of ids, with all their records: `load`
/// reads a chunk's contacts and their histories, the other records are read once.
fn for_each_chunk<'i>(
    db: &Db,
    chunks: impl Iterator<Item = &'i [i64]>,
    mut f: impl FnMut(&ContactRecords) -> Result<()>,
    load: impl Fn(&[i64]) -> Result<(Vec<Contact>, HashMap<i64, Vec<Interaction>>)>,
) -> Result<()> {
    let mut others = OtherRecords::load(db)?;
    for ids in chunks {
        let (contacts, histories) = load(ids)?;
        for records in &others.with(contacts, histories) {
            f(records)?;
        }
    }
    Ok(())
}

/// How many contacts [`for_each_contact`] loads at a time.
const CHUNK: usize = 5000;

/// The records of everyone but their contact rows and interactions, by contact id.
struct OtherRecords {
    reminders: HashMap<i64, Vec<Reminder>>,
    introduced: HashMap<i64, Vec<Introduction>>,
    leads: HashMap<i64, Vec<Lead>>,
    favors: HashMap<i64, Vec<Favor>>,
    /// By the contact who owns the leads (their first helper).
    helpers: HashMap<i64, Vec<(i64, NaiveDate)>>,
}

impl OtherRecords {
    fn load(db: &Db) -> Result<OtherRecords> {
        let all = db.leads()?;
        let latest = latest_with_helpers(db, all.iter())?;
        let mut helpers: HashMap<i64, Vec<(i64, NaiveDate)>> = HashMap::new();
        for lead in all.iter().filter(|l| l.applied_on().is_some()) {
            if let Some(owner) = lead.via.first() {
                let dates = lead.via.iter().filter_map(|id| latest.get(id).map(|on| (*id, *on)));
                helpers.entry(*owner).or_default().extend(dates);
            }
        }
        let mut leads: HashMap<i64, Vec<Lead>> = HashMap::new();
        for lead in all {
            for contact_id in &lead.via {
                leads.entry(*contact_id).or_default().push(lead.clone());
            }
        }
        let mut favors: HashMap<i64, Vec<Favor>> = HashMap::new();
        for favor in db.favors()? {
            favors.entry(favor.contact_id).or_default().push(favor);
        }
        Ok(OtherRecords {
            reminders: db.open_reminders()?,
            introduced: db.introductions(None)?,
            leads,
            favors,
            helpers,
        })
    }

    /// These contacts with their records (taken out of `self`).
    fn with(
        &mut self,
        contacts: Vec<Contact>,
        mut interactions: HashMap<i64, Vec<Interaction>>,
    ) -> Vec<ContactRecords> {
        contacts
            .into_iter()
            .map(|contact| {
                let id = contact.id;
                ContactRecords {
                    contact,
                    interactions: interactions.remove(&id).unwrap_or_default(),
                    reminders: self.reminders.remove(&id).unwrap_or_default(),
                    introduced: self.introduced.remove(&id).unwrap_or_default(),
                    leads: self.leads.remove(&id).unwrap_or_default(),
                    favors: self.favors.remove(&id).unwrap_or_default(),
                    helpers: self.helpers.remove(&id).unwrap_or_default(),
                }
            })
            .collect()
    }
}

/// The open follow-ups that show on or before `horizon` (snoozed ones at the end of
/// their snooze): the stored ones of the contacts `filter` selects, and, when it
/// selects everyone, those that concern no one (leads nobody passed on).
pub fn stored_follow_ups(
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
/// import into an empty database adds) are computed with.
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

/// A contact's last contact and next follow-up (the earliest open one, snoozed ones
/// at their snooze date).
pub fn summary(interactions: &[Interaction], follow_ups: &[FollowUp]) -> Summary {
    Summary {
        last_contact: interactions.iter().map(|i| i.on).max(),
        next_follow_up: follow_ups.iter().map(FollowUp::shows_on).min(),
    }
}

/// Loads one contact with its summary.
pub fn contact_with_summary(db: &Db, id: i64, today: NaiveDate) -> Result<(Contact, Summary)> {
    let records = ContactRecords::load(db, id)?;
    let follow_ups = records.follow_ups(db, today)?;
    let summary = summary(&records.interactions, &follow_ups);
    Ok((records.contact, summary))
}

/// The open follow-up with this key (upcoming or snoozed ones too), with the
/// records of the contact it concerns (`None` for a lead nobody passed on).
pub fn find_open(db: &Db, key: &str, today: NaiveDate) -> Result<(FollowUp, Option<ContactRecords>)> {
    let key = key.trim();
    let not_found = || Error::NoSuchFollowUp { key: key.to_string() };
    let (follow_ups, records) = match key_owner(db, key)? {
        Owner::Unknown => return Err(not_found()),
        Owner::Nobody => {
            let (leads, settings) = (db.leads_without_via()?, db.settings()?);
            (scheduler::unassigned(&leads, today, &settings, &db.marks_of_no_one()?), None)
        }
        Owner::Contact(id) => {
            let records = match ContactRecords::load(db, id) {
                Err(Error::ContactNotFound { .. }) => return Err(not_found()),
                loaded => loaded?,
            };
            (records.follow_ups(db, today)?, Some(records))
        }
    };
    let follow_up = follow_ups.into_iter().find(|f| f.key == key).ok_or_else(not_found)?;
    Ok((follow_up, records))
}

/// Whose follow-up a key is.
pub enum Owner {
    Contact(i64),
    /// A lead that no contact passed on.
    Nobody,
    /// No such record, or a key of no known form.
    Unknown,
}

/// Whose follow-up a key is, read from the key and the records it names (see
/// DESIGN.md's list of keys).
pub fn key_owner(db: &Db, key: &str) -> Result<Owner> {
    let Ok(key) = key.parse::<FollowUpKey>() else {
        return Ok(Owner::Unknown);
    };
    let owner = |id: Option<i64>| id.map_or(Owner::Unknown, Owner::Contact);
    Ok(match key.owner() {
        KeyOwner::Contact(id) => Owner::Contact(id),
        KeyOwner::OfReminder(id) => owner(db.reminder(id)?.map(|r| r.contact_id)),
        KeyOwner::IntroducerOf(id) => owner(db.contact(id)?.and_then(|c| c.introduced_by)),
        KeyOwner::OfFavor(id) => owner(db.favor(id)?.map(|f| f.contact_id)),
        KeyOwner::OfLead(id) => match db.lead(id)? {
            Some(lead) => lead.via.first().map_or(Owner::Nobody, |id| Owner::Contact(*id)),
            None => Owner::Unknown,
        },
    })
}

/// The contact whose rows hold a key's marks (completions, snoozes): its owner, or
/// no one for leads and chases, whose items move to another contact when their
/// first helper is removed and must keep their marks.
pub fn marks_owner(db: &Db, key: &str) -> Result<Option<i64>> {
    if key.parse::<FollowUpKey>().is_ok_and(|key| key.marks_kept_by_lead().is_some()) {
        return Ok(None);
    }
    Ok(match key_owner(db, key)? {
        Owner::Contact(id) if db.contact(id)?.is_some() => Some(id),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Direction, InteractionKind};
    use crate::store::Store;

    /// Chunk by chunk, every contact comes once, by id, with exactly their records.
    #[test]
    fn contacts_loaded_in_chunks_have_the_records_of_loading_everyone_at_once() {
        let mut store = Store::open_in_memory().unwrap();
        let day = |d: u32| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
        store
            .write(|db| {
                for n in 1..=7 {
                    let id = db.insert_contact(&Contact::new(0, format!("Person {n}"), day(1)))?;
                    for k in 0..n % 3 {
                        db.insert_interaction(&Interaction::new(
                            0,
                            id,
                            InteractionKind::Call,
                            day(2 + k as u32),
                        ))?;
                    }
                    if n % 2 == 0 {
                        db.insert_favor(&Favor {
                            id: 0,
                            contact_id: id,
                            direction: Direction::Received,
                            what: "a referral".into(),
                            on: day(3),
                        })?;
                    }
                }
                db.delete_contact(4)
            })
            .unwrap();
        let mut load = |chunk: usize| {
            store
                .read(|db| {
                    let mut loaded = Vec::new();
                    for_each_contact_by(db, chunk, |r| {
                        loaded.push((r.contact.clone(), r.interactions.clone(), r.favors.clone()));
                        Ok(())
                    })?;
                    Ok(loaded)
                })
                .unwrap()
        };
        let (everyone, chunked) = (load(usize::MAX), load(2));
        assert_eq!(chunked.iter().map(|(c, _, _)| c.id).collect::<Vec<_>>(), [1, 2, 3, 5, 6, 7]);
        assert_eq!(chunked, everyone);
        assert_eq!(chunked[4].1.len(), 0);
        assert_eq!(chunked[1].1.len(), 2);
        assert_eq!(chunked[1].2.len(), 1);
        // Some of them by id (one removed, one that never was): the same records.
        let some = store
            .read(|db| {
                let mut loaded = Vec::new();
                for_each_contact_of(db, &[2, 4, 6, 99], |r| {
                    loaded.push((r.contact.clone(), r.interactions.clone(), r.favors.clone()));
                    Ok(())
                })?;
                Ok(loaded)
            })
            .unwrap();
        let wanted: Vec<_> = everyone.iter().filter(|(c, _, _)| [2, 6].contains(&c.id)).cloned().collect();
        assert_eq!(some, wanted);
    }

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
