//! `netcrm lead add|status|list|show|edit|rm`: job leads, who passed them on, and
//! where each one stands. A new lead is a follow-up due the same day (rule 5); an
//! interview, offer or hire, or an end after applying, asks you to tell everyone who
//! helped (rule 6); an application with no answer asks you to chase it (rule 11).

use super::Context;
use super::resolve;
use crate::cli::{LeadAction, LeadAddArgs, LeadEditArgs, LeadStatusArg};
use crate::dates;
use crate::error::{Error, Result};
use crate::followups::{about_leads, stored_about_leads};
use crate::model::{FollowUp, FollowUpKey, FollowUpKind, Lead, LeadStatus, StatusChange};
use crate::output::json::LeadJson;
use crate::output::{LeadPage, LeadRow};
use crate::store::Db;
use crate::text::non_empty;
use crate::validate;

pub fn run(ctx: &mut Context, action: LeadAction) -> Result<()> {
    match action {
        LeadAction::Add(args) => add(ctx, args),
        LeadAction::Status { id, status, on } => set_status(ctx, &id, status.into(), on.as_deref()),
        LeadAction::List { status } => list(ctx, status),
        LeadAction::Show { id } => show(ctx, &id),
        LeadAction::Edit(args) => edit(ctx, args),
        LeadAction::Rm { id } => rm(ctx, &id),
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
        return ctx.out.json(&LeadJson::from(&lead));
    }
    let from = if via.is_empty() { String::new() } else { format!(", via {}", via.join(", ")) };
    ctx.out.line(format_args!(
        "Added lead #{}: {}{from}. Follow up on it today; netcrm done lead-{} when you have.",
        lead.id,
        lead.describe(),
        lead.id
    ))
}

/// `lead status ID STATUS [--on DATE]`: dates the change (default today; only an
/// interview may be in the future). The status it has already is a warning that
/// changes nothing; a step back down the funnel is made, with a warning.
fn set_status(ctx: &mut Context, query: &str, status: LeadStatus, on: Option<&str>) -> Result<()> {
    let today = ctx.today;
    let date = match on {
        None => today,
        Some(input) => {
            let date = dates::parse_date(input, today)?;
            if date > today && status != LeadStatus::Interview {
                let input = input.trim().to_string();
                return Err(Error::LeadStatusInTheFuture { input, date, today, status });
            }
            date
        }
    };
    // The day as the user should see it confirmed: with its weekday unless they typed it.
    let shown = match on {
        Some(input) if dates::parse_iso_date(input).is_err() => format!(" on {}", date.format("%a %Y-%m-%d")),
        Some(_) => format!(" on {date}"),
        None => String::new(),
    };
    let (before, lead, via, items) = ctx.write(|db| {
        let before = find(db, query)?;
        let id = before.id;
        if before.status != status {
            db.describe_step(&format!("lead status #{id} {} -> {status}{shown}", before.status))?;
            db.set_lead_status(id, status, date)?;
        }
        let lead = load(db, id)?;
        let via = names(db, &lead)?;
        let items = about_leads(db, std::slice::from_ref(&lead), today)?.remove(&id).unwrap_or_default();
        Ok((before, lead, via, items))
    })?;
    if before.status == status {
        ctx.out.warn(format_args!("lead #{} is already {status}; nothing changed", lead.id));
    } else if before.status.is_step_back_to(status) {
        ctx.out.warn(format_args!(
            "lead #{} moves back down the funnel: {} -> {status}",
            lead.id, before.status
        ));
    }
    if ctx.out.json {
        return ctx.out.json(&LeadJson::from(&lead));
    }
    if before.status == status {
        return Ok(());
    }
    let helpers = via.join(" and ");
    let told = lead.latest_news().is_some_and(|news| news == StatusChange { status, on: date });
    let next = if told && !via.is_empty() {
        match status {
            LeadStatus::Interview if date > today => format!(
                " Tell {helpers} the application reached an interview, and after it how it went (netcrm lead show {}).",
                lead.id
            ),
            _ if status.is_positive() => format!(" Tell {helpers} how it went (netcrm due lists it)."),
            _ => format!(" Let {helpers} know, and thank them for their help (netcrm due lists it)."),
        }
    } else {
        match items.iter().find(|f| f.kind == FollowUpKind::Chase) {
            Some(chase) => format!(" If you hear nothing, a chase is due on {}.", chase.due_on),
            None => String::new(),
        }
    };
    ctx.out.line(format_args!(
        "Lead #{} ({}): {} -> {status}{shown}.{next}",
        lead.id,
        lead.describe(),
        before.status
    ))
}

