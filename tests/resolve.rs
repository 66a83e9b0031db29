//! CONTACT arguments, resolved through `show`: ids, e-mails, exact names and parts of names.

use crate::support::*;

// ---------------------------------------------------------------------------------
// CONTACT resolution, through `show`

fn resolution_env() -> Env {
    let env = Env::new();
    env.add("Ada Lovelace", &["--email", "ada@example.com"]);
    env.add("Ada Byron", &[]);
    env.add("Grace Hopper", &["--email", "grace@navy.mil"]);
    env.add("Ada", &[]);
    env
}

#[test]
fn contact_resolves_by_id_and_hash_id() {
    let env = resolution_env();
    assert_eq!(env.show("3")["name"], "Grace Hopper");
    assert_eq!(env.show("#3")["name"], "Grace Hopper");
}

#[test]
fn contact_resolves_by_email_in_any_case() {
    let env = resolution_env();
    assert_eq!(env.show("ada@example.com")["id"], 1);
    assert_eq!(env.show("GRACE@Navy.MIL")["id"], 3);
}

#[test]
fn contact_resolves_by_exact_name_case_insensitively_before_substrings() {
    let env = resolution_env();
    assert_eq!(env.show("ada lovelace")["id"], 1);
    assert_eq!(env.show("ADA")["id"], 4, "an exact name wins over substrings");
}

#[test]
fn contact_resolves_by_unique_substring() {
    let env = resolution_env();
    assert_eq!(env.show("hopp")["id"], 3);
    assert_eq!(env.show("LOVE")["id"], 1);
}

#[test]
fn contact_ambiguous_lists_candidates_with_ids() {
    let env = resolution_env();
    // "ce" is in Ada Lovelace and Grace Hopper.
    let stderr = env.fails(["show", "ce"], 1, "Ada Lovelace");
    assert!(stderr.contains("#1"), "{stderr}");
    assert!(stderr.contains("Grace Hopper"), "{stderr}");
    assert!(stderr.contains("#3"), "{stderr}");
    // "ad" is in Ada Lovelace, Ada Byron and Ada, and is nobody's full name.
    let stderr = env.fails(["show", "ad"], 1, "Ada Byron");
    for id in ["#1", "#2", "#4"] {
        assert!(stderr.contains(id), "{id} missing: {stderr}");
    }
    assert!(!stderr.contains("Grace"), "{stderr}");
}

#[test]
fn contact_ambiguous_lists_at_most_ten_candidates() {
    let env = Env::new();
    let letters = ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L"];
    for letter in letters {
        env.add(&format!("Jo Smith {letter}{letter}"), &[]);
    }
    let stderr = env.fails(["show", "smith"], 1, "Jo Smith");
    let listed = stderr.matches("Jo Smith").count();
    assert!((1..=10).contains(&listed), "{listed} candidates listed: {stderr}");
    // Any count the message states is the real number of matches (12), not the
    // number of names it lists (the example command after it has an id).
    let (listing, _example) = stderr.split_once("; use the id").unwrap();
    for word in listing.split_whitespace() {
        if let Ok(number) = word.parse::<u32>() {
            assert_eq!(number, 12, "the message states a wrong count: {stderr}");
        }
    }
}

#[test]
fn contact_no_match_suggests_close_names() {
    let env = resolution_env();
    let stderr = env.fails(["show", "Lovlace"], 1, "Lovlace");
    assert!(stderr.contains("Ada Lovelace"), "{stderr}");
    assert!(stderr.contains("#1"), "{stderr}");
    env.fails(["show", "Zebediah"], 1, "Zebediah");
}

#[test]
fn contact_unknown_id_is_an_error() {
    let env = resolution_env();
    env.fails(["show", "99"], 1, "99");
    env.fails(["show", "#99"], 1, "99");
    env.fails(["show", "99999999999999999999999"], 1, "99999999999999999999999");
}

#[test]
fn contact_digits_are_an_id_only() {
    let env = Env::new();
    env.add("42", &[]);
    env.add("Agent 007", &[]);
    // "42" is contact #1's name, but all digits means an id.
    env.fails(["show", "42"], 1, "42");
    env.fails(["show", "007"], 1, "007");
    assert_eq!(env.show("1")["name"], "42");
}

#[test]
fn contact_empty_query_matches_no_one() {
    let env = resolution_env();
    env.fails(["show", ""], 1, "");
    env.fails(["show", "   "], 1, "");
    env.fails(["show", "#"], 1, "#");
}

#[test]
fn contact_email_must_match_exactly() {
    let env = resolution_env();
    env.fails(["show", "ada@example"], 1, "ada@example");
}
