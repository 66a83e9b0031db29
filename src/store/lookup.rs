//! Finding contacts by what identifies them: ids and names for a CONTACT argument
//! and error messages, folded names, e-mails and LinkedIn URLs for matching an
//! import's records, and whom a contact introduced. Answers with ids and names;
//! loading whole contacts is `contacts`' job.

use rusqlite::OptionalExtension;

use super::Db;
use crate::error::{Candidate, Result};
use crate::model::Address;
use crate::text::{fold, linkedin_key, name_key_without_accents};

/// The e-mail addresses of the contacts whose name, company or one of whose e-mails
/// contains ?1 (folded by `name_key`: case, accents and spacing), by folded name, then
/// id, then the order of the e-mails. Names are compared through the folded name kept
/// beside them; companies and e-mails are folded as they are read. No index helps a
/// search for a part of a word, so this reads the contacts once (BENCHMARKS.md).
const ADDRESSES_MATCHING: &str = "
    SELECT c.id, e.email, c.name, c.company
    FROM contacts c JOIN contact_emails e ON e.contact_id = c.id
    WHERE c.id IN (
        SELECT id FROM contacts
         WHERE instr(coalesce(name_key, name_key(name)), ?1) > 0 OR instr(name_key(company), ?1) > 0
        UNION
        SELECT contact_id FROM contact_emails WHERE instr(name_key(email), ?1) > 0)
    ORDER BY coalesce(c.name_key, name_key(c.name)), c.id, e.position";

/// One thing [`Db::match_keys`] finds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchKey<'a> {
    /// `name_key`: its name folded as `dupes` folds names
    /// ([`name_key_without_accents`]), as stored; `linkedin_key`: the key of its
    /// LinkedIn URL ([`linkedin_key`]), as stored; `company`: as written.
    Contact {
        id: i64,
        name_key: &'a str,
        linkedin_key: Option<&'a str>,
        company: Option<&'a str>,
    },
    Email(&'a str),
}

