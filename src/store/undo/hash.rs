//! The hashes undo compares rows with: `undo_row_hash` of one row, kept for each row
//! a step inserts, and `undo_checksum` over rows, kept for what a bulk write filled,
//! as SQL functions of the connection. Stable across builds and machines; for telling
//! that a row changed, never for adversaries (it is no cryptographic hash).

use rusqlite::Connection;
use rusqlite::functions::{Aggregate, FunctionFlags};
use rusqlite::types::ValueRef;

/// `undo_row_hash(column, ...)`: a hash of one row's values, kept for each row a
/// step inserts; `undo_checksum(column, ...)`, an aggregate: the sum (wrapping) of
/// that hash over rows, the same whatever order they are read in, kept for what a
/// bulk write filled. Undo compares them with the rows then.
pub(in crate::store) fn register_functions(conn: &Connection) -> rusqlite::Result<()> {
    let flags = FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC;
    conn.create_scalar_function("undo_row_hash", -1, flags, |ctx| Ok(RowHash::of(ctx) as i64))?;
    conn.create_aggregate_function("undo_checksum", -1, flags, Checksum)
}

/// The SQL of the checksum of these columns.
pub(super) fn checksum_sql(columns: &[String]) -> String {
    let quoted: Vec<String> = columns.iter().map(|c| format!("\"{c}\"")).collect();
    format!("undo_checksum({})", quoted.join(", "))
}

struct Checksum;

impl Aggregate<u64, i64> for Checksum {
    fn init(&self, _: &mut rusqlite::functions::Context<'_>) -> rusqlite::Result<u64> {
        Ok(0)
    }

    fn step(&self, ctx: &mut rusqlite::functions::Context<'_>, sum: &mut u64) -> rusqlite::Result<()> {
        *sum = sum.wrapping_add(RowHash::of(ctx));
        Ok(())
    }

    fn finalize(&self, _: &mut rusqlite::functions::Context<'_>, sum: Option<u64>) -> rusqlite::Result<i64> {
        Ok(sum.unwrap_or(0) as i64)
    }
}

/// A hash of one row's values, eight bytes at a time: stored, so the same on every
/// build and machine (std's hashers promise neither). Not for adversaries: for
/// telling that a row changed.
struct RowHash(u64);

impl Default for RowHash {
    /// Not zero, which a zero word would leave as it is.
    fn default() -> Self {
        RowHash(0x243F_6A88_85A3_08D3)
    }
}

impl RowHash {
    /// The hash of a function's arguments: one row's values.
    fn of(ctx: &rusqlite::functions::Context<'_>) -> u64 {
        let mut row = RowHash::default();
        for i in 0..ctx.len() {
            match ctx.get_raw(i) {
                ValueRef::Null => row.word(0),
                ValueRef::Integer(n) => {
                    row.word(1);
                    row.word(n as u64);
                }
                ValueRef::Real(x) => {
                    row.word(2);
                    row.word(x.to_bits());
                }
                ValueRef::Text(bytes) => row.bytes(3, bytes),
                ValueRef::Blob(bytes) => row.bytes(4, bytes),
            }
        }
        row.finish()
    }

    fn word(&mut self, word: u64) {
        self.0 = (self.0 ^ word).wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(29);
    }

    fn bytes(&mut self, tag: u64, bytes: &[u8]) {
        self.word(tag);
        self.word(bytes.len() as u64);
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0; 8];
            word.copy_from_slice(chunk);
            self.word(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.word(u64::from_le_bytes(word));
        }
    }

    /// MurmurHash3's finalizer: every bit of the state moves every bit of the hash.
    fn finish(self) -> u64 {
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checksum(conn: &Connection, sql: &str) -> i64 {
        conn.execute_batch(&format!("DELETE FROM t; {sql}")).unwrap();
        conn.query_row("SELECT undo_checksum(a, b) FROM t", [], |r| r.get(0)).unwrap()
    }

    #[test]
    fn the_checksum_of_rows_ignores_their_order_and_sees_any_change() {
        let conn = Connection::open_in_memory().unwrap();
        register_functions(&conn).unwrap();
        conn.execute_batch("CREATE TABLE t (a, b)").unwrap();
        let base = checksum(&conn, "INSERT INTO t VALUES (1, 'x'), (2, NULL), (3, 'yz')");
        assert_eq!(base, checksum(&conn, "INSERT INTO t VALUES (3, 'yz'), (1, 'x'), (2, NULL)"));
        for changed in [
            "INSERT INTO t VALUES (1, 'X'), (2, NULL), (3, 'yz')",
            "INSERT INTO t VALUES (1, 'x'), (2, ''), (3, 'yz')",
            "INSERT INTO t VALUES (1, 'x'), (2, 0), (3, 'yz')",
            "INSERT INTO t VALUES (1, 'x'), (2, NULL), (3, 'yz'), (3, 'yz')",
            "INSERT INTO t VALUES ('1', 'x'), (2, NULL), (3, 'yz')",
            "INSERT INTO t VALUES (1, 'yz'), (2, NULL), (3, 'x')",
            "INSERT INTO t VALUES (1, 'x'), (2, NULL), (3, 'yz________')",
        ] {
            assert_ne!(base, checksum(&conn, changed), "{changed}");
        }
    }
}
