//! A person in one line, for `review`: what they do, how you met, the last time you
//! were in touch and what was said, and where the favours stand.

use crate::error::Result;
use crate::model::{Contact, Direction, Interaction};
use crate::store::Db;

use super::ContactRecords;

/// What `review` says of the person an item concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Briefing {
    pub contact: Contact,
    /// The latest interaction, if any (the latest id of the latest date).
    pub last: Option<Interaction>,
    /// The latest interaction that has a note, when it is not `last`.
    pub last_note: Option<Interaction>,
    /// Favours they did you, and favours you did them.
    pub favors_received: usize,
    pub favors_given: usize,
}

/// The briefing on the contact `id`.
pub fn briefing(db: &Db, id: i64) -> Result<Briefing> {
    let records = ContactRecords::load(db, id)?;
    // Oldest first: the last is the latest.
    let last = records.interactions.last().cloned();
    let last_note = records
        .interactions
        .iter()
        .rev()
        .find(|i| i.note.is_some())
        .filter(|noted| last.as_ref().is_none_or(|last| last.id != noted.id))
        .cloned();
    let count = |direction| records.favors.iter().filter(|f| f.direction == direction).count();
    Ok(Briefing {
        favors_received: count(Direction::Received),
        favors_given: count(Direction::Gave),
        contact: records.contact,
        last,
        last_note,
    })
}
