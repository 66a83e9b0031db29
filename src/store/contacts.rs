//! Contact rows: reading, writing and finding contacts with their e-mails, phones
//! and tags.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::types::{FromSql, FromSqlError, ValueRef};
use rusqlite::{OptionalExtension, Row, ToSql, params};

use super::Db;
use crate::dates::{self, Birthday, Cadence};
use crate::error::{Candidate, Result};
use crate::model::{CadenceSource, Contact, Listed, NameParts, Summary, TemporaryCadence};
use crate::text::{fold, linkedin_key, name_key_without_accents};

const COLUMNS: &str = "c.id, c.name, c.company, c.title, c.linkedin, c.met_on, c.met_at, \
    c.how_met, c.introduced_by, c.name_ok, c.no_thank_you, c.cadence, c.temporary_cadence, \
    c.cadence_until, c.notes, c.birthday, c.created_at, c.vcard_uid, c.name_parts, c.cadence_source";

/// What `list` narrows contacts by; every field that is set must match.
#[derive(Debug, Clone, Default)]
pub struct ContactFilter {
    /// Exact tags, case-insensitive; the contact must carry all of them.
    pub tags: Vec<String>,
    /// Case-insensitive substring of the company.
    pub company: Option<String>,
    /// Case-insensitive substring of where they were met.
    pub met_at: Option<String>,
    /// Case-insensitive substring of name, e-mail, company, title, notes, tags or
    /// interaction notes.
    pub search: Option<String>,
}

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

/// The order [`Db::selected_ids`] gives contacts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContactOrder {
    /// By folded name, then id.
    Name,
    /// Most recently in touch first (as stored with the follow-ups), never last.
    LastContact,
    /// By id: the order they were added in.
    Added,
}

impl ContactFilter {
    /// Whether it selects every contact.
    pub fn is_everyone(&self) -> bool {
        self.tags.is_empty() && self.company.is_none() && self.met_at.is_none() && self.search.is_none()
    }
}

