//! End-to-end tests of the path most users take (issue 25): import LinkedIn, meet some
//! of those people by hand, log with them, import a newer export, merge what `dupes`
//! finds. Imported contacts wake up at the first interaction logged by hand, merges
//! keep check-ins, re-imports find people added by hand, `dupes --not` settles a pair
//! of namesakes, and an interaction logged with the wrong person moves to the right
//! one.

use serde_json::{Value, json};

use crate::support::{Env, json_on, names, ok_on, parse_json, succeeds, succeeds_with_stderr};

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

/// The (contact id, kind) of every item `due --within DAYS` lists on `day`.
fn due_on(env: &Env, day: &str, within: &str) -> Vec<(i64, String)> {
    let due = json_on(env, day, &["due", "--within", within]);
    due.as_array()
        .unwrap()
        .iter()
        .map(|f| (f["contact_id"].as_i64().unwrap_or(0), f["kind"].as_str().unwrap().to_string()))
        .collect()
}

const KOFI: &str = "Kofi,Boateng,https://www.linkedin.com/in/kofi-boateng,,Acme Ltd,Engineer,03 Aug 2026";
const AMA: &str = "Ama,Mensah,https://www.linkedin.com/in/ama-mensah,,Globex,Designer,10 Jul 2026";
const YAW: &str = "Yaw,Asante,https://www.linkedin.com/in/yaw-asante,,Initech,Manager,01 Jun 2026";
const EFUA: &str = "Efua,Owusu,https://www.linkedin.com/in/efua-owusu,,Umbrella,Analyst,15 May 2026";
const KWAME: &str = "Kwame,Mensah,https://www.linkedin.com/in/kwame-mensah,,Globex,CTO,20 Apr 2026";

