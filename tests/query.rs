//! End-to-end tests of `netcrm query` (DESIGN.md "Address-book queries for mail
//! clients"): the lines mutt's `query_command` and aerc's `address-book-cmd` read.

use crate::support::{Env, json_on, ok_on, parse_json};

/// Zoë (two addresses, a company with accents), Ada, a contact without an e-mail at
/// Acme, and Grace at Acme.
fn address_book() -> Env {
    let env = Env::new();
    for args in [
        &[
            "add",
            "Zoë Müller",
            "--email",
            "zoe@example.com",
            "--email",
            "zm@work.example",
            "--company",
            "Société Générale",
        ][..],
        &["add", "Ada Lovelace", "--email", "ada@example.com", "--company", "Analytical Engines"],
        &["add", "No Mail", "--company", "Acme"],
        &["add", "Grace Hopper", "--email", "grace@acme.example", "--company", "Acme"],
    ] {
        ok_on(&env, "2026-11-22", args);
    }
    env
}

/// `netcrm query TEXT`: (exit code, stdout, stderr).
fn query(env: &Env, text: &str) -> (i32, String, String) {
    let output = env.cmd(["query", text]).output().unwrap();
    let text = |bytes: Vec<u8>| String::from_utf8(bytes).unwrap();
    (output.status.code().unwrap(), text(output.stdout), text(output.stderr))
}

#[test]
fn query_prints_a_first_line_then_one_line_per_address() {
    let env = address_book();
    let (code, out, err) = query(&env, "zoe");
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(
        out,
        "netcrm: 2 matches\n\
         zoe@example.com\tZoë Müller\tSociété Générale\n\
         zm@work.example\tZoë Müller\tSociété Générale\n"
    );
    let (code, out, _) = query(&env, "ada");
    assert_eq!(code, 0);
    assert_eq!(out, "netcrm: 1 match\nada@example.com\tAda Lovelace\tAnalytical Engines\n");
}

#[test]
fn query_matches_names_emails_and_companies_ignoring_case_accents_and_spacing() {
    let env = address_book();
    let addresses = |text: &str| -> Vec<String> {
        let (_, out, _) = query(&env, text);
        out.lines().skip(1).map(|line| line.split('\t').next().unwrap().to_string()).collect()
    };
    // Name: case and accents.
    assert_eq!(addresses("MÜLLER"), ["zoe@example.com", "zm@work.example"]);
    assert_eq!(addresses("zoe mul"), ["zoe@example.com", "zm@work.example"]);
    assert_eq!(addresses("  ada   love "), ["ada@example.com"]);
    // E-mail: any of them finds every address of the contact.
    assert_eq!(addresses("work.example"), ["zoe@example.com", "zm@work.example"]);
    // Company, folded.
    assert_eq!(addresses("societe"), ["zoe@example.com", "zm@work.example"]);
    assert_eq!(addresses("ENGINES"), ["ada@example.com"]);
    // Several contacts: by name; the one at Acme without an e-mail is left out.
    assert_eq!(addresses("acme"), ["grace@acme.example"]);
    assert_eq!(
        addresses("example"),
        ["ada@example.com", "grace@acme.example", "zoe@example.com", "zm@work.example"]
    );
}

#[test]
fn no_match_prints_the_first_line_only_and_exits_1_with_nothing_on_stderr() {
    let env = address_book();
    assert_eq!(query(&env, "nobody"), (1, "netcrm: 0 matches\n".to_string(), String::new()));
    // A match whose only contact has no e-mail is no match either.
    assert_eq!(query(&env, "no mail"), (1, "netcrm: 0 matches\n".to_string(), String::new()));
    // With --json: an empty array, the same exit status.
    let output = env.cmd(["--json", "query", "nobody"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(parse_json(&String::from_utf8(output.stdout).unwrap()), serde_json::json!([]));
    assert!(output.stderr.is_empty());
    // A fresh database has no one.
    assert_eq!(query(&Env::new(), "ada"), (1, "netcrm: 0 matches\n".to_string(), String::new()));
}

#[test]
fn values_stay_on_one_line_in_their_field() {
    let env = Env::new();
    ok_on(
        &env,
        "2026-11-22",
        &["add", "Tab\tName", "--email", "tab@example.com", "--company", "Multi\nLine\r\nCo"],
    );
    ok_on(&env, "2026-11-22", &["add", "Esc\u{1b}[31mape", "--email", "esc@example.com"]);
    let (code, out, _) = query(&env, "example");
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "netcrm: 2 matches\n\
         esc@example.com\tEsc\\x1b[31mape\t\n\
         tab@example.com\tTab Name\tMulti Line  Co\n"
    );
    for line in out.lines().skip(1) {
        assert_eq!(line.split('\t').count(), 3, "{line:?}");
    }
}

#[test]
fn query_json_lists_each_address_with_its_contact() {
    let env = address_book();
    let found = json_on(&env, "2026-11-22", &["query", "acme"]);
    assert_eq!(
        found,
        serde_json::json!([
            {"contact_id": 4, "email": "grace@acme.example", "name": "Grace Hopper", "company": "Acme"}
        ])
    );
    let zoe = json_on(&env, "2026-11-22", &["query", "zoe"]);
    assert_eq!(zoe.as_array().unwrap().len(), 2);
    assert_eq!(zoe[0]["company"], "Société Générale");
    let ada = json_on(&env, "2026-11-22", &["query", "lovelace"]);
    assert_eq!(ada[0]["contact_id"], 2);
}

#[test]
fn a_contact_without_a_company_has_an_empty_third_field() {
    let env = Env::new();
    ok_on(&env, "2026-11-22", &["add", "Alan Turing", "--email", "alan@example.org"]);
    let (code, out, _) = query(&env, "alan");
    assert_eq!(code, 0);
    assert_eq!(out, "netcrm: 1 match\nalan@example.org\tAlan Turing\t\n");
    let found = json_on(&env, "2026-11-22", &["query", "alan"]);
    assert_eq!(found[0]["company"], serde_json::Value::Null);
}