impl Db<'_> {
    /// Inserts a contact with its lists under a new id (its own `id` is ignored) and
    /// returns that id.
    pub fn insert_contact(&self, contact: &Contact) -> Result<i64> {
        self.insert_row(contact, None)
    }

    /// Inserts a contact under a given id (restoring a backup, importing netcrm CSV
    /// into an empty database). Its introducer must exist already.
    pub fn insert_contact_with_id(&self, contact: &Contact) -> Result<()> {
        self.insert_row(contact, Some(contact.id)).map(|_| ())
    }

    /// One INSERT of every field (one row change for undo to record), then the lists.
    ///
    /// The row counts as computed on the day it was created (`computed_on`): every
    /// write computes the follow-ups of the contacts it touched before it commits
    /// (`Context::write`), and so an import's recomputation of everyone does not
    /// rewrite every new row to say so ([`Db::clear_follow_ups`]).
    fn insert_row(&self, contact: &Contact, id: Option<i64>) -> Result<i64> {
        let columns = Columns::of(contact);
        self.conn
            .prepare_cached(
                "INSERT INTO contacts (id, name, company, title, linkedin, met_on, met_at, how_met,
                    introduced_by, name_ok, no_thank_you, cadence, temporary_cadence, cadence_until,
                    notes, birthday, vcard_uid, name_parts, created_at, name_key, linkedin_key,
                    computed_on, cadence_source)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,
                    ?9, ?10, ?11, ?12, ?13, ?14,
                    ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?19, ?22)",
            )?
            .execute(columns.params(contact, &id).as_slice())?;
        let id = self.conn.last_insert_rowid();
        self.write_lists(id, contact, false)?;
        Ok(id)
    }

    /// The introducers of the contacts with these ids (those that have one).
    pub fn introducers_of(&self, ids: &[i64]) -> Result<Vec<i64>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT DISTINCT introduced_by FROM contacts
             WHERE id IN (SELECT value FROM json_each(?1)) AND introduced_by IS NOT NULL",
        )?;
        let rows = stmt.query_map([super::id_list(ids)], |row| row.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Whether a contact has this id.
    pub fn contact_exists(&self, id: i64) -> Result<bool> {
        let mut stmt = self.conn.prepare_cached("SELECT EXISTS (SELECT 1 FROM contacts WHERE id = ?1)")?;
        Ok(stmt.query_row([id], |r| r.get(0))?)
    }

    /// How many contacts there are.
    pub fn contact_count(&self) -> Result<i64> {
        Ok(self.conn.query_row("SELECT count(*) FROM contacts", [], |row| row.get(0))?)
    }

    /// Whether the database holds no contacts yet.
    pub fn has_no_contacts(&self) -> Result<bool> {
        Ok(self.conn.query_row("SELECT NOT EXISTS (SELECT 1 FROM contacts)", [], |row| row.get(0))?)
    }

    /// Points the introductions made by `from` at `to` (for `merge`).
    pub fn move_introductions(&self, from: i64, to: i64) -> Result<()> {
        self.conn.execute(
            "UPDATE contacts SET introduced_by = ?2 WHERE introduced_by = ?1 AND id <> ?2",
            params![from, to],
        )?;
        Ok(())
    }

    /// Writes every field of `contact` over the stored one.
    pub fn update_contact(&self, contact: &Contact) -> Result<()> {
        let columns = Columns::of(contact);
        self.conn
            .prepare_cached(
                "UPDATE contacts SET name = ?2, company = ?3, title = ?4,
                    linkedin = ?5, met_on = ?6, met_at = ?7, how_met = ?8,
                    introduced_by = ?9, name_ok = ?10, no_thank_you = ?11,
                    cadence = ?12, temporary_cadence = ?13,
                    cadence_until = ?14, notes = ?15, birthday = ?16,
                    vcard_uid = ?17, name_parts = ?18, created_at = ?19, name_key = ?20,
                    linkedin_key = ?21, cadence_source = ?22
                 WHERE id = ?1",
            )?
            .execute(columns.params(contact, &Some(contact.id)).as_slice())?;
        self.write_lists(contact.id, contact, true)
    }

    /// Writes a contact's e-mails, phones and tags, replacing those it had (a new
    /// contact has none to replace: three statements saved per imported row).
    fn write_lists(&self, id: i64, contact: &Contact, replace: bool) -> Result<()> {
        if replace {
            for table in ["contact_emails", "contact_phones", "contact_tags"] {
                // `table` is a constant of this module, never user input.
                self.conn
                    .prepare_cached(&format!("DELETE FROM {table} WHERE contact_id = ?1"))?
                    .execute([id])?;
            }
        }
        self.insert_list(
            "INSERT INTO contact_emails (contact_id, position, email) VALUES (?1, ?2, ?3)",
            id,
            &contact.emails,
        )?;
        self.insert_list(
            "INSERT INTO contact_phones (contact_id, position, phone) VALUES (?1, ?2, ?3)",
            id,
            &contact.phones,
        )?;
        if !contact.tags.is_empty() {
            let mut insert = self
                .conn
                .prepare_cached("INSERT OR IGNORE INTO contact_tags (contact_id, tag) VALUES (?1, ?2)")?;
            for tag in &contact.tags {
                insert.execute(params![id, tag])?;
            }
        }
        Ok(())
    }

    /// Inserts a contact's e-mails or phones with `insert`, in their order (most
    /// contacts have none of one or the other: nothing is prepared for them).
    fn insert_list(&self, insert: &str, id: i64, values: &[String]) -> Result<()> {
        if values.is_empty() {
            return Ok(());
        }
        let mut insert = self.conn.prepare_cached(insert)?;
        for (position, value) in values.iter().enumerate() {
            insert.execute(params![id, position as i64, value])?;
        }
        Ok(())
    }

    /// Removes a contact; its e-mails, phones, tags and interactions go with it, and
    /// the contacts it introduced keep no introducer.
    pub fn delete_contact(&self, id: i64) -> Result<()> {
        // The sync bookkeeping outlives the contact (the next `sync` removes their
        // file by it), but not what the card said: a removed person leaves no trace.
        // An undone `rm` then syncs as if the card had been read unchanged.
        self.conn.execute("UPDATE sync_cards SET base = '' WHERE contact_id = ?1", [id])?;
        self.conn.execute("DELETE FROM contacts WHERE id = ?1", [id])?;
        Ok(())
    }

    pub fn contact(&self, id: i64) -> Result<Option<Contact>> {
        Ok(self.load_contacts("c.id = :id", &[(":id", &id)])?.pop())
    }

    /// Every contact that matches `filter`, in no particular order.
    pub fn contacts(&self, filter: &ContactFilter) -> Result<Vec<Contact>> {
        if filter.is_everyone() {
            return self.load_contacts("1", &[]);
        }
        // Find the ids once: the lists of those contacts are loaded by id, and the
        // condition (a search over every note) is not run again for each list.
        let ids = self.selected_ids(filter, ContactOrder::Added, None)?;
        self.contacts_by_id(&ids)
    }

    /// The contacts whose ids are from `first` to `last`, by id.
    pub fn contacts_between(&self, first: i64, last: i64) -> Result<Vec<Contact>> {
        let mut contacts =
            self.load_contacts("c.id BETWEEN :first AND :last", &[(":first", &first), (":last", &last)])?;
        contacts.sort_by_key(|c| c.id);
        Ok(contacts)
    }

    /// What the `list` table shows of the contacts with these ids that exist, in the
    /// order of `ids` (their follow-ups as stored).
    pub fn listed(&self, ids: &[i64]) -> Result<Vec<Listed>> {
        let list = super::id_list(ids);
        let condition = "c.id IN (SELECT value FROM json_each(:ids))";
        let mut tags = self.load_tags(condition, &[(":ids", &list)])?;
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT c.id, c.name, c.company, c.title, c.last_contact,
                (SELECT min(shows_on) FROM follow_ups f WHERE f.contact_id = c.id)
             FROM contacts c WHERE {condition}"
        ))?;
        let rows = stmt.query_map(&[(":ids", &list)], |row| {
            let date = |i| -> rusqlite::Result<Option<NaiveDate>> {
                Ok(row.get::<_, Option<Parsed<NaiveDate>>>(i)?.map(|d| d.0))
            };
            Ok(Listed {
                id: row.get(0)?,
                name: row.get(1)?,
                company: row.get(2)?,
                title: row.get(3)?,
                tags: Vec::new(),
                summary: Summary { last_contact: date(4)?, next_follow_up: date(5)? },
            })
        })?;
        let mut found = HashMap::new();
        for row in rows {
            let mut listed = row?;
            listed.tags = tags.remove(&listed.id).unwrap_or_default();
            found.insert(listed.id, listed);
        }
        Ok(ids.iter().filter_map(|id| found.remove(id)).collect())
    }

    /// The contacts with these ids that exist, in the order of `ids`.
    pub fn contacts_by_id(&self, ids: &[i64]) -> Result<Vec<Contact>> {
        let list = super::id_list(ids);
        let mut found: HashMap<i64, Contact> = self
            .load_contacts("c.id IN (SELECT value FROM json_each(:ids))", &[(":ids", &list)])?
            .into_iter()
            .map(|c| (c.id, c))
            .collect();
        Ok(ids.iter().filter_map(|id| found.remove(id)).collect())
    }

    /// The ids of the contacts `filter` selects, in `order`, at most `limit` of them.
    pub fn selected_ids(
        &self,
        filter: &ContactFilter,
        order: ContactOrder,
        limit: Option<usize>,
    ) -> Result<Vec<i64>> {
        self.with_selection(filter, order, limit, |sql, params| {
            let mut stmt = self.conn.prepare(sql)?;
            let ids = stmt.query_map(params, |row| row.get(0))?.collect::<rusqlite::Result<_>>()?;
            Ok(ids)
        })
    }

    /// Runs `f` with the query of [`Db::selected_ids`] and its parameters.
    fn with_selection<T>(
        &self,
        filter: &ContactFilter,
        order: ContactOrder,
        limit: Option<usize>,
        f: impl FnOnce(&str, &[(&str, &dyn ToSql)]) -> Result<T>,
    ) -> Result<T> {
        let mut clauses = vec!["1".to_string()];
        let company = filter.company.as_deref().map(fold);
        let met_at = filter.met_at.as_deref().map(fold);
        let search = filter.search.as_deref().map(fold);
        let tags: Vec<String> = filter.tags.iter().map(|t| fold(t)).collect();
        let tag_names: Vec<String> = (0..tags.len()).map(|i| format!(":tag{i}")).collect();
        let mut params: Vec<(&str, &dyn ToSql)> = Vec::new();
        if let Some(company) = &company {
            clauses.push("instr(casefold(c.company), :company) > 0".into());
            params.push((":company", company));
        }
        if let Some(met_at) = &met_at {
            clauses.push("instr(casefold(c.met_at), :met_at) > 0".into());
            params.push((":met_at", met_at));
        }
        // An ASCII search text is matched with SQLite's own LIKE, which ignores ASCII
        // case, several times faster than folding every note in Rust; other text needs
        // the Unicode folding.
        let like = search.as_deref().filter(|q| q.is_ascii()).map(|q| {
            let escaped = q.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
            format!("%{escaped}%")
        });
        if let Some(like) = &like {
            let any = ["c.name", "c.company", "c.title", "c.notes"]
                    .iter()
                    .map(|column| format!("{column} LIKE :q ESCAPE '\\'"))
                    .chain([
                        "EXISTS (SELECT 1 FROM contact_emails e WHERE e.contact_id = c.id AND e.email LIKE :q ESCAPE '\\')".into(),
                        "EXISTS (SELECT 1 FROM contact_tags t WHERE t.contact_id = c.id AND t.tag LIKE :q ESCAPE '\\')".into(),
                        "EXISTS (SELECT 1 FROM interactions i WHERE i.contact_id = c.id AND i.note LIKE :q ESCAPE '\\')".into(),
                    ])
                    .collect::<Vec<_>>()
                    .join(" OR ");
            clauses.push(format!("({any})"));
            params.push((":q", like));
        } else if let Some(search) = &search {
            clauses.push(
                "(instr(casefold(c.name), :q) > 0 OR instr(casefold(c.company), :q) > 0
                  OR instr(casefold(c.title), :q) > 0 OR instr(casefold(c.notes), :q) > 0
                  OR EXISTS (SELECT 1 FROM contact_emails e
                             WHERE e.contact_id = c.id AND instr(casefold(e.email), :q) > 0)
                  OR EXISTS (SELECT 1 FROM contact_tags t
                             WHERE t.contact_id = c.id AND instr(casefold(t.tag), :q) > 0)
                  OR EXISTS (SELECT 1 FROM interactions i
                             WHERE i.contact_id = c.id AND instr(casefold(i.note), :q) > 0))"
                    .into(),
            );
            params.push((":q", search));
        }
        for (name, tag) in tag_names.iter().zip(&tags) {
            // An ASCII tag is found through the tags' index (the column compares ASCII
            // case-insensitively); other text is folded in full, tag by tag.
            clauses.push(if tag.is_ascii() {
                format!("c.id IN (SELECT t.contact_id FROM contact_tags t WHERE t.tag = {name} AND casefold(t.tag) = {name})")
            } else {
                format!("EXISTS (SELECT 1 FROM contact_tags t WHERE t.contact_id = c.id AND casefold(t.tag) = {name})")
            });
            params.push((name, tag));
        }
        let order = match order {
            // `casefold` is `text::fold`: the same order as sorting folded names in Rust.
            ContactOrder::Name => "casefold(c.name), c.id",
            ContactOrder::LastContact => "c.last_contact IS NULL, c.last_contact DESC, c.id",
            ContactOrder::Added => "c.id",
        };
        let limit = limit.map_or(String::new(), |n| format!(" LIMIT {n}"));
        let sql =
            format!("SELECT c.id FROM contacts c WHERE {} ORDER BY {order}{limit}", clauses.join(" AND "));
        f(&sql, params.as_slice())
    }

    /// Loads the contacts selected by `condition` (over `contacts c`) with their lists,
    /// in four queries whatever their number.
    fn load_contacts(&self, condition: &str, params: &[(&str, &dyn ToSql)]) -> Result<Vec<Contact>> {
        let mut emails = self.load_list("contact_emails", "email", condition, params)?;
        let mut phones = self.load_list("contact_phones", "phone", condition, params)?;
        let mut tags = self.load_tags(condition, params)?;
        let mut stmt =
            self.conn.prepare_cached(&format!("SELECT {COLUMNS} FROM contacts c WHERE {condition}"))?;
        let rows = stmt.query_map(params, contact_from_row)?;
        let mut contacts = Vec::new();
        for row in rows {
            let mut contact = row?;
            contact.emails = emails.remove(&contact.id).unwrap_or_default();
            contact.phones = phones.remove(&contact.id).unwrap_or_default();
            contact.tags = tags.remove(&contact.id).unwrap_or_default();
            contacts.push(contact);
        }
        Ok(contacts)
    }

    fn load_list(
        &self,
        table: &str,
        column: &str,
        condition: &str,
        params: &[(&str, &dyn ToSql)],
    ) -> Result<HashMap<i64, Vec<String>>> {
        let sql = format!(
            "SELECT contact_id, {column} FROM {table}
             WHERE contact_id IN (SELECT c.id FROM contacts c WHERE {condition})
             ORDER BY contact_id, position"
        );
        self.group_by_contact(&sql, params)
    }

    fn load_tags(&self, condition: &str, params: &[(&str, &dyn ToSql)]) -> Result<HashMap<i64, Vec<String>>> {
        let sql = format!(
            "SELECT contact_id, tag FROM contact_tags
             WHERE contact_id IN (SELECT c.id FROM contacts c WHERE {condition})
             ORDER BY contact_id, casefold(tag)"
        );
        self.group_by_contact(&sql, params)
    }

    fn group_by_contact(
        &self,
        sql: &str,
        params: &[(&str, &dyn ToSql)],
    ) -> Result<HashMap<i64, Vec<String>>> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let mut rows = stmt.query(params)?;
        let mut map: HashMap<i64, Vec<String>> = HashMap::new();
        while let Some(row) = rows.next()? {
            map.entry(row.get(0)?).or_default().push(row.get(1)?);
        }
        Ok(map)
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

    /// Says where the cadences of the contacts with these ids came from, as the upgrade
    /// to schema 14 tells it (`migrations/0014_cadence_source.sql`): a cadence equal to
    /// `import_cadence` on a contact with no `met` interaction is the import's, any other
    /// the user's. For a backup written before netcrm kept it, once its interactions are in.
    pub fn infer_cadence_sources(&self, ids: &[i64], import_cadence: Cadence) -> Result<()> {
        if ids.is_empty() {
            return Ok(());
        }
        self.conn.execute(
            "UPDATE contacts
                SET cadence_source = CASE
                        WHEN cadence = ?2 AND NOT EXISTS (SELECT 1 FROM interactions i
                                                           WHERE i.contact_id = contacts.id AND i.kind = 'met')
                        THEN 'import' ELSE 'user' END
              WHERE id IN (SELECT value FROM json_each(?1)) AND cadence IS NOT NULL",
            params![super::id_list(ids), import_cadence.to_string()],
        )?;
        Ok(())
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

/// The columns of a contact that are stored in netcrm's own notation, for the one
/// INSERT and the one UPDATE that write a contact row.
struct Columns {
    met_on: Option<String>,
    cadence: Option<String>,
    temporary_cadence: Option<String>,
    cadence_until: Option<String>,
    birthday: Option<String>,
    name_parts: Option<String>,
    created_at: String,
    name_key: String,
    linkedin_key: Option<String>,
    cadence_source: Option<&'static str>,
}

impl Columns {
    fn of(contact: &Contact) -> Columns {
        let (temporary_cadence, cadence_until) = match contact.temporary_cadence {
            Some(TemporaryCadence { cadence, until }) => (Some(cadence.to_string()), Some(dates::iso(until))),
            None => (None, None),
        };
        Columns {
            met_on: contact.met_on.map(dates::iso),
            cadence: contact.cadence.map(|c| c.to_string()),
            temporary_cadence,
            cadence_until,
            birthday: contact.birthday.map(|b| b.to_string()),
            name_parts: contact.name_parts.as_ref().map(|parts| {
                serde_json::to_string(parts).expect("name parts are strings, which always serialize")
            }),
            created_at: dates::iso(contact.created_at),
            name_key: name_key_without_accents(&contact.name),
            linkedin_key: contact.linkedin.as_deref().map(linkedin_key),
            cadence_source: contact.cadence_source().map(CadenceSource::as_str),
        }
    }

    /// Every column, as the parameters `?1` to `?22` in this order: id, name, company,
    /// title, linkedin, met_on, met_at, how_met, introduced_by, name_ok, no_thank_you,
    /// cadence, temporary_cadence, cadence_until, notes, birthday, uid, name_parts,
    /// created_at, name_key, linkedin_key, cadence_source. (Numbered rather than named:
    /// looking names up cost an import of 100,000 rows a twentieth of its time.)
    fn params<'a>(&'a self, contact: &'a Contact, id: &'a Option<i64>) -> [&'a dyn ToSql; 22] {
        [
            id,
            &contact.name,
            &contact.company,
            &contact.title,
            &contact.linkedin,
            &self.met_on,
            &contact.met_at,
            &contact.how_met,
            &contact.introduced_by,
            &contact.name_ok,
            &contact.no_thank_you,
            &self.cadence,
            &self.temporary_cadence,
            &self.cadence_until,
            &contact.notes,
            &self.birthday,
            &contact.uid,
            &self.name_parts,
            &self.created_at,
            &self.name_key,
            &self.linkedin_key,
            &self.cadence_source,
        ]
    }
}

