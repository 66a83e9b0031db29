//! `add`: recording someone you met, and the errors that write nothing.

use std::time::Duration;

use serde_json::{Value, json};

use crate::support::*;

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
            "cadence_source": null,
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
        CONTACT_KEYS.len() - 6,
        "all but name_ok, no_thank_you, cadence_source, the temporary cadence and created_at"
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
