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

/// Formatting characters that reorder or hide text: a right-to-left override, the
/// isolates, zero-width characters and marks, line and paragraph separators, the
/// byte-order mark.
const HIDING: [char; 9] = [
    '\u{202e}', '\u{2066}', '\u{2069}', '\u{200b}', '\u{200d}', '\u{200f}', '\u{2028}', '\u{2029}',
    '\u{feff}',
];

/// Fails when `text` holds one of the [`HIDING`] characters raw.
fn assert_no_raw_hiding(what: &str, text: &str) {
    let raw: Vec<char> =
        text.chars().filter(|c| HIDING.contains(c) || ('\u{202a}'..='\u{202e}').contains(c)).collect();
    assert!(raw.is_empty(), "{what} sent {raw:?} raw:\n{text}");
}

/// `Eve\u{202e}nil.exe` displays as "Eveexe.lin": a name must not pass for another in
/// tables, pages, confirmations, warnings (a sync's too) and errors.
#[test]
fn bidirectional_and_invisible_characters_are_shown_visibly() {
    let env = Env::new();
    let name = "Eve\u{202e}nil.exe";
    let note = "a\u{2066}b\u{2069}c\u{200b}d\u{200d}e\u{200f}f\u{2028}g\u{2029}h\u{feff}i";
    let run = |args: &[&str]| {
        let output = env.cmd(args).output().unwrap();
        let stdout = String::from_utf8(output.stdout).unwrap();
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_no_raw_hiding(&format!("{args:?} (stdout)"), &stdout);
        assert_no_raw_hiding(&format!("{args:?} (stderr)"), &stderr);
        (output.status.code(), stdout, stderr)
    };
    let (code, added, _) =
        run(&["add", name, "--company", note, "--note", note, "--met-at", note, "--tag", "t\u{200b}ag"]);
    assert_eq!(code, Some(0));
    assert!(added.contains("Eve\\u{202e}nil.exe"), "{added}");
    for args in [
        &["list"][..],
        &["show", "1"],
        &["due", "--within", "30"],
        &["undo", "--list"],
        &["stats"],
        &["log", "1", "--kind", "call", "--note", note],
    ] {
        let (code, stdout, _) = run(args);
        assert_eq!(code, Some(0), "{args:?}");
        assert!(!stdout.is_empty(), "{args:?} printed nothing");
    }
    // A warning quoting the name (it exists already), an error quoting the command line.
    let (_, _, warned) = run(&["add", name]);
    assert!(warned.contains("warning:") && warned.contains("\\u{202e}"), "{warned}");
    let (code, _, failed) = run(&["show", "Mallory\u{202e}"]);
    assert_eq!(code, Some(1));
    assert!(failed.contains("Mallory\\u{202e}"), "{failed}");
    // A sync warning naming a card file whose name hides text.
    let cards = env.dir().join("cards");
    std::fs::create_dir(&cards).unwrap();
    std::fs::write(cards.join("evil\u{202e}fcv.vcf"), "not a card").unwrap();
    let (code, _, warned) = run(&["sync", "--contacts", cards.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{warned}");
    assert!(warned.contains("evil\\u{202e}fcv.vcf"), "{warned}");
    // JSON keeps the text exact.
    assert_eq!(env.show("1")["name"], name);
}

/// A huge value in a file or on the command line is quoted in a message only in part:
/// an error or warning line stays short, and still says what to do.
#[test]
fn messages_quote_a_huge_value_only_in_part() {
    let env = Env::new();
    // The most one argument may hold is 128 KiB; a file's cell may hold more.
    let output = env.cmd(["add", "Ada", "--email", &"x".repeat(100_000)]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{}", &stderr[..200]);
    assert!(stderr.len() < 1_000, "{} bytes", stderr.len());
    assert!(stderr.starts_with("error: invalid e-mail address 'xxx"), "{stderr}");
    assert!(stderr.contains("…'"), "{stderr}");
    assert!(stderr.trim_end().ends_with("no spaces, ';' or ','"), "{stderr}");
    // An import whose cell holds the huge value: the warning is short too.
    let file = env.dir().join("linkedin.csv");
    std::fs::write(
        &file,
        format!("First Name,Last Name,URL,Email Address,Company,Position,Connected On\nAda,Lovelace,,{}@x,,,12 Mar 2024\n", "x".repeat(1_000_000)),
    )
    .unwrap();
    let output = env.cmd(["import", file.to_str().unwrap()]).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.lines().all(|line| line.len() < 3_000), "{} bytes", stderr.len());
    assert!(stderr.contains("warning:"), "{}", &stderr[..stderr.len().min(300)]);
}
