//! Loading a contact's records and running the scheduler over them: the glue the
//! commands share.

use chrono::NaiveDate;

use crate::error::{Error, Result};
use crate::model::{Contact, FollowUp, Interaction, Reminder};
use crate::output::Summary;
use crate::resolve;
use crate::scheduler::{self, Records};
use crate::store::{ContactFilter, Db};

/// One contact with everything the scheduler reads about them.
pub struct ContactRecords {
    pub contact: Contact,
    /// Oldest first.
    pub interactions: Vec<Interaction>,
    pub reminders: Vec<Reminder>,
}

impl ContactRecords {
    pub fn load(db: &Db, id: i64) -> Result<ContactRecords> {
        Ok(ContactRecords {
            contact: load_contact(db, id)?,
            interactions: db.interactions_of(id)?,
            reminders: db.reminders_of(id)?,
        })
    }

    /// Every open follow-up of this contact (due, upcoming or snoozed).
    pub fn follow_ups(&self, db: &Db, today: NaiveDate) -> Result<Vec<FollowUp>> {
        let records =
            Records { contact: &self.contact, interactions: &self.interactions, reminders: &self.reminders };
        Ok(scheduler::follow_ups(records, today, &db.settings()?, &db.marks(Some(self.contact.id))?))
    }
}

/// The contact with this id, which must exist.
pub fn load_contact(db: &Db, id: i64) -> Result<Contact> {
    db.contact(id)?.ok_or_else(|| Error::ContactNotFound { query: format!("#{id}"), candidates: Vec::new() })
}

/// Every open follow-up of every contact that `filter` selects, with their summaries.
pub fn all_follow_ups(
    db: &Db,
    today: NaiveDate,
    filter: &ContactFilter,
) -> Result<Vec<(Contact, Summary, Vec<FollowUp>)>> {
    let contacts = db.contacts(filter)?;
    let mut interactions = db.all_interactions()?;
    let mut reminders = db.open_reminders()?;
    let settings = db.settings()?;
    let marks = db.marks(None)?;
    Ok(contacts
        .into_iter()
        .map(|contact| {
            let history = interactions.remove(&contact.id).unwrap_or_default();
            let reminders = reminders.remove(&contact.id).unwrap_or_default();
            let records = Records { contact: &contact, interactions: &history, reminders: &reminders };
            let follow_ups = scheduler::follow_ups(records, today, &settings, &marks);
            let summary = summary(&history, &follow_ups);
            (contact, summary, follow_ups)
        })
        .collect())
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
/// records of the contact it concerns.
pub fn find_open(db: &Db, key: &str, today: NaiveDate) -> Result<(FollowUp, ContactRecords)> {
    let not_found = || Error::NoSuchFollowUp { key: key.to_string() };
    let contact_id = key_contact(db, key.trim())?.ok_or_else(not_found)?;
    let records = match ContactRecords::load(db, contact_id) {
        Err(Error::ContactNotFound { .. }) => return Err(not_found()),
        loaded => loaded?,
    };
    let follow_up =
        records.follow_ups(db, today)?.into_iter().find(|f| f.key == key.trim()).ok_or_else(not_found)?;
    Ok((follow_up, records))
}

/// The contact a follow-up key concerns, read from the key (see DESIGN.md's list of
/// keys); `None` for a key of no known form.
pub fn key_contact(db: &Db, key: &str) -> Result<Option<i64>> {
    let id_after = |prefix: &str| key.strip_prefix(prefix).and_then(resolve::parse_id);
    if let Some(id) = id_after("thank-you-").or_else(|| id_after("check-in-")) {
        return Ok(Some(id));
    }
    if let Some(id) = id_after("reminder-") {
        return Ok(db.reminder(id)?.map(|r| r.contact_id));
    }
    let birthday = key.strip_prefix("birthday-").and_then(|rest| rest.split_once('-'));
    Ok(birthday.and_then(|(id, _year)| resolve::parse_id(id)))
}
