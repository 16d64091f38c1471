//! Near-identical candidates: the LSH buckets of every grouped article's MinHash bands,
//! kept as one sorted array (built once, by sorting) with a small overlay of edits, so a
//! change re-reads only the buckets the edited article was or is in.
//!
//! A bucket of m articles in canonical order yields m − 1 pairs, not m² (each member
//! with its predecessor and with the first: copies of one wire story are copies of each
//! other); a bucket of more than [`MAX_BUCKET`] is a shared stock line and yields none.

use super::minhash::BANDS;
use crate::terms::{FastMap, FastSet, mix};

/// Articles one LSH bucket may hold and still pair them: a bigger bucket collects a
/// shingle run that many unrelated texts share (a standard closing line), and true
/// copies also meet in their other bands.
pub const MAX_BUCKET: usize = 64;

/// LSH buckets of the grouped articles.
#[derive(Debug, Clone, Default)]
pub(crate) struct Bands {
    /// (bucket key, article), sorted: the buckets as first built.
    base: Vec<(u64, u32)>,
    /// Entries of `base` no longer there.
    removed: FastSet<(u64, u32)>,
    /// How many of them each bucket lost, so a bucket's size is known without reading it.
    removed_from: FastMap<u64, usize>,
    /// Entries added since.
    added: FastMap<u64, Vec<u32>>,
    /// Per article: its bucket keys (empty without a signature or when not grouped).
    pub keys: Vec<Vec<u64>>,
}

/// Bucket keys of a signature's bands (the band number mixed in, so equal values in
/// different bands never meet).
pub(crate) fn bucket_keys(band_keys: &[u64; BANDS]) -> Vec<u64> {
    band_keys
        .iter()
        .enumerate()
        .map(|(band, &key)| mix(key ^ band as u64))
        .collect()
}

impl Bands {
    /// Buckets of every article from its keys.
    pub fn new(keys: Vec<Vec<u64>>) -> Self {
        let mut base: Vec<(u64, u32)> = keys
            .iter()
            .enumerate()
            .flat_map(|(i, k)| k.iter().map(move |&key| (key, i as u32)))
            .collect();
        // Entries come in article order, so a stable sort by key sorts by (key, article).
        super::radix::sort_by_key(&mut base, |e| e.0);
        Bands {
            base,
            keys,
            ..Bands::default()
        }
    }

    /// Members of one bucket (unordered); none when it holds more than [`MAX_BUCKET`],
    /// which yields no pairs. A stock line's bucket can hold thousands, and an edit in
    /// `serve` reads each of the edited article's buckets several times.
    pub fn bucket(&self, key: u64) -> Vec<u32> {
        let start = self.base.partition_point(|e| e.0 < key);
        let end = start + self.base[start..].partition_point(|e| e.0 == key);
        let more = self.added.get(&key).map_or(&[][..], Vec::as_slice);
        let lost = self.removed_from.get(&key).copied().unwrap_or(0);
        if (end - start).saturating_sub(lost) + more.len() > MAX_BUCKET {
            return Vec::new();
        }
        let mut out: Vec<u32> = self.base[start..end]
            .iter()
            .filter(|e| !self.removed.contains(e))
            .map(|e| e.1)
            .collect();
        out.extend(more);
        out
    }

    /// Every bucket of the first build with at least two members, as slices of articles.
    pub fn base_buckets(&self) -> impl Iterator<Item = Vec<u32>> + '_ {
        self.base
            .chunk_by(|x, y| x.0 == y.0)
            .filter(|b| (2..=MAX_BUCKET).contains(&b.len()))
            .map(|b| b.iter().map(|e| e.1).collect())
    }

    /// Takes article `i` out of its buckets.
    pub fn remove(&mut self, i: usize) {
        for key in std::mem::take(&mut self.keys[i]) {
            let entry = (key, i as u32);
            if self.base.binary_search(&entry).is_ok() && self.removed.insert(entry) {
                *self.removed_from.entry(key).or_insert(0) += 1;
            }
            if let Some(v) = self.added.get_mut(&key) {
                v.retain(|&x| x != i as u32);
            }
        }
    }

    /// Puts article `i` into the buckets of `keys`.
    pub fn insert(&mut self, i: usize, keys: Vec<u64>) {
        for &key in &keys {
            let entry = (key, i as u32);
            if self.removed.remove(&entry) {
                if let Some(n) = self.removed_from.get_mut(&key) {
                    *n = n.saturating_sub(1);
                }
            } else {
                self.added.entry(key).or_default().push(i as u32);
            }
        }
        self.keys[i] = keys;
    }
}

/// The pairs (a < b) one bucket yields, its members sorted canonically by `rank`.
pub(crate) fn bucket_pairs<K: Ord>(
    mut members: Vec<u32>,
    rank: impl Fn(u32) -> K,
    out: &mut Vec<(u32, u32)>,
) {
    if !(2..=MAX_BUCKET).contains(&members.len()) {
        return;
    }
    members.sort_by_key(|&m| rank(m));
    let first = members[0];
    for w in members.windows(2) {
        out.push((w[0].min(w[1]), w[0].max(w[1])));
        if w[0] != first {
            out.push((first.min(w[1]), first.max(w[1])));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_other_buckets_lose_leave_a_large_bucket_large() {
        let n = MAX_BUCKET + 6;
        let keys: Vec<Vec<u64>> = (0..2 * n)
            .map(|i| vec![if i < n { 7 } else { 8 }])
            .collect();
        let mut bands = Bands::new(keys);
        for i in n..n + 10 {
            bands.remove(i);
        }
        assert!(bands.bucket(7).is_empty(), "bucket 7 still holds {n}");
        assert_eq!(bands.bucket(8).len(), n - 10);
    }

    #[test]
    fn a_bucket_is_read_once_it_shrinks_to_a_pairable_size() {
        let n = MAX_BUCKET + 6;
        let mut bands = Bands::new(vec![vec![7, 9]; n]);
        assert!(
            bands.bucket(7).is_empty(),
            "a stock line's bucket pairs nothing"
        );
        // Six articles leave it (and stay in the other bucket): 64 remain, and it is read.
        for i in 0..6 {
            bands.remove(i);
            bands.insert(i, vec![9]);
        }
        let mut members = bands.bucket(7);
        members.sort_unstable();
        assert_eq!(members, (6..n as u32).collect::<Vec<_>>());
        // An article coming back makes it too big again.
        bands.remove(0);
        bands.insert(0, vec![7, 9]);
        assert!(bands.bucket(7).is_empty());
        assert!(bands.bucket(9).is_empty(), "the other bucket never shrank");
    }
}
