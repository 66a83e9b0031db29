//! Goals (DESIGN.md "Rhythm"): `goal set|list|rm`, progress and streaks in `stats`,
//! and the line above `due`'s table, over ISO weeks across the year's end (2026 has a
//! week 53) and calendar months, at their boundaries.

use serde_json::{Value, json};

use crate::support::*;

/// `stats --json`'s goals on `today`.
fn goals(env: &Env, today: &str) -> Value {
    json_on(env, today, &["stats"])["goals"].clone()
}

fn goal(what: &str, target: u32, per: &str, done: u32, streak: u32) -> Value {
    json!({"what": what, "target": target, "per": per, "done": done, "streak": streak})
}

#[test]
fn goals_are_set_listed_replaced_and_removed_and_stats_always_has_them() {
    let env = Env::new();
    assert_eq!(goals(&env, TODAY), json!([]));
    assert_eq!(env.ok(["goal", "list"]), "No goals yet. Set one: netcrm goal set conversations 5 per week\n");
    assert_eq!(
        env.ok(["goal", "set", "conversations", "5", "per", "week"]),
        "Goal set: 5 conversations per week.\n"
    );
    assert_eq!(
        env.json(["goal", "set", "new-people", "4", "per", "month"]),
        goal("new-people", 4, "month", 0, 0)
    );
    // Setting it again replaces it.
    env.ok(["goal", "set", "conversations", "3", "per", "month"]);
    assert_eq!(
        env.json(["goal", "list"]),
        json!([goal("conversations", 3, "month", 0, 0), goal("new-people", 4, "month", 0, 0)])
    );
    assert_eq!(goals(&env, TODAY), env.json(["goal", "list"]));
    // Undo takes back a goal set like any change.
    env.ok(["undo"]);
    assert_eq!(env.json(["goal", "list"])[0], goal("conversations", 5, "week", 0, 0));
    assert_eq!(env.ok(["goal", "rm", "new-people"]), "Goal removed: 4 new people per month.\n");
    env.fails(["goal", "rm", "new-people"], 1, "no goal is set for new-people");
    // N is at least 1, `per` is a literal word, WHAT and the period fixed choices.
    env.fails(["goal", "set", "conversations", "0", "per", "week"], 2, "'0'");
    env.fails(["goal", "set", "conversations", "2", "a", "week"], 2, "'a'");
    env.fails(["goal", "set", "calls", "2", "per", "week"], 2, "'calls'");
    env.fails(["goal", "set", "conversations", "2", "per", "day"], 2, "'day'");
    assert_eq!(env.json(["goal", "list"]), json!([goal("conversations", 5, "week", 0, 0)]));
}

#[test]
fn weekly_streaks_run_across_week_53_and_the_year_end() {
    let env = Env::new();
    ok_on(&env, "2026-12-14", &["add", "Ada Lovelace", "--met-on", "2026-12-14", "--no-thank-you"]);
    // Two conversations a week: W51 (the met and a call), W52, W53 (across the year's
    // end), and one so far in 2027-W01. Mail never counts.
    for on in ["2026-12-16", "2026-12-21", "2026-12-27", "2026-12-29", "2027-01-02", "2027-01-05"] {
        ok_on(&env, "2027-01-05", &["log", "ada", "--kind", "call", "--on", on]);
    }
    ok_on(&env, "2027-01-05", &["log", "ada", "--kind", "email", "--on", "2027-01-04"]);
    ok_on(&env, "2027-01-05", &["goal", "set", "conversations", "2", "per", "week"]);
    let weekly = |today: &str| goals(&env, today)[0].clone();
    // Sunday 2027-01-03 is in 2026-W53: met this week and the two before.
    assert_eq!(weekly("2027-01-03"), goal("conversations", 2, "week", 2, 3));
    // Monday 2027-01-04 (W01): nothing but mail yet; the streak is the weeks before.
    assert_eq!(weekly("2027-01-04"), goal("conversations", 2, "week", 0, 3));
    // Tuesday: one call; still not met.
    assert_eq!(weekly("2027-01-05"), goal("conversations", 2, "week", 1, 3));
    // The week after a week missed: no streak.
    assert_eq!(weekly("2027-01-12"), goal("conversations", 2, "week", 0, 0));
}

