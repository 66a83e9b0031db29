//! `list` and `show`: the table and the one-page briefing, as text and JSON.

use std::io::{BufRead, BufReader};
use std::process::Stdio;

use serde_json::{Value, json};

use crate::support::*;

// ---------------------------------------------------------------------------------
// list

/// `list` prints a thousand contacts at a time: one header, every row once in its
/// order, and every chunk in the columns of the widest cell of any chunk.
#[test]
fn list_prints_many_contacts_in_one_table_and_one_json_array() {
    let env = Env::new();
    let mut csv = String::from("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n");
    for i in 0..2500 {
        let company = if i == 2499 { "Analytical Engines Limited" } else { "Acme" };
        csv.push_str(&format!(
            "Person,{:04},https://www.linkedin.com/in/p{i},p{i}@example.com,{company},Engineer,12 Mar 2024\n",
            2499 - i
        ));
    }
    std::fs::write(env.dir().join("Connections.csv"), csv).unwrap();
    env.ok(["import", "Connections.csv"]);

    let table = env.ok(["list", "--sort", "added"]);
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 2 + 2500);
    assert_eq!(lines.iter().filter(|l| l.starts_with("id ")).count(), 1);
    let title_at = |line: &str| line.find("Engineer").unwrap();
    assert_eq!(title_at(lines[2]), title_at(lines[2 + 2499]), "{}\n{}", lines[2], lines[2 + 2499]);
    assert!(lines[2].starts_with("1 ") && lines[2 + 2499].starts_with("2500 "));

    let by_name = env.ok(["list", "--sort", "name", "--limit", "1200"]);
    let names: Vec<&str> = by_name.lines().skip(2).map(|l| l.split("  ").nth(1).unwrap().trim()).collect();
    assert_eq!(names.len(), 1200);
    assert_eq!((names[0], names[1199]), ("Person 0000", "Person 1199"));

    let json = env.json(["list", "--sort", "name"]);
    let ids: Vec<i64> = json.as_array().unwrap().iter().map(|c| c["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, (1..=2500).rev().collect::<Vec<_>>());
    assert_eq!(env.ok(["--json", "list", "--tag", "nobody"]), "[]\n");
}

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
    for extra in &SHOW_EXTRA_KEYS[2..] {
        assert!(shown[extra].is_array(), "{extra}: {shown}");
    }
    // Met yesterday, nothing else: one interaction a day ago.
    assert_eq!(shown["tie_strength"], 0.22, "{shown}");
    assert_eq!(shown["tie"], "medium", "{shown}");
    let mut contact = shown.clone();
    for extra in SHOW_EXTRA_KEYS {
        contact.as_object_mut().unwrap().remove(extra);
    }
    assert_contact_shape(&contact);
    let interactions = shown["interactions"].as_array().unwrap();
    assert_eq!(interactions.len(), 1);
    assert_eq!(
        keys(&interactions[0]),
        set(&[
            "id",
            "contact_id",
            "kind",
            "on",
            "note",
            "at",
            "how",
            "source",
            "direction",
            "awaiting_reply"
        ])
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
        set(&[
            "key",
            "kind",
            "contact_id",
            "contact",
            "due_on",
            "days_overdue",
            "reason",
            "channel",
            "urgency"
        ])
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
