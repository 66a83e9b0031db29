//! End-to-end tests of urgency (DESIGN.md "Urgency"): `due` ranks the items due by
//! weight(kind) x (1 + min(days overdue / scale, 3)), `--sort date` keeps the old
//! order, `--explain` shows the arithmetic, the Follow-up JSON carries `urgency`, and
//! `export ics` gives each event the PRIORITY of its kind.

use serde_json::Value;

use crate::support::{Env, json_on, ok_on, parse_json, succeeds, succeeds_with_stderr};

/// `due --json` on `today` with extra arguments: (key, urgency) of each item, in order.
fn ranked(env: &Env, today: &str, extra: &[&str]) -> Vec<(String, Value)> {
    let mut args = vec!["due"];
    args.extend_from_slice(extra);
    let due = json_on(env, today, &args);
    due.as_array()
        .unwrap_or_else(|| panic!("due --json is not an array: {due}"))
        .iter()
        .map(|f| (f["key"].as_str().unwrap().to_string(), f["urgency"].clone()))
        .collect()
}

fn keys(items: &[(String, Value)]) -> Vec<&str> {
    items.iter().map(|(key, _)| key.as_str()).collect()
}

/// On 2026-11-22: Ada (met 11-18 at RustConf) owes a thank-you since 11-20 and has a
/// reminder today; Grace (met 10-01, no thank-you, a call on 10-21) a monthly check-in
/// since 11-21 and passed on a lead today; Bob, added today, a check-in on 12-22.
fn morning() -> Env {
    let env = Env::new();
    let on = |today: &str, args: &[&str]| {
        ok_on(&env, today, args);
    };
    on("2026-11-18", &["add", "Ada Lovelace", "--email", "ada@example.com", "--met-at", "RustConf"]);
    on("2026-10-01", &["add", "Grace Hopper", "--no-thank-you"]);
    on("2026-10-21", &["log", "grace", "--kind", "call"]);
    on("2026-11-22", &["lead", "add", "Rust Engineer", "--company", "Acme", "--via", "grace"]);
    on("2026-11-22", &["remind", "ada", "send the slides", "--on", "today"]);
    on("2026-11-22", &["add", "Bob", "--no-thank-you"]);
    env
}

#[test]
fn due_ranks_the_most_urgent_first_and_sort_date_keeps_the_old_order() {
    let env = morning();
    // thank-you 2 days late: 3 x (1 + 2/2) = 6; the lead of today: 5; the reminder of
    // today: 3; the check-in a day late on a 31-day cadence: 1 x (1 + 1/31) = 1.03.
    let due = ranked(&env, "2026-11-22", &[]);
    assert_eq!(
        due,
        [
            ("thank-you-1".to_string(), Value::from(6.0)),
            ("lead-1".to_string(), Value::from(5.0)),
            ("reminder-1".to_string(), Value::from(3.0)),
            ("check-in-2".to_string(), Value::from(1.03)),
        ]
    );
    assert_eq!(ranked(&env, "2026-11-22", &["--sort", "urgency"]), due);
    // By date: oldest first, then by name on the same day (Ada before Grace).
    let by_date = ranked(&env, "2026-11-22", &["--sort", "date"]);
    assert_eq!(keys(&by_date), ["thank-you-1", "check-in-2", "reminder-1", "lead-1"]);
    // The table has the JSON's order.
    let table = ok_on(&env, "2026-11-22", &["due"]);
    let shown: Vec<&str> = table.lines().skip(2).map(|l| l.split_whitespace().next().unwrap()).collect();
    assert_eq!(shown, ["thank-you-1", "lead-1", "reminder-1", "check-in-2"]);
    env.fails(["due", "--sort", "name"], 2, "name");
}

