//! Gathering what routes are made of (DESIGN.md "Ties and reach"): the targets (one
//! contact, or everyone at a company or mail domain), the people linked to them
//! (introductions, colleagues, scanned mail and meetings) and everyone's tie, through
//! the store's indexes (never reading every link); then [`mod@super::routes`] ranks
//! them. Also the target employers' list. Reads only; prints nothing; today is passed
//! in.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;

use super::links::{Introduction, Link};
use super::routes::{Network, Person, Route, explain, rank};
use super::strength::{Tie, window_start};
use crate::error::Result;
use crate::store::{Db, Reached, Target};
use crate::text::name_key_without_accents;

/// `path --company NAME`: the folded name, and the mail domain when NAME looks like
/// one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompanyQuery {
    pub key: String,
    pub domain: Option<String>,
}

impl CompanyQuery {
    /// NAME "looks like a domain" when, once a leading `@`, `http://` or `https://`
    /// and any path are left out, it has no space and ends in `.` plus 2 or more
    /// letters; it then matches e-mails at that domain or a subdomain, besides the
    /// companies that contain it.
    pub fn parse(name: &str) -> CompanyQuery {
        let trimmed = name.trim();
        let bare =
            trimmed.strip_prefix("https://").or_else(|| trimmed.strip_prefix("http://")).unwrap_or(trimmed);
        let bare = bare.strip_prefix('@').unwrap_or(bare);
        let host = bare.split('/').next().unwrap_or("");
        let looks_like_domain = !host.contains(char::is_whitespace)
            && host.rsplit_once('.').is_some_and(|(before, tld)| {
                !before.is_empty() && tld.chars().count() >= 2 && tld.chars().all(char::is_alphabetic)
            });
        if looks_like_domain {
            let domain = host.to_lowercase();
            CompanyQuery { key: name_key_without_accents(&domain), domain: Some(domain) }
        } else {
            CompanyQuery { key: name_key_without_accents(trimmed), domain: None }
        }
    }
}

/// The warm routes to contact `id`, at most `limit`.
pub fn path_to_contact(db: &Db, id: i64, today: NaiveDate, limit: usize) -> Result<Vec<Route>> {
    ranked(db, &[id], today, limit)
}

/// The warm routes to everyone at a company or mail domain, at most `limit`, and
/// the contacts there (the targets, by id).
pub fn path_to_company(
    db: &Db,
    query: &CompanyQuery,
    today: NaiveDate,
    limit: usize,
) -> Result<(Vec<Route>, Vec<i64>)> {
    let targets = db.contacts_at(&query.key, query.domain.as_deref())?;
    Ok((ranked(db, &targets, today, limit)?, targets))
}

/// What links contact `x` to contact `t` (a [`Link`] with no kind when nothing does).
pub fn link_between(db: &Db, x: i64, t: i64, today: NaiveDate) -> Result<Link> {
    let from = window_start(today);
    let (Some(via), Some(target)) = (db.reached(x, from, today)?, db.reached(t, from, today)?) else {
        return Ok(Link::default());
    };
    let mut link = Link::default();
    if target.introduced_by == Some(x) {
        link.introduction = Some(Introduction::ByVia);
    } else if via.introduced_by == Some(t) {
        link.introduction = Some(Introduction::ByTarget);
    }
    if via.company_key.as_ref().is_some_and(|k| !k.is_empty() && via.company_key == target.company_key) {
        link.company.clone_from(&target.company);
    }
    if let Some((_, shared, last)) = db.shared_links(t)?.into_iter().find(|(other, _, _)| *other == x) {
        link.shared = shared;
        link.last_shared = Some(last);
    }
    Ok(link)
}

/// A target employer as `target list` shows it.
#[derive(Debug, Clone)]
pub struct TargetView {
    pub target: Target,
    /// The contacts there (`path --company` targets), by id.
    pub advocates: Vec<i64>,
    pub best: Option<Route>,
    pub open_leads: Vec<i64>,
    /// The latest interaction with an advocate.
    pub last_touch: Option<NaiveDate>,
}

/// Your target employers, best route first (those with none last), then by name.
pub fn targets(db: &Db, today: NaiveDate) -> Result<Vec<TargetView>> {
    let mut views = Vec::new();
    for target in db.targets()? {
        let query = CompanyQuery::parse(&target.company);
        let (best, advocates) = path_to_company(db, &query, today, 1)?;
        let key = name_key_without_accents(&target.company);
        views.push(TargetView {
            open_leads: db.open_leads_at(&key)?,
            last_touch: db.last_touch(&advocates, today)?,
            best: best.into_iter().next(),
            advocates,
            target,
        });
    }
    views.sort_by(|a, b| {
        let score = |v: &TargetView| v.best.as_ref().map_or(-1.0, |r| r.score);
        score(b).total_cmp(&score(a)).then_with(|| {
            name_key_without_accents(&a.target.company).cmp(&name_key_without_accents(&b.target.company))
        })
    });
    Ok(views)
}

/// The routes to `target_ids`: the network gathered, ranked, and the routes kept
/// put in words (only their people's names are read).
fn ranked(db: &Db, target_ids: &[i64], today: NaiveDate, limit: usize) -> Result<Vec<Route>> {
    let mut network = gather(db, target_ids, today, limit)?;
    let mut found = rank(&network, limit);
    let from = window_start(today);
    let unnamed = |x: &i64| network.people.get(x).is_none_or(|p| p.name.is_empty());
    let vias: Vec<i64> = found.iter().filter_map(|r| r.via).filter(unnamed).collect();
    for r in db.reached_all(&vias, from, today)? {
        let tie = network.people.get(&r.id).map_or_else(|| person(&r, today).tie, |p| p.tie);
        network.people.insert(r.id, Person { tie, ..person(&r, today) });
    }
    explain(&network, &mut found);
    Ok(found)
}