fn list(ctx: &mut Context, status: Option<LeadStatusArg>) -> Result<()> {
    let status = status.map(LeadStatus::from);
    let today = ctx.today;
    // The next steps come from the stored follow-ups, brought up to date as for `due`.
    ctx.refresh_to_read()?;
    let rows = ctx.read(|db| {
        let leads: Vec<Lead> =
            db.leads()?.into_iter().rev().filter(|l| status.is_none_or(|s| l.status == s)).collect();
        let mut items = stored_about_leads(db, &leads, today)?;
        let mut helpers: Vec<i64> = leads.iter().flat_map(|l| l.via.iter().copied()).collect();
        helpers.sort_unstable();
        helpers.dedup();
        let known = db.names_of(&helpers)?;
        let mut rows = Vec::new();
        for lead in leads {
            let via = lead.via.iter().filter_map(|id| known.get(id).cloned()).collect();
            let next = items.remove(&lead.id).unwrap_or_default().into_iter().min_by_key(FollowUp::shows_on);
            rows.push(LeadRow { lead, via, next });
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
    ctx.out.leads(&rows, today)
}

/// `lead show ID`: the lead, its helpers, its history and its open follow-ups.
fn show(ctx: &mut Context, query: &str) -> Result<()> {
    let today = ctx.today;
    let (lead, helpers, follow_ups) = ctx.read(|db| {
        let lead = find(db, query)?;
        let mut helpers = Vec::new();
        for id in &lead.via {
            helpers.extend(db.contact(*id)?.map(|c| (c.id, c.name)));
        }
        let follow_ups =
            about_leads(db, std::slice::from_ref(&lead), today)?.remove(&lead.id).unwrap_or_default();
        Ok((lead, helpers, follow_ups))
    })?;
    ctx.out.lead_page(&LeadPage { lead: &lead, helpers, follow_ups: &follow_ups }, today)
}

/// `lead edit ID`: replaces the fields given (an empty value clears one, but for the
/// title) and adds or removes helpers; the first helper owns its follow-ups.
fn edit(ctx: &mut Context, args: LeadEditArgs) -> Result<()> {
    let nothing = [&args.title, &args.company, &args.url, &args.note].iter().all(|v| v.is_none())
        && args.add_via.is_empty()
        && args.remove_via.is_empty();
    if nothing {
        return Err(Error::Usage(
            "lead edit needs something to change: --title, --company, --url, --note, --add-via or --remove-via"
                .into(),
        ));
    }
    let title = match &args.title {
        Some(title) => Some(non_empty(title).ok_or(Error::EmptyValue { what: "a lead's title" })?),
        None => None,
    };
    let (lead, via, changed, already) = ctx.write(|db| {
        let before = find(db, &args.id)?;
        let mut lead = before.clone();
        if let Some(title) = title {
            lead.title = title;
        }
        for (field, value) in
            [(&mut lead.company, &args.company), (&mut lead.url, &args.url), (&mut lead.note, &args.note)]
        {
            if let Some(value) = value {
                *field = non_empty(value);
            }
        }
        for query in validate::list(&args.remove_via) {
            let id = resolve::contact(db, &query)?;
            if !lead.via.contains(&id) {
                let name = db.contact(id)?.map(|c| c.name).unwrap_or_default();
                return Err(Error::NotAHelper { lead: lead.id, id, name });
            }
            lead.via.retain(|helper| *helper != id);
        }
        let mut already = Vec::new();
        for query in validate::list(&args.add_via) {
            let id = resolve::contact(db, &query)?;
            if lead.via.contains(&id) {
                already.extend(db.contact(id)?.map(|c| c.name));
            } else {
                lead.via.push(id);
            }
        }
        let changed = lead != before;
        if changed {
            db.describe_step(&format!("lead edit #{} {}", lead.id, lead.describe()))?;
            db.update_lead(&lead)?;
        }
        let lead = load(db, lead.id)?;
        let via = names(db, &lead)?;
        Ok((lead, via, changed, already))
    })?;
    for name in already {
        ctx.out.warn(format_args!("{name} already helped with lead #{}", lead.id));
    }
    if !changed {
        ctx.out.warn(format_args!("lead #{} already reads so; nothing changed", lead.id));
    }
    if ctx.out.json {
        return ctx.out.json(&LeadJson::from(&lead));
    }
    if !changed {
        return Ok(());
    }
    let from =
        if via.is_empty() { ", helped by no one".to_string() } else { format!(", via {}", via.join(", ")) };
    ctx.out.line(format_args!("Updated lead #{}: {}{from}.", lead.id, lead.describe()))
}

/// `lead rm ID`: removes the lead, its history and what was done or snoozed of its
/// follow-ups, which go with it; `undo` brings all of it back.
fn rm(ctx: &mut Context, query: &str) -> Result<()> {
    let lead = ctx.write(|db| {
        let lead = find(db, query)?;
        let id = lead.id;
        db.describe_step(&format!("lead rm #{id} {}", lead.describe()))?;
        let mut keys = vec![FollowUpKey::Lead(id), FollowUpKey::Chase(id)];
        keys.extend(lead.via.iter().map(|&contact| FollowUpKey::Outcome { lead: id, contact }));
        let keys: Vec<String> = keys.iter().map(FollowUpKey::to_string).collect();
        db.delete_marks(&keys)?;
        db.delete_lead(id)?;
        Ok(lead)
    })?;
    if ctx.out.json {
        return ctx.out.json(&LeadJson::from(&lead));
    }
    ctx.out.line(format_args!(
        "Removed lead #{}: {}, with its follow-ups (netcrm undo brings it back).",
        lead.id,
        lead.describe()
    ))
}

/// The lead with the id `query` names (`3` or `#3`).
fn find(db: &Db, query: &str) -> Result<Lead> {
    let not_found = || Error::LeadNotFound { query: query.to_string() };
    let id = resolve::parse_id(query.trim()).ok_or_else(not_found)?;
    db.lead(id)?.ok_or_else(not_found)
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
