//! End-to-end tests of daily use you can trust: dates that make sense, commands that
//! say when they change nothing, names matched as people type them, the
//! over-contact warning, and errors people can read.

use crate::support::{Env, fails, json_on, ok_on, parse_json, succeeds, succeeds_with_stderr};

#[test]
fn reminders_and_cadence_ends_cannot_be_in_the_past() {
    let env = Env::new();
    env.add("Ada Lovelace", &[]);
    let stderr = env.fails(["remind", "ada", "call", "--on", "yesterday"], 1, "2026-11-21");
    assert!(stderr.contains("before today"), "{stderr}");
    assert_eq!(env.json(["remind", "ada", "call", "--on", "today"])["due_on"], "2026-11-22");
    let stderr =
        env.fails(["edit", "ada", "--cadence", "1w", "--cadence-until", "2026-11-01"], 1, "2026-11-01");
    assert!(stderr.contains("before today"), "{stderr}");
    assert_eq!(env.show("ada")["temporary_cadence"], serde_json::Value::Null);
}

#[test]
fn in_takes_every_relative_form_that_on_takes() {
    let env = Env::new();
    env.add("Ada Lovelace", &[]);
    for (given, due) in
        [("3d", "2026-11-25"), ("+3d", "2026-11-25"), ("in 2 weeks", "2026-12-06"), ("1m", "2026-12-22")]
    {
        assert_eq!(env.json(["remind", "ada", given, "--in", given])["due_on"], due, "--in {given}");
    }
    assert_eq!(env.json(["snooze", "thank-you-1", "--for", "+3d"])["snoozed_until"], "2026-11-25");
    env.fails(["remind", "ada", "x", "--in", "3 days ago"], 1, "'3 days ago'");
}

#[test]
fn within_takes_days_and_durations() {
    let env = Env::new();
    ok_on(&env, "2026-11-01", &["add", "Ada Lovelace", "--no-thank-you"]);
    // Ada's check-in is due on 2026-12-01.
    let count =
        |within: &str| json_on(&env, "2026-11-22", &["due", "--within", within]).as_array().unwrap().len();
    assert_eq!(count("8"), 0);
    assert_eq!(count("9"), 1);
    assert_eq!(count("9d"), 1);
    assert_eq!(count("1w"), 0);
    assert_eq!(count("2w"), 1);
    assert_eq!(count("in 2 weeks"), 1);
    let ics = ok_on(&env, "2026-11-22", &["export", "ics", "--within", "2w"]);
    assert!(ics.contains("UID:check-in-1@netcrm"), "{ics}");
    env.fails(["export", "ics", "--within", "-1"], 1, "'-1'");
}

#[test]
fn errors_never_show_a_raw_parser_message() {
    let env = Env::new();
    for args in [
        &["list", "--limit", "abc"][..],
        &["list", "--limit", "-3"],
        &["due", "--within", "abc"],
        &["export", "ics", "--within", "1.5"],
    ] {
        let output = env.cmd(args).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{args:?}");
        assert!(!stderr.contains("invalid digit"), "{args:?}: {stderr}");
        assert!(stderr.contains("whole number"), "{args:?}: {stderr}");
    }
}

#[test]
fn snoozing_past_an_items_own_due_date_changes_nothing_and_says_so() {
    let env = Env::new();
    ok_on(&env, "2026-11-01", &["add", "Ada Lovelace", "--no-thank-you"]);
    // The check-in is due on 2026-12-01: a snooze until 2026-11-25 would not hide it.
    let (stdout, stderr) =
        succeeds_with_stderr(&mut env.cmd(["snooze", "check-in-1", "--until", "2026-11-25"]));
    assert_eq!(stdout, "");
    assert!(stderr.contains("check-in-1 is not due until 2026-12-01"), "{stderr}");
    assert!(stderr.contains("changes nothing"), "{stderr}");
    // Nothing was stored: the item shows on its own date.
    let due = json_on(&env, "2026-12-01", &["due"]);
    assert_eq!(due[0]["key"], "check-in-1");
}

#[test]
fn ending_a_temporary_cadence_that_does_not_exist_says_so() {
    let env = Env::new();
    env.add("Ada Lovelace", &[]);
    let (_, stderr) = succeeds_with_stderr(&mut env.cmd(["edit", "ada", "--cadence-until", ""]));
    assert!(stderr.contains("Ada Lovelace has no temporary cadence to end"), "{stderr}");
    assert!(stderr.contains("nothing changed"), "{stderr}");
}

