//! Reconnecting with dormant ties (DESIGN.md "Rhythm"): `netcrm reconnect` ranks them,
//! and `due` suggests `reconnect-per-week` of them each ISO week, picked on the week's
//! first run, stable through the week, lapsing at its end and not picked again within
//! 90 days, over several simulated weeks (NETCRM_TODAY).

use serde_json::{Value, json};

use crate::support::*;

/// Ada (10 interactions, last 2024-06-01), Bob (2, last 2023-03-01), Cy (5, last
/// 2025-01-05), Di (only met), Ed (many, but check-ins turned off by hand) and Fay
/// (recent): ids 1 to 6.
fn network(env: &Env) {
    for (name, extra) in [
        ("Ada Lovelace", &[][..]),
        ("Bob Babbage", &[][..]),
        ("Cy Young", &[][..]),
        ("Di Prince", &[][..]),
        ("Ed Stone", &["--cadence", "none"][..]),
        ("Fay Wray", &[][..]),
    ] {
        let mut args = vec!["add", name, "--met-on", "2023-01-10", "--no-thank-you"];
        args.extend_from_slice(extra);
        ok_on(env, "2023-01-10", &args);
    }
    let log = |who: &str, on: &str| {
        ok_on(env, "2026-12-01", &["log", who, "--kind", "call", "--on", on]);
    };
    for month in 2..=10 {
        log("ada", &format!("2023-{month:02}-15"));
    }
    log("ada", "2024-06-01");
    log("bob", "2023-03-01");
    for on in ["2024-01-05", "2024-05-05", "2024-09-05", "2025-01-05"] {
        log("cy", on);
    }
    for on in ["2023-05-01", "2023-06-01", "2023-07-01"] {
        log("ed", on);
    }
    log("fay", "2026-10-01");
}

/// (key, due_on) of the reconnect items `due` shows on `today`.
fn picks(env: &Env, today: &str) -> Vec<(String, String)> {
    let due = json_on(env, today, &["due", "--kind", "reconnect"]);
    let mut found: Vec<(String, String)> = due
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["key"].as_str().unwrap().to_string(), f["due_on"].as_str().unwrap().to_string()))
        .collect();
    found.sort();
    found
}

fn item(key: &str, due_on: &str) -> (String, String) {
    (key.to_string(), due_on.to_string())
}

#[test]
fn reconnect_ranks_dormant_ties_by_interactions_times_years() {
    let env = Env::new();
    network(&env);
    let list = json_on(&env, "2026-12-07", &["reconnect"]);
    let ids: Vec<i64> = list.as_array().unwrap().iter().map(|d| d["contact_id"].as_i64().unwrap()).collect();
    // Ada 11 x 2.52, Cy 5 x 1.92, Bob 2 x 3.77; Di met once, Ed's check-ins are off,
    // Fay is recent.
    assert_eq!(ids, [1, 3, 2]);
    assert_eq!(
        list[0],
        json!({"contact_id": 1, "contact": "Ada Lovelace", "interactions": 11, "last": "2024-06-01",
               "years": 2.52, "score": 27.68})
    );
    let shown = ok_on(&env, "2026-12-07", &["reconnect", "--limit", "2"]);
    let lines: Vec<&str> = shown.lines().collect();
    assert_eq!(lines.len(), 4, "{shown}");
    assert!(lines[0].starts_with("id") && lines[0].contains("score"), "{shown}");
    assert!(lines[2].contains("Ada Lovelace") && lines[2].contains("2024-06-01"), "{shown}");
    assert!(lines[2].ends_with("2.5     27.7") && lines[3].contains("Cy Young"), "{shown}");
    // Nobody dormant: a line, and [] in JSON.
    ok_on(&env, "2026-12-07", &["config", "set", "dormant-after", "10y"]);
    assert_eq!(json_on(&env, "2026-12-07", &["reconnect"]), json!([]));
    assert!(ok_on(&env, "2026-12-07", &["reconnect"]).starts_with("No dormant ties"));
}

