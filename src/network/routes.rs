//! Warm routes to a person (DESIGN.md "Ties and reach"): direct (you -> T, score =
//! strength(T)) or through one person (you -> X -> T, score = strength(X) x link(X,
//! T)), best first, each explained in words. Pure: the people, their ties and the
//! links the store found in, ranked routes out.

use std::cmp::Ordering;
use std::collections::HashMap;

use super::links::Link;
use super::strength::Tie;
use crate::draft::first_name;

/// Someone on a route: a target or the person you would ask.
#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    pub id: i64,
    pub name: String,
    /// The name folded as names are (for ordering ties).
    pub name_key: String,
    pub company: Option<String>,
    /// Their given name, when known (`{first_name}` of drafts).
    pub given: Option<String>,
    pub tie: Tie,
}

impl Person {
    fn first_name(&self) -> &str {
        first_name(&self.name, self.given.as_deref()).unwrap_or(&self.name)
    }

    /// `Tomás Ortega at Contoso`.
    fn described(&self) -> String {
        match &self.company {
            Some(company) => format!("{} at {company}", self.name),
            None => self.name.clone(),
        }
    }
}

/// One warm route: to `target`, directly or through `via`.
#[derive(Debug, Clone, PartialEq)]
pub struct Route {
    pub score: f64,
    /// The person you would ask; None for a direct route.
    pub via: Option<i64>,
    pub target: i64,
    /// `you -> Priya Raman (strong: ...) -> Tomás Ortega at Contoso (Priya introduced you)`.
    pub why: String,
}

/// What routes are made from: the targets, the people linked to them, and the links
/// (X, T, link) between them; a link whose X or T is not among the people is
/// ignored.
#[derive(Debug, Clone, Default)]
pub struct Network {
    pub targets: Vec<Person>,
    /// Everyone linked to a target, targets included (by id).
    pub people: HashMap<i64, Person>,
    pub links: Vec<(i64, i64, Link)>,
}

/// The routes to the targets scoring above 0, best first (ties: the target's name
/// folded, then the via, a direct route first), at most `limit`, each explained.
pub fn routes(network: &Network, limit: usize) -> Vec<Route> {
    let mut found = rank(network, limit);
    explain(network, &mut found);
    found
}

/// [`routes`] without their words (`why` is empty): which people's names the
/// explanations need.
pub fn rank(network: &Network, limit: usize) -> Vec<Route> {
    let mut found: Vec<(Route, &str)> = Vec::new();
    let targets: HashMap<i64, &Person> = network.targets.iter().map(|t| (t.id, t)).collect();
    let route = |score, via, target| Route { score, via, target, why: String::new() };
    for t in &network.targets {
        if t.tie.strength > 0.0 {
            found.push((route(t.tie.strength, None, t.id), &t.name_key));
        }
    }
    for (x, t, link) in &network.links {
        let (Some(via), Some(target)) = (network.people.get(x), targets.get(t)) else {
            continue;
        };
        let score = via.tie.strength * link.weight();
        if x != t && score > 0.0 {
            found.push((route(score, Some(*x), *t), &target.name_key));
        }
    }
    found.sort_by(|(a, a_key), (b, b_key)| order(a, a_key, b, b_key));
    found.truncate(limit);
    found.into_iter().map(|(route, _)| route).collect()
}

/// Puts each route in words: `you -> Priya Raman (strong: 8 interactions this year,
/// last 3 weeks ago) -> Tomás Ortega at Contoso (Priya introduced you)`.
pub fn explain(network: &Network, routes: &mut [Route]) {
    let links: HashMap<(i64, i64), &Link> = routes
        .iter()
        .filter_map(|r| r.via.map(|x| (x, r.target)))
        .filter_map(|pair| network.links.iter().find(|(x, t, _)| (*x, *t) == pair).map(|(_, _, l)| (pair, l)))
        .collect();
    for route in routes.iter_mut() {
        let Some(target) = network.targets.iter().find(|t| t.id == route.target) else {
            continue;
        };
        let via = route.via.and_then(|x| Some((network.people.get(&x)?, *links.get(&(x, route.target))?)));
        route.why = match via {
            Some((via, link)) => format!(
                "you -> {} ({}) -> {} ({})",
                via.name,
                via.tie.explained(),
                target.described(),
                link.explained(via.first_name(), target.first_name())
            ),
            None => format!("you -> {} ({})", target.described(), target.tie.explained()),
        };
    }
}

