//! Goal rows, and what goals count read by date: interactions of a span of days, the
//! first meetings that fall in it, and the contacts in touch in it.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::params;

use super::Db;
use super::contacts::Parsed;
use crate::dates;
use crate::error::Result;
use crate::model::{Goal, GoalWhat, InteractionKind, Per};

/// The contacts in touch in a span of days: found through the index of interactions by
/// date (pinned: with no statistics, SQLite would rather read the whole index by
/// contact, which gives them in order, than sort what the span holds).
const IN_TOUCH: &str =
    "SELECT contact_id FROM interactions INDEXED BY interactions_on WHERE on_date BETWEEN ?1 AND ?2";

impl Db<'_> {
    /// Every goal, in [`GoalWhat::ALL`]'s order.
    pub fn goals(&self) -> Result<Vec<Goal>> {
        let mut stmt = self.conn.prepare_cached("SELECT what, target, per FROM goals")?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, u32>(1)?, r.get::<_, String>(2)?)))?;
        let mut goals = Vec::new();
        for row in rows {
            let (what, target, per) = row?;
            // A goal another program wrote that this netcrm does not know is not shown.
            if let (Some(what), Some(per)) = (GoalWhat::parse(&what), Per::parse(&per)) {
                goals.push(Goal { what, target, per });
            }
        }
        goals.sort_by_key(|g| g.what);
        Ok(goals)
    }

    /// Whether any goal is set (one indexed read).
    pub fn has_goals(&self) -> Result<bool> {
        Ok(self.conn.prepare_cached("SELECT EXISTS (SELECT 1 FROM goals)")?.query_row([], |r| r.get(0))?)
    }

    /// Sets a goal, replacing the one for the same WHAT.
    pub fn set_goal(&self, goal: &Goal) -> Result<()> {
        self.conn
            .prepare_cached("INSERT OR REPLACE INTO goals (what, target, per) VALUES (?1, ?2, ?3)")?
            .execute(params![goal.what.as_str(), goal.target, goal.per.as_str()])?;
        Ok(())
    }

    /// Removes the goal for `what`; whether there was one.
    pub fn remove_goal(&self, what: GoalWhat) -> Result<bool> {
        Ok(self.conn.prepare_cached("DELETE FROM goals WHERE what = ?1")?.execute([what.as_str()])? > 0)
    }

    /// (kind, date, found by `scan`) of every interaction dated from `from` to `to`.
    pub fn interactions_dated(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<(InteractionKind, NaiveDate, bool)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT kind, on_date, source IS NOT NULL FROM interactions INDEXED BY interactions_on
             WHERE on_date BETWEEN ?1 AND ?2",
        )?;
        let rows = stmt.query_map([dates::iso(from), dates::iso(to)], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, Parsed<NaiveDate>>(1)?.0, r.get::<_, bool>(2)?))
        })?;
        let mut found = Vec::new();
        for row in rows {
            let (kind, on, scanned) = row?;
            if let Ok(kind) = kind.parse() {
                found.push((kind, on, scanned));
            }
        }
        Ok(found)
    }

    /// The day of each contact's first `met`, for those whose first falls from `from`
    /// to `to`.
    pub fn first_meetings(&self, from: NaiveDate, to: NaiveDate) -> Result<HashMap<i64, NaiveDate>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT i.contact_id, min(i.on_date) FROM interactions i INDEXED BY interactions_on
             WHERE i.kind = 'met' AND i.on_date BETWEEN ?1 AND ?2
               AND NOT EXISTS (SELECT 1 FROM interactions j
                               WHERE j.contact_id = i.contact_id AND j.kind = 'met' AND j.on_date < ?1)
             GROUP BY i.contact_id",
        )?;
        let rows = stmt.query_map([dates::iso(from), dates::iso(to)], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, Parsed<NaiveDate>>(1)?.0))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The contacts with an interaction dated from `from` to `to`, by id.
    pub fn in_touch_between(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<i64>> {
        let mut stmt = self.conn.prepare_cached(IN_TOUCH)?;
        let rows = stmt.query_map([dates::iso(from), dates::iso(to)], |r| r.get(0))?;
        let mut ids: Vec<i64> = rows.collect::<rusqlite::Result<_>>()?;
        ids.sort_unstable();
        ids.dedup();
        Ok(ids)
    }
}

#[cfg(test)]
mod tests {
    use super::IN_TOUCH;
    use crate::store::Store;

    /// `due`'s goals line reads the days of this week or month through the index of
    /// interactions by date, never every interaction.
    #[test]
    fn what_goals_count_is_read_through_the_index_by_date() {
        let store = Store::open_in_memory().unwrap();
        for sql in [
            IN_TOUCH,
            "SELECT kind, on_date, source IS NOT NULL FROM interactions INDEXED BY interactions_on
             WHERE on_date BETWEEN ?1 AND ?2",
        ] {
            let mut stmt = store.conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
            let plan: Vec<String> = stmt
                .query_map(["2026-11-30", "2026-12-06"], |r| r.get::<_, String>(3))
                .unwrap()
                .map(|r| r.unwrap())
                .collect();
            let plan = plan.join("\n");
            assert!(plan.contains("USING INDEX interactions_on (on_date>? AND on_date<?)"), "{plan}");
        }
    }
}
