//! The database file: where it lives, its mode and schema version, and files that are not netcrm's.

use std::os::unix::fs::PermissionsExt;

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
        conn.execute_batch("CREATE TABLE future (x); PRAGMA user_version = 999;").unwrap();
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
