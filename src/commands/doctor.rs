//! `netcrm doctor`: SQLite's integrity and foreign-key checks, and that the stored
//! follow-ups are what the scheduling rules give. One line when healthy; otherwise
//! each problem as a warning, then an error.

use std::collections::{BTreeMap, BTreeSet};

use super::Context;
use crate::error::{Error, Result};
use crate::followups::recomputed;
use crate::model::FollowUp;
use crate::output::json::DoctorJson;

pub fn run(ctx: &mut Context) -> Result<()> {
    let (health, contacts) = ctx.read(|db| Ok((db.health()?, db.contact_count()?)))?;
    let mut stale = Vec::new();
    if health.integrity_problems.is_empty() {
        ctx.refresh()?;
        let today = ctx.today;
        stale = ctx.read(|db| {
            let stored = db.stored_follow_ups(crate::dates::LAST_DATE)?;
            let (fresh, last_contacts) = recomputed(db, today)?;
            let by_key = |list: Vec<FollowUp>| list.into_iter().map(|f| (f.key.clone(), f)).collect();
            let (stored, fresh): (BTreeMap<String, FollowUp>, BTreeMap<String, FollowUp>) =
                (by_key(stored), by_key(fresh));
            // Missing, extra, or different: each key once, in order.
            let mut wrong: Vec<String> = stored
                .keys()
                .chain(fresh.keys())
                .filter(|key| stored.get(*key) != fresh.get(*key))
                .cloned()
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            if db.last_contacts()? != last_contacts {
                wrong.push("the last-contact dates".to_string());
            }
            Ok(wrong)
        })?;
    }
    let stale_problem =
        (!stale.is_empty()).then(|| format!("stored follow-ups differ from the rules: {}", stale.join(", ")));
    let keys_problem = stale_keys_problem(&health.stale_keys);
    let problems: Vec<&String> = health
        .integrity_problems
        .iter()
        .chain(&health.foreign_key_problems)
        .chain(&stale_problem)
        .chain(&keys_problem)
        .collect();
    if !problems.is_empty() {
        for problem in &problems {
            ctx.out.warn(problem);
        }
        return Err(Error::Unhealthy { problems: problems.len() });
    }
    let database = ctx.path().display().to_string();
    if ctx.out.json {
        return ctx.out.json(&DoctorJson::healthy(&database, health.schema_version, contacts));
    }
    let plural = if contacts == 1 { "" } else { "s" };
    ctx.out.line(format_args!(
        "{database} is healthy: schema version {}, {contacts} contact{plural}, integrity and foreign keys ok.",
        health.schema_version
    ))
}

/// The contacts whose keys are out of date, the first ten named, and the way out.
fn stale_keys_problem(ids: &[i64]) -> Option<String> {
    const NAMED: usize = 10;
    if ids.is_empty() {
        return None;
    }
    let mut named: Vec<String> = ids.iter().take(NAMED).map(|id| format!("#{id}")).collect();
    if ids.len() > NAMED {
        named.push(format!("and {} more", ids.len() - NAMED));
    }
    Some(format!(
        "the folded name or LinkedIn key of {} no longer matches the name or URL (changed by another \
         program?): set contacts.name_key and contacts.linkedin_key to NULL there, and netcrm computes \
         them again when it next opens the database",
        named.join(", ")
    ))
}
