//! End-to-end tests of the job-search network: introductions, job leads, favours,
//! meeting someone again, the introduction graph and stats, walked through the real
//! binary with `NETCRM_TODAY` moved forward by hand.

use std::process::Command;

use serde_json::Value;

use crate::support::{Env, fails, json_on, ok_on, parse_json, succeeds_with_stderr};

/// `due --json` on `today` with extra arguments, as (key, contact, due_on).
fn due(env: &Env, today: &str, extra: &[&str]) -> Vec<(String, Option<String>, String)> {
    let mut args = vec!["due"];
    args.extend_from_slice(extra);
    json_on(env, today, &args)
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["key"].as_str().unwrap().to_string(),
                f["contact"].as_str().map(str::to_string),
                f["due_on"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn item(key: &str, contact: &str, due_on: &str) -> (String, Option<String>, String) {
    (key.to_string(), Some(contact.to_string()), due_on.to_string())
}

/// The reason of the open follow-up `key`, from `due --within 60`.
fn reason(env: &Env, today: &str, key: &str) -> String {
    let due = json_on(env, today, &["due", "--within", "60"]);
    let found = due.as_array().unwrap().iter().find(|f| f["key"] == key);
    found.unwrap_or_else(|| panic!("{key} is not open: {due}"))["reason"].as_str().unwrap().to_string()
}

/// `favors --json` as (contact, given, received, balance).
fn favors(env: &Env, today: &str, extra: &[&str]) -> Vec<(String, i64, i64, i64)> {
    let mut args = vec!["favors"];
    args.extend_from_slice(extra);
    json_on(env, today, &args)
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["contact"].as_str().unwrap().to_string(),
                b["given"].as_i64().unwrap(),
                b["received"].as_i64().unwrap(),
                b["balance"].as_i64().unwrap(),
            )
        })
        .collect()
}

/// The path to Graphviz's `dot`, installing Debian's `graphviz` when it is missing
/// (CI runs as root on Debian); a machine where that fails cannot run this test.
/// Tests run in parallel: one installs while the others wait, as two `apt-get`s at
/// once fail on dpkg's lock.
fn graphviz() -> &'static str {
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    let present = || Command::new("dot").arg("-V").output().is_ok_and(|o| o.status.success());
    INSTALLED.call_once(|| {
        if present() {
            return;
        }
        let install = || Command::new("apt-get").args(["install", "-y", "-qq", "graphviz"]).output();
        if !install().is_ok_and(|o| o.status.success()) {
            // A fresh machine may not have the package lists yet.
            let _ = Command::new("apt-get").args(["update", "-qq"]).output();
            let _ = install();
        }
    });
    assert!(present(), "this test needs Graphviz's dot: apt-get install graphviz");
    "dot"
}

