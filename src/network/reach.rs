//! Gathering what routes are made of (DESIGN.md "Ties and reach"): the targets (one
//! contact, or everyone at a company or mail domain), the people linked to them
//! (introductions, colleagues, scanned mail and meetings) and everyone's tie, through
//! the store's indexes (never reading every link); then [`routes`] ranks them. Also
//! the target employers' list. Reads only; prints nothing; today is passed in.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;

use super::links::{Introduction, Link};
use super::routes::{Network, Person, Route, routes};
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
    let network = gather(db, &[id], today, limit)?;
    Ok(routes(&network, limit))
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
    let network = gather(db, &targets, today, limit)?;
    Ok((routes(&network, limit), targets))
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

/// The targets, everyone linked to them, and the links. Colleagues are many at a
/// big company: only the strongest `limit + 1` of each company (and those tied with
/// the last of them) are asked about, which leaves the best routes as they are (a
/// colleague route from anyone weaker scores less than `limit` routes kept).
fn gather(db: &Db, target_ids: &[i64], today: NaiveDate, limit: usize) -> Result<Network> {
    let mut found =
        Found { db, from: window_start(today), today, people: HashMap::new(), keys: HashMap::new() };
    let mut targets = Vec::new();
    let mut links: BTreeMap<(i64, i64), Link> = BTreeMap::new();
    let mut by_company: BTreeMap<String, Vec<i64>> = BTreeMap::new();
    for &t in target_ids {
        let Some(r) = found.load(t)? else {
            continue;
        };
        targets.push(t);
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
    // Everyone linked so far, and the strongest colleagues of each company.
    let linked: Vec<i64> = links.keys().map(|(x, _)| *x).collect();
    for x in linked {
        found.load(x)?;
    }
    for (key, members) in &by_company {
        let mut colleagues = Vec::new();
        for x in db.colleagues(key)? {
            found.load(x)?;
            if found.strength(x) > 0.0 {
                colleagues.push(x);
            }
        }
        colleagues.sort_by(|a, b| found.strength(*b).total_cmp(&found.strength(*a)).then(a.cmp(b)));
        let cut = colleagues.get(limit).map(|x| found.strength(*x));
        colleagues.retain(|x| cut.is_none_or(|cut| found.strength(*x) >= cut));
        for &t in members {
            for &x in &colleagues {
                if x != t {
                    links.entry((x, t)).or_default();
                }
            }
        }
    }
    // The same company, whatever kind of link brought the pair here.
    for ((x, t), link) in &mut links {
        let (Some(a), Some(b)) = (found.keys.get(x), found.keys.get(t)) else {
            continue;
        };
        if a.as_ref().is_some_and(|a| !a.is_empty() && Some(a) == b.as_ref()) {
            link.company = found.people.get(t).and_then(|p| p.company.clone());
        }
    }
    let Found { people, .. } = found;
    Ok(Network {
        targets: targets.iter().filter_map(|t| people.get(t).cloned()).collect(),
        links: links.into_iter().map(|((x, t), link)| (x, t, link)).collect(),
        people,
    })
}

/// The people read so far, each once, with their folded company.
struct Found<'d, 'c> {
    db: &'d Db<'c>,
    from: NaiveDate,
    today: NaiveDate,
    people: HashMap<i64, Person>,
    keys: HashMap<i64, Option<String>>,
}

impl Found<'_, '_> {
    /// Reads contact `id` the first time (None when there is no such contact; the
    /// second time, what links it is not needed again).
    fn load(&mut self, id: i64) -> Result<Option<Reached>> {
        if self.people.contains_key(&id) {
            return Ok(None);
        }
        let Some(r) = self.db.reached(id, self.from, self.today)? else {
            return Ok(None);
        };
        self.people.insert(id, person(&r, self.today));
        self.keys.insert(id, r.company_key.clone());
        Ok(Some(r))
    }

    fn strength(&self, id: i64) -> f64 {
        self.people.get(&id).map_or(0.0, |p| p.tie.strength)
    }
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