#[test]
fn names_match_ignoring_accents_and_case() {
    let env = Env::new();
    env.add("Zoë Ñúñez", &[]);
    env.add("Chloé Dupont", &[]);
    assert_eq!(env.show("zoe")["id"], 1);
    assert_eq!(env.show("nunez")["id"], 1);
    assert_eq!(env.show("ZOE NUNEZ")["id"], 1);
    assert_eq!(env.show("chloe dupont")["id"], 2);
    // The add warning folds names the same way.
    let (_, stderr) = succeeds_with_stderr(&mut env.cmd(["add", "Zoe Nunez"]));
    assert!(stderr.contains("Zoë Ñúñez (#1) already has this name"), "{stderr}");
}

#[test]
fn namesakes_are_listed_with_their_ids_and_companies() {
    let env = Env::new();
    env.add("Ada Lovelace", &["--company", "Analytical Engines"]);
    succeeds_with_stderr(&mut env.cmd(["add", "Ada Lovelace", "--company", "Babbage & Co"]));
    let stderr = env.fails(["show", "ada lovelace"], 1, "matches 2 contacts");
    assert!(stderr.contains("Ada Lovelace (#1, Analytical Engines)"), "{stderr}");
    assert!(stderr.contains("Ada Lovelace (#2, Babbage & Co)"), "{stderr}");
}

#[test]
fn a_thank_you_after_a_meeting_is_not_too_much_contact() {
    let env = Env::new();
    ok_on(&env, "2026-11-20", &["add", "Ada Lovelace"]);
    // The day after meeting: what the guides recommend, no warning.
    ok_on(&env, "2026-11-21", &["log", "ada", "--kind", "thank-you"]);
    ok_on(&env, "2026-11-21", &["add", "Grace Hopper"]);
    ok_on(&env, "2026-11-21", &["done", "thank-you-2"]);
    // A call the day after the thank-you is contact the day before: a warning.
    let (_, stderr) =
        succeeds_with_stderr(env.cmd(["log", "ada", "--kind", "call"]).env("NETCRM_TODAY", "2026-11-22"));
    assert!(stderr.contains("daily contact is generally considered excessive"), "{stderr}");
}

#[test]
fn done_never_warns_about_daily_contact_the_follow_up_asked_for() {
    let env = Env::new();
    ok_on(&env, "2026-11-01", &["add", "Ada Lovelace", "--no-thank-you"]);
    ok_on(&env, "2026-12-01", &["log", "ada", "--kind", "call"]);
    ok_on(&env, "2026-12-02", &["remind", "ada", "send the slides", "--on", "today"]);
    // Issue 25: a follow-up asked for this contact; it is not contact nobody wanted.
    let out = ok_on(&env, "2026-12-02", &["done", "reminder-1", "--kind", "email"]);
    assert!(out.starts_with("Done: reminder-1 (Ada Lovelace). Logged email on 2026-12-02."), "{out}");
}

#[test]
fn a_failing_command_prints_no_warning_for_what_it_did_not_do() {
    let env = Env::new();
    env.add("Ada Lovelace", &["--email", "ada@example.com"]);
    // A namesake with a taken e-mail: the add fails, and no "already has this name".
    let stderr =
        fails(&mut env.cmd(["add", "Ada Lovelace", "--email", "ada@example.com"]), 1, "already belongs");
    assert!(!stderr.contains("warning"), "{stderr}");
    assert_eq!(env.contacts().len(), 1);
}

