//! Snapshots of every `--json` shape DESIGN.md lists ("JSON shapes" and "JSON for
//! commands that do not print records"), printed by the real binary on the small
//! fixed network of the human snapshots with the date fixed, byte for byte (key order
//! included). Paths into the temporary folder are shown as `[DIR]`. Review a change
//! with `cargo insta review` against DESIGN.md before accepting it: these are what
//! scripts rely on.

use crate::snapshots::network;
use crate::support::{Env, TODAY, parse_json, succeeds_with_stderr};

/// `netcrm --json ARGS` on `today`: stdout, which must be one JSON value, with the
/// temporary folder's path shown as `[DIR]`.
fn json_on(env: &Env, today: &str, args: &[&str]) -> String {
    let mut cmd = env.cmd(["--json"]);
    // Mail is dated in local time: the same zone wherever the tests run.
    cmd.args(args).env("NETCRM_TODAY", today).env("TZ", "UTC");
    let stdout = succeeds_with_stderr(&mut cmd).0;
    parse_json(&stdout);
    let dir = env.dir().to_str().unwrap();
    // JSON escapes no character of a temporary folder's path.
    stdout.replace(dir, "[DIR]")
}

/// `netcrm --json ARGS` today.
fn json(env: &Env, args: &[&str]) -> String {
    json_on(env, TODAY, args)
}

#[test]
fn records_that_commands_create() {
    let env = network();
    insta::assert_snapshot!(
        "contact_from_add",
        json(&env, &["add", "Edsger Dijkstra", "--email", "ed@example.com", "--met-at", "EWD"])
    );
    insta::assert_snapshot!(
        "interaction_from_log",
        json(&env, &["log", "grace", "--kind", "call", "--note", "caught up"])
    );
    insta::assert_snapshot!(
        "interaction_met_from_log",
        json(&env, &["log", "ada", "--kind", "met", "--at", "RustFest", "--how", "talked about Note G"])
    );
    insta::assert_snapshot!(
        "reminder_from_remind",
        json(&env, &["remind", "grace", "ask about COBOL", "--in", "1w"])
    );
    insta::assert_snapshot!(
        "lead_from_lead_add",
        json(&env, &["lead", "add", "Data analyst", "--company", "Navy", "--via", "grace"])
    );
    insta::assert_snapshot!("favor_from_favor", json(&env, &["favor", "3", "--received", "a reading list"]));
}

#[test]
fn what_commands_that_read_print() {
    let env = network();
    insta::assert_snapshot!("follow_ups_from_due", json(&env, &["due", "--within", "30", "--sort", "date"]));
    insta::assert_snapshot!("follow_ups_from_due_explain", json(&env, &["due", "--explain"]));
    insta::assert_snapshot!("addresses_from_query", json(&env, &["query", "a"]));
    insta::assert_snapshot!("contacts_from_list", json(&env, &["list"]));
    insta::assert_snapshot!("show", json(&env, &["show", "ada"]));
    insta::assert_snapshot!("favors", json(&env, &["favors"]));
    insta::assert_snapshot!("lead_list", json(&env, &["lead", "list"]));
    insta::assert_snapshot!("lead_show", json(&env, &["lead", "show", "1"]));
    insta::assert_snapshot!("stats", json(&env, &["stats"]));
    insta::assert_snapshot!("graph", json(&env, &["graph"]));
    insta::assert_snapshot!("dupes", json(&env, &["dupes"]));
    insta::assert_snapshot!("config_get_all", json(&env, &["config", "get"]));
    insta::assert_snapshot!("config_get_one", json(&env, &["config", "get", "default-cadence"]));
    insta::assert_snapshot!("doctor", json(&env, &["doctor"]));
    insta::assert_snapshot!("undo_list", json(&env, &["undo", "--list"]));
}

#[test]
fn what_commands_that_change_records_print() {
    let env = network();
    insta::assert_snapshot!("edit", json(&env, &["edit", "grace", "--title", "Rear Admiral"]));
    insta::assert_snapshot!("lead_status", json(&env, &["lead", "status", "1", "interview"]));
    insta::assert_snapshot!("done_several", json(&env, &["done", "outcome-1-2", "outcome-1-1"]));
    insta::assert_snapshot!("done", json(&env, &["done", "thank-you-2"]));
    insta::assert_snapshot!("snooze", json(&env, &["snooze", "reminder-1", "--for", "1w"]));
    insta::assert_snapshot!("config_set", json(&env, &["config", "set", "default-cadence", "quarterly"]));
    insta::assert_snapshot!("dupes_not", json(&env, &["dupes", "--not", "3", "4"]));
    insta::assert_snapshot!("log_edit", json(&env, &["log", "--edit", "2", "--note", "a long card"]));
    insta::assert_snapshot!("log_rm", json(&env, &["log", "--rm", "2"]));
    insta::assert_snapshot!("undo", json(&env, &["undo"]));
    insta::assert_snapshot!("merge", json(&env, &["merge", "3", "4"]));
    insta::assert_snapshot!("rm", json(&env, &["rm", "3", "--yes"]));
    insta::assert_snapshot!("undo_clear", json(&env, &["undo", "--clear"]));
}

