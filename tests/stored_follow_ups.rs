//! The stored follow-ups are the scheduler's, always: after any sequence of writes
//! on any days (forwards and backwards in time), and after undoing them, `doctor`
//! finds them equal to a recomputation from scratch, and `due` lists the same. The
//! writes include leads' chases (rule 11), which move with the last word with any
//! of a lead's helpers, and the `chase-after` setting, and mail that waits for a
//! reply (`no-reply`) with `no-reply-after`, and the weekly reconnect picks (made by
//! the first run of each week: `doctor` and `due` among them) with `dormant-after`
//! and `reconnect-per-week`.

use clap::Parser;
use netcrm::cli::Cli;
use proptest::prelude::*;

const WRITES: &[&[&str]] = &[
    &["add", "Grace Hopper", "--email", "grace@example.com", "--birthday", "--12-01"],
    &["add", "Alan Turing", "--introduced-by", "ada", "--name-ok", "--cadence", "1w"],
    &["add", "Imported One", "--no-thank-you", "--cadence", "none"],
    &["edit", "ada", "--cadence", "2w", "--cadence-until", "+10d"],
    &["edit", "ada", "--introduced-by", "grace"],
    &["edit", "ada", "--birthday", "1990-11-25"],
    &["edit", "ada", "--email", "countess@example.org"],
    &["log", "ada", "--kind", "call"],
    &["log", "ada", "--kind", "thank-you"],
    &["log", "alan", "--kind", "met", "--at", "PyCon"],
    &["log", "grace", "--kind", "thank-you", "--on", "-1d"],
    &["log", "--rm", "1"],
    &["log", "--edit", "1", "--on", "-5d"],
    &["done", "thank-you-1"],
    &["done", "check-in-1"],
    &["done", "intro-thanks-3"],
    &["snooze", "thank-you-1", "--for", "3d"],
    &["snooze", "check-in-1", "--for", "2m"],
    &["remind", "ada", "send slides", "--in", "2d"],
    &["rm", "grace", "--yes"],
    &["rm", "ada", "--yes"],
    &["merge", "ada", "grace"],
    &["config", "set", "thank-you-within", "1d"],
    &["config", "set", "default-cadence", "2w"],
    &["config", "set", "thank-again-after", "2w"],
    &["config", "set", "thank-again-after", "0d"],
    &["config", "set", "thank-again-after", "3m"],
    &["log", "ada", "--kind", "met", "--on", "-1w"],
    &["log", "ada", "--kind", "met", "--at", "Meetup"],
    &["log", "grace", "--kind", "met", "--at", "Meetup", "--thank"],
    &["lead", "add", "Rust Engineer", "--via", "ada", "--via", "alan"],
    &["lead", "add", "Data analyst"],
    &["lead", "status", "1", "interview"],
    &["lead", "status", "1", "hired"],
    &["favor", "ada", "--received", "a referral"],
    &["target", "add", "Babbage & Co"],
    &["lead", "status", "1", "applied"],
    &["lead", "status", "2", "applied", "--on", "-3d"],
    &["lead", "status", "1", "interview", "--on", "+5d"],
    &["lead", "status", "1", "rejected"],
    &["lead", "edit", "1", "--remove-via", "ada"],
    &["lead", "edit", "1", "--add-via", "grace"],
    &["lead", "rm", "1"],
    &["done", "chase-1"],
    &["done", "chase-2"],
    &["snooze", "chase-1", "--for", "3d"],
    &["log", "alan", "--kind", "call", "--on", "-1d"],
    &["config", "set", "chase-after", "3d"],
    &["log", "ada", "--kind", "email", "--awaiting-reply", "--note", "CV"],
    &["log", "alan", "--kind", "email", "--awaiting-reply", "--on", "-3d"],
    &["done", "no-reply-2"],
    &["done", "no-reply-3"],
    &["snooze", "no-reply-4", "--for", "3d"],
    &["config", "set", "no-reply-after", "3d"],
    &["config", "set", "dormant-after", "1d"],
    &["config", "set", "reconnect-per-week", "0"],
    &["config", "set", "reconnect-per-week", "3"],
    &["due"],
    &["done", "reconnect-1-2026-W49"],
    &["done", "reconnect-2-2026-W53"],
    &["snooze", "reconnect-1-2026-W52", "--for", "10d"],
    &["undo"],
];

const DAYS: &[&str] =
    &["2026-11-20", "2026-11-22", "2026-11-29", "2026-12-01", "2026-12-24", "2027-01-02", "2027-02-15"];

