//! End-to-end tests of leads with a next step (issue 25, item 4): `lead show`, `lead
//! edit`, `lead rm`, `lead list`'s next step, the chase of an application with no
//! answer (rule 11), `lead status --on` and the news helpers hear (rule 6), walked
//! through the real binary with the scenario's dates.

use serde_json::Value;

use crate::support::{Env, fails, json_on, ok_on, succeeds_with_stderr};

/// Bob Smith (#1, bob@acme.example) and Chloé Dupont (#2), met on 2026-09-20 and
/// thanked, with no check-ins; lead #1, Rust Engineer at Acme, passed on by both.
fn scenario() -> Env {
    let env = Env::new();
    for (name, email) in [("Bob Smith", "bob@acme.example"), ("Chloé Dupont", "chloe@example.org")] {
        ok_on(&env, "2026-09-20", &["add", name, "--email", email, "--no-thank-you", "--cadence", "none"]);
    }
    ok_on(
        &env,
        "2026-09-20",
        &["lead", "add", "Rust Engineer", "--company", "Acme", "--via", "bob", "--via", "chloé"],
    );
    env
}

/// `due --json` on `today` with `extra`, as (key, due_on).
fn due(env: &Env, today: &str, extra: &[&str]) -> Vec<(String, String)> {
    let mut args = vec!["due"];
    args.extend_from_slice(extra);
    json_on(env, today, &args)
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["key"].as_str().unwrap().to_string(), f["due_on"].as_str().unwrap().to_string()))
        .collect()
}

fn items(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs.iter().map(|(key, on)| (key.to_string(), on.to_string())).collect()
}

/// The open follow-up `key` as `due --within 60 --json` on `today` gives it.
fn follow_up(env: &Env, today: &str, key: &str) -> Value {
    let due = json_on(env, today, &["due", "--within", "60"]);
    let found = due.as_array().unwrap().iter().find(|f| f["key"] == key).cloned();
    found.unwrap_or_else(|| panic!("{key} is not open on {today}: {due}"))
}

/// `netcrm ARGS` on `today`: expects success, returns (stdout, stderr).
fn with_stderr(env: &Env, today: &str, args: &[&str]) -> (String, String) {
    succeeds_with_stderr(env.cmd(args).env("NETCRM_TODAY", today))
}

#[test]
fn an_application_with_no_answer_is_chased_chase_after_later() {
    let env = scenario();
    ok_on(&env, "2026-09-21", &["done", "lead-1"]);
    let out = ok_on(&env, "2026-09-24", &["lead", "status", "1", "applied", "--on", "2026-09-23"]);
    assert_eq!(
        out,
        "Lead #1 (Rust Engineer at Acme): open -> applied on 2026-09-23. If you hear nothing, a chase is due on 2026-09-30.\n"
    );
    assert!(due(&env, "2026-09-29", &[]).is_empty());

    // A week after applying: Bob's, the first helper's.
    let chase = follow_up(&env, "2026-09-30", "chase-1");
    assert_eq!(chase["kind"], "chase");
    assert_eq!((chase["contact_id"].as_i64(), chase["contact"].as_str()), (Some(1), Some("Bob Smith")));
    assert_eq!(chase["due_on"], "2026-09-30");
    assert_eq!(
        chase["reason"],
        "no answer from Acme since you applied on 09-23: follow up, or ask someone there"
    );
    assert_eq!(due(&env, "2026-09-30", &["--kind", "chase"]), items(&[("chase-1", "2026-09-30")]));
    assert!(due(&env, "2026-09-30", &["--kind", "lead"]).is_empty());
    let table = ok_on(&env, "2026-10-01", &["due"]);
    assert!(table.contains("chase-1   2026-09-30 1d overdue   Bob Smith"), "{table}");

    // A call with Chloé, who helped too: the wait starts again from it.
    ok_on(&env, "2026-10-02", &["log", "chloé", "--kind", "call"]);
    let chase = follow_up(&env, "2026-10-02", "chase-1");
    assert_eq!(chase["due_on"], "2026-10-09");
    assert_eq!(
        chase["reason"],
        "no answer from Acme since 10-02 (you applied on 09-23): follow up, or ask someone there"
    );

    // Done: a message to Bob, and the next chase a week after it while still applied.
    let done = json_on(&env, "2026-10-10", &["done", "chase-1"]);
    assert_eq!(done["interaction"]["kind"], "message");
    assert_eq!(done["interaction"]["contact_id"], 1);
    assert_eq!(due(&env, "2026-10-10", &["--within", "30"]), items(&[("chase-1", "2026-10-17")]));

    // chase-after decides the wait.
    assert_eq!(ok_on(&env, "2026-10-10", &["config", "set", "chase-after", "10d"]), "chase-after = 10d\n");
    assert_eq!(due(&env, "2026-10-10", &["--within", "30"]), items(&[("chase-1", "2026-10-20")]));
    fails(env.cmd(["config", "set", "chase-after", "0d"]).env("NETCRM_TODAY", "2026-10-10"), 1, "'0d'");

    // Counted by stats like any item; an answer (an interview) ends the chasing.
    let stats = json_on(&env, "2026-10-21", &["stats"]);
    assert_eq!(
        (stats["follow_ups"]["open"].as_i64(), stats["follow_ups"]["overdue"].as_i64()),
        (Some(1), Some(1))
    );
    assert!(stats["follow_ups"]["done_late"].as_i64().unwrap() >= 1, "{stats}");
    ok_on(&env, "2026-10-21", &["lead", "status", "1", "interview"]);
    assert!(due(&env, "2026-10-21", &["--kind", "chase", "--within", "60"]).is_empty());
    ok_on(&env, "2026-12-01", &["doctor"]);
}

