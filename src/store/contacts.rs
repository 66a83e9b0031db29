//! Contact rows: writing contacts with their e-mails, phones and tags, loading them
//! back (whole, or as the `list` table shows them), and a row's columns in netcrm's
//! own notation. Which contacts a filter selects is `selection`'s; finding one by
//! name, e-mail or URL is `lookup`'s.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::types::{FromSql, FromSqlError, ValueRef};
use rusqlite::{Row, ToSql, params};

use super::{ContactFilter, ContactOrder, Db};
use crate::dates::{self, Birthday, Cadence};
use crate::error::Result;
use crate::model::{CadenceSource, Contact, Listed, NameParts, Summary, TemporaryCadence};
use crate::text::{linkedin_key, name_key_without_accents};

const COLUMNS: &str = "c.id, c.name, c.company, c.title, c.linkedin, c.met_on, c.met_at, \
    c.how_met, c.introduced_by, c.name_ok, c.no_thank_you, c.cadence, c.temporary_cadence, \
    c.cadence_until, c.notes, c.birthday, c.created_at, c.vcard_uid, c.name_parts, c.cadence_source";

/// The columns [`UPDATE_CONTACT`] sets, in the order of [`Columns::params`] after the id.
const UPDATED_COLUMNS: [&str; 22] = [
    "name",
    "company",
    "title",
    "linkedin",
    "met_on",
    "met_at",
    "how_met",
    "introduced_by",
    "name_ok",
    "no_thank_you",
    "cadence",
    "temporary_cadence",
    "cadence_until",
    "notes",
    "birthday",
    "vcard_uid",
    "name_parts",
    "created_at",
    "name_key",
    "linkedin_key",
    "cadence_source",
    "company_key",
];

/// A contact's row written whole (the lists apart), with [`Columns::params`].
const UPDATE_CONTACT: &str = "UPDATE contacts SET name = ?2, company = ?3, title = ?4,
    linkedin = ?5, met_on = ?6, met_at = ?7, how_met = ?8,
    introduced_by = ?9, name_ok = ?10, no_thank_you = ?11,
    cadence = ?12, temporary_cadence = ?13,
    cadence_until = ?14, notes = ?15, birthday = ?16,
    vcard_uid = ?17, name_parts = ?18, created_at = ?19, name_key = ?20,
    linkedin_key = ?21, cadence_source = ?22, company_key = ?23
 WHERE id = ?1";

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
                    computed_on, cadence_source, company_key)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,
                    ?9, ?10, ?11, ?12, ?13, ?14,
                    ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?19, ?22, ?23)",
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
            .prepare_cached(UPDATE_CONTACT)?
            .execute(columns.params(contact, &Some(contact.id)).as_slice())?;
        self.write_lists(contact.id, contact, true)
    }

    /// Writes what changed from `old` to `new` (the same contact): its row, when a
    /// column did, and each of its e-mails, phones and tags that did. An import that
    /// fills in a contact's empty fields writes its row alone, not its lists again
    /// (each list row rewritten is logged twice for undo).
    pub fn update_contact_from(&self, old: &Contact, new: &Contact) -> Result<()> {
        let row_changed = Contact {
            emails: old.emails.clone(),
            phones: old.phones.clone(),
            tags: old.tags.clone(),
            ..new.clone()
        } != *old;
        if row_changed {
            // Only the columns that changed: SQLite then rewrites only the indexes
            // that hold them.
            let (before, after) = (Columns::of(old), Columns::of(new));
            let id = Some(new.id);
            let (before, after) = (before.params(old, &id), after.params(new, &id));
            let mut sets = Vec::new();
            let mut values: Vec<&dyn ToSql> = vec![&id];
            for (n, (was, is)) in before.iter().zip(&after).enumerate().skip(1) {
                if was.to_sql()? != is.to_sql()? {
                    values.push(*is);
                    sets.push(format!("{} = ?{}", UPDATED_COLUMNS[n - 1], values.len()));
                }
            }
            if !sets.is_empty() {
                // The names are this module's constants, never user input.
                let sql = format!("UPDATE contacts SET {} WHERE id = ?1", sets.join(", "));
                self.conn.prepare_cached(&sql)?.execute(values.as_slice())?;
            }
        }
        let id = new.id;
        if old.emails != new.emails {
            self.conn.prepare_cached("DELETE FROM contact_emails WHERE contact_id = ?1")?.execute([id])?;
            self.insert_list(
                "INSERT INTO contact_emails (contact_id, position, email) VALUES (?1, ?2, ?3)",
                id,
                &new.emails,
            )?;
        }
        if old.phones != new.phones {
            self.conn.prepare_cached("DELETE FROM contact_phones WHERE contact_id = ?1")?.execute([id])?;
            self.insert_list(
                "INSERT INTO contact_phones (contact_id, position, phone) VALUES (?1, ?2, ?3)",
                id,
                &new.phones,
            )?;
        }
        if old.tags != new.tags {
            self.conn.prepare_cached("DELETE FROM contact_tags WHERE contact_id = ?1")?.execute([id])?;
            let mut insert = self
                .conn
                .prepare_cached("INSERT OR IGNORE INTO contact_tags (contact_id, tag) VALUES (?1, ?2)")?;
            for tag in &new.tags {
                insert.execute(params![id, tag])?;
            }
        }
        Ok(())
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
    company_key: Option<String>,
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
            company_key: contact.company.as_deref().map(name_key_without_accents),
        }
    }

    /// Every column, as the parameters `?1` to `?23` in this order: id, name, company,
    /// title, linkedin, met_on, met_at, how_met, introduced_by, name_ok, no_thank_you,
    /// cadence, temporary_cadence, cadence_until, notes, birthday, uid, name_parts,
    /// created_at, name_key, linkedin_key, cadence_source, company_key. (Numbered rather
    /// than named: looking names up cost an import of 100,000 rows a twentieth of its
    /// time.)
    fn params<'a>(&'a self, contact: &'a Contact, id: &'a Option<i64>) -> [&'a dyn ToSql; 23] {
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
            &self.company_key,
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

    /// A partial update names each column with the parameter the whole one gives it.
    #[test]
    fn updated_columns_are_those_of_the_whole_update_in_order() {
        for (n, column) in UPDATED_COLUMNS.iter().enumerate() {
            assert!(
                UPDATE_CONTACT.contains(&format!("{column} = ?{},", n + 2))
                    || UPDATE_CONTACT.contains(&format!("{column} = ?{}\n", n + 2)),
                "{column}"
            );
        }
    }
}
