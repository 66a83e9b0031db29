//! `netcrm list`: contacts as a table, filtered and sorted, printed a chunk at a time
//! so that memory does not grow with the number of contacts (but for their ids).

use super::Context;
use crate::cli::{ListArgs, SortBy};
use crate::error::Result;
use crate::output::ContactJson;
use crate::store::{ContactFilter, ContactOrder};

/// How many contacts are loaded at a time.
const CHUNK: usize = 1000;

pub fn run(ctx: &mut Context, args: ListArgs) -> Result<()> {
    let filter =
        ContactFilter { tags: args.tags, company: args.company, met_at: args.met_at, search: args.search };
    let filtered = !filter.is_everyone();
    let order = match args.sort {
        SortBy::Name => ContactOrder::Name,
        SortBy::Last => ContactOrder::LastContact,
        SortBy::Added => ContactOrder::Added,
    };
    ctx.refresh_to_read()?;
    // One read transaction: the table is measured and printed from the same records.
    ctx.read_printing(|db, out| {
        let ids = db.selected_ids(&filter, order, args.limit)?;
        if out.json {
            let mut count = 0;
            for ids in ids.chunks(CHUNK) {
                let summaries = db.summaries_of(ids)?;
                for contact in db.contacts_by_id(ids)? {
                    let summary = summaries.get(&contact.id).copied().unwrap_or_default();
                    out.json_array_item(count, &ContactJson::new(&contact, summary))?;
                    count += 1;
                }
            }
            return out.json_array_end(count);
        }
        if ids.is_empty() {
            return out.line(if filtered {
                "No contacts match."
            } else {
                "No contacts yet. Add one: netcrm add \"Ada Lovelace\" --met-at RustConf"
            });
        }
        // Measured, then printed, from the same read: every chunk in the same columns.
        out.contact_table(|| ids.chunks(CHUNK).map(|chunk| db.listed(chunk)))
    })
}
