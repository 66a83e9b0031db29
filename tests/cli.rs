//! End-to-end tests: the real `netcrm` binary on a temporary database, with a fixed
//! `NETCRM_TODAY` (2026-11-22, a Sunday) and a scrubbed environment. JSON output is
//! parsed, exit codes checked, and failures must print nothing on stdout.

#![allow(clippy::unwrap_used)] // test helpers outside #[test] functions unwrap too

mod daily_use;
mod dupes_merge;
mod follow_ups;
mod import_export;
mod import_sources;
mod job_search;
mod maintenance;
mod prompts;
mod robustness;
mod snapshots;
mod stored_follow_ups;
mod support;
mod undo;

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::os::unix::fs::PermissionsExt;
use std::process::Stdio;
use std::time::Duration;

use serde_json::{Value, json};

use support::{CONTACT_KEYS, Env, TODAY, fails, ids, names, parse_json, succeeds, succeeds_with_stderr};

/// The arrays `show --json` adds to the Contact.
const SHOW_EXTRA_KEYS: [&str; 5] = ["interactions", "follow_ups", "favors", "leads", "introduced"];

fn keys(value: &Value) -> BTreeSet<String> {
    value.as_object().unwrap_or_else(|| panic!("not an object: {value}")).keys().cloned().collect()
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// The strings of a JSON array, sorted.
fn sorted(array: &Value) -> Vec<String> {
    let mut items: Vec<String> = array
        .as_array()
        .unwrap_or_else(|| panic!("not an array: {array}"))
        .iter()
        .map(|v| v.as_str().unwrap_or_else(|| panic!("not a string: {v}")).to_string())
        .collect();
    items.sort();
    items
}

fn is_date(value: &Value) -> bool {
    value.as_str().is_some_and(|s| s.len() == 10 && chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok())
}

/// Checks a Contact object against DESIGN.md's shape: the exact key set and the
/// type of every field.
fn assert_contact_shape(contact: &Value) {
    assert_eq!(keys(contact), set(&CONTACT_KEYS), "Contact keys in {contact}");
    assert!(contact["id"].is_i64(), "id: {contact}");
    assert!(contact["name"].is_string(), "name: {contact}");
    for list in ["emails", "phones", "tags"] {
        let items = contact[list].as_array().unwrap_or_else(|| panic!("{list} is not an array: {contact}"));
        assert!(items.iter().all(Value::is_string), "{list}: {contact}");
    }
    for text in ["company", "title", "linkedin", "met_at", "how_met", "notes"] {
        let value = &contact[text];
        assert!(
            value.is_null() || value.as_str().is_some_and(|s| !s.is_empty()),
            "{text} must be a non-empty string or null: {contact}"
        );
    }
    for boolean in ["name_ok", "no_thank_you"] {
        assert!(contact[boolean].is_boolean(), "{boolean}: {contact}");
    }
    assert!(
        contact["introduced_by"].is_null() || contact["introduced_by"].is_i64(),
        "introduced_by: {contact}"
    );
    for date in ["met_on", "cadence_until", "last_contact", "next_follow_up"] {
        let value = &contact[date];
        assert!(value.is_null() || is_date(value), "{date}: {contact}");
    }
    assert!(is_date(&contact["created_at"]), "created_at: {contact}");
    for text in ["cadence", "temporary_cadence", "birthday"] {
        let value = &contact[text];
        assert!(value.is_null() || value.is_string(), "{text}: {contact}");
    }
}

/// A failing `add` wrote nothing: the database holds the same contacts as before.
fn assert_add_fails_and_writes_nothing(env: &Env, args: &[&str], text: &str) -> String {
    let before = env.ids();
    let mut all = vec!["add"];
    all.extend_from_slice(args);
    let stderr = env.fails(&all, 1, text);
    assert_eq!(env.ids(), before, "netcrm {} wrote a contact", all.join(" "));
    stderr
}

// ---------------------------------------------------------------------------------
// add

#[test]
fn add_prints_the_confirmation_with_the_thank_you_date() {
    let env = Env::new();
    let stdout = env.ok(["add", "Ada Lovelace"]);
    assert_eq!(stdout, "Added Ada Lovelace (#1). Thank-you due 2026-11-24.\n");
}

#[test]
fn add_json_prints_the_contact_with_design_field_names_and_types() {
    let env = Env::new();
    let contact = env.json(["add", "Ada Lovelace"]);
    assert_contact_shape(&contact);
    assert_eq!(
        contact,
        json!({
            "id": 1,
            "name": "Ada Lovelace",
            "emails": [],
            "phones": [],
            "company": null,
            "title": null,
            "linkedin": null,
            "tags": [],
            "met_on": TODAY,
            "met_at": null,
            "how_met": null,
            "introduced_by": null,
            "name_ok": false,
            "no_thank_you": false,
            "cadence": null,
            "temporary_cadence": null,
            "cadence_until": null,
            "notes": null,
            "birthday": null,
            "last_contact": TODAY,
            "next_follow_up": "2026-11-24",
            "created_at": TODAY,
        })
    );
}

#[test]
fn add_json_prints_only_json_on_stdout() {
    let env = Env::new();
    let stdout = env.ok(["add", "Ada Lovelace", "--json"]);
    // The whole of stdout is one JSON value; parse_json panics on anything else.
    assert!(parse_json(&stdout).is_object());
}

#[test]
fn add_round_trips_every_flag() {
    let env = Env::new();
    let contact = env.json([
        "add",
        "Ada Lovelace",
        "--email",
        "ada@example.com",
        "--email",
        "countess@example.org",
        "--phone",
        "+44 20 7946 0000",
        "--phone",
        "020 7946 0001",
        "--company",
        "Analytical Engines",
        "--title",
        "Countess",
        "--linkedin",
        "https://www.linkedin.com/in/ada",
        "--met-at",
        "RustConf",
        "--met-on",
        "yesterday",
        "--how",
        "talked about Bernoulli numbers",
        "--tag",
        "rust",
        "--tag",
        "math",
        "--note",
        "-1 for tabs, +1 for engines",
        "--birthday",
        "1990-05-12",
        "--cadence",
        "quarterly",
    ]);
    assert_contact_shape(&contact);
    assert_eq!(contact["emails"], json!(["ada@example.com", "countess@example.org"]));
    assert_eq!(contact["phones"], json!(["+44 20 7946 0000", "020 7946 0001"]));
    assert_eq!(contact["company"], "Analytical Engines");
    assert_eq!(contact["title"], "Countess");
    assert_eq!(contact["linkedin"], "https://www.linkedin.com/in/ada");
    assert_eq!(contact["met_at"], "RustConf");
    assert_eq!(contact["met_on"], "2026-11-21");
    assert_eq!(contact["how_met"], "talked about Bernoulli numbers");
    // DESIGN.md does not fix the order of tags.
    assert_eq!(sorted(&contact["tags"]), ["math", "rust"]);
    assert_eq!(contact["notes"], "-1 for tabs, +1 for engines");
    assert_eq!(contact["birthday"], "1990-05-12");
    assert_eq!(contact["cadence"], "3m");
    assert_eq!(contact["last_contact"], "2026-11-21");
    assert_eq!(contact["next_follow_up"], "2026-11-23");
    assert_eq!(contact["created_at"], TODAY);
    // And it is stored that way, not only printed.
    let mut shown = env.show("1");
    for extra in SHOW_EXTRA_KEYS {
        shown.as_object_mut().unwrap().remove(extra);
    }
    assert_eq!(shown, contact);
}

#[test]
fn add_met_on_accepts_a_value_starting_with_a_dash() {
    let env = Env::new();
    let contact = env.json(["add", "Ada Lovelace", "--met-on", "-3d"]);
    assert_eq!(contact["met_on"], "2026-11-19");
    assert_eq!(contact["last_contact"], "2026-11-19");
    assert_eq!(contact["next_follow_up"], "2026-11-21");
}

#[test]
fn add_met_on_accepts_every_date_form() {
    let env = Env::new();
    // Today is Sunday 2026-11-22.
    for (given, date) in [
        ("today", "2026-11-22"),
        ("yesterday", "2026-11-21"),
        ("last friday", "2026-11-20"),
        ("last fri", "2026-11-20"),
        ("-2w", "2026-11-08"),
        ("3 days ago", "2026-11-19"),
        ("1 week ago", "2026-11-15"),
        ("-1m", "2026-10-22"),
        ("+0d", "2026-11-22"),
        ("2026-01-31", "2026-01-31"),
    ] {
        let contact = env.json(["add", &format!("Met {given}"), "--met-on", given]);
        assert_eq!(contact["met_on"], date, "--met-on {given:?}");
    }
}

#[test]
fn the_contact_has_one_shape_in_list_show_backup_and_csv() {
    // The Contact is written in four places (model, JSON view, backup, CSV columns):
    // they must agree with DESIGN.md's list.
    let env = Env::new();
    env.add("Ada Lovelace", &["--email", "ada@example.com"]);
    assert_eq!(keys(&env.contacts()[0]), set(&CONTACT_KEYS));
    let backup = parse_json(&env.ok(["export", "json"]));
    let mut expected = set(&CONTACT_KEYS);
    expected.extend(["vcard_uid".to_string(), "name_parts".to_string()]);
    assert_eq!(keys(&backup["contacts"][0]), expected, "the backup adds vcard_uid and name_parts");
    let csv = env.ok(["export", "csv"]);
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    for column in &header {
        assert!(CONTACT_KEYS.contains(column), "CSV column {column} is not a Contact field");
    }
    assert_eq!(
        header.len(),
        CONTACT_KEYS.len() - 5,
        "all but name_ok, no_thank_you, the temporary cadence and created_at"
    );
}

#[test]
fn add_met_on_in_the_future_is_an_error_that_points_at_remind() {
    let env = Env::new();
    for (given, date) in [("tomorrow", "2026-11-23"), ("monday", "2026-11-23"), ("in 2 weeks", "2026-12-06")]
    {
        let stderr = env.fails(["add", "Ada Lovelace", "--met-on", given], 1, date);
        assert!(stderr.contains("netcrm remind"), "{stderr}");
    }
    assert!(env.contacts().is_empty());
}

#[test]
fn add_records_a_met_interaction_on_the_met_date() {
    let env = Env::new();
    env.add("Ada Lovelace", &["--met-on", "2026-11-10"]);
    let shown = env.show("1");
    let interactions = shown["interactions"].as_array().unwrap();
    assert_eq!(interactions.len(), 1, "{shown}");
    assert_eq!(interactions[0]["kind"], "met");
    assert_eq!(interactions[0]["on"], "2026-11-10");
    assert_eq!(interactions[0]["contact_id"], 1);
}

#[test]
fn add_birthday_without_a_year_accepts_the_dash_dash_form() {
    let env = Env::new();
    let contact = env.json(["add", "Ada Lovelace", "--birthday", "--05-12"]);
    assert_eq!(contact["birthday"], "--05-12");
    let leap = env.json(["add", "Leap Day", "--birthday", "--02-29"]);
    assert_eq!(leap["birthday"], "--02-29");
}

#[test]
fn add_introduced_by_accepts_a_name_an_id_or_an_email() {
    let env = Env::new();
    let ada = env.add("Ada Lovelace", &["--email", "ada@example.com"]);
    for (name, introducer) in
        [("By Name", "ada lovelace"), ("By Id", "1"), ("By Hash Id", "#1"), ("By Email", "ADA@example.com")]
    {
        let contact = env.json(["add", name, "--introduced-by", introducer, "--name-ok"]);
        assert_eq!(contact["introduced_by"], ada, "--introduced-by {introducer}");
        assert_eq!(contact["name_ok"], true, "--introduced-by {introducer}");
    }
    let without = env.json(["add", "No Permission", "--introduced-by", "ada"]);
    assert_eq!(without["introduced_by"], ada);
    assert_eq!(without["name_ok"], false);
}

#[test]
fn add_cadence_is_normalised() {
    let env = Env::new();
    for (given, stored) in [
        ("monthly", "1m"),
        ("none", "none"),
        ("weekly", "1w"),
        ("fortnightly", "2w"),
        ("quarterly", "3m"),
        ("yearly", "1y"),
        ("2w", "2w"),
        ("10d", "10d"),
    ] {
        let contact = env.json(["add", &format!("Cadence {given}"), "--cadence", given]);
        assert_eq!(contact["cadence"], stored, "--cadence {given}");
    }
}

#[test]
fn add_no_thank_you_announces_the_next_check_in_instead() {
    let env = Env::new();
    let stdout = env.ok(["add", "Ada Lovelace", "--no-thank-you"]);
    assert_eq!(stdout, "Added Ada Lovelace (#1). Next check-in 2026-12-22.\n");
    let contact = env.show("1");
    assert_eq!(contact["no_thank_you"], true);
    assert_eq!(contact["next_follow_up"], "2026-12-22");
    let kinds: Vec<&Value> = contact["follow_ups"].as_array().unwrap().iter().map(|f| &f["kind"]).collect();
    assert!(!kinds.contains(&&json!("thank-you")), "{contact}");
}

#[test]
fn add_with_cadence_none_and_no_thank_you_has_no_follow_up() {
    let env = Env::new();
    let contact = env.json(["add", "Ada Lovelace", "--no-thank-you", "--cadence", "none"]);
    assert_eq!(contact["cadence"], "none");
    assert_eq!(contact["next_follow_up"], Value::Null);
    let stdout = env.ok(["add", "Grace Hopper", "--no-thank-you", "--cadence", "none"]);
    assert!(stdout.starts_with("Added Grace Hopper (#2)."), "{stdout}");
    assert!(!stdout.contains("due"), "{stdout}");
}

#[test]
fn add_rejects_an_empty_name() {
    let env = Env::new();
    assert_add_fails_and_writes_nothing(&env, &[""], "name");
    assert_add_fails_and_writes_nothing(&env, &["   "], "name");
    assert!(env.contacts().is_empty());
}

#[test]
fn add_rejects_a_malformed_email_and_names_it() {
    let env = Env::new();
    for bad in
        ["ada.example.com", "ada@", "@example.com", "ada@example", "ada@@example.com", "ada@home@example.com"]
    {
        assert_add_fails_and_writes_nothing(&env, &["Ada Lovelace", "--email", bad], bad);
    }
    // One good and one bad: still nothing written.
    assert_add_fails_and_writes_nothing(
        &env,
        &["Ada Lovelace", "--email", "ada@example.com", "--email", "oops"],
        "oops",
    );
    assert!(env.contacts().is_empty());
}

#[test]
fn add_rejects_an_impossible_met_date() {
    let env = Env::new();
    assert_add_fails_and_writes_nothing(&env, &["Ada Lovelace", "--met-on", "2026-02-30"], "2026-02-30");
    assert_add_fails_and_writes_nothing(&env, &["Ada Lovelace", "--met-on", "someday"], "someday");
    assert!(env.contacts().is_empty());
}

#[test]
fn add_rejects_an_unknown_cadence() {
    let env = Env::new();
    assert_add_fails_and_writes_nothing(&env, &["Ada Lovelace", "--cadence", "3x"], "3x");
    // A cadence is at least one day.
    assert_add_fails_and_writes_nothing(&env, &["Ada Lovelace", "--cadence", "0d"], "0d");
    assert!(env.contacts().is_empty());
}

#[test]
fn add_rejects_an_invalid_birthday() {
    let env = Env::new();
    for bad in ["1990-02-30", "1990-02-29", "--13-01", "--02-30", "May 12"] {
        assert_add_fails_and_writes_nothing(&env, &["Ada Lovelace", "--birthday", bad], bad);
    }
    assert!(env.contacts().is_empty());
}

#[test]
fn add_rejects_an_unknown_introducer() {
    let env = Env::new();
    env.add("Ada Lovelace", &[]);
    assert_add_fails_and_writes_nothing(&env, &["Grace Hopper", "--introduced-by", "Nobody"], "Nobody");
    assert_add_fails_and_writes_nothing(&env, &["Grace Hopper", "--introduced-by", "42"], "42");
    assert_eq!(env.ids(), [1]);
}

#[test]
fn add_rejects_an_ambiguous_introducer_listing_candidates() {
    let env = Env::new();
    env.add("Ada Lovelace", &[]);
    env.add("Ada Byron", &[]);
    let stderr = assert_add_fails_and_writes_nothing(
        &env,
        &["Grace Hopper", "--introduced-by", "ada"],
        "Ada Lovelace",
    );
    assert!(stderr.contains("Ada Byron"), "{stderr}");
}

#[test]
fn add_rejects_an_email_that_belongs_to_someone_and_names_the_owner() {
    let env = Env::new();
    env.add("Ada Lovelace", &["--email", "ada@example.com"]);
    let stderr = assert_add_fails_and_writes_nothing(
        &env,
        &["Grace Hopper", "--email", "ADA@Example.COM"],
        "Ada Lovelace",
    );
    assert!(stderr.contains("#1"), "the owner's id: {stderr}");
    assert!(stderr.to_lowercase().contains("ada@example.com"), "{stderr}");
    assert_eq!(env.ids(), [1]);
}

#[test]
fn add_force_allows_an_email_that_belongs_to_someone() {
    let env = Env::new();
    env.add("Ada Lovelace", &["--email", "ada@example.com"]);
    let contact = env.json(["add", "Grace Hopper", "--email", "ADA@example.com", "--force"]);
    assert_eq!(contact["id"], 2);
    assert_eq!(env.ids(), [1, 2]);
}

#[test]
fn add_same_name_warns_and_still_adds() {
    let env = Env::new();
    env.add("Ada Lovelace", &[]);
    let (stdout, stderr) = succeeds_with_stderr(&mut env.cmd(["add", "Ada Lovelace"]));
    assert_eq!(stdout, "Added Ada Lovelace (#2). Thank-you due 2026-11-24.\n");
    assert!(stderr.starts_with("warning: "), "{stderr}");
    assert!(stderr.contains("Ada Lovelace"), "{stderr}");
    assert!(!stderr.contains("error"), "{stderr}");
    // With --json the warning stays on stderr and stdout is only the contact.
    let (stdout, stderr) = succeeds_with_stderr(&mut env.cmd(["add", "Ada Lovelace", "--json"]));
    assert!(stderr.starts_with("warning: "), "{stderr}");
    assert_eq!(parse_json(&stdout)["id"], 3);
    // Case and spacing are folded when comparing names.
    let (_, stderr) = succeeds_with_stderr(&mut env.cmd(["add", "ada   LOVELACE"]));
    assert!(stderr.starts_with("warning: "), "{stderr}");
    assert_eq!(env.ids(), [1, 2, 3, 4]);
}

#[test]
fn add_name_ok_without_introducer_is_an_error() {
    let env = Env::new();
    let output = env.cmd(["add", "Ada Lovelace", "--name-ok"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        matches!(output.status.code(), Some(1 | 2)),
        "expected a failure, got {}: {stderr}",
        output.status
    );
    assert!(output.stdout.is_empty());
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert!(stderr.contains("--introduced-by"), "{stderr}");
    assert!(env.contacts().is_empty());
}

#[test]
fn add_without_name_off_a_terminal_is_a_usage_error_and_does_not_hang() {
    let env = Env::new();
    let mut cmd = env.cmd(["add"]);
    cmd.timeout(Duration::from_secs(10));
    fails(&mut cmd, 2, "NAME");
    let mut cmd = env.cmd(["add", "--email", "ada@example.com", "--company", "Analytical"]);
    cmd.timeout(Duration::from_secs(10));
    fails(&mut cmd, 2, "NAME");
    assert!(env.contacts().is_empty());
}

// ---------------------------------------------------------------------------------
// usage errors

#[test]
fn usage_errors_exit_with_status_2() {
    let env = Env::new();
    for args in [
        &["add", "Ada Lovelace", "--frobnicate"][..],
        &["show"],
        &["rm"],
        &["edit"],
        &["list", "--sort", "newest"],
        &["list", "--limit", "many"],
        &["list", "--limit"],
        &["completions", "tcsh"],
        &["completions"],
        &["no-such-command"],
    ] {
        let output = env.cmd(args).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "netcrm {args:?}: {stderr}");
        assert!(output.stdout.is_empty(), "netcrm {args:?} printed on stdout");
        assert!(stderr.starts_with("error: "), "netcrm {args:?}: {stderr}");
    }
    // Bare `netcrm` shows the usage on stderr, like git.
    let output = env.cmd(Vec::<&str>::new()).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    assert!(String::from_utf8_lossy(&output.stderr).contains("Usage: netcrm"));
}

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
    // number of names it lists.
    for word in stderr.split_whitespace() {
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

// ---------------------------------------------------------------------------------
// list

#[test]
fn list_table_has_the_design_columns() {
    let env = Env::new();
    env.add("Ada Lovelace", &["--company", "Analytical", "--title", "Countess", "--tag", "rust"]);
    let stdout = env.ok(["list"]);
    let header = stdout.lines().next().unwrap();
    let mut at = 0;
    for column in ["id", "name", "company", "title", "tags", "last contact", "next follow-up"] {
        let found = header[at..]
            .find(column)
            .unwrap_or_else(|| panic!("no column {column:?} in order in {header:?}"));
        at += found + column.len();
    }
    let row =
        stdout.lines().find(|l| l.contains("Ada Lovelace")).unwrap_or_else(|| panic!("no row: {stdout}"));
    for cell in ["1", "Analytical", "Countess", "rust", TODAY, "2026-11-24"] {
        assert!(row.contains(cell), "{cell:?} missing from {row:?}");
    }
}

#[test]
fn list_json_is_an_array_of_contacts() {
    let env = Env::new();
    env.add("Ada Lovelace", &[]);
    env.add("Grace Hopper", &[]);
    let list = env.json(["list"]);
    let array = list.as_array().unwrap();
    assert_eq!(array.len(), 2);
    for contact in array {
        assert_contact_shape(contact);
    }
}

#[test]
fn list_on_an_empty_database_prints_a_friendly_line() {
    let env = Env::new();
    let stdout = env.ok(["list"]);
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(!stdout.trim().is_empty());
    assert_eq!(env.json(["list"]), json!([]));
}

#[test]
fn list_tag_is_exact_case_insensitive_and_repeats_mean_all() {
    let env = Env::new();
    env.add("Ada Lovelace", &["--tag", "rust", "--tag", "Berlin"]);
    env.add("Grace Hopper", &["--tag", "Rust"]);
    env.add("Ferris Crab", &["--tag", "rustacean"]);
    env.add("Alan Turing", &[]);
    assert_eq!(names(&env.json(["list", "--tag", "RUST"])), ["Ada Lovelace", "Grace Hopper"]);
    assert_eq!(names(&env.json(["list", "--tag", "rust", "--tag", "berlin"])), ["Ada Lovelace"]);
    assert_eq!(names(&env.json(["list", "--tag", "rust", "--tag", "nowhere"])), Vec::<String>::new());
}

#[test]
fn list_company_and_met_at_are_case_insensitive_substrings() {
    let env = Env::new();
    env.add("Ada Lovelace", &["--company", "Analytical Engines", "--met-at", "RustConf 2026"]);
    env.add("Grace Hopper", &["--company", "US Navy", "--met-at", "PyCon"]);
    env.add("Chris Wanstrath", &["--company", "Engine Yard"]);
    assert_eq!(names(&env.json(["list", "--company", "ENGINE"])), ["Ada Lovelace", "Chris Wanstrath"]);
    assert_eq!(names(&env.json(["list", "--met-at", "rustconf"])), ["Ada Lovelace"]);
    assert_eq!(names(&env.json(["list", "--met-at", "con"])), ["Ada Lovelace", "Grace Hopper"]);
    assert_eq!(names(&env.json(["list", "--company", "engine", "--met-at", "py"])), Vec::<String>::new());
}

#[test]
fn list_search_covers_name_email_company_title_notes_and_tags() {
    let env = Env::new();
    let by_name = env.add("Zebra Person", &[]);
    let by_email = env.add("Email Person", &["--email", "stripes@zebra.io"]);
    let by_company = env.add("Company Person", &["--company", "ZebraWorks"]);
    let by_title = env.add("Title Person", &["--title", "Head of Zebras"]);
    let by_note = env.add("Note Person", &["--note", "owns a zebra"]);
    let by_tag = env.add("Tag Person", &["--tag", "zebra"]);
    env.add("Nobody Special", &["--company", "Horses Inc", "--note", "likes horses"]);
    let found = env.json(["list", "--search", "ZEBRA", "--sort", "added"]);
    assert_eq!(ids(found.as_array().unwrap()), [by_name, by_email, by_company, by_title, by_note, by_tag]);
}

#[test]
fn list_sorts_by_name_last_contact_or_order_added() {
    let env = Env::new();
    env.add("Charlie Chaplin", &["--met-on", "-1d"]);
    env.add("alice Liddell", &["--met-on", "-10d"]);
    env.add("Bob Dylan", &[]);
    let by_name = ["alice Liddell", "Bob Dylan", "Charlie Chaplin"];
    assert_eq!(names(&env.json(["list"])), by_name, "the default sort is by name");
    assert_eq!(names(&env.json(["list", "--sort", "name"])), by_name);
    assert_eq!(
        names(&env.json(["list", "--sort", "last"])),
        ["Bob Dylan", "Charlie Chaplin", "alice Liddell"]
    );
    assert_eq!(
        names(&env.json(["list", "--sort", "added"])),
        ["Charlie Chaplin", "alice Liddell", "Bob Dylan"]
    );
}

#[test]
fn list_limit_keeps_the_first_rows_of_the_sort() {
    let env = Env::new();
    env.add("Charlie Chaplin", &[]);
    env.add("alice Liddell", &[]);
    env.add("Bob Dylan", &[]);
    assert_eq!(names(&env.json(["list", "--limit", "2"])), ["alice Liddell", "Bob Dylan"]);
    assert_eq!(names(&env.json(["list", "--sort", "added", "--limit", "1"])), ["Charlie Chaplin"]);
    let table = env.ok(["list", "--limit", "2"]);
    assert!(!table.contains("Charlie"), "{table}");
}

#[test]
fn list_into_a_closed_pipe_exits_successfully() {
    let env = Env::new();
    // More than a pipe buffer (64 KiB) of output, so the writes hit the closed pipe.
    let long = "x".repeat(20_000);
    for i in 0..8 {
        env.add(&format!("Person {i}"), &["--company", &long, "--note", &long]);
    }
    for args in [&["list"][..], &["list", "--json"]] {
        let mut child = env
            .std_cmd(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
        assert!(!first.is_empty());
        // The reader is dropped here: stdout is closed, like `netcrm list | head -1`.
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "netcrm {args:?}: {} {stderr}", output.status);
        assert_eq!(stderr, "", "netcrm {args:?}");
    }
}

// ---------------------------------------------------------------------------------
// show

#[test]
fn show_prints_the_fields_timeline_and_follow_ups() {
    let env = Env::new();
    env.add(
        "Ada Lovelace",
        &[
            "--email",
            "ada@example.com",
            "--phone",
            "+44 20 7946 0000",
            "--company",
            "Analytical Engines",
            "--title",
            "Countess",
            "--met-at",
            "RustConf",
            "--met-on",
            "2026-11-20",
            "--tag",
            "mathematics",
            "--note",
            "likes poetry",
        ],
    );
    let stdout = env.ok(["show", "ada"]);
    for text in [
        "Ada Lovelace",
        "ada@example.com",
        "+44 20 7946 0000",
        "Analytical Engines",
        "Countess",
        "RustConf",
        "mathematics",
        "likes poetry",
        "2026-11-20",
        "Timeline",
        "Follow-ups",
        "thank-you",
        "2026-11-22",
    ] {
        assert!(stdout.contains(text), "{text:?} missing from:\n{stdout}");
    }
    let timeline = &stdout[stdout.find("Timeline").unwrap()..];
    assert!(timeline.contains("2026-11-20") && timeline.contains("met"), "{stdout}");
}

#[test]
fn show_json_has_the_contact_fields_and_five_arrays() {
    let env = Env::new();
    env.add("Ada Lovelace", &["--met-on", "2026-11-21"]);
    let shown = env.show("1");
    let mut expected = set(&CONTACT_KEYS);
    expected.extend(SHOW_EXTRA_KEYS.iter().map(|k| k.to_string()));
    assert_eq!(keys(&shown), expected);
    for extra in SHOW_EXTRA_KEYS {
        assert!(shown[extra].is_array(), "{extra}: {shown}");
    }
    let mut contact = shown.clone();
    for extra in SHOW_EXTRA_KEYS {
        contact.as_object_mut().unwrap().remove(extra);
    }
    assert_contact_shape(&contact);
    let interactions = shown["interactions"].as_array().unwrap();
    assert_eq!(interactions.len(), 1);
    assert_eq!(
        keys(&interactions[0]),
        set(&["id", "contact_id", "kind", "on", "note", "at", "how", "source"])
    );
    assert_eq!(interactions[0]["kind"], "met");
    assert_eq!(interactions[0]["on"], "2026-11-21");
    let thank_you = shown["follow_ups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["kind"] == "thank-you")
        .unwrap_or_else(|| panic!("no thank-you follow-up: {shown}"));
    assert_eq!(
        keys(thank_you),
        set(&["key", "kind", "contact_id", "contact", "due_on", "days_overdue", "reason", "channel"])
    );
    assert_eq!(thank_you["key"], "thank-you-1");
    assert_eq!(thank_you["contact_id"], 1);
    assert_eq!(thank_you["contact"], "Ada Lovelace");
    assert_eq!(thank_you["due_on"], "2026-11-23");
    assert_eq!(thank_you["days_overdue"], -1);
    assert_eq!(shown["favors"], json!([]));
    assert_eq!(shown["leads"], json!([]));
    assert_eq!(shown["introduced"], json!([]));
}

#[test]
fn show_lists_whom_a_contact_introduced_and_who_introduced_them() {
    let env = Env::new();
    let ada = env.add("Ada Lovelace", &[]);
    let grace = env.add("Grace Hopper", &["--introduced-by", "ada", "--name-ok"]);
    let alan = env.add("Alan Turing", &["--introduced-by", "#1"]);
    assert_eq!(env.show("ada")["introduced"], json!([grace, alan]));
    assert_eq!(env.show("grace")["introduced_by"], ada);
    let page = env.ok(["show", "ada"]);
    assert!(page.contains("Grace Hopper") && page.contains("Alan Turing"), "{page}");
    let page = env.ok(["show", "grace"]);
    assert!(page.contains("Ada Lovelace"), "{page}");
}

#[test]
fn show_says_when_nothing_is_open() {
    let env = Env::new();
    env.add("Ada Lovelace", &["--no-thank-you", "--cadence", "none"]);
    let shown = env.show("ada");
    assert_eq!(shown["follow_ups"], json!([]));
    assert_eq!(shown["next_follow_up"], Value::Null);
    let page = env.ok(["show", "ada"]);
    let start = page.find("Follow-ups").unwrap_or_else(|| panic!("{page}"));
    let end = page.find("Timeline").unwrap_or_else(|| panic!("{page}"));
    let follow_ups = &page[start..end];
    assert!(!follow_ups.contains("2026-"), "no follow-up is open:\n{page}");
    assert!(follow_ups.contains("none"), "{page}");
}

#[test]
fn show_unknown_contact_prints_nothing_on_stdout() {
    let env = Env::new();
    env.fails(["show", "ada"], 1, "ada");
    env.fails(["show", "ada", "--json"], 1, "ada");
}

// ---------------------------------------------------------------------------------
// edit

fn full_contact(env: &Env) -> i64 {
    env.add("Grace Hopper", &[]);
    env.add(
        "Ada Lovelace",
        &[
            "--email",
            "ada@example.com",
            "--email",
            "countess@example.org",
            "--phone",
            "+44 20 7946 0000",
            "--company",
            "Analytical Engines",
            "--title",
            "Countess",
            "--linkedin",
            "https://www.linkedin.com/in/ada",
            "--met-at",
            "RustConf",
            "--how",
            "Bernoulli numbers",
            "--tag",
            "math",
            "--tag",
            "rust",
            "--note",
            "likes poetry",
            "--birthday",
            "1990-05-12",
            "--introduced-by",
            "grace",
            "--name-ok",
            "--cadence",
            "monthly",
        ],
    )
}

#[test]
fn edit_replaces_each_field() {
    let env = Env::new();
    let ada = full_contact(&env);
    let alan = env.add("Alan Turing", &[]);
    let contact = env.json([
        "edit",
        "ada",
        "--company",
        "Babbage & Co",
        "--title",
        "Analyst",
        "--linkedin",
        "https://linkedin.com/in/ada-king",
        "--met-at",
        "PyCon",
        "--how",
        "-notes on the engine",
        "--note",
        "writes poetry",
        "--birthday",
        "--12-10",
        "--introduced-by",
        "alan",
        "--cadence",
        "quarterly",
    ]);
    assert_contact_shape(&contact);
    assert_eq!(contact["id"], ada);
    assert_eq!(contact["company"], "Babbage & Co");
    assert_eq!(contact["title"], "Analyst");
    assert_eq!(contact["linkedin"], "https://linkedin.com/in/ada-king");
    assert_eq!(contact["met_at"], "PyCon");
    assert_eq!(contact["how_met"], "-notes on the engine");
    assert_eq!(contact["notes"], "writes poetry");
    assert_eq!(contact["birthday"], "--12-10");
    assert_eq!(contact["introduced_by"], alan);
    assert_eq!(contact["cadence"], "3m");
    // Untouched fields stay.
    assert_eq!(contact["name"], "Ada Lovelace");
    assert_eq!(contact["emails"], json!(["ada@example.com", "countess@example.org"]));
    assert_eq!(sorted(&contact["tags"]), ["math", "rust"]);
    assert_eq!(contact["met_on"], TODAY);
    assert_eq!(contact["created_at"], TODAY);
    // Stored, not only printed.
    assert_eq!(env.show("ada")["company"], "Babbage & Co");
}

#[test]
fn edit_email_phone_and_tag_replace_the_lists() {
    let env = Env::new();
    full_contact(&env);
    let contact = env.json([
        "edit",
        "ada",
        "--email",
        "ada@king.example",
        "--phone",
        "555 0100",
        "--phone",
        "555 0101",
        "--tag",
        "poetry",
    ]);
    assert_eq!(contact["emails"], json!(["ada@king.example"]));
    assert_eq!(contact["phones"], json!(["555 0100", "555 0101"]));
    assert_eq!(contact["tags"], json!(["poetry"]));
    // The old address no longer finds her; the new one does.
    env.fails(["show", "ada@example.com"], 1, "ada@example.com");
    assert_eq!(env.show("ADA@king.example")["name"], "Ada Lovelace");
}

#[test]
fn edit_add_tag_and_remove_tag_keep_the_other_tags() {
    let env = Env::new();
    full_contact(&env);
    let contact =
        env.json(["edit", "ada", "--add-tag", "mentor", "--add-tag", "MATH", "--remove-tag", "RUST"]);
    assert_eq!(sorted(&contact["tags"]), ["math", "mentor"]);
    // Removing a tag she does not have changes nothing, and says so.
    let (stdout, stderr) =
        succeeds_with_stderr(&mut env.cmd(["--json", "edit", "ada", "--remove-tag", "nothing-like-it"]));
    assert_eq!(sorted(&parse_json(&stdout)["tags"]), ["math", "mentor"]);
    assert!(stderr.contains("already has these details; nothing changed"), "{stderr}");
    let (stdout, _) = succeeds_with_stderr(&mut env.cmd(["edit", "ada", "--remove-tag", "nothing-like-it"]));
    assert_eq!(stdout, "");
}

#[test]
fn edit_name_renames_the_contact() {
    let env = Env::new();
    let ada = full_contact(&env);
    let contact = env.json(["edit", "ada", "--name", "Augusta Ada King"]);
    assert_eq!(contact["name"], "Augusta Ada King");
    assert_eq!(env.show("augusta ada king")["id"], ada);
    env.fails(["show", "Ada Lovelace"], 1, "Ada Lovelace");
    env.fails(["edit", "augusta", "--name", ""], 1, "name");
    assert_eq!(env.show("augusta")["name"], "Augusta Ada King");
}

#[test]
fn edit_empty_values_clear_fields() {
    let env = Env::new();
    full_contact(&env);
    let contact = env.json([
        "edit",
        "ada",
        "--email",
        "",
        "--phone",
        "",
        "--company",
        "",
        "--title",
        "",
        "--linkedin",
        "",
        "--met-at",
        "",
        "--how",
        "",
        "--tag",
        "",
        "--note",
        "",
        "--birthday",
        "",
        "--introduced-by",
        "",
        "--cadence",
        "",
    ]);
    assert_contact_shape(&contact);
    for list in ["emails", "phones", "tags"] {
        assert_eq!(contact[list], json!([]), "{list}");
    }
    for field in
        ["company", "title", "linkedin", "met_at", "how_met", "notes", "birthday", "introduced_by", "cadence"]
    {
        assert_eq!(contact[field], Value::Null, "{field} was not cleared: {contact}");
    }
    assert_eq!(contact["name_ok"], false, "no introducer, so no permission to use their name");
    assert_eq!(env.show("grace")["introduced"], json!([]));
}

#[test]
fn edit_single_empty_value_clears_only_that_field() {
    let env = Env::new();
    full_contact(&env);
    for (flag, field) in [
        ("--company", "company"),
        ("--birthday", "birthday"),
        ("--cadence", "cadence"),
        ("--introduced-by", "introduced_by"),
    ] {
        let contact = env.json(["edit", "ada", flag, ""]);
        assert_eq!(contact[field], Value::Null, "{flag} \"\": {contact}");
    }
    let contact = env.json(["edit", "ada", "--email", ""]);
    assert_eq!(contact["emails"], json!([]));
    assert_eq!(contact["title"], "Countess");
}

#[test]
fn edit_cadence_until_sets_a_temporary_cadence_and_keeps_the_own_one() {
    let env = Env::new();
    full_contact(&env);
    let contact = env.json(["edit", "ada", "--cadence", "1w", "--cadence-until", "2027-01-15"]);
    assert_eq!(contact["cadence"], "1m");
    assert_eq!(contact["temporary_cadence"], "1w");
    assert_eq!(contact["cadence_until"], "2027-01-15");
    let shown = env.show("ada");
    assert_eq!(shown["temporary_cadence"], "1w");
    assert_eq!(shown["cadence_until"], "2027-01-15");

    let ended = env.json(["edit", "ada", "--cadence-until", ""]);
    assert_eq!(ended["cadence"], "1m");
    assert_eq!(ended["temporary_cadence"], Value::Null);
    assert_eq!(ended["cadence_until"], Value::Null);
}

#[test]
fn edit_temporary_cadence_works_for_a_contact_on_the_default_cadence() {
    let env = Env::new();
    env.add("Ada Lovelace", &[]);
    let contact = env.json(["edit", "ada", "--cadence", "weekly", "--cadence-until", "2027-01-15"]);
    assert_eq!(contact["cadence"], Value::Null);
    assert_eq!(contact["temporary_cadence"], "1w");
    assert_eq!(contact["cadence_until"], "2027-01-15");
}

#[test]
fn edit_met_on_moves_the_met_interaction() {
    let env = Env::new();
    env.add("Ada Lovelace", &[]);
    let contact = env.json(["edit", "ada", "--met-on", "2026-11-01"]);
    assert_eq!(contact["met_on"], "2026-11-01");
    let shown = env.show("ada");
    let interactions = shown["interactions"].as_array().unwrap();
    assert_eq!(interactions.len(), 1, "{shown}");
    assert_eq!(interactions[0]["kind"], "met");
    assert_eq!(interactions[0]["on"], "2026-11-01");
    assert_eq!(shown["last_contact"], "2026-11-01");
    assert_eq!(shown["next_follow_up"], "2026-11-03");

    // A value starting with a dash is a date, not a flag.
    let contact = env.json(["edit", "ada", "--met-on", "-1w"]);
    assert_eq!(contact["met_on"], "2026-11-15");
    let shown = env.show("ada");
    assert_eq!(shown["interactions"][0]["on"], "2026-11-15");
}

#[test]
fn edit_name_ok_and_no_thank_you_can_be_set_and_withdrawn() {
    let env = Env::new();
    env.add("Ada Lovelace", &[]);
    env.add("Grace Hopper", &["--introduced-by", "ada"]);
    assert_eq!(env.json(["edit", "grace", "--name-ok"])["name_ok"], true);
    assert_eq!(env.json(["edit", "grace", "--name-ok=false"])["name_ok"], false);
    env.fails(["edit", "ada", "--name-ok"], 1, "--introduced-by");

    let contact = env.json(["edit", "ada", "--no-thank-you"]);
    assert_eq!(contact["no_thank_you"], true);
    assert_eq!(contact["next_follow_up"], "2026-11-24", "thanking Ada for introducing Grace");
    let contact = env.json(["edit", "ada", "--no-thank-you=false"]);
    assert_eq!(contact["no_thank_you"], false);
    assert_eq!(contact["next_follow_up"], "2026-11-24");
}

#[test]
fn edit_without_changes_is_a_usage_error() {
    let env = Env::new();
    env.add("Ada Lovelace", &[]);
    env.fails(["edit", "ada"], 2, "");
    env.fails(["edit", "ada", "--json"], 2, "");
}

#[test]
fn edit_cannot_make_a_contact_their_own_introducer() {
    let env = Env::new();
    env.add("Ada Lovelace", &[]);
    env.fails(["edit", "ada", "--introduced-by", "ada"], 1, "introducer");
    env.fails(["edit", "1", "--introduced-by", "#1", "--company", "X"], 1, "Ada Lovelace");
    let shown = env.show("ada");
    assert_eq!(shown["introduced_by"], Value::Null);
    assert_eq!(shown["company"], Value::Null);
}

#[test]
fn edit_taking_another_contacts_email_is_an_error_unless_forced() {
    let env = Env::new();
    env.add("Ada Lovelace", &["--email", "ada@example.com"]);
    env.add("Grace Hopper", &["--email", "grace@navy.mil"]);
    let stderr = env.fails(["edit", "grace", "--email", "ADA@example.com"], 1, "Ada Lovelace");
    assert!(stderr.contains("#1"), "{stderr}");
    assert_eq!(env.show("grace")["emails"], json!(["grace@navy.mil"]));
    let contact = env.json(["edit", "grace", "--email", "ADA@example.com", "--force"]);
    assert_eq!(contact["emails"], json!(["ADA@example.com"]));
}

#[test]
fn edit_of_other_fields_is_not_blocked_by_a_forced_shared_email() {
    let env = Env::new();
    env.add("Ada Lovelace", &["--email", "ada@example.com"]);
    env.add("Grace Hopper", &["--email", "ADA@example.com", "--force"]);
    // Neither edit takes an e-mail from anyone: the address was shared on purpose.
    assert_eq!(env.json(["edit", "grace", "--company", "US Navy"])["company"], "US Navy");
    assert_eq!(env.json(["edit", "ada", "--title", "Countess"])["title"], "Countess");
}

#[test]
fn edit_may_keep_the_contacts_own_email() {
    let env = Env::new();
    env.add("Ada Lovelace", &["--email", "ada@example.com"]);
    let contact = env.json(["edit", "ada", "--email", "ada@example.com", "--email", "ada@home.example"]);
    assert_eq!(contact["emails"], json!(["ada@example.com", "ada@home.example"]));
}

#[test]
fn edit_with_one_invalid_value_changes_nothing() {
    let env = Env::new();
    full_contact(&env);
    let before = env.show("ada");
    env.fails(["edit", "ada", "--company", "New Co", "--email", "not-an-email"], 1, "not-an-email");
    env.fails(["edit", "ada", "--title", "New", "--met-on", "2026-02-30"], 1, "2026-02-30");
    env.fails(["edit", "ada", "--title", "New", "--cadence", "3x"], 1, "3x");
    env.fails(["edit", "ada", "--title", "New", "--introduced-by", "Nobody"], 1, "Nobody");
    env.fails(
        ["edit", "ada", "--title", "New", "--cadence-until", "2026-13-01", "--cadence", "1w"],
        1,
        "2026-13-01",
    );
    assert_eq!(env.show("ada"), before);
}

#[test]
fn edit_unknown_contact_is_an_error() {
    let env = Env::new();
    env.add("Ada Lovelace", &[]);
    env.fails(["edit", "grace", "--company", "Navy"], 1, "grace");
    env.fails(["edit", "7", "--company", "Navy"], 1, "7");
}

#[test]
fn edit_json_prints_the_contact_and_text_names_it() {
    let env = Env::new();
    env.add("Ada Lovelace", &[]);
    let contact = env.json(["edit", "ada", "--company", "Analytical"]);
    assert_contact_shape(&contact);
    assert_eq!(contact["company"], "Analytical");
    let stdout = env.ok(["edit", "ada", "--title", "Countess"]);
    assert!(stdout.contains("Ada Lovelace") && stdout.contains("#1"), "{stdout}");
}

// ---------------------------------------------------------------------------------
// rm

fn interaction_count(env: &Env, contact_id: i64) -> i64 {
    let conn = rusqlite::Connection::open(env.db()).expect("cannot open the database");
    conn.query_row("SELECT count(*) FROM interactions WHERE contact_id = ?1", [contact_id], |row| row.get(0))
        .expect("cannot count interactions")
}

#[test]
fn rm_without_yes_off_a_terminal_is_a_usage_error_and_removes_nothing() {
    let env = Env::new();
    env.add("Ada Lovelace", &[]);
    let mut cmd = env.cmd(["rm", "ada"]);
    cmd.timeout(Duration::from_secs(10));
    fails(&mut cmd, 2, "--yes");
    assert_eq!(env.ids(), [1]);
}

#[test]
fn rm_yes_removes_the_contact_and_their_interactions() {
    let env = Env::new();
    env.add("Ada Lovelace", &[]);
    let grace = env.add("Grace Hopper", &[]);
    assert_eq!(interaction_count(&env, grace), 1);
    let stdout = env.ok(["rm", "grace", "--yes"]);
    assert!(stdout.starts_with("Removed Grace Hopper"), "{stdout}");
    assert_eq!(env.ids(), [1]);
    assert_eq!(interaction_count(&env, grace), 0);
    env.fails(["show", "2"], 1, "2");
    let stdout = env.ok(["rm", "-y", "1"]);
    assert!(stdout.starts_with("Removed Ada Lovelace"), "{stdout}");
    assert!(env.contacts().is_empty());
}

#[test]
fn rm_json_prints_the_contact_as_it_was() {
    let env = Env::new();
    env.add("Ada Lovelace", &["--email", "ada@example.com", "--company", "Analytical"]);
    let before = env.json(["list"])[0].clone();
    let removed = env.json(["rm", "ada", "--yes"]);
    assert_contact_shape(&removed);
    assert_eq!(removed, before);
    assert!(env.contacts().is_empty());
}

#[test]
fn rm_keeps_the_contacts_they_introduced_without_introducer() {
    let env = Env::new();
    env.add("Ada Lovelace", &[]);
    let grace = env.add("Grace Hopper", &["--introduced-by", "ada", "--name-ok"]);
    env.ok(["rm", "ada", "--yes"]);
    let shown = env.show("grace");
    assert_eq!(shown["id"], grace);
    assert_eq!(shown["introduced_by"], Value::Null);
}

#[test]
fn rm_unknown_contact_is_an_error() {
    let env = Env::new();
    env.add("Ada Lovelace", &[]);
    env.fails(["rm", "grace", "--yes"], 1, "grace");
    env.fails(["rm", "#9", "--yes"], 1, "9");
    env.add("Ada Byron", &[]);
    env.fails(["rm", "ada", "--yes"], 1, "Ada Byron");
    assert_eq!(env.ids(), [1, 2]);
}

#[test]
fn ids_are_never_reused_after_rm() {
    let env = Env::new();
    env.add("Ada Lovelace", &[]);
    env.add("Grace Hopper", &[]);
    env.ok(["rm", "2", "--yes"]);
    assert_eq!(env.add("Alan Turing", &[]), 3);
}

// ---------------------------------------------------------------------------------
// the database file

#[test]
fn database_is_created_on_first_use_with_its_folder_and_mode_0600() {
    let env = Env::new();
    let db = env.dir().join("deep").join("er").join("contacts.db");
    succeeds(env.cmd(["list"]).env("NETCRM_DB", &db));
    assert!(db.is_file(), "{} was not created", db.display());
    let mode = std::fs::metadata(&db).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "mode {mode:o}");
    assert!(!env.db().exists());
}

#[test]
fn a_database_folder_that_cannot_be_created_is_an_error() {
    let env = Env::new();
    let file = env.dir().join("plain-file");
    std::fs::write(&file, "not a folder").unwrap();
    let db = file.join("sub").join("netcrm.db");
    fails(env.cmd(["list"]).env("NETCRM_DB", &db), 1, "plain-file");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "not a folder");
}

#[test]
fn db_flag_beats_netcrm_db() {
    let env = Env::new();
    let other = env.dir().join("other.db");
    let other_arg = other.to_str().unwrap();
    succeeds(&mut env.cmd(["--db", other_arg, "add", "Ada Lovelace"]));
    assert!(other.is_file());
    assert!(!env.db().exists(), "NETCRM_DB was used despite --db");
    let listed = parse_json(&succeeds(&mut env.cmd(["list", "--json", "--db", other_arg])));
    assert_eq!(names(&listed), ["Ada Lovelace"]);
}

#[test]
fn database_defaults_to_xdg_data_home() {
    let env = Env::new();
    let xdg = env.dir().join("xdg-data");
    succeeds(env.cmd(["add", "Ada Lovelace"]).env_remove("NETCRM_DB").env("XDG_DATA_HOME", &xdg));
    let db = xdg.join("netcrm").join("netcrm.db");
    assert!(db.is_file(), "{} was not created", db.display());
    assert!(!env.db().exists());
    let mode = std::fs::metadata(&db).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "mode {mode:o}");
}

