//! `netcrm graph`: who introduced you to whom, as Graphviz DOT or a Mermaid
//! flowchart (or JSON).

use std::collections::BTreeSet;

use super::Context;
use crate::cli::GraphFormat;
use crate::error::Result;
use crate::formats::graph::{self, Graph};
use crate::output::json::GraphJson;

pub fn run(ctx: &mut Context, format: GraphFormat) -> Result<()> {
    let graph = ctx.read(|db| {
        let edges = db.introduction_edges()?;
        let people: BTreeSet<i64> = edges.iter().flat_map(|(from, to, _)| [*from, *to]).collect();
        let mut names = db.names_of(&people.iter().copied().collect::<Vec<_>>())?;
        let nodes = people.into_iter().filter_map(|id| Some((id, names.remove(&id)?))).collect();
        Ok(Graph { nodes, edges })
    })?;
    if ctx.out.json {
        return ctx.out.json(&GraphJson::new(&graph));
    }
    ctx.out.text(&match format {
        GraphFormat::Dot => graph::dot(&graph),
        GraphFormat::Mermaid => graph::mermaid(&graph),
    })
}
