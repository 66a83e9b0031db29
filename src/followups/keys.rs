//! What a follow-up key names: the open item it is (found by running the scheduler
//! for the one contact it belongs to) and whose it is. Reads only; prints nothing.

use chrono::NaiveDate;

use super::records::ContactRecords;
use crate::error::{Error, Result};
use crate::model::{FollowUp, FollowUpKey, KeyOwner};
use crate::scheduler;
use crate::store::Db;

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

/// The open follow-up `key` (as [`find_open`] finds it), to complete or to draft; a
/// key that is not open but was done is an error that says when.
pub fn find_to_do(db: &Db, key: &str, today: NaiveDate) -> Result<(FollowUp, Option<ContactRecords>)> {
    match find_open(db, key, today) {
        Err(Error::NoSuchFollowUp { key }) => match db.last_done(&key)? {
            Some(done_on) => Err(Error::FollowUpDone { key, done_on }),
            None => Err(Error::NoSuchFollowUp { key }),
        },
        found => found,
    }
}

/// Whose follow-up a key is.
enum Owner {
    Contact(i64),
    /// A lead that no contact passed on.
    Nobody,
    /// No such record, or a key of no known form.
    Unknown,
}

/// Whose follow-up a key is, read from the key and the records it names (see
/// DESIGN.md's list of keys).
fn key_owner(db: &Db, key: &str) -> Result<Owner> {
    let Ok(key) = key.parse::<FollowUpKey>() else {
        return Ok(Owner::Unknown);
    };
    let owner = |id: Option<i64>| id.map_or(Owner::Unknown, Owner::Contact);
    Ok(match key.owner() {
        KeyOwner::Contact(id) => Owner::Contact(id),
        KeyOwner::OfReminder(id) => owner(db.reminder(id)?.map(|r| r.contact_id)),
        KeyOwner::IntroducerOf(id) => owner(db.contact(id)?.and_then(|c| c.introduced_by)),
        KeyOwner::OfFavor(id) => owner(db.favor(id)?.map(|f| f.contact_id)),
        KeyOwner::OfInteraction(id) => owner(db.interaction(id)?.map(|i| i.contact_id)),
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
