//! `netcrm review`: the morning list one item at a time, on a terminal. Each screen
//! shows an item, the person's briefing and one-key choices; each action (done,
//! snooze, log) is its own undo step, made at once.

use console::{Key, Term};

use std::path::Path;

use super::{Context, date_or_duration, prompt, resolve, templates_dir};
use crate::error::{Error, Result};
use crate::followups::{
    self, Agenda, agenda, briefing, complete_all, compose, draft_record, find_open, to_maildir,
};
use crate::model::{FollowUp, Interaction, InteractionKind};
use crate::output::CHOICES;
use crate::text::non_empty;

/// What the user chose for an item.
enum Choice {
    Done,
    Write,
    Snooze,
    Log,
    Next,
    Quit,
}

pub fn run(ctx: &mut Context) -> Result<()> {
    if !ctx.interactive || !Term::stdout().is_term() {
        return Err(Error::Usage(
            "review walks the due items one key at a time on a terminal; here, use netcrm due (or netcrm due --json)"
                .into(),
        ));
    }
    let today = ctx.today;
    ctx.refresh()?;
    let items = ctx.read(|db| agenda(db, today, &Agenda::default()))?;
    if items.is_empty() {
        return ctx.out.line("Nothing due today. You're all caught up.");
    }
    let total = items.len();
    let mut acted = 0;
    for (index, item) in items.iter().enumerate() {
        let (mut shown, mut touched) = (false, false);
        loop {
            // An earlier action (a log, a done) may have settled it.
            let Some(item) = ctx.read(|db| still_due(db, item, today))? else { break };
            if shown {
                ctx.out.line(format_args!("  {CHOICES}"))?;
            } else {
                let briefing = match item.contact_id {
                    Some(id) => Some(ctx.read(|db| briefing(db, id))?),
                    None => None,
                };
                ctx.out.review_item((index + 1, total), &item, briefing.as_ref(), today)?;
                shown = true;
            }
            ctx.out.flush()?;
            match choose()? {
                Choice::Done => {
                    done(ctx, &item)?;
                    touched = true;
                    break;
                }
                Choice::Write => write(ctx, &item)?,
                Choice::Snooze => {
                    snooze(ctx, &item)?;
                    touched = true;
                    break;
                }
                // Asked again while still due (a call does not chase a lead).
                Choice::Log => touched |= log(ctx, &item)?,
                Choice::Next => break,
                Choice::Quit => {
                    acted += usize::from(touched);
                    return ctx.out.line(format_args!("Stopped; {acted} of {total} acted on."));
                }
            }
        }
        acted += usize::from(touched);
    }
    ctx.out.line(format_args!("That was everything due: {acted} of {total} acted on."))
}

/// The item as it is now, if it is still open and due.
fn still_due(db: &crate::store::Db, item: &FollowUp, today: chrono::NaiveDate) -> Result<Option<FollowUp>> {
    match find_open(db, &item.key, today) {
        Ok((item, _)) => Ok(Some(item).filter(|f| f.shows_on() <= today)),
        Err(Error::NoSuchFollowUp { .. }) => Ok(None),
        Err(error) => Err(error),
    }
}

/// Reads one key: `d`, `w`, `s`, `l`, `n` (or Enter), `q` (or Escape); any other is
/// asked again.
fn choose() -> Result<Choice> {
    let term = Term::stderr();
    loop {
        let key = term.read_key().map_err(|e| Error::Prompt(format!("cannot read a key: {e}")))?;
        let choice = match key {
            Key::Char('d' | 'D') => Choice::Done,
            Key::Char('w' | 'W') => Choice::Write,
            Key::Char('s' | 'S') => Choice::Snooze,
            Key::Char('l' | 'L') => Choice::Log,
            Key::Char('n' | 'N' | ' ') | Key::Enter => Choice::Next,
            Key::Char('q' | 'Q') | Key::Escape => Choice::Quit,
            _ => continue,
        };
        return Ok(choice);
    }
}

/// `d`: done, as `netcrm done KEY` (its usual interaction, no note).
fn done(ctx: &mut Context, item: &FollowUp) -> Result<()> {
    let today = ctx.today;
    let done = ctx.write(|db| complete_all(db, &[item.key.as_str()], today, None, None))?;
    for (item, next) in done {
        for warning in &item.warnings {
            ctx.out.warn(warning);
        }
        let logged = item.interaction.map(|i| format!(" Logged {} on {}.", i.kind, i.on)).unwrap_or_default();
        let next = next.map(|f| format!(" Next: {} on {}.", f.kind, f.due_on)).unwrap_or_default();
        ctx.out.line(format_args!("  Done: {}.{logged}{next}", item.follow_up.key))?;
    }
    Ok(())
}

