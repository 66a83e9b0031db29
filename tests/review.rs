//! `review`: the morning list one item at a time on a terminal (util-linux `script`
//! makes it), in urgency order, with one-key actions, each its own undo step; off a
//! terminal a usage error pointing at `due`.

use serde_json::Value;

use crate::support::*;

/// By TODAY (2026-11-22): Grace (#1, met 11-17, thank-you due 11-19, 3 days overdue,
/// no e-mail), Ada (#2, met at RustConf 11-18, thank-you due 11-20, 2 days overdue) and
/// a lead Ada passed on today. Urgency: Grace's thank-you 7.5, Ada's 6, the lead 5.
fn morning() -> Env {
    let env = Env::new();
    env.ok(["add", "Grace Hopper", "--company", "Navy", "--met-on", "2026-11-17"]);
    env.ok([
        "add",
        "Ada Lovelace",
        "--email",
        "ada@example.com",
        "--company",
        "Acme",
        "--title",
        "Engineer",
        "--met-at",
        "RustConf",
        "--met-on",
        "2026-11-18",
        "--how",
        "the Analytical Engine",
    ]);
    env.ok(["lead", "add", "Staff engineer", "--company", "Contoso", "--via", "ada"]);
    env
}

/// `review` on a terminal, moved on to Ada's thank-you (the second item).
fn on_adas_thank_you(env: &Env) -> Terminal {
    let mut terminal = Terminal::start(env, "review", TODAY);
    terminal.expect("[q]uit");
    terminal.send("n");
    terminal.expect("[2/3] thank-you-2");
    terminal.expect("[q]uit");
    terminal
}

/// Quits `review` at its next question; it exits 0.
fn quit(mut terminal: Terminal) {
    terminal.expect("[q]uit");
    terminal.send("q");
    let (code, screen) = terminal.finish();
    assert_eq!(code, Some(0), "{screen}");
}

/// The keys `due` lists, in its order.
fn due_keys(env: &Env) -> Vec<String> {
    let due = env.json(["due"]);
    due.as_array().unwrap().iter().map(|f| f["key"].as_str().unwrap().to_string()).collect()
}

#[test]
fn off_a_terminal_review_is_a_usage_error_pointing_at_due() {
    let env = morning();
    let stderr = env.fails(["review"], 2, "use netcrm due");
    assert!(stderr.contains("on a terminal"), "{stderr}");
}

#[test]
fn review_walks_the_items_in_urgency_order_with_each_persons_briefing() {
    let env = morning();
    assert_eq!(due_keys(&env), ["thank-you-1", "thank-you-2", "lead-1"]);
    let mut terminal = Terminal::start(&env, "review", TODAY);
    let first = terminal.expect("[q]uit");
    assert!(first.contains("[1/3] thank-you-1  2026-11-19 3d overdue"), "{first}");
    assert!(first.contains("Navy · met on 2026-11-17 · last: met on 2026-11-17"), "{first}");
    terminal.send("n");
    let second = terminal.expect("[q]uit");
    assert!(second.contains("[2/3] thank-you-2  2026-11-20 2d overdue"), "{second}");
    assert!(second.contains("Ada Lovelace <ada@example.com>"), "{second}");
    assert!(
        second.contains(
            "Engineer at Acme · met at RustConf on 2026-11-18 (the Analytical Engine) · last: met on 2026-11-18"
        ),
        "{second}"
    );
    // Enter is next too.
    terminal.send("\r");
    let third = terminal.expect("[q]uit");
    assert!(third.contains("[3/3] lead-1  2026-11-22 today"), "{third}");
    terminal.send("n");
    terminal.expect("That was everything due: 0 of 3 acted on.");
    let (code, _) = terminal.finish();
    assert_eq!(code, Some(0));
    // Looking changed nothing.
    assert_eq!(due_keys(&env), ["thank-you-1", "thank-you-2", "lead-1"]);
}

