//! Upgrading real databases: one made at every earlier schema version, from that
//! version's migrations, holding data. The data survives, a copy of the old file is
//! left beside it (mode 0600), and a migration that fails leaves the file as it was.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use crate::support::*;

/// The migrations as shipped, in order; a database at version `v` has the first `v`.
const MIGRATIONS: [&str; 22] = [
    include_str!("../migrations/0001_initial.sql"),
    include_str!("../migrations/0002_follow_up_state.sql"),
    include_str!("../migrations/0003_vcard_uid.sql"),
    include_str!("../migrations/0004_job_search.sql"),
    include_str!("../migrations/0005_name_parts.sql"),
    include_str!("../migrations/0006_undo.sql"),
    include_str!("../migrations/0007_stored_follow_ups.sql"),
    include_str!("../migrations/0008_sync_cards.sql"),
    include_str!("../migrations/0009_interaction_sources.sql"),
    include_str!("../migrations/0010_undo_fills.sql"),
    include_str!("../migrations/0011_linkedin_key.sql"),
    include_str!("../migrations/0012_interactions_by_contact_with_kind.sql"),
    include_str!("../migrations/0013_undo_fill_checksums.sql"),
    include_str!("../migrations/0014_cadence_source.sql"),
    include_str!("../migrations/0015_met_thank.sql"),
    include_str!("../migrations/0016_urgency_scale.sql"),
    include_str!("../migrations/0017_sync_skips_unchanged.sql"),
    include_str!("../migrations/0018_contact_links.sql"),
    include_str!("../migrations/0019_direction.sql"),
    include_str!("../migrations/0020_reconnect_picks.sql"),
    include_str!("../migrations/0021_goals.sql"),
    include_str!("../migrations/0022_scan_state.sql"),
];

/// The schema version this netcrm writes.
const CURRENT: usize = MIGRATIONS.len();

/// A database at schema `version`, as the netcrm of that version left it (WAL mode,
/// the version in `user_version`), holding two contacts with history and, from the
/// version that brought them, a reminder, a setting, a lead and a favour.
pub fn old_database(path: &Path, version: usize) {
    let conn = rusqlite::Connection::open(path).unwrap();
    let _: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0)).unwrap();
    for sql in &MIGRATIONS[..version] {
        conn.execute_batch(sql).unwrap();
    }
    conn.execute_batch(
        "INSERT INTO contacts (id, name, company, notes, met_on, met_at, linkedin, created_at)
             VALUES (1, 'Ada Lovelace', 'Analytical Engines', 'likes poetry', '2026-11-01', 'RustConf',
                     'https://www.linkedin.com/in/ada-lovelace/', '2026-11-01');
         INSERT INTO contacts (id, name, introduced_by, name_ok, created_at)
             VALUES (2, 'Grace Hopper', 1, 1, '2026-11-02');
         INSERT INTO contact_emails VALUES (1, 0, 'ada@example.com');
         INSERT INTO contact_phones VALUES (1, 0, '+44 20 7946 0000');
         INSERT INTO contact_tags VALUES (1, 'rust');
         INSERT INTO interactions (contact_id, kind, on_date, note) VALUES
             (1, 'met', '2026-11-01', NULL), (1, 'call', '2026-11-10', 'talked engines'),
             (2, 'met', '2026-11-02', NULL);",
    )
    .unwrap();
    if version >= 2 {
        conn.execute_batch(
            "INSERT INTO reminders (contact_id, text, due_on) VALUES (1, 'send the paper', '2026-12-01');
             INSERT INTO settings VALUES ('default-cadence', '2w');",
        )
        .unwrap();
    }
    if version >= 4 {
        conn.execute_batch(
            "INSERT INTO leads (id, title, company, status, created_on, updated_on)
                 VALUES (1, 'Compiler engineer', 'Babbage Ltd', 'open', '2026-11-05', '2026-11-05');
             INSERT INTO lead_via VALUES (1, 0, 1);
             INSERT INTO lead_history VALUES (1, 0, 'open', '2026-11-05');
             INSERT INTO favors (contact_id, direction, what, on_date) VALUES (1, 'received', 'a referral', '2026-11-06');",
        )
        .unwrap();
    }
    conn.pragma_update(None, "user_version", version as i64).unwrap();
}

