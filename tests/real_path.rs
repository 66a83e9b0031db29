//! End-to-end tests of the path most users take (issue 25): import LinkedIn, meet some
//! of those people by hand, log with them. Imported contacts wake up at the first
//! interaction logged by hand, and merges keep check-ins.

use serde_json::{Value, json};

use crate::support::{Env, json_on, ok_on, parse_json, succeeds, succeeds_with_stderr};

/// A LinkedIn `Connections.csv` as LinkedIn writes it (byte-order mark, `Notes:`
/// preamble, CRLF), with these rows after the header.
fn linkedin(rows: &[&str]) -> String {
    let mut text = String::from(
        "\u{feff}Notes:\r\n\"When exporting your connection data, you may notice that some of the email \
         addresses are missing.\"\r\n\r\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n",
    );
    for row in rows {
        text.push_str(row);
        text.push_str("\r\n");
    }
    text
}

fn write(env: &Env, name: &str, contents: &str) -> String {
    let path = env.dir().join(name);
    std::fs::write(&path, contents).unwrap();
    path.display().to_string()
}

/// `netcrm ARGS` on `day`: expects success; returns stdout and stderr.
fn run_on(env: &Env, day: &str, args: &[&str]) -> (String, String) {
    succeeds_with_stderr(env.cmd(args).env("NETCRM_TODAY", day))
}

/// The contact's cadence and where it came from, as `show --json` has them.
fn cadence(env: &Env, contact: &str) -> (Value, Value) {
    let shown = env.show(contact);
    (shown["cadence"].clone(), shown["cadence_source"].clone())
}

const KOFI: &str = "Kofi,Boateng,https://www.linkedin.com/in/kofi-boateng,,Acme Ltd,Engineer,03 Aug 2026";
const AMA: &str = "Ama,Mensah,https://www.linkedin.com/in/ama-mensah,,Globex,Designer,10 Jul 2026";
const YAW: &str = "Yaw,Asante,https://www.linkedin.com/in/yaw-asante,,Initech,Manager,01 Jun 2026";

#[test]
fn an_imported_contact_wakes_at_the_first_interaction_logged_by_hand_and_says_so() {
    let env = Env::new();
    let efua =
        "Efua,Owusu,https://www.linkedin.com/in/efua-owusu,efua@example.com,Umbrella,Analyst,15 May 2026";
    let file = write(&env, "Connections.csv", &linkedin(&[KOFI, AMA, YAW, efua]));
    ok_on(&env, "2026-09-01", &["import", &file]);

    // A first meeting with an imported contact is no meeting "again"; it wakes them.
    let out = ok_on(&env, "2026-09-10", &["log", "kofi", "--kind", "met", "--at", "Accra Tech"]);
    assert_eq!(
        out,
        "Logged meeting Kofi Boateng at Accra Tech on 2026-09-10. Next: thank-you on 2026-09-12.\n\
         Kofi Boateng now gets check-ins monthly (netcrm edit kofi --cadence none to stop).\n"
    );
    assert_eq!(cadence(&env, "kofi"), (Value::Null, Value::Null));
    // The next one is again, and wakes no one.
    let out = ok_on(&env, "2026-12-20", &["log", "kofi", "--kind", "met", "--at", "DevFest"]);
    assert!(out.starts_with("Logged meeting Kofi Boateng again at DevFest on 2026-12-20."), "{out}");
    assert!(!out.contains("now gets"), "{out}");

    // With --json, stdout is the interaction alone; the switch is made all the same.
    let logged = json_on(&env, "2026-09-10", &["log", "ama", "--kind", "email"]);
    assert_eq!(logged["kind"], "email");
    assert_eq!(cadence(&env, "ama"), (Value::Null, Value::Null));

    // `done` of a reminder logs nothing and switches nothing; neither does scan.
    ok_on(&env, "2026-09-10", &["remind", "efua", "send the slides", "--on", "2026-09-12"]);
    let out = ok_on(&env, "2026-09-12", &["done", "reminder-1"]);
    assert!(!out.contains("now gets"), "{out}");
    let mail = "From: Efua <efua@example.com>\r\nTo: me@example.com\r\nSubject: Slides\r\n\
                Message-ID: <1@example.com>\r\nDate: Sat, 12 Sep 2026 10:00:00 +0000\r\n\r\nHi\r\n";
    std::fs::write(env.dir().join("a.eml"), mail).unwrap();
    let scanned = json_on(&env, "2026-09-13", &["scan", "a.eml", "--me", "me@example.com"]);
    assert_eq!(scanned["logged"], 1);
    assert_eq!(cadence(&env, "efua"), (json!("none"), json!("import")));

    // `done` of an item that logs an interaction wakes them: an import with a
    // quarterly cadence, its check-in done.
    let kojo =
        write(&env, "kojo.csv", &linkedin(&["Kojo,Annan,https://www.linkedin.com/in/kojo,,Vandelay,,"]));
    ok_on(&env, "2026-09-01", &["import", &kojo, "--cadence", "quarterly"]);
    assert_eq!(cadence(&env, "kojo"), (json!("3m"), json!("import")));
    let out = ok_on(&env, "2026-12-01", &["done", "check-in-5"]);
    assert_eq!(
        out,
        "Done: check-in-5 (Kojo Annan). Logged message on 2026-12-01. Next: check-in on 2027-01-01.\n\
         Kojo Annan now gets check-ins monthly (netcrm edit kojo --cadence none to stop).\n"
    );
    // Undo takes the switch back with the interaction.
    ok_on(&env, "2026-12-01", &["undo"]);
    assert_eq!(cadence(&env, "kojo"), (json!("3m"), json!("import")));

    // With default-cadence none the switch is made and nothing is said: they follow
    // the default, which schedules nothing.
    ok_on(&env, "2026-12-01", &["config", "set", "default-cadence", "none"]);
    let out = ok_on(&env, "2026-12-01", &["log", "yaw", "--kind", "call"]);
    assert_eq!(out, "Logged call with Yaw Asante on 2026-12-01.\n");
    assert_eq!(cadence(&env, "yaw"), (Value::Null, Value::Null));
}

