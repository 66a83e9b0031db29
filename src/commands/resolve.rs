//! Turning a CONTACT argument into one contact id: `12` or `#12` is an id, an
//! address with `@` an e-mail, anything else a name (the exact full name first, else
//! a unique part of one), compared as `dupes` compares names: ignoring case, accents
//! and spacing, so `zoe` finds Zoë. Failures list candidates (with what tells them
//! apart, and an example of the command with an id) or close names.

use crate::error::{Candidate, Error, Result};
use crate::followups::Woken;
use crate::model::Contact;
use crate::store::Db;
use crate::text::name_key_without_accents as name_key;

/// How many candidates an error lists at most.
const MAX_CANDIDATES: usize = 10;

pub fn contact(db: &Db, query: &str) -> Result<i64> {
    match find(db, query) {
        Err(error) => Err(told_apart(db, error)?),
        found => found,
    }
}

fn find(db: &Db, query: &str) -> Result<i64> {
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

/// What to type for contact `id` named `name`: their first name in lower case when it
/// finds them alone and needs no quoting, else their id.
pub fn handle(db: &Db, id: i64, name: &str) -> Result<String> {
    let first = name.split_whitespace().next().unwrap_or_default().to_lowercase();
    let plain = first.chars().next().is_some_and(char::is_alphanumeric)
        && first.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '.')
        && parse_id(&first).is_none();
    if plain && contact(db, &first).ok() == Some(id) {
        return Ok(first);
    }
    Ok(id.to_string())
}

/// What a command says when contact with someone woke them (see
/// [`crate::followups::Woken`]), naming them as a CONTACT argument.
pub fn woken_message(db: &Db, woken: Option<&Woken>) -> Result<Option<String>> {
    match woken {
        Some(woken) => Ok(woken.message(&handle(db, woken.id, &woken.name)?)),
        None => Ok(None),
    }
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
        many => Err(ambiguous(query, many.iter().map(|&c| c.clone()).collect())),
    }
}

fn ambiguous(query: &str, mut candidates: Vec<Candidate>) -> Error {
    let total = candidates.len();
    candidates.truncate(MAX_CANDIDATES);
    Error::AmbiguousContact { query: query.to_string(), total, candidates, example: None }
}

/// Gives each of an ambiguous CONTACT's candidates what tells them apart, read from
/// their records: the company when theirs differ, else the first e-mail, else the
/// date you met. Other errors as they are.
fn told_apart(db: &Db, error: Error) -> Result<Error> {
    let Error::AmbiguousContact { query, total, mut candidates, example } = error else {
        return Ok(error);
    };
    let mut contacts = Vec::new();
    for candidate in &candidates {
        contacts.extend(db.contact(candidate.id)?);
    }
    tell_apart(&mut candidates, &contacts);
    Ok(Error::AmbiguousContact { query, total, candidates, example })
}

/// Sets each candidate's detail to the first of company, first e-mail and met date
/// that is not the same for all of `contacts` (the candidates' records).
fn tell_apart(candidates: &mut [Candidate], contacts: &[Contact]) {
    let details: [fn(&Contact) -> Option<String>; 3] = [
        |c| c.company.clone(),
        |c| c.emails.first().cloned(),
        |c| c.met_on.map(|on| format!("met {}", crate::dates::iso(on))),
    ];
    let Some(detail) = details.into_iter().find(|detail| {
        let values: Vec<Option<String>> = contacts.iter().map(detail).collect();
        values.iter().any(|v| *v != values[0])
    }) else {
        return;
    };
    for candidate in candidates.iter_mut() {
        candidate.detail = contacts.iter().find(|c| c.id == candidate.id).and_then(detail);
    }
}

/// An ambiguous CONTACT's error with the example of the command that was typed
/// (`args`, the program first), the first candidate's id in place of the name:
/// `use the id, e.g. netcrm log 153 --kind call`. Other errors as they are.
pub fn with_example(error: Error, args: &[String]) -> Error {
    match error {
        Error::AmbiguousContact { query, total, candidates, example: None } => {
            let example = candidates.first().and_then(|c| command_with(args, &query, c.id));
            Error::AmbiguousContact { query, total, candidates, example }
        }
        other => other,
    }
}

/// `args` as a shell line (`netcrm log 153 --kind call`), with the argument that was
/// `query` (alone, or after `--flag=`) replaced by `id`; `None` when none was.
fn command_with(args: &[String], query: &str, id: i64) -> Option<String> {
    let mut replaced = false;
    let mut words = vec!["netcrm".to_string()];
    for arg in args.iter().skip(1) {
        let word = if replaced {
            shell_word(arg)
        } else if arg == query {
            replaced = true;
            id.to_string()
        } else {
            match arg.split_once('=') {
                Some((flag, value)) if flag.starts_with("--") && value == query => {
                    replaced = true;
                    format!("{flag}={id}")
                }
                _ => shell_word(arg),
            }
        };
        words.push(word);
    }
    replaced.then(|| words.join(" "))
}

