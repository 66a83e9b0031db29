//! `netcrm path CONTACT` and `netcrm path --company NAME|DOMAIN`: the warm routes to a
//! person or to everyone at a company, best first, each explained in words
//! (DESIGN.md "Ties and reach"; the routes are `crate::network`'s).

use super::Context;
use super::resolve;
use crate::cli::PathArgs;
use crate::error::Result;
use crate::network::{CompanyQuery, path_to_company, path_to_contact};
use crate::output::json::RouteJson;
use crate::text::visible;

pub fn run(ctx: &mut Context, args: PathArgs) -> Result<()> {
    let today = ctx.today;
    let limit = args.limit;
    let (routes, to) = ctx.read_scattered(|db| match (&args.contact, &args.company) {
        (_, Some(name)) => {
            let (routes, _) = path_to_company(db, &CompanyQuery::parse(name), today, limit)?;
            Ok((routes, name.trim().to_string()))
        }
        (Some(query), None) => {
            let id = resolve::contact(db, query)?;
            let name = db.contact(id)?.map_or_else(|| query.clone(), |c| c.name);
            Ok((path_to_contact(db, id, today, limit)?, name))
        }
        // clap asks for one of them.
        (None, None) => Ok((Vec::new(), String::new())),
    })?;
    if ctx.out.json {
        let routes: Vec<RouteJson> = routes.iter().map(RouteJson::from).collect();
        return ctx.out.json(&routes);
    }
    if routes.is_empty() {
        return ctx.out.line(format_args!("No warm route to {}.", visible(&to)));
    }
    for route in &routes {
        ctx.out.line(format_args!("{:.2}  {}", route.score, visible(&route.why)))?;
    }
    Ok(())
}