#[test]
fn each_week_picks_its_reconnects_keeps_them_through_the_week_and_not_again_for_ninety_days() {
    let env = Env::new();
    network(&env);
    // Week 50 of 2026: first run on Wednesday; picked from the list as of Monday.
    let week50 = vec![item("reconnect-1-2026-W50", "2026-12-07"), item("reconnect-3-2026-W50", "2026-12-07")];
    assert_eq!(picks(&env, "2026-12-09"), week50);
    let due = json_on(&env, "2026-12-09", &["due", "--kind", "reconnect"]);
    assert_eq!(due[0]["kind"], json!("reconnect"));
    assert!(due[0]["reason"].as_str().unwrap().starts_with("Dormant tie: last in touch on"), "{due}");
    // The list changing during the week changes nothing this week.
    ok_on(&env, "2026-12-09", &["config", "set", "dormant-after", "10y"]);
    assert_eq!(picks(&env, "2026-12-10"), week50);
    ok_on(&env, "2026-12-10", &["config", "set", "dormant-after", ""]);
    // 0 hides the week's items; back to 2, they show again.
    ok_on(&env, "2026-12-10", &["config", "set", "reconnect-per-week", "0"]);
    assert_eq!(picks(&env, "2026-12-10"), []);
    ok_on(&env, "2026-12-10", &["config", "set", "reconnect-per-week", ""]);
    assert_eq!(picks(&env, "2026-12-10"), week50);
    // Done logs a message with Ada; undo brings the item back, and again.
    let done = json_on(&env, "2026-12-10", &["done", "reconnect-1-2026-W50"]);
    assert_eq!(done["interaction"]["kind"], json!("message"));
    assert_eq!(picks(&env, "2026-12-10"), [item("reconnect-3-2026-W50", "2026-12-07")]);
    ok_on(&env, "2026-12-10", &["undo"]);
    assert_eq!(picks(&env, "2026-12-10"), week50);
    ok_on(&env, "2026-12-10", &["done", "reconnect-1-2026-W50"]);
    // Sunday: Cy's still shows; Monday it has lapsed, and week 51 picks Bob alone
    // (Ada is in touch now, Cy was picked a week ago).
    assert_eq!(picks(&env, "2026-12-13"), [item("reconnect-3-2026-W50", "2026-12-07")]);
    assert_eq!(picks(&env, "2026-12-14"), [item("reconnect-2-2026-W51", "2026-12-14")]);
    // A call with Bob on Tuesday settles his.
    ok_on(&env, "2026-12-15", &["log", "bob", "--kind", "call"]);
    assert_eq!(picks(&env, "2026-12-15"), []);
    // Week 52: no one left to pick (Ada and Bob in touch, Cy picked 14 days ago).
    assert_eq!(picks(&env, "2026-12-21"), []);
    // Weeks later, Cy (picked 105 days before) may be picked again; Ada and Bob are
    // not dormant.
    assert_eq!(picks(&env, "2027-03-22"), [item("reconnect-3-2027-W12", "2027-03-22")]);
    let doctor = ok_on(&env, "2027-03-22", &["doctor"]);
    assert!(!doctor.contains("warning"), "{doctor}");
}

#[test]
fn a_pick_snoozed_past_its_sunday_lapses_and_picks_are_not_undone() {
    let env = Env::new();
    network(&env);
    assert_eq!(picks(&env, "2026-12-28").len(), 2);
    ok_on(&env, "2026-12-28", &["snooze", "reconnect-1-2026-W53", "--until", "2027-01-06"]);
    assert_eq!(picks(&env, "2026-12-31"), [item("reconnect-3-2026-W53", "2026-12-28")]);
    // Across the year's end, the week is still 2026-W53; on 2027-01-06 it has lapsed.
    assert_eq!(picks(&env, "2027-01-03"), [item("reconnect-3-2026-W53", "2026-12-28")]);
    assert_eq!(picks(&env, "2027-01-06"), [item("reconnect-2-2027-W01", "2027-01-04")]);
    // Undo takes back the snooze, not the picks.
    let undone = ok_on(&env, "2027-01-06", &["undo"]);
    assert!(undone.contains("snooze"), "{undone}");
    assert_eq!(picks(&env, "2027-01-06"), [item("reconnect-2-2027-W01", "2027-01-04")]);
    let shown: Value = json_on(&env, "2027-01-06", &["show", "bob"]);
    assert_eq!(
        shown["follow_ups"].as_array().unwrap().iter().filter(|f| f["kind"] == "reconnect").count(),
        1
    );
}

#[test]
fn undo_neither_restores_picks_nor_refuses_because_of_them() {
    let env = Env::new();
    ok_on(&env, "2023-01-10", &["add", "Zed Shaw", "--met-on", "2023-01-10", "--no-thank-you"]);
    ok_on(&env, "2023-02-10", &["log", "zed", "--kind", "call"]);
    assert_eq!(picks(&env, "2026-12-07"), [item("reconnect-1-2026-W50", "2026-12-07")]);
    // Undo the call (the week's pick stays: picks do not change during the week), then
    // the add: Zed goes, with his pick, and nothing is refused.
    ok_on(&env, "2026-12-07", &["undo"]);
    assert_eq!(picks(&env, "2026-12-07"), [item("reconnect-1-2026-W50", "2026-12-07")]);
    let undone = ok_on(&env, "2026-12-07", &["undo"]);
    assert!(undone.contains("add"), "{undone}");
    assert_eq!(env.json(["list"]), json!([]));
    let doctor = ok_on(&env, "2026-12-08", &["doctor"]);
    assert!(!doctor.contains("warning"), "{doctor}");
}

#[test]
fn a_weeks_first_command_that_writes_picks_from_the_records_before_its_change() {
    let env = Env::new();
    network(&env);
    // Wednesday of week 50, the week's first command: a call with Cy, dated in
    // November. The picks are made first, from the records as the week began (Ada,
    // Cy), and stay all week, though Cy is no longer dormant.
    ok_on(&env, "2026-12-09", &["log", "cy", "--kind", "call", "--on", "2026-11-01"]);
    let week50 = vec![item("reconnect-1-2026-W50", "2026-12-07"), item("reconnect-3-2026-W50", "2026-12-07")];
    assert_eq!(picks(&env, "2026-12-09"), week50);
    assert_eq!(json_on(&env, "2026-12-09", &["reconnect"]).as_array().unwrap().len(), 2, "Ada and Bob now");
}
