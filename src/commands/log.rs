//! `netcrm log`: record an interaction (every interaction restarts the check-in
//! clock; warns, and still records, when contact is daily; the first one with an
//! imported contact starts their check-ins), or correct one (`--edit ID`, moving it
//! to another person with `--contact`; `--rm ID`).

use chrono::NaiveDate;

use super::Context;
use super::records::ContactRecords;
use super::resolve;
use super::wake;
use crate::cli::LogArgs;
use crate::dates;
use crate::error::{Error, Result};
use crate::model::{FollowUp, Interaction, InteractionKind};
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
    let on = match &args.on {
        Some(date) => dates::parse_past_date(date, today)?,
        None => today,
    };
    let note = args.note.as_deref().and_then(non_empty);
    // clap requires CONTACT without --edit or --rm.
    let query = args.contact.as_deref().unwrap_or_default();
    let (name, interaction, next, warning, met_before, woken) = ctx.write(|db| {
        let id = resolve::contact(db, query)?;
        let before = ContactRecords::load(db, id)?;
        // Contact someone had a follow-up open for was asked for: no warning then.
        let asked = asked_for(&before.follow_ups(db, today)?, today, db.settings()?.thank_you_within);
        let warning =
            if asked { None } else { too_often(&before.contact.name, &before.interactions, kind, on) };
        let met_before = before.interactions.iter().any(|i| i.kind == InteractionKind::Met);
        db.describe_step(&format!("log {kind} with {} on {on}", before.contact.name))?;
        let interaction = db.insert_interaction(&Interaction {
            note: note.clone(),
            at: args.at.as_deref().and_then(non_empty),
            how: args.how.as_deref().and_then(non_empty),
            thank: args.thank,
            ..Interaction::new(0, id, kind, on)
        })?;
        let woken = wake::on_interaction(db, id)?;
        let after = ContactRecords::load(db, id)?;
        let mut follow_ups = after.follow_ups(db, today)?;
        crate::scheduler::sort(&mut follow_ups);
        Ok((after.contact.name, interaction, follow_ups.into_iter().next(), warning, met_before, woken))
    })?;
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
    match woken.and_then(|woken| woken.message()) {
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
            if after.contact_id != before.contact_id {
                // The one it was logged with keeps their own first meeting, if any left.
                first_meeting_to_contact(db, &before, &before)?;
                moved_from = Some(super::records::load_contact(db, before.contact_id)?.name);
                // Logged by hand with the person it was really with (not found by scan).
                if after.source.is_none() {
                    woken = wake::on_interaction(db, after.contact_id)?;
                }
            }
        }
        let name = super::records::load_contact(db, after.contact_id)?.name;
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
    match woken.and_then(|woken| woken.message()) {
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
        let name = super::records::load_contact(db, gone.contact_id)?.name;
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
    let mut contact = super::records::load_contact(db, after.contact_id)?;
    contact.met_on = Some(first.on);
    contact.met_at = first.at.clone();
    contact.how_met = first.how.clone();
    db.update_contact(&contact)
}

/// Whether contact with someone was asked for: one of their `follow_ups` (as they
/// stood before it was logged on `today`) is due today or overdue, or falls due
/// within `thank_you_within`. Snoozed ones count: they are still open.
pub fn asked_for(follow_ups: &[FollowUp], today: NaiveDate, thank_you_within: dates::Duration) -> bool {
    let horizon = thank_you_within.after(today).unwrap_or(dates::LAST_DATE);
    follow_ups.iter().any(|f| f.due_on <= horizon)
}

