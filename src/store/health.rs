//! `doctor`'s checks: SQLite's own integrity and foreign-key checks, and the keys
//! netcrm keeps beside each contact's name and LinkedIn URL.

use super::Db;
use crate::error::Result;

/// What the checks found; empty lists mean healthy.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Health {
    pub schema_version: i64,
    pub integrity_problems: Vec<String>,
    pub foreign_key_problems: Vec<String>,
    /// Contacts whose folded name or LinkedIn key is not that of their name or URL
    /// (another program changed one and left the key): imports and CONTACT arguments
    /// would go by the old one.
    pub stale_keys: Vec<i64>,
}

impl Db<'_> {
    pub fn health(&self) -> Result<Health> {
        let schema_version = self.conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
        let mut integrity_problems = Vec::new();
        self.conn.pragma_query(None, "integrity_check", |row| {
            let message: String = row.get(0)?;
            if message != "ok" {
                integrity_problems.push(message);
            }
            Ok(())
        })?;
        let mut foreign_key_problems = Vec::new();
        let mut stmt = self.conn.prepare("PRAGMA foreign_key_check")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let table: String = row.get(0)?;
            let rowid: Option<i64> = row.get(1)?;
            let parent: String = row.get(2)?;
            let row_name = rowid.map_or_else(|| "a row".to_string(), |id| format!("row {id}"));
            foreign_key_problems.push(format!("{table} {row_name} points at a missing {parent} row"));
        }
        let mut stmt = self.conn.prepare(
            "SELECT id FROM contacts
             WHERE name_key IS NOT name_key(name) OR linkedin_key IS NOT linkedin_key(linkedin)
                OR company_key IS NOT name_key(company) ORDER BY id",
        )?;
        let stale_keys = stmt.query_map([], |row| row.get(0))?.collect::<rusqlite::Result<_>>()?;
        Ok(Health { schema_version, integrity_problems, foreign_key_problems, stale_keys })
    }
}
