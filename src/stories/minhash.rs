//! Near-identical copies: MinHash over word shingles, with LSH banding for candidates.
//!
//! One-permutation MinHash (Li, Owen and Zhang 2012): every shingle is hashed once and
//! lands in one of [`BINS`] bins by its top bits; a bin keeps its smallest value. Empty
//! bins borrow from the next full bin ("rotation" densification, Shrivastava and Li 2014),
//! so short texts still get a full signature. Cost: one hash per shingle, not one per
//! shingle and permutation.
//!
//! LSH: the signature is cut into [`BANDS`] bands of [`ROWS`] values; two texts become a
//! candidate pair when any band is identical. With 42 bands of 3 rows a pair with
//! Jaccard J is found with probability 1 − (1 − J³)⁴²: 0.999 at 0.6, 0.99 at 0.5, 0.94 at
//! the copy threshold 0.4, 0.29 at 0.2 and 0.005 at 0.05. A candidate is then judged by
//! its signature estimate (128 bins: standard error ≤ 0.045), so no text is read twice.

use crate::terms::mix;

/// Words per shingle: long enough that two reports of one event in their own words share
/// almost none, short enough that one edited word spoils only five shingles.
pub const SHINGLE: usize = 5;
/// Signature length.
pub const BINS: usize = 128;
/// LSH bands (the last two bins are used for estimates only).
pub const BANDS: usize = 42;
/// Signature values per band.
pub const ROWS: usize = 3;
/// Texts with fewer shingles get no signature: their Jaccard is too coarse to trust.
pub const MIN_SHINGLES: usize = 20;

/// A text's MinHash signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature(pub(crate) [u32; BINS]);

/// Sorted, de-duplicated shingle hashes of a sequence of word hashes.
pub fn shingles(words: &[u64]) -> Vec<u64> {
    let mut out: Vec<u64> = words
        .windows(SHINGLE)
        .map(|w| {
            w.iter().fold(
                0x9e37_79b9_7f4a_7c15_u64,
                |h, &x| mix(h.rotate_left(17) ^ x),
            )
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The signature of a text's shingles, or `None` below [`MIN_SHINGLES`].
pub fn signature(shingles: &[u64]) -> Option<Signature> {
    if shingles.len() < MIN_SHINGLES {
        return None;
    }
    let mut bins = [u32::MAX; BINS];
    let mut filled = [false; BINS];
    for &h in shingles {
        let bin = (h >> 57) as usize;
        let value = (h & 0xffff_ffff) as u32;
        if value <= bins[bin] {
            bins[bin] = value;
            filled[bin] = true;
        }
    }
    let source = bins;
    for i in 0..BINS {
        if filled[i] {
            continue;
        }
        // Borrow from the next filled bin; the distance keeps borrowed values distinct.
        if let Some(d) = (1..BINS).find(|d| filled[(i + d) % BINS]) {
            let v = source[(i + d) % BINS];
            bins[i] =
                (mix(u64::from(v) ^ (d as u64).wrapping_mul(0x9e37_79b9)) & 0xffff_ffff) as u32;
        }
    }
    Some(Signature(bins))
}

impl Signature {
    /// Share of equal bins: an estimate of the Jaccard similarity of the shingle sets.
    pub fn estimate(&self, other: &Signature) -> f64 {
        let same = self.0.iter().zip(&other.0).filter(|(a, b)| a == b).count();
        same as f64 / BINS as f64
    }

    /// One key per band; equal keys in the same band make a candidate pair.
    pub fn band_keys(&self) -> [u64; BANDS] {
        let mut keys = [0u64; BANDS];
        for (b, key) in keys.iter_mut().enumerate() {
            let rows = &self.0[b * ROWS..(b + 1) * ROWS];
            *key = rows
                .iter()
                .fold(b as u64, |h, &v| mix(h.rotate_left(21) ^ u64::from(v)));
        }
        keys
    }
}

/// Exact Jaccard similarity of two sorted, de-duplicated hash sets.
pub fn jaccard(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut both) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                both += 1;
                i += 1;
                j += 1;
            }
        }
    }
    both as f64 / (a.len() + b.len() - both) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(n: usize, seed: u64) -> Vec<u64> {
        (0..n as u64)
            .map(|i| mix(i ^ seed.rotate_left(40)))
            .collect()
    }

    #[test]
    fn identical_texts_share_every_bin_and_band() {
        let s = shingles(&words(200, 1));
        let a = signature(&s).unwrap();
        assert_eq!(a.estimate(&a.clone()), 1.0);
        assert_eq!(a.band_keys(), signature(&s).unwrap().band_keys());
    }

    #[test]
    fn estimate_tracks_exact_jaccard() {
        let base = words(400, 2);
        let mut edited = base.clone();
        // Every 40th word replaced: about 12% of shingles change.
        for w in edited.iter_mut().step_by(40) {
            *w = mix(*w ^ 7);
        }
        let (sa, sb) = (shingles(&base), shingles(&edited));
        let exact = jaccard(&sa, &sb);
        let est = signature(&sa).unwrap().estimate(&signature(&sb).unwrap());
        assert!(exact > 0.6 && exact < 0.9, "{exact}");
        assert!((est - exact).abs() < 0.2, "estimate {est} vs exact {exact}");
        let other = shingles(&words(400, 3));
        assert!(
            signature(&sa)
                .unwrap()
                .estimate(&signature(&other).unwrap())
                < 0.1
        );
    }

    #[test]
    fn short_texts_get_no_signature() {
        assert!(signature(&shingles(&words(MIN_SHINGLES + SHINGLE - 2, 4))).is_none());
        assert!(signature(&shingles(&words(MIN_SHINGLES + SHINGLE - 1, 4))).is_some());
    }
}
