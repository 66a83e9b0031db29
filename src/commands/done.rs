//! `netcrm done`: complete follow-ups (see [`crate::followups::complete_all`]), which
//! logs the interaction each stands for, and say what is next for each person.

use super::{Context, resolve};
use crate::cli::DoneArgs;
use crate::error::Result;
use crate::followups::complete_all;
use crate::model::InteractionKind;
use crate::output::json::DoneJson;
use crate::text::non_empty;

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
    let (done, woken) = ctx.write(|db| {
        let done = complete_all(db, &keys, today, kind, note)?;
        let mut woken = Vec::new();
        for (item, _) in &done {
            woken.push(resolve::woken_message(db, item.woken.as_ref())?);
        }
        Ok((done, woken))
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
    for ((item, next), woken) in done.into_iter().zip(woken) {
        let follow_up = item.follow_up;
        let who = follow_up.contact.as_deref().unwrap_or("no one");
        let logged = item.interaction.map(|i| format!(" Logged {} on {}.", i.kind, i.on)).unwrap_or_default();
        let next = next.map(|f| format!(" Next: {} on {}.", f.kind, f.due_on)).unwrap_or_default();
        ctx.out.line(format_args!("Done: {} ({who}).{logged}{next}", follow_up.key))?;
        if let Some(message) = woken {
            ctx.out.line(message)?;
        }
    }
    Ok(())
}
