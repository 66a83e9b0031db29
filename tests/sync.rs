//! `sync --tasks DIR`: follow-ups as VTODO files in a vdir, as vdirsyncer syncs them
//! with a phone; a task completed there completes the follow-up.

use std::path::Path;

use crate::support::*;

fn files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    names.sort();
    names
}

fn complete_task(dir: &Path, key: &str) {
    let path = dir.join(format!("{key}@netcrm.ics"));
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("STATUS:NEEDS-ACTION", "STATUS:COMPLETED")).unwrap();
}

#[test]
fn open_follow_ups_become_tasks_and_a_task_completed_elsewhere_is_done() {
    let env = Env::new();
    let tasks = env.dir().join("tasks");
    std::fs::create_dir(&tasks).unwrap();
    std::fs::write(tasks.join("someone-elses.ics"), "not ours").unwrap();
    ok_on(&env, "2026-11-20", &["add", "Ada Lovelace", "--email", "ada@example.com"]);
    ok_on(&env, "2026-11-20", &["add", "Bob Smith", "--no-thank-you", "--cadence", "1w"]);
    ok_on(&env, "2026-11-20", &["add", "Far Away", "--no-thank-you", "--cadence", "1y"]);

    let out = ok_on(&env, "2026-11-20", &["sync", "--tasks", tasks.to_str().unwrap()]);
    assert_eq!(out, format!("Synced tasks with {}: 2 written, 0 completed, 0 removed.\n", tasks.display()));
    assert_eq!(files(&tasks), ["check-in-2@netcrm.ics", "someone-elses.ics", "thank-you-1@netcrm.ics"]);
    let task = std::fs::read_to_string(tasks.join("thank-you-1@netcrm.ics")).unwrap();
    for line in [
        "BEGIN:VTODO",
        "UID:thank-you-1@netcrm",
        "DUE;VALUE=DATE:20261122",
        "SUMMARY:thank-you: Ada Lovelace",
    ] {
        assert!(task.contains(line), "{line}: {task}");
    }
    assert!(task.contains("\r\n"), "CRLF line ends");
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(tasks.join("thank-you-1@netcrm.ics")).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);

    // Nothing to do: no file is rewritten (same modification times), and the folder is
    // remembered.
    let stamp = |name: &str| std::fs::metadata(tasks.join(name)).unwrap().modified().unwrap();
    let before = stamp("check-in-2@netcrm.ics");
    std::thread::sleep(std::time::Duration::from_millis(20));
    let out = ok_on(&env, "2026-11-20", &["sync"]);
    assert!(out.contains("0 written, 0 completed, 0 removed"), "{out}");
    assert_eq!(stamp("check-in-2@netcrm.ics"), before);

    // Ticked off on the phone: the thank-you is done (a thank-you is logged), its task
    // goes, and the check-in that follows it comes.
    complete_task(&tasks, "thank-you-1");
    let dry = ok_on(&env, "2026-11-21", &["sync", "--dry-run"]);
    assert!(dry.contains("1 written, 1 completed, 1 removed.\nNothing was changed."), "{dry}");
    assert!(
        json_on(&env, "2026-11-21", &["due", "--within", "5"])
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["key"] == "thank-you-1")
    );
    let summary = json_on(&env, "2026-11-21", &["sync"]);
    assert_eq!(
        summary,
        serde_json::json!({"contacts": null, "tasks": {"written": 1, "completed": 1, "removed": 1, "snoozed": 0, "cancelled": 0}})
    );
    let ada = json_on(&env, "2026-11-21", &["show", "ada"]);
    assert_eq!(ada["interactions"][0]["kind"], "thank-you");
    assert_eq!(files(&tasks), ["check-in-1@netcrm.ics", "check-in-2@netcrm.ics", "someone-elses.ics"]);
    assert_eq!(std::fs::read_to_string(tasks.join("someone-elses.ics")).unwrap(), "not ours");

    // Done in netcrm: the next sync rewrites the task for the next check-in (the same
    // key, a week on), and removes the one-off reminder's task once it is done.
    ok_on(&env, "2026-11-21", &["done", "check-in-2"]);
    ok_on(&env, "2026-11-21", &["remind", "bob", "send slides", "--in", "2d"]);
    ok_on(&env, "2026-11-21", &["sync"]);
    let check_in = std::fs::read_to_string(tasks.join("check-in-2@netcrm.ics")).unwrap();
    assert!(check_in.contains("DUE;VALUE=DATE:20261128"), "{check_in}");
    assert!(files(&tasks).contains(&"reminder-1@netcrm.ics".to_string()));
    ok_on(&env, "2026-11-21", &["done", "reminder-1"]);
    let out = ok_on(&env, "2026-11-21", &["sync"]);
    assert!(out.contains("0 written, 0 completed, 1 removed"), "{out}");
    assert!(!files(&tasks).contains(&"reminder-1@netcrm.ics".to_string()));

    // Undo reverts the database side of a sync: the thank-you is open again.
    let steps = env.json(["undo", "--list"]);
    assert!(
        steps
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["description"].as_str().unwrap().starts_with("sync tasks with"))
    );
}

/// Rewrites the value of `property` (the line that starts with it) in a task file, as
/// a phone's client edits a task.
fn edit_task(dir: &Path, key: &str, property: &str, value: &str) {
    let path = dir.join(format!("{key}@netcrm.ics"));
    let text = std::fs::read_to_string(&path).unwrap();
    let edited: Vec<String> = text
        .split("\r\n")
        .map(|line| if line.starts_with(property) { format!("{property}{value}") } else { line.to_string() })
        .collect();
    assert_ne!(edited.join("\r\n"), text, "{property} is not in {text}");
    std::fs::write(&path, edited.join("\r\n")).unwrap();
}

/// What a task file says for `property`.
fn task_value(dir: &Path, key: &str, property: &str) -> String {
    let text = std::fs::read_to_string(dir.join(format!("{key}@netcrm.ics"))).unwrap();
    text.split("\r\n").find_map(|line| line.strip_prefix(property)).unwrap_or_default().to_string()
}

/// A task moved later on the phone snoozes its follow-up until that day; the task
/// stays, due then. A task whose due date netcrm changed (even earlier) snoozes nothing.
#[test]
fn a_task_moved_later_on_the_phone_snoozes_its_follow_up() {
    let env = Env::new();
    let tasks = env.dir().join("tasks");
    std::fs::create_dir(&tasks).unwrap();
    ok_on(&env, "2026-11-20", &["add", "Ada Lovelace", "--no-thank-you", "--cadence", "1w"]);
    ok_on(&env, "2026-11-20", &["add", "Bob Smith", "--no-thank-you", "--cadence", "2w"]);
    ok_on(&env, "2026-11-20", &["sync", "--tasks", tasks.to_str().unwrap()]);
    assert_eq!(task_value(&tasks, "check-in-1", "DUE;VALUE=DATE:"), "20261127");
    // todoman writes a moved due date as a date-time.
    edit_task(&tasks, "check-in-1", "DUE", ";TZID=Europe/Paris:20261204T090000");
    let out = ok_on(&env, "2026-11-28", &["sync"]);
    assert!(out.contains("1 written, 0 completed, 0 removed, 1 snoozed."), "{out}");
    let due = json_on(&env, "2026-11-28", &["due"]);
    assert!(!due.as_array().unwrap().iter().any(|f| f["key"] == "check-in-1"), "{due}");
    assert_eq!(task_value(&tasks, "check-in-1", "DUE;VALUE=DATE:"), "20261204");
    assert!(ok_on(&env, "2026-11-28", &["sync"]).contains("0 written, 0 completed, 0 removed."));
    // Back on the day the phone gave, with its original due date.
    let due = json_on(&env, "2026-12-04", &["due"]);
    let item = due.as_array().unwrap().iter().find(|f| f["key"] == "check-in-1").cloned().unwrap();
    assert_eq!(item["due_on"], "2026-11-27");

    // netcrm moves Bob's check-in earlier (a shorter cadence): the stale task is
    // rewritten, nothing snoozed.
    ok_on(&env, "2026-11-28", &["edit", "bob", "--cadence", "1w"]);
    let out = ok_on(&env, "2026-11-28", &["sync"]);
    assert!(out.contains("1 written, 0 completed, 0 removed."), "{out}");
    assert_eq!(task_value(&tasks, "check-in-2", "DUE;VALUE=DATE:"), "20261127");
}

