//! Turning a CONTACT argument into one contact id: `12` or `#12` is an id, an
//! address with `@` an e-mail, anything else a name (the exact full name first, else
//! a unique part of one), compared as `dupes` compares names: ignoring case, accents
//! and spacing, so `zoe` finds Zoë. Failures list candidates or close names.

use crate::error::{Candidate, Error, Result};
use crate::store::Db;
use crate::text::name_key_without_accents as name_key;

/// How many candidates an error lists at most.
const MAX_CANDIDATES: usize = 10;

pub fn contact(db: &Db, query: &str) -> Result<i64> {
    let trimmed = query.trim();
    let not_found = |candidates| Error::ContactNotFound { query: query.to_string(), candidates };
    if let Some(id) = parse_id(trimmed) {
        return match db.contact(id)? {
            Some(_) => Ok(id),
            None => Err(not_found(Vec::new())),
        };
    }
    if trimmed.contains('@') {
        let owners = db.contacts_with_email(trimmed)?;
        return match owners.as_slice() {
            [] => Err(not_found(Vec::new())),
            [(id, _)] => Ok(*id),
            _ => Err(ambiguous(query, db.candidates(owners.iter().map(|(id, _)| *id))?)),
        };
    }
    // The exact name first, through the index; a part of a name needs every name.
    let exact = db.contacts_named(&name_key(query))?;
    if !exact.is_empty() {
        return by_name(query, &exact);
    }
    by_name(query, &db.candidates([])?)
}

/// `12` or `#12`.
pub fn parse_id(query: &str) -> Option<i64> {
    let digits = query.strip_prefix('#').unwrap_or(query);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // All digits but too large for an id: no contact has it.
    Some(digits.parse().unwrap_or(i64::MAX))
}

/// Matches a name among `people`: the exact full name first, else a unique part of
/// a name.
pub fn by_name(query: &str, people: &[Candidate]) -> Result<i64> {
    let key = name_key(query);
    if key.is_empty() {
        return Err(Error::ContactNotFound { query: query.to_string(), candidates: Vec::new() });
    }
    let keys: Vec<String> = people.iter().map(|p| name_key(&p.name)).collect();
    let exact: Vec<&Candidate> =
        people.iter().zip(&keys).filter(|(_, k)| **k == key).map(|(p, _)| p).collect();
    let matches = if exact.is_empty() {
        people.iter().zip(&keys).filter(|(_, k)| k.contains(&key)).map(|(p, _)| p).collect()
    } else {
        exact
    };
    match matches.as_slice() {
        [one] => Ok(one.id),
        [] => Err(Error::ContactNotFound { query: query.to_string(), candidates: close_names(&key, people) }),
        many => {
            let mut candidates: Vec<Candidate> = many.iter().map(|&c| c.clone()).collect();
            // Only namesakes need their company to be told apart.
            let namesakes = candidates.iter().all(|c| name_key(&c.name) == name_key(&candidates[0].name));
            if !namesakes {
                candidates.iter_mut().for_each(|c| c.company = None);
            }
            Err(ambiguous(query, candidates))
        }
    }
}

fn ambiguous(query: &str, mut candidates: Vec<Candidate>) -> Error {
    let total = candidates.len();
    candidates.truncate(MAX_CANDIDATES);
    Error::AmbiguousContact { query: query.to_string(), total, candidates }
}

/// Names that look like a typo of `key`, closest first.
fn close_names(key: &str, people: &[Candidate]) -> Vec<Candidate> {
    let mut scored: Vec<(f64, &Candidate)> = people
        .iter()
        .map(|entry| {
            let name = name_key(&entry.name);
            // Compare with the whole name and with each word, so "lovlace" finds
            // "Ada Lovelace".
            let best = name
                .split(' ')
                .chain(std::iter::once(name.as_str()))
                .map(|part| strsim::jaro_winkler(key, part))
                .fold(0.0, f64::max);
            (best, entry)
        })
        .filter(|(score, _)| *score >= 0.85)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.id.cmp(&b.1.id)));
    scored
        .into_iter()
        .take(MAX_CANDIDATES)
        .map(|(_, entry)| Candidate { company: None, ..entry.clone() })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> Vec<Candidate> {
        [(1, "Ada Lovelace"), (2, "Ada Byron"), (3, "Grace Hopper"), (4, "Émile Zola"), (5, "Ada")]
            .into_iter()
            .map(|(id, name)| Candidate { id, name: name.into(), company: Some(format!("Company {id}")) })
            .collect()
    }

    #[test]
    fn an_exact_name_wins_over_substrings() {
        assert_eq!(by_name("ada", &names()).unwrap(), 5);
        assert_eq!(by_name("  ADA   lovelace ", &names()).unwrap(), 1);
    }

    #[test]
    fn a_unique_substring_matches_case_insensitively() {
        assert_eq!(by_name("hopp", &names()).unwrap(), 3);
        assert_eq!(by_name("émile", &names()).unwrap(), 4);
        assert_eq!(by_name("ÉMILE", &names()).unwrap(), 4);
    }

    #[test]
    fn several_matches_list_the_candidates() {
        let err = by_name("ace", &names()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "'ace' matches 2 contacts: Ada Lovelace (#1), Grace Hopper (#3); use the id or the full name"
        );
    }

    #[test]
    fn names_match_ignoring_accents_as_dupes_does() {
        let people = vec![
            Candidate { id: 7, name: "Zoë Ñúñez".into(), company: None },
            Candidate { id: 8, name: "Chloé Dupont".into(), company: None },
        ];
        assert_eq!(by_name("zoe", &people).unwrap(), 7);
        assert_eq!(by_name("nunez", &people).unwrap(), 7);
        assert_eq!(by_name("ZOE NUNEZ", &people).unwrap(), 7);
        assert_eq!(by_name("chloe", &people).unwrap(), 8);
        assert_eq!(by_name("emile", &names()).unwrap(), 4);
    }

    #[test]
    fn namesakes_are_listed_with_their_companies() {
        let people = vec![
            Candidate { id: 1, name: "Ada Lovelace".into(), company: Some("Analytical Engines".into()) },
            Candidate { id: 2, name: "ada  lovelace".into(), company: None },
        ];
        let err = by_name("Ada Lovelace", &people).unwrap_err();
        assert_eq!(
            err.to_string(),
            "'Ada Lovelace' matches 2 contacts: Ada Lovelace (#1, Analytical Engines), ada  lovelace (#2); use the id or the full name"
        );
    }

    #[test]
    fn whitespace_alone_matches_no_one() {
        assert!(matches!(by_name("  ", &names()), Err(Error::ContactNotFound { .. })));
    }

    #[test]
    fn no_match_suggests_close_names() {
        let err = by_name("Lovlace", &names()).unwrap_err();
        assert_eq!(err.to_string(), "no contact matches 'Lovlace'; did you mean: Ada Lovelace (#1)?");
    }

    #[test]
    fn ids_are_digits_with_an_optional_hash() {
        assert_eq!(parse_id("12"), Some(12));
        assert_eq!(parse_id("#12"), Some(12));
        assert_eq!(parse_id("99999999999999999999999"), Some(i64::MAX));
        assert_eq!(parse_id("12a"), None);
        assert_eq!(parse_id("#"), None);
        assert_eq!(parse_id("-1"), None);
    }
}