#[test]
fn stdout_is_one_buffered_write_that_a_closed_pipe_does_not_break() {
    let env = Env::new();
    // More than a pipe holds (64 KiB), so that the writes after the hang-up fail.
    let mut csv = String::from("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n");
    for i in 0..3000 {
        csv.push_str(&format!("Person,{i:04},,p{i}@example.com,Acme Corporation,Engineer,12 Mar 2024\n"));
    }
    std::fs::write(env.dir().join("Connections.csv"), csv).unwrap();
    env.ok(["import", "Connections.csv"]);
    for args in [&["list"][..], &["export", "csv"], &["export", "vcard"], &["export", "json"]] {
        let mut child = env
            .std_cmd(args.iter().copied())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // Read a few bytes and hang up.
        let mut stdout = child.stdout.take().unwrap();
        let mut first = [0u8; 10];
        std::io::Read::read_exact(&mut stdout, &mut first).unwrap();
        drop(stdout);
        let output = child.wait_with_output().unwrap();
        assert!(output.status.success(), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
        assert_eq!(String::from_utf8_lossy(&output.stderr), "", "{args:?}");
    }
    let listed = parse_json(&succeeds(&mut env.cmd(["--json", "list"])));
    assert_eq!(listed.as_array().unwrap().len(), 3000);
}

#[test]
fn an_interaction_can_be_corrected_by_its_id() {
    let env = Env::new();
    ok_on(&env, "2026-11-01", &["add", "Ada Lovelace", "--no-thank-you"]);
    let logged = json_on(&env, "2026-11-20", &["log", "ada", "--note", "coffee"]);
    assert_eq!(logged["id"], 2);
    let page = ok_on(&env, "2026-11-20", &["show", "ada"]);
    assert!(page.contains("  2026-11-20  meeting     coffee  [#2]"), "{page}");

    // It was a call, two days earlier.
    let out = ok_on(&env, "2026-11-20", &["log", "--edit", "2", "--kind", "call", "--on", "-2d"]);
    assert_eq!(out, "Changed interaction #2: call with Ada Lovelace on Wed 2026-11-18.\n");
    let fixed = json_on(&env, "2026-11-20", &["log", "--edit", "#2", "--note", "coffee, then a call"]);
    assert_eq!(fixed["kind"], "call");
    assert_eq!(fixed["on"], "2026-11-18");
    assert_eq!(fixed["note"], "coffee, then a call");
    // The check-in counts from the corrected date.
    assert_eq!(json_on(&env, "2026-11-20", &["show", "ada"])["next_follow_up"], "2026-12-18");
    // An empty note clears it.
    assert_eq!(
        json_on(&env, "2026-11-20", &["log", "--edit", "2", "--note", ""])["note"],
        serde_json::Value::Null
    );

    // Removed.
    let out = ok_on(&env, "2026-11-20", &["log", "--rm", "2"]);
    assert_eq!(out, "Removed interaction #2: call with Ada Lovelace on 2026-11-18.\n");
    let shown = json_on(&env, "2026-11-20", &["show", "ada"]);
    assert_eq!(shown["interactions"].as_array().unwrap().len(), 1);
    assert_eq!(shown["last_contact"], "2026-11-01");
}

#[test]
fn correcting_an_interaction_checks_what_it_is_given() {
    let env = Env::new();
    env.add("Ada Lovelace", &[]);
    env.ok(["log", "ada", "--kind", "call", "--on", "yesterday"]);
    env.fails(["log", "--edit", "9"], 2, "needs a change");
    env.fails(["log", "--edit", "9", "--note", "x"], 1, "'9'");
    env.fails(["log", "--rm", "abc"], 1, "'abc'");
    env.fails(["log", "--edit", "2", "--on", "tomorrow"], 1, "netcrm remind");
    env.fails(["log", "--edit", "2", "--at", "PyCon"], 2, "--kind met");
    env.fails(["log", "ada", "--edit", "2", "--note", "x"], 2, "");
    env.fails(["log", "--rm", "2", "--note", "x"], 2, "");
    env.fails(["log"], 2, "");
    let (stdout, stderr) = succeeds_with_stderr(&mut env.cmd(["log", "--edit", "2", "--kind", "call"]));
    assert_eq!(stdout, "");
    assert!(stderr.contains("interaction #2 already reads so; nothing changed"), "{stderr}");
}

#[test]
fn correcting_the_first_meeting_keeps_the_contact_in_step() {
    let env = Env::new();
    ok_on(&env, "2026-11-10", &["add", "Ada Lovelace", "--met-at", "RustConf"]);
    ok_on(&env, "2026-11-20", &["log", "--edit", "1", "--on", "2026-11-09", "--at", "RustConf Berlin"]);
    let ada = json_on(&env, "2026-11-20", &["show", "ada"]);
    assert_eq!(ada["met_on"], "2026-11-09");
    assert_eq!(ada["met_at"], "RustConf Berlin");
    // A meeting that turns out to have been a call loses its place, with a warning.
    let (_, stderr) = succeeds_with_stderr(
        env.cmd(["--json", "log", "--edit", "1", "--kind", "call"]).env("NETCRM_TODAY", "2026-11-20"),
    );
    assert!(stderr.contains("its place was dropped"), "{stderr}");
}

#[test]
fn append_note_adds_a_line_without_retyping_the_notes() {
    let env = Env::new();
    env.add("Ada Lovelace", &["--note", "likes Rust"]);
    assert_eq!(
        env.json(["edit", "ada", "--append-note", "has two cats"])["notes"],
        "likes Rust\nhas two cats"
    );
    env.add("Grace Hopper", &[]);
    assert_eq!(env.json(["edit", "grace", "--append-note", "navy"])["notes"], "navy");
}

#[test]
fn due_quiet_and_count_for_shells_and_status_bars() {
    let env = Env::new();
    assert_eq!(env.ok(["due", "--quiet"]), "");
    assert_eq!(env.ok(["due", "--count"]), "0\n");
    assert_eq!(env.ok(["--json", "due", "--quiet"]), "[]\n");
    ok_on(&env, "2026-11-20", &["add", "Ada Lovelace", "--email", "ada@example.com"]);
    ok_on(&env, "2026-11-20", &["add", "Grace Hopper", "--phone", "+1 555 0100"]);
    ok_on(&env, "2026-11-20", &["add", "Alan Turing", "--linkedin", "https://www.linkedin.com/in/alan"]);
    ok_on(&env, "2026-11-20", &["add", "Nobody Reachable"]);
    assert_eq!(env.ok(["due", "--count"]), "4\n");
    assert_eq!(env.ok(["due", "--count", "--kind", "check-in"]), "0\n");
    assert!(env.ok(["due", "--quiet"]).starts_with("key"));
    env.fails(["due", "--quiet", "--count"], 2, "");
    // Each item says how to reach the person.
    let channels: Vec<serde_json::Value> =
        env.json(["due"]).as_array().unwrap().iter().map(|f| f["channel"].clone()).collect();
    assert_eq!(
        channels,
        [
            serde_json::json!("ada@example.com"),
            serde_json::json!("https://www.linkedin.com/in/alan"),
            serde_json::json!("+1 555 0100"),
            serde_json::Value::Null
        ]
    );
    let table = env.ok(["due"]);
    assert!(table.contains("reach"), "{table}");
    assert!(table.contains("ada@example.com"), "{table}");
}

#[test]
fn an_item_back_from_a_snooze_is_due_again_not_overdue() {
    let env = Env::new();
    ok_on(&env, "2026-11-20", &["add", "Ada Lovelace"]);
    ok_on(&env, "2026-11-22", &["snooze", "thank-you-1", "--until", "2026-11-25"]);
    let table = ok_on(&env, "2026-11-26", &["due"]);
    assert!(table.contains("2026-11-22 back from snooze"), "{table}");
    assert!(!table.contains("overdue"), "{table}");
    // In JSON it is still four days late.
    assert_eq!(json_on(&env, "2026-11-26", &["due"])[0]["days_overdue"], 4);
}

#[test]
fn tables_fit_columns_and_never_break_keys_or_dates() {
    let env = Env::new();
    ok_on(
        &env,
        "2026-11-20",
        &[
            "add",
            "Ada Lovelace",
            "--email",
            "ada@example.com",
            "--company",
            "Analytical Engines of Great Britain and Ireland",
        ],
    );
    for columns in ["40", "60", "80", "100"] {
        let table = succeeds(env.cmd(["due"]).env("NETCRM_TODAY", "2026-11-22").env("COLUMNS", columns));
        assert!(table.contains("thank-you-1"), "{columns}: {table}");
        assert!(table.contains("2026-11-22 today"), "{columns}: {table}");
        let list = succeeds(env.cmd(["list"]).env("COLUMNS", columns));
        assert!(list.contains("Ada Lovelace") && list.contains("2026-11-22"), "{columns}: {list}");
        let limit: usize = columns.parse().unwrap();
        for line in list.lines() {
            assert!(console::measure_text_width(line) <= limit, "{columns}: {line}");
        }
        // The key, the due date and the name are kept whole even at 40 columns.
        for line in table.lines() {
            assert!(console::measure_text_width(line) <= limit.max(44), "{columns}: {line}");
        }
    }
    let list = succeeds(env.cmd(["list"]).env("COLUMNS", "80"));
    assert!(list.contains("Analytical Engines of Great…"), "{list}");
    assert!(!list.contains("title"), "an empty column that may go is left out: {list}");
}

#[test]
fn help_says_what_edit_does_not_what_add_does() {
    let env = Env::new();
    let help = env.ok(["edit", "--help"]);
    let line =
        |flag: &str| help.lines().find(|l| l.trim_start().starts_with(flag)).unwrap_or_default().to_string();
    assert!(!line("--met-on").contains("default: today"), "{help}");
    assert!(!line("--force").contains("Add"), "{help}");
    assert!(line("--force").contains("Change even if"), "{help}");
    assert!(env.ok(["add", "--help"]).contains("[default: today]"));
}

#[test]
fn the_manual_documents_every_command_on_one_page_or_one_page_each() {
    use clap::CommandFactory;
    let env = Env::new();
    let page = env.ok(["manpage"]);
    fn leaves(cmd: &clap::Command, prefix: &str, out: &mut Vec<String>) {
        for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
            let name = format!("{prefix} {}", sub.get_name());
            if sub.has_subcommands() {
                leaves(sub, &name, out);
            } else {
                out.push(name.to_uppercase());
            }
        }
    }
    let mut commands = Vec::new();
    leaves(&netcrm::cli::Cli::command(), "NETCRM", &mut commands);
    assert_eq!(commands.len(), 44, "{commands:?}");
    for command in &commands {
        assert!(page.contains(&format!(".SH \"{command}\"")), "no section for {command}");
    }
    // One page names no other page.
    assert!(!page.contains("(1)"), "the single page refers to other pages");
    // One page each: every page another one names exists.
    let out = succeeds(&mut env.cmd(["manpage", "--dir", "man"]));
    assert!(out.starts_with("Wrote 49 man pages to man."), "{out}");
    let dir = env.dir().join("man");
    let mut named = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap().replace('\\', "");
        for (start, _) in text.match_indices("netcrm") {
            let rest = &text[start..];
            let end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-')).unwrap_or(rest.len());
            if rest[end..].starts_with("(1)") {
                named += 1;
                assert!(
                    dir.join(format!("{}.1", &rest[..end])).exists(),
                    "{} names a missing page",
                    &rest[..end]
                );
            }
        }
    }
    assert!(named > 20, "{named}");
    assert!(!env.db().exists(), "manpage opened the database");
}

