//! The database file: where it lives, its mode and schema version, and files that are not netcrm's.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use crate::support::*;

// ---------------------------------------------------------------------------------
// the database file

#[test]
fn database_is_created_on_first_use_with_its_folder_and_mode_0600() {
    let env = Env::new();
    let db = env.dir().join("deep").join("er").join("contacts.db");
    succeeds(env.cmd(["list"]).env("NETCRM_DB", &db));
    assert!(db.is_file(), "{} was not created", db.display());
    let mode = std::fs::metadata(&db).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "mode {mode:o}");
    assert!(!env.db().exists());
}

#[test]
fn a_database_folder_that_cannot_be_created_is_an_error() {
    let env = Env::new();
    let file = env.dir().join("plain-file");
    std::fs::write(&file, "not a folder").unwrap();
    let db = file.join("sub").join("netcrm.db");
    fails(env.cmd(["list"]).env("NETCRM_DB", &db), 1, "plain-file");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "not a folder");
}

#[test]
fn db_flag_beats_netcrm_db() {
    let env = Env::new();
    let other = env.dir().join("other.db");
    let other_arg = other.to_str().unwrap();
    succeeds(&mut env.cmd(["--db", other_arg, "add", "Ada Lovelace"]));
    assert!(other.is_file());
    assert!(!env.db().exists(), "NETCRM_DB was used despite --db");
    let listed = parse_json(&succeeds(&mut env.cmd(["list", "--json", "--db", other_arg])));
    assert_eq!(names(&listed), ["Ada Lovelace"]);
}

#[test]
fn database_defaults_to_xdg_data_home() {
    let env = Env::new();
    let xdg = env.dir().join("xdg-data");
    succeeds(env.cmd(["add", "Ada Lovelace"]).env_remove("NETCRM_DB").env("XDG_DATA_HOME", &xdg));
    let db = xdg.join("netcrm").join("netcrm.db");
    assert!(db.is_file(), "{} was not created", db.display());
    assert!(!env.db().exists());
    let mode = std::fs::metadata(&db).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "mode {mode:o}");
}

#[test]
fn database_defaults_to_local_share_under_home() {
    let env = Env::new();
    succeeds(env.cmd(["add", "Ada Lovelace"]).env_remove("NETCRM_DB"));
    let db = env.dir().join(".local/share/netcrm/netcrm.db");
    assert!(db.is_file(), "{} was not created", db.display());
}

#[test]
fn a_text_file_as_database_is_refused_and_left_unchanged() {
    let env = Env::new();
    let text = "name,email\nAda Lovelace,ada@example.com\n".repeat(50);
    std::fs::write(env.db(), &text).unwrap();
    let db = env.db().display().to_string();
    for args in [&["list"][..], &["add", "Grace Hopper"], &["show", "1"]] {
        let stderr = env.fails(args, 1, &db);
        assert!(stderr.contains("database"), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
    assert_eq!(std::fs::read_to_string(env.db()).unwrap(), text);
}

#[test]
fn a_database_from_a_newer_netcrm_is_refused_and_left_unchanged() {
    let env = Env::new();
    {
        let conn = rusqlite::Connection::open(env.db()).expect("cannot open the database");
        // A newer netcrm marks its databases with netcrm's application id.
        conn.execute_batch(
            "CREATE TABLE future (x); PRAGMA user_version = 999; PRAGMA application_id = 1313034829;",
        )
        .unwrap();
    }
    let bytes = std::fs::read(env.db()).unwrap();
    for args in [&["list"][..], &["add", "Ada Lovelace"]] {
        env.fails(args, 1, "newer netcrm");
    }
    assert_eq!(std::fs::read(env.db()).unwrap(), bytes);
}

#[test]
fn invalid_netcrm_today_is_an_error() {
    let env = Env::new();
    for bad in ["2026-02-30", "tomorrow", "22/11/2026"] {
        let stderr = fails(env.cmd(["list"]).env("NETCRM_TODAY", bad), 1, bad);
        assert!(stderr.contains("NETCRM_TODAY"), "{stderr}");
        fails(env.cmd(["add", "Ada Lovelace"]).env("NETCRM_TODAY", bad), 1, "NETCRM_TODAY");
    }
    assert!(env.contacts().is_empty());
}

#[test]
fn empty_netcrm_today_means_the_real_date() {
    let env = Env::new();
    let stdout = succeeds(env.cmd(["add", "Ada Lovelace", "--json"]).env("NETCRM_TODAY", ""));
    let contact = parse_json(&stdout);
    let created =
        chrono::NaiveDate::parse_from_str(contact["created_at"].as_str().unwrap(), "%Y-%m-%d").unwrap();
    #[allow(clippy::disallowed_methods)] // the test compares with the real clock
    let now = chrono::Utc::now().date_naive();
    assert!((created - now).num_days().abs() <= 1, "created_at {created}, today {now}");
}

#[test]
fn netcrm_today_governs_every_date() {
    let env = Env::new();
    let contact = parse_json(&succeeds(
        env.cmd(["add", "Ada Lovelace", "--json", "--met-on", "yesterday"]).env("NETCRM_TODAY", "2027-03-01"),
    ));
    assert_eq!(contact["created_at"], "2027-03-01");
    assert_eq!(contact["met_on"], "2027-02-28");
    assert_eq!(contact["next_follow_up"], "2027-03-02");
}

// ---------------------------------------------------------------------------------
// databases that cannot be written: locked, read-only, in a read-only folder

/// `netcrm ARGS` run by a user who does not own the temporary folder: as root, the
/// user `nobody` (root may write any file, whatever its mode); otherwise the current
/// user, for whom the modes set by the test hold. `None` when neither can be done.
fn as_stranger(env: &Env, args: &[&str]) -> Option<std::process::Command> {
    use std::os::unix::fs::MetadataExt;
    let root = std::fs::metadata("/proc/self").map(|m| m.uid() == 0).unwrap_or(false);
    let mut cmd = env.std_cmd(args);
    if !root {
        return Some(cmd);
    }
    let setpriv = ["/usr/bin/setpriv", "/bin/setpriv"].into_iter().find(|p| Path::new(p).exists())?;
    let netcrm = cmd.get_program().to_owned();
    let mut wrapped = std::process::Command::new(setpriv);
    wrapped.args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"]).arg(netcrm).args(args);
    for (key, value) in cmd.get_envs() {
        if let Some(value) = value {
            wrapped.env(key, value);
        }
    }
    wrapped.env_remove("PWD").current_dir("/");
    cmd = wrapped;
    // nobody must reach the folder.
    std::fs::set_permissions(env.dir(), std::fs::Permissions::from_mode(0o755)).unwrap();
    Some(cmd)
}

/// The bytes of the database and of any `-wal`/`-shm` beside it.
fn files(env: &Env) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(env.dir())
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_name().to_string_lossy().starts_with("netcrm.db"))
        .map(|e| (e.file_name().to_string_lossy().into_owned(), std::fs::read(e.path()).unwrap()))
        .collect();
    files.sort();
    files
}

