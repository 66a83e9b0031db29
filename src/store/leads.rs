//! Job leads (with who passed them on and their status history) and the favour
//! ledger.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Row, params};

use super::Db;
use super::contacts::Parsed;
use crate::dates;
use crate::error::Result;
use crate::model::{Direction, Favor, Introduction, Lead, LeadStatus, StatusChange};

impl Db<'_> {
    /// Inserts a lead with its `via` contacts and history and returns its id: its own
    /// when it has one (restoring a backup), a fresh one when its id is 0.
    pub fn insert_lead(&self, lead: &Lead) -> Result<i64> {
        self.conn
            .prepare_cached(
                "INSERT INTO leads (id, title, company, url, note, status, created_on, updated_on)
                 VALUES (nullif(?1, 0), ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                lead.id,
                lead.title,
                lead.company,
                lead.url,
                lead.note,
                lead.status.as_str(),
                dates::iso(lead.created_on),
                dates::iso(lead.updated_on),
            ])?;
        let id = self.conn.last_insert_rowid();
        let mut via = self.conn.prepare_cached(
            "INSERT OR IGNORE INTO lead_via (lead_id, position, contact_id) VALUES (?1, ?2, ?3)",
        )?;
        for (position, contact_id) in lead.via.iter().enumerate() {
            via.execute(params![id, position as i64, contact_id])?;
        }
        let mut history = self.conn.prepare_cached(
            "INSERT INTO lead_history (lead_id, position, status, on_date) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for (position, change) in lead.history.iter().enumerate() {
            history.execute(params![id, position as i64, change.status.as_str(), dates::iso(change.on)])?;
        }
        Ok(id)
    }

    /// Moves a lead to `status` on `on`, adding it to the history.
    pub fn set_lead_status(&self, id: i64, status: LeadStatus, on: NaiveDate) -> Result<()> {
        self.conn
            .prepare_cached("UPDATE leads SET status = ?2, updated_on = ?3 WHERE id = ?1")?
            .execute(params![id, status.as_str(), dates::iso(on)])?;
        self.conn
            .prepare_cached(
                "INSERT INTO lead_history (lead_id, position, status, on_date)
                 SELECT ?1, coalesce(max(position) + 1, 0), ?2, ?3 FROM lead_history WHERE lead_id = ?1",
            )?
            .execute(params![id, status.as_str(), dates::iso(on)])?;
        Ok(())
    }

    /// Writes a lead's title, company, URL, note and `via` contacts (in their order)
    /// as `lead` has them; its status and history stay as they are.
    pub fn update_lead(&self, lead: &Lead) -> Result<()> {
        self.conn
            .prepare_cached("UPDATE leads SET title = ?2, company = ?3, url = ?4, note = ?5 WHERE id = ?1")?
            .execute(params![lead.id, lead.title, lead.company, lead.url, lead.note])?;
        self.conn
            .prepare_cached(
                "DELETE FROM lead_via WHERE lead_id = ?1 AND contact_id NOT IN (SELECT value FROM json_each(?2))",
            )?
            .execute(params![lead.id, super::id_list(&lead.via)])?;
        // Only the rows that change are written (and recorded for undo).
        let mut via = self.conn.prepare_cached(
            "INSERT INTO lead_via (lead_id, position, contact_id) VALUES (?1, ?2, ?3)
             ON CONFLICT (lead_id, contact_id) DO UPDATE SET position = excluded.position
             WHERE position IS NOT excluded.position",
        )?;
        for (position, contact_id) in lead.via.iter().enumerate() {
            via.execute(params![lead.id, position as i64, contact_id])?;
        }
        Ok(())
    }

    /// Removes a lead with its `via` contacts and its history.
    pub fn delete_lead(&self, id: i64) -> Result<()> {
        self.conn.prepare_cached("DELETE FROM lead_via WHERE lead_id = ?1")?.execute([id])?;
        self.conn.prepare_cached("DELETE FROM lead_history WHERE lead_id = ?1")?.execute([id])?;
        self.conn.prepare_cached("DELETE FROM leads WHERE id = ?1")?.execute([id])?;
        Ok(())
    }

    /// Forgets that the follow-ups with these keys were done or snoozed (their
    /// record is gone).
    pub fn delete_marks(&self, keys: &[String]) -> Result<()> {
        for key in keys {
            self.conn.prepare_cached("DELETE FROM completions WHERE key = ?1")?.execute([key])?;
            self.conn.prepare_cached("DELETE FROM snoozes WHERE key = ?1")?.execute([key])?;
        }
        Ok(())
    }

    /// The date of the latest interaction with each of these contacts that has one
    /// (rule 11: the last word with anyone who helped with a lead).
    pub fn latest_interactions(&self, ids: &[i64]) -> Result<HashMap<i64, NaiveDate>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT contact_id, max(on_date) FROM interactions
             WHERE contact_id IN (SELECT value FROM json_each(?1)) GROUP BY contact_id",
        )?;
        let rows = stmt.query_map([super::id_list(ids)], |row| {
            Ok((row.get(0)?, row.get::<_, Parsed<NaiveDate>>(1)?.0))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The first helpers (the owners of the chase, rule 11) of the `applied` leads
    /// that any of these contacts helped with: an interaction with any helper moves
    /// the owner's chase.
    pub fn applied_lead_owners_helped_by(&self, ids: &[i64]) -> Result<Vec<i64>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT DISTINCT (SELECT first.contact_id FROM lead_via first WHERE first.lead_id = l.id
                              ORDER BY first.position LIMIT 1)
             FROM leads l
             WHERE l.status = 'applied' AND EXISTS (SELECT 1 FROM lead_via v WHERE v.lead_id = l.id
                   AND v.contact_id IN (SELECT value FROM json_each(?1)))",
        )?;
        let rows = stmt.query_map([super::id_list(ids)], |row| row.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn lead(&self, id: i64) -> Result<Option<Lead>> {
        Ok(self.load_leads("l.id = ?1", params![id])?.pop())
    }

    /// Every lead, by id.
    pub fn leads(&self) -> Result<Vec<Lead>> {
        self.load_leads("1", params![])
    }

    /// The leads a contact helped with (is among their `via`), by id.
    pub fn leads_via(&self, contact_id: i64) -> Result<Vec<Lead>> {
        self.load_leads("l.id IN (SELECT lead_id FROM lead_via WHERE contact_id = ?1)", params![contact_id])
    }

    /// The leads that no contact passed on (or whose contacts were all removed).
    pub fn leads_without_via(&self) -> Result<Vec<Lead>> {
        self.load_leads("NOT EXISTS (SELECT 1 FROM lead_via v WHERE v.lead_id = l.id)", params![])
    }

    fn load_leads(&self, condition: &str, params: &[&dyn rusqlite::ToSql]) -> Result<Vec<Lead>> {
        // Every lead's helpers and history are read whole, without a list of every id
        // to look each row up in.
        let of_leads = match condition {
            "1" => String::new(),
            _ => format!("WHERE lead_id IN (SELECT l.id FROM leads l WHERE {condition})"),
        };
        let mut via: HashMap<i64, Vec<i64>> = HashMap::new();
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT lead_id, contact_id FROM lead_via {of_leads} ORDER BY lead_id, position"
        ))?;
        for row in stmt.query_map(params, |row| Ok((row.get(0)?, row.get(1)?)))? {
            let (lead, contact) = row?;
            via.entry(lead).or_default().push(contact);
        }
        let mut history: HashMap<i64, Vec<StatusChange>> = HashMap::new();
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT lead_id, status, on_date FROM lead_history {of_leads} ORDER BY lead_id, position"
        ))?;
        for row in stmt.query_map(params, |row| {
            Ok((
                row.get(0)?,
                StatusChange { status: status_at(row, 1)?, on: row.get::<_, Parsed<NaiveDate>>(2)?.0 },
            ))
        })? {
            let (lead, change) = row?;
            history.entry(lead).or_default().push(change);
        }
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT l.id, l.title, l.company, l.url, l.note, l.status, l.created_on, l.updated_on
             FROM leads l WHERE {condition} ORDER BY l.id"
        ))?;
        let rows = stmt.query_map(params, |row| {
            let id: i64 = row.get(0)?;
            Ok(Lead {
                id,
                title: row.get(1)?,
                company: row.get(2)?,
                url: row.get(3)?,
                note: row.get(4)?,
                status: status_at(row, 5)?,
                created_on: row.get::<_, Parsed<NaiveDate>>(6)?.0,
                updated_on: row.get::<_, Parsed<NaiveDate>>(7)?.0,
                via: via.remove(&id).unwrap_or_default(),
                history: history.remove(&id).unwrap_or_default(),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Moves `from`'s place among the `via` of leads to `to` (for `merge`); where
    /// both helped with a lead, `to` keeps its own place.
    pub fn move_lead_via(&self, from: i64, to: i64) -> Result<()> {
        self.conn.execute(
            "UPDATE OR IGNORE lead_via SET contact_id = ?2 WHERE contact_id = ?1",
            params![from, to],
        )?;
        self.conn.execute("DELETE FROM lead_via WHERE contact_id = ?1", [from])?;
        Ok(())
    }

    /// Inserts a favour and returns it as stored: under its own id when it has one
    /// (restoring a backup), under a fresh one when its id is 0.
    pub fn insert_favor(&self, favor: &Favor) -> Result<Favor> {
        self.conn
            .prepare_cached(
                "INSERT INTO favors (id, contact_id, direction, what, on_date)
                 VALUES (nullif(?1, 0), ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                favor.id,
                favor.contact_id,
                favor.direction.as_str(),
                favor.what,
                dates::iso(favor.on)
            ])?;
        Ok(Favor { id: self.conn.last_insert_rowid(), ..favor.clone() })
    }

    pub fn favor(&self, id: i64) -> Result<Option<Favor>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, contact_id, direction, what, on_date FROM favors WHERE id = ?1")?;
        Ok(stmt.query_row([id], favor_from_row).optional()?)
    }

    /// Every favour, by id.
    pub fn favors(&self) -> Result<Vec<Favor>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, contact_id, direction, what, on_date FROM favors ORDER BY id")?;
        let rows = stmt.query_map([], favor_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// For each contact with favours: their id, name, and the number of favours given
    /// and received, by id; counted by SQLite rather than every favour loaded.
    pub fn favor_counts(&self) -> Result<Vec<(i64, String, i64, i64)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT f.contact_id, coalesce(c.name, ''), sum(f.direction = 'gave'), sum(f.direction = 'received')
             FROM favors f LEFT JOIN contacts c ON c.id = f.contact_id GROUP BY f.contact_id ORDER BY f.contact_id",
        )?;
        let rows = stmt.query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A contact's favours, oldest first.
    pub fn favors_of(&self, contact_id: i64) -> Result<Vec<Favor>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, contact_id, direction, what, on_date FROM favors WHERE contact_id = ?1 ORDER BY on_date, id",
        )?;
        let rows = stmt.query_map([contact_id], favor_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The people `introducer` introduced whom you have met, with their first `met`
    /// (rule 2); everyone's when `introducer` is `None`, grouped by introducer.
    pub fn introductions(&self, introducer: Option<i64>) -> Result<HashMap<i64, Vec<Introduction>>> {
        // Two statements, so that one introducer's are found through the index.
        let sql = match introducer {
            Some(_) => {
                "SELECT c.introduced_by, c.id, c.name, min(i.on_date) FROM contacts c
                 JOIN interactions i ON i.contact_id = c.id AND i.kind = 'met'
                 WHERE c.introduced_by = ?1 GROUP BY c.id ORDER BY c.id"
            }
            None => {
                "SELECT c.introduced_by, c.id, c.name, min(i.on_date) FROM contacts c
                 JOIN interactions i ON i.contact_id = c.id AND i.kind = 'met'
                 WHERE c.introduced_by IS NOT NULL AND ?1 IS NULL GROUP BY c.id ORDER BY c.id"
            }
        };
        let mut stmt = self.conn.prepare_cached(sql)?;
        let mut map: HashMap<i64, Vec<Introduction>> = HashMap::new();
        for row in stmt.query_map([introducer], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                Introduction {
                    contact_id: row.get(1)?,
                    name: row.get(2)?,
                    met_on: row.get::<_, Parsed<NaiveDate>>(3)?.0,
                },
            ))
        })? {
            let (introducer, introduction) = row?;
            map.entry(introducer).or_default().push(introduction);
        }
        Ok(map)
    }

    /// Every introduction as (introducer, introduced, name_ok), by introduced id.
    pub fn introduction_edges(&self) -> Result<Vec<(i64, i64, bool)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT introduced_by, id, name_ok FROM contacts WHERE introduced_by IS NOT NULL ORDER BY id",
        )?;
        let rows = stmt.query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

fn status_at(row: &Row, index: usize) -> rusqlite::Result<LeadStatus> {
    row.get_ref(index)?
        .as_str()?
        .parse::<LeadStatus>()
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(index, rusqlite::types::Type::Text, e.into()))
}

fn favor_from_row(row: &Row) -> rusqlite::Result<Favor> {
    let direction =
        row.get_ref(2)?.as_str()?.parse::<Direction>().map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(2, rusqlite::types::Type::Text, e.into())
        })?;
    Ok(Favor {
        id: row.get(0)?,
        contact_id: row.get(1)?,
        direction,
        what: row.get(3)?,
        on: row.get::<_, Parsed<NaiveDate>>(4)?.0,
    })
}
