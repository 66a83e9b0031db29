//! `scan` of calendars built to sink it (issue 23): recurrences every second, components
//! nested 20,000 deep, and files whose size made the old reader quadratic (events,
//! attendees, EXDATE lines, moved occurrences), each in a small version, through the real
//! binary (a stack overflow would kill a test harness) with its memory capped and a time
//! limit far above what a scan needs: what matters is that it ends, and logs what there
//! is to log. The ratios of times for N and 2N are measured by `scripts/bench-calendars.sh`
//! (BENCHMARKS.md), not here.

use std::time::Duration;

use chrono::NaiveDate;
use serde_json::{Value, json};

use crate::support::*;

/// Far above what these scans take (well under a second each, in a debug build).
const TIME_LIMIT: Duration = Duration::from_secs(20);

/// The address space each scan may use (`ulimit -v`, in KiB): 256 MiB.
const MEMORY_LIMIT_KIB: u64 = 256 * 1024;

/// Ada, a contact, whom every meeting here is with.
fn ada(env: &Env) {
    ok_on(env, TODAY, &["add", "Ada Lovelace", "--email", "ada@example.com", "--no-thank-you"]);
}

fn calendar(events: &str) -> String {
    format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n{events}END:VCALENDAR\r\n")
}

/// A VEVENT with you and Ada, and `extra` lines (each ending in CRLF).
fn event(uid: &str, start: &str, extra: &str) -> String {
    format!(
        "BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20250101T000000Z\r\nDTSTART:{start}\r\n{extra}SUMMARY:Sync\r\n\
         ORGANIZER:mailto:me@example.com\r\nATTENDEE;PARTSTAT=ACCEPTED:mailto:ada@example.com\r\nEND:VEVENT\r\n"
    )
}

/// `YYYYMMDD` of the day `n` days after 2020-01-01.
fn day(n: u64) -> String {
    let start = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
    start.checked_add_days(chrono::Days::new(n)).unwrap().format("%Y%m%d").to_string()
}

/// Days from 2020-01-01 to TODAY, both counted.
fn days_to_today() -> u64 {
    let today: NaiveDate = TODAY.parse().unwrap();
    let start = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
    u64::try_from((today - start).num_days()).unwrap() + 1
}

/// `netcrm --json scan FILE --me me@example.com --dry-run`, in at most
/// [`MEMORY_LIMIT_KIB`] of address space and [`TIME_LIMIT`]; expects success and
/// returns the summary and stderr.
fn scan(env: &Env, file: &str) -> (Value, String) {
    let inner = env.std_cmd(["--json", "scan", file, "--me", "me@example.com", "--dry-run"]);
    let mut capped = std::process::Command::new("sh");
    capped
        .arg("-c")
        .arg(format!("ulimit -v {MEMORY_LIMIT_KIB} && exec \"$0\" \"$@\""))
        .arg(inner.get_program())
        .args(inner.get_args())
        .env_clear()
        .envs(inner.get_envs().filter_map(|(k, v)| v.map(|v| (k, v))));
    if let Some(dir) = inner.get_current_dir() {
        capped.current_dir(dir);
    }
    let mut cmd = assert_cmd::Command::from_std(capped);
    cmd.timeout(TIME_LIMIT).write_stdin(Vec::<u8>::new());
    let (out, err) = succeeds_with_stderr(&mut cmd);
    (parse_json(&out), err)
}

fn write(env: &Env, name: &str, text: &str) {
    std::fs::write(env.dir().join(name), text).unwrap();
}

fn counts(summary: &Value) -> (Value, Value, Value) {
    (summary["events"].clone(), summary["logged"].clone(), summary["skipped"].clone())
}

/// The 16 KB file of 100 FREQ=SECONDLY events took 1.76 GB. Here, events every
/// second (and every minute) for a year stop at their first day, counted as repeating
/// more than hourly; a weekly meeting in the same file is still logged.
#[test]
fn r23_secondly_and_minutely_rules_over_a_year_scan_in_bounded_memory_and_time() {
    let env = Env::new();
    ada(&env);
    let mut events = String::new();
    for i in 0..100 {
        let rule = if i % 2 == 0 { "SECONDLY" } else { "MINUTELY" };
        let extra = format!("RRULE:FREQ={rule};UNTIL=20260101T000000Z\r\n");
        events.push_str(&event(&format!("often-{i}"), "20250101T090000Z", &extra));
    }
    // Mondays 2, 9 and 16 November (today is Sunday the 22nd).
    events.push_str(&event("weekly", "20261102T100000Z", "RRULE:FREQ=WEEKLY\r\n"));
    write(&env, "often.ics", &calendar(&events));
    let (summary, stderr) = scan(&env, "often.ics");
    assert_eq!(counts(&summary), (json!(103), json!(3), json!(100)), "{summary}");
    assert_eq!(stderr, "");
    let out = ok_on(&env, TODAY, &["scan", "often.ics", "--me", "me@example.com", "--dry-run"]);
    assert!(out.contains("skipped 100 (100 events repeating more than hourly)"), "{out}");
}

