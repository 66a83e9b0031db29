//! `netcrm dupes`: pairs of contacts that look like one person, with the reason.

use super::Context;
use crate::duplicates;
use crate::error::Result;
use crate::output::{Column, Field};

pub fn run(ctx: &mut Context) -> Result<()> {
    // Only the contacts that share a key with someone are loaded and compared.
    let contacts = ctx.store.read(|db| db.contacts_by_id(&db.duplicate_candidates()?))?;
    let pairs = duplicates::find(&contacts);
    if ctx.out.json {
        return ctx.out.json(&pairs);
    }
    if pairs.is_empty() {
        return ctx.out.line("No likely duplicates.");
    }
    const COLUMNS: [Column; 3] = [Column::whole("ids"), Column::text("names", 16), Column::text("why", 10)];
    let rows: Vec<Vec<Field>> = pairs
        .iter()
        .map(|d| {
            vec![
                Field::from(format!("#{} #{}", d.ids[0], d.ids[1])),
                Field::from(format!("{} / {}", d.names[0], d.names[1])),
                Field::from(d.reasons.join(", ")),
            ]
        })
        .collect();
    ctx.out.table(&COLUMNS, rows)?;
    ctx.out.line(format_args!("Merge a pair with: netcrm merge {} {}", pairs[0].ids[0], pairs[0].ids[1]))
}
