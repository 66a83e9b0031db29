//! Follow-up state rows: reminders, completed follow-ups, snoozes and settings.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Row, params};

use super::Db;
use super::contacts::Parsed;
use crate::dates;
use crate::error::Result;
use crate::files::FileStat;
use crate::model::{FollowUp, FollowUpKind, MailSetting, MailSettings, Marks, Reminder, Setting, Settings};

/// A contact synced with a vCard file: the card as netcrm last wrote or read it, and
/// the hash of the file's bytes then.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncCard {
    pub uid: String,
    pub contact_id: i64,
    pub file: String,
    pub base: String,
    pub hash: String,
    /// What stat said of the file then; `None` before netcrm kept it (schema 17).
    pub seen: Option<FileStat>,
}

/// A synced card's file as the last sync left it, without its base: what a sync needs
/// to tell, before reading a file, that it has not changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncedFile {
    pub uid: String,
    pub hash: String,
    pub seen: FileStat,
}

/// What is kept with a contact's stored follow-ups.
#[derive(Debug, Clone, Copy)]
pub struct Stored {
    /// The day the calendar alone changes them.
    pub recompute_on: Option<NaiveDate>,
    /// The day they were computed for.
    pub computed_on: NaiveDate,
    /// The contact's latest interaction.
    pub last_contact: Option<NaiveDate>,
}

/// The contacts whose stored follow-ups are out of date on ?1: never computed,
/// computed for a later day, or due to be computed again. Pinned to the indexes: the
/// table is read on every `due`, and must never be scanned.
const STALE_CONTACTS: &str =
    "SELECT id FROM contacts INDEXED BY contacts_computed_on WHERE computed_on IS NULL
     UNION SELECT id FROM contacts INDEXED BY contacts_computed_on WHERE computed_on > ?1
     UNION SELECT id FROM contacts INDEXED BY contacts_recompute_on WHERE recompute_on <= ?1";

/// The stored follow-ups that show on or before ?1, with their contact's name.
const STORED_FOLLOW_UPS: &str =
    "SELECT f.key, f.kind, f.contact_id, c.name, f.due_on, f.snoozed_until, f.back_from_snooze, f.reason, f.channel,
            f.scale_days
     FROM follow_ups f JOIN contacts c ON c.id = f.contact_id
     WHERE f.shows_on <= ?1";

/// The stored items about leads (lead, outcome and chase): one pass over the table,
/// which holds only open items (the index by contact would seek the table by key for
/// each of the helpers' items).
const STORED_LEAD_ITEMS: &str =
    "SELECT f.key, f.kind, f.contact_id, c.name, f.due_on, f.snoozed_until, f.back_from_snooze, f.reason, f.channel,
            f.scale_days
     FROM follow_ups f JOIN contacts c ON c.id = f.contact_id
     WHERE f.kind IN ('lead', 'outcome', 'chase')";

