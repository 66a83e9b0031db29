//! vCard: reads 2.1, 3.0 and 4.0 address books into [`Card`](super::Card)s
//! (`read`), writes netcrm's contacts as 3.0 or 4.0 cards ([`write()`]), and rewrites a
//! synced card with a contact's values, keeping what netcrm does not manage
//! ([`rewrite()`]). Pure: bytes in, values out; text out; no database, clock or
//! terminal.

mod read;
mod rewrite;
mod write;

pub use read::{Cards, parse};
pub use rewrite::rewrite;
pub use write::{write, write_card};

/// The vCard version [`write()`] produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VcardVersion {
    /// RFC 2426.
    V3,
    /// RFC 6350.
    V4,
}

#[cfg(test)]
mod tests;
