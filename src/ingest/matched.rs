//! The contacts that were there before an import and that one of its cards matched,
//! so that a later card matching one of them is told as a row that repeats another.
//! A bit per id up to the highest id there was (12.5 KiB for 100,000 contacts, the
//! same whatever the file's size); a set for ids too sparse for that.

use std::collections::HashSet;

/// Ids up to this are kept as bits (at most 8 MiB of them).
const BITS_UP_TO: i64 = 1 << 26;

#[derive(Debug)]
pub enum Matched {
    Bits(Vec<u64>),
    Set(HashSet<i64>),
}

impl Default for Matched {
    fn default() -> Self {
        Matched::Bits(Vec::new())
    }
}

impl Matched {
    /// For contacts with ids from 1 to `highest`.
    pub fn up_to(highest: i64) -> Matched {
        if (0..=BITS_UP_TO).contains(&highest) {
            Matched::Bits(vec![0; (highest as usize / 64) + 1])
        } else {
            Matched::Set(HashSet::new())
        }
    }

    /// Remembers `id`; false when it was remembered before.
    pub fn insert(&mut self, id: i64) -> bool {
        match self {
            Matched::Bits(words) => {
                let Some(word) = usize::try_from(id).ok().and_then(|id| words.get_mut(id / 64)) else {
                    return true;
                };
                let bit = 1u64 << (id % 64);
                let new = *word & bit == 0;
                *word |= bit;
                new
            }
            Matched::Set(ids) => ids.insert(id),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_is_new_once_whether_kept_as_bits_or_in_a_set() {
        for mut matched in [Matched::up_to(1000), Matched::up_to(1 << 40)] {
            assert!(matched.insert(1));
            assert!(matched.insert(64));
            assert!(matched.insert(1000));
            assert!(!matched.insert(64));
            assert!(!matched.insert(1000));
            assert!(matched.insert(65));
        }
    }
}
