//! Ties and reach (DESIGN.md "Ties and reach"): `path` through an introducer, a
//! colleague and a mail thread (a Maildir written by Python's `mailbox` module), a
//! rescan that changes no score, undo of the scan removing its links, `draft --path`
//! and `target add|list|rm`. TODAY is 2026-11-22.

use serde_json::{Value, json};

use crate::support::*;

/// Priya (8 interactions this year, the last 3 weeks ago), who introduced Tomás at
/// Contoso (met long ago: no direct route); Ana at CONTOSO (met 12 days ago); Bo at
/// Contoso Ltd (another company); Wen, whom you see often, with no link to Contoso.
fn network() -> Env {
    let env = Env::new();
    env.add("Priya Raman", &["--email", "priya@initech.example", "--met-on", "2026-03-01"]);
    for on in
        ["2026-04-01", "2026-05-01", "2026-06-01", "2026-07-01", "2026-08-01", "2026-09-01", "2026-11-01"]
    {
        env.ok(["log", "priya", "--kind", "call", "--on", on]);
    }
    env.add(
        "Tomás Ortega",
        &[
            "--company",
            "Contoso",
            "--introduced-by",
            "priya",
            "--met-on",
            "2025-01-10",
            "--email",
            "tomas@mail.contoso.example",
        ],
    );
    env.add("Ana Lima", &["--company", "CONTOSO", "--met-on", "2026-11-10"]);
    env.add("Bo Chen", &["--company", "Contoso Ltd", "--met-on", "2025-02-01"]);
    env.add("Wen Li", &["--email", "wen@fabrikam.example", "--met-on", "2026-11-15"]);
    env
}

fn routes(env: &Env, args: &[&str]) -> Vec<(f64, Vec<i64>, i64)> {
    let mut argv = vec!["path"];
    argv.extend_from_slice(args);
    env.json(argv)
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let via = r["via"].as_array().unwrap().iter().map(|v| v.as_i64().unwrap()).collect();
            (r["score"].as_f64().unwrap(), via, r["target"].as_i64().unwrap())
        })
        .collect()
}

#[test]
fn path_goes_through_the_introducer_and_explains_it() {
    let env = network();
    assert_eq!(
        env.ok(["path", "tomás"]),
        "0.77  you -> Priya Raman (strong: 8 interactions this year, last 3 weeks ago) -> Tomás Ortega at Contoso (Priya introduced you)\n\
         0.10  you -> Ana Lima (medium: 1 interaction this year, last 12 days ago) -> Tomás Ortega at Contoso (both at Contoso)\n"
    );
    let json = env.json(["path", "tomás"]);
    assert_eq!(json[0]["score"], json!(0.7694));
    assert_eq!(json[0]["via"], json!([1]));
    assert_eq!(json[0]["target"], json!(2));
    assert!(json[0]["why"].as_str().unwrap().ends_with("(Priya introduced you)"), "{json}");
}

#[test]
fn path_through_a_colleague_at_the_same_company_folded() {
    let env = network();
    // Ana and Tomás: "CONTOSO" is "Contoso"; Bo's "Contoso Ltd" is another company.
    assert_eq!(routes(&env, &["tomás"])[1], (0.1035, vec![3], 2));
    assert!(routes(&env, &["bo"]).is_empty());
    assert_eq!(env.ok(["path", "bo"]), "No warm route to Bo Chen.\n");
}

#[test]
fn path_to_a_company_lists_everyone_there_best_first_and_limited() {
    let env = network();
    let found = routes(&env, &["--company", "contoso"]);
    assert_eq!(
        found,
        vec![(0.7694, vec![1], 2), (0.2069, vec![], 3), (0.1035, vec![3], 2)],
        "Bo (met 2025, nothing since) has no route"
    );
    assert_eq!(routes(&env, &["--company", "contoso", "--limit", "1"]), vec![(0.7694, vec![1], 2)]);
    // A domain: e-mails there or at a subdomain, besides companies containing it.
    let tomas = vec![(0.7694, vec![1], 2), (0.1035, vec![3], 2)];
    assert_eq!(routes(&env, &["--company", "contoso.example"]), tomas);
    assert_eq!(routes(&env, &["--company", "@Contoso.Example"]), tomas);
    assert_eq!(routes(&env, &["--company", "https://www.contoso.example/jobs"]), vec![]);
    assert_eq!(env.ok(["path", "--company", "Globex"]), "No warm route to Globex.\n");
    assert_eq!(env.json(["path", "--company", "Globex"]), json!([]));
}

