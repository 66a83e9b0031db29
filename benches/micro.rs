//! Micro-benchmarks of what carries netcrm's costs: the scheduler for one contact, the
//! importers' readers (CSV, vCard, and the JSON backup's), `scan`'s calendar reader at N
//! and 2N of hostile shapes, a LinkedIn import's writes beside the bare SQLite writes
//! beneath them, and one card repeating a property thousands of times (import and sync
//! must stay linear). Run with `cargo bench --bench micro`; whole-command timings against
//! the sqlite3 shell are in `scripts/bench.sh`, and `scan`'s of hostile calendars in
//! `scripts/bench-calendars.sh`.

use chrono::NaiveDate;
use netcrm::dates::{Cadence, Duration, Unit};
use netcrm::formats::{csv, json, vcard};
use netcrm::model::{Contact, Interaction, InteractionKind, Marks, Settings};
use netcrm::scheduler::{self, Records};

fn main() {
    divan::main();
}

fn day(n: u64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 1, 1)
        .and_then(|d| d.checked_add_days(chrono::Days::new(n)))
        .unwrap_or_default()
}

/// One contact's follow-ups with `n` interactions in their history.
#[divan::bench(args = [1, 10, 100, 1000])]
fn scheduler_one_contact(bencher: divan::Bencher, n: u64) {
    let contact = Contact {
        cadence: Some(Cadence::Every(Duration { count: 1, unit: Unit::Months })),
        ..Contact::new(1, "Ada Lovelace", day(0))
    };
    let history: Vec<Interaction> = (0..n)
        .map(|i| {
            let kind = if i == 0 { InteractionKind::Met } else { InteractionKind::Call };
            Interaction::new(i as i64 + 1, 1, kind, day(i % 300))
        })
        .collect();
    let (settings, marks, today) = (Settings::default(), Marks::default(), day(400));
    bencher.bench(|| {
        let records = Records { interactions: &history, ..Records::of(&contact) };
        scheduler::follow_ups(divan::black_box(records), today, &settings, &marks)
    });
}

/// Reading a LinkedIn export of `rows` connections.
#[divan::bench(args = [1_000, 10_000])]
fn read_linkedin_csv(bencher: divan::Bencher, rows: usize) {
    let mut text = String::from("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n");
    for i in 0..rows {
        text.push_str(&format!(
            "Person{i},Last{i},https://www.linkedin.com/in/p{i},p{i}@example.com,Acme,Engineer,12 Mar 2024\n"
        ));
    }
    let options = csv::Options::default();
    bencher.bench(|| csv::parse(divan::black_box(text.as_bytes()), csv::Flavor::LinkedIn, &options));
}

/// Reading `cards` vCards.
#[divan::bench(args = [1_000, 10_000])]
fn read_vcards(bencher: divan::Bencher, cards: usize) {
    let mut text = String::new();
    for i in 0..cards {
        text.push_str(&format!(
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person {i}\r\nN:{i};Person;;;\r\nEMAIL;TYPE=work:p{i}@example.com\r\n\
             TEL;TYPE=cell:+1 555 {i:04}\r\nORG:Acme\r\nEND:VCARD\r\n"
        ));
    }
    bencher.bench(|| vcard::parse(divan::black_box(text.as_bytes())));
}

/// Counts what the backup reader hands over.
struct Count(usize);

impl json::Sink for Count {
    type Error = std::convert::Infallible;

    fn record(&mut self, _: json::Record) -> Result<(), Self::Error> {
        self.0 += 1;
        Ok(())
    }

    fn contacts_done(&mut self) -> Result<(), Self::Error> {
        Ok(())
    }
}