/// The targets, everyone linked to them, and the links. The targets are read whole;
/// the others only through the index of interactions (their ties), since only those
/// on the routes kept are named. Colleagues are many at a big company: only the
/// strongest `limit + 1` of each company (and those tied with the last of them) are
/// kept, which leaves the best routes as they are (a colleague route from anyone
/// weaker scores less than `limit` routes kept).
fn gather(db: &Db, target_ids: &[i64], today: NaiveDate, limit: usize) -> Result<Network> {
    let from = window_start(today);
    let mut people: HashMap<i64, Person> = HashMap::new();
    let mut targets = Vec::new();
    let mut links: BTreeMap<(i64, i64), Link> = BTreeMap::new();
    let mut by_company: BTreeMap<String, Vec<i64>> = BTreeMap::new();
    for r in db.reached_all(target_ids, from, today)? {
        let t = r.id;
        if people.contains_key(&t) {
            continue;
        }
        targets.push(t);
        people.insert(t, person(&r, today));
        if let Some(x) = r.introduced_by {
            links.entry((x, t)).or_default().introduction = Some(Introduction::ByVia);
        }
        if let Some(key) = r.company_key.filter(|k| !k.is_empty()) {
            by_company.entry(key).or_default().push(t);
        }
        for (x, shared, last) in db.shared_links(t)? {
            let link = links.entry((x, t)).or_default();
            link.shared = shared;
            link.last_shared = Some(last);
        }
        for x in db.introduced_by(t)? {
            links.entry((x, t)).or_default().introduction.get_or_insert(Introduction::ByTarget);
        }
    }
    // Everyone linked so far and every colleague: their ties, read at once.
    let mut colleagues: BTreeMap<&str, Vec<i64>> = BTreeMap::new();
    let mut others: Vec<i64> = links.keys().map(|(x, _)| *x).collect();
    for key in by_company.keys() {
        let ids = db.colleagues(key)?;
        others.extend(&ids);
        colleagues.insert(key, ids);
    }
    others.sort_unstable();
    others.dedup();
    others.retain(|x| !people.contains_key(x));
    for (id, interactions, last) in db.tie_counts(&others, from, today)? {
        // Named later, if on a route kept; with none this year, the tie is 0 whatever
        // the date it would count from.
        let tie = Tie::from_counts(interactions, last, last.unwrap_or(today), today);
        people.insert(
            id,
            Person { id, name: String::new(), name_key: String::new(), company: None, given: None, tie },
        );
    }
    // The same company, whatever kind of link brought the pair here.
    let company_of: HashMap<i64, &str> =
        colleagues.iter().flat_map(|(key, ids)| ids.iter().map(move |x| (*x, *key))).collect();
    for ((x, t), link) in &mut links {
        if company_of.get(x).is_some_and(|key| company_of.get(t) == Some(key)) {
            link.company.clone_from(&people[t].company);
        }
    }
    let strength = |x: &i64| people.get(x).map_or(0.0, |p| p.tie.strength);
    for (key, members) in &by_company {
        let all = colleagues.remove(key.as_str()).unwrap_or_default();
        let mut strongest: Vec<i64> = all.into_iter().filter(|x| strength(x) > 0.0).collect();
        strongest.sort_by(|a, b| strength(b).total_cmp(&strength(a)).then(a.cmp(b)));
        let cut = strongest.get(limit).map(strength);
        strongest.retain(|x| cut.is_none_or(|cut| strength(x) >= cut));
        for &t in members {
            for &x in &strongest {
                if x != t {
                    let link = links.entry((x, t)).or_default();
                    if link.company.is_none() {
                        link.company.clone_from(&people[&t].company);
                    }
                }
            }
        }
    }
    Ok(Network {
        targets: targets.iter().filter_map(|t| people.get(t).cloned()).collect(),
        links: links.into_iter().map(|((x, t), link)| (x, t, link)).collect(),
        people,
    })
}

fn person(r: &Reached, today: NaiveDate) -> Person {
    Person {
        id: r.id,
        name: r.name.clone(),
        name_key: r.name_key.clone(),
        company: r.company.clone(),
        given: r.given.clone(),
        tie: Tie::from_counts(r.interactions, r.last, r.since, today),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_looks_like_a_domain_when_it_ends_in_a_dot_and_letters() {
        let domain = |name: &str| CompanyQuery::parse(name).domain;
        assert_eq!(domain("contoso.com"), Some("contoso.com".to_string()));
        assert_eq!(domain("@Contoso.COM"), Some("contoso.com".to_string()));
        assert_eq!(domain("https://contoso.co.uk/jobs/42"), Some("contoso.co.uk".to_string()));
        assert_eq!(domain("http://www.contoso.com"), Some("www.contoso.com".to_string()));
        assert_eq!(domain("Contoso"), None);
        assert_eq!(domain("Contoso Ltd."), None);
        assert_eq!(domain("contoso.c"), None);
        assert_eq!(domain("contoso.42"), None);
        assert_eq!(domain("Acme Inc. contoso.com"), None);
        assert_eq!(CompanyQuery::parse("  CONTOSO   Ltd ").key, "contoso ltd");
    }
}
