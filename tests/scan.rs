//! `scan PATH...`: interactions logged from mailboxes written by an independent writer
//! (Python's `mailbox` module, scripts/make-mailboxes.py) and from calendar files.

use std::path::Path;

use serde_json::{Value, json};

use crate::support::*;

/// The day the scans run: after every message but the one dated 2099.
const SCAN_DAY: &str = "2026-12-05";

/// Ada (met on 2026-11-01, so her thank-you is open) and Bob (no thank-you owed).
fn ada_and_bob(env: &Env) {
    ok_on(env, SCAN_DAY, &["add", "Ada Lovelace", "--email", "ADA@example.com", "--met-on", "2026-11-01"]);
    ok_on(env, SCAN_DAY, &["add", "Bob Babbage", "--email", "bob@example.com", "--no-thank-you"]);
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// (kind, on, note, source) of each interaction of a contact, oldest first.
fn timeline(env: &Env, contact: &str) -> Vec<(String, String, Value, Value)> {
    let shown = json_on(env, SCAN_DAY, &["show", contact]);
    let mut rows: Vec<_> = shown["interactions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["kind"].as_str().unwrap().to_string(),
                i["on"].as_str().unwrap().to_string(),
                i["note"].clone(),
                i["source"].clone(),
            )
        })
        .collect();
    rows.reverse();
    rows
}

/// The interactions `scan` logged with a contact, oldest first.
fn scanned(env: &Env, contact: &str) -> Vec<(String, String, Value, Value)> {
    timeline(env, contact).into_iter().filter(|(_, _, _, source)| !source.is_null()).collect()
}

fn row(kind: &str, on: &str, note: &str, source: &str) -> (String, String, Value, Value) {
    (kind.into(), on.into(), json!(note), json!(source))
}

#[test]
fn maildir_mbox_and_eml_files_log_the_same_interactions() {
    let env = Env::new();
    let mail = mailboxes(&env);
    for place in ["Maildir", "mail.mbox", "eml"] {
        let env = Env::new();
        ada_and_bob(&env);
        let summary = json_on(&env, SCAN_DAY, &["scan", path(&mail.join(place)), "--me", "me@example.com"]);
        // 10 read: the list message, the auto-reply, the stranger's, the second copy
        // and the future one log nothing; the first reply logs two (Ada, and Bob in Cc).
        assert_eq!(
            summary,
            json!({
                "messages": 10, "events": 0, "logged": 6, "skipped": 5,
                "contacts": [
                    {"contact_id": 1, "contact": "Ada Lovelace", "logged": 5},
                    {"contact_id": 2, "contact": "Bob Babbage", "logged": 1},
                ],
                "suggestions": [],
            }),
            "{place}"
        );
        assert_eq!(
            timeline(&env, "1"),
            [
                (String::from("met"), String::from("2026-11-01"), Value::Null, Value::Null),
                // The first message you sent after meeting her, while her thank-you is open.
                row(
                    "thank-you",
                    "2026-11-02",
                    "Lovely to meet you at the conference",
                    "<01.scan-test@example.com>"
                ),
                row(
                    "email",
                    "2026-11-03",
                    "Re: Lovely to meet you at the conference",
                    "<02.scan-test@example.com>"
                ),
                // Decoded subjects (ISO-8859-1 quoted-printable, UTF-8 base64).
                row("email", "2026-11-04", "Café next week?", "<03.scan-test@example.com>"),
                row("email", "2026-11-04", "Re: Café next week? ☕ Ja, gerne", "<04.scan-test@example.com>"),
                // 23:50 in California is 1 December here (UTC).
                row("email", "2026-12-01", "Late thought", "<09.scan-test@example.com>"),
            ],
            "{place}"
        );
        assert_eq!(
            scanned(&env, "2"),
            [row(
                "email",
                "2026-11-03",
                "Re: Lovely to meet you at the conference",
                "<02.scan-test@example.com>"
            )]
        );
        // The thank-you is no longer due; the next check-in counts from the last e-mail.
        let due = json_on(&env, SCAN_DAY, &["due", "--within", "60"]);
        let keys: Vec<_> =
            due.as_array().unwrap().iter().map(|f| (f["key"].clone(), f["due_on"].clone())).collect();
        // (Bob was added, and so met, today.)
        assert_eq!(
            keys,
            [(json!("check-in-1"), json!("2027-01-01")), (json!("check-in-2"), json!("2027-01-05"))]
        );
    }
}

