//! `netcrm list`: contacts as a table, filtered and sorted, printed a chunk at a time
//! so that memory does not grow with the number of contacts (but for their ids).

use super::Context;
use crate::cli::{ListArgs, SortBy};
use crate::error::Result;
use crate::output::{CONTACT_COLUMNS, ContactJson, Widest, contact_row};
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
        // Measured first, so that every chunk is printed in the same columns.
        let listed = || ids.chunks(CHUNK).map(|chunk| db.listed(chunk));
        let mut widest = Widest::new(&CONTACT_COLUMNS);
        for chunk in listed() {
            for contact in chunk? {
                widest.add(&mut contact_row(&contact));
            }
        }
        let mut layout = out.layout(&CONTACT_COLUMNS, &widest);
        if widest.shortens(&layout) {
            // Measured again as shown: a text cut at a word may leave its column narrower.
            let mut shown = Widest::new(&CONTACT_COLUMNS);
            for chunk in listed() {
                for contact in chunk? {
                    let mut row = contact_row(&contact);
                    crate::output::clean(&mut row);
                    shown.add_shown(&row, &layout);
                }
            }
            shown.tighten(&CONTACT_COLUMNS, &mut layout);
        }
        for (n, chunk) in listed().enumerate() {
            let rows = chunk?.iter().map(contact_row).collect();
            out.table_rows(&CONTACT_COLUMNS, &layout, rows, n == 0)?;
        }
        Ok(())
    })
}