#[test]
fn database_defaults_to_local_share_under_home() {
    let env = Env::new();
    succeeds(env.cmd(["add", "Ada Lovelace"]).env_remove("NETCRM_DB"));
    let db = env.dir().join(".local/share/netcrm/netcrm.db");
    assert!(db.is_file(), "{} was not created", db.display());
}

#[test]
fn a_text_file_as_database_is_refused_and_left_unchanged() {
    let env = Env::new();
    let text = "name,email\nAda Lovelace,ada@example.com\n".repeat(50);
    std::fs::write(env.db(), &text).unwrap();
    let db = env.db().display().to_string();
    for args in [&["list"][..], &["add", "Grace Hopper"], &["show", "1"]] {
        let stderr = env.fails(args, 1, &db);
        assert!(stderr.contains("database"), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
    assert_eq!(std::fs::read_to_string(env.db()).unwrap(), text);
}

#[test]
fn a_database_from_a_newer_netcrm_is_refused_and_left_unchanged() {
    let env = Env::new();
    {
        let conn = rusqlite::Connection::open(env.db()).expect("cannot open the database");
        conn.execute_batch("CREATE TABLE future (x); PRAGMA user_version = 999;").unwrap();
    }
    let bytes = std::fs::read(env.db()).unwrap();
    for args in [&["list"][..], &["add", "Ada Lovelace"]] {
        env.fails(args, 1, "newer netcrm");
    }
    assert_eq!(std::fs::read(env.db()).unwrap(), bytes);
}

#[test]
fn invalid_netcrm_today_is_an_error() {
    let env = Env::new();
    for bad in ["2026-02-30", "tomorrow", "22/11/2026"] {
        let stderr = fails(env.cmd(["list"]).env("NETCRM_TODAY", bad), 1, bad);
        assert!(stderr.contains("NETCRM_TODAY"), "{stderr}");
        fails(env.cmd(["add", "Ada Lovelace"]).env("NETCRM_TODAY", bad), 1, "NETCRM_TODAY");
    }
    assert!(env.contacts().is_empty());
}

#[test]
fn empty_netcrm_today_means_the_real_date() {
    let env = Env::new();
    let stdout = succeeds(env.cmd(["add", "Ada Lovelace", "--json"]).env("NETCRM_TODAY", ""));
    let contact = parse_json(&stdout);
    let created =
        chrono::NaiveDate::parse_from_str(contact["created_at"].as_str().unwrap(), "%Y-%m-%d").unwrap();
    #[allow(clippy::disallowed_methods)] // the test compares with the real clock
    let now = chrono::Utc::now().date_naive();
    assert!((created - now).num_days().abs() <= 1, "created_at {created}, today {now}");
}

#[test]
fn netcrm_today_governs_every_date() {
    let env = Env::new();
    let contact = parse_json(&succeeds(
        env.cmd(["add", "Ada Lovelace", "--json", "--met-on", "yesterday"]).env("NETCRM_TODAY", "2027-03-01"),
    ));
    assert_eq!(contact["created_at"], "2027-03-01");
    assert_eq!(contact["met_on"], "2027-02-28");
    assert_eq!(contact["next_follow_up"], "2027-03-02");
}

// ---------------------------------------------------------------------------------
// completions, manpage, help

#[test]
fn completions_print_a_script_without_opening_the_database() {
    let env = Env::new();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = env.ok(["completions", shell]);
        assert!(script.len() > 100, "{shell}: {script}");
        assert!(script.contains("netcrm"), "{shell}");
        assert!(!env.db().exists(), "completions {shell} created the database");
    }
    // Not even with a date it would reject.
    succeeds(env.cmd(["completions", "bash"]).env("NETCRM_TODAY", "garbage"));
    assert!(!env.db().exists());
}

#[test]
fn manpage_prints_roff_without_opening_the_database() {
    let env = Env::new();
    let page = env.ok(["manpage"]);
    assert!(page.contains(".TH"), "{page}");
    assert!(page.to_lowercase().contains("netcrm"));
    assert!(!env.db().exists(), "manpage created the database");
}

#[test]
fn help_for_every_command_has_examples() {
    let env = Env::new();
    for command in ["add", "list", "show", "edit", "rm", "completions", "manpage"] {
        let help = env.ok([command, "--help"]);
        assert!(help.contains("Examples:"), "netcrm {command} --help:\n{help}");
        assert!(help.contains("netcrm "), "netcrm {command} --help:\n{help}");
    }
    let help = env.ok(["--help"]);
    assert!(help.contains("Examples:"), "{help}");
    assert!(!env.db().exists(), "--help created the database");
}
