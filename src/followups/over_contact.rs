//! The over-contact rule (DESIGN.md: "never more often than the contact would like;
//! daily is excessive"): logging contact with someone the same day as, or the day
//! after, the last time warns, unless a follow-up asked for it. Pure but for
//! [`warning`], which reads their follow-ups; prints nothing.

use chrono::NaiveDate;

use super::records::ContactRecords;
use crate::dates;
use crate::error::Result;
use crate::model::{FollowUp, Interaction, InteractionKind};
use crate::store::Db;

/// The warning for logging `kind` on `on` with the contact of `before` (their records
/// before it is logged on `today`), if contact that day is too often and none of
/// their follow-ups asked for it.
pub fn warning(
    db: &Db,
    before: &ContactRecords,
    kind: InteractionKind,
    on: NaiveDate,
    today: NaiveDate,
) -> Result<Option<String>> {
    // Contact someone had a follow-up open for was asked for: no warning then.
    if asked_for(&before.follow_ups(db, today)?, today, db.settings()?.thank_you_within) {
        return Ok(None);
    }
    Ok(too_often(&before.contact.name, &before.interactions, kind, on))
}

/// Whether contact with someone was asked for: one of their `follow_ups` (as they
/// stood before it was logged on `today`) is due today or overdue, or falls due
/// within `thank_you_within`. Snoozed ones count: they are still open.
fn asked_for(follow_ups: &[FollowUp], today: NaiveDate, thank_you_within: dates::Duration) -> bool {
    let horizon = thank_you_within.after(today).unwrap_or(dates::LAST_DATE);
    follow_ups.iter().any(|f| f.due_on <= horizon)
}

/// The warning for contacting someone too often, if logging `kind` on `on` does
/// (DESIGN.md): the latest interaction other than `met` dated on or before it is the
/// same day or the day before. Running into someone (`met`) never counts, nor does a
/// thank-you sent the day of, or the day after, meeting them.
fn too_often(name: &str, history: &[Interaction], kind: InteractionKind, on: NaiveDate) -> Option<String> {
    use InteractionKind::{Event, Meeting, Met, ThankYou};
    let near = |i: &&Interaction| i.on <= on && (on - i.on).num_days() <= 1;
    if kind == Met
        || (kind == ThankYou && history.iter().filter(near).any(|i| matches!(i.kind, Met | Meeting | Event)))
    {
        return None;
    }
    let previous =
        history.iter().filter(|i| i.kind != Met && i.on <= on).max_by_key(|i| (i.on, i.id)).filter(near)?;
    let when = match (on - previous.on).num_days() {
        0 => "the same day".to_string(),
        _ => format!("the day before, on {}", previous.on),
    };
    Some(format!(
        "you were in touch with {name} {when} ({}); daily contact is generally considered excessive (logged anyway)",
        previous.kind
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(kind: InteractionKind, on: &str) -> Interaction {
        Interaction::new(0, 1, kind, on.parse().unwrap())
    }

    fn warns(history: &[Interaction], kind: InteractionKind, on: &str) -> bool {
        too_often("Ada", history, kind, on.parse().unwrap()).is_some()
    }

    #[test]
    fn contact_on_the_same_day_or_the_next_warns() {
        let history = [at(InteractionKind::Call, "2026-11-20")];
        assert!(warns(&history, InteractionKind::Email, "2026-11-20"));
        assert!(warns(&history, InteractionKind::Email, "2026-11-21"));
        assert!(!warns(&history, InteractionKind::Email, "2026-11-22"));
        // Only what came before counts.
        assert!(!warns(&history, InteractionKind::Email, "2026-11-18"));
    }

    #[test]
    fn a_thank_you_the_day_of_or_after_a_meeting_never_warns() {
        for met in [InteractionKind::Met, InteractionKind::Meeting, InteractionKind::Event] {
            let history = [at(InteractionKind::Call, "2026-11-20"), at(met, "2026-11-20")];
            assert!(!warns(&history, InteractionKind::ThankYou, "2026-11-20"), "{met}");
            assert!(!warns(&history, InteractionKind::ThankYou, "2026-11-21"), "{met}");
        }
        // After a call, a thank-you the next day is contact like any other.
        assert!(warns(&[at(InteractionKind::Call, "2026-11-20")], InteractionKind::ThankYou, "2026-11-21"));
    }

    #[test]
    fn contact_is_asked_for_while_a_follow_up_is_due_or_falls_due_within_the_thank_you_window() {
        let today: NaiveDate = "2026-11-22".parse().unwrap();
        let within = dates::Duration::parse("2d").unwrap();
        let item = |due_on: &str| FollowUp {
            key: "check-in-1".into(),
            kind: crate::model::FollowUpKind::CheckIn,
            contact_id: Some(1),
            contact: Some("Ada".into()),
            due_on: due_on.parse().unwrap(),
            reason: String::new(),
            snoozed_until: None,
            back_from_snooze: false,
            channel: None,
            scale_days: 2,
        };
        for (due_on, asked) in
            [("2026-10-01", true), ("2026-11-22", true), ("2026-11-24", true), ("2026-11-25", false)]
        {
            assert_eq!(asked_for(&[item(due_on)], today, within), asked, "{due_on}");
        }
        assert!(!asked_for(&[], today, within));
        // A snoozed item is still open.
        let snoozed = FollowUp { snoozed_until: Some("2026-12-01".parse().unwrap()), ..item("2026-11-20") };
        assert!(asked_for(&[snoozed], today, within));
    }

    #[test]
    fn meeting_someone_again_never_warns_and_is_not_counted() {
        let history = [at(InteractionKind::Met, "2026-11-20")];
        assert!(!warns(&history, InteractionKind::Met, "2026-11-20"));
        assert!(!warns(&history, InteractionKind::Call, "2026-11-21"));
        assert!(!warns(&[at(InteractionKind::Call, "2026-11-20")], InteractionKind::Met, "2026-11-20"));
    }
}
