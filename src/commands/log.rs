//! `netcrm log`: record an interaction; every interaction restarts the check-in
//! clock. Warns (and still records) when contact is daily.

use super::Context;
use super::records::ContactRecords;
use crate::cli::LogArgs;
use crate::dates;
use crate::error::{Error, Result};
use crate::model::{Interaction, InteractionKind};
use crate::output::warn;
use crate::resolve;
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
    let (name, interaction, next) = ctx.store.write(|db| {
        let id = resolve::contact(db, &args.contact)?;
        let before = ContactRecords::load(db, id)?;
        // Running into someone is not contacting them too often.
        if kind != InteractionKind::Met
            && let Some(previous) = previous_contact(&before.interactions, on)
        {
            let gap = (on - previous.on).num_days();
            warn(format_args!(
                "you were in touch with {} {} ({}); daily contact is generally considered excessive (logged anyway)",
                before.contact.name,
                if gap == 0 { "the same day".to_string() } else { format!("the day before, on {}", previous.on) },
                previous.kind,
            ));
        }
        let interaction = db.insert_interaction(&Interaction {
            note: note.clone(),
            at: args.at.as_deref().and_then(non_empty),
            how: args.how.as_deref().and_then(non_empty),
            ..Interaction::new(0, id, kind, on)
        })?;
        let after = ContactRecords::load(db, id)?;
        let mut follow_ups = after.follow_ups(db, today)?;
        crate::scheduler::sort(&mut follow_ups);
        Ok((after.contact.name, interaction, follow_ups.into_iter().next()))
    })?;
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

/// The latest interaction other than `met`, dated on or before `on`, if it is the
/// same day or the day before (DESIGN.md: a gap of 0 or 1 day warns).
fn previous_contact(history: &[Interaction], on: chrono::NaiveDate) -> Option<&Interaction> {
    history
        .iter()
        .filter(|i| i.kind != InteractionKind::Met && i.on <= on)
        .max_by_key(|i| (i.on, i.id))
        .filter(|i| (on - i.on).num_days() <= 1)
}
