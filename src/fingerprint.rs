//! One 64-bit fingerprint for "has this changed?" checks (cached articles, rendered pages,
//! written files, the site template). Not cryptographic, not stored across runs.

use std::hash::{Hash, Hasher};

/// Fingerprint of any hashable value.
pub fn fingerprint<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}