/// The whole path, with the dates a new user would live it: every person met
/// or logged with by hand ends with a check-in, and no one is there twice.
#[test]
fn import_meet_log_reimport_and_merge_leave_everyone_active_checked_in_and_no_one_twice() {
    let env = Env::new();
    // 1 September: the LinkedIn export. Nobody is due: imports are quiet.
    let first = write(&env, "Connections.csv", &linkedin(&[KOFI, AMA, YAW, EFUA, KWAME]));
    let (out, err) = run_on(&env, "2026-09-01", &["import", &first]);
    assert_eq!(out, format!("Imported {first} (linkedin): 5 added, 0 updated, 0 skipped.\n"));
    assert_eq!(err, "");
    assert_eq!(cadence(&env, "1"), (json!("none"), json!("import")));
    assert!(due_on(&env, "2026-09-01", "60").is_empty());

    // 10 September, a meetup: three of them added by hand as a new user does (name and
    // e-mail), and someone new with her company.
    for (name, email) in [
        ("Kofi Boateng", "kofi@example.com"),
        ("Ama Mensah", "ama@example.com"),
        ("Yaw Asante", "yaw@example.com"),
    ] {
        let (_, err) = run_on(&env, "2026-09-10", &["add", name, "--email", email, "--met-at", "Accra Tech"]);
        assert!(err.contains("already has this name"), "{err}");
    }
    ok_on(&env, "2026-09-10", &["add", "Abena Darko", "--company", "Hooli", "--met-at", "Accra Tech"]);
    assert_eq!(cadence(&env, "6"), (Value::Null, Value::Null));

    // 11 September: thank-yous, by log and by done; a call with Efua, imported, whom
    // they never met: she wakes up, and the command says so.
    ok_on(&env, "2026-09-11", &["log", "6", "--kind", "thank-you"]);
    for key in ["thank-you-7", "thank-you-8", "thank-you-9"] {
        let out = ok_on(&env, "2026-09-11", &["done", key]);
        assert!(!out.contains("now gets check-ins"), "{out}");
    }
    let out = ok_on(&env, "2026-09-11", &["log", "efua", "--kind", "call"]);
    assert_eq!(
        out,
        "Logged call with Efua Owusu on 2026-09-11. Next: check-in on 2026-10-11.\n\
         Efua Owusu now gets check-ins monthly (netcrm edit efua --cadence none to stop).\n"
    );
    assert_eq!(cadence(&env, "efua"), (Value::Null, Value::Null));

    // 20 October: a newer export. Ama's e-mail is now in it (she is the one met by
    // hand), Abena connected (found by name and company, her URL filled in), Kojo is
    // new and his row came twice, Kofi's title changed (nothing is overwritten).
    let newer = write(
        &env,
        "Connections-october.csv",
        &linkedin(&[
            "Kofi,Boateng,https://www.linkedin.com/in/kofi-boateng,,Acme Ltd,Senior Engineer,03 Aug 2026",
            "Ama,Mensah,https://www.linkedin.com/in/ama-mensah,ama@example.com,Globex,Designer,10 Jul 2026",
            YAW,
            EFUA,
            KWAME,
            "Abena,Darko,https://www.linkedin.com/in/abena-darko,,HOOLI,Founder,15 Sep 2026",
            "Kojo,Annan,https://www.linkedin.com/in/kojo-annan,,Vandelay,Engineer,01 Oct 2026",
            "Kojo,Annan,https://www.linkedin.com/in/kojo-annan,,Vandelay,Engineer,01 Oct 2026",
        ]),
    );
    let out = ok_on(&env, "2026-10-20", &["import", &newer]);
    assert_eq!(
        out,
        format!("Imported {newer} (linkedin): 1 added (1 row repeated another), 2 updated, 0 skipped.\n")
    );
    assert_eq!(env.show("9")["linkedin"], "https://www.linkedin.com/in/abena-darko");
    assert_eq!(env.show("1")["title"], "Engineer");

    // dupes finds each person met by hand and imported before; merge them, keeping
    // either one.
    let pairs = json_on(&env, "2026-10-20", &["dupes"]);
    let ids: Vec<&Value> = pairs.as_array().unwrap().iter().map(|p| &p["ids"]).collect();
    assert_eq!(ids, [&json!([1, 6]), &json!([2, 7]), &json!([3, 8])], "{pairs}");
    ok_on(&env, "2026-10-20", &["merge", "6", "1"]);
    ok_on(&env, "2026-10-20", &["merge", "7", "2"]);
    ok_on(&env, "2026-10-20", &["merge", "3", "8"]);
    assert_eq!(json_on(&env, "2026-10-20", &["dupes"]), json!([]));

    // No one twice; everyone met or logged with has a check-in (the merged ones follow
    // default-cadence whichever was kept); the imported strangers stay quiet.
    let mut everyone = names(&json_on(&env, "2026-10-20", &["list"]));
    everyone.sort();
    assert_eq!(
        everyone,
        [
            "Abena Darko",
            "Ama Mensah",
            "Efua Owusu",
            "Kofi Boateng",
            "Kojo Annan",
            "Kwame Mensah",
            "Yaw Asante"
        ]
    );
    let mut check_ins: Vec<i64> = due_on(&env, "2026-10-20", "60")
        .into_iter()
        .filter(|(_, kind)| kind == "check-in")
        .map(|(id, _)| id)
        .collect();
    check_ins.sort_unstable();
    assert_eq!(check_ins, [3, 4, 6, 7, 9]);
    for active in ["3", "4", "6", "7", "9"] {
        assert_eq!(cadence(&env, active), (Value::Null, Value::Null), "#{active}");
    }
    assert_eq!(cadence(&env, "kwame"), (json!("none"), json!("import")));
}

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
    let (_, err) = run_on(&env, "2026-09-01", &["import", &file]);
    assert!(err.contains("1 contact added has the name of someone already here: Yaw Asante"), "{err}");
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

