//! SIGKILL at any moment of `undo`, `merge`, `sync`, `scan` or an upgrade leaves a database that
//! passes `integrity_check` and holds all or none of that command's changes. Each
//! command runs on a copy of one database and is killed after a range of delays,
//! from before it opens the file to after it is done.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use crate::support::*;

/// How long after its start each run is killed, in milliseconds.
const DELAYS_MS: [u64; 10] = [0, 2, 5, 10, 20, 40, 80, 160, 320, 640];

/// `integrity_check` of the database at `db`, read without netcrm.
fn integrity(db: &Path) -> String {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap()
}

/// `netcrm export json` of `db`: every record.
fn records(env: &Env, db: &Path) -> String {
    // An upgrade says so on stderr.
    succeeds_with_stderr(env.cmd(["export", "json"]).env("NETCRM_DB", db)).0
}

/// Runs `netcrm ARGS` on a copy of `base` for each delay, kills it then, and checks
/// that the copy is whole and holds either `before` or `after`. Returns how many runs
/// were cut short before and after their change.
fn kill_at_every_moment(env: &Env, base: &Path, args: &[&str], before: &str, after: &str) -> (usize, usize) {
    let (mut none, mut all) = (0, 0);
    for (run, delay) in DELAYS_MS.iter().enumerate() {
        let db = env.dir().join(format!("killed-{run}.db"));
        std::fs::copy(base, &db).unwrap();
        let mut cmd: Command = env.std_cmd(args);
        cmd.env("NETCRM_DB", &db).stdout(std::process::Stdio::null()).stderr(std::process::Stdio::null());
        let mut child = cmd.spawn().unwrap();
        std::thread::sleep(Duration::from_millis(*delay));
        let _ = child.kill(); // SIGKILL
        child.wait().unwrap();
        assert_eq!(integrity(&db), "ok", "{args:?} killed after {delay} ms");
        let now = records(env, &db);
        if now == before {
            none += 1;
        } else if now == after {
            all += 1;
        } else {
            panic!("{args:?} killed after {delay} ms left part of its changes:\n{now}");
        }
    }
    (none, all)
}

/// A copy of `db` with no write-ahead log beside it (netcrm leaves none once closed).
fn snapshot(env: &Env, db: &Path, name: &str) -> std::path::PathBuf {
    let copy = env.dir().join(name);
    std::fs::copy(db, &copy).unwrap();
    copy
}

#[test]
fn sigkill_during_undo_of_a_large_import_leaves_all_or_nothing() {
    let env = Env::new();
    let mut csv = String::from(
        "id,name,emails,phones,company,title,linkedin,tags,met_on,met_at,how_met,introduced_by,cadence,birthday,last_contact,next_follow_up,notes\n",
    );
    for i in 1..=800 {
        csv.push_str(&format!("{i},Person {i},p{i}@example.com,,Company {},,,,,,,,,,,,note {i}\n", i % 50));
    }
    let file = env.dir().join("people.csv");
    std::fs::write(&file, csv).unwrap();
    env.ok(["add", "Ada Lovelace"]);
    env.ok(["import", file.to_str().unwrap()]);
    let base = snapshot(&env, env.db(), "base.db");
    let before = records(&env, &base);
    let done = snapshot(&env, &base, "done.db");
    succeeds(env.cmd(["undo"]).env("NETCRM_DB", &done));
    let after = records(&env, &done);
    assert_ne!(before, after);
    let (none, all) = kill_at_every_moment(&env, &base, &["undo"], &before, &after);
    assert!(none > 0, "every run finished before it was killed");
    assert_eq!(none + all, DELAYS_MS.len());
}