#[test]
fn a_date_near_midnight_is_dated_in_local_time() {
    let env = Env::new();
    let mail = mailboxes(&env);
    ada_and_bob(&env);
    // California's time (a POSIX rule, so that no time zone database is needed).
    let mut cmd = env.cmd(["scan", path(&mail.join("eml/09.eml")), "--me", "me@example.com"]);
    cmd.env("NETCRM_TODAY", SCAN_DAY).env("TZ", "PST8PDT,M3.2.0,M11.1.0");
    let out = succeeds(&mut cmd);
    assert_eq!(
        out,
        "Read 1 message and 0 events: logged 1 interaction, skipped 0.\n  Ada Lovelace (#1): 1\n"
    );
    assert_eq!(
        timeline(&env, "1")[1],
        row("email", "2026-11-30", "Late thought", "<09.scan-test@example.com>")
    );
}

#[test]
fn a_second_scan_adds_nothing_and_undo_reverts_a_scan() {
    let env = Env::new();
    let mail = mailboxes(&env);
    ada_and_bob(&env);
    let mbox = mail.join("mail.mbox");
    let mbox = path(&mbox);
    ok_on(&env, SCAN_DAY, &["scan", mbox, "--me", "me@example.com"]);
    // The same messages again, from another copy of the mailbox, and --me remembered.
    let again = json_on(&env, SCAN_DAY, &["scan", path(&mail.join("Maildir")), mbox]);
    assert_eq!(
        (again["messages"].clone(), again["logged"].clone(), again["skipped"].clone()),
        (json!(20), json!(0), json!(20))
    );
    assert_eq!(timeline(&env, "1").len(), 6);
    let steps = json_on(&env, SCAN_DAY, &["undo", "--list"]);
    assert_eq!(steps[0]["description"], json!(format!("scan {mbox}: 6 interactions with 2 contacts")));

    let out = ok_on(&env, SCAN_DAY, &["undo"]);
    assert_eq!(out, format!("Undid: scan {mbox}: 6 interactions with 2 contacts\n"));
    assert_eq!(timeline(&env, "1").len(), 1);
    assert_eq!(timeline(&env, "2").len(), 1);
    // Your addresses stay remembered; scanning again logs them again.
    let again = json_on(&env, SCAN_DAY, &["scan", mbox]);
    assert_eq!(again["logged"], json!(6));
}

#[test]
fn dry_run_writes_nothing_and_remembers_no_address() {
    let env = Env::new();
    let mail = mailboxes(&env);
    ada_and_bob(&env);
    let before = json_on(&env, SCAN_DAY, &["undo", "--list"]);
    let out =
        ok_on(&env, SCAN_DAY, &["scan", path(&mail.join("eml")), "--me", "me@example.com", "--dry-run"]);
    assert_eq!(
        out,
        "Read 10 messages and 0 events: would log 6 interactions, skipped 5 (2 from lists or \
         automatic senders, 1 with no contact, 1 already seen, 1 dated after today).\n  \
         Ada Lovelace (#1): 5\n  Bob Babbage (#2): 1\nNothing was changed.\n"
    );
    // An address that is not yours logs nothing, and the summary says why.
    let out = ok_on(
        &env,
        SCAN_DAY,
        &["scan", path(&mail.join("eml")), "--me", "someone@else.example", "--dry-run"],
    );
    assert_eq!(
        out,
        "Read 10 messages and 0 events: would log 0 interactions, skipped 10 (7 not from or to \
         you, 2 from lists or automatic senders, 1 dated after today).\nNothing was changed.\n"
    );
    assert_eq!(timeline(&env, "1").len(), 1);
    assert_eq!(json_on(&env, SCAN_DAY, &["undo", "--list"]), before);
    // The whole folder: the Maildir, the mbox and the .eml files hold the same 10
    // messages, each logged once.
    let all = json_on(&env, SCAN_DAY, &["scan", path(&mail), "--me", "me@example.com", "--dry-run"]);
    assert_eq!((all["messages"].clone(), all["logged"].clone()), (json!(30), json!(6)));
    env.fails(["scan", path(&mail.join("eml"))], 2, "--me ADDRESS");
}

