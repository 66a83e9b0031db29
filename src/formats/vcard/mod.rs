//! vCard: reads 2.1, 3.0 and 4.0 address books into [`Card`](super::Card)s
//! ([`read`]) and writes netcrm's contacts as 3.0 or 4.0 cards ([`write`]). Pure: bytes
//! in, values out; text out; no database, clock or terminal.

mod read;
mod write;

pub use read::{Cards, parse};
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
