//! Forgetting someone for real: after `rm` and `undo --clear`, no byte of the removed
//! person's name, e-mail, notes or history is left in the database file, its
//! write-ahead log or its shared-memory file.

use crate::support::*;

/// Everything about the person, each word unique enough to be found in raw bytes.
const SECRETS: [&str; 12] = [
    "Zebulon",
    "Quartzfeld",
    "zebquartz@secretmail.example",
    "notesecretxyz",
    "Quartzcorp",
    "Quartzconf",
    "callsecretxyz",
    "remindsecretxyz",
    "favorsecretxyz",
    "titlesecretxyz",
    "+15550199999",
    "howsecretxyz",
];

/// Which secrets are left in the raw bytes of the database's files.
fn leftovers(env: &Env) -> Vec<String> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(env.dir()).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.starts_with("netcrm.db") {
            continue;
        }
        let bytes = std::fs::read(entry.path()).unwrap();
        for secret in SECRETS {
            let needle = secret.as_bytes();
            if bytes.windows(needle.len()).any(|w| w.eq_ignore_ascii_case(needle)) {
                found.push(format!("{secret} in {name}"));
            }
        }
    }
    found
}

#[test]
fn rm_then_undo_clear_leaves_no_byte_of_the_person() {
    let env = Env::new();
    env.add("Keeper Person", &["--email", "keep@example.com"]);
    env.ok([
        "add",
        "Zebulon Quartzfeld",
        "--email",
        "zebquartz@secretmail.example",
        "--phone",
        "+15550199999",
        "--note",
        "notesecretxyz",
        "--company",
        "Quartzcorp",
        "--introduced-by",
        "1",
        "--name-ok",
        "--met-at",
        "Quartzconf",
        "--how",
        "howsecretxyz",
        "--tag",
        "friends",
    ]);
    env.ok(["add", "Introduced Later", "--introduced-by", "zebulon"]);
    env.ok(["log", "zebulon", "--kind", "call", "--note", "callsecretxyz", "--on", "-1d"]);
    env.ok(["remind", "zebulon", "remindsecretxyz", "--in", "2d"]);
    env.ok(["lead", "add", "Lead from him", "--via", "zebulon", "--via", "keeper"]);
    env.ok(["favor", "zebulon", "--received", "favorsecretxyz"]);
    env.ok(["edit", "zebulon", "--title", "titlesecretxyz"]);
    env.ok(["edit", "zebulon", "--title", "Engineer"]);
    // Synced, so that the sync bookkeeping holds his card.
    let cards = env.dir().join("cards");
    std::fs::create_dir(&cards).unwrap();
    env.ok(["sync", "--contacts", cards.to_str().unwrap()]);
    for file in std::fs::read_dir(&cards).unwrap() {
        use std::os::unix::fs::PermissionsExt;
        let mode = file.unwrap().metadata().unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "sync writes private files");
    }
    env.ok(["due", "--within", "30"]);
    assert!(!leftovers(&env).is_empty(), "the test finds nothing even before rm");

    env.ok(["rm", "zebulon", "--yes"]);
    env.ok(["undo", "--clear"]);
    assert_eq!(leftovers(&env), Vec::<String>::new());
    // What was not his is still there, and works.
    let names: Vec<String> = env.contacts().iter().map(|c| c["name"].as_str().unwrap().to_string()).collect();
    assert_eq!(names, ["Keeper Person", "Introduced Later"]);
    assert_eq!(env.json(["lead", "list"])[0]["via"], serde_json::json!([1]));
    env.ok(["doctor"]);
    // The next sync removes his card from the folder.
    env.ok(["sync"]);
    let files: Vec<_> = std::fs::read_dir(&cards).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(files.len(), 2, "{files:?}");
    assert_eq!(leftovers(&env), Vec::<String>::new());
}

#[test]
fn leftovers_are_found_while_undo_can_still_bring_someone_back() {
    // The check above means something: before --clear, undo keeps what it needs.
    let env = Env::new();
    env.ok(["add", "Zebulon Quartzfeld", "--note", "notesecretxyz"]);
    env.ok(["rm", "zebulon", "--yes"]);
    assert!(leftovers(&env).iter().any(|l| l.starts_with("notesecretxyz")), "{:?}", leftovers(&env));
    env.ok(["undo"]);
    assert_eq!(env.show("zebulon")["notes"], "notesecretxyz");
}

/// Someone added, given a note, and removed: what `undo --clear` must forget.
fn removed_person(env: &Env) {
    env.add("Keeper Person", &[]);
    env.ok(["add", "Zebulon Quartzfeld", "--note", "notesecretxyz", "--company", "Quartzcorp"]);
    env.ok(["rm", "zebulon", "--yes"]);
    assert!(!leftovers(env).is_empty(), "the test finds nothing even before --clear");
}

/// A connection of another program in a read transaction, which keeps the pages it
/// reads in the database's log until it ends.
fn reader(env: &Env) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    conn.execute_batch("BEGIN; SELECT count(*) FROM contacts;").unwrap();
    conn
}

