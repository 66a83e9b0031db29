//! `netcrm log`: record an interaction; every interaction restarts the check-in
//! clock. Warns (and still records) when contact is daily.

use super::Context;
use super::records::ContactRecords;
use crate::cli::LogArgs;
use crate::dates;
use crate::error::Result;
use crate::model::{Interaction, InteractionKind};
use crate::output::warn;
use crate::resolve;
use crate::text::non_empty;

pub fn run(ctx: &mut Context, args: LogArgs) -> Result<()> {
    let today = ctx.today;
    let on = match &args.on {
        Some(date) => dates::parse_date(date, today)?,
        None => today,
    };
    let note = args.note.as_deref().and_then(non_empty);
    let kind = InteractionKind::from(args.kind);
    let (name, interaction, next) = ctx.store.write(|db| {
        let id = resolve::contact(db, &args.contact)?;
        let before = ContactRecords::load(db, id)?;
        if let Some(previous) = previous_contact(&before.interactions, on) {
            let gap = (on - previous.on).num_days();
            warn(format_args!(
                "you were in touch with {} {} ({}); daily contact is generally considered excessive (logged anyway)",
                before.contact.name,
                if gap == 0 { "the same day".to_string() } else { format!("the day before, on {}", previous.on) },
                previous.kind,
            ));
        }
        let interaction = db.insert_interaction(id, kind, on, note.as_deref())?;
        let after = ContactRecords::load(db, id)?;
        let mut follow_ups = after.follow_ups(db, today)?;
        crate::scheduler::sort(&mut follow_ups);
        Ok((after.contact.name, interaction, follow_ups.into_iter().next()))
    })?;
    if ctx.out.json {
        return ctx.out.json(&interaction);
    }
    let next = next.map(|f| format!(" Next: {} on {}.", f.kind, f.due_on)).unwrap_or_default();
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
