//! Dormant ties and the weekly reconnect picks (DESIGN.md "Rhythm"): the ranked list
//! `netcrm reconnect` shows, and the picks the first run of each ISO week stores
//! (from the list as of its Monday), whose follow-ups the next refresh computes.
//! Reads and writes the picks only; prints nothing, reads no clock.

use chrono::NaiveDate;

use crate::dates::Week;
use crate::error::Result;
use crate::scheduler::reconnect::{self, Dormant};
use crate::store::Db;

/// The dormant ties on `today`, ranked (`netcrm reconnect`).
pub fn dormant_list(db: &Db, today: NaiveDate) -> Result<Vec<Dormant>> {
    let settings = db.settings()?;
    Ok(reconnect::dormant(db.ties_as_of(today)?, today, settings.dormant_after))
}

/// `today`'s week's picks, when they are still to be made (`None`: made already):
/// `reconnect-per-week` of the dormant list as of its Monday (interactions dated up
/// to the Monday), leaving out those picked in the 90 days before it; none with
/// `reconnect-per-week` 0. Reads only: [`store_week_picks`] stores them.
pub fn week_picks(db: &Db, today: NaiveDate) -> Result<Option<Vec<i64>>> {
    let week = Week::of(today);
    if db.reconnect_week_picked(week)? {
        return Ok(None);
    }
    let settings = db.settings()?;
    if settings.reconnect_per_week == 0 {
        return Ok(Some(Vec::new()));
    }
    let monday = week.monday();
    let ranked = reconnect::dormant(db.ties_as_of(monday)?, monday, settings.dormant_after);
    let recent = db.picked_between(reconnect::keeps_out_from(monday), monday)?;
    Ok(Some(reconnect::pick(&ranked, settings.reconnect_per_week, &recent)))
}

/// Stores `today`'s week's picks (found by [`week_picks`]) and marks the week picked,
/// unless another run did first; the contacts picked are computed again at the next
/// refresh.
pub fn store_week_picks(db: &Db, today: NaiveDate, picks: &[i64]) -> Result<()> {
    let week = Week::of(today);
    if db.reconnect_week_picked(week)? {
        return Ok(());
    }
    db.store_reconnect_picks(week, picks)
}