/// Best score first, then the target's folded name, then the target, then the via
/// (a direct route first).
fn order(a: &Route, a_key: &str, b: &Route, b_key: &str) -> Ordering {
    b.score
        .total_cmp(&a.score)
        .then_with(|| a_key.cmp(b_key))
        .then_with(|| a.target.cmp(&b.target))
        .then_with(|| a.via.cmp(&b.via))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::links::Introduction;

    fn person(id: i64, name: &str, company: Option<&str>, interactions: u32, days_since: i64) -> Person {
        let today: chrono::NaiveDate = "2026-11-22".parse().unwrap();
        let last = (interactions > 0).then(|| today - chrono::Duration::days(days_since));
        Person {
            id,
            name: name.to_string(),
            name_key: name.to_lowercase(),
            company: company.map(str::to_string),
            given: None,
            tie: Tie::from_counts(interactions, last, today - chrono::Duration::days(days_since), today),
        }
    }

    fn network(targets: Vec<Person>, others: Vec<Person>, links: Vec<(i64, i64, Link)>) -> Network {
        let people = targets.iter().chain(&others).map(|p| (p.id, p.clone())).collect();
        Network { targets, people, links }
    }

    #[test]
    fn a_route_through_an_introducer_is_explained() {
        let tomas = person(2, "Tomás Ortega", Some("Contoso"), 0, 30);
        let priya = person(1, "Priya Raman", None, 8, 21);
        let link = Link { introduction: Some(Introduction::ByVia), ..Link::default() };
        let found = routes(&network(vec![tomas], vec![priya], vec![(1, 2, link)]), 10);
        assert_eq!(found.len(), 1, "no direct route: Tomás's tie is 0");
        assert_eq!(found[0].via, Some(1));
        assert_eq!(
            found[0].why,
            "you -> Priya Raman (strong: 8 interactions this year, last 3 weeks ago) -> Tomás Ortega at Contoso (Priya introduced you)"
        );
        assert!((found[0].score - crate::network::strength::strength(8, 21)).abs() < 1e-12);
    }

    #[test]
    fn routes_come_best_first_then_by_target_name_then_via_and_are_limited() {
        let a = person(10, "Ann", Some("Contoso"), 2, 5);
        let b = person(11, "Bob", Some("Contoso"), 2, 5);
        let x = person(1, "Xavier", None, 8, 0);
        let same = |n| Link { shared: n, ..Link::default() };
        let links = vec![(1, 11, same(3)), (1, 10, same(3)), (10, 11, same(1)), (11, 10, same(1))];
        let found = routes(&network(vec![b.clone(), a.clone()], vec![x], links.clone()), 10);
        let order: Vec<(Option<i64>, i64)> = found.iter().map(|r| (r.via, r.target)).collect();
        // Through Xavier (0.86) to Ann then Bob, then the direct ones (0.38), then the
        // colleagues (a third of that).
        assert_eq!(
            order,
            vec![(Some(1), 10), (Some(1), 11), (None, 10), (None, 11), (Some(11), 10), (Some(10), 11)]
        );
        assert_eq!(routes(&network(vec![b, a], vec![], links), 2).len(), 2);
    }

    #[test]
    fn routes_scoring_zero_are_left_out() {
        let t = person(2, "Tomás", None, 0, 3);
        let x = person(1, "Priya", None, 0, 3);
        let link = Link { introduction: Some(Introduction::ByVia), ..Link::default() };
        assert!(routes(&network(vec![t], vec![x], vec![(1, 2, link)]), 10).is_empty());
    }
}