#[test]
fn a_lead_of_today_outranks_a_thank_you_of_today_and_a_check_in_forgotten_for_years() {
    let env = Env::new();
    ok_on(&env, "2026-11-20", &["add", "Ada Lovelace", "--met-at", "RustConf"]);
    ok_on(&env, "2024-11-01", &["add", "Charles Babbage", "--no-thank-you", "--cadence", "1w"]);
    ok_on(&env, "2026-11-22", &["add", "Zed Zuse", "--no-thank-you", "--cadence", "none"]);
    ok_on(&env, "2026-11-22", &["lead", "add", "Compiler engineer", "--via", "zed"]);
    // The check-in is 744 days late on a weekly cadence: capped, 1 x (1 + 3) = 4.
    let due = ranked(&env, "2026-11-22", &[]);
    assert_eq!(
        due,
        [
            ("lead-1".to_string(), Value::from(5.0)),
            ("check-in-2".to_string(), Value::from(4.0)),
            ("thank-you-1".to_string(), Value::from(3.0)),
        ]
    );
    let explained = json_on(&env, "2026-11-22", &["due", "--explain"]);
    assert_eq!(explained[1]["explain"], "check-in, 744 days overdue: 1 x (1 + min(744/7, 3)) = 4");
}

#[test]
fn items_due_later_have_no_urgency_and_follow_by_date() {
    let env = morning();
    ok_on(&env, "2026-11-22", &["remind", "bob", "call about the meetup", "--on", "2026-11-25"]);
    let due = ranked(&env, "2026-11-22", &["--within", "40"]);
    assert_eq!(keys(&due), ["thank-you-1", "lead-1", "reminder-1", "check-in-2", "reminder-2", "check-in-3"]);
    assert_eq!(due[4].1, Value::Null);
    assert_eq!(due[5].1, Value::Null);
}

#[test]
fn explain_puts_the_arithmetic_under_each_item() {
    let env = morning();
    let out = ok_on(&env, "2026-11-22", &["due", "--explain", "--within", "40"]);
    let lines: Vec<&str> = out.lines().collect();
    // Header, rule, then each item followed by its indented line.
    assert!(lines[2].starts_with("thank-you-1 "), "{out}");
    assert_eq!(lines[3], "  thank-you, 2 days overdue: 3 x (1 + 2/2) = 6");
    assert!(lines[4].starts_with("lead-1 "), "{out}");
    assert_eq!(lines[5], "  lead, due today: 5 x (1 + 0/2) = 5");
    assert_eq!(lines[7], "  reminder, due today: 3 x (1 + 0/2) = 3");
    assert_eq!(lines[9], "  check-in, 1 day overdue: 1 x (1 + 1/31) = 1.03");
    assert_eq!(lines[11], "  check-in, due in 30 days: no urgency until it is due");
    assert_eq!(lines.len(), 12, "{out}");
    // Below 60 columns, each item on two lines, then its explanation.
    let narrow = succeeds(env.cmd(["due", "--explain"]).env("COLUMNS", "50"));
    assert!(narrow.contains("\n  lead, due today: 5 x (1 + 0/2) = 5\n"), "{narrow}");
    for line in narrow.lines() {
        assert!(console::measure_text_width(line) <= 50, "{line}");
    }
}

#[test]
fn the_follow_up_json_always_has_urgency_and_explain_only_when_asked() {
    let env = morning();
    let plain = json_on(&env, "2026-11-22", &["due"]);
    for item in plain.as_array().unwrap() {
        assert!(item["urgency"].is_number(), "{item}");
        assert!(item.get("explain").is_none(), "{item}");
    }
    let explained = json_on(&env, "2026-11-22", &["due", "--explain"]);
    assert_eq!(explained[0]["explain"], "thank-you, 2 days overdue: 3 x (1 + 2/2) = 6");
    assert_eq!(explained[3]["urgency"], 1.03);
    // Other commands' Follow-up JSON too: show (upcoming: null), done.
    let shown = json_on(&env, "2026-11-22", &["show", "bob"]);
    assert_eq!(shown["follow_ups"][0]["urgency"], Value::Null);
    let done = json_on(&env, "2026-11-22", &["done", "lead-1"]);
    assert_eq!(done["urgency"], 5.0);
}

