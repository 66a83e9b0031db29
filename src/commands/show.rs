//! `netcrm show`: the one-screen briefing on a person before you meet them again.

use super::{Context, follow_ups_of, marks, settings, summary};
use crate::error::{Error, Result};
use crate::output::ContactPage;
use crate::resolve;
use crate::scheduler;

pub fn run(ctx: &mut Context, query: &str) -> Result<()> {
    let today = ctx.today;
    let (contact, interactions, mut follow_ups, introducer, introduced) = ctx.store.read(|db| {
        let id = resolve::contact(db, query)?;
        let contact = db.contact(id)?.ok_or(Error::ContactNotFound {
            query: query.into(),
            candidates: vec![],
        })?;
        let interactions = db.interactions_of(id)?;
        let follow_ups = follow_ups_of(&contact, &interactions, today, &settings(db)?, &marks(db)?);
        let name_of =
            |id: i64| -> Result<Option<(i64, String)>> { Ok(db.contact(id)?.map(|c| (id, c.name))) };
        let introducer = contact.introduced_by.map(name_of).transpose()?.flatten();
        let mut introduced = Vec::new();
        for id in db.introduced_by(id)? {
            introduced.extend(name_of(id)?);
        }
        Ok((contact, interactions, follow_ups, introducer, introduced))
    })?;
    let summary = summary(&interactions, &follow_ups);
    scheduler::sort(&mut follow_ups);
    let newest_first: Vec<_> = interactions.into_iter().rev().collect();
    let page = ContactPage {
        contact: &contact,
        summary,
        introducer,
        introduced,
        interactions: &newest_first,
        follow_ups: &follow_ups,
    };
    ctx.out.contact_page(&page, today)
}