/// A task cancelled on the phone settles its follow-up without logging anything (as
/// `done` does for a reminder); a task deleted on the phone is written again while its
/// follow-up is open; DTSTAMP is when the file was first written, kept on rewrites.
#[test]
fn tasks_cancelled_or_deleted_on_the_phone_and_their_stamps() {
    let env = Env::new();
    let tasks = env.dir().join("tasks");
    std::fs::create_dir(&tasks).unwrap();
    ok_on(&env, "2026-11-20", &["add", "Ada Lovelace", "--met-on", "2026-11-19"]);
    ok_on(&env, "2026-11-20", &["add", "Bob Smith", "--no-thank-you", "--cadence", "1w"]);
    ok_on(&env, "2026-11-20", &["sync", "--tasks", tasks.to_str().unwrap()]);
    // Stamped when first written (NETCRM_TODAY's midnight in tests), not its due date.
    assert_eq!(task_value(&tasks, "check-in-2", "DTSTAMP:"), "20261120T000000Z");

    edit_task(&tasks, "thank-you-1", "STATUS:", "CANCELLED");
    let out = ok_on(&env, "2026-11-21", &["sync"]);
    // Her check-in (a month after meeting her) takes the thank-you's place.
    assert!(out.contains("1 written, 0 completed, 1 removed, 1 cancelled."), "{out}");
    assert_eq!(task_value(&tasks, "check-in-1", "DUE;VALUE=DATE:"), "20261219");
    let ada = json_on(&env, "2026-11-21", &["show", "ada"]);
    assert_eq!(ada["interactions"].as_array().unwrap().len(), 1, "only the meeting: {ada}");
    assert!(!ada["follow_ups"].as_array().unwrap().iter().any(|f| f["key"] == "thank-you-1"), "{ada}");

    // Deleted on the phone while open: written again.
    std::fs::remove_file(tasks.join("check-in-2@netcrm.ics")).unwrap();
    let out = ok_on(&env, "2026-11-22", &["sync"]);
    assert!(out.contains("1 written"), "{out}");
    assert_eq!(task_value(&tasks, "check-in-2", "DTSTAMP:"), "20261122T000000Z");
    // Rewritten for the next check-in: the first writing's stamp is kept.
    ok_on(&env, "2026-11-27", &["done", "check-in-2"]);
    ok_on(&env, "2026-11-27", &["sync"]);
    assert_eq!(task_value(&tasks, "check-in-2", "DUE;VALUE=DATE:"), "20261204");
    assert_eq!(task_value(&tasks, "check-in-2", "DTSTAMP:"), "20261122T000000Z");
}

#[test]
fn sync_needs_a_folder_the_first_time_and_an_existing_one() {
    let env = Env::new();
    env.fails(["sync"], 2, "--tasks DIR");
    env.fails(["sync", "--tasks", "no-such-folder"], 1, "no-such-folder");
    // A dry run remembers nothing.
    std::fs::create_dir(env.dir().join("t")).unwrap();
    env.ok(["sync", "--tasks", "t", "--dry-run"]);
    env.fails(["sync"], 2, "--tasks DIR");
}

fn card(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap()
}

fn edit_card(dir: &Path, name: &str, from: &str, to: &str) {
    let text = card(dir, name);
    assert!(text.contains(from), "{from} not in {text}");
    std::fs::write(dir.join(name), text.replace(from, to)).unwrap();
}

fn contacts_env() -> (Env, std::path::PathBuf) {
    let env = Env::new();
    let dir = env.dir().join("contacts");
    std::fs::create_dir(&dir).unwrap();
    env.add("Ada Lovelace", &["--email", "ada@example.com", "--company", "Analytical Engines"]);
    env.add("Bob Smith", &["--phone", "+1 555 0100"]);
    (env, dir)
}

#[test]
fn contacts_go_both_ways_field_by_field() {
    let (env, dir) = contacts_env();
    std::fs::write(dir.join("notes.txt"), "left alone").unwrap();
    let out = env.ok(["sync", "--contacts", dir.to_str().unwrap()]);
    assert!(out.contains("2 written, 0 read, 0 created, 0 removed, 0 conflicts"), "{out}");
    assert_eq!(files(&dir), ["netcrm-contact-1.vcf", "netcrm-contact-2.vcf", "notes.txt"]);
    assert!(card(&dir, "netcrm-contact-1.vcf").contains("FN:Ada Lovelace"));

    // Nothing to do: nothing rewritten (same modification times).
    let stamp = || std::fs::metadata(dir.join("netcrm-contact-1.vcf")).unwrap().modified().unwrap();
    let before = stamp();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let out = env.ok(["sync"]);
    assert!(out.contains("0 written, 0 read, 0 created, 0 removed, 0 conflicts"), "{out}");
    assert_eq!(stamp(), before);

    // An edit on the phone arrives; an edit in netcrm goes out.
    edit_card(&dir, "netcrm-contact-1.vcf", "ORG:Analytical Engines", "ORG:Babbage & Co");
    env.ok(["edit", "bob", "--title", "Engineer"]);
    let out = env.ok(["sync"]);
    assert!(out.contains("1 written, 1 read"), "{out}");
    assert_eq!(env.show("ada")["company"], "Babbage & Co");
    assert!(card(&dir, "netcrm-contact-2.vcf").contains("TITLE:Engineer"));

    // Both sides: each field takes the side that changed it; the same field changed on
    // both keeps netcrm's and the card's value is reported.
    edit_card(&dir, "netcrm-contact-1.vcf", "ORG:Babbage & Co", "ORG:Phone Co");
    edit_card(&dir, "netcrm-contact-1.vcf", "END:VCARD", "TITLE:Countess\r\nEND:VCARD");
    env.ok(["edit", "ada", "--company", "Netcrm Co", "--note", "met at RustConf"]);
    let (stdout, stderr) = succeeds_with_stderr(&mut env.cmd(["sync"]));
    assert!(stdout.contains("1 conflict."), "{stdout}");
    assert!(stderr.contains("company changed on both sides; kept netcrm's"), "{stderr}");
    assert!(stderr.contains("the card had \"Phone Co\""), "{stderr}");
    let ada = env.show("ada");
    assert_eq!(ada["company"], "Netcrm Co");
    assert_eq!(ada["title"], "Countess");
    assert_eq!(ada["notes"], "met at RustConf");
    let text = card(&dir, "netcrm-contact-1.vcf");
    assert!(text.contains("ORG:Netcrm Co") && text.contains("TITLE:Countess"), "{text}");
}

