//! Sync with the folders vdirsyncer syncs with a CardDAV and CalDAV server (and so with
//! phones): the contacts as vCards ([`contacts`]), the follow-ups as tasks ([`tasks`]),
//! and the folders and lock both work under ([`folders`]). Works on `&Db` and values
//! (today is passed in) and returns data: never prints, reads the clock, or takes a
//! command's `Context`; the follow-ups of what it changes are the caller's to recompute.

mod card;
pub mod contacts;
mod fields;
pub mod folders;
mod forget;
mod owners;
mod plan;
pub mod tasks;

pub use forget::forget_old_values;