#[test]
fn a_chase_for_a_lead_nobody_passed_on_is_no_ones_and_done_logs_nothing() {
    let env = Env::new();
    ok_on(&env, "2026-09-20", &["lead", "add", "Data analyst", "--company", "Initech"]);
    ok_on(&env, "2026-09-20", &["lead", "status", "1", "applied"]);
    let chase = follow_up(&env, "2026-09-27", "chase-1");
    assert_eq!((chase["contact"].clone(), chase["contact_id"].clone()), (Value::Null, Value::Null));
    assert_eq!(chase["due_on"], "2026-09-27");
    let done = json_on(&env, "2026-09-29", &["done", "chase-1"]);
    assert_eq!(done["interaction"], Value::Null);
    assert_eq!(due(&env, "2026-09-29", &["--within", "30"]), items(&[("chase-1", "2026-10-06")]));
    ok_on(&env, "2026-09-29", &["snooze", "chase-1", "--until", "2026-10-10"]);
    assert!(due(&env, "2026-10-08", &[]).is_empty());
    assert_eq!(due(&env, "2026-10-10", &[]), items(&[("chase-1", "2026-10-06")]));
}

#[test]
fn a_chase_is_completed_by_a_sync_task() {
    let env = scenario();
    ok_on(&env, "2026-09-20", &["done", "lead-1"]);
    ok_on(&env, "2026-09-23", &["lead", "status", "1", "applied"]);
    let tasks = env.dir().join("tasks");
    std::fs::create_dir(&tasks).unwrap();
    ok_on(&env, "2026-09-25", &["sync", "--tasks", tasks.to_str().unwrap()]);
    let file = tasks.join("chase-1@netcrm.ics");
    let task = std::fs::read_to_string(&file).unwrap();
    assert!(task.contains("DUE;VALUE=DATE:20260930"), "{task}");
    std::fs::write(&file, task.replace("STATUS:NEEDS-ACTION", "STATUS:COMPLETED")).unwrap();
    let out = ok_on(&env, "2026-09-30", &["sync"]);
    assert!(out.contains("1 completed"), "{out}");
    let bob = json_on(&env, "2026-09-30", &["show", "bob"]);
    let last = &bob["interactions"][0];
    assert_eq!((last["kind"].as_str(), last["on"].as_str()), (Some("message"), Some("2026-09-30")));
    assert_eq!(due(&env, "2026-09-30", &["--within", "30"]), items(&[("chase-1", "2026-10-07")]));
}