fn run(cmd: &mut std::process::Command) -> (Option<i32>, String, String) {
    let output = cmd.output().unwrap();
    (
        output.status.code(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

fn read_only_case(file_mode: u32, folder_mode: u32) {
    let env = Env::new();
    env.add("Ada Lovelace", &["--email", "ada@example.com", "--met-on", "-5d"]);
    env.ok(["remind", "ada", "call her", "--in", "1d"]);
    let Some(_) = as_stranger(&env, &["list"]) else {
        eprintln!("skipped: running as root without setpriv");
        return;
    };
    std::fs::set_permissions(env.db(), std::fs::Permissions::from_mode(file_mode)).unwrap();
    let before = files(&env);
    // A later day, so that the stored follow-ups are stale and would be refreshed.
    let later = |args: &[&str]| {
        let mut cmd = as_stranger(&env, args).unwrap();
        cmd.env("NETCRM_TODAY", "2026-12-01");
        std::fs::set_permissions(env.dir(), std::fs::Permissions::from_mode(folder_mode)).unwrap();
        let result = run(&mut cmd);
        std::fs::set_permissions(env.dir(), std::fs::Permissions::from_mode(0o755)).unwrap();
        result
    };
    // What only reads works, computed for that day.
    let (code, stdout, stderr) = later(&["--json", "due"]);
    assert_eq!(code, Some(0), "{stderr}");
    let keys: Vec<String> = parse_json(&stdout)
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["key"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(keys, ["thank-you-1", "reminder-1"], "{stdout}");
    for args in
        [&["list"][..], &["show", "ada"], &["stats"], &["export", "json"], &["doctor"], &["undo", "--list"]]
    {
        let (code, stdout, stderr) = later(args);
        assert_eq!(code, Some(0), "{args:?}: {stderr}");
        assert!(!stdout.is_empty(), "{args:?}");
    }
    // What writes is refused, naming the file.
    for args in [
        &["add", "Grace Hopper"][..],
        &["log", "ada"],
        &["undo"],
        &["undo", "--clear"],
        &["rm", "ada", "--yes"],
        &["edit", "ada", "--company", "Analytical Engines"],
        &["edit", "ada", "--append-note", "has two cats"],
    ] {
        let (code, stdout, stderr) = later(args);
        assert_eq!(code, Some(1), "{args:?}: {stderr}");
        assert!(stdout.is_empty(), "{args:?}: {stdout}");
        assert!(stderr.starts_with("error: ") && stderr.lines().count() == 1, "{args:?}: {stderr}");
        assert!(stderr.contains("read-only") && stderr.contains(&env.db().display().to_string()), "{stderr}");
    }
    assert_eq!(files(&env), before, "the database changed");
    std::fs::set_permissions(env.db(), std::fs::Permissions::from_mode(0o600)).unwrap();
    assert_eq!(env.contacts().len(), 1);
}

#[test]
fn a_read_only_database_can_be_read_but_not_changed() {
    read_only_case(0o444, 0o755);
}

#[test]
fn a_database_in_a_read_only_folder_can_be_read_but_not_changed() {
    // The file may be written, but not the log SQLite keeps beside it.
    read_only_case(0o666, 0o555);
}

#[test]
fn a_database_whose_folder_cannot_be_created_is_an_error_naming_it() {
    let env = Env::new();
    let locked = env.dir().join("locked");
    std::fs::create_dir(&locked).unwrap();
    let db = locked.join("sub").join("netcrm.db");
    let Some(mut cmd) = as_stranger(&env, &["list"]) else {
        return;
    };
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).unwrap();
    cmd.env("NETCRM_DB", &db);
    let (code, stdout, stderr) = run(&mut cmd);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stdout.is_empty());
    assert!(
        stderr.contains("cannot create folder") && stderr.contains(&locked.join("sub").display().to_string()),
        "{stderr}"
    );
    assert!(!locked.join("sub").exists());
}

#[test]
fn a_database_locked_longer_than_the_busy_timeout_says_another_program_is_writing() {
    let env = Env::new();
    env.add("Ada Lovelace", &[]);
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    conn.execute_batch("BEGIN IMMEDIATE; INSERT INTO settings VALUES ('held', 'by another program');")
        .unwrap();
    let stderr = env.fails(["add", "Grace Hopper"], 1, "another program is writing");
    assert!(stderr.contains(&env.db().display().to_string()) && stderr.contains("try again"), "{stderr}");
    conn.execute_batch("ROLLBACK").unwrap();
    drop(conn);
    let names: Vec<String> = env.contacts().iter().map(|c| c["name"].as_str().unwrap().to_string()).collect();
    assert_eq!(names, ["Ada Lovelace"]);
}

/// A command that only reads does not wait for another program's long write: it
/// brings the follow-ups up to date on a copy in memory and leaves the file alone.
#[test]
fn due_and_list_work_while_another_program_holds_the_write_lock() {
    let env = Env::new();
    let add = ["add", "Ada Lovelace", "--birthday", "1990-12-05", "--no-thank-you", "--cadence", "none"];
    ok_on(&env, "2026-11-01", &add);
    // Stored on 2026-11-01: her 2026 birthday. A year later only a recomputation
    // gives the 2027 one.
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    conn.execute_batch("BEGIN IMMEDIATE; INSERT INTO settings VALUES ('held', 'by another program');")
        .unwrap();
    let started = std::time::Instant::now();
    let due = json_on(&env, "2027-12-01", &["due", "--within", "10"]);
    assert_eq!(due[0]["key"], "birthday-1-2027", "{due}");
    assert_eq!(due.as_array().unwrap().len(), 1, "{due}");
    let list = ok_on(&env, "2027-12-01", &["list"]);
    assert!(list.contains("2027-12-05"), "{list}");
    assert!(started.elapsed() < std::time::Duration::from_secs(4), "waited for the lock");
    // Writing still waits, and says why.
    env.fails(["log", "ada", "--kind", "call"], 1, "another program is writing");
    conn.execute_batch("ROLLBACK").unwrap();
    drop(conn);
    // Nothing was stored while the lock was held: the next reader stores it.
    let stored: i64 = rusqlite::Connection::open(env.db())
        .unwrap()
        .query_row("SELECT count(*) FROM contacts WHERE computed_on = '2027-12-01'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(stored, 0);
    assert_eq!(json_on(&env, "2027-12-01", &["due", "--within", "10"]), due);
}

#[test]
fn a_file_that_is_not_a_database_is_left_byte_for_byte() {
    let env = Env::new();
    let bytes: Vec<u8> = (0..=255u8).cycle().take(8192).collect();
    std::fs::write(env.db(), &bytes).unwrap();
    for args in [&["list"][..], &["add", "Grace Hopper"], &["due"], &["undo", "--clear"]] {
        env.fails(args, 1, "not a netcrm database");
    }
    assert_eq!(std::fs::read(env.db()).unwrap(), bytes);
    let others: Vec<_> = std::fs::read_dir(env.dir()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(others.len(), 1, "{others:?}");
}

#[test]
fn a_folder_as_database_is_an_error_naming_it() {
    let env = Env::new();
    let folder = env.dir().join("folder.db");
    std::fs::create_dir(&folder).unwrap();
    let stderr = fails(env.cmd(["list"]).env("NETCRM_DB", &folder), 1, "is a folder");
    assert!(stderr.contains(&folder.display().to_string()), "{stderr}");
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 0);
}

#[test]
fn an_old_read_only_database_is_read_without_upgrading_or_copying_it() {
    let env = Env::new();
    crate::upgrades::old_database(env.db(), 5);
    let Some(mut cmd) = as_stranger(&env, &["--json", "show", "ada"]) else {
        return;
    };
    std::fs::set_permissions(env.db(), std::fs::Permissions::from_mode(0o444)).unwrap();
    let before = files(&env);
    let (code, stdout, stderr) = run(&mut cmd);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(parse_json(&stdout)["emails"], serde_json::json!(["ada@example.com"]));
    assert_eq!(files(&env), before, "the database changed or was copied");
}
