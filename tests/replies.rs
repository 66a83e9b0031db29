//! Replies (DESIGN.md "Rhythm"): `scan` records which way each message went and which
//! mail you sent waits for a reply; `due` shows a `no-reply` item `no-reply-after`
//! later until any later exchange; `log --kind email --awaiting-reply` does the same by
//! hand. The Maildirs are written by Python's `mailbox` module, an independent writer.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::support::*;

/// The day the scans run (a Saturday).
const SCAN_DAY: &str = "2026-12-05";

/// Writes a Maildir at `dir` holding one message per `(id, from, to, cc, date,
/// subject)`, with Python's `mailbox` module (dates in ISO 8601, written as RFC 5322
/// dates by Python's `email.utils`).
fn maildir(dir: &Path, messages: &[(&str, &str, &str, &str, &str, &str)]) -> PathBuf {
    let script = r#"
import json, mailbox, sys
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime
box = mailbox.Maildir(sys.argv[1], create=True)
for (mid, frm, to, cc, date, subject) in json.loads(sys.argv[2]):
    m = EmailMessage()
    m["Message-ID"] = "<" + mid + ">"
    m["From"] = frm
    m["To"] = to
    if cc:
        m["Cc"] = cc
    m["Date"] = format_datetime(datetime.fromisoformat(date))
    m["Subject"] = subject
    m.set_content("body\n")
    box.add(mailbox.MaildirMessage(m))
"#;
    let list: Vec<Value> = messages.iter().map(|m| json!([m.0, m.1, m.2, m.3, m.4, m.5])).collect();
    let status = std::process::Command::new("python3")
        .args(["-c", script, dir.to_str().unwrap(), &serde_json::to_string(&list).unwrap()])
        .status()
        .expect("python3 runs");
    assert!(status.success(), "python3 could not write the Maildir");
    dir.to_path_buf()
}

/// Ada (at Contoso) and Bob, neither owed a thank-you nor a check-in.
fn ada_and_bob(env: &Env) {
    for (name, email, company) in
        [("Ada Lovelace", "ada@example.com", "Contoso"), ("Bob Babbage", "bob@example.com", "Initech")]
    {
        ok_on(
            env,
            "2026-06-01",
            &["add", name, "--email", email, "--company", company, "--no-thank-you", "--cadence", "none"],
        );
    }
}

