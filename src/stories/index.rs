//! The term index behind rewrite detection: term ids, document frequencies, quantised
//! IDF, posting lists ordered by day, each article's norm and its top terms, kept up to
//! date one article at a time so that an edit touches only what it changes.
//!
//! IDF is `ln(1 + N / df)` rounded to [`IDF_STEP`]: an edit moves the df of the terms it
//! adds or removes by one, which changes the rounded IDF of a term in `df` articles only
//! with probability about `1 / (df × IDF_STEP)`, so about `1 / IDF_STEP` articles per
//! changed term need new weights, however common the term. Unrounded, every article
//! sharing any word with the edit would.

use rayon::prelude::*;

use super::features::{Features, TermKind};
use super::posting::{Entry, Posting, entry, holder};
use super::rewrite::{TOP_TERMS, WINDOW_CAP, WINDOW_DAYS};
use crate::terms::FastMap;

/// Rounding step of IDF (1/16 nat: under 3% of any IDF of a shared term).
pub const IDF_STEP: f32 = 1.0 / 16.0;

/// Day key of an undated article: sorts after every date.
pub(crate) const UNDATED: i64 = i64::MAX;

/// What a pair of articles shares.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct PairStats {
    /// Cosine of the IDF-weighted vectors.
    pub cosine: f64,
    /// Shared words and numbers (name bigrams excluded: their words count already).
    pub shared: usize,
}

/// The term index of a set of articles.
#[derive(Debug, Clone, Default)]
pub(crate) struct TermIndex {
    /// Articles counted in df (every input).
    n: usize,
    dict: FastMap<u64, u32>,
    df: Vec<u32>,
    idf: Vec<f32>,
    /// Per term: grouped (automatic) articles holding it.
    holders: Vec<Posting>,
    /// Per term: grouped articles having it among their top terms.
    tops: Vec<Posting>,
    /// Per article: term ids aligned with `Features::terms`.
    pub ids: Vec<Vec<u32>>,
    /// Per article: its terms that another article has too, IDF-weighted.
    vectors: Vec<Shared>,
    /// Per article: norm over the terms in two or more articles.
    pub norms: Vec<f32>,
    /// Per article: its top terms (empty when it is not grouped automatically).
    pub top: Vec<Vec<u32>>,
    /// Per article: day number, [`UNDATED`] when unknown.
    pub dk: Vec<i64>,
    /// Per article: whether it is grouped automatically (no `story` override).
    pub auto: Vec<bool>,
}

/// The terms of an article that some other article has too (the only ones a pair can
/// share or the norm counts), in hash order, as separate arrays so that the pair walk
/// reads 8 bytes a step. A name bigram's weight is stored negated: the sign is its kind.
#[derive(Debug, Clone, Default)]
struct Shared {
    hashes: Vec<u64>,
    ids: Vec<u32>,
    weights: Vec<f32>,
}

/// IDF of a term in `df` of `n` articles, rounded to [`IDF_STEP`].
fn idf(n: usize, df: u32) -> f32 {
    let raw = (1.0 + n as f32 / df.max(1) as f32).ln();
    (raw / IDF_STEP).round() * IDF_STEP
}

impl TermIndex {
    /// Indexes every article; `auto[i]` says whether article i is grouped automatically.
    pub fn new(features: &[Features], dk: Vec<i64>, auto: Vec<bool>) -> Self {
        let n = features.len();
        let mut index = TermIndex {
            n,
            dk,
            auto,
            ..TermIndex::default()
        };
        index.dict.reserve(n * 32);
        let ids: Vec<Vec<u32>> = features.iter().map(|f| index.intern(f)).collect();
        for v in &ids {
            for &t in v {
                index.df[t as usize] += 1;
            }
        }
        index.ids = ids;
        index.idf = index.df.iter().map(|&d| idf(n, d)).collect();
        // Weighing and top terms read the finished dictionary, article by article.
        (index.vectors, index.norms) = (0..n)
            .into_par_iter()
            .map(|i| index.weigh(features, i))
            .unzip();
        for i in index.day_order() {
            let e = entry(index.dk[i as usize], i);
            for &t in &index.ids[i as usize] {
                index.holders[t as usize].push(e, index.df[t as usize] as usize);
            }
        }
        let common = index.usable_common();
        let usable = |t: u32, i: usize| {
            index.df[t as usize] >= 2
                && (index.df[t as usize] as usize <= WINDOW_CAP
                    || common[i].binary_search(&t).is_ok())
        };
        index.top = (0..n)
            .into_par_iter()
            .map(|i| index.select_top(i, usable))
            .collect();
        for i in index.day_order() {
            let e = entry(index.dk[i as usize], i);
            for &t in &index.top[i as usize] {
                index.tops[t as usize].push(e, 2);
            }
        }
        index
    }

