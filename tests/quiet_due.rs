//! Issue 25, item 5: a quieter `due`. Meeting a regular again asks no new thank-you,
//! introducers are thanked once, the over-contact warning is for contact nobody asked
//! for, reasons do not repeat the name the table shows, and `why` is the last thing
//! a narrow terminal loses.

use serde_json::Value;

use crate::support::*;

/// `due --json --within N` on `today`: (key, due_on) of each item.
fn due_keys(env: &Env, today: &str, within: &str) -> Vec<(String, String)> {
    let due = json_on(env, today, &["due", "--within", within]);
    due.as_array()
        .unwrap()
        .iter()
        .map(|f| (f["key"].as_str().unwrap().to_string(), f["due_on"].as_str().unwrap().to_string()))
        .collect()
}

fn item(key: &str, due_on: &str) -> (String, String) {
    (key.to_string(), due_on.to_string())
}

#[test]
fn meeting_a_regular_again_within_thank_again_after_asks_no_new_thank_you() {
    let env = Env::new();
    ok_on(&env, "2026-08-01", &["add", "Ada Lovelace", "--met-at", "Rust meetup", "--cadence", "none"]);
    ok_on(&env, "2026-08-02", &["log", "ada", "--kind", "thank-you"]);
    // The monthly meetup: a month later, and two months later, no thank-you.
    let out = ok_on(&env, "2026-09-01", &["log", "ada", "--kind", "met", "--at", "Rust meetup"]);
    assert_eq!(out, "Logged meeting Ada Lovelace again at Rust meetup on 2026-09-01.\n");
    ok_on(&env, "2026-10-01", &["log", "ada", "--kind", "met", "--at", "Rust meetup"]);
    assert!(due_keys(&env, "2026-10-05", "30").is_empty());
    // Away for four months: meeting her again starts a thank-you.
    let out = ok_on(&env, "2027-02-15", &["log", "ada", "--kind", "met", "--at", "RustConf"]);
    assert!(out.ends_with("Next: thank-you on 2027-02-17.\n"), "{out}");
    assert_eq!(due_keys(&env, "2027-02-15", "5"), [item("thank-you-1", "2027-02-17")]);
    let due = json_on(&env, "2027-02-15", &["due", "--within", "5"]);
    assert_eq!(due[0]["reason"], "Met at RustConf on 2027-02-15: send a thank-you note");
}

/// `log --kind met --thank` asks for a thank-you for this meeting even within
/// thank-again-after of the one before; a backup keeps it; `--thank` is for a `met`.
#[test]
fn meeting_again_with_thank_asks_for_a_thank_you_anyway() {
    let env = Env::new();
    ok_on(&env, "2026-08-01", &["add", "Ada Lovelace", "--met-at", "Rust meetup", "--cadence", "none"]);
    ok_on(&env, "2026-08-02", &["log", "ada", "--kind", "thank-you"]);
    let out = ok_on(&env, "2026-09-01", &["log", "ada", "--kind", "met", "--at", "RustConf", "--thank"]);
    assert!(out.ends_with("Next: thank-you on 2026-09-03.\n"), "{out}");
    assert_eq!(due_keys(&env, "2026-09-01", "5"), [item("thank-you-1", "2026-09-03")]);
    // A backup restored elsewhere asks the same.
    let backup = env.dir().join("backup.json");
    ok_on(&env, "2026-09-01", &["export", "json", "--output", backup.to_str().unwrap()]);
    let restored = Env::new();
    ok_on(&restored, "2026-09-01", &["import", backup.to_str().unwrap()]);
    assert_eq!(due_keys(&restored, "2026-09-01", "5"), [item("thank-you-1", "2026-09-03")]);
    env.fails(["log", "ada", "--kind", "call", "--thank"], 2, "--kind met");
    env.fails(["log", "--edit", "3", "--thank"], 2, "--thank");
}

