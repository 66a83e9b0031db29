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

// ---------------------------------------------------------------------------------
// read-only databases

/// The user `nobody`, whom tests run as when they run as root (root may write any file,
/// whatever its mode).
const NOBODY: u32 = 65534;

fn running_as_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata("/proc/self").map(|m| m.uid() == 0).unwrap_or(false)
}

/// Gives `path` to the user commands run as (see [`as_owner`]).
fn give(path: &Path) {
    if running_as_root() {
        std::os::unix::fs::chown(path, Some(NOBODY), Some(NOBODY)).unwrap();
    }
}

/// `netcrm ARGS` run by the owner of the temporary folder and of what is made in it,
/// for whom file modes hold: as root, the user nobody, to whom the folder is given;
/// otherwise the current user. `None` when running as root without setpriv.
fn as_owner(env: &Env, args: &[&str]) -> Option<std::process::Command> {
    let cmd = env.std_cmd(args);
    if !running_as_root() {
        return Some(cmd);
    }
    let setpriv = ["/usr/bin/setpriv", "/bin/setpriv"].into_iter().find(|p| Path::new(p).exists())?;
    give(env.dir());
    let mut wrapped = std::process::Command::new(setpriv);
    wrapped
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
        .arg(cmd.get_program())
        .args(args);
    wrapped.env_clear();
    for (key, value) in cmd.get_envs() {
        if let Some(value) = value {
            wrapped.env(key, value);
        }
    }
    wrapped.current_dir(env.dir());
    Some(wrapped)
}

