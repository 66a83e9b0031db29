//! `netcrm undo`: revert the last command that changed the database, and again for
//! the one before; `--list` shows what can be undone, `--clear` forgets it all.

use super::Context;
use crate::error::{Error, Result};
use crate::output::json::{ClearedJson, StepJson};

pub fn run(ctx: &mut Context, list: bool, clear: bool) -> Result<()> {
    if list {
        let steps = ctx.read(|db| db.undo_steps())?;
        if ctx.out.json {
            return ctx.out.json(&steps.iter().map(StepJson::from).collect::<Vec<_>>());
        }
        if steps.is_empty() {
            return ctx.out.line("Nothing to undo.");
        }
        for step in steps {
            ctx.out.line(format_args!("{}  {}", step.on, crate::text::visible(&step.description)))?;
        }
        return Ok(());
    }
    if clear {
        let steps = ctx.write_bookkeeping(|db| {
            let steps = db.clear_undo()?;
            // The sync bookkeeping's copies of cards hold old values too.
            crate::sync::forget_old_values(db)?;
            Ok(steps)
        })?;
        let plural = if steps == 1 { "" } else { "s" };
        // Forgetting is complete only once the log is empty: never said before.
        if let Some(pages) = ctx.checkpoint()? {
            return Err(Error::ForgetIncomplete { steps: format!("{steps} step{plural}"), pages });
        }
        if ctx.out.json {
            return ctx.out.json(&ClearedJson { cleared: steps });
        }
        return ctx.out.line(format_args!("Forgot {steps} step{plural}: nothing can be undone now."));
    }
    let step = ctx.undo()?;
    if ctx.out.json {
        return ctx.out.json(&StepJson::from(&step));
    }
    ctx.out.line(format_args!("Undid: {}", crate::text::visible(&step.description)))
}