#[test]
fn lead_status_on_dates_the_change_and_only_an_interview_may_be_in_the_future() {
    let env = scenario();
    ok_on(&env, "2026-09-20", &["done", "lead-1"]);
    ok_on(&env, "2026-09-23", &["lead", "status", "1", "applied"]);
    // Invited on Thursday 10-01 to an interview next Tuesday.
    let out = ok_on(&env, "2026-10-01", &["lead", "status", "1", "interview", "--on", "next tuesday"]);
    assert_eq!(
        out,
        "Lead #1 (Rust Engineer at Acme): applied -> interview on Tue 2026-10-06. Tell Bob Smith and Chloé Dupont \
         the application reached an interview, and after it how it went (netcrm lead show 1).\n"
    );
    let lead = json_on(&env, "2026-10-01", &["lead", "show", "1"]);
    assert_eq!(lead["history"][2], serde_json::json!({"status": "interview", "on": "2026-10-06"}));
    // Other statuses happened: not in the future, and nothing is written.
    let stderr = fails(
        env.cmd(["lead", "status", "1", "offer", "--on", "tomorrow"]).env("NETCRM_TODAY", "2026-10-01"),
        1,
        "tomorrow",
    );
    assert!(stderr.contains("only an interview can be dated in the future"), "{stderr}");
    fails(
        env.cmd(["lead", "status", "1", "offer", "--on", "2026-02-30"]).env("NETCRM_TODAY", "2026-10-01"),
        1,
        "2026-02-30",
    );
    assert_eq!(json_on(&env, "2026-10-01", &["lead", "show", "1"])["history"].as_array().unwrap().len(), 3);

    // One item per helper, counted from the interview: first to say it got there...
    assert_eq!(
        due(&env, "2026-10-01", &["--kind", "outcome", "--within", "10"]),
        items(&[("outcome-1-1", "2026-10-08"), ("outcome-1-2", "2026-10-08")])
    );
    let before =
        "Your application for Rust Engineer at Acme reached an interview (on 10-06): tell them, they helped";
    assert_eq!(follow_up(&env, "2026-10-01", "outcome-1-1")["reason"], before);
    // ... then how it went; telling Bob before the interview does not settle that.
    ok_on(&env, "2026-10-02", &["log", "bob", "--kind", "call", "--note", "interview on Tuesday"]);
    let after = "Interview for Rust Engineer at Acme on 10-06: tell them how it went";
    assert_eq!(follow_up(&env, "2026-10-07", "outcome-1-1")["reason"], after);
    ok_on(&env, "2026-10-07", &["log", "chloé", "--kind", "call"]);
    assert_eq!(due(&env, "2026-10-08", &["--kind", "outcome"]), items(&[("outcome-1-1", "2026-10-08")]));
    ok_on(&env, "2026-12-01", &["doctor"]);
}

#[test]
fn a_rejection_after_applying_asks_to_tell_and_thank_the_helpers_but_not_straight_from_open() {
    let env = scenario();
    ok_on(&env, "2026-09-20", &["lead", "add", "Data analyst", "--company", "Initech", "--via", "chloé"]);
    ok_on(&env, "2026-09-20", &["done", "lead-1"]);
    ok_on(&env, "2026-09-20", &["done", "lead-2"]);
    ok_on(&env, "2026-09-23", &["lead", "status", "1", "applied"]);
    let out = ok_on(&env, "2026-10-05", &["lead", "status", "1", "rejected", "--on", "yesterday"]);
    assert_eq!(
        out,
        "Lead #1 (Rust Engineer at Acme): applied -> rejected on Sun 2026-10-04. Let Bob Smith and Chloé Dupont \
         know, and thank them for their help (netcrm due lists it).\n"
    );
    assert_eq!(
        due(&env, "2026-10-06", &[]),
        items(&[("outcome-1-1", "2026-10-06"), ("outcome-1-2", "2026-10-06")])
    );
    assert_eq!(
        follow_up(&env, "2026-10-06", "outcome-1-2")["reason"],
        "Your application for Rust Engineer at Acme was rejected on 10-04: let them know, and thank them for their help"
    );
    // Closed straight from open: nothing to tell anyone.
    let out = ok_on(&env, "2026-10-06", &["lead", "status", "2", "closed"]);
    assert_eq!(out, "Lead #2 (Data analyst at Initech): open -> closed.\n");
    assert!(
        !due(&env, "2026-10-20", &["--within", "30"]).iter().any(|(key, _)| key.starts_with("outcome-2-"))
    );
}