/// The warning for contacting someone too often, if logging `kind` on `on` does
/// (DESIGN.md): the latest interaction other than `met` dated on or before it is the
/// same day or the day before. Running into someone (`met`) never counts, nor does a
/// thank-you sent the day of, or the day after, meeting them.
pub fn too_often(
    name: &str,
    history: &[Interaction],
    kind: InteractionKind,
    on: NaiveDate,
) -> Option<String> {
    use InteractionKind::{Event, Meeting, Met, ThankYou};
    let near = |i: &&Interaction| i.on <= on && (on - i.on).num_days() <= 1;
    if kind == Met
        || (kind == ThankYou && history.iter().filter(near).any(|i| matches!(i.kind, Met | Meeting | Event)))
    {
        return None;
    }
    let previous =
        history.iter().filter(|i| i.kind != Met && i.on <= on).max_by_key(|i| (i.on, i.id)).filter(near)?;
    let when = match (on - previous.on).num_days() {
        0 => "the same day".to_string(),
        _ => format!("the day before, on {}", previous.on),
    };
    Some(format!(
        "you were in touch with {name} {when} ({}); daily contact is generally considered excessive (logged anyway)",
        previous.kind
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(kind: InteractionKind, on: &str) -> Interaction {
        Interaction::new(0, 1, kind, on.parse().unwrap())
    }

    fn warns(history: &[Interaction], kind: InteractionKind, on: &str) -> bool {
        too_often("Ada", history, kind, on.parse().unwrap()).is_some()
    }

    #[test]
    fn contact_on_the_same_day_or_the_next_warns() {
        let history = [at(InteractionKind::Call, "2026-11-20")];
        assert!(warns(&history, InteractionKind::Email, "2026-11-20"));
        assert!(warns(&history, InteractionKind::Email, "2026-11-21"));
        assert!(!warns(&history, InteractionKind::Email, "2026-11-22"));
        // Only what came before counts.
        assert!(!warns(&history, InteractionKind::Email, "2026-11-18"));
    }

    #[test]
    fn a_thank_you_the_day_of_or_after_a_meeting_never_warns() {
        for met in [InteractionKind::Met, InteractionKind::Meeting, InteractionKind::Event] {
            let history = [at(InteractionKind::Call, "2026-11-20"), at(met, "2026-11-20")];
            assert!(!warns(&history, InteractionKind::ThankYou, "2026-11-20"), "{met}");
            assert!(!warns(&history, InteractionKind::ThankYou, "2026-11-21"), "{met}");
        }
        // After a call, a thank-you the next day is contact like any other.
        assert!(warns(&[at(InteractionKind::Call, "2026-11-20")], InteractionKind::ThankYou, "2026-11-21"));
    }

    #[test]
    fn contact_is_asked_for_while_a_follow_up_is_due_or_falls_due_within_the_thank_you_window() {
        let today: NaiveDate = "2026-11-22".parse().unwrap();
        let within = dates::Duration::parse("2d").unwrap();
        let item = |due_on: &str| FollowUp {
            key: "check-in-1".into(),
            kind: crate::model::FollowUpKind::CheckIn,
            contact_id: Some(1),
            contact: Some("Ada".into()),
            due_on: due_on.parse().unwrap(),
            reason: String::new(),
            snoozed_until: None,
            back_from_snooze: false,
            channel: None,
        };
        for (due_on, asked) in
            [("2026-10-01", true), ("2026-11-22", true), ("2026-11-24", true), ("2026-11-25", false)]
        {
            assert_eq!(asked_for(&[item(due_on)], today, within), asked, "{due_on}");
        }
        assert!(!asked_for(&[], today, within));
        // A snoozed item is still open.
        let snoozed = FollowUp { snoozed_until: Some("2026-12-01".parse().unwrap()), ..item("2026-11-20") };
        assert!(asked_for(&[snoozed], today, within));
    }

    #[test]
    fn meeting_someone_again_never_warns_and_is_not_counted() {
        let history = [at(InteractionKind::Met, "2026-11-20")];
        assert!(!warns(&history, InteractionKind::Met, "2026-11-20"));
        assert!(!warns(&history, InteractionKind::Call, "2026-11-21"));
        assert!(!warns(&[at(InteractionKind::Call, "2026-11-20")], InteractionKind::Met, "2026-11-20"));
    }
}