/// Writes a Maildir with Python's `mailbox` module: `messages` as (From, To, Cc,
/// Date, Subject, Message-ID).
fn maildir(env: &Env, name: &str, messages: &[(&str, &str, &str, &str, &str, &str)]) -> String {
    let dir = env.dir().join(name);
    let rows: Vec<Value> = messages.iter().map(|m| json!([m.0, m.1, m.2, m.3, m.4, m.5])).collect();
    let program = "import json, mailbox, sys\n\
        from email.message import EmailMessage\n\
        box = mailbox.Maildir(sys.argv[1], create=True)\n\
        for f, t, c, d, s, i in json.loads(sys.argv[2]):\n\
        \x20   m = EmailMessage()\n\
        \x20   m['From'] = f\n\
        \x20   m['To'] = t\n\
        \x20   if c: m['Cc'] = c\n\
        \x20   m['Date'] = d\n\
        \x20   m['Subject'] = s\n\
        \x20   m['Message-ID'] = i\n\
        \x20   m.set_content('hello')\n\
        \x20   box.add(mailbox.MaildirMessage(m))\n";
    let status = std::process::Command::new("python3")
        .arg("-c")
        .arg(program)
        .arg(&dir)
        .arg(Value::Array(rows).to_string())
        .status()
        .expect("python3 runs");
    assert!(status.success(), "python3 failed");
    dir.to_str().unwrap().to_string()
}

/// A thread with Wen and Bo (you wrote to both, Bo replied to all, Wen wrote to you
/// both again), and one message to Wen alone.
fn thread(env: &Env) -> String {
    maildir(
        env,
        "Mail",
        &[
            (
                "me@home.example",
                "wen@fabrikam.example",
                "bo@contoso-ltd.example",
                "Mon, 02 Nov 2026 10:00:00 +0000",
                "Lunch?",
                "<1@home.example>",
            ),
            (
                "bo@contoso-ltd.example",
                "me@home.example",
                "wen@fabrikam.example",
                "Tue, 03 Nov 2026 10:00:00 +0000",
                "Re: Lunch?",
                "<2@contoso-ltd.example>",
            ),
            (
                "wen@fabrikam.example",
                "me@home.example, bo@contoso-ltd.example",
                "",
                "Wed, 04 Nov 2026 10:00:00 +0000",
                "Re: Lunch?",
                "<3@fabrikam.example>",
            ),
            (
                "me@home.example",
                "wen@fabrikam.example",
                "",
                "Thu, 05 Nov 2026 10:00:00 +0000",
                "Slides",
                "<4@home.example>",
            ),
        ],
    )
}

#[test]
fn path_through_a_mail_thread_and_a_rescan_changes_no_score() {
    let env = network();
    env.ok(["edit", "bo", "--email", "bo@contoso-ltd.example"]);
    let mail = thread(&env);
    assert!(routes(&env, &["bo"]).is_empty());
    env.ok(["scan", &mail, "--me", "me@home.example"]);
    // Wen: met 7 days ago and 4 messages (5 interactions, last 17 days ago); Bo and Wen
    // share 3 messages: a full link.
    let before = routes(&env, &["bo"]);
    assert_eq!(before.len(), 2, "{before:?}");
    assert_eq!(before[0].1, vec![5], "through Wen first: {before:?}");
    let why = env.json(["path", "bo"])[0]["why"].as_str().unwrap().to_string();
    assert!(
        why.ends_with("-> Bo Chen at Contoso Ltd (on 3 messages or meetings together, last 2026-11-04)"),
        "{why}"
    );

    let steps = env.json(["undo", "--list"]).as_array().unwrap().len();
    let (stdout, _) = succeeds_with_stderr(&mut env.cmd(["scan", &mail]));
    assert!(stdout.contains("logged 0 interactions"), "{stdout}");
    assert_eq!(routes(&env, &["bo"]), before, "a rescan changes no score");
    assert_eq!(env.json(["undo", "--list"]).as_array().unwrap().len(), steps, "a rescan is no undo step");

    // Colleagues too: every kind of link is named, the strongest first.
    env.ok(["edit", "wen", "--company", "CONTOSO  ltd"]);
    let why = env.json(["path", "bo"])[0]["why"].as_str().unwrap().to_string();
    assert!(
        why.ends_with("(on 3 messages or meetings together, last 2026-11-04; both at Contoso Ltd)"),
        "{why}"
    );
}