/// `w`: the draft of a message for the item (as `netcrm draft KEY`), written into
/// the drafts Maildir when one is set (`drafts-maildir`), else shown.
fn write(ctx: &mut Context, item: &FollowUp) -> Result<()> {
    let today = ctx.today;
    let record = ctx.read(|db| draft_record(db, &item.key, today))?;
    let draft = compose(&record, templates_dir().as_deref())?;
    if let Some(dir) = &record.mail.drafts_maildir {
        match to_maildir(&record, &draft, Path::new(dir), ctx.now, "--maildir") {
            Ok(file) => return ctx.out.line(format_args!("  Wrote the draft to {}.", file.display())),
            // No address to write to: shown instead, with why.
            Err(
                error @ (Error::DraftWithoutEmail { .. }
                | Error::DraftForNoOne { .. }
                | Error::DraftWithoutMyAddress),
            ) => {
                ctx.out.warn(error);
            }
            Err(error) => return Err(error),
        }
    }
    let to = record.channel().map(|to| format!(" {to}")).unwrap_or_default();
    let text = format!("To:{to}\nSubject: {}\n\n{}", draft.subject, draft.body);
    ctx.out.line("")?;
    for line in text.lines() {
        ctx.out.line(format_args!("    {line}").to_string().trim_end())?;
    }
    ctx.out.line("")
}

/// `s`: snoozes the item for a duration or until a date asked for (1w when none is
/// given).
fn snooze(ctx: &mut Context, item: &FollowUp) -> Result<()> {
    let today = ctx.today;
    ctx.out.flush()?;
    let until = prompt::ask("Snooze for (3d, 1w, 2m) or until (friday, 2026-12-24) [1w]", true, |answer| {
        let until = match crate::dates::parse_offset(answer) {
            Ok(_) => date_or_duration(None, Some(answer), today)?,
            Err(_) => date_or_duration(Some(answer), None, today)?,
        };
        if until <= today {
            return Err(Error::SnoozeNotAfterToday { until, today });
        }
        Ok(until)
    })?;
    let until = match until {
        Some(until) => until,
        None => date_or_duration(None, Some("1w"), today)?,
    };
    let snoozed = ctx.write(|db| followups::snooze(db, &item.key, until, today))?;
    ctx.out.line(format_args!(
        "  Snoozed {} until {} (due {}).",
        snoozed.key,
        crate::dates::iso(until),
        snoozed.due_on
    ))
}

/// `l`: logs an interaction with the item's person, asking its kind (the one `done`
/// would log, or a message) and a note. `false` when nothing was logged.
fn log(ctx: &mut Context, item: &FollowUp) -> Result<bool> {
    let Some(contact_id) = item.contact_id else {
        ctx.out.line("  This item concerns no one: nothing to log with. Choose d to mark it done.")?;
        return Ok(false);
    };
    let today = ctx.today;
    let usual = item.kind.completed_by().unwrap_or(InteractionKind::Message);
    let prompt =
        format!("Kind (meeting, call, email, message, letter, event, thank-you, met, other) [{usual}]");
    ctx.out.flush()?;
    let kind = prompt::ask(&prompt, true, |answer| answer.parse::<InteractionKind>().map_err(Error::Usage))?
        .unwrap_or(usual);
    let note = prompt::ask("Note (optional)", true, |answer| Ok(answer.to_string()))?;
    let interaction = Interaction {
        note: note.as_deref().and_then(non_empty),
        ..Interaction::new(0, contact_id, kind, today)
    };
    let (logged, woken) = ctx.write(|db| {
        let logged = followups::log(db, interaction, today)?;
        let woken = resolve::woken_message(db, logged.woken.as_ref())?;
        Ok((logged, woken))
    })?;
    if let Some(warning) = &logged.warning {
        ctx.out.warn(warning);
    }
    let next = logged.next.map(|f| format!(" Next: {} on {}.", f.kind, f.due_on)).unwrap_or_default();
    ctx.out.line(format_args!(
        "  Logged {kind} with {} on {}.{next}",
        logged.name,
        crate::dates::iso(today)
    ))?;
    if let Some(message) = woken {
        ctx.out.line(format_args!("  {message}"))?;
    }
    Ok(true)
}