#[test]
fn a_contact_due_for_a_check_in_is_no_longer_due_after_a_scan() {
    let env = Env::new();
    let mail = mailboxes(&env);
    let today = "2026-11-05";
    ok_on(&env, "2026-09-01", &["add", "Bob Babbage", "--email", "bob@example.com", "--no-thank-you"]);
    let due = json_on(&env, today, &["due"]);
    assert_eq!(due[0]["key"], json!("check-in-1"), "{due}");
    json_on(&env, today, &["scan", path(&mail.join("mail.mbox")), "--me", "me@example.com"]);
    assert_eq!(json_on(&env, today, &["due"]), json!([]));
    assert_eq!(json_on(&env, today, &["show", "1"])["next_follow_up"], json!("2026-12-03"));
}

#[test]
fn suggest_lists_the_people_you_exchanged_most_mail_with_who_are_not_contacts() {
    let env = Env::new();
    let mail = mailboxes(&env);
    ada_and_bob(&env);
    let found = json_on(
        &env,
        SCAN_DAY,
        &["scan", path(&mail.join("mail.mbox")), "--me", "me@example.com", "--suggest", "5"],
    );
    // Sam wrote to you; you wrote to Carol (in Cc). The list and the robots are not people.
    assert_eq!(
        found["suggestions"],
        json!([
            {"name": "Sam Stranger", "address": "sam@stranger.example.org", "messages": 1, "last": "2026-11-06"},
            {"name": "Carol", "address": "carol@example.com", "messages": 1, "last": "2026-11-04"},
        ])
    );
    let out = ok_on(&env, SCAN_DAY, &["scan", path(&mail.join("eml")), "--suggest", "1"]);
    assert!(out.contains("Not contacts yet (most mail first):\n  Sam Stranger <sam@stranger.example.org>: 1 message, last 2026-11-06\n"), "{out}");
    assert!(!out.contains("Carol"), "{out}");
    assert_eq!(timeline(&env, "1").len(), 6, "suggesting adds nobody and nothing");
}

#[test]
fn a_message_without_a_message_id_is_known_by_a_hash_of_its_headers() {
    let env = Env::new();
    ada_and_bob(&env);
    let message = "From: Ada <ada@example.com>\r\nTo: me@example.com\r\nSubject: No id\r\n\
                   Date: Tue, 10 Nov 2026 10:00:00 +0000\r\n\r\nHello\r\n";
    std::fs::write(env.dir().join("a.eml"), message).unwrap();
    // The same message under another name, and not called .eml.
    std::fs::write(env.dir().join("copy"), message).unwrap();
    let found = json_on(&env, SCAN_DAY, &["scan", "a.eml", "copy", "--me", "me@example.com"]);
    assert_eq!((found["messages"].clone(), found["logged"].clone()), (json!(2), json!(1)));
    let logged = scanned(&env, "1");
    assert_eq!(logged.len(), 1);
    let source = logged[0].3.as_str().unwrap();
    assert!(source.starts_with("hash:") && source.len() == 21, "{source}");
    assert_eq!(json_on(&env, SCAN_DAY, &["scan", "copy"])["logged"], json!(0));
}

