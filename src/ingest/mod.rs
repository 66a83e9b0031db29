//! Contacts coming in: the one matcher that turns a [`Card`](crate::formats::Card)
//! into a new or updated contact (used by `import`, and by `sync` for new cards), the
//! restore of a JSON backup, and the warnings gathered while a file is read. Works on
//! `&Db` and values and returns data: never prints, reads the clock or the
//! environment, and names no table.

pub(crate) mod matched;
pub(crate) mod namesakes;
pub(crate) mod seen;
