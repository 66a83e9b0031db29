//! `netcrm log`: record an interaction (every interaction restarts the check-in
//! clock; warns, and still records, when contact is daily; the first one with an
//! imported contact starts their check-ins), or correct one (`--edit ID`, moving it
//! to another person with `--contact`; `--rm ID`).

use super::{Context, resolve};
use crate::cli::LogArgs;
use crate::dates;
use crate::error::{Error, Result};
use crate::followups::{self, Logged, load_contact, wake};
use crate::model::{Interaction, InteractionKind, MailDirection};
use crate::output::json::InteractionJson;
use crate::store::Db;
use crate::text::non_empty;

pub fn run(ctx: &mut Context, args: LogArgs) -> Result<()> {
    if let Some(id) = &args.rm {
        return remove(ctx, id);
    }
    if let Some(id) = &args.edit {
        return correct(ctx, id, &args);
    }
    let today = ctx.today;
    let kind = args.kind.map_or(InteractionKind::Meeting, InteractionKind::from);
    if kind != InteractionKind::Met && (args.at.is_some() || args.how.is_some() || args.thank) {
        return Err(meeting_only());
    }
    if args.awaiting_reply && kind != InteractionKind::Email {
        return Err(Error::Usage("--awaiting-reply is for mail you sent: give --kind email too".into()));
    }
    let on = match &args.on {
        Some(date) => dates::parse_past_date(date, today)?,
        None => today,
    };
    let note = args.note.as_deref().and_then(non_empty);
    // clap requires CONTACT without --edit or --rm.
    let query = args.contact.as_deref().unwrap_or_default();
    let (logged, woken) = ctx.write(|db| {
        let id = resolve::contact(db, query)?;
        let interaction = Interaction {
            note: note.clone(),
            at: args.at.as_deref().and_then(non_empty),
            how: args.how.as_deref().and_then(non_empty),
            thank: args.thank,
            direction: args.awaiting_reply.then_some(MailDirection::Sent),
            awaiting_reply: args.awaiting_reply,
            ..Interaction::new(0, id, kind, on)
        };
        let logged = followups::log(db, interaction, today)?;
        let woken = resolve::woken_message(db, logged.woken.as_ref())?;
        Ok((logged, woken))
    })?;
    let Logged { name, interaction, next, warning, met_before, .. } = logged;
    if let Some(warning) = warning {
        ctx.out.warn(warning);
    }
    if ctx.out.json {
        return ctx.out.json(&InteractionJson::from(&interaction));
    }
    let next = next.map(|f| format!(" Next: {} on {}.", f.kind, f.due_on)).unwrap_or_default();
    // A date given in words is confirmed with its weekday.
    let on = args.on.as_deref().map_or_else(|| dates::iso(on), |given| dates::as_given(on, given));
    if kind == InteractionKind::Met {
        let at = interaction.at.as_deref().map(|at| format!(" at {at}")).unwrap_or_default();
        // The first meeting recorded with them (an imported contact has none) is no
        // meeting "again".
        let again = if met_before { " again" } else { "" };
        ctx.out.line(format_args!("Logged meeting {name}{again}{at} on {on}.{next}"))?;
    } else {
        ctx.out.line(format_args!("Logged {kind} with {name} on {on}.{next}"))?;
    }
    match woken {
        Some(message) => ctx.out.line(message),
        None => Ok(()),
    }
}

fn meeting_only() -> Error {
    Error::Usage("--at, --how and --thank describe meeting someone again: give --kind met too".into())
}