#[test]
fn thank_again_after_is_a_setting_and_changing_it_reschedules() {
    let env = Env::new();
    assert_eq!(env.json(["config", "get", "thank-again-after"])["value"], "3m");
    ok_on(&env, "2026-10-01", &["add", "Ada Lovelace", "--cadence", "none"]);
    ok_on(&env, "2026-10-02", &["log", "ada", "--kind", "thank-you"]);
    ok_on(&env, "2026-11-20", &["log", "ada", "--kind", "met"]);
    assert!(due_keys(&env, "2026-11-20", "5").is_empty());
    // Seven weeks between the meetings: more than 1m, so a thank-you is owed.
    let set = json_on(&env, "2026-11-20", &["config", "set", "thank-again-after", "1m"]);
    assert_eq!(set, serde_json::json!({"key": "thank-again-after", "value": "1m"}));
    assert_eq!(due_keys(&env, "2026-11-20", "5"), [item("thank-you-1", "2026-11-22")]);
    ok_on(&env, "2026-11-20", &["config", "set", "thank-again-after", "quarterly"]);
    assert!(due_keys(&env, "2026-11-20", "5").is_empty());
    env.fails(["config", "set", "thank-again-after", "soon"], 1, "'soon'");
    // The stored follow-ups are what a recomputation finds.
    ok_on(&env, "2026-11-20", &["doctor"]);
}

#[test]
fn intro_thanks_counts_from_the_introduced_persons_first_meeting_only() {
    let env = Env::new();
    ok_on(&env, "2026-10-01", &["add", "Ada Lovelace", "--no-thank-you", "--cadence", "none"]);
    ok_on(&env, "2026-11-01", &["add", "Alan Turing", "--introduced-by", "ada", "--no-thank-you"]);
    assert_eq!(due_keys(&env, "2026-11-01", "5"), [item("intro-thanks-2", "2026-11-03")]);
    ok_on(&env, "2026-11-02", &["log", "ada", "--kind", "thank-you"]);
    // Meeting Alan again, soon or a year later, asks nothing more of Ada.
    ok_on(&env, "2026-11-20", &["log", "alan", "--kind", "met"]);
    ok_on(&env, "2027-11-20", &["log", "alan", "--kind", "met"]);
    let due = due_keys(&env, "2027-11-20", "30");
    assert!(!due.iter().any(|(key, _)| key.starts_with("intro-thanks")), "{due:?}");
    // Met again before Ada was thanked: still due from the first meeting.
    ok_on(&env, "2026-11-05", &["add", "Grace Hopper", "--introduced-by", "ada", "--no-thank-you"]);
    ok_on(&env, "2026-11-10", &["log", "grace", "--kind", "met"]);
    let due = due_keys(&env, "2026-11-10", "0");
    assert!(due.contains(&item("intro-thanks-3", "2026-11-07")), "{due:?}");
}

#[test]
fn the_over_contact_warning_is_for_contact_nobody_asked_for() {
    let warning = "daily contact is generally considered excessive";
    let env = Env::new();
    ok_on(&env, "2026-10-01", &["add", "Ada Lovelace", "--no-thank-you"]);
    // Ada's check-in is overdue (due 11-01): a call, then an e-mail the same day.
    ok_on(&env, "2026-11-20", &["log", "ada", "--kind", "call"]);
    ok_on(&env, "2026-11-20", &["done", "check-in-1", "--kind", "email"]);
    // Nothing open now: an e-mail the next day is contact nobody asked for.
    let (_, stderr) =
        succeeds_with_stderr(env.cmd(["log", "ada", "--kind", "email"]).env("NETCRM_TODAY", "2026-11-21"));
    assert!(stderr.contains(warning), "{stderr}");

    // A follow-up due within thank-you-within (2 days) asks for contact too.
    ok_on(&env, "2026-11-21", &["remind", "ada", "send the slides", "--on", "2026-11-23"]);
    ok_on(&env, "2026-11-21", &["log", "ada", "--kind", "message"]);
    // Three days ahead is not yet asking.
    ok_on(&env, "2026-11-21", &["done", "reminder-1"]);
    ok_on(&env, "2026-11-22", &["remind", "ada", "call about the job", "--on", "2026-11-25"]);
    let (_, stderr) =
        succeeds_with_stderr(env.cmd(["log", "ada", "--kind", "call"]).env("NETCRM_TODAY", "2026-11-22"));
    assert!(stderr.contains(warning), "{stderr}");
    // A snoozed item is still open.
    ok_on(&env, "2026-11-22", &["remind", "ada", "ask about Acme", "--on", "2026-11-22"]);
    ok_on(&env, "2026-11-22", &["snooze", "reminder-3", "--for", "1w"]);
    ok_on(&env, "2026-11-22", &["log", "ada", "--kind", "letter"]);
    // done of any key never warns.
    ok_on(&env, "2026-11-22", &["done", "reminder-2", "--kind", "call"]);
}

