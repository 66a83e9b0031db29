//! `netcrm list`: contacts as a table, filtered and sorted.

use std::cmp::Reverse;

use super::Context;
use super::records::summaries;
use crate::cli::{ListArgs, SortBy};
use crate::error::Result;
use crate::store::ContactFilter;
use crate::text::fold;

pub fn run(ctx: &mut Context, args: ListArgs) -> Result<()> {
    let filter =
        ContactFilter { tags: args.tags, company: args.company, met_at: args.met_at, search: args.search };
    let filtered = !filter.is_everyone();
    ctx.refresh()?;
    let mut rows = ctx.store.read(|db| summaries(db, &filter))?;
    match args.sort {
        SortBy::Name => rows.sort_by_cached_key(|(c, _)| (fold(&c.name), c.id)),
        // Most recently contacted first; never contacted last.
        SortBy::Last => rows.sort_by_key(|(c, s)| (s.last_contact.is_none(), Reverse(s.last_contact), c.id)),
        SortBy::Added => rows.sort_by_key(|(c, _)| c.id),
    }
    if let Some(limit) = args.limit {
        rows.truncate(limit);
    }
    if rows.is_empty() && !ctx.out.json {
        return ctx.out.line(if filtered {
            "No contacts match."
        } else {
            "No contacts yet. Add one: netcrm add \"Ada Lovelace\" --met-at RustConf"
        });
    }
    ctx.out.contacts(&rows)
}
