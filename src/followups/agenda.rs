//! The agenda: the open follow-ups that need attention by a day, read from the stored
//! ones (an indexed read: what it costs is what is due, not the size of the network).
//! Reads only; the caller brings the stored follow-ups up to date first.

use chrono::NaiveDate;

use crate::error::Result;
use crate::model::FollowUp;
use crate::scheduler;
use crate::store::{ContactFilter, ContactOrder, Db};

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
