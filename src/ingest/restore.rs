//! Restoring a full JSON backup into an empty database, keeping every id: each record
//! is written as it is read (a backup of any size takes little memory), in one bulk
//! insert within the caller's transaction. Prints nothing; the follow-ups are left to
//! the caller, computed once everything is in.

use std::io::BufRead;

use crate::error::{Error, Result};
use crate::formats::json::{self, ReadError, Record};
use crate::model::{Contact, MailSetting, Setting};
use crate::store::{Bulk, Db, is_foreign_key_failure};

/// Whose rows hold a follow-up key's marks (completions, snoozes): the follow-up
/// service's rule, which the caller passes in.
pub type MarksOwner<'f> = &'f dyn Fn(&Db, &str) -> Result<Option<i64>>;

/// What a restore wrote.
#[derive(Debug, Default)]
pub struct Restored {
    /// How many contacts.
    pub added: usize,
    /// The contacts restored, when they were to be listed.
    pub listed: Vec<i64>,
}

/// Restores the backup read from `input` into `db`, which holds no contact (the caller
/// has checked): its records, then its settings and bookkeeping. `label` names the
/// file in errors, `read_error` is the error of a failed read; `list`: whether the
/// contacts restored are listed.
pub fn restore(
    db: &Db,
    input: impl BufRead,
    label: &str,
    marks_owner: MarksOwner<'_>,
    list: bool,
    read_error: impl Fn(std::io::Error) -> Error,
) -> Result<Restored> {
    let mut restorer = Restorer {
        db,
        introduced: Vec::new(),
        restored: Restored::default(),
        sources_unknown: Vec::new(),
        list,
        label,
        marks_owner,
    };
    let tail = db.bulk_insert(Bulk::Backup, |db| {
        let tail = json::read(input, &mut restorer).map_err(|e| match e {
            ReadError::Sink(e) => e,
            ReadError::Io(e) => read_error(e),
            ReadError::Backup(source) => Error::Backup { file: label.to_string(), source },
        })?;
        // Now that the interactions are in: a backup from before `cadence_source`.
        db.infer_cadence_sources(&restorer.sources_unknown, tail.settings.import_cadence)?;
        Ok(tail)
    })?;
    // Who appeared together on the mail and meetings `scan` logged: from the sources.
    db.link_all_scanned()?;
    for setting in Setting::ALL {
        db.set_setting(setting, &tail.settings.get(setting))?;
    }
    for setting in MailSetting::ALL {
        if let Some(value) = tail.mail.get(setting) {
            db.set_mail_setting(setting, Some(&value))?;
        }
    }
    Ok(restorer.restored)
}

/// Writes a backup's records into an empty database as they are read.
struct Restorer<'a, 'c> {
    db: &'a Db<'c>,
    /// The contacts with an introducer, written whole once everyone is there (an
    /// introducer may come later in the list).
    introduced: Vec<Contact>,
    restored: Restored,
    /// The contacts with a cadence whose backup did not say where it came from.
    sources_unknown: Vec<i64>,
    list: bool,
    label: &'a str,
    marks_owner: MarksOwner<'a>,
}

impl Restorer<'_, '_> {
    /// Names the record when it points at a contact the backup does not hold (SQLite
    /// only says that a foreign key failed).
    fn named<T>(&self, result: Result<T>, record: impl FnOnce() -> String) -> Result<T> {
        result.map_err(|e| {
            if !is_foreign_key_failure(&e) {
                return e;
            }
            Error::Backup {
                file: self.label.to_string(),
                source: json::BackupError {
                    place: record(),
                    message: "names a contact that is not in the backup".into(),
                },
            }
        })
    }
}

impl json::Sink for Restorer<'_, '_> {
    type Error = Error;

    fn record(&mut self, record: Record) -> Result<()> {
        let db = self.db;
        match record {
            Record::Contact(mut contact, source_known) => {
                if !source_known && contact.cadence.is_some() {
                    self.sources_unknown.push(contact.id);
                }
                // `name_ok` goes with an introducer, which is set once everyone is in.
                let introduced_by = contact.introduced_by.take();
                let name_ok = std::mem::take(&mut contact.name_ok);
                db.insert_contact_with_id(&contact)?;
                self.restored.added += 1;
                if self.list {
                    self.restored.listed.push(contact.id);
                }
                if introduced_by.is_some() {
                    self.introduced.push(Contact { introduced_by, name_ok, ..*contact });
                }
            }
            Record::Interaction(interaction) => {
                self.named(db.insert_interaction(&interaction), || {
                    format!("interaction {}", interaction.id)
                })?;
            }
            Record::Reminder(reminder) => {
                self.named(db.restore_reminder(&reminder), || format!("reminder {}", reminder.id))?
            }
            Record::Lead(lead) => {
                self.named(db.insert_lead(&lead), || format!("lead {}", lead.id))?;
            }
            Record::Favor(favor) => {
                self.named(db.insert_favor(&favor), || format!("favor {}", favor.id))?;
            }
            // A key may name someone removed since; such marks are kept, tied to no one.
            Record::Completion(key, due_on, done_on) => {
                db.complete(&key, due_on, done_on, (self.marks_owner)(db, &key)?)?
            }
            Record::Snooze(key, until) => db.snooze(&key, until, (self.marks_owner)(db, &key)?)?,
            Record::DifferentPeople(low, high) => {
                self.named(db.mark_distinct_people(low, high).map(drop), || {
                    format!("different people {low} and {high}")
                })?;
            }
            Record::Target(target) => {
                let key = crate::text::name_key_without_accents(&target.company);
                db.put_target(&target.company, &key, target.note.as_deref(), target.added_on)?;
            }
        }
        Ok(())
    }

    fn contacts_done(&mut self) -> Result<()> {
        for contact in std::mem::take(&mut self.introduced) {
            self.named(self.db.update_contact(&contact), || format!("contact {}'s introducer", contact.id))?;
        }
        Ok(())
    }
}
