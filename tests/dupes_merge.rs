//! End-to-end tests of `dupes` and `merge`.

use serde_json::{Value, json};

use crate::support::{Env, succeeds_with_stderr};

#[test]
fn dupes_lists_pairs_with_their_reasons() {
    let env = Env::new();
    env.add(
        "Ada Lovelace",
        &["--email", "ada@example.com", "--linkedin", "https://www.linkedin.com/in/ada/"],
    );
    env.add(
        "A. Lovelace",
        &["--email", "ADA@example.com", "--force", "--linkedin", "linkedin.com/in/ada?trk=x"],
    );
    env.add("Zoë Müller", &["--phone", "+49 30 1234567"]);
    // The same name once accents are folded: added, with a warning.
    let (_, stderr) =
        succeeds_with_stderr(&mut env.cmd(["add", "zoe  muller", "--phone", "0049 (30) 123-4567"]));
    assert!(stderr.contains("Zoë Müller (#3) already has this name"), "{stderr}");
    env.add("Grace Hopper", &[]);
    let pairs = env.json(["dupes"]);
    assert_eq!(
        pairs,
        json!([
            {"ids": [1, 2], "names": ["Ada Lovelace", "A. Lovelace"],
             "reasons": ["same LinkedIn URL", "same e-mail ada@example.com"]},
            {"ids": [3, 4], "names": ["Zoë Müller", "zoe  muller"], "reasons": ["same name"]},
        ])
    );
    let table = env.ok(["dupes"]);
    assert!(table.contains("#1 #2"), "{table}");
    assert!(table.contains("same name"), "{table}");
}

#[test]
fn dupes_says_so_when_there_are_none() {
    let env = Env::new();
    env.add("Ada Lovelace", &[]);
    assert_eq!(env.ok(["dupes"]), "No likely duplicates.\n");
    assert_eq!(env.json(["dupes"]), json!([]));
}

#[test]
fn merge_moves_everything_onto_keep_and_removes_other() {
    let env = Env::new();
    let keep = env.add("Ada Lovelace", &["--email", "ada@example.com", "--tag", "rust", "--note", "first"]);
    let intro = env.add("Charles Babbage", &[]);
    let other = env.add(
        "Ada King",
        &[
            "--email",
            "ada@work.example",
            "--email",
            "ADA@example.com",
            "--force",
            "--phone",
            "+44 1",
            "--company",
            "Analytical",
            "--tag",
            "Rust",
            "--tag",
            "math",
            "--note",
            "second",
            "--birthday",
            "--12-10",
            "--introduced-by",
            "charles",
            "--name-ok",
        ],
    );
    let introduced = env.add("Alan Turing", &["--introduced-by", &other.to_string()]);
    env.ok(["log", &other.to_string(), "--kind", "call", "--note", "about engines"]);
    env.json(["remind", &other.to_string(), "send the notes", "--in", "3d"]);

    let merged = env.json(["merge", &keep.to_string(), &other.to_string()]);
    assert_eq!(merged["id"], keep);
    assert_eq!(merged["emails"], json!(["ada@example.com", "ada@work.example"]));
    assert_eq!(merged["phones"], json!(["+44 1"]));
    assert_eq!(merged["company"], "Analytical");
    assert_eq!(merged["tags"], json!(["math", "rust"]));
    assert_eq!(merged["notes"], "first\nsecond");
    assert_eq!(merged["birthday"], "--12-10");
    assert_eq!(merged["introduced_by"], intro);
    assert_eq!(merged["name_ok"], true);

    let shown = env.show(&keep.to_string());
    let kinds: Vec<&str> =
        shown["interactions"].as_array().unwrap().iter().map(|i| i["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds.iter().filter(|k| **k == "met").count(), 2, "both met interactions are kept: {kinds:?}");
    assert!(kinds.contains(&"call"));
    assert!(shown["follow_ups"].as_array().unwrap().iter().any(|f| f["kind"] == "reminder"));
    assert_eq!(shown["introduced"], json!([introduced]));
    assert_eq!(env.show(&introduced.to_string())["introduced_by"], keep);
    env.fails(["show", &other.to_string()], 1, "no contact");
}

#[test]
fn merge_never_makes_a_contact_its_own_introducer() {
    let env = Env::new();
    let other = env.add("Ada Byron", &[]);
    let keep = env.add("Ada Lovelace", &["--introduced-by", &other.to_string(), "--name-ok"]);
    let merged = env.json(["merge", &keep.to_string(), &other.to_string()]);
    assert_eq!(merged["introduced_by"], Value::Null);
    assert_eq!(merged["name_ok"], false);

    // And the other way round: OTHER was introduced by KEEP.
    let env = Env::new();
    let keep = env.add("Ada Lovelace", &[]);
    let other = env.add("Ada Byron", &["--introduced-by", &keep.to_string()]);
    let merged = env.json(["merge", &keep.to_string(), &other.to_string()]);
    assert_eq!(merged["introduced_by"], Value::Null);
}

#[test]
fn merge_errors_write_nothing() {
    let env = Env::new();
    env.add("Ada Lovelace", &[]);
    env.fails(["merge", "1", "1"], 1, "cannot merge Ada Lovelace (#1) into themselves");
    env.fails(["merge", "1", "nobody"], 1, "'nobody'");
    env.fails(["merge", "1"], 2, "");
    assert_eq!(env.ids(), [1]);
    assert_eq!(env.show("1")["name"], "Ada Lovelace");
}