/// `text` as one shell word: as it is when plain, else in single quotes.
fn shell_word(text: &str) -> String {
    let plain = |c: char| c.is_alphanumeric() || "@%+=:,./_-".contains(c);
    if !text.is_empty() && text.chars().all(plain) {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
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
        .map(|(_, entry)| Candidate { detail: None, ..entry.clone() })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> Vec<Candidate> {
        [(1, "Ada Lovelace"), (2, "Ada Byron"), (3, "Grace Hopper"), (4, "Émile Zola"), (5, "Ada")]
            .into_iter()
            .map(|(id, name)| Candidate { id, name: name.into(), detail: None })
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
            "'ace' matches 2 contacts: Ada Lovelace (#1), Grace Hopper (#3); use the id"
        );
        let args =
            ["/usr/bin/netcrm", "log", "ace", "--kind", "call", "--note", "it's done"].map(String::from);
        assert_eq!(
            with_example(err, &args).to_string(),
            "'ace' matches 2 contacts: Ada Lovelace (#1), Grace Hopper (#3); use the id, \
             e.g. netcrm log 1 --kind call --note 'it'\\''s done'"
        );
    }

    #[test]
    fn names_match_ignoring_accents_as_dupes_does() {
        let people = vec![
            Candidate { id: 7, name: "Zoë Ñúñez".into(), detail: None },
            Candidate { id: 8, name: "Chloé Dupont".into(), detail: None },
        ];
        assert_eq!(by_name("zoe", &people).unwrap(), 7);
        assert_eq!(by_name("nunez", &people).unwrap(), 7);
        assert_eq!(by_name("ZOE NUNEZ", &people).unwrap(), 7);
        assert_eq!(by_name("chloe", &people).unwrap(), 8);
        assert_eq!(by_name("emile", &names()).unwrap(), 4);
    }

    #[test]
    fn candidates_are_told_apart_by_company_else_first_email_else_met_date() {
        let day = |d: &str| crate::dates::parse_iso_date(d).unwrap();
        let person = |id, company: Option<&str>, email: Option<&str>, met: &str| Contact {
            company: company.map(String::from),
            emails: email.into_iter().map(String::from).collect(),
            met_on: Some(day(met)),
            ..Contact::new(id, "Ada Lovelace", day("2026-01-01"))
        };
        let candidates = || {
            vec![
                Candidate { id: 1, name: "Ada Lovelace".into(), detail: None },
                Candidate { id: 2, name: "ada  lovelace".into(), detail: None },
            ]
        };
        // (the two contacts, what is shown for each)
        let cases = [
            (
                [
                    person(1, Some("Analytical Engines"), Some("a@x.io"), "2026-01-02"),
                    person(2, None, None, "2026-01-02"),
                ],
                [Some("Analytical Engines"), None],
            ),
            (
                [
                    person(1, Some("Acme"), Some("a@x.io"), "2026-01-02"),
                    person(2, Some("Acme"), Some("b@x.io"), "2026-01-02"),
                ],
                [Some("a@x.io"), Some("b@x.io")],
            ),
            (
                [person(1, Some("Acme"), None, "2026-01-02"), person(2, Some("Acme"), None, "2026-03-04")],
                [Some("met 2026-01-02"), Some("met 2026-03-04")],
            ),
            ([person(1, None, None, "2026-01-02"), person(2, None, None, "2026-01-02")], [None, None]),
        ];
        for (contacts, shown) in cases {
            let mut listed = candidates();
            tell_apart(&mut listed, &contacts);
            let details: Vec<Option<&str>> = listed.iter().map(|c| c.detail.as_deref()).collect();
            assert_eq!(details, shown, "{contacts:?}");
        }
        let mut listed = candidates();
        tell_apart(
            &mut listed,
            &[person(1, Some("Analytical Engines"), None, "2026-01-02"), person(2, None, None, "2026-01-02")],
        );
        assert_eq!(
            Error::AmbiguousContact {
                query: "Ada Lovelace".into(),
                total: 2,
                candidates: listed,
                example: None
            }
            .to_string(),
            "'Ada Lovelace' matches 2 contacts: Ada Lovelace (#1, Analytical Engines), ada  lovelace (#2); use the id"
        );
    }

    #[test]
    fn the_example_is_the_command_typed_with_an_id_for_the_name() {
        let args = |words: &[&str]| words.iter().map(|w| w.to_string()).collect::<Vec<_>>();
        let cases = [
            (&["netcrm", "show", "ada"][..], Some("netcrm show 153")),
            (
                &["./netcrm", "--json", "log", "ada", "--on", "last fri"],
                Some("netcrm --json log 153 --on 'last fri'"),
            ),
            (
                &["netcrm", "lead", "add", "Rust dev", "--via=ada"],
                Some("netcrm lead add 'Rust dev' --via=153"),
            ),
            (&["netcrm", "merge", "ada", "ada"], Some("netcrm merge 153 ada")),
            (&["netcrm", "show", "ADA"], None),
        ];
        for (typed, example) in cases {
            assert_eq!(command_with(&args(typed), "ada", 153).as_deref(), example, "{typed:?}");
        }
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