/// `log --edit ID`: changes an interaction's date, kind, note, place or topic.
fn correct(ctx: &mut Context, query: &str, args: &LogArgs) -> Result<()> {
    if args.on.is_none()
        && args.kind.is_none()
        && args.note.is_none()
        && args.at.is_none()
        && args.how.is_none()
        && args.move_to.is_none()
    {
        return Err(Error::Usage(format!(
            "log --edit needs a change: netcrm log --edit {query} --on DATE, --kind KIND, --note TEXT or --contact CONTACT"
        )));
    }
    let today = ctx.today;
    let on = args.on.as_deref().map(|date| dates::parse_past_date(date, today)).transpose()?;
    let (before, after, name, moved_from, woken) = ctx.write(|db| {
        let before = find(db, query)?;
        let mut after = before.clone();
        if let Some(to) = &args.move_to {
            after.contact_id = resolve::contact(db, to)?;
        }
        if let Some(kind) = args.kind {
            after.kind = kind.into();
        }
        if after.kind != InteractionKind::Met && (args.at.is_some() || args.how.is_some()) {
            return Err(meeting_only());
        }
        if let Some(on) = on {
            after.on = on;
        }
        if let Some(note) = &args.note {
            after.note = non_empty(note);
        }
        if let Some(at) = &args.at {
            after.at = non_empty(at);
        }
        if let Some(how) = &args.how {
            after.how = non_empty(how);
        }
        // A place and topic belong to meetings only.
        if after.kind != InteractionKind::Met {
            after.at = None;
            after.how = None;
        }
        let mut moved_from = None;
        let mut woken = None;
        if after != before {
            db.describe_step(&format!("log --edit #{} ({} on {})", after.id, before.kind, before.on))?;
            db.update_interaction(&after)?;
            first_meeting_to_contact(db, &before, &after)?;
            if before.source.is_some() && (after.contact_id != before.contact_id || after.on != before.on) {
                // Who appeared together on the message or meeting it came from.
                db.relink(&[before.contact_id, after.contact_id])?;
            }
            if after.contact_id != before.contact_id {
                // The one it was logged with keeps their own first meeting, if any left.
                first_meeting_to_contact(db, &before, &before)?;
                moved_from = Some(load_contact(db, before.contact_id)?.name);
                // Logged by hand with the person it was really with (not found by scan).
                if after.source.is_none() {
                    woken = resolve::woken_message(db, wake::on_interaction(db, after.contact_id)?.as_ref())?;
                }
            }
        }
        let name = load_contact(db, after.contact_id)?.name;
        Ok((before, after, name, moved_from, woken))
    })?;
    if after == before {
        ctx.out.warn(format_args!("interaction #{} already reads so; nothing changed", after.id));
    } else if before.at.is_some() && after.at.is_none() && after.kind != InteractionKind::Met {
        ctx.out.warn(format_args!("interaction #{} is no longer a meeting: its place was dropped", after.id));
    }
    if ctx.out.json {
        return ctx.out.json(&InteractionJson::from(&after));
    }
    if after == before {
        return Ok(());
    }
    // A date given in words is confirmed with its weekday.
    let on =
        args.on.as_deref().map_or_else(|| dates::iso(after.on), |given| dates::as_given(after.on, given));
    let moved = moved_from.map(|from| format!(" (moved from {from})")).unwrap_or_default();
    ctx.out.line(format_args!(
        "Changed interaction #{}: {} with {name} on {on}{moved}.",
        after.id, after.kind
    ))?;
    match woken {
        Some(message) => ctx.out.line(message),
        None => Ok(()),
    }
}

/// `log --rm ID`: removes an interaction logged by mistake.
fn remove(ctx: &mut Context, query: &str) -> Result<()> {
    let (gone, name) = ctx.write(|db| {
        let gone = find(db, query)?;
        db.describe_step(&format!("log --rm #{} ({} on {})", gone.id, gone.kind, gone.on))?;
        db.delete_interaction(gone.id)?;
        first_meeting_to_contact(db, &gone, &gone)?;
        if gone.source.is_some() {
            // The message or meeting it came from no longer links them to the others on it.
            db.relink(&[gone.contact_id])?;
        }
        let name = load_contact(db, gone.contact_id)?.name;
        Ok((gone, name))
    })?;
    if ctx.out.json {
        return ctx.out.json(&InteractionJson::from(&gone));
    }
    ctx.out.line(format_args!("Removed interaction #{}: {} with {name} on {}.", gone.id, gone.kind, gone.on))
}

fn find(db: &Db, query: &str) -> Result<Interaction> {
    let not_found = || Error::InteractionNotFound { query: query.to_string() };
    let id = resolve::parse_id(query.trim()).ok_or_else(not_found)?;
    db.interaction(id)?.ok_or_else(not_found)
}

/// The contact's `met_on`, `met_at` and `how_met` describe their first meeting: after
/// a meeting was corrected or removed, they follow the first `met` left, if any.
fn first_meeting_to_contact(db: &Db, before: &Interaction, after: &Interaction) -> Result<()> {
    if before.kind != InteractionKind::Met && after.kind != InteractionKind::Met {
        return Ok(());
    }
    let history = db.interactions_of(after.contact_id)?;
    let Some(first) = history.iter().find(|i| i.kind == InteractionKind::Met) else {
        return Ok(());
    };
    let mut contact = load_contact(db, after.contact_id)?;
    contact.met_on = Some(first.on);
    contact.met_at = first.at.clone();
    contact.how_met = first.how.clone();
    db.update_contact(&contact)
}