/// A Date that cannot be (year 0000, 10000, -1, a zone of +9999, 1970's epoch) is no
/// date: the message is skipped as unreadable and counted, never logged on a date
/// mail-parser invented (2000-11-30 for 0000).
#[test]
fn a_message_with_an_impossible_date_is_skipped_as_unreadable() {
    let env = Env::new();
    ada_and_bob(&env);
    let folder = env.dir().join("eml");
    std::fs::create_dir(&folder).unwrap();
    let dates = [
        "Mon, 30 Nov 0000 10:00:00 +0000",
        "Mon, 30 Nov 10000 10:00:00 +0000",
        "Mon, 30 Nov -1 10:00:00 +0000",
        "0",
        "Mon, 30 Nov 2026 10:00:00 +9999",
        "Thu, 1 Jan 1970 00:00:00 +0000",
        "Mon, 30 Nov 2026 10:00:00 +0000",
    ];
    for (i, date) in dates.iter().enumerate() {
        let message = format!(
            "From: Ada <ada@example.com>\r\nTo: me@example.com\r\nSubject: Dated {i}\r\n\
             Message-ID: <m{i}@example.com>\r\nDate: {date}\r\n\r\nHello\r\n"
        );
        std::fs::write(folder.join(format!("{i}.eml")), message).unwrap();
    }
    let output =
        env.cmd(["scan", "eml", "--me", "me@example.com"]).env("NETCRM_TODAY", SCAN_DAY).output().unwrap();
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stdout.contains("6 unreadable"), "{stdout}");
    assert!(stderr.contains("6 messages without readable headers or Date skipped"), "{stderr}");
    assert_eq!(scanned(&env, "1"), [row("email", "2026-11-30", "Dated 6", "<m6@example.com>")]);
}

/// Thunderbird keeps each folder as an mbox named as the folder, with no extension,
/// beside its `.msf` index, and subfolders in `NAME.sbd/`: a profile's folder is
/// scanned whole, and every From, To and Cc header counts, repeated ones too.
#[test]
fn a_thunderbird_folder_of_extensionless_mboxes_is_scanned() {
    let env = Env::new();
    ada_and_bob(&env);
    ok_on(&env, SCAN_DAY, &["add", "Cyd Cc", "--email", "cyd@example.com", "--no-thank-you"]);
    let local = env.dir().join("Local Folders");
    std::fs::create_dir_all(local.join("Inbox.sbd")).unwrap();
    let message = |from: &str, id: &str, day: u32, extra: &str| {
        format!(
            "From - Mon Nov {day} 10:00:00 2026\nFrom: {from}\nTo: me@example.com\n{extra}Subject: Note {id}\n\
             Message-ID: <{id}@example.com>\nDate: Mon, {day} Nov 2026 10:00:00 +0000\n\nHello\n\n"
        )
    };
    std::fs::write(local.join("Inbox"), message("ada@example.com", "in", 2, "")).unwrap();
    std::fs::write(local.join("Inbox.msf"), "// <!-- <mdb:mork:z v=\"1.4\"/> -->\n").unwrap();
    // Two Cc headers: Bob in the first, Cyd in the second.
    let two_cc = "Cc: bob@example.com\nCc: cyd@example.com\n";
    std::fs::write(local.join("Inbox.sbd").join("Work"), message("ada@example.com", "work", 3, two_cc))
        .unwrap();
    std::fs::write(local.join("notes"), "not mail\n").unwrap();
    let found = json_on(&env, SCAN_DAY, &["scan", path(&local), "--me", "me@example.com"]);
    assert_eq!((found["messages"].clone(), found["logged"].clone()), (json!(2), json!(4)), "{found}");
    assert_eq!(scanned(&env, "2"), [row("email", "2026-11-03", "Note work", "<work@example.com>")]);
    assert_eq!(scanned(&env, "3"), [row("email", "2026-11-03", "Note work", "<work@example.com>")]);
}

