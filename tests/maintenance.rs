//! End-to-end tests of `backup` and `doctor`.

use std::os::unix::fs::PermissionsExt;

use serde_json::json;

use crate::support::{Env, write_file};

#[test]
fn backup_makes_a_private_copy_that_netcrm_can_open() {
    let env = Env::new();
    env.add("Ada Lovelace", &["--email", "ada@example.com"]);
    let copy = env.dir().join("backup.db");
    let out = env.ok(["backup", copy.to_str().unwrap()]);
    assert_eq!(out, format!("Backed up {} to {}.\n", env.db().display(), copy.display()));
    let mode = std::fs::metadata(&copy).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    let restored = env.json(["--db", copy.to_str().unwrap(), "list"]);
    assert_eq!(restored[0]["emails"], json!(["ada@example.com"]));
}

#[test]
fn backup_json_names_both_files() {
    let env = Env::new();
    env.add("Ada Lovelace", &[]);
    let copy = env.dir().join("b.db");
    let printed = env.json(["backup", copy.to_str().unwrap()]);
    assert_eq!(printed, json!({"database": env.db().to_str().unwrap(), "backup": copy.to_str().unwrap()}));
}

#[test]
fn backup_never_overwrites_a_file() {
    let env = Env::new();
    env.add("Ada Lovelace", &[]);
    let existing = env.dir().join("precious.db");
    std::fs::write(&existing, "keep me").unwrap();
    env.fails(["backup", existing.to_str().unwrap()], 1, "already exists");
    assert_eq!(std::fs::read_to_string(&existing).unwrap(), "keep me");
    env.fails(["backup", env.dir().join("no/such/folder/b.db").to_str().unwrap()], 1, "cannot create");
}

#[test]
fn doctor_says_one_line_when_healthy() {
    let env = Env::new();
    env.add("Ada Lovelace", &[]);
    let out = env.ok(["doctor"]);
    assert_eq!(
        out,
        format!(
            "{} is healthy: schema version {}, 1 contact, integrity and foreign keys ok.\n",
            env.db().display(),
            netcrm::store::SCHEMA_VERSION
        )
    );
    assert_eq!(
        env.json(["doctor"]),
        json!({
            "database": env.db().to_str().unwrap(),
            "schema_version": netcrm::store::SCHEMA_VERSION,
            "integrity_check": "ok",
            "foreign_key_check": "ok",
            "contacts": 1,
        })
    );
}

#[test]
fn doctor_reports_each_problem_as_a_warning_then_fails() {
    let env = Env::new();
    env.add("Ada Lovelace", &[]);
    {
        // Damage the database behind netcrm's back: an interaction of no one.
        let conn = rusqlite::Connection::open(env.db()).unwrap();
        conn.execute_batch(
            "PRAGMA foreign_keys = OFF;
             INSERT INTO interactions (contact_id, kind, on_date) VALUES (99, 'call', '2026-11-01');",
        )
        .unwrap();
    }
    let output = env.cmd(["doctor"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&output.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{stderr}");
    assert_eq!(lines[0], "warning: interactions row 2 points at a missing contacts row");
    assert!(lines[1].starts_with("error: the database has 1 problem"), "{stderr}");
}

#[test]
fn doctor_reports_keys_that_another_program_left_stale_and_null_ones_are_computed_again() {
    let env = Env::new();
    env.add(
        "Ada Lovelace",
        &["--linkedin", "https://www.linkedin.com/in/ada", "--no-thank-you", "--cadence", "none"],
    );
    env.add("Grace Hopper", &["--no-thank-you", "--cadence", "none"]);
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    conn.execute_batch(
        "UPDATE contacts SET linkedin = 'https://www.linkedin.com/in/countess' WHERE id = 1;
         UPDATE contacts SET name = 'Grace Brewster Hopper' WHERE id = 2;",
    )
    .unwrap();
    let output = env.cmd(["doctor"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{stderr}");
    assert!(
        lines[0].starts_with(
            "warning: the folded name or LinkedIn key of #1, #2 no longer matches the name or URL \
             (changed by another program?)"
        ),
        "{stderr}"
    );
    assert!(lines[1].starts_with("error: the database has 1 problem"), "{stderr}");
    conn.execute_batch("UPDATE contacts SET name_key = NULL, linkedin_key = NULL").unwrap();
    drop(conn);
    assert!(env.ok(["doctor"]).contains("is healthy"));
    // And the new URL is the one an import finds her by.
    let file = write_file(
        &env,
        "Connections.csv",
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n\
         Augusta,King,https://linkedin.com/in/Countess,,,Countess,01 Nov 2026\n",
    );
    assert!(env.ok(["import", &file]).contains("0 added, 1 updated"));
}

#[test]
fn doctor_names_each_stored_follow_up_that_is_missing_extra_or_different_in_key_order() {
    let env = Env::new();
    env.add("Ada Lovelace", &[]);
    env.add("Grace Hopper", &[]);
    assert!(env.ok(["doctor"]).contains("is healthy"));
    // Tamper with the stored follow-ups behind netcrm's back: one gone, one moved, one
    // that no rule gives.
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    conn.execute_batch(
        "DELETE FROM follow_ups WHERE key = 'thank-you-1';
         UPDATE follow_ups SET due_on = '2020-01-01' WHERE key = 'thank-you-2';
         INSERT INTO follow_ups (key, contact_id, kind, due_on, shows_on, reason)
             VALUES ('check-in-1', 1, 'check-in', '2026-12-01', '2026-12-01', 'made up');",
    )
    .unwrap();
    drop(conn);
    let output = env.cmd(["doctor"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&output.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(
        lines[0], "warning: stored follow-ups differ from the rules: check-in-1, thank-you-1, thank-you-2",
        "{stderr}"
    );
    assert!(lines[1].starts_with("error: the database has 1 problem"), "{stderr}");
}
