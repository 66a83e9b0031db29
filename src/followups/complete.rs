//! Completing follow-ups (`done`, a task completed on a phone): the completion is
//! recorded for the item's due date and the interaction it stands for is logged, so
//! the next check-in counts from today; settling one without logging anything (a task
//! cancelled); and snoozing one. Inside the caller's transaction; prints nothing.

use chrono::NaiveDate;

use super::keys::{find_open, find_to_do, marks_owner};
use super::records::ContactRecords;
use super::wake::{self, Woken};
use crate::error::Result;
use crate::model::{FollowUp, FollowUpKey, Interaction, InteractionKind};
use crate::store::Db;

/// What completing a follow-up did.
pub struct Done {
    pub follow_up: FollowUp,
    /// The interaction it logged, if any.
    pub interaction: Option<Interaction>,
    pub warnings: Vec<String>,
    /// The person it logged an interaction with, when that switched them from an
    /// import's cadence to `default-cadence`.
    pub woken: Option<Woken>,
}

/// Completes the open follow-up `key` on `today`, inside the caller's transaction: it
/// records the completion for its due date and logs the interaction it stands for
/// (`kind`, else the usual one for its kind, with `note`); reminders are finished.
pub fn complete(
    db: &Db,
    key: &str,
    today: NaiveDate,
    kind: Option<InteractionKind>,
    note: Option<String>,
) -> Result<Done> {
    let (follow_up, records) = find_open(db, key, today)?;
    complete_found(db, follow_up, records.as_ref(), today, kind, note, &mut Vec::new())
}

/// Completes each of the open follow-ups `keys` on `today` as [`complete`] does,
/// with the next follow-up of its person once all are done. Every key is found before
/// any is done: an unknown or finished one is the error, and nothing is done (the
/// caller's one transaction), and one key's interaction does not settle or move
/// another's item.
pub fn complete_all(
    db: &Db,
    keys: &[&str],
    today: NaiveDate,
    kind: Option<InteractionKind>,
    note: Option<String>,
) -> Result<Vec<(Done, Option<FollowUp>)>> {
    let mut found = Vec::new();
    for key in keys {
        found.push(find_to_do(db, key, today)?);
    }
    let mut done = Vec::new();
    let mut logged = Vec::new();
    for (follow_up, records) in found {
        let records = records.as_ref();
        done.push(complete_found(db, follow_up, records, today, kind, note.clone(), &mut logged)?);
    }
    if done.len() > 1 {
        let names: Vec<String> = done
            .iter()
            .map(|d: &Done| match &d.follow_up.contact {
                Some(name) => format!("{} ({name})", d.follow_up.key),
                None => d.follow_up.key.clone(),
            })
            .collect();
        db.describe_step(&format!("done {}", names.join(", ")))?;
    }
    // What is next for each person, once everything is done.
    let mut next = Vec::new();
    for item in &done {
        next.push(match item.follow_up.contact_id {
            Some(id) => super::next_for(db, id, today)?,
            None => None,
        });
    }
    Ok(done.into_iter().zip(next).collect())
}

/// [`complete`] for a follow-up found earlier in the transaction (by [`find_open`]),
/// as it stood then. An interaction of the same kind with the same person that this
/// command logged already (`logged`) is not logged again: one thank-you thanks them
/// for everything.
fn complete_found(
    db: &Db,
    follow_up: FollowUp,
    records: Option<&ContactRecords>,
    today: NaiveDate,
    kind: Option<InteractionKind>,
    note: Option<String>,
    logged: &mut Vec<Interaction>,
) -> Result<Done> {
    let mut warnings = Vec::new();
    let who = records.map(|r| format!(" ({})", r.contact.name)).unwrap_or_default();
    db.describe_step(&format!("done {}{who}", follow_up.key))?;
    let kind = kind.or(follow_up.kind.completed_by());
    mark_done(db, &follow_up, today)?;
    let mut woken = None;
    let interaction = match (kind, records) {
        // Contact a follow-up asked for is never too often: `done` does not warn.
        (Some(kind), Some(records)) => {
            let same = logged.iter().find(|i| i.contact_id == records.contact.id && i.kind == kind);
            match same {
                Some(same) => Some(same.clone()),
                None => {
                    let interaction = db.insert_interaction(&Interaction {
                        note,
                        ..Interaction::new(0, records.contact.id, kind, today)
                    })?;
                    logged.push(interaction.clone());
                    woken = wake::on_interaction(db, records.contact.id)?;
                    Some(interaction)
                }
            }
        }
        _ => {
            if note.is_some() {
                warnings.push(
                    "the note was not recorded: no interaction is logged for this item (add --kind call, for example)"
                        .to_string(),
                );
            }
            None
        }
    };
    Ok(Done { follow_up, interaction, warnings, woken })
}