fn contact_from_row(row: &Row) -> rusqlite::Result<Contact> {
    let temporary_cadence =
        match (row.get::<_, Option<Parsed<Cadence>>>(12)?, row.get::<_, Option<Parsed<NaiveDate>>>(13)?) {
            (Some(Parsed(cadence)), Some(Parsed(until))) => Some(TemporaryCadence { cadence, until }),
            _ => None,
        };
    Ok(Contact {
        id: row.get(0)?,
        name: row.get(1)?,
        emails: Vec::new(),
        phones: Vec::new(),
        company: row.get(2)?,
        title: row.get(3)?,
        linkedin: row.get(4)?,
        tags: Vec::new(),
        met_on: row.get::<_, Option<Parsed<NaiveDate>>>(5)?.map(|p| p.0),
        met_at: row.get(6)?,
        how_met: row.get(7)?,
        introduced_by: row.get(8)?,
        name_ok: row.get(9)?,
        no_thank_you: row.get(10)?,
        cadence: row.get::<_, Option<Parsed<Cadence>>>(11)?.map(|p| p.0),
        // Only 'import' says so; 'user' and NULL (another program's row) are the user's.
        cadence_from_import: row.get::<_, Option<String>>(19)?.as_deref() == Some("import"),
        temporary_cadence,
        notes: row.get(14)?,
        birthday: row.get::<_, Option<Parsed<Birthday>>>(15)?.map(|p| p.0),
        created_at: row.get::<_, Parsed<NaiveDate>>(16)?.0,
        uid: row.get(17)?,
        // Written by this module as JSON; anything else is treated as no parts.
        name_parts: row
            .get::<_, Option<String>>(18)?
            .and_then(|text| serde_json::from_str::<NameParts>(&text).ok()),
    })
}

