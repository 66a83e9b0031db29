//! `netcrm done`: complete a follow-up; logs the interaction it stands for, so the
//! next check-in counts from today (and an imported contact starts getting check-ins).

use super::Context;
use super::records::{ContactRecords, find_open, marks_owner};
use super::resolve;
use super::wake::{self, Woken};
use crate::cli::DoneArgs;
use crate::error::{Error, Result};
use chrono::NaiveDate;

use crate::model::{FollowUp, FollowUpKind, Interaction, InteractionKind};
use crate::output::json::DoneJson;
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
    complete_found(db, follow_up, records.as_ref(), today, kind, note, &mut Vec::new())
}

/// [`complete`] for a follow-up found earlier in the transaction (by [`find_open`]),
/// as it stood then: `done KEY...` finds every key before it completes any, so that
/// one key's interaction does not settle or move another's item. An interaction of
/// the same kind with the same person that this command logged already (`logged`) is
/// not logged again: one thank-you thanks them for everything.
pub fn complete_found(
    db: &Db,
    follow_up: FollowUp,
    records: Option<&ContactRecords>,
    today: NaiveDate,
    kind: Option<InteractionKind>,
    note: Option<String>,
    logged: &mut Vec<Interaction>,
) -> Result<Done> {
    let mut warnings = Vec::new();
    let who = records.map(|r| format!(" ({})", r.contact.name)).unwrap_or_default();
    db.describe_step(&format!("done {}{who}", follow_up.key))?;
    let kind = kind.or(match follow_up.kind {
        FollowUpKind::ThankYou | FollowUpKind::IntroThanks | FollowUpKind::FavorThanks => {
            Some(InteractionKind::ThankYou)
        }
        FollowUpKind::CheckIn | FollowUpKind::Lead | FollowUpKind::Outcome | FollowUpKind::Chase => {
            Some(InteractionKind::Message)
        }
        FollowUpKind::Reminder | FollowUpKind::Birthday => None,
    });
    mark_done(db, &follow_up, today)?;
    let mut woken = None;
    let interaction = match (kind, records) {
        // Contact a follow-up asked for is never too often: `done` does not warn.
        (Some(kind), Some(records)) => {
            let same = logged.iter().find(|i| i.contact_id == records.contact.id && i.kind == kind);
            match same {
                Some(same) => Some(same.clone()),
                None => {
                    let interaction = db.insert_interaction(&Interaction {
                        note,
                        ..Interaction::new(0, records.contact.id, kind, today)
                    })?;
                    logged.push(interaction.clone());
                    woken = wake::on_interaction(db, records.contact.id)?;
                    Some(interaction)
                }
            }
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

pub fn run(ctx: &mut Context, args: DoneArgs) -> Result<()> {
    let today = ctx.today;
    let note = args.note.as_deref().and_then(non_empty);
    let kind = args.kind.map(InteractionKind::from);
    // A key given twice is done once.
    let mut keys: Vec<&str> = Vec::new();
    for key in args.keys.iter().map(|k| k.trim()) {
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    let done = ctx.write(|db| {
        // Every key is found before any is done: an unknown or finished one is the
        // error, and nothing is done (one transaction, one undo step).
        let mut found = Vec::new();
        for key in &keys {
            found.push(find_to_do(db, key, today)?);
        }
        let mut done = Vec::new();
        let mut logged = Vec::new();
        for (follow_up, records) in found {
            let records = records.as_ref();
            done.push(complete_found(db, follow_up, records, today, kind, note.clone(), &mut logged)?);
        }
        if done.len() > 1 {
            let names: Vec<String> = done
                .iter()
                .map(|d| match &d.follow_up.contact {
                    Some(name) => format!("{} ({name})", d.follow_up.key),
                    None => d.follow_up.key.clone(),
                })
                .collect();
            db.describe_step(&format!("done {}", names.join(", ")))?;
        }
        // What is next for each person, once everything is done.
        let mut next = Vec::new();
        for item in &done {
            let mut follow_ups = match item.follow_up.contact_id {
                Some(id) => ContactRecords::load(db, id)?.follow_ups(db, today)?,
                None => Vec::new(),
            };
            scheduler::sort(&mut follow_ups);
            next.push(follow_ups.into_iter().next());
        }
        Ok(done.into_iter().zip(next).collect::<Vec<_>>())
    })?;
    for (item, _) in &done {
        for warning in &item.warnings {
            ctx.out.warn(warning);
        }
    }
    if ctx.out.json {
        let views: Vec<DoneJson> = done
            .iter()
            .map(|(item, _)| DoneJson::new(&item.follow_up, today, item.interaction.as_ref()))
            .collect();
        // One key: the object, as always; several: an array of them.
        return match views.as_slice() {
            [one] => ctx.out.json(one),
            _ => ctx.out.json(&views),
        };
    }
    for (item, next) in done {
        let follow_up = item.follow_up;
        let who = follow_up.contact.as_deref().unwrap_or("no one");
        let logged = item.interaction.map(|i| format!(" Logged {} on {}.", i.kind, i.on)).unwrap_or_default();
        let next = next.map(|f| format!(" Next: {} on {}.", f.kind, f.due_on)).unwrap_or_default();
        ctx.out.line(format_args!("Done: {} ({who}).{logged}{next}", follow_up.key))?;
        if let Some(message) = item.woken.and_then(|woken| woken.message()) {
            ctx.out.line(message)?;
        }
    }
    Ok(())
}

/// The open follow-up `key` to complete, with its person's records; a key that is
/// not open but was done is an error that says when.
fn find_to_do(db: &Db, key: &str, today: NaiveDate) -> Result<(FollowUp, Option<ContactRecords>)> {
    match find_open(db, key, today) {
        Err(Error::NoSuchFollowUp { key }) => match db.last_done(&key)? {
            Some(done_on) => Err(Error::FollowUpDone { key, done_on }),
            None => Err(Error::NoSuchFollowUp { key }),
        },
        found => found,
    }
}
