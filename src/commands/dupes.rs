//! `netcrm dupes`: pairs of contacts that look like one person, with the reason, but
//! those the user said are different people; `dupes --not A B` says so of a pair.

use super::Context;
use super::resolve;
use crate::cli::DupesArgs;
use crate::duplicates;
use crate::error::{Error, Result};
use crate::followups::load_contact;
use crate::output::json::PairJson;

pub fn run(ctx: &mut Context, args: DupesArgs) -> Result<()> {
    if let Some(pair) = &args.not {
        return not(ctx, pair);
    }
    // Only the contacts that share a key with someone are loaded and compared.
    let (contacts, distinct) =
        ctx.read(|db| Ok((db.contacts_by_id(&db.duplicate_candidates()?)?, db.distinct_people()?)))?;
    let mut pairs = duplicates::find(&contacts);
    pairs.retain(|d| !distinct.contains(&(d.ids[0], d.ids[1])));
    if pairs.is_empty() && !ctx.out.json {
        return ctx.out.line("No likely duplicates.");
    }
    ctx.out.duplicates(&pairs)?;
    match pairs.first() {
        Some(pair) if !ctx.out.json => {
            let [a, b] = pair.ids;
            ctx.out.line(format_args!(
                "Merge a pair with: netcrm merge {a} {b} (two people? netcrm dupes --not {a} {b})"
            ))
        }
        _ => Ok(()),
    }
}

/// `dupes --not A B`: records that A and B are different people (one undo step; none
/// when that was known).
fn not(ctx: &mut Context, pair: &[String]) -> Result<()> {
    let [a, b] = pair else {
        return Err(Error::Usage("dupes --not takes two contacts: netcrm dupes --not A B".into()));
    };
    let (ids, names, new) = ctx.write(|db| {
        let (a, b) =
            (load_contact(db, resolve::contact(db, a)?)?, load_contact(db, resolve::contact(db, b)?)?);
        if a.id == b.id {
            return Err(Error::DistinctFromSelf { id: a.id, name: a.name });
        }
        let (low, high) = if a.id < b.id { (a, b) } else { (b, a) };
        db.describe_step(&format!("dupes --not {} (#{}) {} (#{})", low.name, low.id, high.name, high.id))?;
        let new = db.mark_distinct_people(low.id, high.id)?;
        Ok(([low.id, high.id], [low.name, high.name], new))
    })?;
    if !new {
        ctx.out.warn(format_args!(
            "{} (#{}) and {} (#{}) were already known as different people; nothing changed",
            names[0], ids[0], names[1], ids[1]
        ));
    }
    if ctx.out.json {
        return ctx.out.json(&PairJson { ids, names: &names });
    }
    if !new {
        return Ok(());
    }
    ctx.out.line(format_args!(
        "Noted: {} (#{}) and {} (#{}) are different people; dupes leaves them out.",
        names[0], ids[0], names[1], ids[1]
    ))
}