#[test]
fn a_reimport_finds_a_contact_added_by_hand_by_name_and_company_and_fills_in_the_url() {
    let env = Env::new();
    env.add("Kofi Boateng", &["--company", "Acme Ltd", "--email", "kofi@home.example", "--no-thank-you"]);
    // Another case and spacing of the same company; no e-mail or URL known: matched.
    let row = "kofi,BOATENG,https://www.linkedin.com/in/kofi-boateng,kofi@acme.example,ACME  LTD,Engineer,03 Aug 2026";
    let out = ok_on(&env, "2026-11-22", &["import", &write(&env, "a.csv", &linkedin(&[row]))]);
    assert!(out.contains(": 0 added, 1 updated, 0 skipped."), "{out}");
    let kofi = env.show("1");
    assert_eq!(kofi["linkedin"], "https://www.linkedin.com/in/kofi-boateng");
    assert_eq!(kofi["emails"], json!(["kofi@home.example", "kofi@acme.example"]));
    assert_eq!(kofi["title"], "Engineer");

    // Not matched: another company; someone who has a URL already; two at the company.
    let env = Env::new();
    env.add("Ama Mensah", &["--company", "Globex", "--no-thank-you"]);
    env.add("Yaw Asante", &["--company", "Initech", "--linkedin", "https://www.linkedin.com/in/yaw-a"]);
    env.add("Efua Owusu", &["--company", "Umbrella", "--no-thank-you"]);
    let _ = run_on(&env, "2026-11-22", &["add", "Efua Owusu", "--company", "umbrella", "--no-thank-you"]);
    let file = write(
        &env,
        "b.csv",
        &linkedin(&[
            "Ama,Mensah,https://www.linkedin.com/in/ama-mensah,,Initech,,",
            "Yaw,Asante,https://www.linkedin.com/in/yaw-asante,,Initech,,",
            "Efua,Owusu,https://www.linkedin.com/in/efua-owusu,,Umbrella,,",
        ]),
    );
    let (out, err) = run_on(&env, "2026-11-22", &["import", &file]);
    assert!(out.contains(": 3 added, 0 updated, 0 skipped."), "{out}");
    assert_eq!(
        err,
        format!(
            "warning: {file}: 3 contacts added have the name of someone already here: Ama Mensah, Yaw Asante, \
             Efua Owusu; netcrm dupes lists them to merge or tell apart\n"
        )
    );
}

#[test]
fn namesakes_added_are_named_in_one_warning_ten_at_most() {
    let env = Env::new();
    let mut rows = Vec::new();
    for i in 0..12 {
        env.add(&format!("Person {i}"), &["--no-thank-you"]);
        rows.push(format!("Person,{i},https://www.linkedin.com/in/p{i},,Company {i},,"));
    }
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    let file = write(&env, "c.csv", &linkedin(&rows));
    let (out, err) = run_on(&env, "2026-11-22", &["import", &file, "--dry-run"]);
    assert!(out.contains("would add 12,"), "{out}");
    assert_eq!(
        err,
        format!(
            "warning: {file}: 12 contacts it would add have the name of someone already here: Person 0, Person 1, \
             Person 2, Person 3, Person 4, Person 5, Person 6, Person 7, Person 8, Person 9, and 2 more; netcrm \
             dupes lists them to merge or tell apart\n"
        )
    );
    let (_, err) = run_on(&env, "2026-11-22", &["import", &file]);
    assert!(err.contains(": 12 contacts added have the name of someone already here: Person 0,"), "{err}");
    assert_eq!(json_on(&env, "2026-11-22", &["dupes"]).as_array().unwrap().len(), 12);
}