/// A VEVENT nested 20,000 deep overflowed the stack (abort). Now that file is unreadable,
/// skipped with a warning and counted; the other calendar in the folder is read.
#[test]
fn r23_a_calendar_nested_20000_deep_is_skipped_as_unreadable_without_a_crash() {
    let env = Env::new();
    ada(&env);
    std::fs::create_dir(env.dir().join("calendars")).unwrap();
    let deep = format!("{}{}", "BEGIN:VEVENT\r\n".repeat(20_000), "END:VEVENT\r\n".repeat(20_000));
    write(&env, "calendars/deep.ics", &calendar(&deep));
    write(&env, "calendars/fine.ics", &calendar(&event("fine", "20261110T100000Z", "")));
    let (summary, stderr) = scan(&env, "calendars");
    assert_eq!(counts(&summary), (json!(2), json!(1), json!(1)), "{summary}");
    assert!(
        stderr.starts_with("warning: calendars/deep.ics: not an iCalendar file that can be read (line 67: components nested more than 64 deep); skipped"),
        "{stderr}"
    );
    let (out, _) =
        succeeds_with_stderr(&mut env.cmd(["scan", "calendars", "--me", "me@example.com", "--dry-run"]));
    assert!(out.contains("skipped 1 (1 unreadable)"), "{out}");
}

/// 16,000 events in one file (a few years of a real calendar) took 35 s: the time
/// grew with the square of the events.
#[test]
fn r23_sixteen_thousand_events_in_one_file_scan_quickly() {
    let env = Env::new();
    ada(&env);
    let events: String =
        (0..16_000).map(|i| event(&format!("e{i}"), &format!("{}T100000Z", day(i % 2000)), "")).collect();
    write(&env, "big.ics", &calendar(&events));
    let (summary, _) = scan(&env, "big.ics");
    assert_eq!(counts(&summary), (json!(16_000), json!(16_000), json!(0)), "{summary}");
}

/// One event with 64,000 attendees.
#[test]
fn r23_an_event_with_64000_attendees_scans_quickly() {
    let env = Env::new();
    ada(&env);
    let attendees: String =
        (0..64_000).map(|i| format!("ATTENDEE;PARTSTAT=ACCEPTED:mailto:p{i}@example.com\r\n")).collect();
    write(&env, "crowd.ics", &calendar(&event("crowd", "20261110T100000Z", &attendees)));
    let (summary, _) = scan(&env, "crowd.ics");
    assert_eq!(counts(&summary), (json!(1), json!(1), json!(0)), "{summary}");
}

/// A daily meeting since 2020 with 64,000 EXDATE lines (every other day, for 350
/// years): each was compared with each occurrence.
#[test]
fn r23_a_daily_meeting_with_64000_exdates_scans_quickly() {
    let env = Env::new();
    ada(&env);
    let exdates: String = (0..64_000).map(|i| format!("EXDATE:{}T100000Z\r\n", day(2 * i))).collect();
    let extra = format!("RRULE:FREQ=DAILY\r\n{exdates}");
    write(&env, "daily.ics", &calendar(&event("daily", "20200101T100000Z", &extra)));
    let (summary, _) = scan(&env, "daily.ics");
    // The days an odd number of days after the first.
    let logged = days_to_today() / 2;
    assert_eq!(counts(&summary), (json!(logged), json!(logged), json!(0)), "{summary}");
}

/// A daily meeting since 2020 with 16,000 occurrences moved by an hour (RECURRENCE-ID):
/// each was looked for among all of them.
#[test]
fn r23_a_daily_meeting_with_16000_moved_occurrences_scans_quickly() {
    let env = Env::new();
    ada(&env);
    let mut events = event("daily", "20200101T100000Z", "RRULE:FREQ=DAILY\r\n");
    for i in 0..16_000 {
        let extra = format!("RECURRENCE-ID:{}T100000Z\r\n", day(i));
        events.push_str(&event("daily", &format!("{}T110000Z", day(i)), &extra));
    }
    write(&env, "moved.ics", &calendar(&events));
    let (summary, _) = scan(&env, "moved.ics");
    // Every day until today, once: moved there (those after today are not read).
    let days = days_to_today();
    assert_eq!(counts(&summary), (json!(days), json!(days), json!(0)), "{summary}");
}