/// (kind, direction, awaiting_reply, note) of each scanned interaction, oldest first.
fn scanned(env: &Env, contact: &str, today: &str) -> Vec<(String, Value, bool, Value)> {
    let shown = json_on(env, today, &["show", contact]);
    let mut rows: Vec<_> = shown["interactions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| !i["source"].is_null())
        .map(|i| {
            (
                i["kind"].as_str().unwrap().to_string(),
                i["direction"].clone(),
                i["awaiting_reply"].as_bool().unwrap(),
                i["note"].clone(),
            )
        })
        .collect();
    rows.reverse();
    rows
}

/// (key, due_on, contact) of the no-reply items `due --within` shows on `today`.
fn waits(env: &Env, today: &str, within: &str) -> Vec<(String, String, String)> {
    let due = json_on(env, today, &["due", "--kind", "no-reply", "--within", within, "--sort", "date"]);
    due.as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["key"].as_str().unwrap().to_string(),
                f["due_on"].as_str().unwrap().to_string(),
                f["contact"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn one_mailbox(env: &Env) -> PathBuf {
    maildir(
        &env.dir().join("Maildir"),
        &[
            // Sent to Ada (To) and Bob (Cc) on 11-30; Ada answers on 12-02: settled.
            (
                "s1@me",
                "Me <me@example.com>",
                "Ada <ada@example.com>",
                "bob@example.com",
                "2026-11-30T09:00:00+00:00",
                "Referral at Contoso?",
            ),
            (
                "r1@ada",
                "Ada <ada@example.com>",
                "me@example.com",
                "",
                "2026-12-02T10:00:00+00:00",
                "Re: Referral at Contoso?",
            ),
            // Sent to Bob on 12-01 (after the one he was in Cc of), unanswered: a wait.
            (
                "s2@me",
                "me@example.com",
                "bob@example.com",
                "",
                "2026-12-01T08:00:00+00:00",
                "Coffee next week?",
            ),
            // Sent to Ada long ago, unanswered: older than 30 days, never a wait.
            ("s3@me", "me@example.com", "ada@example.com", "", "2026-09-01T08:00:00+00:00", "Old news"),
            // A third person wrote to Ada and you: cc for Ada.
            (
                "c1@x",
                "carol@other.org",
                "ada@example.com, me@example.com",
                "",
                "2026-12-03T08:00:00+00:00",
                "Intro",
            ),
        ],
    )
}

#[test]
fn scan_records_directions_and_only_recent_mail_you_sent_to_someone_waits_for_a_reply() {
    let env = Env::new();
    ada_and_bob(&env);
    let mail = one_mailbox(&env);
    ok_on(&env, SCAN_DAY, &["scan", mail.to_str().unwrap(), "--me", "me@example.com"]);
    assert_eq!(
        scanned(&env, "ada", SCAN_DAY),
        [
            ("email".into(), json!("sent"), false, json!("Old news")),
            ("email".into(), json!("sent"), true, json!("Referral at Contoso?")),
            ("email".into(), json!("received"), false, json!("Re: Referral at Contoso?")),
            ("email".into(), json!("cc"), false, json!("Intro")),
        ]
    );
    // Bob was in Cc of the first message: sent, but no reply is awaited from him there.
    assert_eq!(
        scanned(&env, "bob", SCAN_DAY),
        [
            ("email".into(), json!("sent"), false, json!("Referral at Contoso?")),
            ("email".into(), json!("sent"), true, json!("Coffee next week?")),
        ]
    );
    // Ada answered; Bob's wait is due a week after 12-01, and it names the message.
    assert_eq!(
        waits(&env, SCAN_DAY, "30"),
        [(format!("no-reply-{}", bob_wait_id(&env)), "2026-12-08".to_string(), "Bob Babbage".to_string())]
    );
    assert_eq!(waits(&env, SCAN_DAY, "0"), []);
    // `show`'s timeline says which way each message went, and which still waits.
    let page = ok_on(&env, SCAN_DAY, &["show", "bob"]);
    assert!(page.contains("email       sent, no reply yet; Coffee next week?"), "{page}");
    assert!(page.contains("email       sent; Referral at Contoso?"), "{page}");
    assert!(
        ok_on(&env, SCAN_DAY, &["show", "ada"]).contains("email       received; Re: Referral at Contoso?")
    );
    let due = json_on(&env, "2026-12-10", &["due", "--kind", "no-reply"]);
    assert_eq!(
        due[0]["reason"],
        json!(
            "you wrote on 12-01 (Coffee next week?) and have no reply: follow up, or ask someone else there (netcrm path --company Initech)"
        )
    );
    assert_eq!(due[0]["kind"], json!("no-reply"));
    // Weight 3, two days overdue with thank-you-within (2 days) as the scale.
    assert_eq!(due[0]["urgency"], json!(6.0));
}

/// The id of the interaction of Bob's unanswered message.
fn bob_wait_id(env: &Env) -> i64 {
    let shown = json_on(env, SCAN_DAY, &["show", "bob"]);
    shown["interactions"].as_array().unwrap().iter().find(|i| i["awaiting_reply"] == json!(true)).unwrap()["id"]
        .as_i64()
        .unwrap()
}

#[test]
fn a_first_scan_of_an_old_mailbox_makes_no_wait_and_a_reply_scanned_later_settles_one() {
    let env = Env::new();
    ada_and_bob(&env);
    let old = maildir(
        &env.dir().join("Old"),
        &(1..=20)
            .map(|n| {
                let id: &'static str = Box::leak(format!("old{n}@me").into_boxed_str());
                let date: &'static str = Box::leak(format!("2026-06-{n:02}T09:00:00+00:00").into_boxed_str());
                (id, "me@example.com", "ada@example.com", "", date, "Unanswered")
            })
            .collect::<Vec<_>>(),
    );
    ok_on(&env, SCAN_DAY, &["scan", old.to_str().unwrap(), "--me", "me@example.com"]);
    assert_eq!(waits(&env, SCAN_DAY, "365"), []);
    // Mail you sent yesterday waits; the reply, scanned a few days later, settles it.
    let sent = maildir(
        &env.dir().join("Sent"),
        &[("new@me", "me@example.com", "ada@example.com", "", "2026-12-04T09:00:00+00:00", "Hello again")],
    );
    ok_on(&env, SCAN_DAY, &["scan", sent.to_str().unwrap()]);
    assert_eq!(waits(&env, "2026-12-11", "0").len(), 1);
    let reply = maildir(
        &env.dir().join("Inbox"),
        &[(
            "re@ada",
            "ada@example.com",
            "me@example.com",
            "",
            "2026-12-10T09:00:00+00:00",
            "Re: Hello again",
        )],
    );
    ok_on(&env, "2026-12-11", &["scan", reply.to_str().unwrap()]);
    assert_eq!(waits(&env, "2026-12-11", "30"), []);
}

#[test]
fn a_reply_on_the_same_day_settles_only_a_message_sent_before_it() {
    let env = Env::new();
    ada_and_bob(&env);
    let mail = maildir(
        &env.dir().join("Maildir"),
        &[
            // Ada wrote first, at 08:00; you answered at 17:00: you wait for her.
            ("a@ada", "ada@example.com", "me@example.com", "", "2026-12-03T08:00:00+00:00", "Question"),
            ("b@me", "me@example.com", "ada@example.com", "", "2026-12-03T17:00:00+00:00", "Re: Question"),
            // Bob: you wrote at 08:00, he answered at 17:00: settled.
            ("c@me", "me@example.com", "bob@example.com", "", "2026-12-03T08:00:00+00:00", "Ping"),
            ("d@bob", "bob@example.com", "me@example.com", "", "2026-12-03T17:00:00+00:00", "Re: Ping"),
        ],
    );
    ok_on(&env, SCAN_DAY, &["scan", mail.to_str().unwrap(), "--me", "me@example.com"]);
    let found = waits(&env, SCAN_DAY, "30");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!((found[0].1.as_str(), found[0].2.as_str()), ("2026-12-10", "Ada Lovelace"));
}

#[test]
fn log_awaiting_reply_waits_and_done_logs_an_email_that_settles_it() {
    let env = Env::new();
    ada_and_bob(&env);
    let logged = json_on(
        &env,
        "2026-11-20",
        &["log", "ada", "--kind", "email", "--awaiting-reply", "--note", "CV attached"],
    );
    assert_eq!((logged["direction"].clone(), logged["awaiting_reply"].clone()), (json!("sent"), json!(true)));
    let key = format!("no-reply-{}", logged["id"]);
    assert_eq!(
        waits(&env, "2026-11-27", "0"),
        [(key.clone(), "2026-11-27".to_string(), "Ada Lovelace".to_string())]
    );
    // Changing no-reply-after re-dates it.
    ok_on(&env, "2026-11-27", &["config", "set", "no-reply-after", "2w"]);
    assert_eq!(waits(&env, "2026-11-27", "30")[0].1, "2026-12-04");
    ok_on(&env, "2026-11-27", &["config", "set", "no-reply-after", ""]);
    // Its draft is the no-reply template, naming the message.
    let draft = ok_on(&env, "2026-11-27", &["draft", &key]);
    assert!(draft.contains("To: ada@example.com\nSubject: Following up\n"), "{draft}");
    assert!(draft.contains("It was about CV attached."), "{draft}");
    let done = json_on(&env, "2026-11-28", &["done", &key]);
    assert_eq!(done["interaction"]["kind"], json!("email"));
    assert_eq!(done["interaction"]["awaiting_reply"], json!(false));
    assert_eq!(waits(&env, "2026-11-28", "30"), []);
    // Plain interactions carry no direction.
    let call = json_on(&env, "2026-11-28", &["log", "bob", "--kind", "call"]);
    assert_eq!((call["direction"].clone(), call["awaiting_reply"].clone()), (Value::Null, json!(false)));
}

#[test]
fn awaiting_reply_is_for_email_only() {
    let env = Env::new();
    ada_and_bob(&env);
    env.fails(["log", "ada", "--awaiting-reply"], 2, "--kind email");
    env.fails(["log", "ada", "--kind", "call", "--awaiting-reply"], 2, "--kind email");
    // Only the meeting `add` recorded.
    assert_eq!(env.show("ada")["interactions"].as_array().unwrap().len(), 1);
}

#[test]
fn a_backup_keeps_directions_and_waits() {
    let env = Env::new();
    ada_and_bob(&env);
    ok_on(&env, "2026-11-20", &["log", "ada", "--kind", "email", "--awaiting-reply", "--note", "CV"]);
    let backup = ok_on(&env, "2026-11-28", &["export", "json"]);
    let document: Value = serde_json::from_str(&backup).unwrap();
    let sent = document["interactions"].as_array().unwrap().iter().find(|i| i["kind"] == "email").unwrap();
    assert_eq!((sent["direction"].clone(), sent["awaiting_reply"].clone()), (json!("sent"), json!(true)));
    let restored = Env::new();
    let file = restored.dir().join("backup.json");
    std::fs::write(&file, &backup).unwrap();
    ok_on(&restored, "2026-11-28", &["import", file.to_str().unwrap()]);
    assert_eq!(ok_on(&restored, "2026-11-28", &["export", "json"]), backup);
    assert_eq!(waits(&restored, "2026-11-28", "0"), waits(&env, "2026-11-28", "0"));
    assert_eq!(waits(&restored, "2026-11-28", "0").len(), 1);
}
