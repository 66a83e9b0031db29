//! `netcrm target add|list|rm`: your target employers, with your advocates at each,
//! the best route in, the open leads there and the last time you were in touch
//! (DESIGN.md "Ties and reach"; gathered by `crate::network::reach`).

use super::Context;
use crate::cli::TargetAction;
use crate::error::{Error, Result};
use crate::network::reach::{self, TargetView};
use crate::output::json::{TargetJson, TargetRecordJson};
use crate::text::{name_key_without_accents, visible};

pub fn run(ctx: &mut Context, action: TargetAction) -> Result<()> {
    match action {
        TargetAction::Add { company, note } => add(ctx, &company, note.as_deref()),
        TargetAction::List => list(ctx),
        TargetAction::Rm { company } => rm(ctx, &company),
    }
}

fn add(ctx: &mut Context, company: &str, note: Option<&str>) -> Result<()> {
    let company = company.trim();
    let key = name_key_without_accents(company);
    if key.is_empty() {
        return Err(Error::EmptyCompany);
    }
    let note = note.map(str::trim).filter(|n| !n.is_empty());
    let today = ctx.today;
    let (target, new) = ctx.write(|db| {
        db.describe_step(&format!("target add {company}"))?;
        let new = db.put_target(company, &key, note, today)?;
        let target =
            db.target(&key)?.ok_or_else(|| Error::TargetNotFound { company: company.to_string() })?;
        Ok((target, new))
    })?;
    if ctx.out.json {
        return ctx.out.json(&TargetRecordJson::from(&target));
    }
    let name = visible(&target.company);
    match (new, note) {
        (true, _) => ctx.out.line(format_args!(
            "Added {name} to your targets (netcrm path --company '{name}' shows the way in)."
        )),
        (false, Some(_)) => ctx.out.line(format_args!("Updated the note of {name}.")),
        (false, None) => ctx.out.line(format_args!("{name} is one of your targets already.")),
    }
}

fn rm(ctx: &mut Context, company: &str) -> Result<()> {
    let key = name_key_without_accents(company);
    let target = ctx.write(|db| {
        db.describe_step(&format!("target rm {}", company.trim()))?;
        db.remove_target(&key)?.ok_or_else(|| Error::TargetNotFound { company: company.to_string() })
    })?;
    if ctx.out.json {
        return ctx.out.json(&TargetRecordJson::from(&target));
    }
    ctx.out.line(format_args!("Removed {} from your targets.", visible(&target.company)))
}

fn list(ctx: &mut Context) -> Result<()> {
    let today = ctx.today;
    let views = ctx.read_scattered(|db| reach::targets(db, today))?;
    if ctx.out.json {
        let shown: Vec<TargetJson> = views.iter().map(TargetJson::from).collect();
        return ctx.out.json(&shown);
    }
    if views.is_empty() {
        return ctx.out.line("No targets yet: netcrm target add COMPANY");
    }
    for view in &views {
        ctx.out.line(summary(view))?;
        match &view.best {
            Some(route) => {
                ctx.out.line(format_args!("  best: {:.2}  {}", route.score, visible(&route.why)))?
            }
            None => ctx.out.line("  best: no warm route yet")?,
        }
    }
    Ok(())
}

/// `Contoso: 3 contacts there, 1 open lead, last touch 2026-11-01 (platform team)`.
fn summary(view: &TargetView) -> String {
    let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut parts = vec![
        plural(view.advocates.len(), "contact there", "contacts there"),
        plural(view.open_leads.len(), "open lead", "open leads"),
    ];
    parts.push(match view.last_touch {
        Some(on) => format!("last touch {on}"),
        None => "never in touch".to_string(),
    });
    let note = view.target.note.as_deref().map(|n| format!(" ({})", visible(n))).unwrap_or_default();
    format!("{}: {}{note}", visible(&view.target.company), parts.join(", "))
}
