//! `netcrm lead add|status|list`: job leads, who passed them on, and where each one
//! stands. A new lead is a follow-up due the same day (rule 5); an interview, offer
//! or hire asks you to tell everyone who helped (rule 6).

use super::Context;
use super::resolve;
use crate::cli::{LeadAction, LeadAddArgs, LeadStatusArg};
use crate::error::{Error, Result};
use crate::model::{Lead, LeadStatus, StatusChange};
use crate::output::LeadRow;
use crate::store::Db;
use crate::text::non_empty;
use crate::validate;

pub fn run(ctx: &mut Context, action: LeadAction) -> Result<()> {
    match action {
        LeadAction::Add(args) => add(ctx, args),
        LeadAction::Status { id, status } => set_status(ctx, &id, status.into()),
        LeadAction::List { status } => list(ctx, status),
    }
}

fn add(ctx: &mut Context, args: LeadAddArgs) -> Result<()> {
    let today = ctx.today;
    let title = non_empty(&args.title).ok_or(Error::EmptyValue { what: "a lead's title" })?;
    let (lead, via) = ctx.write(|db| {
        let mut via: Vec<i64> = Vec::new();
        for query in validate::list(&args.via) {
            let id = resolve::contact(db, &query)?;
            if !via.contains(&id) {
                via.push(id);
            }
        }
        let new = Lead {
            id: 0,
            title,
            company: args.company.as_deref().and_then(non_empty),
            status: LeadStatus::Open,
            via,
            url: args.url.as_deref().and_then(non_empty),
            note: args.note.as_deref().and_then(non_empty),
            created_on: today,
            updated_on: today,
            history: vec![StatusChange { status: LeadStatus::Open, on: today }],
        };
        let id = db.insert_lead(&new)?;
        db.describe_step(&format!("lead add #{id} {}", new.describe()))?;
        let lead = load(db, id)?;
        let via = names(db, &lead)?;
        Ok((lead, via))
    })?;
    if ctx.out.json {
        return ctx.out.json(&lead);
    }
    let from = if via.is_empty() { String::new() } else { format!(", via {}", via.join(", ")) };
    ctx.out.line(format_args!(
        "Added lead #{}: {}{from}. Follow up on it today; netcrm done lead-{} when you have.",
        lead.id,
        lead.describe(),
        lead.id
    ))
}

fn set_status(ctx: &mut Context, query: &str, status: LeadStatus) -> Result<()> {
    let today = ctx.today;
    let (before, lead, via) = ctx.write(|db| {
        let id = resolve::parse_id(query.trim())
            .ok_or_else(|| Error::LeadNotFound { query: query.to_string() })?;
        let before = db.lead(id)?.ok_or_else(|| Error::LeadNotFound { query: query.to_string() })?;
        if before.status != status {
            db.describe_step(&format!("lead status #{id} {} -> {status}", before.status))?;
            db.set_lead_status(id, status, today)?;
        }
        let lead = load(db, id)?;
        let via = names(db, &lead)?;
        Ok((before, lead, via))
    })?;
    if before.status == status {
        ctx.out.warn(format_args!("lead #{} is already {status}; nothing changed", lead.id));
    }
    if ctx.out.json {
        return ctx.out.json(&lead);
    }
    if before.status == status {
        return Ok(());
    }
    let tell = if status.is_positive() && !via.is_empty() {
        format!(" Tell {} how it went (netcrm due lists it).", via.join(" and "))
    } else {
        String::new()
    };
    ctx.out.line(format_args!(
        "Lead #{} ({}): {} -> {status}.{tell}",
        lead.id,
        lead.describe(),
        before.status
    ))
}

fn list(ctx: &mut Context, status: Option<LeadStatusArg>) -> Result<()> {
    let status = status.map(LeadStatus::from);
    let rows = ctx.store.read(|db| {
        let mut rows = Vec::new();
        for lead in db.leads()?.into_iter().rev().filter(|l| status.is_none_or(|s| l.status == s)) {
            let via = names(db, &lead)?;
            rows.push(LeadRow { lead, via });
        }
        Ok(rows)
    })?;
    if rows.is_empty() && !ctx.out.json {
        return ctx.out.line(match status {
            Some(status) => format!("No leads are {status}."),
            None => {
                "No leads yet. Add one: netcrm lead add \"Rust Engineer\" --company Acme --via bob".into()
            }
        });
    }
    ctx.out.leads(&rows)
}

fn load(db: &Db, id: i64) -> Result<Lead> {
    db.lead(id)?.ok_or_else(|| Error::LeadNotFound { query: format!("#{id}") })
}

/// The names of the contacts who helped with a lead, in order.
pub fn names(db: &Db, lead: &Lead) -> Result<Vec<String>> {
    let mut names = Vec::new();
    for id in &lead.via {
        names.extend(db.contact(*id)?.map(|c| c.name));
    }
    Ok(names)
}