/// `netcrm.db.bak-vN` beside `db`.
fn copy_path(db: &Path, version: usize) -> PathBuf {
    let mut name = db.file_name().unwrap().to_os_string();
    name.push(format!(".bak-v{version}"));
    db.with_file_name(name)
}

#[test]
fn databases_of_every_earlier_version_upgrade_with_their_data_and_a_private_copy() {
    assert_eq!(CURRENT as i64, netcrm::store::SCHEMA_VERSION, "a migration is missing from MIGRATIONS here");
    for version in 1..CURRENT {
        let env = Env::new();
        old_database(env.db(), version);
        let (_, stderr) = succeeds_with_stderr(&mut env.cmd(["list"]));
        let copy = copy_path(env.db(), version);
        assert!(stderr.contains(&copy.display().to_string()), "v{version}: {stderr}");
        assert!(stderr.contains(&format!("schema version {version} to {CURRENT}")), "v{version}: {stderr}");

        // The copy is the old database, whole, readable by its owner only.
        let mode = std::fs::metadata(&copy).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "v{version}: mode {mode:o}");
        let old = rusqlite::Connection::open(&copy).unwrap();
        let old_version: i64 = old.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
        assert_eq!(old_version, version as i64);
        let ok: String = old.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
        assert_eq!(ok, "ok");
        let count: i64 = old.query_row("SELECT count(*) FROM contacts", [], |r| r.get(0)).unwrap();
        assert_eq!(count, 2, "v{version}");

        // The data survives the upgrade.
        let ada = env.show("ada");
        assert_eq!(ada["emails"], serde_json::json!(["ada@example.com"]), "v{version}");
        assert_eq!(ada["phones"], serde_json::json!(["+44 20 7946 0000"]));
        assert_eq!(ada["tags"], serde_json::json!(["rust"]));
        assert_eq!(ada["company"], "Analytical Engines");
        assert_eq!(ada["notes"], "likes poetry");
        assert_eq!(ada["last_contact"], "2026-11-10");
        let notes: Vec<&str> =
            ada["interactions"].as_array().unwrap().iter().filter_map(|i| i["note"].as_str()).collect();
        assert_eq!(notes, ["talked engines"], "v{version}");
        // Interactions logged before schema 19 were not read for their direction.
        for interaction in ada["interactions"].as_array().unwrap() {
            assert_eq!(interaction["direction"], serde_json::Value::Null, "v{version}");
            assert_eq!(interaction["awaiting_reply"], false, "v{version}");
        }
        let grace = env.show("grace");
        assert_eq!(grace["introduced_by"], 1);
        assert_eq!(grace["name_ok"], true);
        if version >= 2 {
            let due = env.json(["due", "--within", "30"]);
            let reminder = due
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f["reason"].as_str().unwrap().contains("send the paper"));
            assert!(reminder, "v{version}: {due}");
            assert_eq!(env.json(["config", "get", "default-cadence"])["value"], "2w");
        }
        if version >= 4 {
            assert_eq!(ada["favors"][0]["what"], "a referral", "v{version}");
            assert_eq!(ada["leads"][0]["title"], "Compiler engineer");
        }
        // The upgraded database works: it can be written, undone and checked.
        env.ok(["log", "ada", "--kind", "email"]);
        env.ok(["undo"]);
        assert!(env.ok(["doctor"]).contains("ok") || env.ok(["doctor"]).contains("healthy"));
        // Her LinkedIn URL, written in another form, finds her (its key was computed
        // when the upgraded database was opened).
        let connections = env.dir().join("Connections.csv");
        std::fs::write(
            &connections,
            "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n\
             Augusta,King,http://linkedin.com/in/Ada-Lovelace,,,Countess,01 Nov 2026\n",
        )
        .unwrap();
        let report = env.ok(["import", connections.to_str().unwrap()]);
        assert!(report.contains("0 added, 1 updated"), "v{version}: {report}");
        assert_eq!(env.show("ada")["title"], "Countess", "v{version}");
        // The upgraded database carries netcrm's application id ("NCRM"); the copy
        // is left as it was.
        let id = |db: &Path| -> i64 {
            rusqlite::Connection::open(db)
                .unwrap()
                .query_row("PRAGMA application_id", [], |r| r.get(0))
                .unwrap()
        };
        assert_eq!(id(env.db()), 0x4E43_524D, "v{version}");
        assert_eq!(id(&copy), 0, "v{version}");
        // Opening it again upgrades nothing and copies nothing.
        let (_, again) = succeeds_with_stderr(&mut env.cmd(["list"]));
        assert!(again.is_empty(), "v{version}: {again}");
        let copies = std::fs::read_dir(env.dir())
            .unwrap()
            .filter(|e| e.as_ref().unwrap().file_name().to_string_lossy().contains(".bak-v"))
            .count();
        assert_eq!(copies, 1, "v{version}");
    }
}

