//! `netcrm rm`: remove a contact with their interactions; whom they introduced stays.

use super::Context;
use super::prompt::confirm;
use super::resolve;
use crate::error::{Error, Result};
use crate::followups::contact_with_summary;
use crate::output::ContactJson;

pub fn run(ctx: &mut Context, query: &str, yes: bool) -> Result<()> {
    let today = ctx.today;
    let (contact, summary, interactions) = ctx.read(|db| {
        let id = resolve::contact(db, query)?;
        let (contact, summary) = contact_with_summary(db, id, today)?;
        Ok((contact, summary, db.interactions_of(id)?.len()))
    })?;
    if !yes {
        if !ctx.interactive {
            return Err(Error::Usage(format!(
                "rm needs --yes when not on a terminal: netcrm rm {} --yes",
                contact.id
            )));
        }
        ctx.refuse_if_read_only()?;
        let prompt =
            format!("Remove {} (#{}) and their {interactions} interaction(s)?", contact.name, contact.id);
        if !confirm(&prompt)? {
            return Err(Error::Cancelled(format!("{} (#{}) was not removed", contact.name, contact.id)));
        }
    }
    ctx.write(|db| {
        db.describe_step(&format!("rm {} (#{})", contact.name, contact.id))?;
        db.delete_contact(contact.id)
    })?;
    if ctx.out.json {
        return ctx.out.json(&ContactJson::new(&contact, summary));
    }
    ctx.out.line(format_args!("Removed {} (#{}).", contact.name, contact.id))
}