#[test]
fn what_commands_that_read_and_write_files_print() {
    let env = network();
    let dir = env.dir();
    std::fs::write(
        dir.join("people.csv"),
        "id,name,emails,phones,company,title,linkedin,tags,met_on,met_at,how_met,introduced_by,cadence,birthday,last_contact,next_follow_up,notes\n\
         ,Barbara Liskov,barbara@example.com,,MIT,Professor,,,,,,,,,,,\n\
         ,Ada Lovelace,ada@example.com,+44 20 7946 0001,,,,imported,,,,,,,,,\n",
    )
    .unwrap();
    insta::assert_snapshot!("import_dry_run", json(&env, &["import", "people.csv", "--dry-run"]));
    insta::assert_snapshot!("import", json(&env, &["import", "people.csv", "--tag", "csv"]));
    insta::assert_snapshot!("export_output", json(&env, &["export", "csv", "--output", "contacts.csv"]));
    insta::assert_snapshot!("backup", json(&env, &["backup", "copy.db"]));
    std::fs::create_dir(dir.join("cards")).unwrap();
    std::fs::create_dir(dir.join("tasks")).unwrap();
    insta::assert_snapshot!("sync", json(&env, &["sync", "--contacts", "cards", "--tasks", "tasks"]));
    insta::assert_snapshot!("sync_dry_run", json(&env, &["sync", "--dry-run"]));
    std::fs::create_dir(dir.join("mail")).unwrap();
    std::fs::write(
        dir.join("mail/1.eml"),
        "From: Ada Lovelace <ada@example.com>\r\nTo: Me <me@example.com>\r\n\
         Date: Fri, 20 Nov 2026 10:00:00 +0000\r\nMessage-ID: <1@example.com>\r\nSubject: Note G\r\n\r\nbody\r\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("mail/2.eml"),
        "From: Me <me@example.com>\r\nTo: Charles <charles@example.com>\r\n\
         Date: Sat, 21 Nov 2026 10:00:00 +0000\r\nMessage-ID: <2@example.com>\r\nSubject: Engines\r\n\r\nbody\r\n",
    )
    .unwrap();
    insta::assert_snapshot!(
        "scan",
        json(&env, &["scan", "mail", "--me", "me@example.com", "--suggest", "5"])
    );
}

#[test]
fn what_draft_prints() {
    let env = network();
    insta::assert_snapshot!("draft", json(&env, &["draft", "thank-you-2"]));
    insta::assert_snapshot!("draft_mailto", json(&env, &["draft", "intro-thanks-2", "--mailto"]));
    json(&env, &["config", "set", "my-addresses", "me@example.com"]);
    // The file's name holds the process id: shown as [FILE].
    let written = json(&env, &["draft", "check-in-1", "--mailto", "--maildir", "Drafts"]);
    let mut value = parse_json(&written);
    assert!(value["file"].as_str().unwrap().starts_with("[DIR]/Drafts/cur/"), "{value}");
    value["file"] = "[FILE]".into();
    insta::assert_snapshot!(
        "draft_mailto_maildir",
        format!("{}\n", serde_json::to_string_pretty(&value).unwrap())
    );
    insta::assert_snapshot!("draft_templates", json(&env, &["draft", "--templates", "templates"]));
}

#[test]
fn what_reach_prints() {
    let env = network();
    // Ada (at Analytical Engines) introduced Grace; Alan (#3) has a namesake.
    insta::assert_snapshot!("path", json(&env, &["path", "--company", "analytical"]));
    insta::assert_snapshot!("path_to_a_contact", json(&env, &["path", "3"]));
    insta::assert_snapshot!("path_none", json(&env, &["path", "--company", "Globex"]));
    insta::assert_snapshot!("draft_path", json(&env, &["draft", "--path", "3", "--via", "grace"]));
    insta::assert_snapshot!(
        "target_add",
        json(&env, &["target", "add", "Analytical Engines", "--note", "the mill team"])
    );
    json(&env, &["target", "add", "Globex"]);
    json(&env, &["lead", "add", "Engine programmer", "--company", "Analytical Engines Ltd"]);
    insta::assert_snapshot!("target_list", json(&env, &["target", "list"]));
    insta::assert_snapshot!("target_rm", json(&env, &["target", "rm", "globex"]));
}

#[test]
fn what_the_rhythm_commands_print() {
    let env = network();
    insta::assert_snapshot!(
        "interaction_awaiting_reply_from_log",
        json(&env, &["log", "grace", "--kind", "email", "--awaiting-reply", "--note", "Referral?"])
    );
    insta::assert_snapshot!(
        "follow_ups_no_reply_from_due",
        json_on(&env, "2026-12-01", &["due", "--kind", "no-reply"])
    );
    // Years later, the network is dormant: the list, and the week's picks.
    insta::assert_snapshot!("reconnect", json_on(&env, "2029-01-10", &["reconnect"]));
    insta::assert_snapshot!(
        "follow_ups_reconnect_from_due",
        json_on(&env, "2029-01-10", &["due", "--kind", "reconnect"])
    );
    insta::assert_snapshot!("goal_set", json(&env, &["goal", "set", "conversations", "5", "per", "week"]));
    json(&env, &["goal", "set", "new-people", "2", "per", "month"]);
    insta::assert_snapshot!("goal_list", json(&env, &["goal", "list"]));
    insta::assert_snapshot!("stats_with_goals", json(&env, &["stats"]));
    insta::assert_snapshot!("goal_rm", json(&env, &["goal", "rm", "new-people"]));
}