impl Db<'_> {
    /// The e-mail addresses of the contacts whose name, e-mail or company contains
    /// `text`, ignoring case, accents and spacing as `dupes` folds names (`netcrm
    /// query`): every address of each, by name; contacts without one are left out.
    pub fn addresses_matching(&self, text: &str) -> Result<Vec<Address>> {
        let mut stmt = self.conn.prepare_cached(ADDRESSES_MATCHING)?;
        let rows = stmt.query_map([name_key_without_accents(text)], |row| {
            Ok(Address {
                contact_id: row.get(0)?,
                email: row.get(1)?,
                name: row.get(2)?,
                company: row.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The names of the contacts with these ids (those that exist), by id: a few
    /// names without loading every contact's (`lead list`'s helpers, `graph`'s people).
    pub fn names_of(&self, ids: &[i64]) -> Result<std::collections::HashMap<i64, String>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, name FROM contacts WHERE id IN (SELECT value FROM json_each(?1))")?;
        let rows = stmt.query_map([super::id_list(ids)], |row| Ok((row.get(0)?, row.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every contact's id and name, for resolving a CONTACT argument.
    pub fn contact_names(&self) -> Result<Vec<(i64, String)>> {
        let mut stmt = self.conn.prepare_cached("SELECT id, name FROM contacts ORDER BY id")?;
        let rows = stmt.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Contacts as error messages name them (id, name, company), by id: those with
    /// the given ids, or everyone when there are none.
    pub fn candidates(&self, ids: impl IntoIterator<Item = i64>) -> Result<Vec<Candidate>> {
        let wanted: Vec<i64> = ids.into_iter().collect();
        let mut stmt = self.conn.prepare_cached("SELECT id, name FROM contacts ORDER BY id")?;
        let rows =
            stmt.query_map([], |row| Ok(Candidate { id: row.get(0)?, name: row.get(1)?, detail: None }))?;
        let mut people = Vec::new();
        for row in rows {
            let person = row?;
            if wanted.is_empty() || wanted.contains(&person.id) {
                people.push(person);
            }
        }
        Ok(people)
    }

    /// The contacts whose name, folded as `dupes` folds names, is `key`, by id.
    pub fn contacts_named(&self, key: &str) -> Result<Vec<Candidate>> {
        let mut stmt =
            self.conn.prepare_cached("SELECT id, name FROM contacts WHERE name_key = ?1 ORDER BY id")?;
        let rows =
            stmt.query_map([key], |r| Ok(Candidate { id: r.get(0)?, name: r.get(1)?, detail: None }))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The contacts that have `email` (compared case-insensitively), by id.
    pub fn contacts_with_email(&self, email: &str) -> Result<Vec<(i64, String)>> {
        // An ASCII address is found through the `COLLATE NOCASE` index (SQLite folds
        // ASCII case only); other text is folded in full, which reads every address.
        let sql = if email.is_ascii() {
            "SELECT DISTINCT c.id, c.name FROM contacts c JOIN contact_emails e ON e.contact_id = c.id
             WHERE e.email = ?2 COLLATE NOCASE AND casefold(e.email) = ?1 ORDER BY c.id"
        } else {
            "SELECT DISTINCT c.id, c.name FROM contacts c JOIN contact_emails e ON e.contact_id = c.id
             WHERE casefold(e.email) = ?1 AND ?2 IS NOT NULL ORDER BY c.id"
        };
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows =
            stmt.query_map([fold(email), email.trim().to_string()], |row| Ok((row.get(0)?, row.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Everything an import matches contacts by: each contact's id, folded name,
    /// LinkedIn URL's key and company (by id), then every e-mail. Handed to `f` a row at
    /// a time, so that nothing but what `f` keeps is held.
    pub fn match_keys(&self, mut f: impl FnMut(MatchKey<'_>)) -> Result<()> {
        let mut stmt = self.conn.prepare(
            "SELECT id, coalesce(name_key, ''), name, linkedin_key, company FROM contacts ORDER BY id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let (mut name_key, key, company): (String, Option<String>, Option<String>) =
                (row.get(1)?, row.get(3)?, row.get(4)?);
            // Kept on opening; a row another program wrote since may lack it.
            if name_key.is_empty() {
                name_key = name_key_without_accents(&row.get::<_, String>(2)?);
            }
            f(MatchKey::Contact {
                id: row.get(0)?,
                name_key: &name_key,
                linkedin_key: key.as_deref(),
                company: company.as_deref(),
            });
        }
        let mut stmt = self.conn.prepare("SELECT email FROM contact_emails")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            f(MatchKey::Email(&row.get::<_, String>(0)?));
        }
        Ok(())
    }

    /// The first contact (by id) whose LinkedIn URL is `url`, compared as
    /// [`linkedin_key`] compares them.
    pub fn contact_with_linkedin(&self, url: &str) -> Result<Option<i64>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id FROM contacts WHERE linkedin_key = ?1 ORDER BY id LIMIT 1")?;
        Ok(stmt.query_row([linkedin_key(url)], |row| row.get(0)).optional()?)
    }

    /// The contacts named `name` as `dupes` folds names (case, spacing and accents),
    /// by id, each with its name and phone numbers.
    pub fn namesakes(&self, name: &str) -> Result<Vec<(i64, String, Vec<String>)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.id, c.name, p.phone FROM contacts c
             LEFT JOIN contact_phones p ON p.contact_id = c.id
             WHERE c.name_key = ?1 ORDER BY c.id, p.position",
        )?;
        let mut rows = stmt.query([name_key_without_accents(name)])?;
        let mut namesakes: Vec<(i64, String, Vec<String>)> = Vec::new();
        while let Some(row) = rows.next()? {
            let (id, phone): (i64, Option<String>) = (row.get(0)?, row.get(2)?);
            if namesakes.last().is_none_or(|(last, _, _)| *last != id) {
                namesakes.push((id, row.get(1)?, Vec::new()));
            }
            if let (Some(phone), Some((_, _, phones))) = (phone, namesakes.last_mut()) {
                phones.push(phone);
            }
        }
        Ok(namesakes)
    }

    /// The contacts with no LinkedIn URL whose name, folded as `dupes` folds names, is
    /// `name_key`, by id, each with its company (an import matches a card without a
    /// known e-mail or URL to the one of them at the card's company).
    pub fn namesakes_without_linkedin(&self, name_key: &str) -> Result<Vec<(i64, Option<String>)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, company FROM contacts WHERE name_key = ?1 AND linkedin IS NULL ORDER BY id",
        )?;
        let rows = stmt.query_map([name_key], |row| Ok((row.get(0)?, row.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Whether a contact's name, folded as `dupes` folds names, is `name_key`.
    pub fn name_taken(&self, name_key: &str) -> Result<bool> {
        let mut stmt =
            self.conn.prepare_cached("SELECT EXISTS (SELECT 1 FROM contacts WHERE name_key = ?1)")?;
        Ok(stmt.query_row([name_key], |row| row.get(0))?)
    }

    /// The ids of the contacts that `id` introduced.
    pub fn introduced_by(&self, id: i64) -> Result<Vec<i64>> {
        let mut stmt =
            self.conn.prepare_cached("SELECT id FROM contacts WHERE introduced_by = ?1 ORDER BY id")?;
        let rows = stmt.query_map([id], |row| row.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
