//! The follow-up lifecycle, between the commands and the store and scheduler: loading
//! a contact's records and running the scheduler over them, keeping the stored
//! follow-ups equal to what it gives, the agenda, and finding an open follow-up by its
//! key. Functions here take a `&Db` and values (today is passed in) and return data:
//! they never read the clock, print, or take a command's `Context`.

mod agenda;
mod keys;
mod records;
mod refresh;

pub use agenda::{Agenda, agenda, every_open, next_after};
pub use keys::{find_open, marks_owner};
pub use records::{ContactRecords, contact_with_summary, for_each_contact, load_contact, summary};
pub use refresh::{Alone, recomputed, refresh, refresh_stale};
