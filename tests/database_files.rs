//! What netcrm leaves on disk around the database: folders it creates, files of other
//! programs it refuses, read-only databases it reads without leaving files, writes cut
//! short by a file-size limit, and leftovers of a run that was killed (issue 23).

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use crate::support::*;

/// The permission bits of `path`.
fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// `netcrm ARGS` run through `sh` with `prelude` (`umask 000`, `ulimit -f 100`) first.
fn through_shell(env: &Env, prelude: &str, args: &[&str]) -> std::process::Command {
    let netcrm = env.std_cmd(args);
    let mut cmd = std::process::Command::new("sh");
    cmd.arg("-c").arg(format!("{prelude}; exec \"$0\" \"$@\"")).arg(netcrm.get_program()).args(args);
    cmd.env_clear();
    for (key, value) in netcrm.get_envs() {
        if let Some(value) = value {
            cmd.env(key, value);
        }
    }
    cmd.current_dir(env.dir());
    cmd
}

// ---------------------------------------------------------------------------------
// folders netcrm creates

#[test]
fn database_folders_netcrm_creates_are_private_whatever_the_umask() {
    let env = Env::new();
    let existing = env.dir().join("existing");
    std::fs::create_dir(&existing).unwrap();
    std::fs::set_permissions(&existing, std::fs::Permissions::from_mode(0o755)).unwrap();
    let db = existing.join("new").join("deeper").join("netcrm.db");
    let mut cmd = through_shell(&env, "umask 000", &["add", "Ada Lovelace"]);
    cmd.env("NETCRM_DB", &db);
    succeeds(&mut assert_cmd::Command::from_std(cmd));
    assert_eq!(mode(&existing.join("new")), 0o700);
    assert_eq!(mode(&existing.join("new").join("deeper")), 0o700);
    assert_eq!(mode(&db), 0o600);
    assert_eq!(mode(&existing), 0o755, "a folder that was there is left as it was");

    // The default place: every folder of ~/.local/share/netcrm that netcrm makes.
    let mut cmd = through_shell(&env, "umask 000", &["list"]);
    cmd.env_remove("NETCRM_DB");
    succeeds(&mut assert_cmd::Command::from_std(cmd));
    for folder in [".local", ".local/share", ".local/share/netcrm"] {
        assert_eq!(mode(&env.dir().join(folder)), 0o700, "{folder}");
    }
    assert_eq!(mode(&env.dir().join(".local/share/netcrm/netcrm.db")), 0o600);
}

// ---------------------------------------------------------------------------------
// SQLite files of other programs

/// netcrm's `PRAGMA application_id`: "NCRM" in ASCII.
const NETCRM_ID: i64 = 0x4E43_524D;

/// The names of the files in `dir`, sorted.
fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn application_id(db: &Path) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row("PRAGMA application_id", [], |r| r.get(0)).unwrap()
}

/// An SQLite file made by another program with `sql`, closed, and its bytes.
fn foreign_file(db: &Path, sql: &str) -> Vec<u8> {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.execute_batch(sql).unwrap();
    drop(conn);
    std::fs::read(db).unwrap()
}

#[test]
fn an_sqlite_file_of_another_program_is_refused_before_a_byte_is_written() {
    let cases = [
        // The report's case: a schema version netcrm knows, and no netcrm tables.
        "CREATE TABLE stuff (a, b); INSERT INTO stuff VALUES (1, 2); PRAGMA user_version = 3;",
        // The same in write-ahead-log mode.
        "PRAGMA journal_mode = WAL; CREATE TABLE stuff (a, b); PRAGMA user_version = 3;",
        // Tables but no version.
        "CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT);",
        // Another program's application id, whatever the tables.
        "CREATE TABLE contacts (x); CREATE TABLE interactions (y); PRAGMA user_version = 1;
         PRAGMA application_id = 1234;",
        // A version netcrm knows, with only some of its tables for that version.
        "CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT, created_at TEXT);
         CREATE TABLE interactions (id INTEGER PRIMARY KEY); PRAGMA user_version = 6;",
    ];
    for sql in cases {
        let env = Env::new();
        let db = env.dir().join("other.db");
        let bytes = foreign_file(&db, sql);
        let before = names_in(env.dir());
        for args in [
            &["--db", "other.db", "list"][..],
            &["--db", "other.db", "add", "Ada Lovelace"],
            &["--db", "other.db", "undo", "--clear"],
        ] {
            let stderr = env.fails(args, 1, "not a netcrm database");
            assert!(stderr.contains("other.db"), "{sql}: {stderr}");
            assert!(!stderr.contains("upgrade"), "{sql}: {stderr}");
        }
        assert_eq!(std::fs::read(&db).unwrap(), bytes, "{sql}: the file changed");
        assert_eq!(names_in(env.dir()), before, "{sql}: files were left beside it");
    }
}

#[test]
fn an_empty_file_or_an_sqlite_file_without_tables_becomes_a_netcrm_database() {
    for sql in [None, Some("PRAGMA user_version = 0; VACUUM;")] {
        let env = Env::new();
        match sql {
            None => std::fs::write(env.db(), "").unwrap(),
            Some(sql) => {
                foreign_file(env.db(), sql);
                assert!(std::fs::metadata(env.db()).unwrap().len() > 0);
            }
        }
        env.add("Ada Lovelace", &[]);
        assert_eq!(application_id(env.db()), NETCRM_ID, "{sql:?}");
    }
}

#[test]
fn a_netcrm_database_made_before_the_application_id_is_recognised_and_given_it() {
    let env = Env::new();
    env.add("Ada Lovelace", &[]);
    assert_eq!(application_id(env.db()), NETCRM_ID);
    {
        let conn = rusqlite::Connection::open(env.db()).unwrap();
        conn.execute_batch("PRAGMA application_id = 0;").unwrap();
    }
    assert_eq!(names(&env.json(["list"])), ["Ada Lovelace"]);
    assert_eq!(application_id(env.db()), NETCRM_ID);
}