/// Renders DOT text to SVG with Graphviz; returns the SVG.
fn render_dot(dot: &str) -> String {
    use std::io::Write;
    let mut child = Command::new(graphviz())
        .arg("-Tsvg")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(dot.as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success() && stderr.is_empty(), "dot failed: {stderr}\n{dot}");
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn a_whole_job_search_through_the_binary() {
    let env = Env::new();

    // Met Ada at RustConf and thanked her the next day.
    ok_on(&env, "2026-11-02", &["add", "Ada Lovelace", "--email", "ada@example.com", "--met-at", "RustConf"]);
    ok_on(&env, "2026-11-03", &["log", "ada", "--kind", "thank-you"]);

    // Ada introduces Bob; meeting him makes Ada due for an intro-thanks.
    let out = ok_on(
        &env,
        "2026-11-05",
        &[
            "add",
            "Bob Smith",
            "--email",
            "bob@acme.example",
            "--met-at",
            "Coffee at Acme",
            "--introduced-by",
            "ada",
            "--name-ok",
        ],
    );
    assert_eq!(out, "Added Bob Smith (#2). Thank-you due 2026-11-07.\n");
    assert_eq!(
        due(&env, "2026-11-07", &[]),
        [
            item("intro-thanks-2", "Ada Lovelace", "2026-11-07"),
            item("thank-you-2", "Bob Smith", "2026-11-07")
        ]
    );
    let ada = json_on(&env, "2026-11-07", &["show", "ada"]);
    assert_eq!(ada["introduced"], serde_json::json!([2]));
    assert!(ada["follow_ups"].as_array().unwrap().iter().any(|f| f["key"] == "intro-thanks-2"), "{ada}");
    let page = ok_on(&env, "2026-11-07", &["show", "ada"]);
    assert!(page.contains("introduced:     Bob Smith (#2)"), "{page}");
    assert!(page.contains("[intro-thanks-2]"), "{page}");

    // Bob passes on a lead: due the same day, as his.
    let lead = json_on(
        &env,
        "2026-11-06",
        &[
            "lead",
            "add",
            "Rust Engineer",
            "--company",
            "Acme",
            "--via",
            "bob",
            "--url",
            "https://acme.example/jobs/7",
        ],
    );
    assert_eq!(lead["id"], 1);
    assert_eq!(lead["status"], "open");
    assert_eq!(lead["via"], serde_json::json!([2]));
    assert_eq!(lead["history"], serde_json::json!([{"status": "open", "on": "2026-11-06"}]));
    assert!(due(&env, "2026-11-06", &[]).contains(&item("lead-1", "Bob Smith", "2026-11-06")));

    // Thanking both on the 7th clears the thanks; applying clears the lead.
    ok_on(&env, "2026-11-07", &["log", "ada", "--kind", "thank-you", "--note", "for the introduction"]);
    ok_on(&env, "2026-11-07", &["log", "bob", "--kind", "thank-you"]);
    let out = ok_on(&env, "2026-11-07", &["lead", "status", "1", "applied"]);
    assert_eq!(
        out,
        "Lead #1 (Rust Engineer at Acme): open -> applied. If you hear nothing, a chase is due on 2026-11-14.\n"
    );
    assert!(due(&env, "2026-11-07", &["--within", "3"]).is_empty());

    // An interview: Bob is due for the news within the thank-you window.
    let out = ok_on(&env, "2026-11-16", &["lead", "status", "#1", "interview"]);
    assert!(out.contains("Tell Bob Smith how it went"), "{out}");
    assert_eq!(due(&env, "2026-11-18", &[]), [item("outcome-1-2", "Bob Smith", "2026-11-18")]);
    assert_eq!(
        reason(&env, "2026-11-18", "outcome-1-2"),
        "Interview for Rust Engineer at Acme on 11-16: tell them how it went"
    );
    let done = json_on(&env, "2026-11-18", &["done", "outcome-1-2", "--kind", "call"]);
    assert_eq!(done["interaction"]["kind"], "call");
    assert!(due(&env, "2026-11-18", &["--within", "5"]).is_empty());

    // Hired: Bob again.
    ok_on(&env, "2026-11-25", &["lead", "status", "1", "hired"]);
    assert_eq!(due(&env, "2026-11-27", &[]), [item("outcome-1-2", "Bob Smith", "2026-11-27")]);
    assert_eq!(
        reason(&env, "2026-11-27", "outcome-1-2"),
        "You were hired for Rust Engineer at Acme on 11-25: tell them and thank them"
    );

    // The favour ledger: Bob referred me, I owe him; returning the favour evens it.
    ok_on(
        &env,
        "2026-11-27",
        &["favor", "bob", "--received", "referred me to the hiring manager", "--on", "2026-11-20"],
    );
    assert_eq!(favors(&env, "2026-11-27", &["--owed"]), [("Bob Smith".to_string(), 0, 1, 1)]);
    // The thank-you for the favour counts from the favour, and is long overdue.
    assert!(due(&env, "2026-11-27", &[]).contains(&item("favor-thanks-1", "Bob Smith", "2026-11-22")));
    let out = ok_on(&env, "2026-11-27", &["done", "favor-thanks-1"]);
    assert!(out.starts_with("Done: favor-thanks-1 (Bob Smith). Logged thank-you on 2026-11-27."), "{out}");
    assert!(due(&env, "2026-11-27", &[]).is_empty(), "the thank-you also told Bob about the hire");
    ok_on(&env, "2026-11-28", &["favor", "bob", "--gave", "introduced him to Chloé"]);
    assert!(favors(&env, "2026-11-28", &["--owed"]).is_empty());
    assert_eq!(favors(&env, "2026-11-28", &[]), [("Bob Smith".to_string(), 1, 1, 0)]);

    // Meeting Bob again at a second event a month later: thanked for the first
    // meeting, he is not asked a second thank-you (thank-again-after, 3 months).
    let out = ok_on(
        &env,
        "2026-12-10",
        &["log", "bob", "--kind", "met", "--at", "RustFest Zurich", "--how", "his async talk"],
    );
    assert_eq!(
        out,
        "Logged meeting Bob Smith again at RustFest Zurich on 2026-12-10. Next: check-in on 2027-01-10.\n"
    );
    assert_eq!(due(&env, "2026-12-12", &["--kind", "thank-you"]), []);
    let bob = json_on(&env, "2026-12-10", &["show", "bob"]);
    let meetings: Vec<(&str, &str, Option<&str>)> = bob["interactions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["kind"] == "met")
        .map(|i| (i["on"].as_str().unwrap(), i["at"].as_str().unwrap(), i["how"].as_str()))
        .collect();
    assert_eq!(
        meetings,
        [("2026-12-10", "RustFest Zurich", Some("his async talk")), ("2026-11-05", "Coffee at Acme", None)]
    );
    assert_eq!(bob["met_at"], "Coffee at Acme", "the contact keeps the first meeting");
    assert_eq!(bob["leads"][0]["id"], 1);
    assert_eq!(bob["leads"][0]["status"], "hired");
    assert_eq!(bob["favors"].as_array().unwrap().len(), 2);
    let page = ok_on(&env, "2026-12-10", &["show", "bob"]);
    assert!(page.contains("2026-12-10  met         at RustFest Zurich: his async talk"), "{page}");
    assert!(page.contains("Favours: received 1, gave 1 (even)"), "{page}");
    assert!(page.contains("#1  Rust Engineer at Acme  (hired, since 2026-11-25)"), "{page}");

    // The graph, in both formats, and Graphviz renders it.
    let dot = ok_on(&env, "2026-12-10", &["graph"]);
    assert!(dot.contains("n1 -> n2 [label=\"may use name\"];"), "{dot}");
    let svg = render_dot(&dot);
    assert!(svg.contains("Ada Lovelace") && svg.contains("Bob Smith"), "{svg}");
    let mermaid = ok_on(&env, "2026-12-10", &["graph", "--format", "mermaid"]);
    assert_eq!(
        mermaid,
        "flowchart LR\n    n1[\"Ada Lovelace\"]\n    n2[\"Bob Smith\"]\n    n1 -->|may use name| n2\n"
    );
    let graph = json_on(&env, "2026-12-10", &["graph"]);
    assert_eq!(
        graph,
        serde_json::json!({
            "nodes": [{"id": 1, "name": "Ada Lovelace"}, {"id": 2, "name": "Bob Smith"}],
            "edges": [{"from": 1, "to": 2, "name_ok": true}],
        })
    );

    // Stats, both forms.
    let stats = json_on(&env, "2026-12-10", &["stats"]);
    assert_eq!(stats["contacts"], 2);
    assert_eq!(stats["interactions"], 8);
    assert_eq!(stats["follow_ups"]["open"], 1, "Ada's check-in, a month after the 7th");
    assert_eq!(stats["favor_balance"], serde_json::json!({"given": 1, "received": 1, "balance": 0}));
    assert_eq!(stats["lead_funnel"]["hired"], 1);
    assert_eq!(stats["lead_funnel"]["open"], 0);
    // The chart starts at the first record's month, November.
    let months = stats["interactions_per_month"].as_array().unwrap();
    assert_eq!(months.len(), 2);
    assert_eq!(months[1], serde_json::json!({"month": "2026-12", "count": 1}));
    assert_eq!(months[0], serde_json::json!({"month": "2026-11", "count": 7}));
    // Kept late: the favour's thank-you (due 11-22, sent 11-27).
    assert_eq!(stats["follow_ups"]["done_late"], 1, "{stats}");
    assert!(stats["follow_ups"]["done_on_time"].as_i64().unwrap() >= 4, "{stats}");
    let page = ok_on(&env, "2026-12-10", &["stats"]);
    assert!(page.contains("leads:        0 open, 0 applied, 0 interview, 0 offer, 1 hired"), "{page}");
    assert!(page.contains("  2026-11     7  ████████████████████████████████████████"), "{page}");
    assert!(page.contains("  2026-12     1  ██████\n"), "{page}");

    // A backup carries all of it, and a restore gives back the same document.
    let backup = ok_on(&env, "2026-12-10", &["export", "json"]);
    let document = parse_json(&backup);
    assert_eq!(document["leads"][0]["history"].as_array().unwrap().len(), 4);
    assert_eq!(document["favors"].as_array().unwrap().len(), 2);
    let copy = Env::new();
    std::fs::write(copy.dir().join("backup.json"), &backup).unwrap();
    ok_on(&copy, "2026-12-10", &["import", "backup.json"]);
    assert_eq!(ok_on(&copy, "2026-12-10", &["export", "json"]), backup);
    assert_eq!(json_on(&copy, "2026-12-10", &["stats"]), stats);
    assert_eq!(due(&copy, "2026-12-10", &["--within", "30"]), due(&env, "2026-12-10", &["--within", "30"]));
}

#[test]
fn a_lead_without_via_is_due_for_no_one_and_done_logs_nothing() {
    let env = Env::new();
    let lead = json_on(&env, "2026-11-22", &["lead", "add", "Data analyst", "--note", "closes Friday"]);
    assert_eq!(lead["via"], serde_json::json!([]));
    let listed = json_on(&env, "2026-11-22", &["due"]);
    assert_eq!(listed[0]["key"], "lead-1");
    assert_eq!(listed[0]["contact"], Value::Null);
    assert_eq!(listed[0]["contact_id"], Value::Null);
    ok_on(&env, "2026-11-22", &["snooze", "lead-1", "--for", "1d"]);
    assert!(due(&env, "2026-11-22", &[]).is_empty());
    let done = json_on(&env, "2026-11-23", &["done", "lead-1"]);
    assert_eq!(done["interaction"], Value::Null);
    assert!(due(&env, "2026-11-23", &["--within", "30"]).is_empty());
}

#[test]
fn lead_status_errors_and_repeats() {
    let env = Env::new();
    env.add("Bob Smith", &[]);
    env.json(["lead", "add", "Rust Engineer", "--via", "bob"]);
    // An unknown status is the parser's error, listing the valid ones.
    let stderr = env.fails(["lead", "status", "1", "interviewing"], 2, "interviewing");
    for status in ["open", "applied", "interview", "offer", "hired", "rejected", "closed"] {
        assert!(stderr.contains(status), "{stderr}");
    }
    env.fails(["lead", "status", "9", "applied"], 1, "'9'");
    env.fails(["lead", "status", "abc", "applied"], 1, "'abc'");
    env.fails(["lead", "add", "  "], 1, "title");
    env.fails(["lead", "add", "Rust Engineer", "--via", "nobody"], 1, "'nobody'");
    // Setting the current status again warns and changes nothing.
    let (stdout, stderr) = succeeds_with_stderr(&mut env.cmd(["--json", "lead", "status", "1", "open"]));
    assert!(stderr.contains("warning: lead #1 is already open; nothing changed"), "{stderr}");
    assert_eq!(parse_json(&stdout)["history"].as_array().unwrap().len(), 1);
    assert_eq!(env.json(["lead", "list"]).as_array().unwrap().len(), 1);
}

#[test]
fn lead_list_filters_by_status_newest_first() {
    let env = Env::new();
    env.add("Bob Smith", &[]);
    env.json(["lead", "add", "First", "--via", "bob"]);
    env.json(["lead", "add", "Second", "--company", "Acme"]);
    env.ok(["lead", "status", "1", "applied"]);
    let titles = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["lead", "list"];
        all.extend_from_slice(args);
        env.json(all).as_array().unwrap().iter().map(|l| l["title"].as_str().unwrap().to_string()).collect()
    };
    assert_eq!(titles(&[]), ["Second", "First"]);
    assert_eq!(titles(&["--status", "applied"]), ["First"]);
    let table = env.ok(["lead", "list"]);
    assert!(table.starts_with("id   title    company   status    via         since"), "{table}");
    assert!(table.contains("1    First              applied   Bob Smith   2026-11-22"), "{table}");
    assert_eq!(env.ok(["lead", "list", "--status", "offer"]), "No leads are offer.\n");
}

#[test]
fn favor_errors_name_the_bad_value() {
    let env = Env::new();
    env.add("Bob Smith", &[]);
    env.fails(["favor", "bob"], 2, "--gave");
    env.fails(["favor", "bob", "--gave", "a", "--received", "b"], 2, "--received");
    env.fails(["favor", "nobody", "--gave", "a"], 1, "'nobody'");
    env.fails(["favor", "bob", "--gave", " "], 1, "favour");
    let stderr = env.fails(["favor", "bob", "--received", "a referral", "--on", "tomorrow"], 1, "2026-11-23");
    assert!(stderr.contains("netcrm remind"), "{stderr}");
    assert!(env.json(["favors"]).as_array().unwrap().is_empty());
    let favor = env.json(["favor", "bob", "--received", "a referral", "--on", "yesterday"]);
    assert_eq!(
        favor,
        serde_json::json!({"id": 1, "contact_id": 1, "direction": "received", "what": "a referral", "on": "2026-11-21"})
    );
}

#[test]
fn favors_owed_lists_positive_balances_largest_first() {
    let env = Env::new();
    for name in ["Ada Lovelace", "Bob Smith", "Chloé Dupont", "Dan Brown"] {
        env.add(name, &[]);
    }
    for (who, direction) in [
        ("ada", "--received"),
        ("bob", "--received"),
        ("bob", "--received"),
        ("chloé", "--gave"),
        ("ada", "--gave"),
    ] {
        env.ok(["favor", who, direction, "something"]);
    }
    let owed: Vec<String> = favors(&env, "2026-11-22", &["--owed"]).into_iter().map(|b| b.0).collect();
    assert_eq!(owed, ["Bob Smith"]);
    assert_eq!(
        favors(&env, "2026-11-22", &[]),
        [
            ("Ada Lovelace".to_string(), 1, 1, 0),
            ("Bob Smith".to_string(), 0, 2, 2),
            ("Chloé Dupont".to_string(), 1, 0, -1),
        ],
        "Dan has no favours and is left out"
    );
    let table = env.ok(["favors"]);
    assert!(table.contains("Chloé Dupont   1       0          -1"), "{table}");
    assert_eq!(Env::new().ok(["favors", "--owed"]), "You owe no one a favour.\n");
}

#[test]
fn removing_people_keeps_introductions_leads_and_drops_their_favours() {
    let env = Env::new();
    env.add("Ada Lovelace", &[]);
    env.add("Bob Smith", &["--introduced-by", "ada"]);
    env.add("Chloé Dupont", &[]);
    env.json(["lead", "add", "Rust Engineer", "--via", "ada", "--via", "chloé"]);
    env.ok(["favor", "ada", "--received", "an introduction"]);
    env.ok(["rm", "ada", "--yes"]);
    let bob = env.show("bob");
    assert_eq!(bob["introduced_by"], Value::Null);
    let leads = env.json(["lead", "list"]);
    assert_eq!(leads[0]["via"], serde_json::json!([3]), "the lead stays, without Ada");
    assert!(env.json(["favors"]).as_array().unwrap().is_empty());
    // The lead's item now belongs to Chloé.
    let due = env.json(["due"]);
    let lead = due.as_array().unwrap().iter().find(|f| f["key"] == "lead-1").unwrap();
    assert_eq!(lead["contact"], "Chloé Dupont");
}

#[test]
fn a_done_lead_stays_done_when_its_first_helper_is_removed() {
    let env = Env::new();
    env.add("Ada Lovelace", &["--no-thank-you"]);
    env.add("Bob Smith", &["--no-thank-you"]);
    env.json(["lead", "add", "Rust Engineer", "--via", "ada", "--via", "bob"]);
    env.ok(["done", "lead-1"]);
    env.ok(["rm", "ada", "--yes"]);
    assert!(env.json(["due"]).as_array().unwrap().is_empty());
}

#[test]
fn merge_keeps_each_meeting_with_its_own_place_and_moves_leads_and_favours() {
    let env = Env::new();
    ok_on(&env, "2026-11-01", &["add", "Bob Smith", "--met-at", "RustConf", "--how", "compilers"]);
    ok_on(&env, "2026-11-20", &["add", "Robert Smith", "--met-at", "PyCon"]);
    ok_on(&env, "2026-11-20", &["lead", "add", "Rust Engineer", "--via", "robert", "--via", "bob"]);
    ok_on(&env, "2026-11-20", &["favor", "robert", "--received", "a referral"]);
    ok_on(&env, "2026-11-21", &["merge", "bob", "robert"]);
    let bob = json_on(&env, "2026-11-21", &["show", "bob"]);
    let meetings: Vec<(&str, &str)> = bob["interactions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["kind"] == "met")
        .map(|i| (i["on"].as_str().unwrap(), i["at"].as_str().unwrap()))
        .collect();
    assert_eq!(meetings, [("2026-11-20", "PyCon"), ("2026-11-01", "RustConf")]);
    // The second meeting came within thank-again-after of the first, whose thank-you
    // is still owed: it names the first meeting's place with its own date.
    assert_eq!(
        reason(&env, "2026-11-21", "thank-you-1"),
        "Met at RustConf on 2026-11-01: send a thank-you note"
    );
    assert_eq!(bob["leads"][0]["via"], serde_json::json!([1]));
    assert_eq!(bob["favors"][0]["contact_id"], 1);
    assert!(due(&env, "2026-11-22", &[]).contains(&item("favor-thanks-1", "Bob Smith", "2026-11-22")));
}

#[test]
fn merge_carries_a_snoozed_outcome_to_the_kept_contact() {
    let env = Env::new();
    ok_on(&env, "2026-11-01", &["add", "Bob Smith", "--no-thank-you"]);
    ok_on(&env, "2026-11-01", &["add", "Robert Smith", "--no-thank-you"]);
    ok_on(&env, "2026-11-01", &["lead", "add", "Rust Engineer", "--via", "robert"]);
    ok_on(&env, "2026-11-01", &["done", "lead-1"]);
    ok_on(&env, "2026-11-10", &["lead", "status", "1", "interview"]);
    ok_on(&env, "2026-11-10", &["snooze", "outcome-1-2", "--until", "2026-11-20"]);
    ok_on(&env, "2026-11-13", &["merge", "bob", "robert"]);
    // The item is Bob's now, under his key, and still snoozed until the 20th.
    let open = json_on(&env, "2026-11-13", &["show", "bob"])["follow_ups"].clone();
    let outcome = open.as_array().unwrap().iter().find(|f| f["kind"] == "outcome").unwrap().clone();
    assert_eq!(outcome["key"], "outcome-1-1");
    assert!(due(&env, "2026-11-13", &["--within", "5"]).is_empty());
    assert_eq!(due(&env, "2026-11-20", &[]), [item("outcome-1-1", "Bob Smith", "2026-11-12")]);
}

#[test]
fn add_with_an_existing_name_points_at_log_kind_met() {
    let env = Env::new();
    env.add("Ada Lovelace", &[]);
    let (_, stderr) = succeeds_with_stderr(&mut env.cmd(["add", "ada lovelace"]));
    assert!(stderr.contains("netcrm log 1 --kind met"), "{stderr}");
}

#[test]
fn edit_changes_the_first_meeting_not_a_later_one() {
    let env = Env::new();
    ok_on(&env, "2026-11-01", &["add", "Bob Smith", "--met-at", "RustConf"]);
    ok_on(&env, "2026-11-20", &["log", "bob", "--kind", "met", "--at", "PyCon"]);
    ok_on(&env, "2026-11-21", &["edit", "bob", "--met-at", "RustConf Berlin", "--met-on", "2026-11-02"]);
    let bob = json_on(&env, "2026-11-21", &["show", "bob"]);
    let meetings: Vec<(&str, &str)> = bob["interactions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["on"].as_str().unwrap(), i["at"].as_str().unwrap()))
        .collect();
    assert_eq!(meetings, [("2026-11-20", "PyCon"), ("2026-11-02", "RustConf Berlin")]);
}

#[test]
fn graph_quotes_awkward_names_for_graphviz_and_mermaid() {
    let env = Env::new();
    let awkward = "Bob \"The Builder\" [CEO] \\o/ #1 <b>&";
    env.add("陈大文", &[]);
    env.add(awkward, &["--introduced-by", "陈大文"]);
    env.add("Zoë\u{1b}]0;pwned\u{7}", &["--introduced-by", "1", "--name-ok"]);
    // Only people in an introduction are nodes.
    env.add("Nobody Special", &[]);
    let dot = env.ok(["graph"]);
    assert!(!dot.contains('\u{1b}') && !dot.contains('\u{7}'), "{dot:?}");
    assert!(!dot.contains("Nobody"), "{dot}");
    let svg = render_dot(&dot);
    assert!(svg.contains("陈大文"), "{svg}");
    assert!(svg.contains("Bob &quot;The Builder&quot; [CEO] \\o/ #1 &lt;b&gt;&amp;"), "{svg}");
    assert!(svg.contains("Zoë\\x1b]0;pwned\\x07"), "{svg}");
    let mermaid = env.ok(["graph", "--format", "mermaid"]);
    assert!(
        mermaid.contains("n2[\"Bob #34;The Builder#34; [CEO] #92;o/ #35;1 #60;b#62;#38;\"]"),
        "{mermaid}"
    );
    assert!(mermaid.contains("n1 -->|may use name| n3"), "{mermaid}");
    // JSON keeps the names exactly.
    assert_eq!(env.json(["graph"])["nodes"][1]["name"], awkward);
}

#[test]
fn an_empty_network_gives_an_empty_graph_and_quiet_stats() {
    let env = Env::new();
    let dot = env.ok(["graph"]);
    render_dot(&dot);
    assert_eq!(env.ok(["graph", "--format", "mermaid"]), "flowchart LR\n");
    let stats = env.json(["stats"]);
    assert_eq!(stats["contacts"], 0);
    assert_eq!(
        stats["follow_ups"],
        serde_json::json!({"open": 0, "overdue": 0, "done_on_time": 0, "done_late": 0})
    );
    assert_eq!(stats["neglected"], serde_json::json!([]));
    assert_eq!(stats["goals"], serde_json::json!([]));
    let keys: Vec<&str> = stats.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "contacts",
            "interactions",
            "follow_ups",
            "interactions_per_month",
            "neglected",
            "favor_balance",
            "lead_funnel",
            "goals"
        ]
    );
    let page = env.ok(["stats"]);
    assert!(page.contains("Neglected: no one"), "{page}");
}

#[test]
fn stats_lists_neglected_contacts() {
    let env = Env::new();
    ok_on(&env, "2026-09-01", &["add", "Ada Lovelace", "--no-thank-you"]);
    ok_on(&env, "2026-11-01", &["add", "Bob Smith", "--no-thank-you"]);
    let stats = json_on(&env, "2026-11-22", &["stats"]);
    // Ada's check-in was due on 2026-10-01: 52 days overdue; Bob's is not due yet.
    assert_eq!(
        stats["neglected"],
        serde_json::json!([{"contact_id": 1, "contact": "Ada Lovelace", "due_on": "2026-10-01", "days_overdue": 52}])
    );
    assert_eq!(stats["follow_ups"]["open"], 1);
    assert_eq!(stats["follow_ups"]["overdue"], 1);
    let page = ok_on(&env, "2026-11-22", &["stats"]);
    assert!(page.contains("  Ada Lovelace (#1)  52 days overdue"), "{page}");
}

#[test]
fn log_kind_met_in_the_future_is_refused_and_writes_nothing() {
    let env = Env::new();
    env.add("Ada Lovelace", &[]);
    fails(&mut env.cmd(["log", "ada", "--kind", "met", "--at", "PyCon", "--on", "+2d"]), 1, "netcrm remind");
    assert_eq!(env.show("ada")["interactions"].as_array().unwrap().len(), 1);
}
