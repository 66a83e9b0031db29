//! `netcrm remind`: a one-off follow-up about someone, on a date.

use super::resolve;
use super::{Context, date_or_duration};
use crate::cli::RemindArgs;
use crate::dates;
use crate::error::{Error, Result};
use crate::output::json::ReminderJson;
use crate::text::non_empty;

pub fn run(ctx: &mut Context, args: RemindArgs) -> Result<()> {
    let today = ctx.today;
    let text = non_empty(&args.text).ok_or(Error::EmptyValue { what: "the reminder's text" })?;
    let due_on = match &args.on {
        Some(on) => dates::parse_future_date(on, today, "a reminder")?,
        None => date_or_duration(None, args.in_.as_deref(), today)?,
    };
    // The date as the user gave it: with its weekday unless given as YYYY-MM-DD.
    let given = args.on.as_deref().or(args.in_.as_deref()).unwrap_or_default();
    let shown = dates::as_given(due_on, given);
    let (name, reminder, added) = ctx.write(|db| {
        let id = resolve::contact(db, &args.contact)?;
        let name = db.contact(id)?.map(|c| c.name).unwrap_or_default();
        // The same reminder, open, for the same person and day: not added twice.
        let same = db
            .reminders_of(id)?
            .into_iter()
            .find(|r| r.done_on.is_none() && r.due_on == due_on && r.text == text);
        if let Some(existing) = same {
            return Ok((name, existing, false));
        }
        db.describe_step(&format!("remind {name} on {due_on}: {text}"))?;
        Ok((name, db.insert_reminder(id, &text, due_on)?, true))
    })?;
    if !added {
        ctx.out.warn(format_args!(
            "reminder-{} already reminds you of this for {name} on {shown}; nothing was added",
            reminder.id
        ));
    }
    if ctx.out.json {
        return ctx.out.json(&ReminderJson::from(&reminder));
    }
    if !added {
        return Ok(());
    }
    ctx.out.line(format_args!(
        "Reminder for {name} set for {shown}: {} (key reminder-{}).",
        reminder.text, reminder.id
    ))
}