#[test]
fn new_cards_become_contacts_and_removals_go_both_ways() {
    let (env, dir) = contacts_env();
    env.ok(["sync", "--contacts", dir.to_str().unwrap()]);
    std::fs::write(
        dir.join("phone-1.vcf"),
        "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:phone-1\r\nFN:Grace Hopper\r\nEMAIL:grace@example.com\r\nEND:VCARD\r\n",
    )
    .unwrap();
    std::fs::remove_file(dir.join("netcrm-contact-2.vcf")).unwrap();
    env.add("Chloé Dupont", &[]);
    env.ok(["rm", "ada", "--yes"]);
    let summary = env.json(["sync"]);
    assert_eq!(
        summary["contacts"],
        serde_json::json!({"written": 1, "read": 0, "created": 1, "removed": 2, "conflicts": 0})
    );
    let names = names(&env.json(["list"]));
    assert_eq!(names, ["Chloé Dupont", "Grace Hopper"], "Bob removed on the phone, Grace new");
    let grace = env.show("grace");
    assert_eq!(grace["no_thank_you"], true, "imported: no thank-you");
    assert_eq!(grace["cadence"], "none", "imported: import-cadence");
    assert_eq!(grace["cadence_source"], "import", "a card read is imported: it wakes when logged with");
    assert!(!files(&dir).contains(&"netcrm-contact-1.vcf".to_string()), "Ada removed in netcrm");
    assert!(files(&dir).contains(&"netcrm-contact-3.vcf".to_string()), "Chloé written");
    // Syncing again changes nothing.
    assert_eq!(
        env.json(["sync"])["contacts"],
        serde_json::json!({"written": 0, "read": 0, "created": 0, "removed": 0, "conflicts": 0})
    );
}

#[test]
fn removing_more_than_ten_needs_yes() {
    let env = Env::new();
    let dir = env.dir().join("contacts");
    std::fs::create_dir(&dir).unwrap();
    for i in 0..13 {
        env.add(&format!("Person {i}"), &[]);
    }
    env.ok(["sync", "--contacts", dir.to_str().unwrap()]);
    // One card kept: a folder with no card at all is refused on its own (below).
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if !path.ends_with("netcrm-contact-13.vcf") {
            std::fs::remove_file(path).unwrap();
        }
    }
    env.fails(["sync"], 1, "would remove 12");
    assert_eq!(env.contacts().len(), 13);
    let dry = env.ok(["sync", "--dry-run", "--yes"]);
    assert!(dry.contains("12 removed"), "{dry}");
    assert_eq!(env.contacts().len(), 13);
    env.ok(["sync", "--yes"]);
    assert_eq!(names(&env.json(["list"])), ["Person 12"]);
}

#[test]
fn a_sync_cut_short_after_writing_files_is_completed_without_duplicates() {
    let (env, dir) = contacts_env();
    env.ok(["sync", "--contacts", dir.to_str().unwrap()]);
    // Simulate a crash after the files were written but before the database was:
    // copy the database back from before an edit's sync.
    let saved = std::fs::read(env.db()).unwrap();
    let _ = std::fs::remove_file(env.db().with_extension("db-wal"));
    env.ok(["edit", "ada", "--title", "Countess"]);
    env.ok(["sync"]);
    std::fs::write(env.db(), &saved).unwrap();
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", env.db().display()));
    }
    // The files are ahead of the database: the next sync reads the edit back.
    env.ok(["sync"]);
    assert_eq!(env.contacts().len(), 2);
    assert_eq!(env.show("ada")["title"], "Countess");
    assert!(env.json(["sync"])["contacts"]["written"] == 0);
}

#[test]
fn a_task_sync_cut_short_after_the_database_is_completed_without_duplicates() {
    let env = Env::new();
    let tasks = env.dir().join("tasks");
    std::fs::create_dir(&tasks).unwrap();
    ok_on(&env, "2026-11-20", &["add", "Ada Lovelace", "--email", "ada@example.com"]);
    ok_on(&env, "2026-11-20", &["sync", "--tasks", tasks.to_str().unwrap()]);
    complete_task(&tasks, "thank-you-1");
    // The database is written first, then the files: a crash in between leaves the
    // completed task in the folder. Simulate it by putting the folder back as it was.
    let before: Vec<(String, Vec<u8>)> = files(&tasks)
        .into_iter()
        .map(|name| (name.clone(), std::fs::read(tasks.join(&name)).unwrap()))
        .collect();
    ok_on(&env, "2026-11-21", &["sync"]);
    for name in files(&tasks) {
        std::fs::remove_file(tasks.join(name)).unwrap();
    }
    for (name, bytes) in &before {
        std::fs::write(tasks.join(name), bytes).unwrap();
    }
    let out = ok_on(&env, "2026-11-21", &["sync"]);
    assert!(out.contains("0 completed, 1 removed"), "{out}");
    let ada = json_on(&env, "2026-11-21", &["show", "ada"]);
    let thanks = ada["interactions"].as_array().unwrap().iter().filter(|i| i["kind"] == "thank-you").count();
    assert_eq!(thanks, 1, "{ada}");
    assert_eq!(files(&tasks), ["check-in-1@netcrm.ics"]);
}

#[test]
fn a_phone_edit_of_the_name_an_email_and_a_note_arrives() {
    let (env, dir) = contacts_env();
    env.ok(["sync", "--contacts", dir.to_str().unwrap()]);
    edit_card(&dir, "netcrm-contact-1.vcf", "FN:Ada Lovelace", "FN:Ada King");
    edit_card(
        &dir,
        "netcrm-contact-1.vcf",
        "END:VCARD",
        "EMAIL;TYPE=INTERNET:ada@king.example\r\nNOTE:prefers mornings\r\nEND:VCARD",
    );
    let out = env.ok(["sync"]);
    assert!(out.contains("0 written, 1 read"), "{out}");
    let ada = env.show("ada king");
    assert_eq!(ada["name"], "Ada King");
    assert_eq!(ada["emails"], serde_json::json!(["ada@example.com", "ada@king.example"]));
    assert_eq!(ada["notes"], "prefers mornings");
    // What was read is not written back, and the next sync has nothing to do.
    assert!(
        env.json(["sync"])["contacts"]
            == serde_json::json!({"written": 0, "read": 0, "created": 0, "removed": 0, "conflicts": 0})
    );
}

#[test]
fn a_second_card_with_the_same_uid_is_left_alone_with_a_warning() {
    let (env, dir) = contacts_env();
    env.ok(["sync", "--contacts", dir.to_str().unwrap()]);
    let copy = card(&dir, "netcrm-contact-1.vcf").replace("FN:Ada Lovelace", "FN:Ada Copy");
    std::fs::write(dir.join("zz-copy.vcf"), copy).unwrap();
    let (stdout, stderr) = succeeds_with_stderr(&mut env.cmd(["sync"]));
    assert!(stdout.contains("0 written, 0 read, 0 created"), "{stdout}");
    assert!(stderr.contains("zz-copy.vcf: the same UID as netcrm-contact-1.vcf; left alone"), "{stderr}");
    assert_eq!(env.contacts().len(), 2);
    assert!(card(&dir, "zz-copy.vcf").contains("FN:Ada Copy"));
}

#[test]
fn uids_that_make_one_file_name_get_two_files() {
    let env = Env::new();
    let dir = env.dir().join("contacts");
    std::fs::create_dir(&dir).unwrap();
    let vcf = env.dir().join("in.vcf");
    std::fs::write(
        &vcf,
        "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:a/b\r\nFN:Ann Slash\r\nEND:VCARD\r\n\
         BEGIN:VCARD\r\nVERSION:3.0\r\nUID:a_b\r\nFN:Ann Under\r\nEND:VCARD\r\n",
    )
    .unwrap();
    env.ok(["import", vcf.to_str().unwrap()]);
    std::fs::write(dir.join("a_b.vcf"), "not a card").unwrap();
    let (_, stderr) = succeeds_with_stderr(&mut env.cmd(["sync", "--contacts", dir.to_str().unwrap()]));
    assert!(stderr.contains("a_b.vcf: not one vCard; left alone"), "{stderr}");
    assert_eq!(files(&dir), ["a_b-1.vcf", "a_b-2.vcf", "a_b.vcf"]);
    assert_eq!(std::fs::read_to_string(dir.join("a_b.vcf")).unwrap(), "not a card");
    // Nothing is lost on the next syncs.
    for _ in 0..2 {
        let (stdout, _) = succeeds_with_stderr(&mut env.cmd(["sync"]));
        assert!(stdout.contains("0 written, 0 read, 0 created, 0 removed"), "{stdout}");
    }
    assert_eq!(env.contacts().len(), 2);
    assert_eq!(files(&dir).len(), 3);
}

