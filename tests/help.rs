//! Usage errors, completions, the manual and `--help`.

use crate::support::*;

// ---------------------------------------------------------------------------------
// usage errors

#[test]
fn usage_errors_exit_with_status_2() {
    let env = Env::new();
    for args in [
        &["add", "Ada Lovelace", "--frobnicate"][..],
        &["show"],
        &["rm"],
        &["edit"],
        &["list", "--sort", "newest"],
        &["list", "--limit", "many"],
        &["list", "--limit"],
        &["completions", "tcsh"],
        &["completions"],
        &["no-such-command"],
    ] {
        let output = env.cmd(args).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "netcrm {args:?}: {stderr}");
        assert!(output.stdout.is_empty(), "netcrm {args:?} printed on stdout");
        assert!(stderr.starts_with("error: "), "netcrm {args:?}: {stderr}");
    }
    // Bare `netcrm` shows the usage on stderr, like git.
    let output = env.cmd(Vec::<&str>::new()).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    assert!(String::from_utf8_lossy(&output.stderr).contains("Usage: netcrm"));
}

// ---------------------------------------------------------------------------------
// completions, manpage, help

#[test]
fn completions_print_a_script_without_opening_the_database() {
    let env = Env::new();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = env.ok(["completions", shell]);
        assert!(script.len() > 100, "{shell}: {script}");
        assert!(script.contains("netcrm"), "{shell}");
        assert!(!env.db().exists(), "completions {shell} created the database");
    }
    // Not even with a date it would reject.
    succeeds(env.cmd(["completions", "bash"]).env("NETCRM_TODAY", "garbage"));
    assert!(!env.db().exists());
}

#[test]
fn manpage_prints_roff_without_opening_the_database() {
    let env = Env::new();
    let page = env.ok(["manpage"]);
    assert!(page.contains(".TH"), "{page}");
    assert!(page.to_lowercase().contains("netcrm"));
    assert!(!env.db().exists(), "manpage created the database");
}

#[test]
fn help_for_every_command_has_examples() {
    let env = Env::new();
    for command in ["add", "list", "show", "edit", "rm", "completions", "manpage"] {
        let help = env.ok([command, "--help"]);
        assert!(help.contains("Examples:"), "netcrm {command} --help:\n{help}");
        assert!(help.contains("netcrm "), "netcrm {command} --help:\n{help}");
    }
    let help = env.ok(["--help"]);
    assert!(help.contains("Examples:"), "{help}");
    assert!(!env.db().exists(), "--help created the database");
}
