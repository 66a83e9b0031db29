//! Issue 25, item 7: the smaller points of daily use. Weekdays as people mean them,
//! confirmations that show the weekday, cadences in everyday words, `done` with
//! several keys, reminders not added twice, birthdays not in the future, ambiguous
//! names told apart.

use serde_json::Value;

use crate::support::*;

/// A Thursday.
const THURSDAY: &str = "2026-09-03";

#[test]
fn next_friday_is_next_weeks_friday_and_words_are_confirmed_with_the_weekday() {
    let env = Env::new();
    ok_on(&env, "2026-08-01", &["add", "Ada Lovelace", "--cadence", "none"]);
    let out = ok_on(&env, THURSDAY, &["remind", "ada", "send the slides", "--on", "friday"]);
    assert_eq!(out, "Reminder for Ada Lovelace set for Fri 2026-09-04: send the slides (key reminder-1).\n");
    let out = ok_on(&env, THURSDAY, &["remind", "ada", "call her", "--on", "next fri"]);
    assert_eq!(out, "Reminder for Ada Lovelace set for Fri 2026-09-11: call her (key reminder-2).\n");
    let out = ok_on(&env, THURSDAY, &["remind", "ada", "book a room", "--in", "2w"]);
    assert!(out.contains(" set for Thu 2026-09-17: "), "{out}");
    // A date given as YYYY-MM-DD is confirmed as given.
    let out = ok_on(&env, THURSDAY, &["remind", "ada", "lunch", "--on", "2026-09-08"]);
    assert!(out.contains(" set for 2026-09-08: "), "{out}");
    let out = ok_on(&env, THURSDAY, &["snooze", "thank-you-1", "--until", "next monday"]);
    assert_eq!(out, "Snoozed thank-you-1 (Ada Lovelace) until Mon 2026-09-07 (due 2026-08-03).\n");
    let out = ok_on(&env, THURSDAY, &["log", "ada", "--kind", "call", "--on", "last tue"]);
    assert!(out.starts_with("Logged call with Ada Lovelace on Tue 2026-09-01."), "{out}");
    let out = ok_on(&env, THURSDAY, &["log", "ada", "--kind", "email", "--on", "2026-09-02"]);
    assert!(out.starts_with("Logged email with Ada Lovelace on 2026-09-02."), "{out}");
    let out = ok_on(&env, THURSDAY, &["log", "ada", "--kind", "met", "--on", "yesterday"]);
    assert!(out.starts_with("Logged meeting Ada Lovelace again on Wed 2026-09-02."), "{out}");
    let out = ok_on(&env, THURSDAY, &["log", "--edit", "3", "--on", "-3d"]);
    assert_eq!(out, "Changed interaction #3: email with Ada Lovelace on Mon 2026-08-31.\n");
    let json = json_on(&env, THURSDAY, &["remind", "ada", "one more", "--on", "next thursday"]);
    assert_eq!(json["due_on"], "2026-09-10");
}

#[test]
fn cadences_take_a_number_of_days_biweekly_and_every_n_units() {
    let env = Env::new();
    let ada = env.json(["add", "Ada Lovelace", "--cadence", "14"]);
    assert_eq!(ada["cadence"], "14d");
    for (given, stored) in
        [("biweekly", "2w"), ("every 10 days", "10d"), ("every 2 weeks", "2w"), ("Every 3 Months", "3m")]
    {
        assert_eq!(env.json(["edit", "ada", "--cadence", given])["cadence"], stored, "{given}");
    }
    assert_eq!(env.json(["config", "set", "default-cadence", "21"])["value"], "21d");
    env.fails(["edit", "ada", "--cadence", "0"], 1, "'0'");
    env.fails(["edit", "ada", "--cadence", "every other week"], 1, "'every other week'");
    // A bare number of days and every-phrases are durations everywhere.
    assert_eq!(env.json(["remind", "ada", "call", "--in", "10"])["due_on"], "2026-12-02");
    assert_eq!(env.json(["snooze", "thank-you-1", "--for", "every 3 days"])["snoozed_until"], "2026-11-25");
    env.fails(["remind", "ada", "call", "--in", "+10"], 1, "'+10'");
}