#[test]
fn an_existing_copy_is_never_overwritten() {
    let env = Env::new();
    old_database(env.db(), 5);
    let copy = copy_path(env.db(), 5);
    std::fs::write(&copy, "an older copy").unwrap();
    let (_, stderr) = succeeds_with_stderr(&mut env.cmd(["list"]));
    assert_eq!(std::fs::read_to_string(&copy).unwrap(), "an older copy");
    let second = env.db().with_file_name("netcrm.db.bak-v5.2");
    assert!(stderr.contains(&second.display().to_string()), "{stderr}");
    assert!(second.is_file());
}

#[test]
fn a_migration_that_fails_leaves_the_database_as_it_was() {
    let env = Env::new();
    old_database(env.db(), 4);
    // Another program made a table that migration 0008 makes: the upgrade fails there,
    // after migrations 0005 to 0007 ran.
    {
        let conn = rusqlite::Connection::open(env.db()).unwrap();
        conn.execute_batch("CREATE TABLE sync_cards (x); PRAGMA wal_checkpoint(TRUNCATE);").unwrap();
    }
    let before = std::fs::read(env.db()).unwrap();
    let stderr = env.fails(["list"], 1, "migration 0008 failed");
    assert!(stderr.contains("left as it was"), "{stderr}");
    assert!(stderr.contains(&copy_path(env.db(), 4).display().to_string()), "{stderr}");
    assert_eq!(std::fs::read(env.db()).unwrap(), before, "the database file changed");
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(version, 4);
    let name_parts: i64 = conn
        .query_row("SELECT count(*) FROM pragma_table_info('contacts') WHERE name = 'name_parts'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(name_parts, 0, "migration 0005 was kept");
}

/// Schema 14 remembers where each contact's cadence came from; the upgrade tells it
/// for existing contacts from what `add` and imports leave: a cadence equal to
/// `import-cadence` on a contact with no `met` is the import's, any other the user's.
#[test]
fn the_upgrade_to_schema_14_tells_where_each_cadence_came_from() {
    // Every version before 14 (those after it have the column already).
    for version in 1..14 {
        let env = Env::new();
        old_database(env.db(), version);
        // From version 2 a setting can say what imports gave; every other one says 3m.
        let import_cadence = if version >= 2 && version % 2 == 0 { "3m" } else { "none" };
        let conn = rusqlite::Connection::open(env.db()).unwrap();
        conn.execute_batch(
            "INSERT INTO contacts (id, name, cadence, created_at) VALUES
                 (3, 'Kofi Boateng', 'none', '2026-09-01'), (4, 'Efua Owusu', 'none', '2026-09-01'),
                 (5, 'Yaw Asante', '2w', '2026-09-01'), (6, 'Ama Mensah', 'none', '2026-09-01'),
                 (7, 'Kojo Annan', '3m', '2026-09-01');
             INSERT INTO interactions (contact_id, kind, on_date) VALUES
                 (4, 'call', '2026-10-01'), (5, 'met', '2026-09-01'), (6, 'met', '2026-09-01');",
        )
        .unwrap();
        if import_cadence != "none" {
            conn.execute("INSERT INTO settings VALUES ('import-cadence', ?1)", [import_cadence]).unwrap();
        }
        drop(conn);
        let _ = succeeds_with_stderr(&mut env.cmd(["list"]));
        let from = |contact: &str| {
            let shown = env.show(contact);
            (
                shown["cadence"].as_str().map(str::to_string),
                shown["cadence_source"].as_str().map(str::to_string),
            )
        };
        let (import, user) = (Some("import".to_string()), Some("user".to_string()));
        let some = |text: &str| Some(text.to_string());
        assert_eq!(from("ada"), (None, None), "v{version}");
        let kofi = if import_cadence == "none" { &import } else { &user };
        assert_eq!(from("kofi"), (some("none"), kofi.clone()), "v{version}");
        // Imported and since logged with: still the import's, switched by the next log.
        assert_eq!(from("efua"), (some("none"), kofi.clone()), "v{version}");
        assert_eq!(from("yaw"), (some("2w"), user.clone()), "v{version}");
        assert_eq!(from("ama"), (some("none"), user.clone()), "v{version}");
        let kojo = if import_cadence == "3m" { &import } else { &user };
        assert_eq!(from("kojo"), (some("3m"), kojo.clone()), "v{version}");

        let out = env.ok(["log", "efua", "--kind", "call"]);
        let every = if version >= 2 { "fortnightly" } else { "monthly" };
        let woke =
            format!("Efua Owusu now gets check-ins {every} (netcrm edit efua --cadence none to stop).");
        assert_eq!(out.contains(&woke), import_cadence == "none", "v{version}: {out}");
        let out = env.ok(["log", "yaw", "--kind", "call"]);
        assert!(!out.contains("now gets"), "v{version}: {out}");
    }
}

/// Schema 18 keeps the links of contacts who appear together on scanned mail and
/// meetings: the upgrade fills them from the `source` of the interactions already
/// logged (n counts distinct sources), and keys the companies of existing contacts,
/// so that `path` finds routes at once.
#[test]
fn the_upgrade_to_schema_18_links_contacts_already_scanned_together() {
    let env = Env::new();
    old_database(env.db(), 17);
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    conn.execute_batch(
        "INSERT INTO contacts (id, name, company, created_at) VALUES
             (3, 'Tomás Ortega', 'Analytical  ENGINES', '2026-09-01');
         INSERT INTO interactions (contact_id, kind, on_date, source) VALUES
             (2, 'email', '2026-11-05', '<a@x>'), (3, 'email', '2026-11-05', '<a@x>'),
             (2, 'email', '2026-11-06', '<b@x>'), (3, 'email', '2026-11-06', '<b@x>'),
             (2, 'meeting', '2026-11-07', 'uid-1 2026-11-07'), (3, 'meeting', '2026-11-07', 'uid-1 2026-11-07'),
             (2, 'call', '2026-11-08', NULL), (3, 'call', '2026-11-08', NULL);",
    )
    .unwrap();
    drop(conn);
    let _ = succeeds_with_stderr(&mut env.cmd(["list"]));
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    let links: Vec<(i64, i64, i64, String)> = conn
        .prepare("SELECT a, b, shared, last_on FROM contact_links")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(links, vec![(2, 3, 3, "2026-11-07".to_string())]);
    let keys: Vec<Option<String>> = conn
        .prepare("SELECT company_key FROM contacts ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(
        keys,
        vec![Some("analytical engines".to_string()), None, Some("analytical engines".to_string())]
    );
    drop(conn);
    // Grace is linked to Tomás by mail, and Tomás and Ada are colleagues.
    let routes = env.json(["path", "tomás"]);
    assert!(routes.as_array().unwrap().iter().any(|r| r["via"] == serde_json::json!([2])), "{routes}");
}
