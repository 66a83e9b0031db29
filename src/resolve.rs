//! Turning a CONTACT argument into one contact id: `12` or `#12` is an id, an
//! address with `@` an e-mail, anything else a name (exact, case-insensitive, first;
//! else a unique substring). Failures list candidates or close names.

use crate::error::{Error, Result};
use crate::store::Db;
use crate::text::{fold, name_key};

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
        let mut owners = db.contacts_with_email(trimmed)?;
        return match owners.len() {
            0 => Err(not_found(Vec::new())),
            1 => Ok(owners.remove(0).0),
            _ => Err(ambiguous(query, owners)),
        };
    }
    by_name(query, &db.contact_names()?)
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

/// Matches a name among `names` (id, name): exact first, else a unique substring.
pub fn by_name(query: &str, names: &[(i64, String)]) -> Result<i64> {
    let key = name_key(query);
    if key.is_empty() {
        return Err(Error::ContactNotFound { query: query.to_string(), candidates: Vec::new() });
    }
    let exact: Vec<&(i64, String)> = names.iter().filter(|(_, name)| name_key(name) == key).collect();
    let matches = if exact.is_empty() {
        let needle = fold(query.trim());
        names.iter().filter(|(_, name)| fold(name).contains(&needle)).collect()
    } else {
        exact
    };
    match matches.as_slice() {
        [(id, _)] => Ok(*id),
        [] => Err(Error::ContactNotFound { query: query.to_string(), candidates: close_names(&key, names) }),
        many => Err(ambiguous(query, many.iter().map(|&c| c.clone()).collect())),
    }
}

fn ambiguous(query: &str, mut candidates: Vec<(i64, String)>) -> Error {
    let total = candidates.len();
    candidates.truncate(MAX_CANDIDATES);
    Error::AmbiguousContact { query: query.to_string(), total, candidates }
}

/// Names that look like a typo of `key`, closest first.
fn close_names(key: &str, names: &[(i64, String)]) -> Vec<(i64, String)> {
    let mut scored: Vec<(f64, &(i64, String))> = names
        .iter()
        .map(|entry| {
            let name = name_key(&entry.1);
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
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.0.cmp(&b.1.0)));
    scored.into_iter().take(MAX_CANDIDATES).map(|(_, entry)| entry.clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> Vec<(i64, String)> {
        vec![
            (1, "Ada Lovelace".into()),
            (2, "Ada Byron".into()),
            (3, "Grace Hopper".into()),
            (4, "Émile Zola".into()),
            (5, "Ada".into()),
        ]
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