    /// Grouped articles in posting order.
    fn day_order(&self) -> Vec<u32> {
        let mut order: Vec<u32> = (0..self.n as u32)
            .filter(|&i| self.auto[i as usize])
            .collect();
        order.sort_unstable_by_key(|&i| (self.dk[i as usize], i));
        order
    }

    /// Term ids of an article's terms, new terms added to the dictionary.
    fn intern(&mut self, f: &Features) -> Vec<u32> {
        f.terms
            .iter()
            .map(|t| {
                let next = self.df.len() as u32;
                let id = *self.dict.entry(t.hash).or_insert(next);
                if id == next {
                    self.df.push(0);
                    self.idf.push(0.0);
                    self.holders.push(Posting::Empty);
                    self.tops.push(Posting::Empty);
                }
                id
            })
            .collect()
    }

    /// Weight of a term of article `i`, by hash (0 when absent or in no other article).
    pub fn weight(&self, i: usize, hash: u64) -> f32 {
        let v = &self.vectors[i];
        v.hashes
            .binary_search(&hash)
            .map_or(0.0, |k| v.weights[k].abs())
    }

    /// The shared terms of article `i` weighted, and their norm.
    fn weigh(&self, features: &[Features], i: usize) -> (Shared, f32) {
        let mut sum = 0.0f32;
        let cap = features[i].terms.len();
        let mut v = Shared {
            hashes: Vec::with_capacity(cap),
            ids: Vec::with_capacity(cap),
            weights: Vec::with_capacity(cap),
        };
        for (t, &id) in features[i].terms.iter().zip(&self.ids[i]) {
            if self.df[id as usize] < 2 {
                continue;
            }
            let w = t.weight * self.idf[id as usize];
            sum += w * w;
            v.hashes.push(t.hash);
            v.ids.push(id);
            v.weights
                .push(if t.kind == TermKind::Entity { -w } else { w });
        }
        (v, sum.sqrt())
    }

    /// Cosine and shared evidence of two articles, in one walk over both term lists
    /// (without branches on the comparison: the walk is the hot loop of grouping).
    pub fn pair(&self, a: usize, b: usize) -> PairStats {
        let (va, vb) = (&self.vectors[a], &self.vectors[b]);
        let (ha, hb) = (&va.hashes, &vb.hashes);
        let (mut i, mut j, mut dot, mut shared) = (0, 0, 0.0f32, 0);
        while i < ha.len() && j < hb.len() {
            let (x, y) = (ha[i], hb[j]);
            if x == y {
                let w = va.weights[i];
                dot += w.abs() * vb.weights[j].abs();
                shared += usize::from(w > 0.0);
            }
            i += usize::from(x <= y);
            j += usize::from(y <= x);
        }
        let (na, nb) = (self.norms[a], self.norms[b]);
        let cosine = if na == 0.0 || nb == 0.0 {
            0.0
        } else {
            f64::from(dot) / (f64::from(na) * f64::from(nb))
        };
        PairStats { cosine, shared }
    }

    /// Index range of the entries of `list` within the date window of day key `d`
    /// (every entry for an undated article), and the start of the undated tail.
    fn window(list: &[Entry], d: i64) -> (usize, usize, usize) {
        let tail = list.partition_point(|&e| e < entry(UNDATED, 0));
        if d == UNDATED {
            return (0, tail, tail);
        }
        let start = list[..tail].partition_point(|&e| e < entry(d - WINDOW_DAYS, 0));
        let end = list[..tail].partition_point(|&e| e <= entry(d + WINDOW_DAYS, u32::MAX));
        (start, end, tail)
    }

