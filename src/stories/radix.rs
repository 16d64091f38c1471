//! A one-pass bucket sort on a 64-bit key: grouping sorts a few hundred thousand LSH
//! bucket keys and index hits per build, where a comparison sort spent a fifth of the
//! time. The entries are scattered by the key's top bits (about log2 n of them) into
//! buckets of a handful, each then sorted stably: linear for the spread-out keys here.

/// Sorts `v` by `key`, stably.
pub(crate) fn sort_by_key<T: Copy>(v: &mut Vec<T>, key: impl Fn(&T) -> u64) {
    let n = v.len();
    if n < 256 {
        v.sort_by_key(|x| key(x));
        return;
    }
    let top = 64 - v.iter().fold(0u64, |a, x| a | key(x)).leading_zeros();
    let bits = (usize::BITS - n.leading_zeros()).clamp(8, 20);
    let shift = top.saturating_sub(bits);
    let mask = (1usize << bits) - 1;
    let digit = |x: &T| ((key(x) >> shift) as usize) & mask;
    let mut starts = vec![0usize; mask + 2];
    for x in v.iter() {
        starts[digit(x) + 1] += 1;
    }
    for d in 1..starts.len() {
        starts[d] += starts[d - 1];
    }
    let mut at = starts.clone();
    let mut out: Vec<T> = v.clone();
    for x in v.iter() {
        let d = digit(x);
        out[at[d]] = *x;
        at[d] += 1;
    }
    for w in starts.windows(2) {
        if w[1] - w[0] > 1 {
            out[w[0]..w[1]].sort_by_key(|x| key(x));
        }
    }
    *v = out;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::terms::mix;

    #[test]
    fn sorts_like_a_stable_sort() {
        let mut v: Vec<(u64, u32)> = (0..5_000u64).map(|i| (mix(i) % 1_000, i as u32)).collect();
        let mut want = v.clone();
        want.sort_by_key(|x| x.0);
        sort_by_key(&mut v, |x| x.0);
        assert_eq!(v, want);
        let mut w: Vec<u64> = (0..300u64).map(mix).collect();
        let mut sorted = w.clone();
        sorted.sort_unstable();
        sort_by_key(&mut w, |&x| x);
        assert_eq!(w, sorted);
    }
}