#[test]
fn undo_of_a_scan_removes_its_mail_links() {
    let env = network();
    env.ok(["edit", "bo", "--email", "bo@contoso-ltd.example"]);
    let mail = thread(&env);
    env.ok(["scan", &mail, "--me", "me@home.example"]);
    assert!(routes(&env, &["bo"]).iter().any(|(_, via, _)| via == &vec![5]));
    let undone = env.ok(["undo"]);
    assert!(undone.starts_with("Undid: scan"), "{undone}");
    assert!(routes(&env, &["bo"]).is_empty(), "the mail link went with the scan");
    // And scanned again, it comes back the same.
    env.ok(["scan", &mail]);
    assert!(routes(&env, &["bo"]).iter().any(|(_, via, _)| via == &vec![5]));
}

#[test]
fn draft_path_asks_the_introducer_and_warns_when_nothing_links_them() {
    let env = network();
    let draft = env.json(["draft", "--path", "tomás", "--via", "priya"]);
    assert_eq!(draft["key"], json!(null));
    assert_eq!(draft["to"], json!("priya@initech.example"));
    assert_eq!(draft["subject"], json!("Could you introduce me to Tomás Ortega?"));
    let body = draft["body"].as_str().unwrap();
    assert!(body.starts_with("Hi Priya,") && body.contains("opportunities at Contoso"), "{body}");
    let (stdout, stderr) = succeeds_with_stderr(&mut env.cmd(["draft", "--path", "tomás", "--via", "priya"]));
    assert!(
        stdout.starts_with(
            "To: priya@initech.example\nSubject: Could you introduce me to Tomás Ortega?\n\nHi Priya,"
        ),
        "{stdout}"
    );
    assert_eq!(stderr, "");
    let (_, stderr) = succeeds_with_stderr(&mut env.cmd(["draft", "--path", "tomás", "--via", "wen"]));
    assert!(stderr.starts_with("warning: nothing links Wen Li to Tomás Ortega"), "{stderr}");
    env.fails(["draft", "--path", "tomás"], 2, "--via");
    env.fails(
        ["draft", "--path", "tomás", "--via", "ana", "--mailto"],
        1,
        "Ana Lima, who has no e-mail address",
    );
    // Into a Maildir, as for a follow-up's draft.
    env.ok(["config", "set", "my-addresses", "me@home.example"]);
    let written = env.json(["draft", "--path", "tomás", "--via", "priya", "--maildir", "Drafts"]);
    assert_eq!(written["key"], json!(null));
    let file = std::path::PathBuf::from(written["file"].as_str().unwrap());
    assert!(file.parent().unwrap().ends_with("Drafts/cur"), "{written}");
    let message = std::fs::read_to_string(&file).unwrap();
    assert!(
        message.contains("To: \"Priya Raman\" <priya@initech.example>")
            || message.contains("To: Priya Raman <priya@initech.example>"),
        "{message}"
    );
}