#[test]
fn dry_run_names_the_contacts_it_would_add_the_first_twenty_of_more() {
    let env = Env::new();
    let file = write(&env, "a.csv", &linkedin(&[KOFI, AMA, "Cher,,https://www.linkedin.com/in/cher,,,,"]));
    let out = ok_on(&env, "2026-11-22", &["import", &file, "--dry-run"]);
    assert_eq!(
        out,
        format!(
            "Dry run of {file} (linkedin): would add 3, update 0, skip 0. Nothing was written.\n\
             It would add:\n  Kofi Boateng (Acme Ltd)\n  Ama Mensah (Globex)\n  Cher\n"
        )
    );
    let rows: Vec<String> =
        (0..25).map(|i| format!("First{i},Last,https://www.linkedin.com/in/p{i},,,,")).collect();
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    let file = write(&env, "b.csv", &linkedin(&rows));
    let out = ok_on(&env, "2026-11-22", &["import", &file, "--dry-run"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[1], "It would add (the first 20):");
    assert_eq!(lines[2], "  First0 Last");
    assert_eq!(lines[21], "  First19 Last");
    assert_eq!(lines[22], "  and 5 more");
    assert_eq!(lines.len(), 23);
    assert!(env.contacts().is_empty());
}

#[test]
fn rows_repeated_within_a_file_are_counted() {
    let env = Env::new();
    let file = write(&env, "a.csv", &linkedin(&[KOFI, AMA, KOFI, KOFI]));
    let out = ok_on(&env, "2026-11-22", &["import", &file]);
    assert_eq!(
        out,
        format!("Imported {file} (linkedin): 2 added (2 rows repeated others), 0 updated, 0 skipped.\n")
    );
    // Repeated in a file that updates: counted the same way.
    let file = write(&env, "b.csv", &linkedin(&[AMA, AMA]));
    let out = ok_on(&env, "2026-11-22", &["import", &file]);
    assert_eq!(
        out,
        format!("Imported {file} (linkedin): 0 added (1 row repeated another), 0 updated, 0 skipped.\n")
    );
}

/// A backup carries what `dupes --not` said (DESIGN.md: JSON carries everything): a
/// restored database leaves the same pairs out, and a backup of a database without any
/// restores as before.
#[test]
fn a_backup_carries_the_people_dupes_was_told_apart() {
    let env = Env::new();
    env.add("Kofi Boateng", &["--company", "Acme", "--no-thank-you"]);
    let _ = run_on(&env, "2026-11-22", &["add", "Kofi Boateng", "--company", "Globex", "--no-thank-you"]);
    let before = json_on(&env, "2026-11-22", &["export", "json"]);
    assert_eq!(before["different_people"], json!([]));
    ok_on(&env, "2026-11-22", &["dupes", "--not", "2", "1"]);
    let backup = env.dir().join("backup.json");
    ok_on(&env, "2026-11-22", &["export", "json", "--output", backup.to_str().unwrap()]);
    let written: Value = serde_json::from_str(&std::fs::read_to_string(&backup).unwrap()).unwrap();
    assert_eq!(written["different_people"], json!([[1, 2]]));
    let restored = Env::new();
    ok_on(&restored, "2026-11-22", &["import", backup.to_str().unwrap()]);
    assert_eq!(json_on(&restored, "2026-11-22", &["dupes"]), json!([]));
    // An older backup, without the list, restores with nobody told apart.
    let mut older = written.clone();
    older.as_object_mut().unwrap().remove("different_people");
    let old_file = env.dir().join("older.json");
    std::fs::write(&old_file, older.to_string()).unwrap();
    let third = Env::new();
    ok_on(&third, "2026-11-22", &["import", old_file.to_str().unwrap()]);
    assert_eq!(json_on(&third, "2026-11-22", &["dupes"]).as_array().unwrap().len(), 1);
}

#[test]
fn dupes_not_tells_two_namesakes_apart_for_good() {
    let env = Env::new();
    env.add("Kofi Boateng", &["--company", "Acme", "--no-thank-you"]);
    let _ = run_on(&env, "2026-11-22", &["add", "Kofi Boateng", "--company", "Globex", "--no-thank-you"]);
    let _ = run_on(&env, "2026-11-22", &["add", "kofi boateng", "--no-thank-you"]);
    assert_eq!(json_on(&env, "2026-11-22", &["dupes"]).as_array().unwrap().len(), 3);

    let out = ok_on(&env, "2026-11-22", &["dupes", "--not", "2", "1"]);
    assert_eq!(
        out,
        "Noted: Kofi Boateng (#1) and Kofi Boateng (#2) are different people; dupes leaves them out.\n"
    );
    let pairs = json_on(&env, "2026-11-22", &["dupes"]);
    let ids: Vec<&Value> = pairs.as_array().unwrap().iter().map(|p| &p["ids"]).collect();
    assert_eq!(ids, [&json!([1, 3]), &json!([2, 3])]);
    assert!(!env.ok(["dupes"]).contains("#1 #2"));

    // Said again: nothing changes, and it is no step to undo.
    let (out, err) = run_on(&env, "2026-11-22", &["dupes", "--not", "1", "2"]);
    assert_eq!(out, "");
    assert!(err.contains("already known as different people; nothing changed"), "{err}");
    let steps = json_on(&env, "2026-11-22", &["undo", "--list"]);
    assert!(
        steps[0]["description"].as_str().unwrap().starts_with("dupes --not Kofi Boateng (#1)"),
        "{steps}"
    );

    // A merge carries the mark: #3 is #2 now, and so not #1.
    ok_on(&env, "2026-11-22", &["merge", "3", "2"]);
    assert_eq!(json_on(&env, "2026-11-22", &["dupes"]), json!([]));
    // Undone, both steps: the pair is back.
    ok_on(&env, "2026-11-22", &["undo"]);
    ok_on(&env, "2026-11-22", &["undo"]);
    assert_eq!(json_on(&env, "2026-11-22", &["dupes"]).as_array().unwrap().len(), 3);
    // With --json, the pair as dupes lists pairs.
    let noted = json_on(&env, "2026-11-22", &["dupes", "--not", "3", "1"]);
    assert_eq!(noted, json!({"ids": [1, 3], "names": ["Kofi Boateng", "kofi boateng"]}));

    // Errors write nothing.
    env.fails(["dupes", "--not", "1", "kofi@nowhere.example"], 1, "kofi@nowhere.example");
    env.fails(["dupes", "--not", "1", "#1"], 1, "Kofi Boateng (#1) is one contact");
    env.fails(["dupes", "--not", "1"], 2, "");
    assert_eq!(json_on(&env, "2026-11-22", &["dupes"]).as_array().unwrap().len(), 2);
}

#[test]
fn log_edit_contact_moves_an_interaction_to_the_person_it_was_with() {
    let env = Env::new();
    env.add("Ada Lovelace", &["--no-thank-you"]);
    ok_on(&env, "2026-09-01", &["import", &write(&env, "a.csv", &linkedin(&[KOFI]))]);
    let call = json_on(&env, "2026-11-20", &["log", "ada", "--kind", "call", "--note", "about Acme"]);
    let id = call["id"].as_i64().unwrap().to_string();

    // Moved onto an imported contact: logged by hand with them, so they wake up.
    let out = ok_on(&env, "2026-11-22", &["log", "--edit", &id, "--contact", "kofi"]);
    assert_eq!(
        out,
        format!(
            "Changed interaction #{id}: call with Kofi Boateng on 2026-11-20 (moved from Ada Lovelace).\n\
             Kofi Boateng now gets check-ins monthly (netcrm edit kofi --cadence none to stop).\n"
        )
    );
    let kofi = env.show("kofi");
    assert_eq!(kofi["interactions"][0]["note"], "about Acme");
    assert_eq!(kofi["last_contact"], "2026-11-20");
    let calls = |contact: &str| {
        let shown = env.show(contact);
        shown["interactions"].as_array().unwrap().iter().filter(|i| i["kind"] == "call").count()
    };
    assert_eq!(calls("ada"), 0);

    // One step: undo puts it back, and Kofi's cadence with it.
    ok_on(&env, "2026-11-22", &["undo"]);
    assert_eq!((calls("ada"), calls("kofi")), (1, 0));
    assert_eq!(env.show("kofi")["last_contact"], Value::Null);
    assert_eq!(cadence(&env, "kofi"), (json!("none"), json!("import")));

    // With --json, the interaction; a bad CONTACT changes nothing; --contact needs --edit.
    let moved = json_on(&env, "2026-11-22", &["log", "--edit", &id, "--contact", "2"]);
    assert_eq!(moved["contact_id"], 2);
    env.fails(["log", "--edit", &id, "--contact", "nobody"], 1, "'nobody'");
    assert_eq!(env.show("kofi")["interactions"][0]["id"], call["id"]);
    env.fails(["log", "ada", "--contact", "kofi"], 2, "--contact");
    env.fails(["log", "--contact", "kofi"], 2, "--edit");
}