/// Reading (and checking) a backup of `contacts` contacts with nine interactions each,
/// as a restore streams it.
#[divan::bench(args = [1_000, 10_000])]
fn read_json_backup(bencher: divan::Bencher, contacts: usize) {
    let people: Vec<String> = (1..=contacts)
        .map(|i| {
            format!(
                r#"{{"id": {i}, "name": "Person {i}", "emails": ["p{i}@example.com"], "company": "Acme",
                "title": null, "linkedin": null, "tags": ["rust"], "met_on": "2024-03-12", "met_at": null,
                "how_met": null, "introduced_by": null, "cadence": "1m", "temporary_cadence": null,
                "cadence_until": null, "notes": null, "birthday": null, "last_contact": null,
                "next_follow_up": null, "created_at": "2024-03-12"}}"#
            )
        })
        .collect();
    let interactions: Vec<String> = (1..=contacts * 9)
        .map(|i| {
            format!(
                r#"{{"id": {i}, "contact_id": {}, "kind": "call", "on": "2025-0{}-1{}", "note": "talked",
                "at": null, "how": null, "source": null}}"#,
                (i - 1) / 9 + 1,
                i % 9 + 1,
                i % 9
            )
        })
        .collect();
    let text = format!(
        r#"{{"format": "netcrm", "version": 1, "contacts": [{}], "interactions": [{}], "reminders": [],
        "snoozes": [], "completed": [], "settings": {{}}}}"#,
        people.join(","),
        interactions.join(",")
    );
    let mut count = Count(0);
    let read = json::read(text.as_bytes(), &mut count);
    assert!(read.is_ok() && count.0 == contacts * 10, "the document reads: {}", count.0);
    bencher.bench(|| {
        let mut count = Count(0);
        let read = json::read(divan::black_box(text.as_bytes()), &mut count);
        (read.is_ok(), count.0)
    });
}

/// Reading a calendar as `scan` does (the file, then every date of every recurring
/// event up to the day), at N and 2N of each shape that once grew with the square of its
/// size (issue 23): events per file, attendees of one event, EXDATE lines and moved
/// occurrences of a daily meeting since 2020. BENCHMARKS.md reads the ratios.
mod calendar_growth {
    use chrono::NaiveDate;
    use netcrm::formats::calendar::{self, Item};

    fn day(n: u64) -> String {
        let start = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap_or_default();
        start.checked_add_days(chrono::Days::new(n)).unwrap_or_default().format("%Y%m%d").to_string()
    }

    fn event(uid: &str, start: &str, extra: &str) -> String {
        format!(
            "BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTART:{start}\r\n{extra}SUMMARY:Sync\r\n\
             ORGANIZER:mailto:me@example.com\r\nATTENDEE:mailto:ada@example.com\r\nEND:VEVENT\r\n"
        )
    }

    fn calendar(events: &str) -> String {
        format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{events}END:VCALENDAR\r\n")
    }

    /// How many dates the calendar has up to 2026-12-01.
    fn dates(text: &str) -> usize {
        let until = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default();
        let to_local = |instant: chrono::DateTime<chrono::Utc>| instant.date_naive();
        let Ok(calendar) = calendar::read(text, "bench.ics") else { return 0 };
        calendar
            .items(until, &to_local)
            .into_iter()
            .map(|item| match item {
                Item::Once(..) => 1,
                Item::Series(series) => series.dates().count(),
            })
            .sum()
    }

    #[divan::bench(args = [8_000, 16_000])]
    fn events(bencher: divan::Bencher, n: u64) {
        let text = calendar(
            &(0..n)
                .map(|i| event(&format!("e{i}"), &format!("{}T100000Z", day(i % 2000)), ""))
                .collect::<String>(),
        );
        bencher.bench(|| dates(divan::black_box(&text)));
    }

    #[divan::bench(args = [32_000, 64_000])]
    fn attendees(bencher: divan::Bencher, n: u64) {
        let people: String =
            (0..n).map(|i| format!("ATTENDEE;PARTSTAT=ACCEPTED:mailto:p{i}@example.com\r\n")).collect();
        let text = calendar(&event("crowd", "20261110T100000Z", &people));
        bencher.bench(|| dates(divan::black_box(&text)));
    }

    #[divan::bench(args = [32_000, 64_000])]
    fn exdates(bencher: divan::Bencher, n: u64) {
        let lines: String = (0..n).map(|i| format!("EXDATE:{}T100000Z\r\n", day(2 * i))).collect();
        let text = calendar(&event("daily", "20200101T100000Z", &format!("RRULE:FREQ=DAILY\r\n{lines}")));
        bencher.bench(|| dates(divan::black_box(&text)));
    }