#[test]
fn the_same_status_again_changes_nothing_and_a_step_back_down_the_funnel_is_named() {
    let env = scenario();
    ok_on(&env, "2026-09-23", &["lead", "status", "1", "interview"]);
    let (out, stderr) = with_stderr(&env, "2026-09-24", &["lead", "status", "1", "open"]);
    assert_eq!(out, "Lead #1 (Rust Engineer at Acme): interview -> open.\n");
    assert_eq!(stderr, "warning: lead #1 moves back down the funnel: interview -> open\n");
    let (out, stderr) =
        with_stderr(&env, "2026-09-24", &["lead", "status", "1", "open", "--on", "2026-09-21"]);
    assert_eq!(out, "");
    assert_eq!(stderr, "warning: lead #1 is already open; nothing changed\n");
    assert_eq!(json_on(&env, "2026-09-24", &["lead", "show", "1"])["history"].as_array().unwrap().len(), 3);
    // Out of the funnel and back into it is no step back.
    ok_on(&env, "2026-09-25", &["lead", "status", "1", "rejected"]);
    ok_on(&env, "2026-09-26", &["lead", "status", "1", "applied"]);
}

#[test]
fn a_lead_item_names_its_lateness() {
    let env = scenario();
    for (today, reason) in [
        ("2026-09-20", "New lead Rust Engineer at Acme: follow up on it today"),
        ("2026-09-21", "New lead Rust Engineer at Acme, 1 day overdue: follow up on it"),
        ("2026-09-25", "New lead Rust Engineer at Acme, 5 days overdue: follow up on it"),
    ] {
        assert_eq!(follow_up(&env, today, "lead-1")["reason"], reason, "on {today}");
        let page = ok_on(&env, today, &["show", "bob"]);
        assert!(page.contains(reason), "{page}");
        ok_on(&env, today, &["doctor"]);
    }
}

#[test]
fn lead_show_gives_the_lead_its_helpers_history_and_open_items() {
    let env = scenario();
    ok_on(
        &env,
        "2026-09-20",
        &["lead", "edit", "1", "--url", "https://acme.example/jobs/7", "--note", "referral from Bob"],
    );
    ok_on(&env, "2026-09-23", &["lead", "status", "1", "applied"]);
    let page = ok_on(&env, "2026-09-24", &["lead", "show", "#1"]);
    assert_eq!(
        page,
        "Rust Engineer at Acme (lead #1)\n  \
         status:         applied since 2026-09-23\n  \
         helped by:      Bob Smith (#1), Chloé Dupont (#2)\n  \
         url:            https://acme.example/jobs/7\n  \
         note:           referral from Bob\n  \
         added:          2026-09-20\n\
         \n\
         History:\n  \
         2026-09-20  open\n  \
         2026-09-23  applied\n\
         \n\
         Follow-ups:\n  \
         2026-09-30  chase    Bob Smith: no answer from Acme since you applied on 09-23: follow up, or ask someone \
         there  [chase-1]\n"
    );
    let lead = json_on(&env, "2026-09-24", &["lead", "show", "1"]);
    assert_eq!(lead["status"], "applied");
    assert_eq!(lead["via"], serde_json::json!([1, 2]));
    assert_eq!(
        lead["helpers"],
        serde_json::json!([{"contact_id": 1, "contact": "Bob Smith"}, {"contact_id": 2, "contact": "Chloé Dupont"}])
    );
    assert_eq!(lead["follow_ups"][0]["key"], "chase-1");
    assert_eq!(lead["follow_ups"][0]["days_overdue"], -6);
    env.fails(["lead", "show", "7"], 1, "'7'");
    env.fails(["lead", "show"], 2, "<ID>");
    // Nothing open.
    ok_on(&env, "2026-09-24", &["lead", "status", "1", "closed"]);
    ok_on(&env, "2026-09-24", &["log", "bob", "--kind", "call"]);
    ok_on(&env, "2026-09-24", &["log", "chloé", "--kind", "call"]);
    assert!(ok_on(&env, "2026-09-24", &["lead", "show", "1"]).ends_with("\nFollow-ups: none open\n"));
}

