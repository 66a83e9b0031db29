//! `netcrm remind`: a one-off follow-up about someone, on a date.

use super::resolve;
use super::{Context, date_or_duration};
use crate::cli::RemindArgs;
use crate::dates;
use crate::error::{Error, Result};
use crate::text::non_empty;

pub fn run(ctx: &mut Context, args: RemindArgs) -> Result<()> {
    let today = ctx.today;
    let text = non_empty(&args.text).ok_or(Error::EmptyValue { what: "the reminder's text" })?;
    let due_on = match &args.on {
        Some(on) => dates::parse_future_date(on, today, "a reminder")?,
        None => date_or_duration(None, args.in_.as_deref(), today)?,
    };
    let (name, reminder) = ctx.write(|db| {
        let id = resolve::contact(db, &args.contact)?;
        let name = db.contact(id)?.map(|c| c.name).unwrap_or_default();
        db.describe_step(&format!("remind {name} on {due_on}: {text}"))?;
        Ok((name, db.insert_reminder(id, &text, due_on)?))
    })?;
    if ctx.out.json {
        return ctx.out.json(&reminder);
    }
    ctx.out.line(format_args!(
        "Reminder for {name} due {}: {} (key reminder-{}).",
        reminder.due_on, reminder.text, reminder.id
    ))
}
