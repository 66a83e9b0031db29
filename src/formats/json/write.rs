//! Writing a backup a record at a time: each record is written as it is read from
//! the database, so that a backup of any size is written in the memory of one record.
//! The document is, byte for byte, serde_json's pretty form of the whole.

use std::collections::BTreeMap;
use std::io::{self, Write};

use chrono::NaiveDate;
use serde::Serialize;

use super::{
    BackupContact, BackupFavor, BackupInteraction, BackupLead, BackupReminder, Completion, FORMAT, Snooze,
    VERSION,
};
use crate::dates;
use crate::model::{
    Contact, Favor, Interaction, Lead, MailSetting, MailSettings, Reminder, Setting, Settings, Summary,
};

/// The document's lists, in the order they are written (DESIGN.md "Full backup").
const LISTS: [&str; 9] = [
    "contacts",
    "interactions",
    "reminders",
    "leads",
    "favors",
    "snoozes",
    "completed",
    "different_people",
    "targets",
];

/// A backup being written into `out`. Records are handed over list by list, in the
/// order of `LISTS` (each list by id or key); a list given no record is written
/// empty. [`Writer::finish`] writes the settings and ends the document.
pub struct Writer<W: Write> {
    out: W,
    /// One record's pretty JSON, before it is indented into place.
    record: Vec<u8>,
    /// How many lists were begun (the one open is the last of them).
    begun: usize,
    /// Whether the open list has a record yet.
    filled: bool,
}

impl<W: Write> Writer<W> {
    /// Begins the document: its format and version.
    ///
    /// # Errors
    ///
    /// When `out` cannot be written.
    pub fn new(mut out: W) -> io::Result<Writer<W>> {
        let format = serde_json::to_string(FORMAT).map_err(io::Error::other)?;
        write!(out, "{{\n  \"format\": {format},\n  \"version\": {VERSION}")?;
        Ok(Writer { out, record: Vec::new(), begun: 0, filled: false })
    }

    pub fn contact(&mut self, contact: &Contact, summary: Summary) -> io::Result<()> {
        self.record(0, &BackupContact::new(contact, summary))
    }

    pub fn interaction(&mut self, interaction: &Interaction) -> io::Result<()> {
        self.record(1, &BackupInteraction::new(interaction))
    }

    pub fn reminder(&mut self, reminder: &Reminder) -> io::Result<()> {
        self.record(2, &BackupReminder::new(reminder))
    }

    pub fn lead(&mut self, lead: &Lead) -> io::Result<()> {
        self.record(3, &BackupLead::new(lead))
    }

    pub fn favor(&mut self, favor: &Favor) -> io::Result<()> {
        self.record(4, &BackupFavor::new(favor))
    }

    /// A follow-up's key and the day it is snoozed until.
    pub fn snooze(&mut self, key: &str, until: NaiveDate) -> io::Result<()> {
        self.record(5, &Snooze { key: key.to_string(), until: dates::iso(until) })
    }

    /// A follow-up's key, the day it was due and the day it was done.
    pub fn completion(&mut self, key: &str, due_on: NaiveDate, done_on: NaiveDate) -> io::Result<()> {
        self.record(
            6,
            &Completion { key: key.to_string(), due_on: dates::iso(due_on), done_on: dates::iso(done_on) },
        )
    }

    /// Two contacts `dupes --not` says are different people, by id.
    pub fn different_people(&mut self, low: i64, high: i64) -> io::Result<()> {
        self.record(7, &[low, high])
    }

    /// A target employer.
    pub fn target(&mut self, company: &str, note: Option<&str>, added_on: NaiveDate) -> io::Result<()> {
        self.record(
            8,
            &super::BackupTarget {
                company: company.to_string(),
                note: note.map(str::to_string),
                added_on: dates::iso(added_on),
            },
        )
    }

    /// Ends the document with the settings: every one of the schedule's, and the mail
    /// settings that are set; returns the sink.
    ///
    /// # Errors
    ///
    /// When `out` cannot be written.
    pub fn finish(mut self, settings: &Settings, mail: &MailSettings) -> io::Result<W> {
        self.begin(LISTS.len())?;
        self.close()?;
        let settings: BTreeMap<String, String> = Setting::ALL
            .iter()
            .map(|s| (s.name().to_string(), settings.get(*s)))
            .chain(MailSetting::ALL.iter().filter_map(|s| Some((s.name().to_string(), mail.get(*s)?))))
            .collect();
        self.out.write_all(b",\n  \"settings\": ")?;
        self.indented(&settings, b"\n  ")?;
        self.out.write_all(b"\n}\n")?;
        Ok(self.out)
    }

    /// Writes `value` into list `list` (an index of [`LISTS`]), after the lists
    /// before it.
    fn record(&mut self, list: usize, value: &impl Serialize) -> io::Result<()> {
        debug_assert!(list + 1 >= self.begun, "the lists of a backup are written in order");
        self.begin(list + 1)?;
        self.out.write_all(if self.filled { b",\n    " } else { b"\n    " })?;
        self.filled = true;
        self.indented(value, b"\n    ")
    }

