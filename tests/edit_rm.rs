//! `edit` and `rm`: changing and removing contacts.

use std::time::Duration;

use serde_json::{Value, json};

use crate::support::*;

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

/// (kind, on, at, how) of each interaction of a contact, newest first.
fn meetings(env: &Env, contact: &str) -> Vec<(String, String, Value, Value)> {
    env.show(contact)["interactions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["kind"].as_str().unwrap().into(),
                i["on"].as_str().unwrap().into(),
                i["at"].clone(),
                i["how"].clone(),
            )
        })
        .collect()
}

/// Regression: `edit --met-on` on an imported contact (no recorded first meeting) moved
/// the `met` logged later with `log --kind met` and erased its place and topic.
#[test]
fn edit_met_on_never_changes_a_meeting_logged_later() {
    let env = Env::new();
    let file = env.dir().join("Connections.csv");
    std::fs::write(
        &file,
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n\
         Kofi,Boateng,https://www.linkedin.com/in/kofi,,Acme,Engineer,12 Mar 2024\n",
    )
    .unwrap();
    env.ok(["import", file.to_str().unwrap()]);
    env.ok([
        "log",
        "kofi",
        "--kind",
        "met",
        "--on",
        "2026-11-20",
        "--at",
        "Rust meetup",
        "--how",
        "async traits",
    ]);
    let contact = env.json(["edit", "kofi", "--met-on", "2024-03-10"]);
    assert_eq!(contact["met_on"], "2024-03-10");
    let logged = ("met".to_string(), "2026-11-20".to_string(), json!("Rust meetup"), json!("async traits"));
    assert_eq!(meetings(&env, "kofi"), std::slice::from_ref(&logged));
    env.json(["edit", "kofi", "--met-at", "LinkedIn", "--how", "a post"]);
    assert_eq!(meetings(&env, "kofi"), [logged]);
}

/// `edit --met-on`, `--met-at` and `--how` change the meeting `add` recorded, each part
/// only when given: the others keep their values, on the contact and the interaction.
#[test]
fn edit_changes_only_the_given_parts_of_the_first_meeting() {
    let env = Env::new();
    env.add("Ada Lovelace", &["--met-on", "2026-11-01", "--met-at", "RustConf", "--how", "engines"]);
    env.ok(["log", "ada", "--kind", "met", "--on", "2026-11-20", "--at", "Meetup", "--how", "looms"]);
    env.json(["edit", "ada", "--met-on", "2026-11-02"]);
    let later = ("met".to_string(), "2026-11-20".to_string(), json!("Meetup"), json!("looms"));
    let first = |on: &str, at: &str, how: &str| ("met".to_string(), on.to_string(), json!(at), json!(how));
    assert_eq!(meetings(&env, "ada"), [later.clone(), first("2026-11-02", "RustConf", "engines")]);
    // A topic corrected by `log --edit` (which corrects the contact's too) is kept by an
    // edit of the date.
    let id = env.show("ada")["interactions"][1]["id"].as_i64().unwrap().to_string();
    env.ok(["log", "--edit", &id, "--how", "the analytical engine"]);
    env.json(["edit", "ada", "--met-on", "2026-11-03"]);
    assert_eq!(
        meetings(&env, "ada"),
        [later.clone(), first("2026-11-03", "RustConf", "the analytical engine")]
    );
    let contact = env.json(["edit", "ada", "--met-at", "RustConf 2026"]);
    assert_eq!(
        (contact["met_on"].clone(), contact["how_met"].clone()),
        (json!("2026-11-03"), json!("the analytical engine"))
    );
    assert_eq!(meetings(&env, "ada"), [later, first("2026-11-03", "RustConf 2026", "the analytical engine")]);
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