#[test]
fn a_cadence_the_user_set_never_changes_by_itself() {
    let env = Env::new();
    env.add("Ada Lovelace", &["--cadence", "none", "--no-thank-you"]);
    assert_eq!(cadence(&env, "ada"), (json!("none"), json!("user")));
    assert_eq!(
        ok_on(&env, "2026-11-22", &["log", "ada", "--kind", "call"]),
        "Logged call with Ada Lovelace on 2026-11-22.\n"
    );
    assert_eq!(cadence(&env, "ada"), (json!("none"), json!("user")));

    // An imported contact whose cadence the user then set keeps it.
    let file = write(&env, "Connections.csv", &linkedin(&[KOFI]));
    ok_on(&env, "2026-11-22", &["import", &file]);
    ok_on(&env, "2026-11-22", &["edit", "kofi", "--cadence", "none"]);
    assert_eq!(cadence(&env, "kofi"), (json!("none"), json!("user")));
    let out = ok_on(&env, "2026-11-22", &["log", "kofi", "--kind", "call"]);
    assert!(!out.contains("now gets"), "{out}");
    assert_eq!(cadence(&env, "kofi"), (json!("none"), json!("user")));
    // Back to the default: no cadence of their own, so no source.
    ok_on(&env, "2026-11-22", &["edit", "kofi", "--cadence", ""]);
    assert_eq!(cadence(&env, "kofi"), (Value::Null, Value::Null));
    // show says where an imported cadence came from.
    ok_on(&env, "2026-11-22", &["import", &write(&env, "more.csv", &linkedin(&[AMA]))]);
    assert!(env.ok(["show", "ama"]).contains("none (from the import)"));
}

#[test]
fn merge_keeps_check_ins_going_whichever_contact_is_kept() {
    let env = Env::new();
    let file = write(
        &env,
        "Connections.csv",
        &linkedin(&[KOFI, AMA, YAW, "Yaw,Asante,https://www.linkedin.com/in/yaw-asante-2,,Initech,,"]),
    );
    ok_on(&env, "2026-09-01", &["import", &file]);
    let _ = run_on(&env, "2026-09-10", &["add", "Kofi Boateng", "--no-thank-you"]);
    let _ = run_on(&env, "2026-09-10", &["add", "Ama Mensah", "--cadence", "2w", "--no-thank-you"]);
    // KEEP imported, OTHER following default-cadence: default-cadence.
    let merged = json_on(&env, "2026-09-10", &["merge", "1", "5"]);
    assert_eq!((merged["cadence"].clone(), merged["cadence_source"].clone()), (Value::Null, Value::Null));
    // KEEP imported, OTHER set by the user: the user's.
    let merged = json_on(&env, "2026-09-10", &["merge", "2", "6"]);
    assert_eq!((merged["cadence"].clone(), merged["cadence_source"].clone()), (json!("2w"), json!("user")));
    // Both imported: the import's.
    let merged = json_on(&env, "2026-09-10", &["merge", "3", "4"]);
    assert_eq!(
        (merged["cadence"].clone(), merged["cadence_source"].clone()),
        (json!("none"), json!("import"))
    );
}

#[test]
fn backups_carry_where_each_cadence_came_from_and_older_ones_are_told_from_their_records() {
    let env = Env::new();
    ok_on(&env, "2026-09-01", &["import", &write(&env, "Connections.csv", &linkedin(&[KOFI]))]);
    env.add("Ada Lovelace", &["--cadence", "none"]);
    env.add("Grace Hopper", &[]);
    let backup = parse_json(&env.ok(["export", "json"]));
    let sources: Vec<&Value> =
        backup["contacts"].as_array().unwrap().iter().map(|c| &c["cadence_source"]).collect();
    assert_eq!(sources, [&json!("import"), &json!("user"), &Value::Null]);

    // Restored as it was.
    let copy = Env::new();
    let file = write(&copy, "backup.json", &backup.to_string());
    succeeds(copy.cmd(["import", &file]).env("NETCRM_TODAY", "2026-11-22"));
    assert_eq!(parse_json(&copy.ok(["export", "json"])), backup);

    // A backup written before netcrm kept it: the imported contact (no meeting) is the
    // import's, the one added by hand (its first meeting recorded) the user's.
    let mut old = backup.clone();
    for contact in old["contacts"].as_array_mut().unwrap() {
        contact.as_object_mut().unwrap().remove("cadence_source");
    }
    let older = Env::new();
    let file = write(&older, "old.json", &old.to_string());
    succeeds(older.cmd(["import", &file]).env("NETCRM_TODAY", "2026-11-22"));
    assert_eq!(parse_json(&older.ok(["export", "json"])), backup);

    // A value that is neither is refused, naming it; nothing is written.
    let mut bad = backup.clone();
    bad["contacts"][0]["cadence_source"] = json!("robot");
    let wrong = Env::new();
    let file = write(&wrong, "bad.json", &bad.to_string());
    wrong.fails(["import", &file], 1, "contacts[0].cadence_source: 'robot' is not import, user or null");
    assert!(wrong.contacts().is_empty());
}