#[test]
fn a_check_in_counts_lateness_in_its_cadence_and_the_rest_in_thank_you_within() {
    let env = morning();
    // thank-you-within 1d: Ada's thank-you was due 11-19, 3 days ago: 3 x (1 + 3/1).
    ok_on(&env, "2026-11-22", &["config", "set", "thank-you-within", "1d"]);
    let explained = json_on(&env, "2026-11-22", &["due", "--explain"]);
    assert_eq!(explained[0]["key"], "thank-you-1");
    assert_eq!(explained[0]["explain"], "thank-you, 3 days overdue: 3 x (1 + 3/1) = 12");
    // Grace's check-in keeps her cadence's 31 days; a fortnightly one counts 14.
    assert_eq!(explained[3]["explain"], "check-in, 1 day overdue: 1 x (1 + 1/31) = 1.03");
    ok_on(&env, "2026-11-22", &["edit", "grace", "--cadence", "2w"]);
    let explained = json_on(&env, "2026-11-22", &["due", "--explain", "--kind", "check-in"]);
    assert_eq!(explained[0]["explain"], "check-in, 18 days overdue: 1 x (1 + 18/14) = 2.29");
    assert_eq!(explained[0]["urgency"], 2.29);
}

#[test]
fn equally_urgent_items_go_by_due_date_then_name_then_key() {
    let env = Env::new();
    for name in ["bob", "Ada Lovelace", "Cleo"] {
        ok_on(&env, "2026-11-01", &["add", name, "--no-thank-you", "--cadence", "none"]);
    }
    for (n, who) in ["bob", "cleo", "ada", "ada"].into_iter().enumerate() {
        ok_on(&env, "2026-11-01", &["remind", who, &format!("call {who} ({n})"), "--on", "2026-11-22"]);
    }
    // A reminder a day late on a scale of 3 days: 3 x (1 + 1/3) = 4, first; then the
    // reminders of today (3 each) by contact name folded (Ada, bob, Cleo), then key.
    ok_on(&env, "2026-11-22", &["config", "set", "thank-you-within", "3d"]);
    ok_on(&env, "2026-11-01", &["remind", "cleo", "the late one", "--on", "2026-11-21"]);
    let due = ranked(&env, "2026-11-22", &[]);
    assert_eq!(keys(&due), ["reminder-5", "reminder-3", "reminder-4", "reminder-1", "reminder-2"]);
    assert_eq!(due[0].1, 4.0);
}

#[test]
fn export_ics_gives_each_event_the_priority_of_its_kind() {
    let env = morning();
    let ics = ok_on(&env, "2026-11-22", &["export", "ics"]);
    let priorities: Vec<(&str, &str)> = ics
        .split("BEGIN:VEVENT")
        .skip(1)
        .map(|event| {
            let value = |name: &str| {
                event
                    .lines()
                    .find_map(|l| l.strip_prefix(name))
                    .unwrap_or_else(|| panic!("no {name}: {event}"))
            };
            (value("UID:"), value("PRIORITY:"))
        })
        .collect();
    // In date order, as before: a calendar file does not reorder itself by urgency.
    assert_eq!(
        priorities,
        [
            ("thank-you-1@netcrm", "5"),
            ("check-in-2@netcrm", "9"),
            ("reminder-1@netcrm", "5"),
            ("lead-1@netcrm", "1"),
            ("check-in-3@netcrm", "9"),
        ]
    );
}

#[test]
fn an_upgraded_database_computes_every_scale_again() {
    let env = Env::new();
    crate::upgrades::old_database(env.db(), 15);
    // What a netcrm of schema 15 stored for Ada: a row with no scale (a stale one, to
    // see it replaced), computed for today; Grace was never computed.
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    conn.execute_batch(
        "INSERT INTO follow_ups (key, contact_id, kind, due_on, shows_on, reason)
             VALUES ('lead-1', 1, 'lead', '2026-11-05', '2026-11-05', 'New lead');
         UPDATE contacts SET computed_on = '2026-11-22', last_contact = '2026-11-10' WHERE id = 1;",
    )
    .unwrap();
    drop(conn);
    let mut cmd = env.cmd(["--json", "due", "--explain"]);
    let (out, upgraded) = succeeds_with_stderr(&mut cmd);
    assert!(upgraded.contains("schema"), "{upgraded}");
    let due = parse_json(&out);
    // The lead, 17 days late, capped: 5 x (1 + 3) = 20.
    assert_eq!(due[0]["key"], "lead-1");
    assert_eq!(due[0]["explain"], "lead, 17 days overdue: 5 x (1 + min(17/2, 3)) = 20");
    let healthy = parse_json(&succeeds(&mut env.cmd(["--json", "doctor"])));
    assert_eq!(healthy["integrity_check"], "ok", "{healthy}");
}
