//! Which contacts `list` and `export` show, and in what order: a [`ContactFilter`]
//! and a [`ContactOrder`] made into one query over the contacts (tags, company,
//! where met, and a search through names, e-mails, notes, tags and interaction
//! notes), answered with ids. Loading the contacts is `contacts`' job.

use rusqlite::ToSql;

use super::Db;
use crate::error::Result;
use crate::text::fold;

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
