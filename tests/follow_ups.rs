//! End-to-end tests of the follow-up commands: `log`, `due`, `done`, `snooze`,
//! `remind` and `config`, walking contacts through weeks of use with
//! `NETCRM_TODAY` moved forward by hand.

use serde_json::Value;

use crate::support::{Env, fails, json_on, ok_on, succeeds, succeeds_with_stderr};

/// `due --json` on `today` with extra arguments: the list of (key, due_on, days_overdue).
fn due_on(env: &Env, today: &str, extra: &[&str]) -> Vec<(String, String, i64)> {
    let mut args = vec!["due"];
    args.extend_from_slice(extra);
    let due = json_on(env, today, &args);
    due.as_array()
        .unwrap_or_else(|| panic!("due --json is not an array: {due}"))
        .iter()
        .map(|f| {
            (
                f["key"].as_str().unwrap().to_string(),
                f["due_on"].as_str().unwrap().to_string(),
                f["days_overdue"].as_i64().unwrap(),
            )
        })
        .collect()
}

fn keys(items: &[(String, String, i64)]) -> Vec<&str> {
    items.iter().map(|(key, _, _)| key.as_str()).collect()
}

fn item(key: &str, due: &str, overdue: i64) -> (String, String, i64) {
    (key.to_string(), due.to_string(), overdue)
}

fn add_on(env: &Env, today: &str, name: &str, extra: &[&str]) -> i64 {
    let mut args = vec!["add", name];
    args.extend_from_slice(extra);
    json_on(env, today, &args)["id"].as_i64().unwrap()
}

