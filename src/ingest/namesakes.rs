//! The contacts of each name that cards matched by name alone (no e-mail, no LinkedIn
//! URL: most of a phone's address book) were compared with, held so that a name shared
//! by many is read from the database once, not once for every card of that name
//! (which made such imports quadratic in the database). Bounded: past
//! [`HELD_AT_MOST`] contacts it starts again empty.

use std::collections::HashMap;

use crate::error::Result;
use crate::store::Db;
use crate::text::{name_key, phone_digits};

/// About 100,000 contacts (a few MiB) at most.
const HELD_AT_MOST: usize = 100_000;

/// A contact of a name: its id and the digits of its phone numbers.
pub type Namesake = (i64, Vec<String>);

#[derive(Default)]
pub struct Namesakes {
    /// Name key ([`name_key`]) -> everyone of that name, by id.
    by_name: HashMap<String, Vec<Namesake>>,
    held: usize,
}

impl Namesakes {
    /// Everyone whose name has `key` (`name_key(name)`), by id.
    pub fn of(&mut self, db: &Db, key: &str, name: &str) -> Result<&[Namesake]> {
        if !self.by_name.contains_key(key) {
            // The database folds accents too: the contacts of another name are left out.
            let found: Vec<Namesake> = db
                .namesakes(name)?
                .into_iter()
                .filter(|(_, theirs, _)| name_key(theirs) == key)
                .map(|(id, _, phones)| (id, phones.iter().map(|p| phone_digits(p)).collect()))
                .collect();
            if self.held + found.len() > HELD_AT_MOST {
                self.by_name.clear();
                self.held = 0;
            }
            self.held += found.len();
            self.by_name.insert(key.to_string(), found);
        }
        Ok(self.by_name.get(key).map_or(&[], Vec::as_slice))
    }

    /// A contact was added or changed: if its name is held, so is what it now is.
    pub fn note(&mut self, id: i64, name: &str, phones: &[String]) {
        let Some(namesakes) = self.by_name.get_mut(&name_key(name)) else { return };
        let digits = phones.iter().map(|p| phone_digits(p)).collect();
        match namesakes.iter_mut().find(|(theirs, _)| *theirs == id) {
            Some((_, held)) => *held = digits,
            None => {
                namesakes.push((id, digits));
                self.held += 1;
            }
        }
    }
}