#[test]
fn targets_rank_by_the_best_route_with_advocates_leads_and_last_touch() {
    let env = network();
    env.ok(["target", "add", "Globex"]);
    env.ok(["target", "add", "Contoso", "--note", "platform team"]);
    assert_eq!(
        env.ok(["target", "add", "CONTOSO", "--note", "the platform team"]),
        "Updated the note of Contoso.\n"
    );
    assert_eq!(env.ok(["target", "add", "contoso"]), "Contoso is one of your targets already.\n");
    env.ok(["lead", "add", "Rust Engineer", "--company", "Contoso Ltd"]);
    env.ok(["lead", "add", "Old job", "--company", "Contoso"]);
    env.ok(["lead", "status", "2", "closed"]);
    let list = env.json(["target", "list"]);
    assert_eq!(
        list,
        json!([
            {"company": "Contoso", "note": "the platform team", "advocates": [2, 3, 4],
             "best": {"score": 0.7694, "via": [1], "target": 2,
                      "why": "you -> Priya Raman (strong: 8 interactions this year, last 3 weeks ago) -> Tomás Ortega at Contoso (Priya introduced you)"},
             "open_leads": [1], "last_touch": "2026-11-10"},
            {"company": "Globex", "note": null, "advocates": [], "best": null, "open_leads": [], "last_touch": null}
        ])
    );
    let shown = env.ok(["target", "list"]);
    assert!(shown.starts_with("Contoso: 3 contacts there, 1 open lead, last touch 2026-11-10 (the platform team)\n  best: 0.77  you -> Priya"), "{shown}");
    assert!(
        shown.contains("Globex: 0 contacts there, 0 open leads, never in touch\n  best: no warm route yet\n"),
        "{shown}"
    );
    assert_eq!(env.ok(["target", "rm", "globex"]), "Removed Globex from your targets.\n");
    env.fails(["target", "rm", "Globex"], 1, "'Globex' is not one of your targets");
    env.ok(["undo"]);
    assert_eq!(env.json(["target", "list"]).as_array().unwrap().len(), 2, "undo brings it back");
}

#[test]
fn removing_or_moving_a_scanned_interaction_updates_the_links() {
    let env = network();
    env.ok(["edit", "bo", "--email", "bo@contoso-ltd.example"]);
    let mail = thread(&env);
    env.ok(["scan", &mail, "--me", "me@home.example"]);
    let shared = |env: &Env| {
        let why = env.json(["path", "bo"])[0]["why"].as_str().unwrap().to_string();
        why.rsplit_once("(on ").map(|(_, rest)| rest.split(' ').next().unwrap().to_string())
    };
    assert_eq!(shared(&env).as_deref(), Some("3"));
    // Bo's interaction from the first message, logged by mistake: two messages left.
    let bo = env.show("bo");
    let first =
        bo["interactions"].as_array().unwrap().iter().find(|i| i["source"] == "<1@home.example>").unwrap();
    env.ok(["log", "--rm", &first["id"].to_string()]);
    assert_eq!(shared(&env).as_deref(), Some("2"));
    env.ok(["undo"]);
    assert_eq!(shared(&env).as_deref(), Some("3"));
}

#[test]
fn the_backup_carries_the_targets_and_a_restore_relinks_the_scanned_mail() {
    let env = network();
    env.ok(["edit", "bo", "--email", "bo@contoso-ltd.example"]);
    let mail = thread(&env);
    env.ok(["scan", &mail, "--me", "me@home.example"]);
    env.ok(["target", "add", "Contoso", "--note", "platform team"]);
    let backup = env.ok(["export", "json"]);
    let document: Value = serde_json::from_str(&backup).unwrap();
    assert_eq!(
        document["targets"],
        json!([{"company": "Contoso", "note": "platform team", "added_on": TODAY}])
    );
    let file = env.dir().join("backup.json");
    std::fs::write(&file, &backup).unwrap();
    let restored = Env::new();
    restored.ok(["import", file.to_str().unwrap()]);
    assert_eq!(restored.json(["target", "list"]), env.json(["target", "list"]));
    assert_eq!(
        restored.json(["path", "bo"]),
        env.json(["path", "bo"]),
        "the mail links come back from the sources"
    );
    assert_eq!(restored.ok(["export", "json"]), backup);
}

#[test]
fn names_with_control_characters_are_shown_visibly_in_routes() {
    let env = Env::new();
    env.add("Eve\u{1b}[31m Red", &["--company", "Evil\u{7}Corp", "--met-on", "2026-11-20"]);
    let shown = env.ok(["path", "--company", "evil"]);
    assert!(!shown.contains('\u{1b}') && !shown.contains('\u{7}'), "{shown:?}");
    assert!(shown.contains("Eve\\x1b[31m Red"), "{shown}");
    env.ok(["target", "add", "Evil\u{7}Corp"]);
    let listed = env.ok(["target", "list"]);
    assert!(!listed.contains('\u{1b}') && !listed.contains('\u{7}'), "{listed:?}");
    // JSON keeps them.
    assert!(env.json(["path", "--company", "evil"])[0]["why"].as_str().unwrap().contains('\u{1b}'));
}