    /// The articles of `list` within the date window of day key `d`.
    fn in_window(list: &[Entry], d: i64) -> impl Iterator<Item = u32> + '_ {
        let (start, end, tail) = Self::window(list, d);
        list[start..end]
            .iter()
            .chain(&list[tail..])
            .map(|&e| holder(e))
    }

    /// Grouped articles holding term `t` within the date window of article `i`.
    fn window_count(&self, t: u32, i: usize) -> usize {
        let list = self.holders[t as usize].as_slice();
        let (start, end, tail) = Self::window(list, self.dk[i]);
        end - start + list.len() - tail
    }

    /// Whether term `t` can find candidates for article `i`: another article has it, and
    /// no more than [`WINDOW_CAP`] reports around the article's date do.
    fn usable(&self, t: u32, i: usize) -> bool {
        self.df[t as usize] >= 2
            && (self.df[t as usize] as usize <= WINDOW_CAP || self.window_count(t, i) <= WINDOW_CAP)
    }

    /// The article's [`TOP_TERMS`] heaviest usable terms (ties by hash).
    fn select_top(&self, i: usize, usable: impl Fn(u32, usize) -> bool) -> Vec<u32> {
        if !self.auto[i] {
            return Vec::new();
        }
        let v = &self.vectors[i];
        let mut weighted: Vec<(f32, u64, u32)> = (0..v.ids.len())
            .filter(|&k| usable(v.ids[k], i))
            .map(|k| (v.weights[k].abs(), v.hashes[k], v.ids[k]))
            .collect();
        let heavier =
            |x: &(f32, u64, u32), y: &(f32, u64, u32)| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1));
        // Selection, not a sort of every term: linear in the article's terms.
        if weighted.len() > TOP_TERMS {
            weighted.select_nth_unstable_by(TOP_TERMS - 1, heavier);
            weighted.truncate(TOP_TERMS);
        }
        weighted.sort_unstable_by(heavier);
        weighted.into_iter().map(|w| w.2).collect()
    }

    /// For every article, the terms in more than [`WINDOW_CAP`] articles that are
    /// still usable for it, its window being quiet (sorted): one sweep over each such
    /// term's day-sorted holders, instead of a search per article and term.
    fn usable_common(&self) -> Vec<Vec<u32>> {
        let mut out = vec![Vec::new(); self.n];
        for (t, posting) in self.holders.iter().enumerate() {
            let list = posting.as_slice();
            if self.df[t] as usize <= WINDOW_CAP {
                continue;
            }
            let tail = list.partition_point(|&e| e < entry(UNDATED, 0));
            let undated = list.len() - tail;
            let (mut lo, mut hi) = (0, 0);
            for (k, &e) in list.iter().enumerate() {
                let count = if k >= tail {
                    list.len()
                } else {
                    let d = self.dk[holder(e) as usize];
                    while list[lo] < entry(d - WINDOW_DAYS, 0) {
                        lo += 1;
                    }
                    while hi < tail && list[hi] <= entry(d + WINDOW_DAYS, u32::MAX) {
                        hi += 1;
                    }
                    hi - lo + undated
                };
                if count <= WINDOW_CAP {
                    out[holder(e) as usize].push(t as u32);
                }
            }
        }
        out
    }

    /// Every index hit of article `i`, once per top term of it that the other holds
    /// within the window, as the pair `(a << 32) | b`, a < b (one integer sorts faster
    /// than a tuple); a pair's count over all articles is its number of hits.
    pub fn hits(&self, i: usize, out: &mut Vec<u64>) {
        let me = i as u64;
        for &t in &self.top[i] {
            for q in Self::in_window(self.holders[t as usize].as_slice(), self.dk[i]) {
                let q = u64::from(q);
                if q != me {
                    out.push((q.min(me) << 32) | q.max(me));
                }
            }
        }
    }

    /// Hit counts of every pair of article `i` (the same counts as [`TermIndex::hits`]
    /// over all articles gives): its top terms that the other holds, and the other's top
    /// terms that it holds.
    pub fn hit_counts(&self, i: usize) -> FastMap<u32, u32> {
        let mut counts: FastMap<u32, u32> = FastMap::default();
        if !self.auto[i] {
            return counts;
        }
        let d = self.dk[i];
        for &t in &self.top[i] {
            for q in Self::in_window(self.holders[t as usize].as_slice(), d) {
                *counts.entry(q).or_insert(0) += 1;
            }
        }
        // Only terms another article has can be its top terms.
        for &t in &self.vectors[i].ids {
            for q in Self::in_window(self.tops[t as usize].as_slice(), d) {
                *counts.entry(q).or_insert(0) += 1;
            }
        }
        counts.remove(&(i as u32));
        counts
    }

    /// Removes article `i` (before its features change); returns its old term ids.
    pub fn remove(&mut self, i: usize) -> Vec<u32> {
        let ids = std::mem::take(&mut self.ids[i]);
        for &t in &ids {
            self.df[t as usize] -= 1;
            if self.auto[i] {
                self.holders[t as usize].remove(i as u32);
            }
        }
        for t in std::mem::take(&mut self.top[i]) {
            self.tops[t as usize].remove(i as u32);
        }
        ids
    }

    /// Adds article `i` with its new features, day key and grouping flag; returns its
    /// term ids.
    pub fn insert(&mut self, f: &Features, i: usize, dk: i64, auto: bool) -> Vec<u32> {
        let ids = self.intern(f);
        (self.dk[i], self.auto[i]) = (dk, auto);
        for &t in &ids {
            self.df[t as usize] += 1;
            if auto {
                self.holders[t as usize].insert(entry(dk, i as u32));
            }
        }
        self.ids[i] = ids.clone();
        ids
    }

    /// Re-rounds the IDF of terms whose df changed; returns those whose IDF or
    /// shared-by-two status moved.
    pub fn reweigh(&mut self, terms: &[u32], before: &FastMap<u32, u32>) -> Vec<u32> {
        let mut moved = Vec::new();
        for &t in terms {
            let new = idf(self.n, self.df[t as usize]);
            let old_df = before.get(&t).copied().unwrap_or(0);
            if new != self.idf[t as usize] || (old_df >= 2) != (self.df[t as usize] >= 2) {
                moved.push(t);
            }
            self.idf[t as usize] = new;
        }
        moved
    }

    /// Df of a term id.
    pub fn df(&self, t: u32) -> u32 {
        self.df[t as usize]
    }

    /// Grouped holders of a term id.
    pub fn holders(&self, t: u32) -> impl Iterator<Item = u32> + '_ {
        self.holders[t as usize]
            .as_slice()
            .iter()
            .map(|&e| holder(e))
    }

    /// Holders of term `t` whose window holds day key `d` (all of them when undated):
    /// the window relation is symmetric.
    pub fn holders_near(&self, t: u32, d: i64) -> Vec<u32> {
        let list = self.holders[t as usize].as_slice();
        if d == UNDATED {
            return list.iter().map(|&e| holder(e)).collect();
        }
        Self::in_window(list, d).collect()
    }

    /// Whether the usability of term `t` for article `i` may have flipped when up to
    /// `moved` holders entered or left its window: its count is that close to the cap.
    pub fn at_cap_edge(&self, t: u32, i: usize, moved: usize) -> bool {
        let c = self.window_count(t, i);
        c + moved > WINDOW_CAP && c <= WINDOW_CAP + moved
    }

    /// Recomputes the weights and norm of article `i`.
    pub fn reweigh_article(&mut self, features: &[Features], i: usize) {
        (self.vectors[i], self.norms[i]) = self.weigh(features, i);
    }

    /// Recomputes the top terms of article `i`; returns whether they changed.
    pub fn retop(&mut self, i: usize) -> bool {
        let new = self.select_top(i, |t, i| self.usable(t, i));
        if new == self.top[i] {
            return false;
        }
        for &t in &self.top[i] {
            self.tops[t as usize].remove(i as u32);
        }
        let e = entry(self.dk[i], i as u32);
        for &t in &new {
            self.tops[t as usize].insert(e);
        }
        self.top[i] = new;
        true
    }
}
