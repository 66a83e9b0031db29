//! Loading a contact's records (one contact, some, or everyone a chunk at a time) and
//! running the scheduler over them. Reads only; prints nothing.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use crate::dates::Week;
use crate::error::{Error, Result};
use crate::model::{
    Contact, Favor, FollowUp, FollowUpKey, Interaction, Introduction, Lead, Reminder, Summary,
};
use crate::scheduler::{self, Records};
use crate::store::Db;

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
    /// The weeks they were picked to reconnect with.
    pub picks: Vec<Week>,
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
            picks: db.reconnect_picks_of(id)?,
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
            picks: &self.picks,
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

/// Runs `f` over every contact with all their records, `CHUNK` contacts at a time, so
/// that memory does not grow with their number (but for the leads, favours, reminders
/// and introductions, which are few).
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
pub(super) fn for_each_contact_of(
    db: &Db,
    ids: &[i64],
    f: impl FnMut(&ContactRecords) -> Result<()>,
) -> Result<()> {
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
    picks: HashMap<i64, Vec<Week>>,
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
            picks: db.reconnect_picks()?,
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
                    picks: self.picks.remove(&id).unwrap_or_default(),
                }
            })
            .collect()
    }
}

/// A contact's last contact and next follow-up (the earliest open one, snoozed ones
/// at their snooze date).
pub fn summary(interactions: &[Interaction], follow_ups: &[FollowUp]) -> Summary {
    Summary {
        last_contact: interactions.iter().map(|i| i.on).max(),
        next_follow_up: follow_ups.iter().map(FollowUp::shows_on).min(),
    }
}

/// A contact's records with their open follow-ups (due, upcoming or snoozed), in
/// `due`'s order.
pub fn of_contact(db: &Db, id: i64, today: NaiveDate) -> Result<(ContactRecords, Vec<FollowUp>)> {
    let records = ContactRecords::load(db, id)?;
    let mut follow_ups = records.follow_ups(db, today)?;
    scheduler::sort(&mut follow_ups);
    Ok((records, follow_ups))
}

/// A contact's next follow-up: the first open one in `due`'s order (upcoming or
/// snoozed ones too), if any.
pub fn next_for(db: &Db, id: i64, today: NaiveDate) -> Result<Option<FollowUp>> {
    Ok(of_contact(db, id, today)?.1.into_iter().next())
}

/// The open follow-ups about each of these leads (lead, chase and outcome items,
/// upcoming and snoozed ones too), by lead id, in `due`'s order: computed from their
/// helpers' records, each helper's once.
pub fn about_leads(db: &Db, leads: &[Lead], today: NaiveDate) -> Result<HashMap<i64, Vec<FollowUp>>> {
    let mut found: Vec<FollowUp> = Vec::new();
    for id in helpers(leads) {
        found.extend(ContactRecords::load(db, id)?.follow_ups(db, today)?);
    }
    by_lead(db, leads, today, found)
}

/// [`about_leads`] read from the stored follow-ups, for a command that brought them up
/// to date first (`lead list`): the helpers' stored items through the index by
/// contact, instead of each helper's whole history loaded and scheduled again.
pub fn stored_about_leads(db: &Db, leads: &[Lead], today: NaiveDate) -> Result<HashMap<i64, Vec<FollowUp>>> {
    let found = db.stored_lead_items_of(&helpers(leads))?;
    by_lead(db, leads, today, found)
}

/// Everyone who helped with these leads, each once, by id.
fn helpers(leads: &[Lead]) -> Vec<i64> {
    let mut helpers: Vec<i64> = leads.iter().flat_map(|l| l.via.iter().copied()).collect();
    helpers.sort_unstable();
    helpers.dedup();
    helpers
}

/// The follow-ups `found` among the helpers' (and those of the leads no one passed
/// on) grouped by the lead they are about, each group in the scheduler's order.
fn by_lead(
    db: &Db,
    leads: &[Lead],
    today: NaiveDate,
    mut found: Vec<FollowUp>,
) -> Result<HashMap<i64, Vec<FollowUp>>> {
    let nobodys: Vec<Lead> = leads.iter().filter(|l| l.via.is_empty()).cloned().collect();
    if !nobodys.is_empty() {
        found.extend(scheduler::unassigned(&nobodys, today, &db.settings()?, &db.marks_of_no_one()?));
    }
    scheduler::sort(&mut found);
    let wanted: HashSet<i64> = leads.iter().map(|l| l.id).collect();
    let mut by_lead: HashMap<i64, Vec<FollowUp>> = HashMap::new();
    for follow_up in found {
        let lead = follow_up.key.parse().ok().and_then(FollowUpKey::lead);
        if let Some(lead) = lead.filter(|id| wanted.contains(id)) {
            by_lead.entry(lead).or_default().push(follow_up);
        }
    }
    Ok(by_lead)
}

/// Loads one contact with its summary.
pub fn contact_with_summary(db: &Db, id: i64, today: NaiveDate) -> Result<(Contact, Summary)> {
    let records = ContactRecords::load(db, id)?;
    let follow_ups = records.follow_ups(db, today)?;
    let summary = summary(&records.interactions, &follow_ups);
    Ok((records.contact, summary))
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
}
