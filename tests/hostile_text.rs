//! Stored text that would drive the terminal (OSC 52 writing the clipboard, clearing
//! the screen, BEL, backspace, carriage return) is shown with its control characters
//! made visible in every human output, on stdout and stderr alike; JSON keeps it exact.

use crate::support::*;

/// Writes "pwned" to the clipboard (OSC 52), rings the bell, clears the screen,
/// returns to the start of the line and backs over a character.
const NAME: &str = "Eve \u{1b}]52;c;cHduZWQ=\u{7}\u{1b}[2J\r\u{8}Mallory";
/// A tag cannot hold `;`: the same without the clipboard sequence.
const TAG: &str = "t\u{1b}[2J\r\u{8}\u{7}x";
const NOTE: &str = "note \u{1b}]0;title\u{7}\u{1b}[2J\r\u{8}end";

/// Fails when `text` holds a control character other than newline and tab.
fn assert_no_raw_controls(what: &str, text: &str) {
    let raw: Vec<char> = text.chars().filter(|c| c.is_control() && *c != '\n' && *c != '\t').collect();
    assert!(raw.is_empty(), "{what} sent {raw:?} raw:\n{text}");
}

/// Runs `netcrm ARGS` and checks that neither stdout nor stderr carries a raw control
/// character; returns stdout and stderr.
fn human(env: &Env, today: &str, args: &[&str]) -> (String, String) {
    let output = env.cmd(args).env("NETCRM_TODAY", today).output().unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_no_raw_controls(&format!("{args:?} (stdout)"), &stdout);
    assert_no_raw_controls(&format!("{args:?} (stderr)"), &stderr);
    (stdout, stderr)
}

/// A database whose every kind of stored text is hostile: names, company, title, tags,
/// notes, a met place, interaction notes, a reminder, a lead, a favour, an
/// introduction and a duplicate.
fn hostile_database() -> Env {
    let env = Env::new();
    let on = |today: &str, args: &[&str]| {
        let output = env.cmd(args).env("NETCRM_TODAY", today).output().unwrap();
        assert!(output.status.success(), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
    };
    let old = "2026-06-01";
    on(
        old,
        &[
            "add",
            NAME,
            "--email",
            "eve@example.com",
            "--company",
            NOTE,
            "--title",
            NOTE,
            "--tag",
            TAG,
            "--note",
            NOTE,
            "--met-at",
            NOTE,
            "--how",
            NOTE,
            "--cadence",
            "2w",
        ],
    );
    on(old, &["add", &format!("{NAME} Jr"), "--introduced-by", "1", "--name-ok", "--cadence", "1w"]);
    on(old, &["log", "1", "--kind", "call", "--note", NOTE]);
    // Thanked, so that their check-ins run (and are neglected by today).
    on("2026-06-02", &["log", "1", "--kind", "thank-you"]);
    on("2026-06-02", &["log", "2", "--kind", "thank-you"]);
    on(old, &["remind", "1", NOTE, "--in", "3d"]);
    on(old, &["lead", "add", NOTE, "--company", NOTE, "--via", "1", "--note", NOTE]);
    on(old, &["favor", "1", "--received", NOTE]);
    on(old, &["favor", "2", "--gave", NOTE]);
    env
}

#[test]
fn every_human_output_shows_control_characters_visibly() {
    let env = hostile_database();
    let visible_name = "Eve \\x1b]52;c;cHduZWQ=\\x07\\x1b[2J\\r\\x08Mallory";
    for args in [
        &["list"][..],
        &["list", "--search", "mallory"],
        &["show", "1"],
        &["show", "2"],
        &["due", "--within", "365"],
        &["stats"],
        &["dupes"],
        &["graph"],
        &["graph", "--format", "mermaid"],
        &["lead", "list"],
        &["favors"],
        &["undo", "--list"],
    ] {
        let (stdout, _) = human(&env, TODAY, args);
        assert!(!stdout.is_empty(), "{args:?} printed nothing");
    }
    // The name itself, made visible where it is shown whole.
    let (show, _) = human(&env, TODAY, &["show", "1"]);
    assert!(show.starts_with(visible_name), "{show}");
    // Neglected contacts in `stats` (a check-in overdue by more than 30 days).
    let (stats, _) = human(&env, TODAY, &["stats"]);
    assert!(stats.contains("\\x1b"), "{stats}");
}

#[test]
fn confirmations_warnings_and_errors_show_control_characters_visibly() {
    let env = hostile_database();
    // A warning that quotes the name (it already exists).
    let (_, stderr) = human(&env, TODAY, &["add", NAME]);
    assert!(stderr.contains("warning:") && stderr.contains("\\x1b]52"), "{stderr}");
    // Confirmations that quote it.
    for args in [
        &["log", "1", "--kind", "email", "--note", NOTE][..],
        &["remind", "1", NOTE, "--in", "2d"],
        &["favor", "1", "--gave", NOTE],
        &["edit", "1", "--append-note", NOTE],
        &["done", "reminder-1"],
        &["undo"],
        &["lead", "status", "1", "interview"],
    ] {
        let (stdout, stderr) = human(&env, TODAY, args);
        assert!(!stdout.is_empty(), "{args:?} confirmed nothing: {stderr}");
    }
    // Errors that quote stored text (candidates) or the command line: one line each.
    for args in [&["show", "Eve"][..], &["show", "\u{1b}]52;c;eA==\u{7}"], &["log", "nobody\r\u{1b}[2J"]] {
        let output = env.cmd(args).output().unwrap();
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        assert!(output.stdout.is_empty());
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_no_raw_controls(&format!("{args:?}"), &stderr);
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.starts_with("error: "), "{stderr}");
    }
    let stderr = env.fails(["show", "Eve"], 1, "\\x1b]52");
    assert!(stderr.contains("\\x07"), "{stderr}");
    // `rm` names who it removed.
    let (stdout, _) = human(&env, TODAY, &["rm", "2", "--yes"]);
    assert!(stdout.contains("\\x1b[2J"), "{stdout}");
}

#[test]
fn json_keeps_control_characters_exact() {
    let env = hostile_database();
    let contact = env.show("1");
    assert_eq!(contact["name"], NAME);
    assert_eq!(contact["notes"], NOTE);
    assert_eq!(contact["tags"], serde_json::json!([TAG]));
    let due = env.json(["due", "--within", "365"]);
    assert!(due.as_array().unwrap().iter().any(|f| f["reason"].as_str().unwrap().contains(NOTE)), "{due}");
    let leads = env.json(["lead", "list"]);
    assert_eq!(leads[0]["title"], NOTE);
    let backup = env.json(["export", "json"]);
    assert_eq!(backup["contacts"][0]["name"], NAME);
}