#[test]
fn sigkill_during_merge_leaves_all_or_nothing() {
    let env = Env::new();
    env.ok(["add", "Ada Lovelace", "--email", "ada@example.com", "--tag", "rust"]);
    env.ok(["add", "Ada King", "--email", "countess@example.com", "--note", "the other"]);
    env.ok(["log", "2", "--kind", "call", "--note", "first"]);
    // Many interactions for the one merged away, through a restored backup.
    let mut backup: serde_json::Value = serde_json::from_str(&records(&env, env.db())).unwrap();
    let template = backup["interactions"].as_array().unwrap().last().unwrap().clone();
    let mut interactions = Vec::new();
    for id in 1..=1000 {
        let mut interaction = template.clone();
        interaction["id"] = id.into();
        interaction["on"] = format!("2026-{:02}-{:02}", id % 10 + 1, id % 28 + 1).into();
        interactions.push(interaction);
    }
    backup["interactions"] = interactions.into();
    let file = env.dir().join("backup.json");
    std::fs::write(&file, backup.to_string()).unwrap();
    let base = env.dir().join("base.db");
    succeeds(env.cmd(["import", file.to_str().unwrap()]).env("NETCRM_DB", &base));
    let before = records(&env, &base);
    let done = snapshot(&env, &base, "done.db");
    succeeds(env.cmd(["merge", "1", "2"]).env("NETCRM_DB", &done));
    let after = records(&env, &done);
    assert_ne!(before, after);
    let (none, all) = kill_at_every_moment(&env, &base, &["merge", "1", "2"], &before, &after);
    assert_eq!(none + all, DELAYS_MS.len());
}

#[test]
fn sigkill_during_scan_leaves_all_or_none_and_the_next_scan_completes_it() {
    let env = Env::new();
    let mut csv = String::from("id,name,emails\n");
    for i in 1..=300 {
        csv.push_str(&format!("{i},Person {i},p{i}@example.com\n"));
    }
    let file = env.dir().join("people.csv");
    std::fs::write(&file, csv).unwrap();
    env.ok(["import", file.to_str().unwrap(), "--format", "netcrm"]);
    let message = |n: usize, to: &str| {
        format!(
            "From me@example.com Mon Nov  2 10:00:00 2026\nFrom: Me <me@example.com>\nTo: {to}\n\
             Message-ID: <m{n}@example.com>\nDate: Mon, 2 Nov 2026 10:{:02}:00 +0000\nSubject: note {n}\n\nhello\n\n",
            n % 60
        )
    };
    // Your address remembered by a first scan that finds no contact.
    std::fs::write(env.dir().join("first.mbox"), message(0, "stranger@example.org")).unwrap();
    env.ok(["scan", "first.mbox", "--me", "me@example.com"]);
    let mut mbox = String::new();
    for n in 1..=4000 {
        mbox.push_str(&message(n, &format!("p{}@example.com", n % 300 + 1)));
    }
    std::fs::write(env.dir().join("big.mbox"), mbox).unwrap();
    let base = snapshot(&env, env.db(), "base.db");
    let before = records(&env, &base);
    let done = snapshot(&env, &base, "done.db");
    succeeds_with_stderr(env.cmd(["scan", "big.mbox"]).env("NETCRM_DB", &done));
    let after = records(&env, &done);
    assert_ne!(before, after);
    let (none, all) = kill_at_every_moment(&env, &base, &["scan", "big.mbox"], &before, &after);
    assert!(none > 0, "every run finished before it was killed");
    assert_eq!(none + all, DELAYS_MS.len());
    // A scan cut short is done again whole by the next.
    let killed = env.dir().join("killed-0.db");
    succeeds_with_stderr(env.cmd(["scan", "big.mbox"]).env("NETCRM_DB", &killed));
    assert_eq!(records(&env, &killed), after);
}