#[test]
fn what_cannot_be_scanned_is_an_error() {
    let env = Env::new();
    ada_and_bob(&env);
    env.fails(["scan", "nowhere.mbox", "--me", "me@example.com"], 1, "nowhere.mbox");
    std::fs::write(env.dir().join("notes.txt"), "just notes\n").unwrap();
    env.fails(["scan", "notes.txt", "--me", "me@example.com"], 1, "not a Maildir, an mbox");
    std::fs::create_dir(env.dir().join("empty")).unwrap();
    env.fails(["scan", "empty", "--me", "me@example.com"], 1, "holds no Maildir");
    env.fails(["scan", "empty", "--me", "not-an-address"], 1, "not-an-address");
    env.fails(["scan", "--me", "me@example.com"], 2, "PATH");
}

fn event(body: &str) -> String {
    format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nDTSTAMP:20261001T000000Z\r\n{}END:VEVENT\r\nEND:VCALENDAR\r\n",
        body.replace('\n', "\r\n")
    )
}

/// Every RRULE of an event and its RDATEs are meetings, less its EXDATEs (issue 24: an
/// event's second RRULE and its RDATEs were not read).
#[test]
fn every_rule_and_rdate_of_a_calendar_event_is_a_meeting() {
    let env = Env::new();
    let today = "2026-11-25";
    ok_on(&env, today, &["add", "Ada Lovelace", "--email", "ada@example.com", "--no-thank-you"]);
    std::fs::write(
        env.dir().join("mentoring.ics"),
        event(
            "UID:mentoring@example.com\nDTSTART:20261102T170000Z\nSUMMARY:Mentoring\n\
             RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=2\nRRULE:FREQ=MONTHLY;BYMONTHDAY=20;COUNT=1\n\
             RDATE:20261112T170000Z,20261124T170000Z\nEXDATE:20261124T170000Z\n\
             ORGANIZER:mailto:me@example.com\nATTENDEE:mailto:ada@example.com\n",
        ),
    )
    .unwrap();
    let found = json_on(&env, today, &["scan", "mentoring.ics", "--me", "me@example.com"]);
    assert_eq!(found["logged"], json!(4), "{found}");
    let on: Vec<String> = scanned(&env, "1").into_iter().map(|(_, on, _, _)| on).collect();
    assert_eq!(on, ["2026-11-02", "2026-11-09", "2026-11-12", "2026-11-20"]);
}

