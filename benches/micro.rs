//! Micro-benchmarks of the pure parts that carry netcrm's costs: the scheduler for
//! one contact, and the importers' readers (CSV, vCard, and the JSON backup's). Run with `cargo bench --bench micro`;
//! whole-command timings against the sqlite3 shell are in `scripts/bench.sh`.

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
