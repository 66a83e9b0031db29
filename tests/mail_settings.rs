//! The mail settings `config` reads and writes (`my-name`, `my-addresses`,
//! `drafts-maildir`): text, unset until given, shared with `scan --me` and `draft
//! --maildir`, carried by backups.

use serde_json::json;

use crate::support::*;

#[test]
fn mail_settings_are_unset_until_given_and_reset_by_an_empty_value() {
    let env = Env::new();
    assert_eq!(env.json(["config", "get", "my-name"]), json!({"key": "my-name", "value": null}));
    assert_eq!(env.ok(["config", "get", "my-name"]), "my-name is not set\n");
    assert_eq!(env.ok(["config", "set", "my-name", "  Zoë Ng "]), "my-name = Zoë Ng\n");
    assert_eq!(env.json(["config", "get"])["my-name"], "Zoë Ng");
    let all = env.ok(["config", "get"]);
    assert!(
        all.contains("\nmy-name = Zoë Ng\nmy-addresses is not set\ndrafts-maildir is not set\n"),
        "{all}"
    );
    assert_eq!(env.ok(["config", "set", "my-name", ""]), "my-name is not set\n");
    assert_eq!(env.json(["config", "get"])["my-name"], json!(null));
    env.fails(["config", "set", "my-name", "Zoë\nNg"], 1, "my-name must be one line");
}

#[test]
fn config_set_my_addresses_replaces_the_list_and_scan_me_adds_to_it() {
    let env = Env::new();
    assert_eq!(
        env.json(["config", "set", "my-addresses", "me@example.com, ME@example.com,work@example.org"]),
        json!({"key": "my-addresses", "value": "me@example.com,work@example.org"})
    );
    env.ok(["config", "set", "my-addresses", "zoe@example.com"]);
    assert_eq!(env.json(["config", "get", "my-addresses"])["value"], "zoe@example.com");
    env.fails(
        ["config", "set", "my-addresses", "zoe@example.com, nobody"],
        1,
        "invalid e-mail address 'nobody'",
    );
    assert_eq!(env.json(["config", "get", "my-addresses"])["value"], "zoe@example.com", "nothing changed");
    // scan finds them, and --me adds to them.
    let maildir = env.dir().join("Mail");
    for sub in ["cur", "new", "tmp"] {
        std::fs::create_dir_all(maildir.join(sub)).unwrap();
    }
    let maildir = maildir.to_str().unwrap();
    env.ok(["scan", maildir]);
    env.ok(["scan", maildir, "--me", "other@example.net"]);
    assert_eq!(env.json(["config", "get", "my-addresses"])["value"], "zoe@example.com,other@example.net");
}

#[test]
fn my_name_is_undone_like_a_setting_and_the_remembered_ones_are_not() {
    let env = Env::new();
    env.ok(["config", "set", "my-name", "Zoë"]);
    env.ok(["config", "set", "my-addresses", "zoe@example.com"]);
    env.ok(["config", "set", "drafts-maildir", "/tmp/Drafts"]);
    assert_eq!(env.ok(["undo"]), "Undid: config set my-name Zoë\n");
    env.fails(["undo"], 1, "nothing to undo");
    let all = env.json(["config", "get"]);
    assert_eq!(
        (&all["my-name"], &all["my-addresses"], &all["drafts-maildir"]),
        (&json!(null), &json!("zoe@example.com"), &json!("/tmp/Drafts"))
    );
}

#[test]
fn a_drafts_maildir_is_remembered_whole() {
    let env = Env::new();
    let expected = env.dir().join("Mail/Drafts");
    assert_eq!(
        env.json(["config", "set", "drafts-maildir", "Mail/Drafts"])["value"],
        expected.to_str().unwrap()
    );
}

#[test]
fn mail_settings_survive_a_backup_and_a_restore() {
    let env = Env::new();
    env.ok(["add", "Ada Lovelace"]);
    env.ok(["config", "set", "my-name", "Zoë Ng"]);
    env.ok(["config", "set", "my-addresses", "zoe@example.com,zoe@work.example"]);
    env.ok(["config", "set", "drafts-maildir", "/home/zoe/Mail/Drafts"]);
    env.ok(["export", "json", "--output", "backup.json"]);
    let backup: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(env.dir().join("backup.json")).unwrap()).unwrap();
    assert_eq!(backup["settings"]["my-name"], "Zoë Ng");
    let restored = Env::new();
    restored.ok(["import", env.dir().join("backup.json").to_str().unwrap()]);
    assert_eq!(restored.json(["config", "get"]), env.json(["config", "get"]));
    // Unset ones are left out of a backup, and stay unset.
    let bare = Env::new();
    bare.ok(["add", "Ada Lovelace"]);
    bare.ok(["export", "json", "--output", "backup.json"]);
    let backup = std::fs::read_to_string(bare.dir().join("backup.json")).unwrap();
    assert!(!backup.contains("my-name"), "{backup}");
}
