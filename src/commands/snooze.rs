//! `netcrm snooze`: hide a follow-up until a later date; it then comes back with its
//! original due date.

use super::{Context, date_or_duration};
use crate::cli::SnoozeArgs;
use crate::dates;
use crate::error::{Error, Result};
use crate::followups;
use crate::output::FollowUpJson;
use crate::output::json::SnoozeJson;

pub fn run(ctx: &mut Context, args: SnoozeArgs) -> Result<()> {
    let today = ctx.today;
    let until = date_or_duration(args.until.as_deref(), args.for_.as_deref(), today)?;
    if until <= today {
        return Err(Error::SnoozeNotAfterToday { until, today });
    }
    let follow_up = ctx.write(|db| followups::snooze(db, &args.key, until, today))?;
    // An item not due before the snooze ends would show on its own date anyway.
    if follow_up.due_on >= until {
        ctx.out.warn(format_args!(
            "{} is not due until {}, on or after {until}: snoozing it changes nothing",
            follow_up.key, follow_up.due_on
        ));
        if ctx.out.json {
            return ctx.out.json(&FollowUpJson::new(&follow_up, today));
        }
        return Ok(());
    }
    if ctx.out.json {
        return ctx.out.json(&SnoozeJson::new(&follow_up, today, until));
    }
    let who = follow_up.contact.as_deref().unwrap_or("no one");
    // The date as the user gave it: with its weekday unless given as YYYY-MM-DD.
    let until = dates::as_given(until, args.until.as_deref().or(args.for_.as_deref()).unwrap_or_default());
    ctx.out.line(format_args!("Snoozed {} ({who}) until {until} (due {}).", follow_up.key, follow_up.due_on))
}