    #[divan::bench(args = [8_000, 16_000])]
    fn overrides(bencher: divan::Bencher, n: u64) {
        let mut events = event("daily", "20200101T100000Z", "RRULE:FREQ=DAILY\r\n");
        for i in 0..n {
            events.push_str(&event(
                "daily",
                &format!("{}T110000Z", day(i)),
                &format!("RECURRENCE-ID:{}T100000Z\r\n", day(i)),
            ));
        }
        let text = calendar(&events);
        bencher.bench(|| dates(divan::black_box(&text)));
    }
}

/// The writes of a LinkedIn import of 10,000 rows (one in ten with an e-mail), side by
/// side in one run, each into a fresh database: `plain_table`, the rows into a table
/// without indexes, as the sqlite3 shell's `.import` writes them; `netcrm_schema`, the
/// same rows into netcrm's schema by bare prepared INSERTs (a contact, its e-mail),
/// built beforehand: the floor for netcrm; `netcrm_import`, netcrm's whole import of
/// the file. BENCHMARKS.md reads the ratios.
mod linkedin_writes {
    use std::path::{Path, PathBuf};

    use clap::Parser;
    use rusqlite::{Connection, params};

    const ROWS: usize = 10_000;

    /// Row `i` of the file: first name, last name, URL, e-mail (one in ten), company,
    /// position, connected on.
    fn row(i: usize) -> [String; 7] {
        [
            format!("Person{i}"),
            format!("Last{i}"),
            format!("https://www.linkedin.com/in/p{i}"),
            if i.is_multiple_of(10) { format!("p{i}@example.com") } else { String::new() },
            format!("Company {}", i % 500),
            "Engineer".into(),
            "12 Mar 2024".into(),
        ]
    }

    fn file_text() -> String {
        let mut text = String::from("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n");
        for i in 0..ROWS {
            text.push_str(&row(i).join(","));
            text.push('\n');
        }
        text
    }

    /// A database netcrm made (its schema, empty), copied into a new folder.
    fn fresh(template: &Path) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let db = dir.path().join("netcrm.db");
        std::fs::copy(template, &db).expect("a copy of the template");
        (dir, db)
    }

    pub(super) fn run(db: &Path, args: &[&str]) {
        let env = netcrm::Env {
            today: Some("2026-12-01".into()),
            db: Some(db.to_path_buf()),
            ..netcrm::Env::default()
        };
        let cli = netcrm::cli::Cli::try_parse_from(std::iter::once("netcrm").chain(args.iter().copied()))
            .expect("valid arguments");
        netcrm::run(cli, &env, &mut Vec::new(), &mut Vec::new()).expect("the command succeeds");
    }

    struct Setup {
        _dir: tempfile::TempDir,
        template: PathBuf,
        file: PathBuf,
    }

    fn setup() -> Setup {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let template = dir.path().join("template.db");
        run(&template, &["list"]);
        let file = dir.path().join("Connections.csv");
        std::fs::write(&file, file_text()).expect("the file is written");
        Setup { _dir: dir, template, file }
    }

    #[divan::bench]
    fn plain_table(bencher: divan::Bencher) {
        let rows: Vec<[String; 7]> = (0..ROWS).map(row).collect();
        bencher.with_inputs(|| tempfile::tempdir().expect("a temporary folder")).bench_local_values(|dir| {
            let mut conn = Connection::open(dir.path().join("plain.db")).expect("a database");
            conn.execute_batch(
                "CREATE TABLE connections (a TEXT, b TEXT, c TEXT, d TEXT, e TEXT, f TEXT, g TEXT)",
            )
            .expect("a table");
            let tx = conn.transaction().expect("a transaction");
            {
                let mut insert = tx
                    .prepare("INSERT INTO connections VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
                    .expect("a statement");
                for row in &rows {
                    insert.execute(rusqlite::params_from_iter(row)).expect("a row");
                }
            }
            tx.commit().expect("a commit");
            dir
        });
    }

    #[divan::bench]
    fn netcrm_schema(bencher: divan::Bencher) {
        let setup = setup();
        let rows: Vec<(String, String, String, String, String, Option<String>)> = (0..ROWS)
            .map(|i| {
                let [given, family, url, email, company, _, _] = row(i);
                (
                    format!("{given} {family}"),
                    company,
                    url,
                    format!(
                        r#"{{"family":"{family}","given":"{given}","additional":"","prefix":"","suffix":""}}"#
                    ),
                    format!("{given} {family}").to_lowercase(),
                    (!email.is_empty()).then_some(email),
                )
            })
            .collect();
        bencher.with_inputs(|| fresh(&setup.template)).bench_local_values(|(dir, db)| {
            let mut conn = Connection::open(&db).expect("the database");
            conn.execute_batch(
                "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536;
                 PRAGMA temp_store = MEMORY;",
            )
            .expect("netcrm's settings");
            let tx = conn.transaction().expect("a transaction");
            {
                let mut contact = tx
                    .prepare(
                        "INSERT INTO contacts (name, company, title, linkedin, met_on, name_parts, created_at,
                             name_key, linkedin_key, computed_on, cadence)
                         VALUES (?1, ?2, 'Engineer', ?3, '2024-03-12', ?4, '2026-12-01', ?5, substr(?3, 13),
                             '2026-12-01', 'none')",
                    )
                    .expect("a statement");
                let mut email = tx
                    .prepare("INSERT INTO contact_emails (contact_id, position, email) VALUES (?1, 0, ?2)")
                    .expect("a statement");
                for (name, company, url, parts, key, address) in &rows {
                    contact.execute(params![name, company, url, parts, key]).expect("a contact");
                    if let Some(address) = address {
                        email.execute(params![tx.last_insert_rowid(), address]).expect("an e-mail");
                    }
                }
            }
            tx.commit().expect("a commit");
            dir
        });
    }

    #[divan::bench]
    fn netcrm_import(bencher: divan::Bencher) {
        let setup = setup();
        let file = setup.file.to_str().expect("a UTF-8 path").to_string();
        bencher.with_inputs(|| fresh(&setup.template)).bench_local_values(|(dir, db)| {
            run(&db, &["import", &file]);
            dir
        });
    }
}

