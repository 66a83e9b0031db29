//! `netcrm snooze`: hide a follow-up until a later date; it then comes back with its
//! original due date.

use serde::Serialize;

use super::Context;
use super::records::find_open;
use crate::cli::SnoozeArgs;
use crate::dates::{self, Duration};
use crate::error::{Error, Result};
use crate::model::serialize_date;
use crate::output::FollowUpJson;

#[derive(Serialize)]
struct SnoozeJson<'a> {
    #[serde(flatten)]
    follow_up: FollowUpJson<'a>,
    #[serde(serialize_with = "serialize_date")]
    snoozed_until: chrono::NaiveDate,
}

pub fn run(ctx: &mut Context, args: SnoozeArgs) -> Result<()> {
    let today = ctx.today;
    let until = match (&args.until, &args.for_) {
        (Some(date), _) => dates::parse_date(date, today)?,
        (None, Some(duration)) => {
            let duration = Duration::parse(duration)?;
            duration
                .after(today)
                .ok_or_else(|| dates::DateError::OutOfRange {
                    input: duration.to_string(),
                })?
        }
        // clap requires one of the two.
        (None, None) => return Err(Error::Usage("snooze needs --until DATE or --for DURATION".into())),
    };
    if until <= today {
        return Err(Error::SnoozeNotAfterToday { until, today });
    }
    let follow_up = ctx.store.write(|db| {
        let (follow_up, records) = find_open(db, &args.key, today)?;
        db.snooze(&follow_up.key, until, Some(records.contact.id))?;
        Ok(follow_up)
    })?;
    if ctx.out.json {
        return ctx.out.json(&SnoozeJson {
            follow_up: FollowUpJson::new(&follow_up, today),
            snoozed_until: until,
        });
    }
    let who = follow_up.contact.as_deref().unwrap_or("no one");
    ctx.out.line(format_args!(
        "Snoozed {} ({who}) until {until}; it will show again then, due {}.",
        follow_up.key, follow_up.due_on
    ))
}
