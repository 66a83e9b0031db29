//! The queries of ties and reach (DESIGN.md "Ties and reach"): the links `scan`
//! records between contacts who appear together on mail and meetings (table
//! `contact_links`, one row per pair with a < b), the contacts at a company (through
//! the folded company key) or at a mail domain, each contact's interaction counts for
//! the tie strength, and the target employers (table `targets`). The scoring is
//! `crate::network`'s.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};

use super::Db;
use super::contacts::Parsed;
use crate::dates;
use crate::error::Result;

/// What the tie strength and a route's words need of one contact.
#[derive(Debug, Clone, PartialEq)]
pub struct Reached {
    pub id: i64,
    pub name: String,
    pub name_key: String,
    pub company: Option<String>,
    pub company_key: Option<String>,
    pub given: Option<String>,
    pub introduced_by: Option<i64>,
    /// `met_on`, else `created_at`: where recency counts from with no interaction.
    pub since: NaiveDate,
    /// Interactions dated from `window_start` to today.
    pub interactions: u32,
    /// The last interaction dated today or before.
    pub last: Option<NaiveDate>,
}

pub use crate::model::Target;

impl Db<'_> {
    /// Sets the mail-and-meeting links of each of `contacts` from the interactions'
    /// sources: for each other contact logged on a source one of them was logged on,
    /// the number of distinct such sources and the last one's date. Rows that already
    /// say so are left alone (a rescan changes nothing, and so is no undo step); links
    /// no source supports any more are removed.
    pub fn relink(&self, contacts: &[i64]) -> Result<()> {
        let mut shared = self.conn.prepare_cached(
            "SELECT y.contact_id, count(DISTINCT x.source), max(x.on_date)
             FROM interactions AS x
             JOIN interactions AS y ON y.source = x.source AND y.contact_id <> x.contact_id
             WHERE x.contact_id = ?1 AND x.source IS NOT NULL
             GROUP BY y.contact_id",
        )?;
        let mut upsert = self.conn.prepare_cached(
            "INSERT INTO contact_links (a, b, shared, last_on) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (a, b) DO UPDATE SET shared = excluded.shared, last_on = excluded.last_on
             WHERE shared IS NOT excluded.shared OR last_on IS NOT excluded.last_on",
        )?;
        let mut remove = self.conn.prepare_cached("DELETE FROM contact_links WHERE a = ?1 AND b = ?2")?;
        for &c in contacts {
            let found: Vec<(i64, i64, String)> = shared
                .query_map([c], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<rusqlite::Result<_>>()?;
            let kept: std::collections::HashSet<i64> = found.iter().map(|(other, _, _)| *other).collect();
            for (other, n, last) in &found {
                let (a, b) = if c < *other { (c, *other) } else { (*other, c) };
                upsert.execute(params![a, b, n, last])?;
            }
            for (other, _, _) in self.shared_links(c)? {
                if !kept.contains(&other) {
                    let (a, b) = if c < other { (c, other) } else { (other, c) };
                    remove.execute([a, b])?;
                }
            }
        }
        Ok(())
    }

    /// Links every pair of contacts logged on the same sources, as migration 0017
    /// does (restoring a backup into an empty database, whose interactions carry
    /// their sources).
    pub fn link_all_scanned(&self) -> Result<()> {
        self.conn.execute(
            "INSERT INTO contact_links (a, b, shared, last_on)
                 SELECT x.contact_id, y.contact_id, count(DISTINCT x.source), max(x.on_date)
                 FROM interactions AS x
                 JOIN interactions AS y ON y.source = x.source AND y.contact_id > x.contact_id
                 WHERE x.source IS NOT NULL
                 GROUP BY x.contact_id, y.contact_id",
            [],
        )?;
        Ok(())
    }

    /// The contacts `id` shares scanned messages or meetings with: (the other, how
    /// many, the last one's date), through the index of each end.
    pub fn shared_links(&self, id: i64) -> Result<Vec<(i64, u32, NaiveDate)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT b, shared, last_on FROM contact_links WHERE a = ?1
             UNION ALL
             SELECT a, shared, last_on FROM contact_links WHERE b = ?1",
        )?;
        let rows = stmt
            .query_map([id], |r| Ok((r.get(0)?, r.get::<_, u32>(1)?, r.get::<_, Parsed<NaiveDate>>(2)?.0)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The contacts whose company, folded, contains `key` (a folded name), and, with a
    /// `domain`, those with an e-mail at that domain or a subdomain of it; by id.
    pub fn contacts_at(&self, key: &str, domain: Option<&str>) -> Result<Vec<i64>> {
        let mut ids: Vec<i64> = Vec::new();
        if !key.is_empty() {
            // The index holds every key with its row's id: reading it is reading
            // a tenth of the table.
            let mut stmt = self.conn.prepare_cached(
                "SELECT id FROM contacts INDEXED BY contacts_company_key
                 WHERE company_key IS NOT NULL AND instr(company_key, ?1) > 0",
            )?;
            let rows = stmt.query_map([key], |r| r.get(0))?;
            ids = rows.collect::<rusqlite::Result<_>>()?;
        }
        if let Some(domain) = domain {
            let mut stmt = self.conn.prepare_cached(
                "SELECT DISTINCT contact_id FROM contact_emails
                 WHERE email LIKE '%@' || ?1 ESCAPE '\\' OR email LIKE '%@%.' || ?1 ESCAPE '\\'",
            )?;
            let escaped = domain.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
            let rows = stmt.query_map([escaped], |r| r.get(0))?;
            for id in rows {
                ids.push(id?);
            }
        }
        ids.sort_unstable();
        ids.dedup();
        Ok(ids)
    }

    /// The contacts whose folded company is exactly `key`, by id.
    pub fn colleagues(&self, key: &str) -> Result<Vec<i64>> {
        let mut stmt =
            self.conn.prepare_cached("SELECT id FROM contacts WHERE company_key = ?1 ORDER BY id")?;
        let rows = stmt.query_map([key], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// What the tie strength and the words of a route need of contact `id`, with
    /// the interactions counted from `window_start` to `today`.
    pub fn reached(&self, id: i64, window_start: NaiveDate, today: NaiveDate) -> Result<Option<Reached>> {
        Ok(self.reached_all(&[id], window_start, today)?.pop())
    }

    /// [`Db::reached`] of each of `ids` (those that exist), in one query.
    pub fn reached_all(
        &self,
        ids: &[i64],
        window_start: NaiveDate,
        today: NaiveDate,
    ) -> Result<Vec<Reached>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.id, c.name, coalesce(c.name_key, ''), c.company, c.company_key,
                    json_extract(c.name_parts, '$.given'), c.introduced_by, coalesce(c.met_on, c.created_at),
                    (SELECT count(*) FROM interactions AS i
                     WHERE i.contact_id = c.id AND i.on_date BETWEEN ?2 AND ?3),
                    (SELECT max(i.on_date) FROM interactions AS i WHERE i.contact_id = c.id AND i.on_date <= ?3)
             FROM json_each(?1) AS ids JOIN contacts AS c ON c.id = ids.value",
        )?;
        let rows =
            stmt.query_map(params![super::id_list(ids), dates::iso(window_start), dates::iso(today)], |r| {
                Ok(Reached {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    name_key: r.get(2)?,
                    company: r.get(3)?,
                    company_key: r.get(4)?,
                    given: r.get(5)?,
                    introduced_by: r.get(6)?,
                    since: r.get::<_, Parsed<NaiveDate>>(7)?.0,
                    interactions: r.get(8)?,
                    last: r.get::<_, Option<Parsed<NaiveDate>>>(9)?.map(|p| p.0),
                })
            })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The tie counts of each of `ids`: (id, interactions dated from `window_start`
    /// to `today`, the last one dated today or before), read from the index of
    /// interactions by contact alone (not the contacts' rows).
    pub fn tie_counts(
        &self,
        ids: &[i64],
        window_start: NaiveDate,
        today: NaiveDate,
    ) -> Result<Vec<(i64, u32, Option<NaiveDate>)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT ids.value,
                    (SELECT count(*) FROM interactions AS i
                     WHERE i.contact_id = ids.value AND i.on_date BETWEEN ?2 AND ?3),
                    (SELECT max(i.on_date) FROM interactions AS i
                     WHERE i.contact_id = ids.value AND i.on_date <= ?3)
             FROM json_each(?1) AS ids",
        )?;
        let rows = stmt
            .query_map(params![super::id_list(ids), dates::iso(window_start), dates::iso(today)], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get::<_, Option<Parsed<NaiveDate>>>(2)?.map(|p| p.0)))
            })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The latest interaction with any of `ids`, dated today or before.
    pub fn last_touch(&self, ids: &[i64], today: NaiveDate) -> Result<Option<NaiveDate>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT max(i.on_date) FROM interactions AS i
             WHERE i.contact_id IN (SELECT value FROM json_each(?1)) AND i.on_date <= ?2",
        )?;
        let last = stmt.query_row(params![super::id_list(ids), dates::iso(today)], |r| {
            r.get::<_, Option<Parsed<NaiveDate>>>(0)
        })?;
        Ok(last.map(|p| p.0))
    }

    /// The leads still under way (open, applied, interview, offer) whose company,
    /// folded, contains `key`; by id.
    pub fn open_leads_at(&self, key: &str) -> Result<Vec<i64>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id FROM leads WHERE status IN ('open', 'applied', 'interview', 'offer')
             AND company IS NOT NULL AND instr(name_key(company), ?1) > 0 ORDER BY id",
        )?;
        let rows = stmt.query_map([key], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Adds a target employer, or, given a note, sets the note of the one with the
    /// same folded name (`key`); returns whether it was new.
    pub fn put_target(&self, company: &str, key: &str, note: Option<&str>, today: NaiveDate) -> Result<bool> {
        if self.target(key)?.is_some() {
            if note.is_some() {
                self.conn
                    .execute("UPDATE targets SET note = ?2 WHERE company_key = ?1", params![key, note])?;
            }
            return Ok(false);
        }
        self.conn.execute(
            "INSERT INTO targets (company, company_key, note, added_on) VALUES (?1, ?2, ?3, ?4)",
            params![company, key, note, dates::iso(today)],
        )?;
        Ok(true)
    }

    /// Removes the target employer with this folded name; returns it, if it was there.
    pub fn remove_target(&self, key: &str) -> Result<Option<Target>> {
        let target = self.target(key)?;
        if target.is_some() {
            self.conn.execute("DELETE FROM targets WHERE company_key = ?1", [key])?;
        }
        Ok(target)
    }

    /// The target employer with this folded name.
    pub fn target(&self, key: &str) -> Result<Option<Target>> {
        let mut stmt =
            self.conn.prepare_cached("SELECT company, note, added_on FROM targets WHERE company_key = ?1")?;
        Ok(stmt.query_row([key], target_from_row).optional()?)
    }

    /// Every target employer, in the order they were added.
    pub fn targets(&self) -> Result<Vec<Target>> {
        let mut stmt = self.conn.prepare_cached("SELECT company, note, added_on FROM targets ORDER BY id")?;
        let rows = stmt.query_map([], target_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

fn target_from_row(r: &rusqlite::Row) -> rusqlite::Result<Target> {
    Ok(Target { company: r.get(0)?, note: r.get(1)?, added_on: r.get::<_, Parsed<NaiveDate>>(2)?.0 })
}
