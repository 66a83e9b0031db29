//! `netcrm done`: complete a follow-up; logs the interaction it stands for, so the
//! next check-in counts from today (and an imported contact starts getting check-ins).

use serde::Serialize;

use super::Context;
use super::log::too_often;
use super::records::{ContactRecords, find_open, marks_owner};
use super::resolve;
use super::wake::{self, Woken};
use crate::cli::DoneArgs;
use crate::error::Result;
use chrono::NaiveDate;

use crate::model::{FollowUp, FollowUpKind, Interaction, InteractionKind, serialize_date};
use crate::output::FollowUpJson;
use crate::scheduler;
use crate::store::Db;
use crate::text::non_empty;

/// What completing a follow-up did.
pub struct Done {
    pub follow_up: FollowUp,
    /// The interaction it logged, if any.
    pub interaction: Option<Interaction>,
    pub warnings: Vec<String>,
    /// The person it logged an interaction with, when that switched them from an
    /// import's cadence to `default-cadence`.
    pub woken: Option<Woken>,
}

/// Completes the open follow-up `key` on `today`, inside the caller's transaction: it
/// records the completion for its due date and logs the interaction it stands for
/// (`kind`, else the usual one for its kind, with `note`); reminders are finished.
pub fn complete(
    db: &Db,
    key: &str,
    today: NaiveDate,
    kind: Option<InteractionKind>,
    note: Option<String>,
) -> Result<Done> {
    let (follow_up, records) = find_open(db, key, today)?;
    let mut warnings = Vec::new();
    let who = records.as_ref().map(|r| format!(" ({})", r.contact.name)).unwrap_or_default();
    db.describe_step(&format!("done {}{who}", follow_up.key))?;
    let kind = kind.or(match follow_up.kind {
        FollowUpKind::ThankYou | FollowUpKind::IntroThanks | FollowUpKind::FavorThanks => {
            Some(InteractionKind::ThankYou)
        }
        FollowUpKind::CheckIn | FollowUpKind::Lead | FollowUpKind::Outcome => Some(InteractionKind::Message),
        FollowUpKind::Reminder | FollowUpKind::Birthday => None,
    });
    mark_done(db, &follow_up, today)?;
    let mut woken = None;
    let interaction = match (kind, &records) {
        (Some(kind), Some(records)) => {
            warnings.extend(too_often(&records.contact.name, &records.interactions, kind, today));
            let interaction = db.insert_interaction(&Interaction {
                note,
                ..Interaction::new(0, records.contact.id, kind, today)
            })?;
            woken = wake::on_interaction(db, records.contact.id)?;
            Some(interaction)
        }
        _ => {
            if note.is_some() {
                warnings.push(
                    "the note was not recorded: no interaction is logged for this item (add --kind call, for example)"
                        .to_string(),
                );
            }
            None
        }
    };
    Ok(Done { follow_up, interaction, warnings, woken })
}

/// Settles the open follow-up `key` on `today` without logging an interaction, inside
/// the caller's transaction: as `done` does for a reminder (a task cancelled on the
/// phone: nothing was done, and nothing is to be done).
pub fn settle(db: &Db, key: &str, today: NaiveDate) -> Result<FollowUp> {
    let (follow_up, records) = find_open(db, key, today)?;
    let who = records.as_ref().map(|r| format!(" ({})", r.contact.name)).unwrap_or_default();
    db.describe_step(&format!("cancel {}{who}", follow_up.key))?;
    mark_done(db, &follow_up, today)?;
    Ok(follow_up)
}

/// Records that `follow_up` is done for its due date (a reminder is finished).
fn mark_done(db: &Db, follow_up: &FollowUp, today: NaiveDate) -> Result<()> {
    if follow_up.kind == FollowUpKind::Reminder
        && let Some(id) = follow_up.key.strip_prefix("reminder-").and_then(resolve::parse_id)
    {
        db.finish_reminder(id, today)?;
    }
    db.complete(&follow_up.key, follow_up.due_on, today, marks_owner(db, &follow_up.key)?)
}

#[derive(Serialize)]
struct DoneJson<'a> {
    #[serde(flatten)]
    follow_up: FollowUpJson<'a>,
    #[serde(serialize_with = "serialize_date")]
    done_on: chrono::NaiveDate,
    interaction: Option<Interaction>,
}

pub fn run(ctx: &mut Context, args: DoneArgs) -> Result<()> {
    let today = ctx.today;
    let note = args.note.as_deref().and_then(non_empty);
    let kind = args.kind.map(InteractionKind::from);
    let (follow_up, interaction, next, warnings, woken) = ctx.write(|db| {
        let done = complete(db, &args.key, today, kind, note.clone())?;
        let mut follow_ups = match done.follow_up.contact_id {
            Some(id) => ContactRecords::load(db, id)?.follow_ups(db, today)?,
            None => Vec::new(),
        };
        scheduler::sort(&mut follow_ups);
        Ok((done.follow_up, done.interaction, follow_ups.into_iter().next(), done.warnings, done.woken))
    })?;
    for warning in warnings {
        ctx.out.warn(warning);
    }
    if ctx.out.json {
        return ctx.out.json(&DoneJson {
            follow_up: FollowUpJson::new(&follow_up, today),
            done_on: today,
            interaction,
        });
    }
    let who = follow_up.contact.as_deref().unwrap_or("no one");
    let logged = interaction.map(|i| format!(" Logged {} on {}.", i.kind, i.on)).unwrap_or_default();
    let next = next.map(|f| format!(" Next: {} on {}.", f.kind, f.due_on)).unwrap_or_default();
    ctx.out.line(format_args!("Done: {} ({who}).{logged}{next}", follow_up.key))?;
    match woken.and_then(|woken| woken.message()) {
        Some(message) => ctx.out.line(message),
        None => Ok(()),
    }
}