#[test]
fn undo_reverts_a_contacts_sync_and_the_next_sync_rewrites_the_file() {
    let (env, dir) = contacts_env();
    env.ok(["sync", "--contacts", dir.to_str().unwrap()]);
    edit_card(&dir, "netcrm-contact-1.vcf", "ORG:Analytical Engines", "ORG:Phone Co");
    env.ok(["sync"]);
    assert_eq!(env.show("ada")["company"], "Phone Co");
    let out = env.ok(["undo"]);
    assert!(out.contains("sync contacts with"), "{out}");
    assert_eq!(env.show("ada")["company"], "Analytical Engines");
    let out = env.ok(["sync"]);
    assert!(out.contains("1 written, 0 read"), "{out}");
    assert!(card(&dir, "netcrm-contact-1.vcf").contains("ORG:Analytical Engines"));
}

#[test]
fn a_card_cannot_give_one_contacts_email_to_another_or_repeat_values() {
    let (env, dir) = contacts_env();
    env.ok(["sync", "--contacts", dir.to_str().unwrap()]);
    edit_card(
        &dir,
        "netcrm-contact-2.vcf",
        "END:VCARD",
        "EMAIL:ADA@example.com\r\nEMAIL:bob@example.com\r\nEMAIL:Bob@Example.com\r\nTEL:+1 555 0100\r\nEND:VCARD",
    );
    let new =
        "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:new-1\r\nFN:Ada Again\r\nEMAIL:ada@example.com\r\nEND:VCARD\r\n";
    std::fs::write(dir.join("new-1.vcf"), new).unwrap();
    let (stdout, stderr) = succeeds_with_stderr(&mut env.cmd(["sync"]));
    assert!(stdout.contains("2 written, 1 read, 1 created"), "{stdout}");
    assert!(
        stderr.contains("Bob Smith (#2): ADA@example.com is another contact's e-mail; not added"),
        "{stderr}"
    );
    assert!(stderr.contains("new-1.vcf: ada@example.com is another contact's e-mail; not added"), "{stderr}");
    let bob = env.show("bob");
    assert_eq!(bob["emails"], serde_json::json!(["bob@example.com"]));
    assert_eq!(bob["phones"], serde_json::json!(["+1 555 0100"]));
    assert_eq!(env.show("ada again")["emails"], serde_json::json!([]));
    // The cards now say what netcrm has, and the next sync has nothing to do.
    assert!(!card(&dir, "netcrm-contact-2.vcf").contains("ADA@"));
    assert!(!card(&dir, "new-1.vcf").contains("ada@"));
    let (stdout, stderr) = succeeds_with_stderr(&mut env.cmd(["sync"]));
    assert!(stdout.contains("0 written, 0 read, 0 created"), "{stdout}");
    assert_eq!(stderr, "");
}

/// The card files in `dir` (`*.vcf`), read: (file name, text).
fn cards(dir: &Path) -> Vec<(String, String)> {
    files(dir).into_iter().filter(|n| n.ends_with(".vcf")).map(|n| (n.clone(), card(dir, &n))).collect()
}

/// The values of the `EMAIL` lines of a card, lower-cased.
fn card_emails(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| l.starts_with("EMAIL"))
        .filter_map(|l| l.split_once(':').map(|(_, v)| v.trim().to_lowercase()))
        .collect()
}

/// A card written as a phone's sync client does: whole, under its final name at once.
fn phone_card(env: &Env, dir: &Path, uid: &str, name: &str, email: &str) {
    let text =
        format!("BEGIN:VCARD\r\nVERSION:3.0\r\nUID:{uid}\r\nFN:{name}\r\nEMAIL:{email}\r\nEND:VCARD\r\n");
    let staged = env.dir().join(format!("staged-{uid}"));
    std::fs::write(&staged, text).unwrap();
    std::fs::rename(&staged, dir.join(format!("{uid}.vcf"))).unwrap();
}

/// Runs `netcrm sync ARGS`: true when it succeeded, false when it failed cleanly
/// because another sync held the lock or another program the database too long.
fn sync_or_busy(env: &Env, args: &[&str]) -> bool {
    let output = env.std_cmd(std::iter::once("sync").chain(args.iter().copied())).output().unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    match output.status.code() {
        Some(0) => true,
        Some(1) => {
            assert!(
                stderr.contains("another netcrm sync is running")
                    || stderr.contains("another program is writing"),
                "{stderr}"
            );
            assert_eq!(stdout, "");
            false
        }
        other => panic!("sync exited {other:?}\nstdout:\n{stdout}\nstderr:\n{stderr}"),
    }
}

/// Issue 23: a cron job's sync overlapping a manual one removed contacts, gave an
/// e-mail to two contacts and left more card files than contacts, every sync exiting 0.
#[test]
fn syncs_started_at_once_lose_nothing_and_leave_one_card_per_contact() {
    let env = Env::new();
    let dir = env.dir().join("contacts");
    std::fs::create_dir(&dir).unwrap();
    let mut csv = String::from("id,name,emails\n");
    for i in 1..=40 {
        csv.push_str(&format!("{i},Person {i},p{i}@example.com\n"));
    }
    std::fs::write(env.dir().join("people.csv"), csv).unwrap();
    env.ok(["import", "people.csv", "--format", "netcrm"]);
    env.ok(["sync", "--contacts", dir.to_str().unwrap()]);
    const ADDS: usize = 12;
    let synced = std::thread::scope(|scope| {
        let syncs: Vec<_> =
            (0..4).map(|_| scope.spawn(|| (0..6).filter(|_| sync_or_busy(&env, &[])).count())).collect();
        // Contacts added in netcrm and on the phone while the syncs run.
        scope.spawn(|| {
            for i in 0..ADDS {
                env.ok(["add", &format!("Added {i}"), "--email", &format!("added{i}@example.com")]);
            }
        });
        scope.spawn(|| {
            for i in 0..ADDS {
                phone_card(
                    &env,
                    &dir,
                    &format!("phone-{i}"),
                    &format!("Phone {i}"),
                    &format!("phone{i}@example.com"),
                );
                std::thread::sleep(std::time::Duration::from_millis(15));
            }
        });
        syncs.into_iter().map(|s| s.join().unwrap()).sum::<usize>()
    });
    assert!(synced > 0);
    assert!(sync_or_busy(&env, &[]), "a sync on its own succeeds");

    let contacts = env.contacts();
    let mut emails: Vec<String> =
        contacts.iter().flat_map(|c| sorted(&c["emails"])).map(|e| e.to_lowercase()).collect();
    emails.sort();
    let twice: Vec<&String> = emails.windows(2).filter(|w| w[0] == w[1]).map(|w| &w[0]).collect();
    assert!(twice.is_empty(), "e-mails on two contacts ({synced} syncs succeeded): {twice:?}");
    for i in 0..ADDS {
        for email in [format!("added{i}@example.com"), format!("phone{i}@example.com")] {
            assert!(emails.contains(&email), "{email} lost ({synced} syncs succeeded)");
        }
    }
    for i in 1..=40 {
        assert!(emails.contains(&format!("p{i}@example.com")), "Person {i} lost");
    }
    assert_eq!(contacts.len(), 40 + 2 * ADDS);
    // One card per contact, each with that contact's e-mail.
    let cards = cards(&dir);
    assert_eq!(cards.len(), contacts.len(), "{:?}", files(&dir));
    let mut card_emails: Vec<String> = cards.iter().flat_map(|(_, text)| card_emails(text)).collect();
    card_emails.sort();
    assert_eq!(card_emails, emails);
    assert!(files(&dir).iter().all(|n| !n.ends_with(".tmp")), "{:?}", files(&dir));
    env.ok(["doctor"]);
    // And the folder and the database agree: nothing left to do.
    let again = env.json(["sync"]);
    assert_eq!(
        again["contacts"],
        serde_json::json!({"written": 0, "read": 0, "created": 0, "removed": 0, "conflicts": 0})
    );
}

