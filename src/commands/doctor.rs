//! `netcrm doctor`: SQLite's integrity and foreign-key checks. One line when healthy;
//! otherwise each problem as a warning, then an error.

use serde_json::json;

use super::Context;
use crate::error::{Error, Result};

pub fn run(ctx: &mut Context) -> Result<()> {
    let (health, contacts) = ctx.store.read(|db| Ok((db.health()?, db.contact_count()?)))?;
    let problems: Vec<&String> =
        health.integrity_problems.iter().chain(&health.foreign_key_problems).collect();
    if !problems.is_empty() {
        for problem in &problems {
            ctx.out.warn(problem);
        }
        return Err(Error::Unhealthy { problems: problems.len() });
    }
    let database = ctx.store.path().display().to_string();
    if ctx.out.json {
        return ctx.out.json(&json!({
            "database": database,
            "schema_version": health.schema_version,
            "integrity_check": "ok",
            "foreign_key_check": "ok",
            "contacts": contacts,
        }));
    }
    let plural = if contacts == 1 { "" } else { "s" };
    ctx.out.line(format_args!(
        "{database} is healthy: schema version {}, {contacts} contact{plural}, integrity and foreign keys ok.",
        health.schema_version
    ))
}
