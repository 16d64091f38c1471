//! Posting lists of the term index: holders sorted by (day, index) as plain integers.

use super::index::UNDATED;

/// A posting entry: the holder's day (biased, undated last) in the high half and its
/// index in the low half, so that entries sort by (day, index) as plain integers and a
/// date window is a binary search within one list, not a lookup per step.
pub(crate) type Entry = u64;

/// The entry of article `i` on day key `dk`.
pub(crate) fn entry(dk: i64, i: u32) -> Entry {
    let day = if dk == UNDATED {
        u32::MAX
    } else {
        (dk + (1 << 31)).clamp(0, i64::from(u32::MAX) - 1) as u32
    };
    (u64::from(day) << 32) | u64::from(i)
}

/// The article of an entry.
pub(crate) fn holder(e: Entry) -> u32 {
    (e & 0xffff_ffff) as u32
}

/// Articles holding a term, sorted; no allocation for one holder.
#[derive(Debug, Clone, Default)]
pub(crate) enum Posting {
    #[default]
    Empty,
    One(Entry),
    Many(Vec<Entry>),
}

impl Posting {
    /// The entries.
    pub(crate) fn as_slice(&self) -> &[Entry] {
        match self {
            Posting::Empty => &[],
            Posting::One(x) => std::slice::from_ref(x),
            Posting::Many(v) => v,
        }
    }

    /// Appends (the caller keeps the order); `expected` sizes the list when it first
    /// needs one (the term's df, in a build).
    pub(crate) fn push(&mut self, x: Entry, expected: usize) {
        match self {
            Posting::Empty => *self = Posting::One(x),
            Posting::One(y) => {
                let mut v = Vec::with_capacity(expected.max(2));
                v.extend([*y, x]);
                *self = Posting::Many(v);
            }
            Posting::Many(v) => v.push(x),
        }
    }

    /// Inserts at its place.
    pub(crate) fn insert(&mut self, x: Entry) {
        let at = self.as_slice().partition_point(|&y| y < x);
        let mut v = std::mem::take(self).into_vec();
        v.insert(at, x);
        *self = Posting::from_vec(v);
    }

    /// Removes the entry of article `i` if present.
    pub(crate) fn remove(&mut self, i: u32) {
        let mut v = std::mem::take(self).into_vec();
        v.retain(|&y| holder(y) != i);
        *self = Posting::from_vec(v);
    }

    fn into_vec(self) -> Vec<Entry> {
        match self {
            Posting::Empty => Vec::new(),
            Posting::One(x) => vec![x],
            Posting::Many(v) => v,
        }
    }

    fn from_vec(v: Vec<Entry>) -> Self {
        match v.len() {
            0 => Posting::Empty,
            1 => Posting::One(v[0]),
            _ => Posting::Many(v),
        }
    }
}