#[test]
fn lead_edit_changes_what_is_given_and_who_helped_and_undo_restores_it() {
    let env = scenario();
    env.add("Ada Lovelace", &["--no-thank-you", "--cadence", "none"]);
    let lead = json_on(
        &env,
        "2026-09-20",
        &[
            "lead",
            "edit",
            "1",
            "--title",
            "Senior Rust Engineer",
            "--company",
            "",
            "--add-via",
            "ada",
            "--remove-via",
            "bob",
        ],
    );
    assert_eq!(
        (lead["title"].as_str(), lead["company"].clone()),
        (Some("Senior Rust Engineer"), Value::Null)
    );
    assert_eq!(lead["via"], serde_json::json!([2, 3]));
    assert_eq!(lead["history"].as_array().unwrap().len(), 1, "the status stays");
    // The lead item is now Chloé's, the first helper left.
    assert_eq!(follow_up(&env, "2026-09-20", "lead-1")["contact"], "Chloé Dupont");
    let out = ok_on(&env, "2026-09-20", &["lead", "edit", "1", "--company", "Acme Robotics"]);
    assert_eq!(
        out,
        "Updated lead #1: Senior Rust Engineer at Acme Robotics, via Chloé Dupont, Ada Lovelace.\n"
    );

    // Errors name the bad value and write nothing.
    env.fails(["lead", "edit", "1"], 2, "--title");
    env.fails(["lead", "edit", "1", "--title", " "], 1, "title");
    env.fails(
        ["lead", "edit", "1", "--note", "x", "--remove-via", "bob"],
        1,
        "Bob Smith (#1) is not among the helpers of lead #1",
    );
    env.fails(["lead", "edit", "1", "--add-via", "nobody"], 1, "'nobody'");
    env.fails(["lead", "edit", "9", "--note", "x"], 1, "'9'");
    assert_eq!(env.json(["lead", "show", "1"])["note"], Value::Null);
    let (out, stderr) = with_stderr(&env, "2026-09-20", &["lead", "edit", "1", "--add-via", "ada"]);
    assert_eq!(out, "");
    assert_eq!(
        stderr,
        "warning: Ada Lovelace already helped with lead #1\nwarning: lead #1 already reads so; nothing changed\n"
    );

    // Each edit is one undo step.
    assert_eq!(
        ok_on(&env, "2026-09-20", &["undo"]),
        "Undid: lead edit #1 Senior Rust Engineer at Acme Robotics\n"
    );
    ok_on(&env, "2026-09-20", &["undo"]);
    let lead = env.json(["lead", "show", "1"]);
    assert_eq!((lead["title"].as_str(), lead["company"].as_str()), (Some("Rust Engineer"), Some("Acme")));
    assert_eq!(lead["via"], serde_json::json!([1, 2]));
    assert_eq!(follow_up(&env, "2026-09-20", "lead-1")["contact"], "Bob Smith");
    ok_on(&env, "2026-09-21", &["doctor"]);
}

