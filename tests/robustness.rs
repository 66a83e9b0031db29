//! No input makes netcrm panic: random command lines, built from the real commands,
//! flags and a mix of good and bad values, run in-process against one database.

use clap::Parser;
use netcrm::cli::Cli;
use proptest::prelude::*;

const COMMANDS: &[&[&str]] = &[
    &["add"],
    &["list"],
    &["show"],
    &["edit"],
    &["rm", "--yes"],
    &["log"],
    &["due"],
    &["done"],
    &["snooze"],
    &["remind"],
    &["config", "get"],
    &["config", "set"],
    &["dupes"],
    &["merge"],
    &["export", "csv"],
    &["export", "vcard"],
    &["export", "ics"],
    &["export", "json"],
    &["doctor"],
    &["lead", "add"],
    &["lead", "status"],
    &["lead", "list"],
    &["favor"],
    &["favors"],
    &["graph"],
    &["stats"],
    &["undo"],
    &["undo", "--list"],
    &["sync"],
];

const FLAGS: &[&str] = &[
    "--email",
    "--phone",
    "--company",
    "--title",
    "--linkedin",
    "--met-at",
    "--met-on",
    "--how",
    "--tag",
    "--note",
    "--birthday",
    "--introduced-by",
    "--cadence",
    "--cadence-until",
    "--name",
    "--add-tag",
    "--remove-tag",
    "--kind",
    "--on",
    "--in",
    "--until",
    "--for",
    "--within",
    "--search",
    "--sort",
    "--limit",
    "--name-ok",
    "--no-thank-you",
    "--force",
    "--json",
    "--raw",
    "--vcard-version",
    "--at",
    "--via",
    "--url",
    "--status",
    "--gave",
    "--received",
    "--owed",
    "--format",
    "--edit",
    "--rm",
    "--append-note",
    "--quiet",
    "--count",
    "--tasks",
    "--dry-run",
];

const VALUES: &[&str] = &[
    "",
    " ",
    "ada",
    "Ada Lovelace",
    "1",
    "#1",
    "0",
    "-1",
    "99999999999999999999",
    "ada@example.com",
    "a@b",
    "@",
    "2026-02-29",
    "2024-02-29",
    "9999-12-31",
    "0000-01-01",
    "+8000y",
    "-3d",
    "in 2 weeks",
    "3 days ago",
    "next monday",
    "last fri",
    "tomorrow",
    "monthly",
    "none",
    "0d",
    "4294967295m",
    "--05-12",
    "--02-30",
    "thank-you",
    "check-in-1",
    "reminder-1",
    "birthday-1-2026",
    "call",
    "met",
    "=SUM(A1)",
    "Zoë Müller",
    "名前",
    "a\nb",
    "\u{0}",
    "x,y;z",
    "3.0",
    "4.0",
    "name",
    "last",
    "added",
    "default-cadence",
    "thank-you-within",
    "import-cadence",
    "lead-1",
    "outcome-1-2",
    "favor-thanks-1",
    "intro-thanks-2",
    "interview",
    "hired",
    "dot",
    "mermaid",
];

fn arg() -> impl Strategy<Value = Vec<String>> {
    prop_oneof![
        (prop::sample::select(FLAGS), prop::sample::select(VALUES))
            .prop_map(|(flag, value)| vec![flag.to_string(), value.to_string()]),
        prop::sample::select(FLAGS).prop_map(|flag| vec![flag.to_string()]),
        prop::sample::select(VALUES).prop_map(|value| vec![value.to_string()]),
        ".{0,12}".prop_map(|text| vec![text]),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn no_command_line_makes_netcrm_panic(
        command in prop::sample::select(COMMANDS),
        args in prop::collection::vec(arg(), 0..5),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("netcrm.db");
        let env = netcrm::Env { today: Some("2026-11-22".into()), db: Some(db), interactive: false, color: false, width: None, editor: None };
        // Someone to act on, with a reminder and history.
        for setup in [
            &["netcrm", "add", "Ada Lovelace", "--email", "ada@example.com", "--birthday", "--02-29"][..],
            &["netcrm", "remind", "ada", "call her", "--in", "1d"],
            &["netcrm", "log", "ada", "--kind", "call", "--on", "-3d"],
            &["netcrm", "add", "Bob Smith", "--introduced-by", "ada", "--name-ok"],
            &["netcrm", "lead", "add", "Rust Engineer", "--via", "bob"],
            &["netcrm", "lead", "status", "1", "interview"],
            &["netcrm", "favor", "bob", "--received", "a referral"],
        ] {
            netcrm::run(Cli::try_parse_from(setup).unwrap(), &env, &mut Vec::new(), &mut Vec::new()).unwrap();
        }
        let mut argv = vec!["netcrm".to_string()];
        argv.extend(command.iter().map(|c| c.to_string()));
        argv.extend(args.into_iter().flatten());
        // Usage errors are clap's to report; everything that parses must run or fail cleanly.
        if let Ok(cli) = Cli::try_parse_from(&argv) {
            let mut out = Vec::new();
            if netcrm::run(cli, &env, &mut out, &mut Vec::new()).is_err() {
                // The contract of a failure: nothing on stdout.
                prop_assert!(out.is_empty(), "{argv:?} failed after printing {}", String::from_utf8_lossy(&out));
            }
        }
    }
}
