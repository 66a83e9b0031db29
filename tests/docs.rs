//! The examples in README.md and GUIDE.md are what the binary prints: the first run,
//! and the job search of the guide walked command by command on the days it implies.
//! A change to what a command prints fails here until the documents say the same.

use crate::support::*;

const README: &str = include_str!("../README.md");
const GUIDE: &str = include_str!("../GUIDE.md");

/// A command line's words, with double-quoted words kept whole.
fn words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let (mut word, mut quoted, mut any) = (String::new(), false, false);
    for c in line.chars() {
        match c {
            '"' => (quoted, any) = (!quoted, true),
            ' ' if !quoted => {
                if any {
                    words.push(std::mem::take(&mut word));
                }
                any = false;
            }
            c => (word, any) = (word + &c.to_string(), true),
        }
    }
    if any {
        words.push(word);
    }
    words
}

/// The `$ netcrm ...` commands of the fenced block of `doc` that holds `first`, each
/// with the lines printed after it (to the next command or comment, blank lines at its
/// end left out).
fn session(doc: &str, first: &str) -> Vec<(Vec<String>, String)> {
    let start = doc.find(first).expect("the session is in the document");
    let block = &doc[start..doc[start..].find("\n```").map_or(doc.len(), |end| start + end)];
    let mut commands: Vec<(Vec<String>, String)> = Vec::new();
    let mut printing = false;
    for line in block.lines() {
        if let Some(command) = line.strip_prefix("$ netcrm ") {
            commands.push((words(command), String::new()));
            printing = true;
        } else if line.starts_with("# ") {
            printing = false;
        } else if printing && let Some((_, printed)) = commands.last_mut() {
            printed.push_str(line);
            printed.push('\n');
        }
    }
    for (_, printed) in &mut commands {
        let kept = printed.trim_end_matches('\n').len();
        printed.truncate(kept);
        printed.push('\n');
    }
    commands
}

#[test]
fn the_guides_job_search_prints_what_the_guide_shows() {
    let commands =
        session(GUIDE, "$ netcrm add \"Ada Lovelace\" --email ada@example.com --met-at RustConf --how");
    // The day each command ran: the guide's outputs name them.
    let days = [
        "2026-11-02",
        "2026-11-03",
        "2026-11-05",
        "2026-11-05",
        "2026-11-05",
        "2026-11-05",
        "2026-11-07",
        "2026-11-07",
        "2026-11-07",
        "2026-11-07",
        "2026-11-07",
        "2026-11-14",
        "2026-11-16",
        "2026-11-16",
        "2026-11-18",
        "2026-11-18",
        "2026-11-18",
        "2026-11-25",
        "2026-12-01",
        "2026-12-01",
        "2026-12-01",
        "2026-12-01",
        "2026-12-01",
        "2026-12-01",
        "2026-12-01",
    ];
    assert_eq!(commands.len(), days.len(), "a command was added to or taken from the guide's job search");
    let env = Env::new();
    for ((args, shown), day) in commands.iter().zip(days) {
        // "Printed at 100 columns", as the guide says.
        let printed = succeeds(env.cmd(args).env("NETCRM_TODAY", day).env("COLUMNS", "100"));
        assert_eq!(&printed, shown, "netcrm {} on {day}", args.join(" "));
    }
}

#[test]
fn the_readmes_first_run_prints_what_the_readme_shows() {
    let start = README.find("Added Ada Lovelace (#1). Thank-you due").expect("the first run's output");
    let shown = &README[start..start + README[start..].find("\n```").expect("the block's end") + 1];
    let env = Env::new();
    let mut printed = ok_on(
        &env,
        "2026-11-22",
        &["add", "Ada Lovelace", "--email", "ada@example.com", "--met-at", "RustConf"],
    );
    printed.push_str(&ok_on(&env, "2026-11-22", &["list"]));
    assert_eq!(printed, shown);
}

#[test]
fn the_readmes_urgency_example_prints_what_the_readme_shows() {
    let commands = session(README, "$ netcrm due --explain");
    let (command, shown) = &commands[0];
    let env = Env::new();
    ok_on(&env, "2026-11-18", &["add", "Ada Lovelace", "--met-at", "RustConf"]);
    ok_on(&env, "2026-10-01", &["add", "Grace Hopper", "--no-thank-you"]);
    ok_on(&env, "2026-10-21", &["log", "grace", "--kind", "call"]);
    ok_on(&env, "2026-11-22", &["lead", "add", "Rust Engineer", "--company", "Acme", "--via", "grace"]);
    let printed = succeeds(env.cmd(command).env("NETCRM_TODAY", "2026-11-22").env("COLUMNS", "120"));
    assert_eq!(&printed, shown);
}

#[test]
fn the_guides_urgency_example_prints_what_the_guide_shows() {
    let commands = session(GUIDE, "$ netcrm due --explain --within 3");
    let (command, shown) = &commands[0];
    let env = Env::new();
    ok_on(&env, "2026-11-18", &["add", "Ada Lovelace", "--no-thank-you", "--cadence", "none"]);
    ok_on(&env, "2024-11-01", &["add", "Charles Babbage", "--no-thank-you", "--cadence", "1w"]);
    ok_on(&env, "2026-11-01", &["add", "Grace Hopper", "--no-thank-you", "--cadence", "none"]);
    ok_on(&env, "2026-11-22", &["lead", "add", "Rust Engineer", "--company", "Acme", "--via", "grace"]);
    ok_on(&env, "2026-11-22", &["remind", "ada", "send the slides", "--on", "2026-11-25"]);
    let printed = succeeds(env.cmd(command).env("NETCRM_TODAY", "2026-11-22").env("COLUMNS", "120"));
    assert_eq!(&printed, shown);
}

#[test]
fn command_lines_are_split_into_words_as_a_shell_would() {
    assert_eq!(
        words(r#"add "Ada Lovelace" --note "" --tag x"#),
        ["add", "Ada Lovelace", "--note", "", "--tag", "x"]
    );
}

#[test]
fn the_readmes_path_example_prints_what_the_readme_shows() {
    let commands = session(README, "$ netcrm path --company Contoso");
    let (command, shown) = &commands[0];
    let env = Env::new();
    env.add("Priya Raman", &["--met-on", "2026-03-01"]);
    for on in
        ["2026-04-01", "2026-05-01", "2026-06-01", "2026-07-01", "2026-08-01", "2026-09-01", "2026-11-01"]
    {
        env.ok(["log", "priya", "--kind", "call", "--on", on]);
    }
    env.add("Tomás Ortega", &["--company", "Contoso", "--introduced-by", "priya", "--met-on", "2025-01-10"]);
    env.add("Ana Lima", &["--company", "Contoso", "--met-on", "2026-11-10"]);
    let printed = succeeds(env.cmd(command).env("NETCRM_TODAY", "2026-11-22"));
    assert_eq!(&printed, shown);
}
