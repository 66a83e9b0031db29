//! Prompts on a real terminal: `add` without a NAME asks for the fields, `rm` asks
//! for confirmation. util-linux's `script` runs netcrm on a pseudo-terminal and
//! types our input into it.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::support::{Env, TODAY};

/// Runs `netcrm ARGS` on a pseudo-terminal, typing `keys`; returns (exit code, screen).
fn on_terminal(env: &Env, args: &str, keys: &str) -> (Option<i32>, String) {
    let binary = env!("CARGO_BIN_EXE_netcrm");
    let mut child = Command::new("script")
        .args(["--quiet", "--return", "--command", &format!("{binary} {args}"), "/dev/null"])
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", env.dir())
        .env("NETCRM_DB", env.db())
        .env("NETCRM_TODAY", TODAY)
        .env("NO_COLOR", "1")
        .env("TERM", "xterm")
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
    let keys = "\r  \rAda Lovelace\rnot-an-email\rada@example.com\rAcme\rEngineer\rRustConf\rrust, mentor ,\ra note\r";
    let (code, screen) = on_terminal(&env, "add", keys);
    assert_eq!(code, Some(0), "{screen}");
    assert!(screen.contains("invalid e-mail address 'not-an-email'"), "{screen}");
    assert!(screen.contains("Added Ada Lovelace (#1). Thank-you due 2026-11-24."), "{screen}");
    let ada = env.show("ada");
    assert_eq!(ada["emails"], serde_json::json!(["ada@example.com"]));
    assert_eq!(ada["company"], "Acme");
    assert_eq!(ada["title"], "Engineer");
    assert_eq!(ada["met_at"], "RustConf");
    assert_eq!(ada["tags"], serde_json::json!(["mentor", "rust"]));
    assert_eq!(ada["notes"], "a note");
}

#[test]
fn add_on_a_terminal_asks_only_for_fields_not_given_as_flags() {
    let env = Env::new();
    let (code, screen) = on_terminal(
        &env,
        "add --company Acme --email grace@example.com --tag navy",
        "Grace Hopper\rAdmiral\rDevFest\r\r",
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
    let (code, screen) = on_terminal(&env, "rm ada", "n");
    assert_eq!(code, Some(1), "{screen}");
    assert!(screen.contains("Remove Ada Lovelace (#1)"), "{screen}");
    assert!(screen.contains("error: Ada Lovelace (#1) was not removed"), "{screen}");
    assert_eq!(env.ids(), [1]);

    let (code, screen) = on_terminal(&env, "rm ada", "y");
    assert_eq!(code, Some(0), "{screen}");
    assert!(screen.contains("Removed Ada Lovelace (#1)."), "{screen}");
    assert!(env.ids().is_empty());
}