/// A value stored as text in netcrm's own notation (dates, cadences, birthdays).
pub(super) struct Parsed<T>(pub T);

pub(super) trait Notation: Sized {
    fn from_notation(text: &str) -> std::result::Result<Self, dates::DateError>;
}

impl Notation for NaiveDate {
    fn from_notation(text: &str) -> std::result::Result<Self, dates::DateError> {
        dates::parse_iso_date(text)
    }
}

impl Notation for Cadence {
    fn from_notation(text: &str) -> std::result::Result<Self, dates::DateError> {
        Cadence::parse(text)
    }
}

impl Notation for Birthday {
    fn from_notation(text: &str) -> std::result::Result<Self, dates::DateError> {
        Birthday::parse(text)
    }
}

impl<T: Notation> FromSql for Parsed<T> {
    fn column_result(value: ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
        let text = value.as_str()?;
        T::from_notation(text).map(Parsed).map_err(|e| FromSqlError::Other(Box::new(e)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `list --search` reads each contact's interactions through the index, never
    /// every interaction.
    #[test]
    fn a_search_reads_interactions_through_the_index() {
        use crate::store::Store;
        let mut store = Store::open_in_memory().unwrap();
        for search in ["project 42", "zoë"] {
            let filter = ContactFilter { search: Some(search.into()), ..ContactFilter::default() };
            let plan = store
                .read(|db| {
                    db.with_selection(&filter, ContactOrder::Name, Some(10), |sql, params| {
                        let mut stmt = db.conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
                        let rows = stmt.query_map(params, |row| row.get::<_, String>(3))?;
                        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?.join("\n"))
                    })
                })
                .unwrap();
            assert!(plan.contains("SEARCH i USING INDEX interactions_contact_on"), "{plan}");
            assert!(!plan.contains("SCAN i"), "{plan}");
        }
    }

    /// `--tag` finds an ASCII tag's contacts through the tags' index.
    #[test]
    fn a_tag_is_found_through_the_index() {
        use crate::store::Store;
        let mut store = Store::open_in_memory().unwrap();
        let filter = ContactFilter { tags: vec!["Recruiter".into()], ..ContactFilter::default() };
        let plan = store
            .read(|db| {
                db.with_selection(&filter, ContactOrder::Added, None, |sql, params| {
                    let mut stmt = db.conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
                    let rows = stmt.query_map(params, |row| row.get::<_, String>(3))?;
                    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?.join("\n"))
                })
            })
            .unwrap();
        assert!(plan.contains("USING COVERING INDEX contact_tags_tag (tag=?)"), "{plan}");
    }
}