#[test]
fn reasons_never_repeat_the_contact_name() {
    let env = Env::new();
    ok_on(&env, "2026-11-20", &["add", "Ada Lovelace", "--met-at", "RustConf", "--birthday", "--12-01"]);
    ok_on(&env, "2026-11-22", &["add", "Alan Turing", "--introduced-by", "ada"]);
    ok_on(&env, "2026-11-22", &["favor", "ada", "--received", "a referral"]);
    let due = json_on(&env, "2026-11-22", &["due", "--within", "30"]);
    let reasons: Vec<(&str, &str)> = due
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["key"].as_str().unwrap(), f["reason"].as_str().unwrap()))
        .collect();
    for (key, reason) in &reasons {
        assert!(!reason.contains("Ada") && !reason.contains("Lovelace"), "{key}: {reason}");
    }
    let reason = |key: &str| reasons.iter().find(|(k, _)| *k == key).map(|(_, r)| *r);
    assert_eq!(reason("thank-you-1"), Some("Met at RustConf on 2026-11-20: send a thank-you note"));
    assert_eq!(reason("intro-thanks-2"), Some("Introduced you to Alan Turing: thank them"));
    assert_eq!(reason("thank-you-2"), Some("Met on 2026-11-22: send a thank-you note"));
    assert_eq!(reason("favor-thanks-1"), Some("Did you a favour on 2026-11-22 (a referral): thank them"));
    assert_eq!(reason("birthday-1-2026"), Some("Birthday on 2026-12-01: send your wishes"));
}

/// Four people, with long names and reasons, some reachable by e-mail.
fn narrow_network() -> Env {
    let env = Env::new();
    for args in [
        &["add", "Ada Lovelace", "--email", "ada@example.com", "--met-at", "RustConf"][..],
        &["add", "Alan Turing", "--introduced-by", "ada", "--email", "alan@example.org"],
        &["add", "Katherine Johnson-Goble", "--met-at", "the NASA Langley alumni dinner"],
        &["favor", "katherine", "--received", "introduced me to the compilers team lead"],
    ] {
        ok_on(&env, "2026-11-20", args);
    }
    env
}

fn due_at(env: &Env, columns: usize) -> String {
    let out =
        succeeds(env.cmd(["due", "--within", "7", "--sort", "date"]).env("COLUMNS", columns.to_string()));
    for line in out.lines() {
        assert!(console::measure_text_width(line) <= columns, "{columns} columns, line too wide:\n{line}");
    }
    out
}

#[test]
fn narrow_due_drops_reach_then_kind_then_shortens_the_name_and_never_drops_why() {
    let env = narrow_network();
    for columns in [150, 120, 100, 80, 72, 60, 59, 50] {
        let out = due_at(&env, columns);
        insta::assert_snapshot!(format!("due_at_{columns}"), out);
        // Every reason is there, whole or shortened, on every width.
        let items = json_on(&env, "2026-11-20", &["due", "--within", "7"]);
        for follow_up in items.as_array().unwrap() {
            let reason = follow_up["reason"].as_str().unwrap();
            let start: String = reason.split_whitespace().take(2).collect::<Vec<_>>().join(" ");
            assert!(out.contains(&start), "{columns} columns: no reason {reason:?} in\n{out}");
        }
    }
    // Wide: everything. Then reach goes first and kind next, before any text is cut;
    // then the name is cut before the reason is.
    let header = |columns| {
        due_at(&env, columns).lines().next().unwrap().split_whitespace().collect::<Vec<_>>().join(" ")
    };
    assert_eq!(header(200), "key due contact reach kind why");
    assert_eq!(header(170), "key due contact kind why");
    assert_eq!(header(150), "key due contact why");
    let at_150 = due_at(&env, 150);
    assert!(!at_150.contains('…'), "{at_150}");
    let at_120 = due_at(&env, 120);
    assert!(at_120.contains("Katherine…"), "{at_120}");
    assert!(at_120.contains("Met on 2026-11-20: send a thank-you note"), "{at_120}");
    // Below 60 columns: two lines an item, the reason whole, indented and wrapped.
    let at_59 = due_at(&env, 59);
    assert!(!at_59.contains("why"), "{at_59}");
    assert!(at_59.contains("\n  Introduced you to Alan Turing: thank them\n"), "{at_59}");
    assert!(at_59.lines().filter(|l| l.starts_with("  ")).all(|l| !l.contains('…')), "{at_59}");
}

#[test]
fn narrow_due_keeps_json_whole() {
    let env = narrow_network();
    let mut cmd = env.cmd(["--json", "due", "--within", "7"]);
    cmd.env("COLUMNS", "40");
    let due: Value = parse_json(&succeeds(&mut cmd));
    assert_eq!(due.as_array().unwrap().len(), 5, "{due}");
}
