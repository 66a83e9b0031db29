//! `netcrm favor` and `netcrm favors`: the ledger of help given and received. A
//! favour received is a thank-you due within the thank-you window (rule 7).

use super::Context;
use super::resolve;
use crate::cli::FavorArgs;
use crate::dates;
use crate::error::{Error, Result};
use crate::model::{Direction, Favor};
use crate::output::Balance;
use crate::output::json::FavorJson;
use crate::text::{fold, non_empty};

pub fn run(ctx: &mut Context, args: FavorArgs) -> Result<()> {
    let today = ctx.today;
    let (direction, what) = match (&args.gave, &args.received) {
        (Some(what), None) => (Direction::Gave, what),
        (None, Some(what)) => (Direction::Received, what),
        // clap's group makes sure exactly one is given.
        _ => return Err(Error::Usage("give --gave TEXT or --received TEXT".into())),
    };
    let what = non_empty(what).ok_or(Error::EmptyValue { what: "a favour" })?;
    let on = match &args.on {
        Some(date) => dates::parse_past_date(date, today)?,
        None => today,
    };
    let (favor, name, thanks_due) = ctx.write(|db| {
        let contact_id = resolve::contact(db, &args.contact)?;
        let name = crate::followups::load_contact(db, contact_id)?.name;
        let favor = db.insert_favor(&Favor { id: 0, contact_id, direction, what, on })?;
        db.describe_step(&format!("favor {} {name} on {on}: {}", direction.as_str(), favor.what))?;
        let thanks_due = match direction {
            Direction::Received => db.settings()?.thank_you_within.after(on),
            Direction::Gave => None,
        };
        Ok((favor, name, thanks_due))
    })?;
    if ctx.out.json {
        return ctx.out.json(&FavorJson::from(&favor));
    }
    match thanks_due {
        Some(due) => ctx.out.line(format_args!(
            "Recorded a favour from {name} on {on}: {}. Thank-you due {due} (favor-thanks-{}).",
            favor.what, favor.id
        )),
        None => ctx.out.line(format_args!("Recorded a favour to {name} on {on}: {}.", favor.what)),
    }
}

/// `favors [--owed]`: per contact, favours given and received and the balance
/// (received minus given); `--owed` keeps the positive balances, largest first.
pub fn list(ctx: &mut Context, owed: bool) -> Result<()> {
    let counts = ctx.read(|db| db.favor_counts())?;
    let mut balances: Vec<Balance> = counts
        .into_iter()
        .map(|(contact_id, contact, given, received)| Balance {
            contact_id,
            contact,
            given,
            received,
            balance: received - given,
        })
        .collect();
    if owed {
        balances.retain(|b| b.balance > 0);
        balances.sort_by_cached_key(|b| (std::cmp::Reverse(b.balance), fold(&b.contact), b.contact_id));
    } else {
        balances.sort_by_cached_key(|b| (fold(&b.contact), b.contact_id));
    }
    if balances.is_empty() && !ctx.out.json {
        return ctx.out.line(if owed {
            "You owe no one a favour."
        } else {
            "No favours yet. Record one: netcrm favor bob --received \"referred me to Acme\""
        });
    }
    ctx.out.balances(&balances)
}