/// The lock file a sync holds while it runs, beside the database.
fn sync_lock(env: &Env) -> std::path::PathBuf {
    let mut name = env.db().file_name().unwrap().to_os_string();
    name.push(".sync-lock");
    env.db().with_file_name(name)
}

/// Holds the sync lock as a running sync would.
fn hold_sync_lock(env: &Env) -> std::fs::File {
    let file =
        std::fs::File::options().create(true).truncate(false).write(true).open(sync_lock(env)).unwrap();
    file.lock().unwrap();
    file
}

#[test]
fn a_sync_waits_for_the_one_running_and_then_refuses_naming_the_lock() {
    let (env, dir) = contacts_env();
    env.ok(["sync", "--contacts", dir.to_str().unwrap()]);
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(sync_lock(&env)).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    let held = hold_sync_lock(&env);
    let started = std::time::Instant::now();
    let stderr = env.fails(["sync"], 1, "another netcrm sync is running");
    let waited = started.elapsed();
    assert!(stderr.contains(&sync_lock(&env).display().to_string()), "{stderr}");
    assert!(waited >= std::time::Duration::from_millis(4500), "gave up after {waited:?}");
    assert!(waited < std::time::Duration::from_secs(30), "waited {waited:?}");
    drop(held);
    env.ok(["sync"]);
}

/// What a sync decides rests on what it reads once it holds the lock: changes made
/// while it waited for another sync are seen.
#[test]
fn a_sync_that_waited_reads_the_folder_and_the_database_afterwards() {
    let (env, dir) = contacts_env();
    env.ok(["sync", "--contacts", dir.to_str().unwrap()]);
    let held = hold_sync_lock(&env);
    let waiting = env.std_cmd(["--json", "sync"]).stdout(std::process::Stdio::piped()).spawn().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(500));
    phone_card(&env, &dir, "phone-1", "Grace Hopper", "grace@example.com");
    env.add("Chloé Dupont", &[]);
    drop(held);
    let output = waiting.wait_with_output().unwrap();
    assert!(output.status.success());
    let summary = parse_json(&String::from_utf8(output.stdout).unwrap());
    assert_eq!(
        summary["contacts"],
        serde_json::json!({"written": 1, "read": 0, "created": 1, "removed": 0, "conflicts": 0})
    );
    assert_eq!(env.contacts().len(), 4);
    assert_eq!(cards(&dir).len(), 4);
}