impl Db<'_> {
    pub fn insert_reminder(&self, contact_id: i64, text: &str, due_on: NaiveDate) -> Result<Reminder> {
        self.conn
            .prepare_cached("INSERT INTO reminders (contact_id, text, due_on) VALUES (?1, ?2, ?3)")?
            .execute(params![contact_id, text, dates::iso(due_on)])?;
        Ok(Reminder {
            id: self.conn.last_insert_rowid(),
            contact_id,
            text: text.to_string(),
            due_on,
            done_on: None,
        })
    }

    /// Inserts a reminder under its own id (restoring a backup).
    pub fn restore_reminder(&self, reminder: &Reminder) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO reminders (id, contact_id, text, due_on, done_on) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                reminder.id,
                reminder.contact_id,
                reminder.text,
                dates::iso(reminder.due_on),
                reminder.done_on.map(dates::iso)
            ])?;
        Ok(())
    }

    /// Every reminder, by id.
    pub fn reminders_by_id(&self) -> Result<Vec<Reminder>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, contact_id, text, due_on, done_on FROM reminders ORDER BY id")?;
        let rows = stmt.query_map([], reminder_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every completed follow-up as (key, due_on, done_on), by key and due date.
    pub fn completions(&self) -> Result<Vec<(String, NaiveDate, NaiveDate)>> {
        let mut stmt =
            self.conn.prepare_cached("SELECT key, due_on, done_on FROM completions ORDER BY key, due_on")?;
        let rows = stmt.query_map([], |row| {
            Ok((row.get(0)?, row.get::<_, Parsed<NaiveDate>>(1)?.0, row.get::<_, Parsed<NaiveDate>>(2)?.0))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The day the follow-up `key` was last done, if it ever was.
    pub fn last_done(&self, key: &str) -> Result<Option<NaiveDate>> {
        let mut stmt = self.conn.prepare_cached("SELECT max(done_on) FROM completions WHERE key = ?1")?;
        let done: Option<Parsed<NaiveDate>> = stmt.query_row([key], |row| row.get(0))?;
        Ok(done.map(|d| d.0))
    }

    /// Every snooze as (key, until), by key.
    pub fn snoozes(&self) -> Result<Vec<(String, NaiveDate)>> {
        let mut stmt = self.conn.prepare_cached("SELECT key, until FROM snoozes ORDER BY key")?;
        let rows = stmt.query_map([], |row| Ok((row.get(0)?, row.get::<_, Parsed<NaiveDate>>(1)?.0)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn reminder(&self, id: i64) -> Result<Option<Reminder>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, contact_id, text, due_on, done_on FROM reminders WHERE id = ?1")?;
        Ok(stmt.query_row([id], reminder_from_row).optional()?)
    }

    /// A contact's reminders, done or not, by due date.
    pub fn reminders_of(&self, contact_id: i64) -> Result<Vec<Reminder>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, contact_id, text, due_on, done_on FROM reminders WHERE contact_id = ?1 ORDER BY due_on, id",
        )?;
        let rows = stmt.query_map([contact_id], reminder_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every open reminder, grouped by contact id.
    pub fn open_reminders(&self) -> Result<HashMap<i64, Vec<Reminder>>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, contact_id, text, due_on, done_on FROM reminders WHERE done_on IS NULL ORDER BY due_on, id",
        )?;
        let mut map: HashMap<i64, Vec<Reminder>> = HashMap::new();
        for row in stmt.query_map([], reminder_from_row)? {
            let reminder = row?;
            map.entry(reminder.contact_id).or_default().push(reminder);
        }
        Ok(map)
    }

    pub fn finish_reminder(&self, id: i64, done_on: NaiveDate) -> Result<()> {
        self.conn
            .prepare_cached("UPDATE reminders SET done_on = ?2 WHERE id = ?1")?
            .execute(params![id, dates::iso(done_on)])?;
        Ok(())
    }

    /// Completed follow-ups and snoozes: everyone's, or one contact's (with those of
    /// no one's, the marks of leads that no contact owns).
    pub fn marks(&self, contact_id: Option<i64>) -> Result<Marks> {
        let filter = if contact_id.is_some() {
            "WHERE contact_id = ?1 OR contact_id IS NULL"
        } else {
            "WHERE ?1 IS NULL"
        };
        self.marks_where(filter, contact_id)
    }

    /// The marks of the follow-ups that concern no one (leads nobody passed on).
    pub fn marks_of_no_one(&self) -> Result<Marks> {
        self.marks_where("WHERE contact_id IS NULL AND ?1 IS NULL", None)
    }

    fn marks_where(&self, filter: &str, contact_id: Option<i64>) -> Result<Marks> {
        let mut marks = Marks::default();
        let mut stmt =
            self.conn.prepare_cached(&format!("SELECT key, due_on, done_on FROM completions {filter}"))?;
        for row in stmt.query_map([contact_id], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, Parsed<NaiveDate>>(1)?.0,
                row.get::<_, Parsed<NaiveDate>>(2)?.0,
            ))
        })? {
            let (key, due_on, done_on) = row?;
            let last = marks.last_done.entry(key.clone()).or_insert(done_on);
            *last = (*last).max(done_on);
            marks.completed.insert((key, due_on));
        }
        let mut stmt = self.conn.prepare_cached(&format!("SELECT key, until FROM snoozes {filter}"))?;
        for row in
            stmt.query_map([contact_id], |row| Ok((row.get(0)?, row.get::<_, Parsed<NaiveDate>>(1)?.0)))?
        {
            let (key, until) = row?;
            marks.snoozed.insert(key, until);
        }
        Ok(marks)
    }

    /// Records that the follow-up `key` due on `due_on` was done, and ends its snooze.
    pub fn complete(
        &self,
        key: &str,
        due_on: NaiveDate,
        done_on: NaiveDate,
        contact_id: Option<i64>,
    ) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT OR REPLACE INTO completions (key, due_on, done_on, contact_id) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![key, dates::iso(due_on), dates::iso(done_on), contact_id])?;
        self.conn.prepare_cached("DELETE FROM snoozes WHERE key = ?1")?.execute([key])?;
        Ok(())
    }

    /// Hides `key` until `until`, replacing an earlier snooze.
    pub fn snooze(&self, key: &str, until: NaiveDate, contact_id: Option<i64>) -> Result<()> {
        self.conn
            .prepare_cached("INSERT OR REPLACE INTO snoozes (key, until, contact_id) VALUES (?1, ?2, ?3)")?
            .execute(params![key, dates::iso(until), contact_id])?;
        Ok(())
    }

    /// Replaces a contact's stored follow-ups with `follow_ups`, computed on
    /// `computed_on`, to be computed again on `recompute_on` (if the calendar alone
    /// changes them).
    pub fn store_follow_ups(&self, contact_id: i64, follow_ups: &[FollowUp], stored: Stored) -> Result<()> {
        self.conn.prepare_cached("DELETE FROM follow_ups WHERE contact_id = ?1")?.execute([contact_id])?;
        self.add_follow_ups(contact_id, follow_ups, stored, true)
    }

    /// Forgets every stored follow-up and marks everyone computed on `today`, with no
    /// day to compute again and no last contact: the start of storing everyone's
    /// anew with [`Db::add_follow_ups`]. Rows already so (those an import just added)
    /// are not written again.
    pub fn clear_follow_ups(&self, today: NaiveDate) -> Result<()> {
        self.conn.execute("DELETE FROM follow_ups", [])?;
        self.conn.execute(
            "UPDATE contacts SET computed_on = ?1, recompute_on = NULL, last_contact = NULL
             WHERE computed_on IS NOT ?1 OR recompute_on IS NOT NULL OR last_contact IS NOT NULL",
            [dates::iso(today)],
        )?;
        Ok(())
    }

    /// Stores a contact's follow-ups where there are none (after
    /// [`Db::clear_follow_ups`], or from [`Db::store_follow_ups`]); the contact row is
    /// written only when `always` or it has something [`Db::clear_follow_ups`] did not set.
    pub fn add_follow_ups(
        &self,
        contact_id: i64,
        follow_ups: &[FollowUp],
        stored: Stored,
        always: bool,
    ) -> Result<()> {
        // Most contacts an import adds have none: nothing is prepared for them.
        if !follow_ups.is_empty() {
            let mut insert = self.conn.prepare_cached(
                "INSERT OR REPLACE INTO follow_ups
                    (key, contact_id, kind, due_on, shows_on, snoozed_until, back_from_snooze, reason, channel,
                     scale_days)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?;
            for f in follow_ups {
                insert.execute(params![
                    f.key,
                    contact_id,
                    f.kind.as_str(),
                    dates::iso(f.due_on),
                    dates::iso(f.shows_on()),
                    f.snoozed_until.map(dates::iso),
                    f.back_from_snooze,
                    f.reason,
                    f.channel,
                    f.scale_days,
                ])?;
            }
        }
        if !always && stored.recompute_on.is_none() && stored.last_contact.is_none() {
            return Ok(());
        }
        self.conn
            .prepare_cached(
                "UPDATE contacts SET recompute_on = ?2, computed_on = ?3, last_contact = ?4 WHERE id = ?1",
            )?
            .execute(params![
                contact_id,
                stored.recompute_on.map(dates::iso),
                dates::iso(stored.computed_on),
                stored.last_contact.map(dates::iso)
            ])?;
        Ok(())
    }

    /// The contacts whose stored follow-ups are out of date on `today`: never
    /// computed, due to be computed again, or computed for a later day.
    pub fn stale_contacts(&self, today: NaiveDate) -> Result<Vec<i64>> {
        let mut stmt = self.conn.prepare_cached(STALE_CONTACTS)?;
        let rows = stmt.query_map([dates::iso(today)], |row| row.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The stored follow-ups that show on or before `horizon` (snoozed ones at the end
    /// of their snooze), with their contact's name.
    pub fn stored_follow_ups(&self, horizon: NaiveDate) -> Result<Vec<FollowUp>> {
        let mut stmt = self.conn.prepare_cached(STORED_FOLLOW_UPS)?;
        let rows = stmt.query_map([dates::iso(horizon)], stored_follow_up)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The stored lead, outcome and chase items of the contacts with these ids, with
    /// their names, in no particular order.
    pub fn stored_lead_items_of(&self, ids: &[i64]) -> Result<Vec<FollowUp>> {
        let wanted: std::collections::HashSet<i64> = ids.iter().copied().collect();
        let mut stmt = self.conn.prepare_cached(STORED_LEAD_ITEMS)?;
        let mut found = Vec::new();
        for row in stmt.query_map([], stored_follow_up)? {
            let item = row?;
            if item.contact_id.is_some_and(|id| wanted.contains(&id)) {
                found.push(item);
            }
        }
        Ok(found)
    }

    /// The stored latest interaction and first follow-up day of the contacts with
    /// these ids (those that exist).
    pub fn summaries_of(&self, ids: &[i64]) -> Result<HashMap<i64, crate::model::Summary>> {
        let list = super::id_list(ids);
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.id, c.last_contact, (SELECT min(shows_on) FROM follow_ups f WHERE f.contact_id = c.id)
             FROM contacts c WHERE c.id IN (SELECT value FROM json_each(?1))",
        )?;
        let rows = stmt.query_map([list], |row| {
            let date = |i| -> rusqlite::Result<Option<NaiveDate>> {
                Ok(row.get::<_, Option<Parsed<NaiveDate>>>(i)?.map(|d| d.0))
            };
            Ok((row.get(0)?, crate::model::Summary { last_contact: date(1)?, next_follow_up: date(2)? }))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Each contact's latest interaction date, as stored with their follow-ups.
    pub fn last_contacts(&self) -> Result<HashMap<i64, NaiveDate>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, last_contact FROM contacts WHERE last_contact IS NOT NULL")?;
        let rows = stmt.query_map([], |row| Ok((row.get(0)?, row.get::<_, Parsed<NaiveDate>>(1)?.0)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every contact id, by id.
    pub fn contact_ids(&self) -> Result<Vec<i64>> {
        let mut stmt = self.conn.prepare_cached("SELECT id FROM contacts ORDER BY id")?;
        let rows = stmt.query_map([], |row| row.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The settings, with DESIGN.md's defaults for those never set.
    pub fn settings(&self) -> Result<Settings> {
        let mut settings = Settings::default();
        let mut stmt = self.conn.prepare_cached("SELECT key, value FROM settings")?;
        let rows = stmt.query_map([], |row| Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?)))?;
        for row in rows {
            let (key, value) = row?;
            // A setting from a newer netcrm is not ours to judge.
            if let Some(setting) = Setting::named(&key) {
                settings.set(setting, &value)?;
            }
        }
        Ok(settings)
    }

    /// The mail settings (`my-name`, `my-addresses`, `drafts-maildir`), unset when
    /// never given; a stored value that does not pass their checks counts as unset.
    pub fn mail_settings(&self) -> Result<MailSettings> {
        let mut mail = MailSettings::default();
        for setting in MailSetting::ALL {
            if let Some(value) = self.bookkeeping(setting.name())? {
                mail.set_stored(setting, &value);
            }
        }
        Ok(mail)
    }

    /// Stores one mail setting (the caller has checked the value), or removes it
    /// (`None`: unset).
    pub fn set_mail_setting(&self, setting: MailSetting, value: Option<&str>) -> Result<()> {
        match value {
            Some(value) => self.set_bookkeeping(setting.name(), value),
            None => {
                self.conn.prepare_cached("DELETE FROM settings WHERE key = ?1")?.execute([setting.name()])?;
                Ok(())
            }
        }
    }

    /// A bookkeeping value kept with the settings but not one of them (the remembered
    /// sync directories), if set.
    pub fn bookkeeping(&self, key: &str) -> Result<Option<String>> {
        let mut stmt = self.conn.prepare_cached("SELECT value FROM settings WHERE key = ?1")?;
        Ok(stmt.query_row([key], |row| row.get(0)).optional()?)
    }

    /// Keeps a bookkeeping value (undo leaves these alone).
    pub fn set_bookkeeping(&self, key: &str, value: &str) -> Result<()> {
        self.conn
            .prepare_cached("INSERT OR REPLACE INTO settings (key, value) VALUES (?1, ?2)")?
            .execute([key, value])?;
        Ok(())
    }

    /// Every synced card as (uid, contact id, file name, base card, hash).
    pub fn sync_cards(&self) -> Result<Vec<SyncCard>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT uid, contact_id, file, base, hash, size, mtime_ns, inode FROM sync_cards",
        )?;
        let rows = stmt.query_map([], |r| {
            let (size, mtime_ns, inode): (Option<i64>, Option<i64>, Option<i64>) =
                (r.get(5)?, r.get(6)?, r.get(7)?);
            let seen = match (size, mtime_ns, inode) {
                (Some(size), Some(mtime_ns), Some(inode)) => {
                    Some(FileStat { size: size as u64, mtime_ns, inode: inode as u64 })
                }
                _ => None,
            };
            Ok(SyncCard {
                uid: r.get(0)?,
                contact_id: r.get(1)?,
                file: r.get(2)?,
                base: r.get(3)?,
                hash: r.get(4)?,
                seen,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// How many changes were made to what cards say (DESIGN: the sync's skip; counted
    /// by triggers, whoever writes), and how many cards are synced.
    pub fn card_changes(&self) -> Result<(i64, usize)> {
        let changes = self.conn.query_row("SELECT count FROM card_changes WHERE id = 1", [], |r| r.get(0))?;
        let synced: i64 = self.conn.query_row("SELECT count(*) FROM sync_cards", [], |r| r.get(0))?;
        Ok((changes, synced as usize))
    }

    /// The synced cards whose file's stat is kept, by file name.
    pub fn synced_files(&self) -> Result<HashMap<String, SyncedFile>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT file, uid, hash, size, mtime_ns, inode FROM sync_cards \
             WHERE size IS NOT NULL AND mtime_ns IS NOT NULL AND inode IS NOT NULL",
        )?;
        let rows = stmt.query_map([], |r| {
            let seen = FileStat {
                size: r.get::<_, i64>(3)? as u64,
                mtime_ns: r.get(4)?,
                inode: r.get::<_, i64>(5)? as u64,
            };
            Ok((r.get(0)?, SyncedFile { uid: r.get(1)?, hash: r.get(2)?, seen }))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Remembers a synced card as last written or read.
    pub fn set_sync_card(&self, card: &SyncCard) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT OR REPLACE INTO sync_cards (uid, contact_id, file, base, hash, size, mtime_ns, inode) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                card.uid,
                card.contact_id,
                card.file,
                card.base,
                card.hash,
                card.seen.map(|s| s.size as i64),
                card.seen.map(|s| s.mtime_ns),
                card.seen.map(|s| s.inode as i64),
            ])?;
        Ok(())
    }

    /// Records what stat says now of a synced card's file that was read and found
    /// unchanged (touched, or copied back as it was), so that the next sync need not
    /// read it.
    pub fn set_sync_card_seen(&self, uid: &str, seen: FileStat) -> Result<()> {
        self.conn
            .prepare_cached("UPDATE sync_cards SET size = ?2, mtime_ns = ?3, inode = ?4 WHERE uid = ?1")?
            .execute(params![uid, seen.size as i64, seen.mtime_ns, seen.inode as i64])?;
        Ok(())
    }

    pub fn forget_sync_card(&self, uid: &str) -> Result<()> {
        self.conn.prepare_cached("DELETE FROM sync_cards WHERE uid = ?1")?.execute([uid])?;
        Ok(())
    }

    /// Stores one setting; the caller has checked the value.
    pub fn set_setting(&self, setting: Setting, value: &str) -> Result<()> {
        self.conn
            .prepare_cached("INSERT OR REPLACE INTO settings (key, value) VALUES (?1, ?2)")?
            .execute([setting.name(), value])?;
        Ok(())
    }

    /// Returns `setting` to its default (no value kept).
    pub fn reset_setting(&self, setting: Setting) -> Result<()> {
        self.conn.prepare_cached("DELETE FROM settings WHERE key = ?1")?.execute([setting.name()])?;
        Ok(())
    }
}

fn reminder_from_row(row: &Row) -> rusqlite::Result<Reminder> {
    Ok(Reminder {
        id: row.get(0)?,
        contact_id: row.get(1)?,
        text: row.get(2)?,
        due_on: row.get::<_, Parsed<NaiveDate>>(3)?.0,
        done_on: row.get::<_, Option<Parsed<NaiveDate>>>(4)?.map(|p| p.0),
    })
}

/// A row of [`STORED_FOLLOW_UPS`] or [`STORED_LEAD_ITEMS`].
fn stored_follow_up(row: &rusqlite::Row) -> rusqlite::Result<FollowUp> {
    let kind =
        row.get_ref(1)?.as_str()?.parse::<FollowUpKind>().map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(1, rusqlite::types::Type::Text, e.into())
        })?;
    Ok(FollowUp {
        key: row.get(0)?,
        kind,
        contact_id: row.get(2)?,
        contact: row.get(3)?,
        due_on: row.get::<_, Parsed<NaiveDate>>(4)?.0,
        snoozed_until: row.get::<_, Option<Parsed<NaiveDate>>>(5)?.map(|p| p.0),
        back_from_snooze: row.get(6)?,
        reason: row.get(7)?,
        channel: row.get(8)?,
        scale_days: row.get(9)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    /// SQLite's plan for `sql`, one line per step.
    fn plan(store: &Store, sql: &str) -> String {
        let mut stmt = store.conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        let rows = stmt.query_map([], |row| row.get::<_, String>(3)).unwrap();
        rows.map(|r| r.unwrap()).collect::<Vec<_>>().join("\n")
    }

    #[test]
    fn due_reads_the_stored_follow_ups_through_indexes_not_a_scan() {
        let store = Store::open_in_memory().unwrap();
        let due = plan(&store, &STORED_FOLLOW_UPS.replace("?1", "'2026-11-22'"));
        assert!(due.contains("USING INDEX follow_ups_shows_on"), "{due}");
        assert!(!due.contains("SCAN"), "{due}");
        let stale = plan(&store, &STALE_CONTACTS.replace("?1", "'2026-11-22'"));
        assert!(stale.contains("USING COVERING INDEX contacts_recompute_on"), "{stale}");
        assert!(stale.contains("contacts_computed_on"), "{stale}");
        assert!(!stale.contains("SCAN"), "{stale}");
    }

    #[test]
    fn a_contacts_records_are_found_through_indexes() {
        let store = Store::open_in_memory().unwrap();
        for (sql, index) in [
            (
                "SELECT * FROM interactions WHERE contact_id = 1 ORDER BY on_date, id",
                "interactions_contact_on",
            ),
            ("SELECT * FROM reminders WHERE contact_id = 1", "reminders_contact"),
            ("SELECT * FROM favors WHERE contact_id = 1", "favors_contact"),
            ("SELECT * FROM lead_via WHERE contact_id = 1", "lead_via_contact"),
            ("SELECT key FROM completions WHERE contact_id = 1 OR contact_id IS NULL", "completions_contact"),
            ("SELECT key FROM follow_ups WHERE contact_id = 1", "follow_ups_contact"),
            (
                "SELECT contact_id FROM contact_emails WHERE email = 'ada@example.com' COLLATE NOCASE",
                "contact_emails_email",
            ),
            ("SELECT id FROM contacts WHERE name_key = 'ada lovelace'", "contacts_name_key"),
            // What an import matches LinkedIn URLs by, and the check on opening for rows
            // whose key is missing.
            (
                "SELECT id FROM contacts WHERE linkedin_key = 'linkedin.com/in/ada' ORDER BY id LIMIT 1",
                "contacts_linkedin_key",
            ),
            (
                "SELECT EXISTS (SELECT 1 FROM contacts WHERE linkedin IS NOT NULL AND linkedin_key IS NULL)",
                "contacts_linkedin_unkeyed",
            ),
            // The index holds only contacts with an introducer; asking for one's is enough.
            ("SELECT id FROM contacts WHERE introduced_by = 1", "contacts_introduced_by"),
            (
                "UPDATE contacts SET introduced_by = 2 WHERE introduced_by = 1 AND id <> 2",
                "contacts_introduced_by",
            ),
            (
                "SELECT contact_id, source FROM interactions WHERE source IS NOT NULL",
                "COVERING INDEX interactions_source",
            ),
        ] {
            let plan = plan(&store, sql);
            assert!(plan.contains(index), "{sql}: {plan}");
        }
    }
}