#[test]
fn done_takes_several_keys_all_or_nothing_in_one_undo_step() {
    let env = Env::new();
    ok_on(&env, "2026-11-20", &["add", "Ada Lovelace"]);
    ok_on(&env, "2026-11-20", &["add", "Alan Turing", "--introduced-by", "ada"]);
    ok_on(&env, "2026-11-20", &["remind", "alan", "send the paper", "--on", "2026-11-22"]);
    // Ada's thank-you and intro-thanks: one thank-you logged with her, not two.
    let out =
        ok_on(&env, "2026-11-22", &["done", "thank-you-1", "intro-thanks-2", "reminder-1", "thank-you-1"]);
    assert_eq!(
        out,
        "Done: thank-you-1 (Ada Lovelace). Logged thank-you on 2026-11-22. Next: check-in on 2026-12-22.\n\
         Done: intro-thanks-2 (Ada Lovelace). Logged thank-you on 2026-11-22. Next: check-in on 2026-12-22.\n\
         Done: reminder-1 (Alan Turing). Next: thank-you on 2026-11-22.\n"
    );
    let ada = json_on(&env, "2026-11-22", &["show", "ada"]);
    let thanks = ada["interactions"].as_array().unwrap().iter().filter(|i| i["kind"] == "thank-you").count();
    assert_eq!(thanks, 1, "{ada}");
    let steps = ok_on(&env, "2026-11-22", &["undo", "--list"]);
    assert!(
        steps.lines().next().unwrap().contains(
            "done thank-you-1 (Ada Lovelace), intro-thanks-2 (Ada Lovelace), reminder-1 (Alan Turing)"
        ),
        "{steps}"
    );
    ok_on(&env, "2026-11-22", &["undo"]);
    let due = json_on(&env, "2026-11-22", &["due"]);
    assert_eq!(due.as_array().unwrap().len(), 4, "{due}");

    // A finished key says when it was done; an unknown one is an error; either way
    // nothing is done.
    ok_on(&env, "2026-11-21", &["done", "thank-you-1"]);
    let before = json_on(&env, "2026-11-22", &["due"]);
    fails(
        env.cmd(["done", "thank-you-2", "thank-you-1"]).env("NETCRM_TODAY", "2026-11-22"),
        1,
        "thank-you-1 was done on 2026-11-21",
    );
    fails(
        env.cmd(["done", "thank-you-2", "check-in-99"]).env("NETCRM_TODAY", "2026-11-22"),
        1,
        "'check-in-99'",
    );
    assert_eq!(json_on(&env, "2026-11-22", &["due"]), before);
    // Several keys with --json: an array of what one key prints.
    let done = json_on(&env, "2026-11-22", &["done", "thank-you-2", "reminder-1"]);
    let keys: Vec<&str> = done.as_array().unwrap().iter().map(|d| d["key"].as_str().unwrap()).collect();
    assert_eq!(keys, ["thank-you-2", "reminder-1"]);
    assert_eq!(done[1]["interaction"], Value::Null);
    env.fails(["done"], 2, "");
}

#[test]
fn an_identical_open_reminder_is_not_added_twice() {
    let env = Env::new();
    env.add("Ada Lovelace", &[]);
    env.ok(["remind", "ada", "send the slides", "--on", "2026-11-27"]);
    let (out, err) =
        succeeds_with_stderr(&mut env.cmd(["remind", "ada", "send the slides", "--on", "friday"]));
    assert_eq!(out, "");
    assert_eq!(
        err,
        "warning: reminder-1 already reminds you of this for Ada Lovelace on Fri 2026-11-27; nothing was added\n"
    );
    let (json, _) =
        succeeds_with_stderr(&mut env.cmd(["--json", "remind", "ada", "send the slides", "--in", "5d"]));
    assert_eq!(parse_json(&json)["id"], 1);
    // Another day, another text, or once the first is done: added.
    env.ok(["remind", "ada", "send the slides", "--on", "2026-11-28"]);
    env.ok(["remind", "ada", "send the notes", "--on", "2026-11-27"]);
    env.ok(["done", "reminder-1"]);
    let again = env.json(["remind", "ada", "send the slides", "--on", "2026-11-27"]);
    assert_eq!(again["id"], 4);
    assert_eq!(env.json(["show", "ada"])["follow_ups"].as_array().unwrap().len(), 4);
}

#[test]
fn a_birthday_cannot_be_in_the_future() {
    let env = Env::new();
    assert_add_fails_and_writes_nothing(&env, &["Ada Lovelace", "--birthday", "2026-11-23"], "after today");
    env.add("Ada Lovelace", &["--birthday", "2026-11-22"]);
    env.fails(
        ["edit", "ada", "--birthday", "2030-01-01"],
        1,
        "invalid birthday '2030-01-01': it is after today",
    );
    assert_eq!(env.json(["edit", "ada", "--birthday", "--12-10"])["birthday"], "--12-10");
}

#[test]
fn an_ambiguous_contact_lists_what_tells_each_apart_and_the_command_with_an_id() {
    let env = Env::new();
    env.add("Ada Lovelace", &["--company", "Analytical Engines", "--email", "ada@example.com"]);
    env.add("Ada Byron", &["--email", "byron@example.com"]);
    let err = env.fails(["log", "ada", "--kind", "call", "--note", "about the job"], 1, "");
    assert_eq!(
        err,
        "error: 'ada' matches 2 contacts: Ada Lovelace (#1, Analytical Engines), Ada Byron (#2); \
         use the id, e.g. netcrm log 1 --kind call --note 'about the job'\n"
    );
    // The same company: the first e-mails tell them apart.
    env.ok(["edit", "2", "--company", "Analytical Engines"]);
    let err = env.fails(["show", "ada"], 1, "");
    assert!(err.contains("Ada Lovelace (#1, ada@example.com), Ada Byron (#2, byron@example.com)"), "{err}");
    assert!(err.ends_with("use the id, e.g. netcrm show 1\n"), "{err}");
    // Namesakes with nothing else to tell them apart: the date you met.
    ok_on(&env, "2026-10-01", &["add", "Grace Hopper"]);
    succeeds_with_stderr(env.cmd(["add", "Grace Hopper"]).env("NETCRM_TODAY", "2026-11-01"));
    let err = env.fails(["remind", "grace hopper", "call", "--in", "1d"], 1, "");
    assert!(err.contains("Grace Hopper (#3, met 2026-10-01), Grace Hopper (#4, met 2026-11-01)"), "{err}");
    assert!(err.ends_with("e.g. netcrm remind 3 call --in 1d\n"), "{err}");
}