/// A command that changes a contact while a sync runs is not undone by the sync's
/// older reading of that contact.
#[test]
fn an_edit_made_while_a_sync_runs_is_kept() {
    let (env, dir) = contacts_env();
    env.ok(["sync", "--contacts", dir.to_str().unwrap()]);
    edit_card(&dir, "netcrm-contact-1.vcf", "ORG:Analytical Engines", "ORG:Phone Co");
    // Many contacts without a card yet, so that the sync spends a while writing files.
    let mut csv = String::from("name,emails\n");
    for i in 1..=300 {
        csv.push_str(&format!("Person {i},p{i}@example.com\n"));
    }
    std::fs::write(env.dir().join("people.csv"), csv).unwrap();
    env.ok(["import", "people.csv", "--format", "netcrm"]);
    let sync = env.std_cmd(["sync"]).stdout(std::process::Stdio::null()).spawn().unwrap();
    // Once the sync writes cards, change Ada in netcrm.
    let started = std::time::Instant::now();
    while cards(&dir).len() < 4 {
        assert!(started.elapsed() < std::time::Duration::from_secs(20), "the sync wrote nothing");
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    // It waits for the sync's transaction; a loaded machine may make it wait longer
    // than the database's busy timeout, which is a clean failure worth one retry.
    for attempt in 0.. {
        let output = env.cmd(["edit", "ada", "--title", "Countess"]).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        if output.status.success() {
            break;
        }
        assert!(attempt < 3 && stderr.contains("another program is writing"), "{stderr}");
    }
    let status = { sync }.wait().unwrap();
    assert!(status.success());
    let ada = env.show("ada");
    assert_eq!(ada["company"], "Phone Co", "the phone's edit arrived");
    assert_eq!(ada["title"], "Countess", "the edit made during the sync is kept");
    env.ok(["sync"]);
    let text = card(&dir, "netcrm-contact-1.vcf");
    assert!(text.contains("TITLE:Countess") && text.contains("ORG:Phone Co"), "{text}");
    env.ok(["doctor"]);
}

/// Issue 23: `sync --contacts c` remembered `c` as given; run later from another folder
/// holding an empty `c/`, sync removed every contact.
#[test]
fn a_folder_given_relative_is_remembered_absolute() {
    let (env, _) = contacts_env();
    std::fs::create_dir(env.dir().join("tasks")).unwrap();
    env.ok(["sync", "--contacts", "contacts", "--tasks", "./tasks"]);
    let elsewhere = env.dir().join("elsewhere");
    for dir in ["contacts", "tasks"] {
        std::fs::create_dir_all(elsewhere.join(dir)).unwrap();
    }
    let out = succeeds(env.cmd(["sync"]).current_dir(&elsewhere));
    let contacts = std::fs::canonicalize(env.dir().join("contacts")).unwrap();
    let tasks = std::fs::canonicalize(env.dir().join("tasks")).unwrap();
    assert_eq!(
        out,
        format!(
            "Synced contacts with {}: 0 written, 0 read, 0 created, 0 removed, 0 conflicts.\n\
             Synced tasks with {}: 0 written, 0 completed, 0 removed.\n",
            contacts.display(),
            tasks.display()
        )
    );
    assert_eq!(env.contacts().len(), 2);
    assert!(files(&elsewhere.join("contacts")).is_empty());
    assert!(files(&elsewhere.join("tasks")).is_empty());
}

/// Sets a remembered sync folder as an older netcrm kept it.
fn remember(env: &Env, key: &str, value: &str) {
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    conn.execute("UPDATE settings SET value = ?2 WHERE key = ?1", [key, value]).unwrap();
}

#[test]
fn a_relative_folder_remembered_by_an_older_netcrm_must_be_given_again() {
    let (env, dir) = contacts_env();
    env.ok(["sync", "--contacts", "contacts"]);
    remember(&env, "sync-contacts", "contacts");
    let stderr = env.fails(["sync"], 1, "'contacts'");
    assert!(stderr.contains("netcrm sync --contacts DIR"), "{stderr}");
    env.fails(["sync", "--dry-run"], 1, "'contacts'");
    assert_eq!(env.contacts().len(), 2);
    // Given again, it is remembered whole.
    env.ok(["sync", "--contacts", "contacts"]);
    let out = env.ok(["sync"]);
    assert!(out.contains(&std::fs::canonicalize(&dir).unwrap().display().to_string()), "{out}");
}

#[test]
fn a_missing_remembered_folder_is_an_error_saying_what_to_do() {
    let (env, dir) = contacts_env();
    env.ok(["sync", "--contacts", dir.to_str().unwrap()]);
    std::fs::rename(&dir, env.dir().join("moved")).unwrap();
    let stderr = env.fails(["sync"], 1, dir.to_str().unwrap());
    assert!(stderr.contains("does not exist") && stderr.contains("netcrm sync --contacts DIR"), "{stderr}");
    assert_eq!(env.contacts().len(), 2);
    // A file where the folder was is no folder either.
    std::fs::write(&dir, "").unwrap();
    let stderr = env.fails(["sync"], 1, dir.to_str().unwrap());
    assert!(stderr.contains("is not a folder"), "{stderr}");
    env.fails(["sync", "--contacts", "no-such-folder"], 1, "no-such-folder");
    assert_eq!(env.contacts().len(), 2);
}

/// An empty folder where contacts were synced is almost surely the wrong folder (or
/// one emptied by mistake): refused, even with --yes, unless the folder is given on
/// the command line with --yes.
#[test]
fn an_empty_folder_is_refused_while_contacts_were_synced_with_it() {
    let (env, dir) = contacts_env();
    env.ok(["sync", "--contacts", dir.to_str().unwrap()]);
    std::fs::write(dir.join("notes.txt"), "not a card").unwrap();
    for name in ["netcrm-contact-1.vcf", "netcrm-contact-2.vcf"] {
        std::fs::remove_file(dir.join(name)).unwrap();
    }
    let stderr = env.fails(["sync"], 1, "holds no cards");
    assert!(stderr.contains(dir.to_str().unwrap()) && stderr.contains("2 contacts"), "{stderr}");
    assert!(stderr.contains(&format!("netcrm sync --contacts {} --yes", dir.display())), "{stderr}");
    env.fails(["sync", "--yes"], 1, "holds no cards");
    env.fails(["sync", "--dry-run"], 1, "holds no cards");
    env.fails(["sync", "--contacts", dir.to_str().unwrap()], 1, "holds no cards");
    assert_eq!(env.contacts().len(), 2);
    let out = env.ok(["sync", "--contacts", dir.to_str().unwrap(), "--yes"]);
    assert!(out.contains("2 removed"), "{out}");
    assert!(env.contacts().is_empty());
    assert_eq!(files(&dir), ["notes.txt"]);
}

/// Issue 23: the temporary files of a sync killed while writing a card or a task
/// (`.<name>.<pid>.tmp`) stayed in the folders for good.
#[test]
fn temporary_files_left_by_a_killed_sync_are_removed_by_the_next() {
    let (env, dir) = contacts_env();
    let tasks = env.dir().join("tasks");
    std::fs::create_dir(&tasks).unwrap();
    env.ok(["sync", "--contacts", dir.to_str().unwrap(), "--tasks", tasks.to_str().unwrap()]);
    // The process id of a netcrm that is gone.
    let mut gone = std::process::Command::new("true").spawn().unwrap();
    let pid = gone.id();
    gone.wait().unwrap();
    let ours = [
        (dir.clone(), format!(".netcrm-contact-1.vcf.{pid}.tmp")),
        (dir.clone(), format!(".netcrm-contact-9.vcf.{pid}.tmp")),
        (tasks.clone(), format!(".thank-you-1@netcrm.ics.{pid}.tmp")),
    ];
    let others = [
        (dir.clone(), format!(".notes.txt.{pid}.tmp")),
        (dir.clone(), ".netcrm-contact-1.vcf.tmp".to_string()),
        (dir.clone(), format!("netcrm-contact-1.vcf.{pid}.tmp")),
        (dir.clone(), ".netcrm-contact-1.vcf.12ab.tmp".to_string()),
        (dir.clone(), ".___atomicwrite.tmp".to_string()),
        (tasks.clone(), format!(".someone-elses.ics.{pid}.tmp")),
        // Written by a process still running (this one): perhaps not left over.
        (dir.clone(), format!(".netcrm-contact-2.vcf.{}.tmp", std::process::id())),
    ];
    for (folder, name) in ours.iter().chain(&others) {
        std::fs::write(folder.join(name), "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lo").unwrap();
    }
    let out = env.ok(["sync", "--dry-run"]);
    assert!(out.contains("0 written, 0 read, 0 created, 0 removed"), "{out}");
    for (folder, name) in ours.iter().chain(&others) {
        assert!(folder.join(name).exists(), "a dry run removed {name}");
    }
    let out = env.ok(["sync"]);
    assert!(out.contains("0 written, 0 read, 0 created, 0 removed"), "{out}");
    for (folder, name) in &ours {
        assert!(!folder.join(name).exists(), "{name} left");
    }
    for (folder, name) in &others {
        assert!(folder.join(name).exists(), "{name} removed");
    }
    assert_eq!(env.contacts().len(), 2);
}

/// A card made on a phone, with what netcrm does not manage: an address, a nickname,
/// an anniversary, an organisation unit, a cell and a work label, a grouped URL with
/// its label, a custom property and a folded photo.
const PHONE_GRACE: &str = concat!(
    "BEGIN:VCARD\r\n",
    "VERSION:3.0\r\n",
    "PRODID:-//Apple Inc.//iPhone OS 17.4.1//EN\r\n",
    "N:Hopper;Grace;Brewster;;\r\n",
    "FN:Grace Hopper\r\n",
    "NICKNAME:Amazing Grace\r\n",
    "ORG:Navy;Computing Unit\r\n",
    "EMAIL;type=INTERNET;type=WORK;type=pref:grace@navy.example\r\n",
    "TEL;type=CELL;type=VOICE;type=pref:+1 555 0100\r\n",
    "TEL;type=WORK:+1 555 0199\r\n",
    "ADR;type=HOME;type=pref:;;1 Navy Way;Arlington;VA;22201;USA\r\n",
    "ANNIVERSARY:1930-06-15\r\n",
    "item1.URL;type=pref:https://navy.example/grace\r\n",
    "item1.X-ABLabel:_$!<HomePage>!$_\r\n",
    "X-PHONETIC-LAST-NAME:HOP-er\r\n",
    "PHOTO;ENCODING=b;TYPE=JPEG:UvImZaYMEtKJGF2VDuiBNgkWb2sRPReNbA/TkB/yOaGglfIP\r\n",
    " k5VlDPk4C47bIkprJIoekk6P0K4uGpSSozBfGIy2EJAPnjR/rohtxlB3lex0XEw/yy6yxz4Uk0\r\n",
    "UID:phone-grace\r\n",
    "END:VCARD\r\n",
);

/// Issue 24: a contact made on the phone with an address, a nickname, an anniversary,
/// an organisation unit, a cell and a work label lost all of them after `netcrm edit
/// --title` and one sync.
#[test]
fn a_phone_card_keeps_what_netcrm_does_not_manage_through_an_edit() {
    let (env, dir) = contacts_env();
    env.ok(["sync", "--contacts", dir.to_str().unwrap()]);
    std::fs::write(dir.join("phone-grace.vcf"), PHONE_GRACE).unwrap();
    let out = env.ok(["sync"]);
    assert!(out.contains("0 written, 0 read, 1 created"), "{out}");
    assert_eq!(card(&dir, "phone-grace.vcf"), PHONE_GRACE, "a new card is left as it is");
    let grace = env.show("grace");
    assert_eq!(grace["company"], "Navy");
    assert_eq!(grace["phones"], serde_json::json!(["+1 555 0100", "+1 555 0199"]));

    env.ok(["edit", "grace", "--title", "Rear Admiral"]);
    let out = env.ok(["sync"]);
    assert!(out.contains("1 written, 0 read"), "{out}");
    assert_eq!(
        card(&dir, "phone-grace.vcf"),
        PHONE_GRACE.replace("END:VCARD", "TITLE:Rear Admiral\r\nEND:VCARD"),
        "only the title is new"
    );

    // Values netcrm changes: only their lines change; the others keep their labels.
    env.ok([
        "edit",
        "grace",
        "--company",
        "Remington Rand",
        "--phone",
        "+1 555 0100",
        "--phone",
        "+1 555 0142",
    ]);
    env.ok(["sync"]);
    let text = card(&dir, "phone-grace.vcf");
    let expected = PHONE_GRACE
        .replace("ORG:Navy;Computing Unit", "ORG:Remington Rand;Computing Unit")
        .replace("TEL;type=WORK:+1 555 0199\r\n", "TEL:+1 555 0142\r\n")
        .replace("END:VCARD", "TITLE:Rear Admiral\r\nEND:VCARD");
    assert_eq!(text, expected);
    assert_eq!(env.json(["sync"])["contacts"]["written"], 0);
}

/// Issue 24: two contacts merged on the phone (khard merge: one card takes the other's
/// e-mail, the other card removed) lost the moved e-mail everywhere.
#[test]
fn a_merge_on_the_phone_keeps_every_email_whichever_card_is_kept() {
    for keep_first in [true, false] {
        let env = Env::new();
        let dir = env.dir().join("contacts");
        std::fs::create_dir(&dir).unwrap();
        env.add("Ada Lovelace", &["--email", "ada@example.com"]);
        env.add("Ada King", &["--email", "ada@king.example"]);
        env.ok(["sync", "--contacts", dir.to_str().unwrap()]);
        let (kept, gone, moved) = if keep_first {
            ("netcrm-contact-1.vcf", "netcrm-contact-2.vcf", "ada@king.example")
        } else {
            ("netcrm-contact-2.vcf", "netcrm-contact-1.vcf", "ada@example.com")
        };
        edit_card(&dir, kept, "END:VCARD", &format!("EMAIL;TYPE=INTERNET:{moved}\r\nEND:VCARD"));
        std::fs::remove_file(dir.join(gone)).unwrap();
        let (stdout, stderr) = succeeds_with_stderr(&mut env.cmd(["sync"]));
        assert!(stdout.contains("0 written, 1 read, 0 created, 1 removed"), "{stdout}");
        assert_eq!(stderr, "", "keep_first {keep_first}");
        let contacts = env.contacts();
        assert_eq!(contacts.len(), 1);
        let mut emails: Vec<String> = contacts[0]["emails"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e.as_str().unwrap().to_string())
            .collect();
        emails.sort();
        assert_eq!(emails, ["ada@example.com", "ada@king.example"], "keep_first {keep_first}");
    }
}

/// An address moved on the phone from one kept card to another is not "another
/// contact's" either, whichever card the sync reads first.
#[test]
fn an_email_moved_between_two_cards_on_the_phone_moves() {
    let (env, dir) = contacts_env();
    env.ok(["sync", "--contacts", dir.to_str().unwrap()]);
    edit_card(&dir, "netcrm-contact-1.vcf", "EMAIL;TYPE=INTERNET:ada@example.com\r\n", "");
    edit_card(&dir, "netcrm-contact-2.vcf", "END:VCARD", "EMAIL;TYPE=INTERNET:ada@example.com\r\nEND:VCARD");
    let (stdout, stderr) = succeeds_with_stderr(&mut env.cmd(["sync"]));
    assert!(stdout.contains("0 written, 2 read"), "{stdout}");
    assert_eq!(stderr, "");
    assert_eq!(env.show("ada")["emails"], serde_json::json!([]));
    assert_eq!(env.show("bob")["emails"], serde_json::json!(["ada@example.com"]));
}

/// Issue 24: khard rewrote netcrm's yearless birthday `--12-10` as `1900-12-10`, and
/// netcrm's `BDAY;X-APPLE-OMIT-YEAR=1604:1604-12-10` as `BDAY:1604-12-10`.
#[test]
fn a_yearless_birthday_survives_khard_rewriting_it() {
    let env = Env::new();
    let dir = env.dir().join("contacts");
    std::fs::create_dir(&dir).unwrap();
    env.add("Ada Lovelace", &["--birthday", "--12-10"]);
    env.add("Bob Smith", &["--birthday", "1990-05-12"]);
    env.add("Chloé Dupont", &[]);
    env.ok(["sync", "--contacts", dir.to_str().unwrap()]);
    let ada = "netcrm-contact-1.vcf";
    assert!(card(&dir, ada).contains("\r\nBDAY;X-APPLE-OMIT-YEAR=1604:1604-12-10\r\n"));
    for khard in ["BDAY:1604-12-10", "BDAY:1900-12-10", "BDAY;VALUE=date:19001210"] {
        let text = card(&dir, ada);
        let line = text.lines().find(|l| l.starts_with("BDAY")).unwrap().to_string();
        edit_card(&dir, ada, &line, khard);
        let out = env.ok(["sync"]);
        assert!(out.contains("0 written, 0 read"), "{khard}: {out}");
        assert_eq!(env.show("ada")["birthday"], "--12-10", "{khard}");
    }
    // Moved on the phone to another day, in khard's form: still without a year.
    edit_card(&dir, ada, "BDAY;VALUE=date:19001210", "BDAY:1900-03-04");
    env.ok(["sync"]);
    assert_eq!(env.show("ada")["birthday"], "--03-04");
    // A card whose base had a year keeps the year it is given; one whose base had no
    // birthday takes khard's placeholder as none.
    edit_card(&dir, "netcrm-contact-2.vcf", "BDAY:1990-05-12", "BDAY:1900-05-12");
    edit_card(&dir, "netcrm-contact-3.vcf", "END:VCARD", "BDAY:1900-07-14\r\nEND:VCARD");
    env.ok(["sync"]);
    assert_eq!(env.show("bob")["birthday"], "1900-05-12");
    assert_eq!(env.show("chloé")["birthday"], "--07-14");
}

/// Issue 24: a khard edit re-sorted the e-mails and changed the contact's first e-mail,
/// the one `due` shows as the way to reach them.
#[test]
fn emails_phones_and_tags_reordered_on_the_phone_keep_netcrms_order() {
    let env = Env::new();
    let dir = env.dir().join("contacts");
    std::fs::create_dir(&dir).unwrap();
    env.add(
        "Ada Lovelace",
        &[
            "--email",
            "zed@example.com",
            "--email",
            "ada@example.com",
            "--phone",
            "+1 555 0199",
            "--phone",
            "+1 555 0100",
            "--tag",
            "rust",
            "--tag",
            "maths",
        ],
    );
    env.ok(["sync", "--contacts", dir.to_str().unwrap()]);
    let file = "netcrm-contact-1.vcf";
    // khard writes the e-mails sorted, and so on: a reordering only is no change.
    let sorted = card(&dir, file)
        .replace(
            "EMAIL;TYPE=INTERNET:zed@example.com\r\nEMAIL;TYPE=INTERNET:ada@example.com",
            "EMAIL;TYPE=INTERNET:ada@example.com\r\nEMAIL;TYPE=INTERNET:zed@example.com",
        )
        .replace("TEL:+1 555 0199\r\nTEL:+1 555 0100", "TEL:+1 555 0100\r\nTEL:+1 555 0199")
        .replace("CATEGORIES:maths,rust", "CATEGORIES:rust,maths");
    assert_ne!(sorted, card(&dir, file));
    std::fs::write(dir.join(file), &sorted).unwrap();
    let out = env.ok(["sync"]);
    assert!(out.contains("0 written, 0 read"), "{out}");
    assert_eq!(card(&dir, file), sorted, "the card keeps its order");
    let ada = env.show("ada");
    assert_eq!(ada["emails"], serde_json::json!(["zed@example.com", "ada@example.com"]));
    assert_eq!(ada["phones"], serde_json::json!(["+1 555 0199", "+1 555 0100"]));
    assert_eq!(ada["tags"], serde_json::json!(["maths", "rust"]));
    // A new e-mail first in the card comes after the contact's; a removed first one
    // leaves the next first.
    edit_card(
        &dir,
        file,
        "EMAIL;TYPE=INTERNET:ada@example.com\r\nEMAIL;TYPE=INTERNET:zed@example.com",
        "EMAIL;TYPE=INTERNET:aaa@example.com\r\nEMAIL;TYPE=INTERNET:ada@example.com\r\nEMAIL;TYPE=INTERNET:zed@example.com",
    );
    env.ok(["sync"]);
    assert_eq!(
        env.show("ada")["emails"],
        serde_json::json!(["zed@example.com", "ada@example.com", "aaa@example.com"])
    );
    edit_card(&dir, file, "EMAIL;TYPE=INTERNET:zed@example.com\r\n", "");
    env.ok(["sync"]);
    assert_eq!(env.show("ada")["emails"], serde_json::json!(["ada@example.com", "aaa@example.com"]));
    let due = env.json(["due", "--within", "60d"]);
    let channel: Vec<&serde_json::Value> = due.as_array().unwrap().iter().map(|f| &f["channel"]).collect();
    assert!(channel.iter().all(|c| *c == "ada@example.com"), "{due}");
}

/// Sets a file's modification time `ago` before now (a trusted stat needs a file
/// last modified more than 2 seconds before the sync).
fn set_modified_ago(path: &Path, ago: std::time::Duration) {
    let file = std::fs::File::options().write(true).open(path).unwrap();
    file.set_modified(std::time::SystemTime::now() - ago).unwrap();
}

/// Writes `text` over the file in place (same inode), keeping its modification time.
fn overwrite_in_place(path: &Path, text: &str) {
    use std::io::{Seek, Write};
    let modified = std::fs::metadata(path).unwrap().modified().unwrap();
    let mut file = std::fs::File::options().write(true).open(path).unwrap();
    file.rewind().unwrap();
    file.write_all(text.as_bytes()).unwrap();
    file.set_len(text.len() as u64).unwrap();
    file.set_modified(modified).unwrap();
}

/// What the sync kept of a card file's stat: (size, mtime in ns), if anything.
fn kept_stat(env: &Env, file: &str) -> Option<(i64, i64)> {
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    conn.query_row("SELECT size, mtime_ns FROM sync_cards WHERE file = ?1", [file], |r| {
        Ok(r.get::<_, Option<i64>>(0)?.zip(r.get::<_, Option<i64>>(1)?))
    })
    .unwrap()
}

/// Two contacts synced, their cards' files made older than the racy window and synced
/// again so that their stat is kept.
fn synced_and_settled() -> (Env, std::path::PathBuf) {
    let (env, dir) = contacts_env();
    env.ok(["sync", "--contacts", dir.to_str().unwrap()]);
    for name in files(&dir) {
        set_modified_ago(&dir.join(name), std::time::Duration::from_secs(60));
    }
    let out = env.ok(["sync"]);
    assert!(out.contains("0 written, 0 read, 0 created, 0 removed"), "{out}");
    (env, dir)
}

#[test]
fn a_card_written_just_now_is_read_again_by_the_next_sync_whatever_its_stat_says() {
    let (env, dir) = contacts_env();
    env.ok(["sync", "--contacts", dir.to_str().unwrap()]);
    // Written within the file system's clock tick of the sync: its stat is not kept.
    assert_eq!(kept_stat(&env, "netcrm-contact-1.vcf"), None);
    // So a change of the same size at the same time is still found.
    let text = card(&dir, "netcrm-contact-1.vcf");
    overwrite_in_place(&dir.join("netcrm-contact-1.vcf"), &text.replace("Analytical", "Arithmetic"));
    let out = env.ok(["sync"]);
    assert!(out.contains("0 written, 1 read"), "{out}");
    assert_eq!(env.show("ada")["company"], "Arithmetic Engines");
}

#[test]
fn a_card_only_touched_is_neither_written_nor_read_again() {
    let (env, dir) = synced_and_settled();
    let path = dir.join("netcrm-contact-1.vcf");
    let before = std::fs::read(&path).unwrap();
    // Touched (a backup restored it, a tool rewrote it as it was): read once, found
    // the same, nothing written; what stat says now is kept.
    set_modified_ago(&path, std::time::Duration::from_secs(30));
    let out = env.ok(["sync"]);
    assert!(out.contains("0 written, 0 read, 0 created, 0 removed, 0 conflicts"), "{out}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
    let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
    let ns = modified.duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as i64;
    assert_eq!(kept_stat(&env, "netcrm-contact-1.vcf"), Some((before.len() as i64, ns)));
    // From then on stat alone says it is unchanged: bytes changed behind stat's back
    // (same size, time and inode) are not read. This is what the stat is for; every
    // program that edits a card writes it anew or changes its time.
    overwrite_in_place(&path, &"x".repeat(before.len()));
    let out = env.ok(["sync"]);
    assert!(out.contains("0 written, 0 read"), "{out}");
}

#[test]
fn a_card_changed_in_place_is_read_again() {
    let (env, dir) = synced_and_settled();
    let path = dir.join("netcrm-contact-1.vcf");
    // The same size, the same inode, another modification time.
    let text = card(&dir, "netcrm-contact-1.vcf");
    overwrite_in_place(&path, &text.replace("Analytical", "Arithmetic"));
    set_modified_ago(&path, std::time::Duration::from_secs(10));
    let out = env.ok(["sync"]);
    assert!(out.contains("0 written, 1 read"), "{out}");
    assert_eq!(env.show("ada")["company"], "Arithmetic Engines");
}

#[test]
fn a_sync_with_nothing_new_still_sees_every_kind_of_change() {
    let (env, dir) = synced_and_settled();
    // A change made by another program to the database.
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    conn.execute("UPDATE contacts SET title = 'Countess' WHERE id = 1", []).unwrap();
    drop(conn);
    let out = env.ok(["sync"]);
    assert!(out.contains("1 written, 0 read"), "{out}");
    assert!(card(&dir, "netcrm-contact-1.vcf").contains("TITLE:Countess"));
    // An edit in netcrm, and its undo.
    env.ok(["edit", "bob", "--company", "Acme"]);
    assert!(env.ok(["sync"]).contains("1 written"));
    assert!(card(&dir, "netcrm-contact-2.vcf").contains("ORG:Acme"));
    let undone = env.ok(["undo"]);
    assert!(undone.contains("edit"), "{undone}");
    let out = env.ok(["sync"]);
    assert!(out.contains("1 written"), "{out}");
    assert!(!card(&dir, "netcrm-contact-2.vcf").contains("ORG:Acme"));
    // A card removed on the phone, and one added there.
    for name in files(&dir) {
        set_modified_ago(&dir.join(name), std::time::Duration::from_secs(60));
    }
    env.ok(["sync"]);
    std::fs::remove_file(dir.join("netcrm-contact-2.vcf")).unwrap();
    phone_card(&env, &dir, "phone-1", "Grace Hopper", "grace@example.com");
    let out = env.ok(["sync"]);
    assert!(out.contains("1 created, 1 removed"), "{out}");
    assert_eq!(env.json(["list"]).as_array().unwrap().len(), 2);
}

#[test]
fn an_import_is_counted_once_and_the_counting_goes_on_after_it() {
    let (env, dir) = synced_and_settled();
    // An import writes its rows without the counting triggers, then counts itself once.
    let cards = env.dir().join("people.vcf");
    std::fs::write(
        &cards,
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Grace Hopper\r\nEMAIL:grace@example.com\r\nEND:VCARD\r\n",
    )
    .unwrap();
    env.ok(["import", cards.to_str().unwrap()]);
    let out = env.ok(["sync"]);
    assert!(out.contains("1 written"), "{out}");
    for name in files(&dir) {
        set_modified_ago(&dir.join(name), std::time::Duration::from_secs(60));
    }
    assert!(env.ok(["sync"]).contains("0 written, 0 read"));
    // The triggers are back: an edit after the import is still seen.
    env.ok(["edit", "grace", "--title", "Rear Admiral"]);
    let out = env.ok(["sync"]);
    assert!(out.contains("1 written"), "{out}");
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    let triggers: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'card_change%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(triggers, 15);
}