#[test]
fn done_snooze_and_log_are_each_an_undo_step() {
    let env = morning();
    let mut terminal = Terminal::start(&env, "review", TODAY);
    terminal.expect("[q]uit");
    // Grace's thank-you: done.
    terminal.send("d");
    terminal.expect("Done: thank-you-1. Logged thank-you on 2026-11-22.");
    // Ada's: snoozed for 3 days.
    terminal.expect("[2/3] thank-you-2");
    terminal.expect("[q]uit");
    terminal.send("s");
    terminal.expect("[1w]");
    terminal.send("3d\r");
    terminal.expect("Snoozed thank-you-2 until 2026-11-25 (due 2026-11-20).");
    // The lead: a call logged with Ada, with a note; the lead is still to act on.
    terminal.expect("[3/3] lead-1");
    terminal.expect("[q]uit");
    terminal.send("l");
    terminal.expect("[message]");
    terminal.send("call\r");
    terminal.expect("Note");
    terminal.send("asked about the team\r");
    terminal.expect("Logged call with Ada Lovelace on 2026-11-22.");
    terminal.expect("[q]uit");
    terminal.send("q");
    terminal.expect("Stopped; 3 of 3 acted on.");
    let (code, screen) = terminal.finish();
    assert_eq!(code, Some(0), "{screen}");

    let ada = env.json(["show", "ada"]);
    let call = ada["interactions"].as_array().unwrap().iter().find(|i| i["kind"] == "call").cloned();
    assert_eq!(call.as_ref().map(|c| c["note"].clone()), Some(Value::from("asked about the team")), "{ada}");
    let steps = env.ok(["undo", "--list"]);
    let steps: Vec<&str> = steps.lines().take(3).collect();
    assert!(steps[0].contains("log call with Ada Lovelace on 2026-11-22"), "{steps:?}");
    assert!(steps[1].contains("snooze thank-you-2 until 2026-11-25"), "{steps:?}");
    assert!(steps[2].contains("thank-you-1"), "{steps:?}");
    // Undone one at a time: the call, then the snooze.
    env.ok(["undo"]);
    env.ok(["undo"]);
    assert_eq!(due_keys(&env), ["thank-you-2", "lead-1"]);
}

#[test]
fn an_empty_snooze_answer_is_a_week() {
    let env = morning();
    let mut terminal = Terminal::start(&env, "review", TODAY);
    terminal.expect("[q]uit");
    terminal.send("s");
    terminal.expect("[1w]");
    terminal.send("\r");
    terminal.expect("Snoozed thank-you-1 until 2026-11-29 (due 2026-11-19).");
    quit(terminal);
}

#[test]
fn write_shows_the_draft_and_stays_on_the_item() {
    let env = morning();
    let mut terminal = on_adas_thank_you(&env);
    terminal.send("w");
    let screen = terminal.expect("[q]uit");
    assert!(screen.contains("    To: ada@example.com\n    Subject: "), "{screen}");
    assert!(screen.contains("RustConf"), "the draft uses how you met: {screen}");
    // Still on Ada's thank-you: done now.
    terminal.send("d");
    terminal.expect("Done: thank-you-2.");
    quit(terminal);
}

#[test]
fn write_puts_the_draft_in_the_drafts_maildir_when_one_is_set() {
    let env = morning();
    env.ok(["config", "set", "my-addresses", "me@example.org"]);
    let drafts = env.dir().join("Mail/Drafts");
    env.ok(["draft", "thank-you-2", "--maildir", drafts.to_str().unwrap()]);
    let before = std::fs::read_dir(drafts.join("cur")).unwrap().count();
    let mut terminal = on_adas_thank_you(&env);
    terminal.send("w");
    terminal.expect("Wrote the draft to ");
    terminal.expect("[q]uit");
    terminal.send("q");
    let (code, screen) = terminal.finish();
    assert_eq!(code, Some(0), "{screen}");
    let files: Vec<String> = std::fs::read_dir(drafts.join("cur"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(files.len(), before + 1, "{files:?}");
    assert!(files.iter().all(|f| f.ends_with(":2,D")), "{files:?}");
    // Grace has no e-mail: her draft is shown, with why.
    let mut terminal = Terminal::start(&env, "review", TODAY);
    terminal.expect("[q]uit");
    terminal.send("w");
    let screen = terminal.expect("Subject: ");
    assert!(screen.contains("warning:"), "{screen}");
    terminal.expect("[q]uit");
    terminal.send("q");
    assert_eq!(terminal.finish().0, Some(0));
}

#[test]
fn nothing_due_says_so_and_ends() {
    let env = Env::new();
    let mut terminal = Terminal::start(&env, "review", TODAY);
    terminal.expect("Nothing due today. You're all caught up.");
    assert_eq!(terminal.finish().0, Some(0));
}
