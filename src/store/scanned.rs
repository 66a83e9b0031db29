//! What `scan` kept of the mailboxes it read (`scan_files`, schema 22) and the count of
//! changes that make mail read before worth reading again (`scan_changes`).

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::params;

use super::Db;
use crate::error::Result;
use crate::model::{MailboxKind, ScanConditions, ScannedMail};

impl Db<'_> {
    /// How many changes were made to contacts' addresses and to scanned interactions
    /// (counted by triggers, whoever writes; an undo counts as one).
    pub fn scan_changes(&self) -> Result<i64> {
        Ok(self.conn.query_row("SELECT count FROM scan_changes WHERE id = 1", [], |r| r.get(0))?)
    }

    /// What `scan` kept of each mailbox it read, by path.
    pub fn scanned_mail(&self) -> Result<HashMap<String, ScannedMail>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT path, kind, mtime_ns, new_mtime_ns, size, fingerprint, names, messages, mine, \
             changes, since, until FROM scan_files",
        )?;
        let rows = stmt.query_map([], |r| {
            let kind =
                if r.get_ref(1)?.as_str()? == "mbox" { MailboxKind::Mbox } else { MailboxKind::Maildir };
            let size: Option<i64> = r.get(4)?;
            let fingerprint: Option<String> = r.get(5)?;
            let names: Option<Vec<u8>> = r.get(6)?;
            let mine: String = r.get(8)?;
            let date = |i: usize| -> rusqlite::Result<Option<NaiveDate>> {
                Ok(r.get::<_, Option<String>>(i)?.and_then(|d| d.parse().ok()))
            };
            Ok(ScannedMail {
                path: r.get(0)?,
                kind,
                mtimes: [r.get(2)?, r.get(3)?],
                read: size
                    .zip(fingerprint.as_deref().and_then(|f| u64::from_str_radix(f, 16).ok()))
                    .map(|(size, fingerprint)| (size.unsigned_abs(), fingerprint)),
                names: names
                    .unwrap_or_default()
                    .chunks_exact(8)
                    .map(|c| u64::from_le_bytes(c.try_into().unwrap_or_default()))
                    .collect(),
                messages: r.get::<_, i64>(7)?.unsigned_abs() as usize,
                conditions: ScanConditions {
                    mine: u64::from_str_radix(&mine, 16).unwrap_or_default(),
                    changes: r.get(9)?,
                    since: date(10)?,
                    until: date(11)?,
                },
            })
        })?;
        let mut kept = HashMap::new();
        for row in rows {
            let row = row?;
            kept.insert(row.path.clone(), row);
        }
        Ok(kept)
    }

    /// Keeps what `scan` read of a mailbox, in place of what it kept before.
    pub fn record_scanned(&self, mail: &ScannedMail) -> Result<()> {
        let kind = match mail.kind {
            MailboxKind::Maildir => "maildir",
            MailboxKind::Mbox => "mbox",
        };
        let names: Option<Vec<u8>> = (mail.kind == MailboxKind::Maildir)
            .then(|| mail.names.iter().flat_map(|n| n.to_le_bytes()).collect());
        let c = &mail.conditions;
        self.conn
            .prepare_cached(
                "INSERT OR REPLACE INTO scan_files (path, kind, mtime_ns, new_mtime_ns, size, fingerprint, \
                 names, messages, mine, changes, since, until) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            )?
            .execute(params![
                mail.path,
                kind,
                mail.mtimes[0],
                mail.mtimes[1],
                mail.read.map(|(size, _)| i64::try_from(size).unwrap_or(i64::MAX)),
                mail.read.map(|(_, fingerprint)| format!("{fingerprint:016x}")),
                names,
                i64::try_from(mail.messages).unwrap_or(i64::MAX),
                format!("{:016x}", c.mine),
                c.changes,
                c.since.map(|d| d.to_string()),
                c.until.map(|d| d.to_string()),
            ])?;
        Ok(())
    }

    /// Forgets what `scan` kept of a mailbox (it is read whole next time).
    pub fn forget_scanned(&self, path: &str) -> Result<()> {
        self.conn.prepare_cached("DELETE FROM scan_files WHERE path = ?1")?.execute([path])?;
        Ok(())
    }
}