#[test]
fn monthly_goals_count_calendar_months_to_their_last_day() {
    let env = Env::new();
    // New people: one met on 01-31, two in February (02-01, 02-28), one on 03-01.
    for (name, on) in
        [("Ada", "2026-01-31"), ("Bob", "2026-02-01"), ("Cy", "2026-02-28"), ("Di", "2026-03-01")]
    {
        ok_on(&env, on, &["add", name, "--met-on", on]);
    }
    // Meeting Ada again in February makes her no new person then.
    ok_on(&env, "2026-02-10", &["log", "ada", "--kind", "met"]);
    ok_on(&env, "2026-03-01", &["goal", "set", "new-people", "2", "per", "month"]);
    ok_on(&env, "2026-03-01", &["goal", "set", "thank-yous", "1", "per", "month"]);
    let on = |today: &str| goals(&env, today);
    assert_eq!(on("2026-02-28")[0], goal("new-people", 2, "month", 2, 1));
    assert_eq!(on("2026-03-01")[0], goal("new-people", 2, "month", 1, 1));
    assert_eq!(on("2026-03-31")[0], goal("new-people", 2, "month", 1, 1));
    assert_eq!(on("2026-04-01")[0], goal("new-people", 2, "month", 0, 0));
    // Thank-yous: `done` of a thank-you logs one.
    ok_on(&env, "2026-03-31", &["done", "thank-you-4"]);
    assert_eq!(on("2026-03-31")[1], goal("thank-yous", 1, "month", 1, 1));
    // The follow-up was due 03-03 and done on 03-31.
    ok_on(&env, "2026-03-31", &["goal", "set", "follow-ups", "1", "per", "month"]);
    assert_eq!(on("2026-03-31")[2], goal("follow-ups", 1, "month", 1, 1));
}

#[test]
fn due_shows_the_goals_line_above_its_table_and_its_empty_line_but_never_in_json_or_counts() {
    let env = Env::new();
    ok_on(&env, "2026-12-28", &["add", "Ada Lovelace", "--met-on", "2026-12-28"]);
    ok_on(&env, "2026-12-29", &["log", "ada", "--kind", "call"]);
    // No goals: no line.
    let plain = ok_on(&env, "2026-12-31", &["due"]);
    assert!(plain.starts_with("key"), "{plain}");
    ok_on(&env, "2026-12-31", &["goal", "set", "conversations", "5", "per", "week"]);
    ok_on(&env, "2026-12-31", &["goal", "set", "new-people", "4", "per", "month"]);
    ok_on(&env, "2026-12-31", &["goal", "set", "thank-yous", "1", "per", "week"]);
    let due = ok_on(&env, "2026-12-31", &["due"]);
    let mut lines = due.lines();
    assert_eq!(
        lines.next(),
        Some("This week: 2/5 conversations, 0/1 thank-yous · This month: 1/4 new people")
    );
    assert!(lines.next().unwrap().starts_with("key"), "{due}");
    // Also above the empty-list line, also with --quiet when something is due. The
    // thank-you `done` logs is a conversation too (a thank-you `scan` found is mail).
    ok_on(&env, "2026-12-31", &["done", "thank-you-1"]);
    let empty = ok_on(&env, "2026-12-31", &["due"]);
    assert_eq!(
        empty.lines().collect::<Vec<_>>(),
        [
            "This week: 3/5 conversations, 1/1 thank-yous · This month: 1/4 new people",
            "Nothing due today. You're all caught up. Next: check-in with Ada Lovelace on 2027-01-31."
        ]
    );
    assert_eq!(ok_on(&env, "2026-12-31", &["due", "--quiet"]), "");
    assert!(
        ok_on(&env, "2027-02-01", &["due", "--quiet"])
            .starts_with("This week: 0/5 conversations, 0/1 thank-yous · This month: 0/4 new people\nkey")
    );
    assert_eq!(ok_on(&env, "2026-12-31", &["due", "--count"]), "0\n");
    assert_eq!(json_on(&env, "2026-12-31", &["due"]), json!([]));
    // January: the week is still 2026-W53, the month is January.
    let january = ok_on(&env, "2027-01-01", &["due"]);
    assert!(
        january.starts_with("This week: 3/5 conversations, 1/1 thank-yous · This month: 0/4 new people"),
        "{january}"
    );
}
