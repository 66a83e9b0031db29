//! No input makes netcrm panic, and every failure keeps the contract: random command
//! lines, built from the real commands, flags and a mix of good and bad values, run
//! in-process against one database; a failure prints nothing on stdout, one `error:`
//! line, and leaves `export json` unchanged.

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

/// `netcrm export json`: every record, to compare before and after a command.
fn export(env: &netcrm::Env) -> String {
    let mut out = Vec::new();
    let cli = Cli::try_parse_from(["netcrm", "export", "json"]).unwrap();
    netcrm::run(cli, env, &mut out, &mut Vec::new()).unwrap();
    String::from_utf8(out).unwrap()
}

/// A database with someone to act on, a reminder and history, made once and copied
/// for each case, and its `export json`.
fn template() -> &'static (std::path::PathBuf, String) {
    static TEMPLATE: std::sync::OnceLock<(std::path::PathBuf, String)> = std::sync::OnceLock::new();
    TEMPLATE.get_or_init(|| {
        let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap().keep();
        let db = dir.join("netcrm.db");
        let env = netcrm::Env {
            today: Some("2026-11-22".into()),
            db: Some(db.clone()),
            interactive: false,
            color: false,
            width: None,
            editor: None,
            args: Vec::new(),
        };
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
        let exported = export(&env);
        (db, exported)
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn every_failing_command_line_keeps_the_error_contract(
        command in prop::sample::select(COMMANDS),
        args in prop::collection::vec(arg(), 0..5),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("netcrm.db");
        let (template, before) = template();
        std::fs::copy(template, &db).unwrap();
        let env = netcrm::Env { today: Some("2026-11-22".into()), db: Some(db), interactive: false, color: false, width: None, editor: None, args: Vec::new() };
        let mut argv = vec!["netcrm".to_string()];
        argv.extend(command.iter().map(|c| c.to_string()));
        argv.extend(args.into_iter().flatten());
        // Usage errors are clap's to report; everything that parses must run or fail cleanly.
        if let Ok(cli) = Cli::try_parse_from(&argv) {
            let (mut out, mut err) = (Vec::new(), Vec::new());
            if let Err(error) = netcrm::run(cli, &env, &mut out, &mut err) {
                // The contract of a failure: nothing on stdout, one `error:` line on
                // stderr (what `main` prints), and no record changed.
                prop_assert!(out.is_empty(), "{argv:?} failed after printing {}", String::from_utf8_lossy(&out));
                let line = netcrm::error::error_line(&error);
                prop_assert!(line.starts_with("error: ") && !line.contains('\n'), "{argv:?}: {line:?}");
                let err = String::from_utf8_lossy(&err);
                prop_assert!(err.lines().all(|l| l.starts_with("warning: ")), "{argv:?} printed {err:?}");
                prop_assert_eq!(&export(&env), before, "{:?} failed after changing records", argv);
            }
        }
    }
}
