//! `netcrm dupes`: pairs of contacts that look like one person, with the reason.

use comfy_table::Cell;

use super::Context;
use crate::duplicates;
use crate::error::Result;

pub fn run(ctx: &mut Context) -> Result<()> {
    let contacts = ctx.store.read(|db| db.contacts(&Default::default()))?;
    let pairs = duplicates::find(&contacts);
    if ctx.out.json {
        return ctx.out.json(&pairs);
    }
    if pairs.is_empty() {
        return ctx.out.line("No likely duplicates.");
    }
    let rows: Vec<Vec<Cell>> = pairs
        .iter()
        .map(|d| {
            vec![
                Cell::new(format!("#{} #{}", d.ids[0], d.ids[1])),
                Cell::new(format!("{} / {}", d.names[0], d.names[1])),
                Cell::new(d.reasons.join(", ")),
            ]
        })
        .collect();
    ctx.out.rows(&["ids", "names", "why"], rows)?;
    ctx.out.line(format_args!("Merge a pair with: netcrm merge {} {}", pairs[0].ids[0], pairs[0].ids[1]))
}