#[test]
fn lead_rm_takes_its_follow_ups_and_undo_brings_them_back() {
    let env = scenario();
    ok_on(&env, "2026-09-20", &["done", "lead-1"]);
    ok_on(&env, "2026-09-23", &["lead", "status", "1", "applied"]);
    ok_on(&env, "2026-09-30", &["snooze", "chase-1", "--until", "2026-10-03"]);
    let out = ok_on(&env, "2026-09-30", &["lead", "rm", "1"]);
    assert_eq!(
        out,
        "Removed lead #1: Rust Engineer at Acme, with its follow-ups (netcrm undo brings it back).\n"
    );
    assert!(due(&env, "2026-10-05", &["--within", "30"]).is_empty());
    assert_eq!(
        ok_on(&env, "2026-09-30", &["lead", "list"]),
        "No leads yet. Add one: netcrm lead add \"Rust Engineer\" --company Acme --via bob\n"
    );
    assert!(json_on(&env, "2026-09-30", &["show", "bob"])["leads"].as_array().unwrap().is_empty());
    env.fails(["lead", "rm", "1"], 1, "'1'");
    ok_on(&env, "2026-09-30", &["doctor"]);

    assert_eq!(ok_on(&env, "2026-09-30", &["undo"]), "Undid: lead rm #1 Rust Engineer at Acme\n");
    let chase = follow_up(&env, "2026-10-03", "chase-1");
    assert_eq!(chase["due_on"], "2026-09-30", "snoozed until 10-03 again");
    assert!(due(&env, "2026-10-02", &[]).is_empty());
    assert!(due(&env, "2026-10-02", &["--kind", "lead", "--within", "30"]).is_empty(), "lead-1 stays done");
    let removed = json_on(&env, "2026-10-03", &["lead", "rm", "1"]);
    assert_eq!(removed["history"].as_array().unwrap().len(), 2, "the lead as it was");
    ok_on(&env, "2026-10-03", &["doctor"]);
}

#[test]
fn lead_list_shows_each_leads_next_step() {
    let env = scenario();
    ok_on(&env, "2026-09-20", &["lead", "add", "Data analyst"]);
    ok_on(&env, "2026-09-20", &["lead", "add", "Rust mentor", "--company", "Ferrous", "--via", "chloé"]);
    ok_on(&env, "2026-09-20", &["done", "lead-1"]);
    ok_on(&env, "2026-09-23", &["lead", "status", "1", "applied"]);
    ok_on(&env, "2026-09-23", &["lead", "status", "3", "closed"]);
    let table = ok_on(&env, "2026-09-24", &["lead", "list"]);
    assert_eq!(
        table,
        "id   title           company   status    via                       since        next step\n\
         ──── ─────────────── ───────── ───────── ───────────────────────── ──────────── ────────────────────────────\n\
         3    Rust mentor     Ferrous   closed    Chloé Dupont              2026-09-23\n\
         2    Data analyst              open                                2026-09-20   lead-2 2026-09-20 4d overdue\n\
         1    Rust Engineer   Acme      applied   Bob Smith, Chloé Dupont   2026-09-23   chase-1 2026-09-30 in 6d\n"
    );
    let leads = json_on(&env, "2026-09-24", &["lead", "list"]);
    let next: Vec<Value> = leads.as_array().unwrap().iter().map(|l| l["next_step"]["key"].clone()).collect();
    assert_eq!(next, [Value::Null, "lead-2".into(), "chase-1".into()]);
    assert_eq!(leads[2]["next_step"]["kind"], "chase");
    assert_eq!(leads[2]["next_step"]["contact"], "Bob Smith");
    assert_eq!(leads[0]["next_step"], Value::Null);
}

/// `lead list` reads its next steps from the stored follow-ups (issue 30): on later
/// days, after a snooze ended and after the chase came due, each is the item `due`
/// shows that day, as if computed again from the records.
#[test]
fn lead_list_next_step_is_the_item_due_shows_on_later_days() {
    let env = scenario();
    ok_on(&env, "2026-09-20", &["snooze", "lead-1", "--until", "2026-09-25"]);
    let next = |today: &str| json_on(&env, today, &["lead", "list"])[0]["next_step"].clone();
    assert_eq!(next("2026-09-22")["key"], "lead-1");
    for today in ["2026-09-26", "2026-10-02"] {
        assert_eq!(next(today), follow_up(&env, today, "lead-1"), "on {today}");
    }
    // Stored while snoozed on the 20th, the item is back from its snooze on the 26th.
    let table = ok_on(&env, "2026-09-26", &["lead", "list"]);
    assert!(table.contains("lead-1 2026-09-20 back from snooze"), "{table}");
    ok_on(&env, "2026-10-02", &["lead", "status", "1", "applied"]);
    assert_eq!(next("2026-10-20"), follow_up(&env, "2026-10-20", "chase-1"));
    assert_eq!(next("2026-10-20")["days_overdue"], 11);
}
