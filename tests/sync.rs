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
    assert!(dry.contains("1 written, 1 completed, 1 removed. Nothing was changed."), "{dry}");
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
        serde_json::json!({"contacts": null, "tasks": {"written": 1, "completed": 1, "removed": 1}})
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