#[test]
fn words_people_try_lead_to_the_right_command() {
    let env = Env::new();
    for (word, hint) in [
        ("search", "netcrm list --search"),
        ("find", "netcrm list --search"),
        ("upcoming", "netcrm due --within"),
        ("today", "netcrm due"),
        ("note", "--append-note"),
    ] {
        let stderr = fails(&mut env.cmd([word, "ada"]), 2, hint);
        assert!(stderr.contains(&format!("no '{word}' command")), "{stderr}");
    }
    // Other unknown words keep clap's own message.
    fails(&mut env.cmd(["frobnicate"]), 2, "unrecognized subcommand");
}

#[test]
fn search_takes_its_text_literally_and_ignores_case_beyond_ascii() {
    let env = Env::new();
    env.add("Ada Lovelace", &["--note", "raised 50% more"]);
    env.add("Grace Hopper", &["--note", "file_name matters"]);
    env.add("Zoë Ñúñez", &["--company", "ÉCOLE NORMALE"]);
    env.add("Alan Turing", &["--note", "plain"]);
    env.ok(["log", "alan", "--kind", "call", "--on", "yesterday", "--note", "Talked about PROJECT 42"]);
    let found = |query: &str| -> Vec<String> {
        crate::support::names(&env.json(["list", "--search", query])).into_iter().collect()
    };
    assert_eq!(found("50%"), ["Ada Lovelace"]);
    assert_eq!(found("%"), ["Ada Lovelace"]);
    assert_eq!(found("e_n"), ["Grace Hopper"]);
    assert_eq!(found("_"), ["Grace Hopper"]);
    assert_eq!(found("project 42"), ["Alan Turing"], "interaction notes, any case");
    assert_eq!(found("école"), ["Zoë Ñúñez"], "non-ASCII text is folded too");
    assert!(found("nothing like it").is_empty());
}