/// Settles the open follow-up `key` on `today` without logging an interaction, inside
/// the caller's transaction: as `done` does for a reminder (a task cancelled on the
/// phone: nothing was done, and nothing is to be done).
pub fn settle(db: &Db, key: &str, today: NaiveDate) -> Result<FollowUp> {
    let (follow_up, records) = find_open(db, key, today)?;
    let who = records.as_ref().map(|r| format!(" ({})", r.contact.name)).unwrap_or_default();
    db.describe_step(&format!("cancel {}{who}", follow_up.key))?;
    mark_done(db, &follow_up, today)?;
    Ok(follow_up)
}

/// Records that `follow_up` is done for its due date (a reminder is finished).
fn mark_done(db: &Db, follow_up: &FollowUp, today: NaiveDate) -> Result<()> {
    if let Ok(FollowUpKey::Reminder(id)) = follow_up.key.parse() {
        db.finish_reminder(id, today)?;
    }
    db.complete(&follow_up.key, follow_up.due_on, today, marks_owner(db, &follow_up.key)?)
}

/// Snoozes the open follow-up `key` until `until`, a day after `today`, inside the
/// caller's transaction; returns it. One not due before `until` would show on its own
/// date anyway: it is left as it is (the caller may say so).
pub fn snooze(db: &Db, key: &str, until: NaiveDate, today: NaiveDate) -> Result<FollowUp> {
    let (follow_up, _) = find_open(db, key, today)?;
    if follow_up.due_on < until {
        hide(db, &follow_up.key, until)?;
    }
    Ok(follow_up)
}

/// Hides the open follow-up `key` until `until` (a task moved to a later day on the
/// phone, or [`snooze`]).
pub fn hide(db: &Db, key: &str, until: NaiveDate) -> Result<()> {
    db.describe_step(&format!("snooze {key} until {until}"))?;
    db.snooze(key, until, marks_owner(db, key)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::Cadence;
    use crate::error::Error;
    use crate::model::{Contact, Direction, Favor, FollowUpKind};
    use crate::store::Store;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    /// Ada, met on the 15th, did a favour on the 16th: two thanks are owed.
    fn ada() -> Store {
        let mut store = Store::open_in_memory().unwrap();
        store
            .write(|db| {
                let ada = Contact { cadence: Some(Cadence::None), ..Contact::new(0, "Ada", day(1)) };
                let ada = db.insert_contact(&ada)?;
                db.insert_interaction(&Interaction::new(0, ada, InteractionKind::Met, day(15)))?;
                let favor = Favor {
                    id: 0,
                    contact_id: ada,
                    direction: Direction::Received,
                    what: "a referral".into(),
                    on: day(16),
                };
                db.insert_favor(&favor)?;
                Ok(())
            })
            .unwrap();
        store
    }

    #[test]
    fn one_thank_you_completes_every_thanks_item_done_at_once() {
        let mut store = ada();
        let done = store
            .write(|db| complete_all(db, &["thank-you-1", "favor-thanks-1"], day(20), None, None))
            .unwrap();
        let logged: Vec<Option<(i64, InteractionKind)>> =
            done.iter().map(|(d, _)| d.interaction.as_ref().map(|i| (i.id, i.kind))).collect();
        assert_eq!(logged[0].map(|(_, kind)| kind), Some(InteractionKind::ThankYou));
        assert_eq!(logged[0], logged[1]);
        // Nothing is next for Ada (no check-ins).
        assert!(done.iter().all(|(_, next)| next.is_none()));
        let history = store.read(|db| db.interactions_of(1)).unwrap();
        assert_eq!(history.len(), 2);
    }

    #[test]
    fn a_key_done_already_is_an_error_that_says_when_and_nothing_is_done() {
        let mut store = ada();
        // Settled on the 18th without a thank-you, which would settle the favour's too.
        store.write(|db| settle(db, "thank-you-1", day(18))).unwrap();
        let again =
            store.write(|db| complete_all(db, &["favor-thanks-1", "thank-you-1"], day(20), None, None));
        assert!(
            matches!(&again, Err(Error::FollowUpDone { key, done_on }) if key == "thank-you-1" && *done_on == day(18)),
            "{:?}",
            again.err()
        );
        let open = store.read(|db| find_open(db, "favor-thanks-1", day(20))).unwrap().0;
        assert_eq!(open.kind, FollowUpKind::FavorThanks);
    }

    #[test]
    fn a_snooze_hides_an_item_due_before_it_ends_and_leaves_a_later_one_alone() {
        let mut store = ada();
        let snoozed = |store: &mut Store| store.read(|db| db.snoozes()).unwrap();
        let item = store.write(|db| snooze(db, "thank-you-1", day(25), day(20))).unwrap();
        assert_eq!(item.due_on, day(17));
        assert_eq!(snoozed(&mut store), [("thank-you-1".to_string(), day(25))]);
        // Due on the 18th: a snooze until the 18th changes nothing.
        store.write(|db| snooze(db, "favor-thanks-1", day(18), day(17))).unwrap();
        assert_eq!(snoozed(&mut store).len(), 1);
    }
}