    /// Closes the open list and begins the next ones up to the `lists`th.
    fn begin(&mut self, lists: usize) -> io::Result<()> {
        while self.begun < lists {
            self.close()?;
            write!(self.out, ",\n  \"{}\": [", LISTS[self.begun])?;
            self.begun += 1;
            self.filled = false;
        }
        Ok(())
    }

    fn close(&mut self) -> io::Result<()> {
        if self.begun > 0 {
            self.out.write_all(if self.filled { b"\n  ]" } else { b"]" })?;
        }
        Ok(())
    }

    /// `value` in pretty JSON, each of its lines after the first starting with
    /// `new_line` (a line end and the indentation of where it is placed): JSON text
    /// has no line end inside a string, so this is the pretty form of the whole.
    fn indented(&mut self, value: &impl Serialize, new_line: &[u8]) -> io::Result<()> {
        self.record.clear();
        serde_json::to_writer_pretty(&mut self.record, value).map_err(io::Error::other)?;
        let mut lines = self.record.split(|&byte| byte == b'\n');
        if let Some(first) = lines.next() {
            self.out.write_all(first)?;
        }
        for line in lines {
            self.out.write_all(new_line)?;
            self.out.write_all(line)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Direction, InteractionKind, LeadStatus, StatusChange};

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn written(write: impl FnOnce(&mut Writer<Vec<u8>>)) -> String {
        let mut writer = Writer::new(Vec::new()).unwrap();
        write(&mut writer);
        let mail = MailSettings { my_addresses: vec!["me@example.com".into()], ..MailSettings::default() };
        String::from_utf8(writer.finish(&Settings::default(), &mail).unwrap()).unwrap()
    }

    /// The document is serde_json's pretty form of itself (and so of what netcrm
    /// wrote when it built the whole document first), its fields in order.
    fn assert_pretty(document: &str) {
        let value: serde_json::Value = serde_json::from_str(document).unwrap();
        assert_eq!(document, format!("{}\n", serde_json::to_string_pretty(&value).unwrap()));
        let fields: Vec<&str> = value.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(fields, super::super::read::FIELDS);
    }

    #[test]
    fn an_empty_backup_has_every_list_empty() {
        let document = written(|_| {});
        assert_pretty(&document);
        assert!(document.contains("  \"contacts\": [],\n  \"interactions\": [],\n"), "{document}");
    }

    #[test]
    fn a_backup_written_a_record_at_a_time_is_the_pretty_document() {
        let contact = Contact {
            emails: vec!["zoe@example.com".into(), "z@example.org".into()],
            tags: vec!["rust".into()],
            met_on: Some(date("2026-11-02")),
            ..Contact::new(1, "Zoë \"Z\" Ångström\nsecond line", date("2026-11-01"))
        };
        let interaction = Interaction {
            id: 7,
            contact_id: 1,
            kind: InteractionKind::Call,
            on: date("2026-11-03"),
            note: Some("talked\tabout {engines}, [\"quotes\"]".into()),
            at: None,
            how: None,
            source: Some("<m1@example.com>".into()),
            thank: false,
            direction: Some(crate::model::MailDirection::Sent),
            awaiting_reply: true,
        };
        let reminder = Reminder {
            id: 2,
            contact_id: 1,
            text: "send it".into(),
            due_on: date("2026-12-05"),
            done_on: None,
        };
        let lead = Lead {
            id: 3,
            title: "Rust engineer".into(),
            company: Some("Ferrous".into()),
            status: LeadStatus::Applied,
            via: vec![1],
            url: None,
            note: None,
            created_on: date("2026-11-01"),
            updated_on: date("2026-11-04"),
            history: vec![StatusChange { status: LeadStatus::Applied, on: date("2026-11-04") }],
        };
        let favor = Favor {
            id: 4,
            contact_id: 1,
            direction: Direction::Gave,
            what: "a review".into(),
            on: date("2026-11-05"),
        };
        // Every list, and lists left out in between (written empty).
        for skip_middle in [false, true] {
            let document = written(|w| {
                w.contact(&contact, Summary::default()).unwrap();
                w.contact(&Contact::new(2, "Ada", date("2026-11-01")), Summary::default()).unwrap();
                w.interaction(&interaction).unwrap();
                if !skip_middle {
                    w.reminder(&reminder).unwrap();
                    w.lead(&lead).unwrap();
                    w.favor(&favor).unwrap();
                }
                w.snooze("thank-you-1", date("2026-11-25")).unwrap();
                w.completion("check-in-1", date("2026-11-01"), date("2026-11-02")).unwrap();
            });
            assert_pretty(&document);
            assert_eq!(document.contains("\"reminders\": []"), skip_middle, "{document}");
            assert!(document.contains("\n    \"my-addresses\": \"me@example.com\",\n"), "{document}");
            assert!(document.ends_with("\n  }\n}\n"), "{document}");
        }
    }
}
