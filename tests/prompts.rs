//! Prompts on a real terminal: `add` without a NAME asks for the fields, `rm` asks
//! for confirmation. util-linux's `script` runs netcrm on a pseudo-terminal and
//! types our input into it.

use std::io::Write;
use std::process::Stdio;

use crate::support::{Env, TODAY, terminal_command};

/// Runs `netcrm ARGS` on a pseudo-terminal, typing `keys`; returns (exit code, screen).
fn on_terminal(env: &Env, args: &str, keys: &str) -> (Option<i32>, String) {
    let mut child = terminal_command(env, args, TODAY)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("util-linux `script` runs netcrm on a terminal");
    child.stdin.take().unwrap().write_all(keys.as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    (output.status.code(), String::from_utf8_lossy(&output.stdout).into_owned())
}

#[test]
fn add_without_a_name_on_a_terminal_asks_for_each_field() {
    let env = Env::new();
    // A blank name and a bad e-mail are asked again.
    let keys = "\r  \rAda Lovelace\rnot-an-email\rada@example.com\r+44 20 7946 0000\rAcme\rEngineer\r\
                https://www.linkedin.com/in/ada\rRustConf\ryesterday\rtalked about engines\r\rrust, mentor ,\ra note\r";
    let (code, screen) = on_terminal(&env, "add", keys);
    assert_eq!(code, Some(0), "{screen}");
    assert!(screen.contains("invalid e-mail address 'not-an-email'"), "{screen}");
    assert!(screen.contains("Added Ada Lovelace (#1). Thank-you due 2026-11-23."), "{screen}");
    let ada = env.show("ada");
    assert_eq!(ada["emails"], serde_json::json!(["ada@example.com"]));
    assert_eq!(ada["company"], "Acme");
    assert_eq!(ada["title"], "Engineer");
    assert_eq!(ada["met_at"], "RustConf");
    assert_eq!(ada["met_on"], "2026-11-21");
    assert_eq!(ada["how_met"], "talked about engines");
    assert_eq!(ada["phones"], serde_json::json!(["+44 20 7946 0000"]));
    assert_eq!(ada["linkedin"], "https://www.linkedin.com/in/ada");
    assert_eq!(ada["tags"], serde_json::json!(["mentor", "rust"]));
    assert_eq!(ada["notes"], "a note");
}

#[test]
fn add_on_a_terminal_names_whose_an_email_is_and_asks_for_another_or_none() {
    let env = Env::new();
    env.add("Ada Lovelace", &["--email", "ada@example.com"]);
    // Ada's address, in other case: named as hers; Enter then skips the e-mail.
    let (code, screen) = on_terminal(&env, "add", "Ada Byron\rADA@example.com\r\r\r\r\r\r\r\r\r\r\r\r");
    assert_eq!(code, Some(0), "{screen}");
    assert!(
        screen.contains(
            "e-mail 'ADA@example.com' already belongs to Ada Lovelace (#1): type another address, or press Enter to skip"
        ),
        "{screen}"
    );
    assert!(!screen.contains("--force"), "{screen}");
    assert_eq!(env.show("2")["emails"], serde_json::json!([]));
}

#[test]
fn add_on_a_terminal_asks_only_for_fields_not_given_as_flags() {
    let env = Env::new();
    let (code, screen) = on_terminal(
        &env,
        "add --company Acme --email grace@example.com --tag navy",
        "Grace Hopper\r\rAdmiral\r\rDevFest\r\r\r\r\r",
    );
    assert_eq!(code, Some(0), "{screen}");
    assert!(!screen.contains("Company"), "{screen}");
    assert!(!screen.contains("E-mail"), "{screen}");
    assert!(!screen.contains("Tags"), "{screen}");
    let grace = env.show("grace");
    assert_eq!(grace["company"], "Acme");
    assert_eq!(grace["title"], "Admiral");
    assert_eq!(grace["met_at"], "DevFest");
    assert_eq!(grace["notes"], serde_json::Value::Null);
}

#[test]
fn rm_on_a_terminal_asks_and_no_keeps_the_contact() {
    let env = Env::new();
    env.add("Ada Lovelace", &[]);
    let (code, screen) = on_terminal(&env, "rm ada", "n\r");
    assert_eq!(code, Some(1), "{screen}");
    assert!(screen.contains("Remove Ada Lovelace (#1)"), "{screen}");
    assert!(screen.contains("error: Ada Lovelace (#1) was not removed"), "{screen}");
    assert_eq!(env.ids(), [1]);

    let (code, screen) = on_terminal(&env, "rm ada", "y\r");
    assert_eq!(code, Some(0), "{screen}");
    assert!(screen.contains("Removed Ada Lovelace (#1)."), "{screen}");
    assert!(env.ids().is_empty());
}

/// Like [`on_terminal`], with `EDITOR` set to `editor`, a shell script run on the file.
fn editing(env: &Env, args: &str, editor: &str) -> (Option<i32>, String) {
    let script = env.dir().join("editor.sh");
    std::fs::write(&script, format!("#!/bin/sh\n{editor}\n")).unwrap();
    let mode = std::os::unix::fs::PermissionsExt::from_mode(0o755);
    std::fs::set_permissions(&script, mode).unwrap();
    let output = terminal_command(env, args, TODAY)
        .env("EDITOR", &script)
        .stdin(Stdio::null())
        .output()
        .expect("util-linux `script` runs netcrm on a terminal");
    (output.status.code(), String::from_utf8_lossy(&output.stdout).into_owned())
}

#[test]
fn edit_with_no_flags_opens_the_contact_in_the_editor() {
    let env = Env::new();
    env.add("Ada Lovelace", &["--email", "ada@example.com", "--note", "likes Rust"]);
    // The editor changes the company, adds an e-mail and a line of notes, keeps a copy.
    let editor = r#"cp "$1" "$(dirname "$0")/seen.txt"
sed -i -e 's/^company:.*/company: Babbage \& Co/' -e 's/^emails: .*/emails: ada@example.com, countess@example.org/' -e 's/^notes: .*/notes: likes Rust\n  and cats/' "$1""#;
    let (code, screen) = editing(&env, "edit ada", editor);
    assert_eq!(code, Some(0), "{screen}");
    assert!(screen.contains("Updated Ada Lovelace (#1)."), "{screen}");
    let seen = std::fs::read_to_string(env.dir().join("seen.txt")).unwrap();
    assert!(seen.starts_with("# Editing Ada Lovelace (#1).\n"), "{seen}");
    assert!(seen.contains("\nemails: ada@example.com\n"), "{seen}");
    let ada = env.show("ada");
    assert_eq!(ada["company"], "Babbage & Co");
    assert_eq!(ada["emails"], serde_json::json!(["ada@example.com", "countess@example.org"]));
    assert_eq!(ada["notes"], "likes Rust\nand cats");
    // One step to undo.
    assert_eq!(env.ok(["undo"]), "Undid: edit Ada Lovelace (#1)\n");
}

#[test]
fn an_unchanged_or_emptied_document_changes_nothing() {
    let env = Env::new();
    env.add("Ada Lovelace", &[]);
    let (code, screen) = editing(&env, "edit ada", "true");
    assert_eq!(code, Some(0), "{screen}");
    assert!(screen.contains("Nothing changed."), "{screen}");
    let (code, screen) = editing(&env, "edit ada", r#": > "$1""#);
    assert_eq!(code, Some(0), "{screen}");
    assert!(screen.contains("Nothing changed."), "{screen}");
    assert_eq!(env.json(["undo", "--list"]).as_array().unwrap().len(), 1);
}

#[test]
fn an_invalid_document_reopens_with_the_error_at_the_top() {
    let env = Env::new();
    env.add("Ada Lovelace", &[]);
    // First save: a bad e-mail. Second time: the error is at the top; fix it.
    let editor = r#"dir="$(dirname "$0")"
if [ ! -f "$dir/once" ]; then
  touch "$dir/once"
  sed -i 's/^emails:.*/emails: not-an-email/' "$1"
else
  cp "$1" "$dir/second.txt"
  sed -i 's/^emails:.*/emails: ada@example.com/' "$1"
fi"#;
    let (code, screen) = editing(&env, "edit ada", editor);
    assert_eq!(code, Some(0), "{screen}");
    let second = std::fs::read_to_string(env.dir().join("second.txt")).unwrap();
    assert!(second.starts_with("# error: invalid e-mail address 'not-an-email'"), "{second}");
    assert!(second.contains("\nemails: not-an-email\n"), "the user's text is kept: {second}");
    assert_eq!(env.show("ada")["emails"], serde_json::json!(["ada@example.com"]));
}

#[test]
fn giving_up_on_an_invalid_document_changes_nothing() {
    let env = Env::new();
    env.add("Ada Lovelace", &[]);
    let editor = r#"dir="$(dirname "$0")"
if [ ! -f "$dir/once" ]; then touch "$dir/once"; sed -i 's/^met_on:.*/met_on: 2026-02-30/' "$1"; fi"#;
    let (code, screen) = editing(&env, "edit ada", editor);
    assert_eq!(code, Some(1), "{screen}");
    assert!(screen.contains("error: invalid date '2026-02-30'"), "{screen}");
    assert_eq!(env.show("ada")["met_on"], TODAY);
}

#[test]
fn edit_with_no_flags_off_a_terminal_is_a_usage_error() {
    let env = Env::new();
    env.add("Ada Lovelace", &[]);
    env.fails(["edit", "ada"], 2, "edit needs at least one change");
}

#[test]
fn an_e_mail_that_belongs_to_someone_else_is_refused_at_its_prompt() {
    let env = Env::new();
    env.add("Ada Lovelace", &["--email", "ada@example.com"]);
    let keys = "Augusta King\rADA@example.com\rcountess@example.org\r\r\r\r\r\r\r\r\r\r\r";
    let (code, screen) = on_terminal(&env, "add", keys);
    assert_eq!(code, Some(0), "{screen}");
    assert!(screen.contains("e-mail 'ADA@example.com' already belongs to Ada Lovelace (#1)"), "{screen}");
    assert_eq!(env.show("augusta")["emails"], serde_json::json!(["countess@example.org"]));
}

#[test]
fn ctrl_d_at_a_prompt_ends_input_and_writes_nothing() {
    let env = Env::new();
    let (code, screen) = on_terminal(&env, "add", "Ada Lovelace\rada@example.com\r\x04");
    assert_eq!(code, Some(1), "{screen}");
    assert!(screen.contains("error: input ended; nothing was written"), "{screen}");
    assert!(env.contacts().is_empty());
}

#[test]
fn ctrl_c_at_a_prompt_leaves_the_terminal_as_it_was() {
    let env = Env::new();
    env.add("Ada Lovelace", &[]);
    for (args, keys) in [("add", "Grace Hopper\r\x03"), ("rm ada", "\x03")] {
        let (code, screen) = on_terminal(&env, args, keys);
        assert_ne!(code, Some(0), "{args}: {screen}");
        // The cursor was never hidden, and the terminal was never put in raw mode.
        assert!(!screen.contains("\x1b[?25l"), "{args}: {screen:?}");
    }
    assert_eq!(env.ids(), [1], "nothing was added or removed");
}

/// `netcrm ARGS` on a pseudo-terminal with `vars` set (after the scrubbed defaults,
/// which set NO_COLOR: pass ("NO_COLOR", "") to unset it); returns the screen.
fn screen_with(env: &Env, args: &str, vars: &[(&str, &str)]) -> String {
    let mut command = terminal_command(env, args, TODAY);
    for (name, value) in vars {
        if value.is_empty() {
            command.env_remove(name);
        } else {
            command.env(name, value);
        }
    }
    let output = command.stdin(Stdio::null()).output().unwrap();
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn colour_only_on_a_terminal_without_no_color_or_a_dumb_term() {
    let env = Env::new();
    crate::support::succeeds(env.cmd(["add", "Ada Lovelace"]).env("NETCRM_TODAY", "2026-11-10"));
    // The thank-you is overdue: red on a colour terminal.
    let coloured = screen_with(&env, "due", &[("NO_COLOR", "")]);
    assert!(coloured.contains("\u{1b}["), "{coloured:?}");
    assert!(coloured.contains("thank-you-1"), "{coloured:?}");
    for vars in [&[("NO_COLOR", "1")][..], &[("NO_COLOR", ""), ("TERM", "dumb")]] {
        let plain = screen_with(&env, "due", vars);
        assert!(plain.contains("thank-you-1"), "{vars:?}: {plain:?}");
        assert!(!plain.contains("\u{1b}["), "{vars:?}: {plain:?}");
    }
    // Off a terminal there is no colour either.
    let piped = crate::support::succeeds(env.cmd(["due"]).env_remove("NO_COLOR"));
    assert!(!piped.contains('\u{1b}'), "{piped:?}");
}

#[test]
fn the_editors_file_is_private_and_removed_afterwards() {
    let env = Env::new();
    env.add("Ada Lovelace", &["--note", "private"]);
    let editor = r#"stat -c %a "$1" > "$(dirname "$0")/mode.txt"; echo "$1" > "$(dirname "$0")/path.txt""#;
    let (code, screen) = editing(&env, "edit ada", editor);
    assert_eq!(code, Some(0), "{screen}");
    assert_eq!(std::fs::read_to_string(env.dir().join("mode.txt")).unwrap().trim(), "600");
    let path = std::fs::read_to_string(env.dir().join("path.txt")).unwrap();
    assert!(!std::path::Path::new(path.trim()).exists(), "{path} is left behind");
}

#[test]
fn prompts_on_a_terminal_show_control_characters_visibly() {
    let env = Env::new();
    // A name that would write the clipboard (OSC 52) and clear the screen.
    env.add("Eve \u{1b}]52;c;cHduZWQ=\u{7}\u{1b}[2J Mallory", &[]);
    let (code, screen) = on_terminal(&env, "rm 1", "n\r");
    assert_eq!(code, Some(1), "{screen}");
    assert!(screen.contains("Remove Eve \\x1b]52;c;cHduZWQ=\\x07\\x1b[2J Mallory (#1)"), "{screen}");
    assert!(!screen.contains("\u{1b}]52") && !screen.contains('\u{7}'), "{screen:?}");
    // And the page `show` draws on the terminal, in colour.
    let screen = screen_with(&env, "show 1", &[("NO_COLOR", "")]);
    assert!(screen.contains("\u{1b}[1m"), "not in colour: {screen:?}");
    assert!(screen.contains("Eve \\x1b]52"), "{screen:?}");
    assert!(!screen.contains("\u{1b}]52") && !screen.contains("\u{1b}[2J"), "{screen:?}");
}

/// A large file's import (CSV, a JSON backup, vCard) draws a progress bar on a
/// terminal (stderr), and clears it before the summary.
#[test]
fn a_large_import_shows_a_progress_bar_on_a_terminal() {
    let env = Env::new();
    let mut csv = String::from("First Name,Last Name,E-mail 1 - Value,Notes\n");
    for i in 0..1500 {
        csv.push_str(&format!("Person,Number {i},person{i}@example.com,met at the fair in hall {i}\n"));
    }
    let file = env.dir().join("many.csv");
    std::fs::write(&file, csv).unwrap();
    let (code, screen) = on_terminal(&env, &format!("import {}", file.display()), "");
    assert_eq!(code, Some(0), "{screen}");
    assert!(screen.contains("importing"), "{screen}");
    assert!(screen.contains("1500 added"), "{screen}");

    let backup = env.dir().join("backup.json");
    let restored = Env::new();
    let exported = env.cmd(["export", "json", "--output", backup.to_str().unwrap()]).output().unwrap();
    assert!(exported.status.success());
    assert!(std::fs::metadata(&backup).unwrap().len() > 64 * 1024);
    let (code, screen) = on_terminal(&restored, &format!("import {}", backup.display()), "");
    assert_eq!(code, Some(0), "{screen}");
    assert!(screen.contains("importing"), "{screen}");
    assert!(screen.contains("1500 added"), "{screen}");

    let cards = env.dir().join("cards.vcf");
    let exported = env.cmd(["export", "vcard", "--output", cards.to_str().unwrap()]).output().unwrap();
    assert!(exported.status.success());
    assert!(std::fs::metadata(&cards).unwrap().len() > 64 * 1024);
    let (code, screen) = on_terminal(&Env::new(), &format!("import {}", cards.display()), "");
    assert_eq!(code, Some(0), "{screen}");
    assert!(screen.contains("importing"), "{screen}");
    assert!(screen.contains("1500 added"), "{screen}");
}
