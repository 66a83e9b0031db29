//! What goals count (DESIGN.md "Rhythm"), read from the records of a span of days:
//! conversations (interactions but mail), first meetings, thank-yous, follow-ups and
//! reconnect items settled after they were due. Reads only; prints nothing.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::records::{ContactRecords, for_each_contact_of};
use crate::error::{Error, Result};
use crate::goals::{self, Period, Progress};
use crate::model::{FollowUpKind, Goal, GoalWhat, InteractionKind};
use crate::scheduler::{self, Settled};
use crate::store::Db;

/// Up to this many contacts in touch in the span, their records are loaded one by one.
const LOAD_ONE_BY_ONE_UP_TO: usize = 200;

/// The first day there is, for counting everything (`stats`' streaks).
pub fn all_time() -> NaiveDate {
    NaiveDate::from_ymd_opt(1, 1, 1).unwrap_or(NaiveDate::MIN)
}

/// The first day of the earliest period `goals` count over on `today`: what `due`'s
/// line needs read.
pub fn current_periods_start(goals: &[Goal], today: NaiveDate) -> NaiveDate {
    goals.iter().map(|g| Period::of(g.per, today).start()).min().unwrap_or(today)
}

/// Each goal's progress on `today`, counting what happened from `since` on (streaks
/// need every day: [`all_time`]).
pub fn progress(db: &Db, today: NaiveDate, goals: &[Goal], since: NaiveDate) -> Result<Vec<Progress>> {
    let wants = |what: GoalWhat| goals.iter().any(|g| g.what == what);
    let mut dates: HashMap<GoalWhat, Vec<NaiveDate>> = HashMap::new();
    if wants(GoalWhat::Conversations) || wants(GoalWhat::ThankYous) {
        for (kind, on, scanned) in db.interactions_dated(since, today)? {
            // Mail never counts as a conversation: `email`, nor a thank-you `scan` found.
            if kind != InteractionKind::Email && !(kind == InteractionKind::ThankYou && scanned) {
                dates.entry(GoalWhat::Conversations).or_default().push(on);
            }
            if kind == InteractionKind::ThankYou {
                dates.entry(GoalWhat::ThankYous).or_default().push(on);
            }
        }
    }
    if wants(GoalWhat::NewPeople) {
        dates.insert(GoalWhat::NewPeople, db.first_meetings(since, today)?.into_values().collect());
    }
    if wants(GoalWhat::FollowUps) || wants(GoalWhat::Reconnects) {
        for (kind, on) in settled_between(db, since, today)? {
            dates.entry(GoalWhat::FollowUps).or_default().push(on);
            if kind == Some(FollowUpKind::Reconnect) {
                dates.entry(GoalWhat::Reconnects).or_default().push(on);
            }
        }
    }
    Ok(goals
        .iter()
        .map(|goal| goals::progress(*goal, today, dates.get(&goal.what).map_or(&[][..], Vec::as_slice)))
        .collect())
}

/// The follow-ups settled from `since` to `to` after they were due (as `stats`
/// counts them: by `done` or by the interaction that settled them, the earliest),
/// with their kind and the day. Only those in touch in the span can have been settled
/// by an interaction in it: their records alone are read.
fn settled_between(
    db: &Db,
    since: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(Option<FollowUpKind>, NaiveDate)>> {
    let settings = db.settings()?;
    let mut kept: HashMap<(String, NaiveDate), NaiveDate> = HashMap::new();
    let mut keep = |key: String, due_on: NaiveDate, settled_on: NaiveDate| {
        let day = kept.entry((key, due_on)).or_insert(settled_on);
        *day = (*day).min(settled_on);
    };
    for (key, due_on, done_on) in db.completions()? {
        keep(key, due_on, done_on);
    }
    let mut count = |records: &ContactRecords| {
        for Settled { key, due_on, settled_on } in scheduler::settled(records.records(), &settings) {
            keep(key, due_on, settled_on);
        }
        Ok(())
    };
    let in_touch = db.in_touch_between(since, to)?;
    // A week's or a month's few: each one's records alone (loading everyone's other
    // records, as a chunk does, costs what the network's size does).
    if in_touch.len() <= LOAD_ONE_BY_ONE_UP_TO {
        for id in in_touch {
            match ContactRecords::load(db, id) {
                Ok(records) => count(&records)?,
                Err(Error::ContactNotFound { .. }) => {}
                Err(error) => return Err(error),
            }
        }
    } else {
        for_each_contact_of(db, &in_touch, count)?;
    }
    Ok(kept
        .into_iter()
        .map(|((key, due_on), settled_on)| Settled { key, due_on, settled_on })
        .filter(|s| s.was_due() && (since..=to).contains(&s.settled_on))
        .map(|s| (s.key.parse::<crate::model::FollowUpKey>().ok().map(|k| k.kind()), s.settled_on))
        .collect())
}
