//! `netcrm done`: complete a follow-up; logs the interaction it stands for, so the
//! next check-in counts from today.

use serde::Serialize;

use super::Context;
use super::log::too_often;
use super::records::{ContactRecords, find_open, marks_owner};
use super::resolve;
use crate::cli::DoneArgs;
use crate::error::Result;
use crate::model::{FollowUpKind, Interaction, InteractionKind, serialize_date};
use crate::output::FollowUpJson;
use crate::scheduler;
use crate::text::non_empty;

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
    let (follow_up, interaction, next, warnings) = ctx.write(|db| {
        let (follow_up, records) = find_open(db, &args.key, today)?;
        let mut warnings = Vec::new();
        let contact_id = records.as_ref().map(|r| r.contact.id);
        let who = records.as_ref().map(|r| format!(" ({})", r.contact.name)).unwrap_or_default();
        db.describe_step(&format!("done {}{who}", follow_up.key))?;
        let kind = args.kind.map(InteractionKind::from).or(match follow_up.kind {
            FollowUpKind::ThankYou | FollowUpKind::IntroThanks | FollowUpKind::FavorThanks => {
                Some(InteractionKind::ThankYou)
            }
            FollowUpKind::CheckIn | FollowUpKind::Lead | FollowUpKind::Outcome => Some(InteractionKind::Message),
            FollowUpKind::Reminder | FollowUpKind::Birthday => None,
        });
        if follow_up.kind == FollowUpKind::Reminder
            && let Some(id) = follow_up.key.strip_prefix("reminder-").and_then(resolve::parse_id)
        {
            db.finish_reminder(id, today)?;
        }
        db.complete(&follow_up.key, follow_up.due_on, today, marks_owner(db, &follow_up.key)?)?;
        let interaction = match (kind, &records) {
            (Some(kind), Some(records)) => {
                warnings.extend(too_often(&records.contact.name, &records.interactions, kind, today));
                Some(db.insert_interaction(&Interaction {
                    note: note.clone(),
                    ..Interaction::new(0, records.contact.id, kind, today)
                })?)
            }
            _ => {
                if note.is_some() {
                    warnings.push("the note was not recorded: no interaction is logged for this item (add --kind call, for example)".to_string());
                }
                None
            }
        };
        let mut follow_ups = match contact_id {
            Some(id) => ContactRecords::load(db, id)?.follow_ups(db, today)?,
            None => Vec::new(),
        };
        scheduler::sort(&mut follow_ups);
        Ok((follow_up, interaction, follow_ups.into_iter().next(), warnings))
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
    ctx.out.line(format_args!("Done: {} ({who}).{logged}{next}", follow_up.key))
}