fn env(dir: &std::path::Path, today: &str) -> netcrm::Env {
    netcrm::Env {
        today: Some(today.into()),
        db: Some(dir.join("netcrm.db")),
        interactive: false,
        color: false,
        width: None,
        editor: None,
        args: Vec::new(),
    }
}

fn run(env: &netcrm::Env, args: &[&str]) -> Result<String, String> {
    let mut argv = vec!["netcrm"];
    argv.extend_from_slice(args);
    let cli = Cli::try_parse_from(argv).unwrap();
    let mut out = Vec::new();
    netcrm::run(cli, env, &mut out, &mut Vec::new()).map_err(|e| e.to_string())?;
    Ok(String::from_utf8(out).unwrap())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 60, ..ProptestConfig::default() })]

    #[test]
    fn stored_follow_ups_always_equal_a_recomputation(
        steps in prop::collection::vec((prop::sample::select(WRITES), prop::sample::select(DAYS)), 1..10),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let start = env(dir.path(), "2026-11-20");
        run(&start, &["add", "Ada Lovelace", "--email", "ada@example.com", "--met-at", "RustConf"]).unwrap();
        for (command, day) in &steps {
            let env = env(dir.path(), day);
            let _ = run(&env, command);
            // On any day, before or after the write's: doctor recomputes and compares.
            for check_day in [*day, "2026-11-21", "2027-03-01"] {
                let check = env_for(dir.path(), check_day);
                let doctor = run(&check, &["doctor"]);
                prop_assert!(doctor.is_ok(), "after {command:?} on {day}, checked on {check_day}: {doctor:?}");
            }
        }
    }
}

fn env_for(dir: &std::path::Path, today: &str) -> netcrm::Env {
    env(dir, today)
}

#[test]
fn due_after_a_year_away_matches_a_recomputation() {
    let dir = tempfile::tempdir().unwrap();
    let day1 = env(dir.path(), "2026-11-20");
    run(&day1, &["add", "Ada Lovelace", "--birthday", "--12-01", "--cadence", "1m"]).unwrap();
    run(&day1, &["edit", "ada", "--cadence", "1w", "--cadence-until", "2026-12-01"]).unwrap();
    run(&day1, &["snooze", "thank-you-1", "--until", "2026-11-25"]).unwrap();
    for day in ["2026-11-24", "2026-11-25", "2026-12-02", "2027-01-01", "2027-12-31", "2026-11-21"] {
        let env = env(dir.path(), day);
        assert!(run(&env, &["doctor"]).is_ok(), "{day}");
        let due = run(&env, &["--json", "due", "--within", "400"]).unwrap();
        let due: serde_json::Value = serde_json::from_str(&due).unwrap();
        assert!(due.as_array().is_some(), "{day}");
    }
}

#[test]
fn meeting_someone_again_leaves_their_introducers_thanks_where_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let day1 = env(dir.path(), "2026-11-20");
    run(&day1, &["add", "Ada Lovelace", "--no-thank-you"]).unwrap();
    run(&day1, &["add", "Alan Turing", "--introduced-by", "ada"]).unwrap();
    let day2 = env(dir.path(), "2026-11-25");
    run(&day2, &["log", "alan", "--kind", "met", "--at", "PyCon"]).unwrap();
    // The intro-thanks is Ada's, counted from Alan's first meeting, and stored so.
    let due = run(&day2, &["--json", "due", "--kind", "intro-thanks", "--within", "5"]).unwrap();
    let due: serde_json::Value = serde_json::from_str(&due).unwrap();
    assert_eq!(due[0]["due_on"], "2026-11-22", "{due}");
    assert!(run(&day2, &["doctor"]).is_ok());
    // Thanked once, Ada is not asked again when Alan is met again months later.
    run(&day2, &["log", "ada", "--kind", "thank-you"]).unwrap();
    let later = env(dir.path(), "2027-06-01");
    run(&later, &["log", "alan", "--kind", "met"]).unwrap();
    let due = run(&later, &["--json", "due", "--kind", "intro-thanks", "--within", "30"]).unwrap();
    assert_eq!(due.trim(), "[]");
    assert!(run(&later, &["doctor"]).is_ok());
}

#[test]
fn exports_read_follow_ups_brought_up_to_date_for_today() {
    let dir = tempfile::tempdir().unwrap();
    let day1 = env(dir.path(), "2026-11-20");
    run(&day1, &["add", "Ada Lovelace", "--no-thank-you", "--cadence", "1m"]).unwrap();
    run(&day1, &["edit", "ada", "--cadence", "1w", "--cadence-until", "2026-11-30"]).unwrap();
    // On 2026-12-01 the weekly cadence has ended: the check-in is a month after the add.
    let later = env(dir.path(), "2026-12-01");
    let ics = run(&later, &["export", "ics", "--within", "30"]).unwrap();
    assert!(ics.contains("DTSTART;VALUE=DATE:20261220"), "{ics}");
    let csv = run(&later, &["export", "csv"]).unwrap();
    assert!(csv.contains(",2026-12-20,"), "{csv}");
}

