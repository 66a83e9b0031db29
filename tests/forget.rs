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
