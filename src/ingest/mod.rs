//! Contacts coming in: the one matcher that turns a [`Card`](crate::formats::Card)
//! into a new or updated contact ([`Matcher`], by the card rules of [`card`]), used by
//! `import`, and by `sync` for the cards it reads for the first time; the restore of a
//! JSON backup ([`restore()`]); and the warnings gathered while a file is read
//! ([`Warnings`]). Works on `&Db` and values and returns data: never prints, reads the
//! clock or the environment, or names a table; the follow-ups of what it stores are
//! the caller's to compute.

pub mod card;
mod matched;
mod matcher;
mod namesakes;
pub mod restore;
mod seen;
mod warnings;

pub use card::{Checked, NewContacts, check};
pub use matcher::{ADDED_NAMED, Matcher, NAMESAKES_NAMED, Options, Report, Stored};
pub use restore::{Restored, restore};
pub use warnings::Warnings;
