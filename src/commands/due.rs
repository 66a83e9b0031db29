//! `netcrm due`: the morning list of follow-ups due today or overdue (or within N
//! days), most urgent first or oldest first, under a line of the goals' progress.

use super::Context;
use crate::cli::{DueArgs, DueSort};
use crate::dates;
use crate::error::Result;
use crate::followups::{Agenda, Order, agenda, goals, next_after};
use crate::model::FollowUpKind;

pub fn run(ctx: &mut Context, args: DueArgs) -> Result<()> {
    let today = ctx.today;
    let within = match &args.within {
        Some(text) => dates::parse_within(text, today)?,
        None => 0,
    };
    let order = match args.sort {
        DueSort::Urgency => Order::Urgency,
        DueSort::Date => Order::Date,
    };
    let query = Agenda { within, kind: args.kind.map(FollowUpKind::from), order, ..Agenda::default() };
    ctx.refresh_to_read()?;
    let due = ctx.read(|db| agenda(db, today, &query))?;
    if args.count {
        return ctx.out.line(due.len());
    }
    if ctx.out.json {
        return ctx.out.follow_ups(&due, today, args.explain);
    }
    if args.quiet && due.is_empty() {
        return Ok(());
    }
    // The goals' progress this week and month, above the table or the empty line.
    let progress = ctx.read(|db| {
        if !db.has_goals()? {
            return Ok(Vec::new());
        }
        let set = db.goals()?;
        goals::progress(db, today, &set, goals::current_periods_start(&set, today))
    })?;
    ctx.out.goals_header(&progress)?;
    if !due.is_empty() {
        return ctx.out.follow_ups(&due, today, args.explain);
    }
    let when = match within {
        0 => "today".to_string(),
        1 => "today or tomorrow".to_string(),
        n => format!("in the next {n} days"),
    };
    // Nothing due: name the next item, whenever it is.
    let next = ctx
        .read(|db| next_after(db, today, &query))?
        .map(|f| {
            let who = f.contact.as_deref().map(|name| format!(" with {name}")).unwrap_or_default();
            format!(" Next: {}{who} on {}.", f.kind, f.shows_on())
        })
        .unwrap_or_default();
    ctx.out.line(format_args!("Nothing due {when}. You're all caught up.{next}"))
}