#[test]
fn a_month_of_use_thank_you_then_check_in_snooze_and_done() {
    let env = Env::new();
    // Day 0: met Ada at RustConf.
    let out = ok_on(&env, "2026-11-01", &["add", "Ada Lovelace", "--met-at", "RustConf"]);
    assert_eq!(out, "Added Ada Lovelace (#1). Thank-you due 2026-11-03.\n");

    // The next day nothing is due yet, but the thank-you shows within a day.
    assert!(due_on(&env, "2026-11-02", &[]).is_empty());
    assert_eq!(due_on(&env, "2026-11-02", &["--within", "1"]), [item("thank-you-1", "2026-11-03", -1)]);

    // Due on day 2, overdue on day 3; no check-in while the thank-you is open.
    assert_eq!(due_on(&env, "2026-11-03", &[]), [item("thank-you-1", "2026-11-03", 0)]);
    assert_eq!(due_on(&env, "2026-11-04", &["--within", "90"]), [item("thank-you-1", "2026-11-03", 1)]);

    // The thank-you is sent: the check-in counts from it.
    ok_on(&env, "2026-11-04", &["log", "ada", "--kind", "thank-you", "--note", "sent a card"]);
    assert!(due_on(&env, "2026-11-04", &[]).is_empty());
    assert_eq!(due_on(&env, "2026-11-04", &["--within", "30"]), [item("check-in-1", "2026-12-04", -30)]);

    // A month later the check-in is due.
    assert_eq!(due_on(&env, "2026-12-04", &[]), [item("check-in-1", "2026-12-04", 0)]);

    // Snoozed for a week: hidden, even with --within.
    let snoozed = json_on(&env, "2026-12-04", &["snooze", "check-in-1", "--for", "1w"]);
    assert_eq!(snoozed["snoozed_until"], "2026-12-11");
    assert_eq!(snoozed["due_on"], "2026-12-04");
    assert!(due_on(&env, "2026-12-10", &["--within", "60"]).is_empty());

    // Back on the snooze date with its original due date.
    assert_eq!(due_on(&env, "2026-12-11", &[]), [item("check-in-1", "2026-12-04", 7)]);

    // Done: logs a message today, and the next check-in counts from today.
    let done = json_on(&env, "2026-12-11", &["done", "check-in-1"]);
    assert_eq!(done["done_on"], "2026-12-11");
    assert_eq!(done["interaction"]["kind"], "message");
    assert_eq!(done["interaction"]["on"], "2026-12-11");
    assert!(due_on(&env, "2026-12-11", &[]).is_empty());
    assert_eq!(due_on(&env, "2027-01-11", &[]), [item("check-in-1", "2027-01-11", 0)]);

    // The timeline holds all of it, newest first.
    let shown = json_on(&env, "2027-01-11", &["show", "ada"]);
    let kinds: Vec<&str> =
        shown["interactions"].as_array().unwrap().iter().map(|i| i["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["message", "thank-you", "met"]);
    assert_eq!(shown["follow_ups"][0]["key"], "check-in-1");
    assert_eq!(shown["next_follow_up"], "2027-01-11");
}

#[test]
fn check_ins_count_from_the_last_interaction_not_from_the_last_due_date() {
    let env = Env::new();
    add_on(&env, "2026-11-01", "Ada Lovelace", &["--no-thank-you"]);
    assert_eq!(due_on(&env, "2026-11-01", &["--within", "31"]), [item("check-in-1", "2026-12-01", -30)]);
    // A call a week before the check-in pushes it a month past the call.
    ok_on(&env, "2026-11-24", &["log", "ada", "--kind", "call"]);
    assert_eq!(due_on(&env, "2026-11-24", &["--within", "31"]), [item("check-in-1", "2026-12-24", -30)]);
}

#[test]
fn a_check_in_a_month_after_31_january_is_due_on_28_february() {
    let env = Env::new();
    add_on(&env, "2027-01-20", "Ada Lovelace", &["--no-thank-you"]);
    ok_on(&env, "2027-01-31", &["log", "ada", "--kind", "email"]);
    assert_eq!(due_on(&env, "2027-02-28", &[]), [item("check-in-1", "2027-02-28", 0)]);
}

#[test]
fn a_temporary_cadence_applies_until_its_end_date_then_the_normal_one_returns() {
    let env = Env::new();
    add_on(&env, "2026-11-01", "Ada Lovelace", &["--no-thank-you"]);
    ok_on(&env, "2026-11-01", &["edit", "ada", "--cadence", "1w", "--cadence-until", "2026-11-30"]);
    assert_eq!(due_on(&env, "2026-11-08", &[]), [item("check-in-1", "2026-11-08", 0)]);
    // After the end date the contact's own (default monthly) cadence is back.
    assert_eq!(due_on(&env, "2026-12-01", &["--within", "0"]), [item("check-in-1", "2026-12-01", 0)]);
    ok_on(&env, "2026-12-01", &["log", "ada", "--kind", "call"]);
    assert_eq!(due_on(&env, "2026-12-01", &["--within", "40"]), [item("check-in-1", "2027-01-01", -31)]);
}

#[test]
fn cadence_none_never_asks_for_a_check_in() {
    let env = Env::new();
    add_on(&env, "2026-11-01", "Ada Lovelace", &["--no-thank-you", "--cadence", "none"]);
    assert!(due_on(&env, "2027-11-01", &["--within", "400"]).is_empty());
}

#[test]
fn logging_someone_on_consecutive_days_warns_but_records() {
    let env = Env::new();
    add_on(&env, "2026-11-01", "Ada Lovelace", &[]);
    // The `met` interaction itself does not count.
    ok_on(&env, "2026-11-01", &["log", "ada", "--kind", "thank-you"]);
    for (today, kind) in [("2026-11-01", "call"), ("2026-11-02", "email")] {
        let (stdout, stderr) =
            succeeds_with_stderr(env.cmd(["log", "ada", "--kind", kind]).env("NETCRM_TODAY", today));
        assert!(stdout.starts_with(&format!("Logged {kind} with Ada Lovelace on {today}.")), "{stdout}");
        assert!(stderr.starts_with("warning: "), "{stderr}");
        assert!(stderr.contains("excessive"), "{stderr}");
    }
    // Two days later: no warning.
    ok_on(&env, "2026-11-04", &["log", "ada", "--kind", "meeting"]);
    let shown = json_on(&env, "2026-11-04", &["show", "ada"]);
    assert_eq!(shown["interactions"].as_array().unwrap().len(), 5);
}

#[test]
fn log_prints_the_interaction_as_json() {
    let env = Env::new();
    add_on(&env, "2026-11-01", "Ada Lovelace", &[]);
    let logged =
        json_on(&env, "2026-11-22", &["log", "ada", "--kind", "call", "--on", "-2d", "--note", "coffee"]);
    let keys: Vec<&str> = logged.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        ["id", "contact_id", "kind", "on", "note", "at", "how", "source", "direction", "awaiting_reply"]
    );
    for key in ["id", "contact_id", "kind", "on", "note"] {
        assert!(keys.contains(&key), "{key} missing: {logged}");
    }
    assert_eq!(logged["kind"], "call");
    assert_eq!(logged["on"], "2026-11-20");
    assert_eq!(logged["note"], "coffee");
    assert_eq!(logged["contact_id"], 1);
}

#[test]
fn log_errors_name_the_bad_value() {
    let env = Env::new();
    add_on(&env, "2026-11-01", "Ada Lovelace", &[]);
    env.fails(["log", "nobody"], 1, "'nobody'");
    env.fails(["log", "ada", "--on", "2026-02-30"], 1, "2026-02-30");
    let err = fails(&mut env.cmd(["log", "ada", "--kind", "lunch"]), 2, "lunch");
    assert!(err.contains("meeting"), "{err}");
    env.fails(["log", "ada", "--at", "PyCon"], 2, "--kind met");
    env.fails(["log", "ada", "--kind", "call", "--how", "talked"], 2, "--kind met");
    let stderr = env.fails(["log", "ada", "--on", "tomorrow"], 1, "2026-11-23");
    assert!(stderr.contains("netcrm remind"), "{stderr}");
}

#[test]
fn done_thank_you_logs_a_thank_you_and_clears_it() {
    let env = Env::new();
    add_on(&env, "2026-11-20", "Ada Lovelace", &[]);
    let out = ok_on(&env, "2026-11-22", &["done", "thank-you-1"]);
    assert!(out.starts_with("Done: thank-you-1 (Ada Lovelace). Logged thank-you on 2026-11-22."), "{out}");
    assert!(due_on(&env, "2026-11-22", &["--kind", "thank-you", "--within", "365"]).is_empty());
    // A finished key is an error.
    fails(env.cmd(["done", "thank-you-1"]).env("NETCRM_TODAY", "2026-11-22"), 1, "thank-you-1");
}

#[test]
fn done_accepts_upcoming_and_snoozed_items_and_ends_the_snooze() {
    let env = Env::new();
    add_on(&env, "2026-11-20", "Ada Lovelace", &[]);
    ok_on(&env, "2026-11-20", &["snooze", "thank-you-1", "--until", "2026-11-30"]);
    let done = json_on(&env, "2026-11-21", &["done", "thank-you-1", "--kind", "email", "--note", "sent"]);
    assert_eq!(done["interaction"]["kind"], "email");
    assert_eq!(done["interaction"]["note"], "sent");
    assert_eq!(done["key"], "thank-you-1");
    assert_eq!(done["days_overdue"], -1);
}

#[test]
fn done_and_snooze_refuse_unknown_keys() {
    let env = Env::new();
    add_on(&env, "2026-11-20", "Ada Lovelace", &[]);
    for key in ["thank-you-99", "check-in-1", "nonsense", "reminder-5", "birthday-1-2026", ""] {
        env.fails(["done", key], 1, "no open follow-up");
        env.fails(["snooze", key, "--for", "1w"], 1, "no open follow-up");
    }
}

#[test]
fn reminders_are_due_on_their_date_and_done_without_an_interaction() {
    let env = Env::new();
    add_on(&env, "2026-11-01", "Ada Lovelace", &["--no-thank-you"]);
    let reminder = json_on(&env, "2026-11-22", &["remind", "ada", "send the slides", "--in", "3d"]);
    assert_eq!(reminder["due_on"], "2026-11-25");
    assert_eq!(reminder["text"], "send the slides");
    assert_eq!(reminder["done_on"], Value::Null);
    let id = reminder["id"].as_i64().unwrap();
    let key = format!("reminder-{id}");
    let listed = json_on(&env, "2026-11-25", &["due", "--kind", "reminder"]);
    assert_eq!(listed[0]["key"], key.as_str());
    assert!(listed[0]["reason"].as_str().unwrap().contains("send the slides"));

    let done = json_on(&env, "2026-11-25", &["done", &key]);
    assert_eq!(done["interaction"], Value::Null);
    assert!(due_on(&env, "2026-11-25", &["--kind", "reminder", "--within", "30"]).is_empty());
    // No interaction: the contact's last contact is still the meeting.
    assert_eq!(json_on(&env, "2026-11-25", &["show", "ada"])["last_contact"], "2026-11-01");
}

#[test]
fn remind_takes_exactly_one_of_on_and_in() {
    let env = Env::new();
    add_on(&env, "2026-11-01", "Ada Lovelace", &[]);
    env.fails(["remind", "ada", "call her"], 2, "");
    env.fails(["remind", "ada", "call her", "--on", "tomorrow", "--in", "2d"], 2, "");
    env.fails(["remind", "ada", "call her", "--in", "3x"], 1, "'3x'");
    env.fails(["remind", "ada", "  ", "--in", "3d"], 1, "empty");
    let today = json_on(&env, "2026-11-22", &["remind", "ada", "call her", "--in", "0d"]);
    assert_eq!(today["due_on"], "2026-11-22");
    let on = json_on(&env, "2026-11-22", &["remind", "ada", "call her", "--on", "next monday"]);
    assert_eq!(on["due_on"], "2026-11-23");
}

#[test]
fn snooze_needs_a_date_after_today_and_one_of_until_or_for() {
    let env = Env::new();
    add_on(&env, "2026-11-20", "Ada Lovelace", &[]);
    env.fails(["snooze", "thank-you-1", "--until", "today"], 1, "after today");
    env.fails(["snooze", "thank-you-1", "--until", "-1d"], 1, "after today");
    env.fails(["snooze", "thank-you-1"], 2, "");
    env.fails(["snooze", "thank-you-1", "--until", "tomorrow", "--for", "1w"], 2, "");
    // Snoozing again replaces the date.
    ok_on(&env, "2026-11-22", &["snooze", "thank-you-1", "--for", "1w"]);
    ok_on(&env, "2026-11-22", &["snooze", "thank-you-1", "--until", "2026-11-24"]);
    assert_eq!(due_on(&env, "2026-11-24", &[]), [item("thank-you-1", "2026-11-22", 2)]);
}

#[test]
fn due_sorts_by_date_then_name_and_filters_by_kind() {
    let env = Env::new();
    add_on(&env, "2026-11-20", "Zoe Zed", &[]);
    add_on(&env, "2026-11-20", "Ada Lovelace", &[]);
    add_on(&env, "2026-11-19", "Mia Moe", &[]);
    json_on(&env, "2026-11-20", &["remind", "zoe", "ask about the job", "--on", "2026-11-22"]);
    let all = due_on(&env, "2026-11-22", &["--sort", "date"]);
    // Same day: by name (Ada before Zoe), then for Zoe by kind (thank-you before reminder).
    assert_eq!(keys(&all), ["thank-you-3", "thank-you-2", "thank-you-1", "reminder-1"]);
    let reminders = due_on(&env, "2026-11-22", &["--kind", "reminder"]);
    assert_eq!(keys(&reminders), ["reminder-1"]);
    env.fails(["due", "--kind", "gossip"], 2, "gossip");
    // --within takes durations, so a bad value is the library's error.
    env.fails(["due", "--within", "soon"], 1, "'soon'");
    env.fails(["due", "--within", "-3"], 1, "'-3'");
}

#[test]
fn due_prints_a_table_or_a_friendly_line() {
    let env = Env::new();
    let empty = ok_on(&env, "2026-11-22", &["due"]);
    assert!(empty.starts_with("Nothing due today."), "{empty}");
    assert_eq!(json_on(&env, "2026-11-22", &["due"]), Value::Array(vec![]));

    add_on(&env, "2026-11-18", "Ada Lovelace", &["--met-at", "RustConf"]);
    let table = ok_on(&env, "2026-11-22", &["due"]);
    let header = table.lines().next().unwrap();
    for column in ["key", "due", "contact", "kind", "why"] {
        assert!(header.contains(column), "{header}");
    }
    assert!(table.contains("thank-you-1"), "{table}");
    assert!(table.contains("2d overdue"), "{table}");
    assert!(table.contains("send a thank-you"), "{table}");
    // Colour is off when stdout is not a terminal, even without NO_COLOR.
    let plain = succeeds(env.cmd(["due"]).env_remove("NO_COLOR").env("NETCRM_TODAY", "2026-11-22"));
    assert!(!plain.contains('\u{1b}'), "{plain:?}");
}

#[test]
fn birthdays_are_due_on_the_day_and_lapse_after_thirty_days() {
    let env = Env::new();
    add_on(
        &env,
        "2026-01-10",
        "Ada Lovelace",
        &["--no-thank-you", "--cadence", "none", "--birthday", "--02-29"],
    );
    assert_eq!(due_on(&env, "2027-02-28", &[]), [item("birthday-1-2027", "2027-02-28", 0)]);
    assert_eq!(due_on(&env, "2027-03-29", &[]), [item("birthday-1-2027", "2027-02-28", 29)]);
    assert!(due_on(&env, "2027-03-30", &[]).is_empty());
    assert_eq!(due_on(&env, "2028-02-29", &[]), [item("birthday-1-2028", "2028-02-29", 0)]);
    let done = json_on(&env, "2028-02-29", &["done", "birthday-1-2028"]);
    assert_eq!(done["interaction"], Value::Null);
    assert!(due_on(&env, "2028-03-01", &[]).is_empty());
}

/// `config set KEY ""` returns a setting to its default (DESIGN.md `config`), as an
/// undoable step; the default then follows netcrm, not a value copied from it.
#[test]
fn config_set_to_nothing_returns_a_setting_to_its_default() {
    let env = Env::new();
    env.ok(["config", "set", "default-cadence", "2w"]);
    assert_eq!(env.ok(["config", "set", "default-cadence", ""]), "default-cadence = 1m (the default)\n");
    assert_eq!(env.ok(["config", "get", "default-cadence"]), "default-cadence = 1m\n");
    assert_eq!(
        env.json(["config", "set", "chase-after", " "]),
        serde_json::json!({"key": "chase-after", "value": "7d"})
    );
    // Resetting what was never set changed nothing: no step. Undo takes back the reset.
    env.ok(["undo"]);
    assert_eq!(env.ok(["config", "get", "default-cadence"]), "default-cadence = 2w\n");
    env.fails(["config", "set", "colour", ""], 1, "'colour'");
}

#[test]
fn config_reads_and_validates_settings() {
    let env = Env::new();
    let all = env.json(["config", "get"]);
    assert_eq!(
        all,
        serde_json::json!({
            "thank-you-within": "2d",
            "default-cadence": "1m",
            "import-cadence": "none",
            "chase-after": "7d",
            "thank-again-after": "3m",
            "no-reply-after": "7d",
            "dormant-after": "1y",
            "reconnect-per-week": "2",
            "my-name": null,
            "my-addresses": null,
            "drafts-maildir": null
        })
    );
    assert_eq!(
        env.ok(["config", "get"]),
        "thank-you-within = 2d\ndefault-cadence = 1m\nimport-cadence = none\nchase-after = 7d\nthank-again-after = 3m\n\
         no-reply-after = 7d\ndormant-after = 1y\nreconnect-per-week = 2\n\
         my-name is not set\nmy-addresses is not set\ndrafts-maildir is not set\n"
    );
    assert_eq!(
        env.json(["config", "set", "default-cadence", "fortnightly"]),
        serde_json::json!({"key": "default-cadence", "value": "2w"})
    );
    assert_eq!(env.ok(["config", "get", "default-cadence"]), "default-cadence = 2w\n");
    let err = env.fails(["config", "set", "colour", "red"], 1, "'colour'");
    assert!(
        err.contains("thank-you-within, default-cadence, import-cadence, chase-after, thank-again-after"),
        "{err}"
    );
    env.fails(["config", "get", "colour"], 1, "'colour'");
    env.fails(["config", "set", "default-cadence", "0d"], 1, "'0d'");
    env.fails(["config", "set", "thank-you-within", "soon"], 1, "'soon'");
    env.fails(["config", "set", "chase-after", "0d"], 1, "'0d' for chase-after");
    assert_eq!(env.json(["config", "set", "chase-after", "fortnightly"])["value"], "2w");
    env.ok(["config", "set", "thank-you-within", "0d"]);
    env.ok(["config", "set", "import-cadence", "quarterly"]);
    assert_eq!(env.json(["config", "get", "import-cadence"])["value"], "3m");
}

#[test]
fn settings_change_the_schedule() {
    let env = Env::new();
    env.ok(["config", "set", "thank-you-within", "0d"]);
    env.ok(["config", "set", "default-cadence", "2w"]);
    add_on(&env, "2026-11-22", "Ada Lovelace", &[]);
    add_on(&env, "2026-11-22", "Alan Turing", &["--cadence", "monthly", "--no-thank-you"]);
    assert_eq!(keys(&due_on(&env, "2026-11-22", &[])), ["thank-you-1"]);
    ok_on(&env, "2026-11-22", &["done", "thank-you-1"]);
    // Ada follows the default; Alan keeps his own cadence.
    assert_eq!(
        due_on(&env, "2026-11-22", &["--within", "40"]),
        [item("check-in-1", "2026-12-06", -14), item("check-in-2", "2026-12-22", -30)]
    );
}

#[test]
fn removing_a_contact_removes_their_reminders_and_follow_ups() {
    let env = Env::new();
    add_on(&env, "2026-11-20", "Ada Lovelace", &[]);
    add_on(&env, "2026-11-20", "Alan Turing", &[]);
    json_on(&env, "2026-11-20", &["remind", "ada", "call", "--on", "2026-11-21"]);
    ok_on(&env, "2026-11-20", &["snooze", "thank-you-1", "--for", "1w"]);
    env.ok(["rm", "ada", "--yes"]);
    assert_eq!(keys(&due_on(&env, "2026-11-22", &["--within", "60"])), ["thank-you-2"]);
    env.fails(["done", "reminder-1"], 1, "reminder-1");
}

#[test]
fn dates_past_year_9999_are_refused_and_never_due() {
    // Regression: a follow-up due in year 10000, once done, was stored as
    // "+10000-01-02", which no later read could parse.
    let env = Env::new();
    let out = ok_on(&env, "9999-12-31", &["add", "Ada Lovelace", "--met-on", "9999-12-31"]);
    assert_eq!(out, "Added Ada Lovelace (#1).\n");
    assert!(due_on(&env, "9999-12-31", &["--within", "30"]).is_empty());
    fails(
        env.cmd(["remind", "ada", "call", "--in", "1d"]).env("NETCRM_TODAY", "9999-12-31"),
        1,
        "out of range",
    );
    env.fails(["log", "ada", "--on", "+8000y"], 1, "out of range");
    env.ok(["list"]);
}
