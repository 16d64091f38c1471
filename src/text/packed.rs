//! Short words packed into one integer, and the hasher for the sets and maps keyed by
//! them: a lookup of a word of up to 16 bytes then hashes and compares once. Used by the
//! cleaner's function-word lists and by the search index's term tables.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// The bytes of a word of up to 16 bytes as one integer; `None` when it is longer. No
/// word holds a zero byte, so the padding is unambiguous.
pub fn pack(word: &str) -> Option<u128> {
    let bytes = word.as_bytes();
    let mut buf = [0u8; 16];
    buf.get_mut(..bytes.len())?.copy_from_slice(bytes);
    Some(u128::from_le_bytes(buf))
}

/// A hash for packed words (one multiply: their bits are already spread) and for
/// strings, eight bytes a step (the shared `FastHasher` takes a byte a step).
#[derive(Default, Clone, Copy)]
pub struct WordHasher(u64);

impl Hasher for WordHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(c);
            self.mix(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.mix(u64::from_le_bytes(word));
        }
    }
    fn write_u8(&mut self, x: u8) {
        self.mix(u64::from(x));
    }
    fn write_u128(&mut self, x: u128) {
        self.mix(x as u64);
        self.mix((x >> 64) as u64);
    }
    fn write_usize(&mut self, x: usize) {
        self.mix(x as u64);
    }
}

impl WordHasher {
    fn mix(&mut self, x: u64) {
        self.0 = (self.0.rotate_left(5) ^ x).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

/// A map keyed by words, with [`WordHasher`].
pub type WordMap<K, V> = HashMap<K, V, BuildHasherDefault<WordHasher>>;
/// A set of packed words (see [`pack`]).
pub type WordSet = HashSet<u128, BuildHasherDefault<WordHasher>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_of_up_to_sixteen_bytes_pack_and_longer_ones_do_not() {
        assert_eq!(pack("ab"), Some(u128::from(b'a') | u128::from(b'b') << 8));
        assert!(pack("sixteen-bytes-ok").is_some());
        assert_eq!(pack("seventeen-bytes-x"), None);
        let set: WordSet = ["der", "die", "das"]
            .iter()
            .filter_map(|w| pack(w))
            .collect();
        assert!(set.contains(&pack("die").unwrap()));
        assert!(!set.contains(&pack("dies").unwrap()));
    }
}
