//! The weekly reconnect picks (bookkeeping undo leaves alone) and the ties the
//! dormant list is ranked from.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use rusqlite::params;

use super::Db;
use super::contacts::Parsed;
use crate::dates::{self, Week};
use crate::error::Result;
use crate::scheduler::reconnect::Tie;

/// Every contact with at least two interactions dated on or before ?1, the last
/// before ?1, and their count and latest date, but those whose cadence the user set
/// to `none`: read through the index `interactions_contact_on`, a contact at a time.
const TIES: &str = "SELECT i.contact_id, c.name, count(*), max(i.on_date)
     FROM interactions i JOIN contacts c ON c.id = i.contact_id
     WHERE i.on_date <= ?1 AND NOT (c.cadence IS 'none' AND c.cadence_source IS NOT 'import')
     GROUP BY i.contact_id
     HAVING count(*) >= 2 AND max(i.on_date) < ?1";

impl Db<'_> {
    /// The ties the dormant list on `day` is ranked from (see the query `TIES`).
    pub fn ties_as_of(&self, day: NaiveDate) -> Result<Vec<Tie>> {
        let mut stmt = self.conn.prepare_cached(TIES)?;
        let rows = stmt.query_map([dates::iso(day)], |r| {
            Ok(Tie {
                contact_id: r.get(0)?,
                contact: r.get(1)?,
                interactions: r.get(2)?,
                last: r.get::<_, Parsed<NaiveDate>>(3)?.0,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Whether the picks of `week` were made (none or some).
    pub fn reconnect_week_picked(&self, week: Week) -> Result<bool> {
        let mut stmt =
            self.conn.prepare_cached("SELECT EXISTS (SELECT 1 FROM reconnect_weeks WHERE week = ?1)")?;
        Ok(stmt.query_row([week.to_string()], |r| r.get(0))?)
    }

    /// The contacts picked in a week whose Monday is on or after `from` and before
    /// `before`.
    pub fn picked_between(&self, from: NaiveDate, before: NaiveDate) -> Result<HashSet<i64>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT contact_id FROM reconnect_picks WHERE monday >= ?1 AND monday < ?2")?;
        let rows = stmt.query_map([dates::iso(from), dates::iso(before)], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Stores `week`'s picks (made once: the week is marked picked), and marks those
    /// contacts' follow-ups to be computed again.
    pub fn store_reconnect_picks(&self, week: Week, contacts: &[i64]) -> Result<()> {
        self.conn
            .prepare_cached("INSERT OR IGNORE INTO reconnect_weeks (week) VALUES (?1)")?
            .execute([week.to_string()])?;
        let mut insert = self.conn.prepare_cached(
            "INSERT OR IGNORE INTO reconnect_picks (contact_id, week, monday) VALUES (?1, ?2, ?3)",
        )?;
        let mut stale = self.conn.prepare_cached("UPDATE contacts SET computed_on = NULL WHERE id = ?1")?;
        for id in contacts {
            insert.execute(params![id, week.to_string(), dates::iso(week.monday())])?;
            stale.execute([id])?;
        }
        Ok(())
    }

    /// The weeks a contact was picked in.
    pub fn reconnect_picks_of(&self, contact_id: i64) -> Result<Vec<Week>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT week FROM reconnect_picks WHERE contact_id = ?1 ORDER BY monday")?;
        let rows = stmt.query_map([contact_id], |r| r.get::<_, String>(0))?;
        let mut weeks = Vec::new();
        for row in rows {
            // A week another program wrote badly is no pick.
            weeks.extend(row?.parse::<Week>().ok());
        }
        Ok(weeks)
    }

    /// Every pick, by contact id.
    pub fn reconnect_picks(&self) -> Result<HashMap<i64, Vec<Week>>> {
        let mut stmt =
            self.conn.prepare_cached("SELECT contact_id, week FROM reconnect_picks ORDER BY monday")?;
        let mut picks: HashMap<i64, Vec<Week>> = HashMap::new();
        for row in stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))? {
            let (id, week) = row?;
            if let Ok(week) = week.parse() {
                picks.entry(id).or_default().push(week);
            }
        }
        Ok(picks)
    }
}
