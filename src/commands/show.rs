//! `netcrm show`: the one-screen briefing on a person before you meet them again,
//! with the strength of your tie (`crate::network::strength`).

use super::Context;
use super::resolve;
use crate::error::Result;
use crate::followups::{of_contact, summary};
use crate::network::Tie;
use crate::output::ContactPage;

pub fn run(ctx: &mut Context, query: &str) -> Result<()> {
    let today = ctx.today;
    let (records, follow_ups, introducer, introduced) = ctx.read(|db| {
        let id = resolve::contact(db, query)?;
        let (records, follow_ups) = of_contact(db, id, today)?;
        let name_of =
            |id: i64| -> Result<Option<(i64, String)>> { Ok(db.contact(id)?.map(|c| (id, c.name))) };
        let introducer = records.contact.introduced_by.map(name_of).transpose()?.flatten();
        let mut introduced = Vec::new();
        for id in db.introduced_by(id)? {
            introduced.extend(name_of(id)?);
        }
        Ok((records, follow_ups, introducer, introduced))
    })?;
    let summary = summary(&records.interactions, &follow_ups);
    let contact = &records.contact;
    let since = contact.met_on.unwrap_or(contact.created_at);
    let tie = Tie::of(records.interactions.iter().map(|i| i.on), since, today);
    let newest_first: Vec<_> = records.interactions.iter().rev().cloned().collect();
    let page = ContactPage {
        contact: &records.contact,
        summary,
        tie,
        introducer,
        introduced,
        interactions: &newest_first,
        follow_ups: &follow_ups,
        favors: &records.favors,
        leads: &records.leads,
    };
    ctx.out.contact_page(&page, today)
}
