//! `scan` again over mail it read before (issue 30): only what may have changed is
//! read, and what it logs is what a scan from scratch would log. The mailboxes are
//! written and changed by Python's `mailbox` module and plain file operations, as
//! mail clients do.

use std::path::Path;

use serde_json::{Value, json};

use crate::support::*;

/// The day the scans run: after every message but the one dated 2099.
const SCAN_DAY: &str = "2026-12-05";

/// Runs a Python script with `args` (paths) in `sys.argv[1:]`.
fn python(script: &str, args: &[&Path]) {
    let status = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(args)
        .status()
        .expect("python3 runs");
    assert!(status.success(), "python3 failed:\n{script}");
}

/// A message from Ada to you, dated 2 December, written into the Maildir or mbox
/// (`kind`) at `sys.argv[1]` by Python's `mailbox`.
fn new_message(kind: &str) -> String {
    format!(
        "import mailbox, sys\n\
         from email.message import Message\n\
         m = Message()\n\
         m['From'] = 'Ada Lovelace <ada@example.com>'\n\
         m['To'] = 'me@example.com'\n\
         m['Subject'] = 'News from the engine'\n\
         m['Date'] = 'Wed, 02 Dec 2026 10:00:00 +0000'\n\
         m['Message-ID'] = '<11.scan-test@example.com>'\n\
         m.set_payload('It runs.\\n')\n\
         box = mailbox.{kind}(sys.argv[1])\n\
         box.add(m)\n\
         box.flush()\n"
    )
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn ada(env: &Env) {
    ok_on(env, SCAN_DAY, &["add", "Ada Lovelace", "--email", "ada@example.com", "--met-on", "2026-11-01"]);
}

fn counts(scan: &Value) -> (Value, Value, Value) {
    (scan["messages"].clone(), scan["logged"].clone(), scan["skipped"].clone())
}

/// The sources of the interactions `scan` logged with a contact.
fn sources(env: &Env, contact: &str) -> Vec<String> {
    let shown = json_on(env, SCAN_DAY, &["show", contact]);
    let mut sources: Vec<String> = shown["interactions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|i| i["source"].as_str().map(String::from))
        .collect();
    sources.sort();
    sources
}

const NOTHING_NEW: &str =
    "Read 10 messages and 0 events: logged 0 interactions, skipped 10 (10 unchanged since the last scan).\n";

#[test]
fn a_rescan_of_a_maildir_reads_only_the_message_that_arrived() {
    let env = Env::new();
    let maildir = mailboxes(&env).join("Maildir");
    ada(&env);
    let first = json_on(&env, SCAN_DAY, &["scan", path(&maildir), "--me", "me@example.com"]);
    assert_eq!(counts(&first), (json!(10), json!(5), json!(5)));
    assert_eq!(ok_on(&env, SCAN_DAY, &["scan", path(&maildir)]), NOTHING_NEW);

    python(&new_message("Maildir"), &[&maildir]);
    assert_eq!(
        ok_on(&env, SCAN_DAY, &["scan", path(&maildir)]),
        "Read 11 messages and 0 events: logged 1 interaction, skipped 10 (10 unchanged since the last \
         scan).\n  Ada Lovelace (#1): 1\n"
    );
    assert!(sources(&env, "1").contains(&"<11.scan-test@example.com>".to_string()));
    assert_eq!(
        ok_on(&env, SCAN_DAY, &["scan", path(&maildir)]),
        "Read 11 messages and 0 events: logged 0 interactions, skipped 11 (11 unchanged since the last scan).\n"
    );
}

#[test]
fn a_message_moved_from_new_to_cur_with_flags_is_not_read_again() {
    let env = Env::new();
    let maildir = mailboxes(&env).join("Maildir");
    ada(&env);
    ok_on(&env, SCAN_DAY, &["scan", path(&maildir), "--me", "me@example.com"]);
    // As a mail client does once you have seen them: new/NAME becomes cur/NAME:2,S.
    python(
        "import os, sys\n\
         new, cur = os.path.join(sys.argv[1], 'new'), os.path.join(sys.argv[1], 'cur')\n\
         moved = 0\n\
         for name in os.listdir(new):\n    \
             os.rename(os.path.join(new, name), os.path.join(cur, name + ':2,S'))\n    \
             moved += 1\n\
         assert moved == 5, moved\n",
        &[&maildir],
    );
    assert_eq!(ok_on(&env, SCAN_DAY, &["scan", path(&maildir)]), NOTHING_NEW);
    assert_eq!(sources(&env, "1").len(), 5);
}

#[test]
fn a_rescan_of_an_mbox_reads_only_what_was_appended() {
    let env = Env::new();
    let mbox = mailboxes(&env).join("mail.mbox");
    ada(&env);
    ok_on(&env, SCAN_DAY, &["scan", path(&mbox), "--me", "me@example.com"]);
    assert_eq!(ok_on(&env, SCAN_DAY, &["scan", path(&mbox)]), NOTHING_NEW);
    python(&new_message("mbox"), &[&mbox]);
    assert_eq!(
        ok_on(&env, SCAN_DAY, &["scan", path(&mbox)]),
        "Read 11 messages and 0 events: logged 1 interaction, skipped 10 (10 unchanged since the last \
         scan).\n  Ada Lovelace (#1): 1\n"
    );
    assert_eq!(sources(&env, "1").len(), 6);
}

#[test]
fn an_mbox_changed_in_place_is_read_again() {
    let env = Env::new();
    let mbox = mailboxes(&env).join("mail.mbox");
    ada(&env);
    // Zed's address has as many letters as Sam's, who is not a contact.
    ok_on(&env, SCAN_DAY, &["add", "Zed Zimmer", "--email", "zed@stranger.example.org"]);
    let first = json_on(&env, SCAN_DAY, &["scan", path(&mbox), "--me", "me@example.com"]);
    assert_eq!(first["logged"], json!(5));
    // The same size, the same first and last bytes: only its modification time says.
    python(
        "import sys\n\
         with open(sys.argv[1], 'r+b') as f:\n    \
             data = f.read()\n    \
             assert data.count(b'sam@stranger') >= 1\n    \
             f.seek(0)\n    \
             f.write(data.replace(b'sam@stranger', b'zed@stranger'))\n",
        &[&mbox],
    );
    let again = json_on(&env, SCAN_DAY, &["scan", path(&mbox)]);
    assert_eq!(counts(&again), (json!(10), json!(1), json!(9)));
    assert_eq!(sources(&env, "2"), ["<07.scan-test@example.com>"]);
}

#[test]
fn an_mbox_rewritten_shorter_is_read_whole() {
    let env = Env::new();
    let mbox = mailboxes(&env).join("mail.mbox");
    ada(&env);
    ok_on(&env, SCAN_DAY, &["scan", path(&mbox), "--me", "me@example.com"]);
    // Five messages deleted, one new: shorter than what the scan read.
    python(
        "import mailbox, sys\n\
         box = mailbox.mbox(sys.argv[1])\n\
         box.lock()\n\
         for key in list(box.keys())[5:]:\n    \
             box.remove(key)\n\
         box.flush()\n\
         box.unlock()\n",
        &[&mbox],
    );
    python(&new_message("mbox"), &[&mbox]);
    let again = json_on(&env, SCAN_DAY, &["scan", path(&mbox)]);
    assert_eq!(counts(&again), (json!(6), json!(1), json!(5)));
    assert!(sources(&env, "1").contains(&"<11.scan-test@example.com>".to_string()));
}

#[test]
fn a_rescan_after_adding_a_contact_logs_the_mail_with_them() {
    let env = Env::new();
    let mail = mailboxes(&env);
    ada(&env);
    let (maildir, mbox) = (mail.join("Maildir"), mail.join("mail.mbox"));
    ok_on(&env, SCAN_DAY, &["scan", path(&maildir), path(&mbox), "--me", "me@example.com"]);
    ok_on(&env, SCAN_DAY, &["add", "Bob Babbage", "--email", "bob@example.com", "--no-thank-you"]);
    let again = json_on(&env, SCAN_DAY, &["scan", path(&maildir), path(&mbox)]);
    assert_eq!(counts(&again), (json!(20), json!(1), json!(19)));
    assert_eq!(sources(&env, "2"), ["<02.scan-test@example.com>"]);
    // And an address added to a contact counts the same.
    ok_on(&env, SCAN_DAY, &["add", "Sam Stranger"]);
    ok_on(&env, SCAN_DAY, &["edit", "3", "--email", "sam@stranger.example.org"]);
    let again = json_on(&env, SCAN_DAY, &["scan", path(&mbox)]);
    assert_eq!(again["logged"], json!(1));
}

#[test]
fn an_undone_scan_is_logged_again_by_a_rescan() {
    let env = Env::new();
    let mail = mailboxes(&env);
    ada(&env);
    let (maildir, mbox) = (mail.join("Maildir"), mail.join("mail.mbox"));
    ok_on(&env, SCAN_DAY, &["scan", path(&maildir), path(&mbox), "--me", "me@example.com"]);
    ok_on(&env, SCAN_DAY, &["undo"]);
    assert!(sources(&env, "1").is_empty());
    let again = json_on(&env, SCAN_DAY, &["scan", path(&maildir), path(&mbox)]);
    assert_eq!(counts(&again), (json!(20), json!(5), json!(15)));
}

#[test]
fn an_earlier_since_a_new_address_of_yours_or_a_later_day_read_again() {
    let env = Env::new();
    let maildir = mailboxes(&env).join("Maildir");
    ada(&env);
    let first =
        json_on(&env, SCAN_DAY, &["scan", path(&maildir), "--me", "me@example.com", "--since", "2026-11-04"]);
    assert_eq!(first["logged"], json!(3));
    // A later --since is covered by what was read; no --since is not.
    assert_eq!(ok_on(&env, SCAN_DAY, &["scan", path(&maildir), "--since", "2026-11-10"]), NOTHING_NEW);
    let all = json_on(&env, SCAN_DAY, &["scan", path(&maildir)]);
    assert_eq!(all["logged"], json!(2));
    assert_eq!(ok_on(&env, SCAN_DAY, &["scan", path(&maildir), "--since", "2026-11-04"]), NOTHING_NEW);

    // Another address of yours changes whose mail is yours.
    let out = ok_on(&env, SCAN_DAY, &["scan", path(&maildir), "--me", "other@example.com"]);
    assert!(!out.contains("unchanged"), "{out}");
    assert_eq!(ok_on(&env, SCAN_DAY, &["scan", path(&maildir)]), NOTHING_NEW);

    // The message dated 2099 is read again once its day has come.
    let later = json_on(&env, "2099-01-02", &["scan", path(&maildir)]);
    assert_eq!(later["logged"], json!(1));
}

#[test]
fn a_dry_run_keeps_nothing_and_suggest_reads_everything() {
    let env = Env::new();
    let maildir = mailboxes(&env).join("Maildir");
    ada(&env);
    ok_on(&env, SCAN_DAY, &["scan", path(&maildir), "--me", "me@example.com", "--dry-run"]);
    let real = json_on(&env, SCAN_DAY, &["scan", path(&maildir), "--me", "me@example.com"]);
    assert_eq!(real["logged"], json!(5));
    // A dry run uses what was kept: it would log nothing, and reads nothing.
    assert_eq!(
        ok_on(&env, SCAN_DAY, &["scan", path(&maildir), "--dry-run"]),
        NOTHING_NEW.replace("logged", "would log") + "Nothing was changed.\n"
    );
    let suggested = json_on(&env, SCAN_DAY, &["scan", path(&maildir), "--suggest", "5"]);
    assert_eq!(suggested["suggestions"][0]["address"], json!("sam@stranger.example.org"));
}