/// Runs `cmd`: (exit status, stdout, stderr).
fn run(mut cmd: std::process::Command) -> (Option<i32>, String, String) {
    let output = cmd.stdin(std::process::Stdio::null()).output().unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// `netcrm ARGS` as the owner: expects success, returns stdout.
fn owner_ok(env: &Env, args: &[&str]) -> String {
    let (code, stdout, stderr) = run(as_owner(env, args).unwrap());
    assert_eq!(code, Some(0), "{args:?}: {stderr}");
    stdout
}

fn set_mode(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[test]
fn reading_a_read_only_database_leaves_no_files_so_it_can_be_written_once_writable() {
    let env = Env::new();
    if as_owner(&env, &["list"]).is_none() {
        eprintln!("skipped: running as root without setpriv");
        return;
    }
    owner_ok(&env, &["add", "Ada Lovelace", "--met-on", "-5d"]);
    set_mode(env.db(), 0o400);
    // A later day, so that the follow-ups would be stored again if they could.
    for args in [&["list"][..], &["due"], &["show", "ada"], &["export", "json"], &["doctor"]] {
        let mut cmd = as_owner(&env, args).unwrap();
        cmd.env("NETCRM_TODAY", "2026-12-01");
        let (code, _, stderr) = run(cmd);
        assert_eq!(code, Some(0), "{args:?}: {stderr}");
        assert_eq!(names_in(env.dir()), ["netcrm.db"], "{args:?} left files beside the database");
    }
    set_mode(env.db(), 0o600);
    owner_ok(&env, &["add", "Grace Hopper"]);
    let listed = parse_json(&owner_ok(&env, &["--json", "list"]));
    assert_eq!(names(&listed), ["Ada Lovelace", "Grace Hopper"]);
}

#[test]
fn a_log_file_that_cannot_be_written_is_named_as_what_keeps_the_database_read_only() {
    let env = Env::new();
    if as_owner(&env, &["list"]).is_none() {
        eprintln!("skipped: running as root without setpriv");
        return;
    }
    owner_ok(&env, &["add", "Ada Lovelace"]);
    // What an earlier program may leave: a log and its index that only it could write.
    let wal = env.dir().join("netcrm.db-wal");
    let shm = env.dir().join("netcrm.db-shm");
    std::fs::write(&wal, "").unwrap();
    std::fs::write(&shm, vec![0u8; 32768]).unwrap();
    for file in [&wal, &shm] {
        give(file);
        set_mode(file, 0o400);
    }
    let listed = parse_json(&owner_ok(&env, &["--json", "list"]));
    assert_eq!(names(&listed), ["Ada Lovelace"]);
    let (code, stdout, stderr) = run(as_owner(&env, &["add", "Grace Hopper"]).unwrap());
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(stdout, "");
    assert!(stderr.starts_with("error: ") && stderr.lines().count() == 1, "{stderr}");
    assert!(
        stderr.contains("netcrm.db-wal is not writable") || stderr.contains("netcrm.db-shm is not writable"),
        "{stderr}"
    );
    for file in [&wal, &shm] {
        set_mode(file, 0o600);
    }
    owner_ok(&env, &["add", "Grace Hopper"]);
}

// ---------------------------------------------------------------------------------
// a file-size limit (`ulimit -f`)

/// `netcrm ARGS` under a file-size limit of 100 blocks (50 or 100 KiB, as `sh` counts
/// them: room for SQLite's 32 KiB `-shm`): expects exit status 1, nothing on stdout,
/// and one `error:` line naming `file`.
fn fails_past_the_size_limit(env: &Env, args: &[&str], file: &str) {
    let (code, stdout, stderr) = run(through_shell(env, "ulimit -f 100", args));
    assert_eq!(code, Some(1), "{args:?} (killed by SIGXFSZ is no status): {stderr}");
    assert_eq!(stdout, "", "{args:?}");
    assert!(stderr.starts_with("error: ") && stderr.lines().count() == 1, "{args:?}: {stderr}");
    assert!(stderr.contains(file), "{args:?}: {stderr}");
}

#[test]
fn writes_cut_short_by_a_file_size_limit_fail_naming_the_file_and_leave_no_temporary_files() {
    let env = Env::new();
    // One contact larger than the limit (a long note), one small.
    let note = "Met at the Difference Engine exhibition. ".repeat(3000);
    env.add("Ada Lovelace", &["--note", &note]);
    env.add("Grace Hopper", &[]);
    assert!(std::fs::metadata(env.db()).unwrap().len() > 120_000);
    let before = names_in(env.dir());
    assert_eq!(before, ["netcrm.db"]);

    fails_past_the_size_limit(&env, &["export", "json", "--output", "out.json"], "out.json");
    assert_eq!(names_in(env.dir()), before, "export --output left a file");

    fails_past_the_size_limit(&env, &["backup", "copy.db"], "copy.db");
    assert_eq!(names_in(env.dir()), before, "backup left a file");

    let cards = env.dir().join("cards");
    std::fs::create_dir(&cards).unwrap();
    fails_past_the_size_limit(&env, &["sync", "--contacts", "cards"], "cards/");
    assert!(names_in(&cards).iter().all(|name| !name.ends_with(".tmp")), "{:?}", names_in(&cards));
    // The sync's lock file stays beside the database (empty; see the README's sync part).
    assert_eq!(names_in(env.dir()), ["cards", "netcrm.db", "netcrm.db.sync-lock"]);

    // The database itself past the limit: the error names it; nothing was added.
    let db = env.db().display().to_string();
    fails_past_the_size_limit(&env, &["add", "Charles Babbage", "--note", &note], &db);
    assert_eq!(env.contacts().len(), 2);

    // Without the limit, all of it works.
    env.ok(["export", "json", "--output", "out.json"]);
    env.ok(["backup", "copy.db"]);
    env.ok(["sync", "--contacts", "cards"]);
}

#[test]
fn an_upgrade_copy_cut_short_by_a_file_size_limit_is_removed_and_the_database_left_as_it_was() {
    let env = Env::new();
    crate::upgrades::old_database(env.db(), 5);
    {
        let conn = rusqlite::Connection::open(env.db()).unwrap();
        let notes = "Met at the Difference Engine exhibition. ".repeat(3000);
        conn.execute("UPDATE contacts SET notes = ?1 WHERE id = 1", [notes]).unwrap();
        conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)").unwrap();
    }
    let bytes = std::fs::read(env.db()).unwrap();
    assert!(bytes.len() > 120_000);
    fails_past_the_size_limit(&env, &["list"], "netcrm.db.bak-v5");
    assert_eq!(names_in(env.dir()), ["netcrm.db"]);
    assert_eq!(std::fs::read(env.db()).unwrap(), bytes);
    let (_, stderr) = succeeds_with_stderr(&mut env.cmd(["list"]));
    assert!(stderr.contains("netcrm.db.bak-v5"), "{stderr}");
}

// ---------------------------------------------------------------------------------
// leftovers of a killed run

#[test]
fn upgrade_copies_left_by_a_killed_netcrm_are_removed_by_the_next_upgrade() {
    let env = Env::new();
    crate::upgrades::old_database(env.db(), 5);
    // A process that has ended, and one that runs (this test's).
    let dead = {
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        child.wait().unwrap();
        pid
    };
    let alive = std::process::id();
    let leftovers = [
        format!("netcrm.db.bak-v5.{dead}.tmp"),
        format!("netcrm.db.bak-v5.{dead}.tmp-journal"),
        format!("netcrm.db.bak-v5.3.{dead}.tmp"),
    ];
    let kept = [
        // Maybe another netcrm's copy in the making.
        format!("netcrm.db.bak-v5.{alive}.tmp"),
        // Another database's, and names that are not netcrm's.
        format!("other.db.bak-v5.{dead}.tmp"),
        format!("netcrm.db.bak-v5.x{dead}.tmp"),
        format!("netcrm.db.bak-v5.{dead}.tmp.mine"),
        format!("netcrm.db.{dead}.tmp"),
        // A finished copy.
        "netcrm.db.bak-v4".to_string(),
    ];
    for name in leftovers.iter().chain(&kept) {
        std::fs::write(env.dir().join(name), "part of a copy").unwrap();
    }
    let (_, stderr) = succeeds_with_stderr(&mut env.cmd(["list"]));
    assert!(stderr.contains("netcrm.db.bak-v5"), "{stderr}");
    for name in &leftovers {
        assert!(!env.dir().join(name).exists(), "{name} was left");
    }
    for name in &kept {
        assert!(env.dir().join(name).exists(), "{name} was removed");
    }
}