#[test]
fn meetings_come_from_calendars_with_recurrences_exceptions_and_declines() {
    let env = Env::new();
    let today = "2026-11-25";
    ok_on(&env, today, &["add", "Ada Lovelace", "--email", "ada@example.com", "--no-thank-you"]);
    ok_on(&env, today, &["add", "Bob Babbage", "--email", "bob@example.com", "--no-thank-you"]);
    ok_on(&env, today, &["add", "Carol Jones", "--email", "carol@example.com", "--no-thank-you"]);
    let vdir = env.dir().join("calendar");
    std::fs::create_dir(&vdir).unwrap();
    let write = |name: &str, text: String| std::fs::write(vdir.join(name), text).unwrap();
    write(
        "single.ics",
        event(
            "UID:lunch@example.com\nDTSTART:20261110T120000Z\nSUMMARY:Lunch\\, finally\n\
             ORGANIZER;CN=Me:mailto:me@example.com\nATTENDEE;PARTSTAT=ACCEPTED;CN=Ada:mailto:Ada@Example.com\n",
        ),
    );
    // Weekly on Mondays from 2 November: 9 November is cancelled (EXDATE), 16 November
    // moved to the Tuesday (an overridden occurrence), 30 November is after today.
    write(
        "weekly.ics",
        format!(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n{}{}END:VCALENDAR\r\n",
            "BEGIN:VEVENT\r\nUID:weekly@example.com\r\nDTSTAMP:20261001T000000Z\r\n\
             DTSTART;TZID=Europe/Berlin:20261102T100000\r\nDTEND;TZID=Europe/Berlin:20261102T103000\r\n\
             RRULE:FREQ=WEEKLY;BYDAY=MO\r\nEXDATE;TZID=Europe/Berlin:20261109T100000\r\nSUMMARY:Weekly sync\r\n\
             ORGANIZER:mailto:bob@example.com\r\nATTENDEE;PARTSTAT=ACCEPTED:mailto:me@example.com\r\nEND:VEVENT\r\n",
            "BEGIN:VEVENT\r\nUID:weekly@example.com\r\nDTSTAMP:20261001T000000Z\r\n\
             RECURRENCE-ID;TZID=Europe/Berlin:20261116T100000\r\nDTSTART;TZID=Europe/Berlin:20261117T100000\r\n\
             SUMMARY:Weekly sync (moved)\r\nORGANIZER:mailto:bob@example.com\r\n\
             ATTENDEE;PARTSTAT=ACCEPTED:mailto:me@example.com\r\nEND:VEVENT\r\n",
        ),
    );
    write(
        "declined.ics",
        event(
            "UID:talk@example.com\nDTSTART;VALUE=DATE:20261112\nSUMMARY:Carol's talk\n\
             ORGANIZER:mailto:carol@example.com\nATTENDEE;PARTSTAT=DECLINED:mailto:me@example.com\n",
        ),
    );
    write(
        "cancelled.ics",
        event(
            "UID:off@example.com\nDTSTART:20261113T090000Z\nSTATUS:CANCELLED\nSUMMARY:Off\n\
             ORGANIZER:mailto:me@example.com\nATTENDEE:mailto:carol@example.com\n",
        ),
    );
    let found = json_on(&env, today, &["scan", path(&vdir), "--me", "me@example.com"]);
    assert_eq!(
        found,
        json!({
            "messages": 0, "events": 6, "logged": 4, "skipped": 2,
            "contacts": [
                {"contact_id": 2, "contact": "Bob Babbage", "logged": 3},
                {"contact_id": 1, "contact": "Ada Lovelace", "logged": 1},
            ],
            "suggestions": [],
        })
    );
    assert_eq!(
        scanned(&env, "1"),
        [row("meeting", "2026-11-10", "Lunch, finally", "lunch@example.com 2026-11-10")]
    );
    assert_eq!(
        scanned(&env, "2"),
        [
            row("meeting", "2026-11-02", "Weekly sync", "weekly@example.com 2026-11-02"),
            row("meeting", "2026-11-17", "Weekly sync (moved)", "weekly@example.com 2026-11-17"),
            row("meeting", "2026-11-23", "Weekly sync", "weekly@example.com 2026-11-23"),
        ]
    );
    assert_eq!(scanned(&env, "3"), [], "declined and cancelled meetings are not logged");
    // One file on its own; nothing new.
    let again = json_on(&env, today, &["scan", path(&vdir.join("weekly.ics"))]);
    assert_eq!((again["events"].clone(), again["logged"].clone()), (json!(3), json!(0)));
}

#[test]
fn a_backup_carries_the_sources_and_your_addresses() {
    let env = Env::new();
    let mail = mailboxes(&env);
    ada_and_bob(&env);
    let mbox = mail.join("mail.mbox");
    ok_on(&env, SCAN_DAY, &["scan", path(&mbox), "--me", "Me@Example.com"]);
    let backup = env.dir().join("backup.json");
    ok_on(&env, SCAN_DAY, &["export", "json", "--output", path(&backup)]);
    let document = parse_json(&std::fs::read_to_string(&backup).unwrap());
    assert_eq!(document["settings"]["my-addresses"], json!("me@example.com"));
    let sources =
        document["interactions"].as_array().unwrap().iter().filter(|i| !i["source"].is_null()).count();
    assert_eq!(sources, 6);

    // Restored elsewhere: the same document again, and a scan with no --me adds nothing.
    let other = Env::new();
    ok_on(&other, SCAN_DAY, &["import", path(&backup)]);
    let again = other.dir().join("again.json");
    ok_on(&other, SCAN_DAY, &["export", "json", "--output", path(&again)]);
    assert_eq!(std::fs::read_to_string(&again).unwrap(), std::fs::read_to_string(&backup).unwrap());
    assert_eq!(json_on(&other, SCAN_DAY, &["scan", path(&mbox)])["logged"], json!(0));
}