/// An import into an empty database stores each contact's follow-ups as it adds it
/// (instead of recomputing everyone after): on any day, they equal a recomputation,
/// for contacts a later card of the same file changed, and for introducers too.
#[test]
fn an_import_into_an_empty_database_stores_what_a_recomputation_finds() {
    let source_dir = tempfile::tempdir().unwrap();
    let source = env(source_dir.path(), "2026-11-20");
    for add in [
        &["add", "Ada Lovelace", "--email", "ada@example.com", "--met-at", "RustConf"][..],
        &["add", "Alan Turing", "--introduced-by", "ada", "--met-on", "2026-11-19", "--cadence", "1w"],
        &["add", "Grace Hopper", "--birthday", "--12-01", "--no-thank-you", "--cadence", "2m"],
        &["add", "Katherine Johnson", "--birthday", "1950-11-25", "--cadence", "none"],
        &["add", "Edsger Dijkstra", "--met-on", "2026-10-01"],
    ] {
        run(&source, add).unwrap();
    }
    run(&source, &["edit", "ada", "--cadence", "2w", "--cadence-until", "2026-12-10"]).unwrap();
    let netcrm_csv = run(&source, &["export", "csv"]).unwrap();
    let linkedin = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n\
                    Ada,Lovelace,,ada@example.com,,,18 Nov 2026\n\
                    Alan,Turing,https://www.linkedin.com/in/alan,,,,19 Nov 2026\n\
                    Ada,Lovelace,,ada@example.com,Analytical Engines,Countess,01 Jan 2020\n";
    // The second card of the same person brings a birthday: a follow-up the first lacked.
    let vcard = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nEMAIL:ada@example.com\r\nEND:VCARD\r\n\
                 BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nEMAIL:ada@example.com\r\nBDAY:1815-12-10\r\nEND:VCARD\r\n\
                 BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Grace Hopper\r\nBDAY:--12-02\r\nEND:VCARD\r\n";
    for (file, text, extra) in [
        ("people.csv", netcrm_csv.as_str(), &[][..]),
        ("Connections.csv", linkedin, &["--cadence", "1m"][..]),
        ("people.vcf", vcard, &["--cadence", "3m"][..]),
    ] {
        for day in DAYS {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join(file);
            std::fs::write(&path, text).unwrap();
            let mut args = vec!["import", path.to_str().unwrap()];
            args.extend_from_slice(extra);
            run(&env(dir.path(), day), &args).unwrap();
            for check_day in [*day, "2026-11-21", "2026-12-11", "2027-03-01"] {
                let doctor = run(&env(dir.path(), check_day), &["doctor"]);
                assert!(doctor.is_ok(), "{file} imported on {day}, checked on {check_day}: {doctor:?}");
            }
        }
    }
}

/// An import that touches a few hundred contacts of a larger network recomputes them
/// (a chunk at a time) and their introducers, not everyone: what it stores is still
/// what a recomputation finds. Here 300 of 1,501 contacts get a birthday or an
/// introducer, and the introducer, whom the file leaves unchanged, owes thanks for
/// the three met since.
#[test]
fn an_import_that_touches_some_of_a_network_recomputes_them_and_their_introducers() {
    let dir = tempfile::tempdir().unwrap();
    let path = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    let mut linkedin = String::from("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n");
    for i in 0..1500 {
        linkedin.push_str(&format!("Person{i},Last{i},,p{i}@example.com,,,01 Nov 2026\n"));
    }
    std::fs::write(path("Connections.csv"), linkedin).unwrap();
    let day = env(dir.path(), "2026-11-20");
    run(&day, &["import", &path("Connections.csv")]).unwrap();
    run(&day, &["add", "Ada Lovelace", "--email", "ada@example.com", "--no-thank-you"]).unwrap();
    // An introducer's thanks count from the meetings logged with those introduced.
    for id in ["1", "2", "3"] {
        run(&day, &["log", id, "--kind", "met", "--on", "2026-11-19"]).unwrap();
    }

    let mut netcrm_csv = String::from(
        "id,name,emails,phones,company,title,linkedin,tags,met_on,met_at,how_met,introduced_by,cadence,\
         birthday,last_contact,next_follow_up,notes\n9001,Ada Lovelace,ada@example.com,,,,,,,,,,,,,,\n",
    );
    for i in 0..300 {
        let introducer = if i < 3 { "9001" } else { "" };
        let birthday = if i < 3 { String::new() } else { format!("--12-{:02}", 1 + i % 28) };
        netcrm_csv.push_str(&format!(
            "{},Person{i} Last{i},p{i}@example.com,,,,,,,,,{introducer},,{birthday},,,\n",
            9002 + i
        ));
    }
    std::fs::write(path("people.csv"), netcrm_csv).unwrap();
    let report = run(&day, &["import", &path("people.csv")]).unwrap();
    assert!(report.contains("0 added, 300 updated"), "{report}");

    let due: serde_json::Value =
        serde_json::from_str(&run(&day, &["--json", "due", "--within", "30"]).unwrap()).unwrap();
    let keys: Vec<&str> = due.as_array().unwrap().iter().map(|f| f["key"].as_str().unwrap()).collect();
    assert_eq!(keys.iter().filter(|k| k.starts_with("intro-thanks-")).count(), 3, "{keys:?}");
    assert!(keys.iter().any(|k| k.starts_with("birthday-")), "{keys:?}");
    for check_day in ["2026-11-20", "2026-12-05", "2027-01-02"] {
        let doctor = run(&env(dir.path(), check_day), &["doctor"]);
        assert!(doctor.is_ok(), "checked on {check_day}: {doctor:?}");
    }
}