#[test]
fn sigkill_during_an_upgrade_leaves_the_old_or_the_new_database() {
    let env = Env::new();
    // A database at schema version 6 holding many contacts, whose upgrade (stored
    // follow-ups, folded names) touches every one.
    let base = env.dir().join("old.db");
    crate::upgrades::old_database(&base, 6);
    {
        let conn = rusqlite::Connection::open(&base).unwrap();
        conn.execute_batch("BEGIN").unwrap();
        for i in 3..=1500 {
            conn.execute(
                "INSERT INTO contacts (id, name, notes, created_at) VALUES (?1, ?2, 'note', '2026-11-01')",
                rusqlite::params![i, format!("Person {i}")],
            )
            .unwrap();
            conn.execute(
                "INSERT INTO interactions (contact_id, kind, on_date) VALUES (?1, 'met', '2026-11-01')",
                [i],
            )
            .unwrap();
        }
        conn.execute_batch("COMMIT; PRAGMA wal_checkpoint(TRUNCATE);").unwrap();
    }
    let done = snapshot(&env, &base, "done.db");
    let after = records(&env, &done);
    let (mut old, mut new) = (0, 0);
    for (run, delay) in DELAYS_MS.iter().enumerate() {
        let db = env.dir().join(format!("killed-{run}.db"));
        std::fs::copy(&base, &db).unwrap();
        let mut child = env
            .std_cmd(["list"])
            .env("NETCRM_DB", &db)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(*delay));
        let _ = child.kill();
        child.wait().unwrap();
        assert_eq!(integrity(&db), "ok", "killed after {delay} ms");
        let conn = rusqlite::Connection::open(&db).unwrap();
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
        let contacts: i64 = conn.query_row("SELECT count(*) FROM contacts", [], |r| r.get(0)).unwrap();
        assert_eq!(contacts, 1500, "killed after {delay} ms");
        match version {
            6 => old += 1,
            v if v == netcrm::store::SCHEMA_VERSION => new += 1,
            other => panic!("killed after {delay} ms at schema version {other}"),
        }
        drop(conn);
        // Whatever happened, the next run upgrades it to the same records; a copy cut
        // short is never taken for a finished one.
        assert_eq!(records(&env, &db), after, "killed after {delay} ms");
        for entry in std::fs::read_dir(env.dir()).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            // A copy cut short keeps its temporary name (`.bak-v6.<pid>.tmp`), which
            // the next run's upgrade removes.
            assert!(
                !(name.starts_with(&format!("killed-{run}.db.bak-v6")) && name.contains(".tmp")),
                "killed after {delay} ms: {name} was left"
            );
            if name.starts_with(&format!("killed-{run}.db.bak-v6")) && !name.contains(".tmp") {
                let copy = env.dir().join(&name);
                assert_eq!(integrity(&copy), "ok", "{name}");
            }
        }
    }
    assert_eq!(old + new, DELAYS_MS.len());
}

#[test]
fn sigkill_during_sync_leaves_all_or_none_and_the_next_sync_completes_it() {
    let env = Env::new();
    let mut csv = String::from("id,name,emails,title\n");
    for i in 1..=200 {
        csv.push_str(&format!("{i},Person {i},p{i}@example.com,Engineer\n"));
    }
    let file = env.dir().join("people.csv");
    std::fs::write(&file, csv).unwrap();
    env.ok(["import", file.to_str().unwrap(), "--format", "netcrm"]);
    let cards = env.dir().join("cards");
    std::fs::create_dir(&cards).unwrap();
    env.ok(["sync", "--contacts", cards.to_str().unwrap()]);
    // Every card edited on the phone: the next sync reads 200 changes.
    for entry in std::fs::read_dir(&cards).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.replace("TITLE:Engineer", "TITLE:Manager")).unwrap();
    }
    let titles = |db: &Path| -> Vec<String> {
        let conn = rusqlite::Connection::open(db).unwrap();
        let mut stmt = conn.prepare("SELECT DISTINCT title FROM contacts ORDER BY title").unwrap();
        stmt.query_map([], |r| r.get(0)).unwrap().map(|r| r.unwrap()).collect()
    };
    let base = snapshot(&env, env.db(), "base.db");
    let pristine: Vec<(std::path::PathBuf, Vec<u8>)> = std::fs::read_dir(&cards)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| (p.clone(), std::fs::read(&p).unwrap()))
        .collect();
    for delay in DELAYS_MS {
        // The folder as the phone left it, the database as before the sync.
        for (path, bytes) in &pristine {
            std::fs::write(path, bytes).unwrap();
        }
        let db = env.dir().join(format!("killed-{delay}.db"));
        std::fs::copy(&base, &db).unwrap();
        let mut child = env
            .std_cmd(["sync"])
            .env("NETCRM_DB", &db)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay));
        let _ = child.kill();
        child.wait().unwrap();
        assert_eq!(integrity(&db), "ok", "killed after {delay} ms");
        let seen = titles(&db);
        assert!(seen == ["Engineer"] || seen == ["Manager"], "killed after {delay} ms: {seen:?}");
        // The next sync finishes the work: everyone's title arrives, nobody twice.
        succeeds_with_stderr(env.cmd(["sync"]).env("NETCRM_DB", &db));
        assert_eq!(titles(&db), ["Manager"], "after a sync killed after {delay} ms");
        let conn = rusqlite::Connection::open(&db).unwrap();
        let count: i64 = conn.query_row("SELECT count(*) FROM contacts", [], |r| r.get(0)).unwrap();
        assert_eq!(count, 200, "after a sync killed after {delay} ms");
        assert_eq!(std::fs::read_dir(&cards).unwrap().count(), 200);
    }
}

