//! The keys an import matches contacts by (folded e-mails, LinkedIn URLs, names, and
//! names with companies), in
//! a Bloom filter of fixed size: a key it has not seen belongs to no contact, and the
//! database is not asked; a key it has seen probably does, and the database's indexes
//! say whose it is. Its memory is the same whatever the size of the network, where a
//! set of every key grew by about 100 bytes a contact.

use std::hash::BuildHasher;

use fastbloom::BloomFilter;
use foldhash::quality::FixedState;

/// What a key is the key of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Key {
    Email,
    LinkedIn,
    /// A name folded as `dupes` folds it (accents too).
    Name,
    /// A folded name with a folded company, of a contact with no LinkedIn URL.
    NameAtCompany,
}

/// 2^24 bits (2 MiB, of which the pages that keys fall in are touched) and 4 bits a
/// key: at 300,000 keys (100,000 contacts with an e-mail, a URL and a name) a key not
/// seen looks seen about once in 40,000 times, at 3,000,000 about once in 15; each
/// such costs one indexed lookup, never a wrong match. (2^25 bits and 6 a key were no
/// faster.)
const BITS: usize = 1 << 24;
const HASHES: u32 = 4;

pub struct Seen {
    filter: BloomFilter,
    hasher: FixedState,
}

impl Seen {
    pub fn new() -> Seen {
        Seen {
            filter: BloomFilter::with_num_bits(BITS).hashes(HASHES),
            hasher: FixedState::with_seed(0x6e65_7463_726d),
        }
    }

    /// Remembers `key` (already folded as it is compared).
    pub fn insert(&mut self, kind: Key, key: &str) {
        self.filter.insert_hash(self.hasher.hash_one((kind, key)));
    }

    /// Whether `key` may have been inserted: false means it certainly was not.
    pub fn may_contain(&self, kind: Key, key: &str) -> bool {
        self.filter.contains_hash(self.hasher.hash_one((kind, key)))
    }

    /// Remembers a key of two parts (a name and a company), without joining them.
    pub fn insert_pair(&mut self, kind: Key, first: &str, second: &str) {
        self.filter.insert_hash(self.hasher.hash_one((kind, first, second)));
    }

    /// Whether the key of two parts may have been inserted.
    pub fn may_contain_pair(&self, kind: Key, first: &str, second: &str) -> bool {
        self.filter.contains_hash(self.hasher.hash_one((kind, first, second)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_inserted_is_always_found_and_others_almost_never() {
        let mut seen = Seen::new();
        for i in 0..100_000 {
            seen.insert(Key::Email, &format!("p{i}@example.com"));
        }
        assert!((0..100_000).all(|i| seen.may_contain(Key::Email, &format!("p{i}@example.com"))));
        // The same text as another kind of key is another key.
        let false_positives = (0..100_000)
            .filter(|i| seen.may_contain(Key::Name, &format!("p{i}@example.com")))
            .chain((100_000..200_000).filter(|i| seen.may_contain(Key::Email, &format!("p{i}@example.com"))))
            .count();
        assert!(false_positives < 10, "{false_positives} false positives in 200,000");
    }
}
