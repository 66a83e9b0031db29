//! `netcrm log`: record an interaction; every interaction restarts the check-in
//! clock. Warns (and still records) when contact is daily.

use chrono::NaiveDate;

use super::Context;
use super::records::ContactRecords;
use super::resolve;
use crate::cli::LogArgs;
use crate::dates;
use crate::error::{Error, Result};
use crate::model::{Interaction, InteractionKind};
use crate::text::non_empty;

pub fn run(ctx: &mut Context, args: LogArgs) -> Result<()> {
    let today = ctx.today;
    let kind = InteractionKind::from(args.kind);
    if kind != InteractionKind::Met && (args.at.is_some() || args.how.is_some()) {
        return Err(Error::Usage(
            "--at and --how describe meeting someone again: give --kind met too".into(),
        ));
    }
    let on = match &args.on {
        Some(date) => dates::parse_past_date(date, today)?,
        None => today,
    };
    let note = args.note.as_deref().and_then(non_empty);
    let (name, interaction, next, warning) = ctx.store.write(|db| {
        let id = resolve::contact(db, &args.contact)?;
        let before = ContactRecords::load(db, id)?;
        let warning = too_often(&before.contact.name, &before.interactions, kind, on);
        let interaction = db.insert_interaction(&Interaction {
            note: note.clone(),
            at: args.at.as_deref().and_then(non_empty),
            how: args.how.as_deref().and_then(non_empty),
            ..Interaction::new(0, id, kind, on)
        })?;
        let after = ContactRecords::load(db, id)?;
        let mut follow_ups = after.follow_ups(db, today)?;
        crate::scheduler::sort(&mut follow_ups);
        Ok((after.contact.name, interaction, follow_ups.into_iter().next(), warning))
    })?;
    if let Some(warning) = warning {
        ctx.out.warn(warning);
    }
    if ctx.out.json {
        return ctx.out.json(&interaction);
    }
    let next = next.map(|f| format!(" Next: {} on {}.", f.kind, f.due_on)).unwrap_or_default();
    if kind == InteractionKind::Met {
        let at = interaction.at.as_deref().map(|at| format!(" at {at}")).unwrap_or_default();
        return ctx.out.line(format_args!("Logged meeting {name} again{at} on {on}.{next}"));
    }
    ctx.out.line(format_args!("Logged {kind} with {name} on {on}.{next}"))
}

/// The warning for contacting someone too often, if logging `kind` on `on` does
/// (DESIGN.md): the latest interaction other than `met` dated on or before it is the
/// same day or the day before. Running into someone (`met`) never counts, nor does a
/// thank-you sent the day of, or the day after, meeting them.
pub fn too_often(
    name: &str,
    history: &[Interaction],
    kind: InteractionKind,
    on: NaiveDate,
) -> Option<String> {
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
    fn meeting_someone_again_never_warns_and_is_not_counted() {
        let history = [at(InteractionKind::Met, "2026-11-20")];
        assert!(!warns(&history, InteractionKind::Met, "2026-11-20"));
        assert!(!warns(&history, InteractionKind::Call, "2026-11-21"));
        assert!(!warns(&[at(InteractionKind::Call, "2026-11-20")], InteractionKind::Met, "2026-11-20"));
    }
}
