//! One 64-bit fingerprint for "has this changed?" checks (cached articles, rendered pages,
//! written files, the site template). Not cryptographic, not stored across runs.

use std::hash::{Hash, Hasher};

/// Fingerprint of any hashable value. Streamed xxh3, not the std hasher: `serve` keys
/// every page by its inputs on each rebuild, and SipHash over those took a tenth of a
/// seed edit's time at 10,000 articles.
pub fn fingerprint<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut h = xxhash_rust::xxh3::Xxh3Default::new();
    value.hash(&mut h);
    h.finish()
}

/// Fingerprint of bytes, for "did this input change?" on whole files and records: xxh3
/// reads about ten times as fast as the std hasher, and `serve` hashes every record of
/// an export on each change to it.
pub fn fingerprint_bytes(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}
