//! `netcrm due`: the morning list of follow-ups due today or overdue (or within N
//! days), oldest first.

use super::Context;
use crate::cli::DueArgs;
use crate::dates;
use crate::error::Result;
use crate::followups::stored_follow_ups;
use crate::model::{FollowUp, FollowUpKind};
use crate::scheduler;

pub fn run(ctx: &mut Context, args: DueArgs) -> Result<()> {
    let today = ctx.today;
    let within = match &args.within {
        Some(text) => dates::parse_within(text, today)?,
        None => 0,
    };
    let kind = args.kind.map(FollowUpKind::from);
    let horizon =
        dates::Duration { count: within, unit: dates::Unit::Days }.after(today).unwrap_or(dates::LAST_DATE);
    ctx.refresh_to_read()?;
    let mut due: Vec<FollowUp> = ctx.store.read(|db| {
        Ok(stored_follow_ups(db, today, horizon, &Default::default())?
            .into_iter()
            .filter(|f| kind.is_none_or(|k| f.kind == k) && scheduler::is_due(f, today, within))
            .collect())
    })?;
    scheduler::sort(&mut due);
    if args.count {
        return ctx.out.line(due.len());
    }
    if ctx.out.json || !due.is_empty() {
        return ctx.out.follow_ups(&due, today);
    }
    if args.quiet {
        return Ok(());
    }
    let when = match within {
        0 => "today".to_string(),
        1 => "today or tomorrow".to_string(),
        n => format!("in the next {n} days"),
    };
    // Nothing due: name the next item, whenever it is.
    let mut later: Vec<FollowUp> = ctx.store.read(|db| {
        Ok(stored_follow_ups(db, today, dates::LAST_DATE, &Default::default())?
            .into_iter()
            .filter(|f| kind.is_none_or(|k| f.kind == k) && !scheduler::is_due(f, today, within))
            .collect())
    })?;
    later.sort_by_key(FollowUp::shows_on);
    let next = later
        .first()
        .map(|f| {
            let who = f.contact.as_deref().map(|name| format!(" with {name}")).unwrap_or_default();
            format!(" Next: {}{who} on {}.", f.kind, f.shows_on())
        })
        .unwrap_or_default();
    ctx.out.line(format_args!("Nothing due {when}. You're all caught up.{next}"))
}
