//! The follow-up lifecycle, between the commands and the store and scheduler: loading
//! a contact's records and running the scheduler over them, keeping the stored
//! follow-ups equal to what it gives, and finding an open follow-up by its key.
//! Functions here take a `&Db` and values (today is passed in) and return data: they
//! never read the clock, print, or take a command's `Context`.

mod records;

pub use records::*;