/// A chase is its lead's first helper's, but a word with any helper moves it: the
/// stored item follows a second helper's interactions, their undo, the lead's status
/// and `chase-after`, and equals a recomputation on any day.
#[test]
fn a_stored_chase_follows_every_helper_and_the_chase_after_setting() {
    let dir = tempfile::tempdir().unwrap();
    let day = |today: &str| env(dir.path(), today);
    let chase = |today: &str| -> Vec<(String, String)> {
        let due = run(&day(today), &["--json", "due", "--kind", "chase", "--within", "60"]).unwrap();
        let due: serde_json::Value = serde_json::from_str(&due).unwrap();
        due.as_array()
            .unwrap()
            .iter()
            .map(|f| (f["key"].as_str().unwrap().to_string(), f["due_on"].as_str().unwrap().to_string()))
            .collect()
    };
    let item = |key: &str, due_on: &str| vec![(key.to_string(), due_on.to_string())];
    run(&day("2026-09-20"), &["add", "Ada Lovelace", "--no-thank-you"]).unwrap();
    run(&day("2026-09-20"), &["add", "Alan Turing", "--no-thank-you"]).unwrap();
    run(
        &day("2026-09-20"),
        &["lead", "add", "Rust Engineer", "--company", "Acme", "--via", "ada", "--via", "alan"],
    )
    .unwrap();
    run(&day("2026-09-23"), &["lead", "status", "1", "applied"]).unwrap();
    assert_eq!(chase("2026-09-24"), item("chase-1", "2026-09-30"));
    // A call with Alan, the second helper, moves Ada's chase.
    run(&day("2026-09-26"), &["log", "alan", "--kind", "call"]).unwrap();
    assert_eq!(chase("2026-09-26"), item("chase-1", "2026-10-03"));
    for check_day in ["2026-09-21", "2026-09-26", "2026-10-04", "2027-01-01"] {
        assert!(run(&day(check_day), &["doctor"]).is_ok(), "checked on {check_day}");
    }
    run(&day("2026-09-26"), &["config", "set", "chase-after", "2w"]).unwrap();
    assert_eq!(chase("2026-09-26"), item("chase-1", "2026-10-10"));
    run(&day("2026-09-26"), &["undo"]).unwrap();
    run(&day("2026-09-26"), &["undo"]).unwrap();
    assert_eq!(chase("2026-09-26"), item("chase-1", "2026-09-30"));
    // Done (a message to Ada), then removing Ada: Alan owns the next one.
    run(&day("2026-10-01"), &["done", "chase-1"]).unwrap();
    assert_eq!(chase("2026-10-01"), item("chase-1", "2026-10-08"));
    run(&day("2026-10-02"), &["rm", "ada", "--yes"]).unwrap();
    assert_eq!(chase("2026-10-02"), item("chase-1", "2026-10-08"), "the chase done stays done");
    run(&day("2026-10-02"), &["lead", "status", "1", "interview"]).unwrap();
    assert!(chase("2026-10-02").is_empty());
    for check_day in ["2026-09-21", "2026-10-02", "2026-10-09", "2027-01-01"] {
        assert!(run(&day(check_day), &["doctor"]).is_ok(), "checked on {check_day}");
    }
}