#[test]
fn undo_clear_while_another_program_reads_says_that_forgetting_is_not_complete() {
    let env = Env::new();
    removed_person(&env);
    let reading = reader(&env);
    let started = std::time::Instant::now();
    let stderr = env.fails(["undo", "--clear"], 1, "netcrm undo --clear again");
    assert!(started.elapsed() >= std::time::Duration::from_secs(2), "it waited a while first");
    assert!(stderr.contains("forgot 3 steps"), "{stderr}");
    // It said so because it is so.
    assert!(!leftovers(&env).is_empty());
    env.fails(["undo"], 1, "nothing to undo");
    drop(reading);
    assert_eq!(env.ok(["undo", "--clear"]), "Forgot 0 steps: nothing can be undone now.\n");
    assert_eq!(leftovers(&env), Vec::<String>::new());
}

#[test]
fn undo_clear_waits_for_another_program_that_stops_reading_soon() {
    let env = Env::new();
    removed_person(&env);
    let reading = reader(&env);
    let release = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(700));
        reading.execute_batch("COMMIT").unwrap();
        reading
    });
    let stdout = env.ok(["undo", "--clear"]);
    assert_eq!(stdout, "Forgot 3 steps: nothing can be undone now.\n");
    let _reader = release.join().unwrap();
    assert_eq!(leftovers(&env), Vec::<String>::new());
}

/// The card of a synced contact, as the file in `cards` holds it.
fn card(cards: &std::path::Path) -> String {
    let files: Vec<_> = std::fs::read_dir(cards).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(files.len(), 1, "{files:?}");
    std::fs::read_to_string(&files[0]).unwrap()
}

/// Someone synced with a folder of cards, then renamed and given a new note and
/// company in netcrm: the sync bookkeeping's copy of the card (the base of the
/// three-way merge) still says what they were.
fn synced_then_edited(env: &Env) -> std::path::PathBuf {
    env.ok([
        "add",
        "Zebulon Quartzfeld",
        "--note",
        "notesecretxyz",
        "--company",
        "Quartzcorp",
        "--title",
        "Engineer",
    ]);
    let cards = env.dir().join("cards");
    std::fs::create_dir(&cards).unwrap();
    env.ok(["sync", "--contacts", cards.to_str().unwrap()]);
    env.ok(["edit", "zebulon", "--name", "Zed Keeper", "--note", "a new note", "--company", "Newco"]);
    cards
}

#[test]
fn edit_then_undo_clear_leaves_no_old_value_in_the_sync_bookkeeping() {
    let env = Env::new();
    let cards = synced_then_edited(&env);
    env.ok(["undo", "--clear"]);
    assert_eq!(leftovers(&env), Vec::<String>::new());
    // The next sync writes netcrm's values to the card, with no conflict: the file
    // has not changed since the last sync.
    env.ok(["sync"]);
    let text = card(&cards);
    for line in ["FN:Zed Keeper", "NOTE:a new note", "ORG:Newco", "TITLE:Engineer"] {
        assert!(text.contains(line), "{line} in:\n{text}");
    }
    assert_eq!(env.show("zed")["notes"], "a new note");
    assert_eq!(leftovers(&env), Vec::<String>::new());
    // And the sync after that has nothing to do.
    assert_eq!(env.json(["sync"])["contacts"]["written"], 0);
}

#[test]
fn after_undo_clear_a_field_changed_on_the_phone_too_is_reported_and_others_are_taken() {
    let env = Env::new();
    let cards = synced_then_edited(&env);
    env.ok(["undo", "--clear"]);
    // On the phone: the note changed (netcrm changed it too), the title changed
    // (netcrm did not).
    let path = std::fs::read_dir(&cards).unwrap().next().unwrap().unwrap().path();
    let text = std::fs::read_to_string(&path).unwrap();
    let text = text.replace("NOTE:notesecretxyz", "NOTE:phone note").replace("TITLE:Engineer", "TITLE:CTO");
    std::fs::write(&path, text).unwrap();
    let (_, stderr) = crate::support::succeeds_with_stderr(&mut env.cmd(["sync"]));
    assert!(
        stderr.contains("warning: ") && stderr.contains("notes") && stderr.contains("phone note"),
        "{stderr}"
    );
    assert!(!stderr.contains("title"), "{stderr}");
    let zed = env.show("zed");
    assert_eq!(zed["notes"], "a new note", "netcrm's value stands");
    assert_eq!(zed["title"], "CTO", "a field changed on the phone only is taken");
    assert_eq!(zed["company"], "Newco");
    let text = card(&cards);
    assert!(text.contains("NOTE:a new note") && text.contains("TITLE:CTO"), "{text}");
}

/// Undo takes a contact away without `rm`: their synced card must not outlive the
/// history either.
#[test]
fn a_synced_contact_whose_add_was_undone_leaves_no_byte_after_undo_clear() {
    let env = Env::new();
    env.add("Keeper Person", &[]);
    env.ok(["add", "Zebulon Quartzfeld", "--note", "notesecretxyz", "--company", "Quartzcorp"]);
    let cards = env.dir().join("cards");
    std::fs::create_dir(&cards).unwrap();
    env.ok(["sync", "--contacts", cards.to_str().unwrap()]);
    assert_eq!(env.ok(["undo"]), "Undid: add Zebulon Quartzfeld (#2)\n");
    env.ok(["undo", "--clear"]);
    assert_eq!(leftovers(&env), Vec::<String>::new());
    // The next sync removes their card from the folder.
    env.ok(["sync"]);
    assert_eq!(std::fs::read_dir(&cards).unwrap().count(), 1);
}
