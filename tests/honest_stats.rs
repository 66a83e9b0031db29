//! Issue 25, item 6: honest `stats`. Only what came due counts as kept on time or
//! late; on time means no later than thank-you-within after the due date; the chart
//! of interactions per month starts at the first record's month.

use crate::support::*;

/// (done on time, done late) from `stats --json` on `today`.
fn kept(env: &Env, today: &str) -> (i64, i64) {
    let stats = json_on(env, today, &["stats"]);
    let counts = &stats["follow_ups"];
    (counts["done_on_time"].as_i64().unwrap(), counts["done_late"].as_i64().unwrap())
}

#[test]
fn only_follow_ups_that_came_due_count_and_on_time_is_within_thank_you_within() {
    let env = Env::new();
    for name in ["Ada Lovelace", "Alan Turing", "Grace Hopper", "Edsger Dijkstra"] {
        ok_on(&env, "2026-11-01", &["add", name, "--cadence", "none"]);
    }
    // Every thank-you is due on 11-03.
    // Ada, thanked the day after meeting: in touch early, not a follow-up at all.
    ok_on(&env, "2026-11-02", &["log", "ada", "--kind", "thank-you"]);
    assert_eq!(kept(&env, "2026-11-02"), (0, 0));
    // Alan, thanked on the due date, and Grace two days after it (thank-you-within):
    // on time.
    ok_on(&env, "2026-11-03", &["done", "thank-you-2"]);
    ok_on(&env, "2026-11-05", &["log", "grace", "--kind", "thank-you"]);
    assert_eq!(kept(&env, "2026-11-05"), (2, 0));
    // Edsger, three days after: late.
    ok_on(&env, "2026-11-06", &["done", "thank-you-4"]);
    assert_eq!(kept(&env, "2026-11-06"), (2, 1));
    // A reminder done before its date was not due yet: not counted either.
    ok_on(&env, "2026-11-06", &["remind", "ada", "send the slides", "--on", "2026-11-20"]);
    ok_on(&env, "2026-11-06", &["done", "reminder-1"]);
    assert_eq!(kept(&env, "2026-11-30"), (2, 1));
    let page = ok_on(&env, "2026-11-30", &["stats"]);
    assert!(page.contains("kept:         2 on time (66%), 1 late"), "{page}");
}

#[test]
fn the_monthly_chart_starts_at_the_month_of_the_first_record() {
    let env = Env::new();
    ok_on(&env, "2026-09-14", &["add", "Ada Lovelace"]);
    ok_on(&env, "2026-11-02", &["log", "ada", "--kind", "call"]);
    let stats = json_on(&env, "2026-11-22", &["stats"]);
    assert_eq!(
        stats["interactions_per_month"],
        serde_json::json!([
            {"month": "2026-09", "count": 1},
            {"month": "2026-10", "count": 0},
            {"month": "2026-11", "count": 1},
        ])
    );
    let page = ok_on(&env, "2026-11-22", &["stats"]);
    assert!(!page.contains("2026-08"), "{page}");
    assert!(page.contains("  2026-09     1"), "{page}");
    // A record older than a year: twelve months, no more.
    ok_on(&env, "2026-11-22", &["log", "ada", "--kind", "call", "--on", "2024-01-10"]);
    let stats = json_on(&env, "2026-11-22", &["stats"]);
    let months = stats["interactions_per_month"].as_array().unwrap();
    assert_eq!(months.len(), 12);
    assert_eq!(months[0]["month"], "2025-12");
    // An empty database: this month alone.
    let empty = Env::new();
    let stats = json_on(&empty, "2026-11-22", &["stats"]);
    assert_eq!(stats["interactions_per_month"], serde_json::json!([{"month": "2026-11", "count": 0}]));
}
