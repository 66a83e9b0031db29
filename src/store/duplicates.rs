//! The contacts that may have a duplicate: those that share a folded e-mail, LinkedIn
//! URL, phone number or name with someone else, found by SQLite's grouping. `dupes`
//! then compares only them ([`crate::duplicates::find`] decides), instead of loading
//! everyone: most of a network has no duplicate. And the pairs the user said are
//! different people (`dupes --not`), which `dupes` leaves out.

use std::collections::HashSet;

use rusqlite::params;

use super::Db;
use crate::duplicates::MIN_PHONE_DIGITS;
use crate::error::Result;

/// Each kind of key that `dupes` compares, computed as [`crate::duplicates::find`]
/// computes it (the stored keys are kept equal to the functions' on opening).
const CANDIDATES: &str = "
    SELECT contact_id FROM contact_emails WHERE casefold(email) IN
        (SELECT casefold(email) FROM contact_emails GROUP BY 1 HAVING count(DISTINCT contact_id) > 1)
    UNION
    SELECT id FROM contacts WHERE linkedin_key IN
        (SELECT linkedin_key FROM contacts WHERE linkedin_key IS NOT NULL GROUP BY 1 HAVING count(*) > 1)
    UNION
    SELECT id FROM contacts WHERE name_key IN
        (SELECT name_key FROM contacts GROUP BY 1 HAVING count(*) > 1)
    UNION
    SELECT contact_id FROM contact_phones WHERE phone_digits(phone) IN
        (SELECT phone_digits(phone) FROM contact_phones WHERE length(phone_digits(phone)) >= ?1
         GROUP BY 1 HAVING count(DISTINCT contact_id) > 1)
    ORDER BY 1";

impl Db<'_> {
    /// The ids of the contacts that share a key that `dupes` compares with another
    /// contact, by id: every pair of duplicates is among them.
    pub fn duplicate_candidates(&self) -> Result<Vec<i64>> {
        let mut stmt = self.conn.prepare(CANDIDATES)?;
        let rows = stmt.query_map([MIN_PHONE_DIGITS as i64], |row| row.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Records that contacts `a` and `b` are different people (`dupes --not`); false
    /// when that was known.
    pub fn mark_distinct_people(&self, a: i64, b: i64) -> Result<bool> {
        let changed = self.conn.execute(
            "INSERT OR IGNORE INTO distinct_people (low, high) VALUES (min(?1, ?2), max(?1, ?2))",
            params![a, b],
        )?;
        Ok(changed > 0)
    }

    /// Every pair of contacts known to be different people, the lower id first.
    pub fn distinct_people(&self) -> Result<HashSet<(i64, i64)>> {
        let mut stmt = self.conn.prepare_cached("SELECT low, high FROM distinct_people")?;
        let rows = stmt.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Makes `from`'s pairs of different people `to`'s (for `merge`, before `from`
    /// goes): whoever was not `from` is not `to` either. A pair of the two goes.
    pub fn move_distinct_people(&self, from: i64, to: i64) -> Result<()> {
        self.conn.execute(
            "INSERT OR IGNORE INTO distinct_people (low, high)
             SELECT min(?2, other), max(?2, other)
               FROM (SELECT CASE WHEN low = ?1 THEN high ELSE low END AS other
                       FROM distinct_people WHERE low = ?1 OR high = ?1)
              WHERE other <> ?2",
            params![from, to],
        )?;
        self.conn.execute("DELETE FROM distinct_people WHERE low = ?1 OR high = ?1", [from])?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use crate::duplicates::find;
    use crate::model::Contact;
    use crate::store::Store;

    fn date() -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap()
    }

    /// Names, e-mails, URLs and phones drawn from small pools, in varied case, accents
    /// and spacing, so that many contacts share keys and many nearly do.
    fn contact() -> impl Strategy<Value = Contact> {
        let name = prop::sample::select(vec![
            "Ada Lovelace",
            "ada  lovelace",
            "ADA LOVELACE ",
            "Zoë Müller",
            "zoe muller",
            "ZOË MÜLLER",
            "Grace Hopper",
            "Grace  Hopper",
            "Grace B. Hopper",
            "İlkay Şahin",
            "ilkay sahin",
        ]);
        let email = prop::sample::select(vec![
            "ada@example.com",
            "ADA@Example.com",
            "grace@example.com",
            "ÉVA@example.com",
            "éva@example.com",
            "eva@example.com",
        ]);
        let url = prop::sample::select(vec![
            "https://www.linkedin.com/in/ada",
            "http://linkedin.com/in/ADA/",
            "https://linkedin.com/in/ada?x=1",
            "https://www.linkedin.com/in/grace",
        ]);
        let phone = prop::sample::select(vec![
            "+44 20 7946 0000",
            "020-7946-0000",
            "442079460000",
            "12345",
            "1-2-3-4-5",
        ]);
        (name, prop::collection::vec(email, 0..3), prop::option::of(url), prop::collection::vec(phone, 0..3))
            .prop_map(|(name, emails, url, phones)| {
                let mut emails: Vec<String> = emails.into_iter().map(String::from).collect();
                emails.sort_by_key(|e| crate::text::fold(e));
                emails.dedup_by_key(|e| crate::text::fold(e));
                Contact {
                    emails,
                    linkedin: url.map(String::from),
                    phones: phones.into_iter().map(String::from).collect(),
                    ..Contact::new(0, name, date())
                }
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// The pairs found among the candidates are those found among everyone.
        #[test]
        fn the_candidates_hold_every_pair_of_duplicates(contacts in prop::collection::vec(contact(), 0..12)) {
            let mut store = Store::open_in_memory().unwrap();
            store
                .write(|db| {
                    for contact in &contacts {
                        db.insert_contact(contact)?;
                    }
                    Ok(())
                })
                .unwrap();
            let (everyone, candidates) = store
                .read(|db| {
                    let everyone = db.contacts(&Default::default())?;
                    let candidates = db.contacts_by_id(&db.duplicate_candidates()?)?;
                    Ok((everyone, candidates))
                })
                .unwrap();
            let all_pairs = find(&everyone);
            prop_assert_eq!(find(&candidates), all_pairs.clone());
            // And no one is a candidate for nothing.
            let paired: std::collections::BTreeSet<i64> = all_pairs.iter().flat_map(|d| d.ids).collect();
            prop_assert_eq!(candidates.iter().map(|c| c.id).collect::<std::collections::BTreeSet<_>>(), paired);
        }
    }
}