#[test]
fn concurrent_logs_and_undos_each_apply_whole_or_fail_cleanly() {
    let env = Env::new();
    env.ok(["add", "Ada Lovelace", "--no-thank-you"]);
    env.ok(["add", "Grace Hopper", "--no-thank-you"]);
    // Only the logs below can be undone.
    env.ok(["undo", "--clear"]);
    let run = |args: Vec<String>| {
        let output = env.std_cmd(&args).output().unwrap();
        let stderr = String::from_utf8(output.stderr).unwrap();
        match output.status.code() {
            Some(0) => true,
            // Waiting longer than the busy timeout is the one acceptable failure.
            Some(1) => {
                assert!(stderr.contains("another program is writing"), "{args:?}: {stderr}");
                false
            }
            other => panic!("{args:?} exited {other:?}: {stderr}"),
        }
    };
    let (logged, undone) = std::thread::scope(|scope| {
        let writers: Vec<_> = ["ada", "grace", "ada", "grace"]
            .into_iter()
            .enumerate()
            .map(|(w, who)| {
                let run = &run;
                scope.spawn(move || {
                    (0..5)
                        .filter(|i| {
                            run(vec![
                                "log".into(),
                                who.into(),
                                "--kind".into(),
                                "call".into(),
                                "--note".into(),
                                format!("w{w} {i}"),
                            ])
                        })
                        .count()
                })
            })
            .collect();
        let undoer = scope.spawn(|| {
            (0..5)
                .filter(|_| {
                    // Nothing to undo yet is an error too: count only what was undone.
                    let output = env.std_cmd(["undo"]).output().unwrap();
                    let stderr = String::from_utf8(output.stderr).unwrap();
                    assert!(
                        output.status.success()
                            || stderr.contains("nothing to undo")
                            || stderr.contains("nothing was undone")
                            || stderr.contains("another program is writing"),
                        "{stderr}"
                    );
                    output.status.success()
                })
                .count()
        });
        let logged: usize = writers.into_iter().map(|w| w.join().unwrap()).sum();
        (logged, undoer.join().unwrap())
    });
    assert_eq!(integrity(env.db()), "ok");
    let interactions: usize = ["ada", "grace"]
        .iter()
        .map(|who| {
            env.show(who)["interactions"].as_array().unwrap().iter().filter(|i| i["kind"] == "call").count()
        })
        .sum();
    // Each undo reverted one whole log.
    assert_eq!(interactions + undone, logged, "logged {logged}, undone {undone}");
    // The stored follow-ups agree with the records: nothing was half done.
    env.ok(["doctor"]);
}

#[test]
fn concurrent_scans_of_one_mailbox_log_each_message_once() {
    let env = Env::new();
    env.ok(["add", "Ada Lovelace", "--email", "ada@example.com", "--no-thank-you"]);
    env.ok(["add", "Grace Hopper", "--email", "grace@example.com", "--no-thank-you"]);
    let mut mbox = String::new();
    for n in 1..=200 {
        let to = if n % 2 == 0 { "ada@example.com" } else { "grace@example.com" };
        mbox.push_str(&format!(
            "From me@example.com Mon Nov  2 10:00:00 2026\nFrom: me@example.com\nTo: {to}\n\
             Message-ID: <c{n}@example.com>\nDate: Mon, 2 Nov 2026 09:{:02}:00 +0000\nSubject: s{n}\n\nhi\n\n",
            n % 60
        ));
    }
    std::fs::write(env.dir().join("box.mbox"), mbox).unwrap();
    let scans = std::thread::scope(|scope| {
        let runs: Vec<_> = (0..4)
            .map(|_| {
                scope.spawn(|| {
                    let output =
                        env.std_cmd(["scan", "box.mbox", "--me", "me@example.com"]).output().unwrap();
                    let stderr = String::from_utf8(output.stderr).unwrap();
                    assert!(
                        output.status.success() || stderr.contains("another program is writing"),
                        "{stderr}"
                    );
                    output.status.success()
                })
            })
            .collect();
        runs.into_iter().map(|r| r.join().unwrap()).filter(|ok| *ok).count()
    });
    assert!(scans > 0);
    assert_eq!(integrity(env.db()), "ok");
    let emails: usize = ["ada", "grace"]
        .iter()
        .map(|who| {
            env.show(who)["interactions"].as_array().unwrap().iter().filter(|i| i["kind"] == "email").count()
        })
        .sum();
    assert_eq!(emails, 200, "{scans} scans succeeded");
    env.ok(["doctor"]);
}
