//! `netcrm reconnect`: the dormant ties worth reviving, ranked.

use super::Context;
use crate::error::Result;
use crate::followups::dormant_list;

pub fn run(ctx: &mut Context, limit: Option<usize>) -> Result<()> {
    let today = ctx.today;
    let (mut list, dormant_after) =
        ctx.read(|db| Ok((dormant_list(db, today)?, db.settings()?.dormant_after)))?;
    if let Some(limit) = limit {
        list.truncate(limit);
    }
    if list.is_empty() && !ctx.out.json {
        return ctx.out.line(format_args!(
            "No dormant ties: no one you were in touch with twice or more has been quiet for over {dormant_after}."
        ));
    }
    ctx.out.dormant(&list)
}