/// One card that repeats EMAIL, TEL and CATEGORIES `n` times each, imported into a new
/// database and synced from a new folder: both linear in `n` (BENCHMARKS.md reads the
/// ratio of 8,000 to 4,000 and 2,000).
mod repeated_properties {
    use std::path::PathBuf;

    fn card(n: usize) -> String {
        let mut text = String::from("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nUID:ada-1\r\n");
        for i in 0..n {
            text.push_str(&format!(
                "EMAIL;TYPE=INTERNET:ada{i}@example.com\r\nTEL;TYPE=CELL:+1 555 {i:07}\r\nCATEGORIES:tag{i},other{i}\r\n"
            ));
        }
        text.push_str("END:VCARD\r\n");
        text
    }

    /// A new folder holding the card as `ada-1.vcf`, and a database path beside it.
    fn folder(n: usize) -> (tempfile::TempDir, PathBuf, PathBuf) {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let cards = dir.path().join("cards");
        std::fs::create_dir(&cards).expect("the cards folder");
        std::fs::write(cards.join("ada-1.vcf"), card(n)).expect("the card is written");
        let db = dir.path().join("netcrm.db");
        (dir, cards, db)
    }

    #[divan::bench(args = [2_000, 4_000, 8_000])]
    fn import(bencher: divan::Bencher, n: usize) {
        bencher.with_inputs(|| folder(n)).bench_local_values(|(dir, cards, db)| {
            let file = cards.join("ada-1.vcf");
            super::linkedin_writes::run(&db, &["import", file.to_str().expect("a UTF-8 path")]);
            dir
        });
    }

    #[divan::bench(args = [2_000, 4_000, 8_000])]
    fn sync(bencher: divan::Bencher, n: usize) {
        bencher.with_inputs(|| folder(n)).bench_local_values(|(dir, cards, db)| {
            super::linkedin_writes::run(&db, &["sync", "--contacts", cards.to_str().expect("a UTF-8 path")]);
            dir
        });
    }
}
