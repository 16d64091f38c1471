//! Rewrites of one event: TF-IDF cosine over content words, capitalised-name bigrams and
//! numbers, for pairs found through an inverted index within a date window.
//!
//! Weights: a term's weight in an article is (1 + ln tf) × kind boost × idf, with
//! idf = ln(1 + N / df) over the articles being grouped. The vector norm counts only
//! terms found in at least two articles: a term no other article has cannot pair
//! anything, and leaving it out keeps a long report (or one in another language, which
//! shares names and numbers but few words) from being penalised for its unique detail.
//!
//! Candidates: each article offers its [`TOP_TERMS`] heaviest terms that occur in 2 to
//! [`posting_cap`] articles; the posting list of such a term is read only within the date
//! window. Terms in more articles than the cap ("president", "Seoul", "missile" in a big
//! corpus) pair nothing, which keeps the step linear; they still count in the cosine. A
//! pair becomes a candidate when it is hit at least [`MIN_HITS`] times.

use rayon::prelude::*;

use super::features::{Features, TermKind};
use crate::terms::FastMap;

/// Cosine a pair needs to count as the same event. Two reports of one event in their own
/// words share its names, places and figures; on the labelled set (tests/stories) such
/// pairs mostly score 0.35–0.8 while reports of other events with the same leaders stay
/// under 0.25, and 0.30 sits in that gap.
pub const THRESHOLD: f64 = 0.30;
/// Average cosine between two groups needed to merge them (the chaining guard).
pub const LINK_THRESHOLD: f64 = 0.20;
/// Most days between two dated reports of one event: a summit, a launch or a statement is
/// reported the same day or the next ones, while a follow-up a week later is a new story.
pub const WINDOW_DAYS: i64 = 3;
/// Similarity a pair loses when the days their leads name are one day apart (a report
/// of Wednesday's parade and one of Thursday's talks); time zones make genuine reports of
/// one event differ by a day too, so one day only costs, it does not forbid.
pub const DAY_PENALTY: f64 = 0.15;
/// Leads naming days this far apart report different events.
pub const DAY_VETO: i64 = 2;

/// Smallest distance between the days two leads name; `None` when either names none.
pub fn day_gap(a: &[i64], b: &[i64]) -> Option<i64> {
    a.iter()
        .flat_map(|x| b.iter().map(move |y| (x - y).abs()))
        .min()
}

/// A pair's cosine adjusted for the days its leads name: `None` when they are
/// [`DAY_VETO`] or more apart.
pub fn adjusted(cosine: f64, gap: Option<i64>) -> Option<f64> {
    match gap {
        Some(g) if g >= DAY_VETO => None,
        Some(1) => Some(cosine - DAY_PENALTY),
        _ => Some(cosine),
    }
}

/// Shared words and numbers a pair needs before its cosine counts: in a small corpus a
/// name shared by two short reports ("Lee Jae Myung": three words) can carry the whole
/// norm, and one shared name is not an event.
pub const MIN_SHARED: usize = 6;

/// Terms per article used to find candidates.
pub const TOP_TERMS: usize = 12;
/// Index hits a pair needs to be scored.
pub const MIN_HITS: usize = 2;

/// Articles a term may occur in and still find candidates: at least 16, or 2% of the
/// corpus; a term in more is too common to say which event a report is about.
pub fn posting_cap(n: usize) -> usize {
    (n / 50).max(16)
}

/// IDF-weighted term vectors of the articles being grouped.
pub(crate) struct Vectors {
    /// Per article: (term hash, weight, kind), sorted by hash.
    pub terms: Vec<Vec<(u64, f32, TermKind)>>,
    /// Per article: norm over terms in two or more articles.
    pub norms: Vec<f32>,
    /// Articles per term.
    pub df: FastMap<u64, u32>,
}

impl Vectors {
    /// Weighs every article's terms by their IDF over `features`.
    pub fn new(features: &[&Features]) -> Self {
        let mut df: FastMap<u64, u32> = FastMap::default();
        df.reserve(features.len() * 64);
        for f in features {
            for t in &f.terms {
                *df.entry(t.hash).or_insert(0) += 1;
            }
        }
        let n = features.len() as f32;
        let (terms, norms) = features
            .par_iter()
            .map(|f| {
                let mut norm = 0.0f32;
                let v: Vec<(u64, f32, TermKind)> = f
                    .terms
                    .iter()
                    .map(|t| {
                        let d = df.get(&t.hash).copied().unwrap_or(1);
                        let w = t.weight * (1.0 + n / d as f32).ln();
                        if d >= 2 {
                            norm += w * w;
                        }
                        (t.hash, w, t.kind)
                    })
                    .collect();
                (v, norm.sqrt())
            })
            .unzip();
        Vectors { terms, norms, df }
    }

    /// Cosine of two articles, normed over the terms they could share with any article.
    pub fn cosine(&self, a: usize, b: usize) -> f64 {
        let (na, nb) = (self.norms[a], self.norms[b]);
        if na == 0.0 || nb == 0.0 {
            return 0.0;
        }
        let dot = shared(&self.terms[a], &self.terms[b])
            .map(|(x, y)| f64::from(x.1) * f64::from(y.1))
            .sum::<f64>();
        dot / (f64::from(na) * f64::from(nb))
    }

    /// Shared words and numbers (not name bigrams, whose words already count) that
    /// some other article has too.
    pub fn shared_evidence(&self, a: usize, b: usize) -> usize {
        shared(&self.terms[a], &self.terms[b])
            .filter(|(x, _)| x.2 != TermKind::Entity)
            .count()
    }

    /// Articles a term occurs in.
    pub fn df(&self, hash: u64) -> u32 {
        self.df.get(&hash).copied().unwrap_or(0)
    }
}

/// Terms two sorted vectors share, as pairs of entries.
pub(crate) fn shared<'a, T: Copy>(
    a: &'a [(u64, f32, T)],
    b: &'a [(u64, f32, T)],
) -> impl Iterator<Item = ((u64, f32, T), (u64, f32, T))> + 'a {
    let (mut i, mut j) = (0, 0);
    std::iter::from_fn(move || {
        while i < a.len() && j < b.len() {
            match a[i].0.cmp(&b[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    let hit = (a[i], b[j]);
                    i += 1;
                    j += 1;
                    return Some(hit);
                }
            }
        }
        None
    })
}

/// Candidate pairs (a < b, positions in `order`) that share enough distinctive terms
/// within the date window. `day` is each article's day number, `None` when undated
/// (undated articles are compared with every article, but only through capped terms).
pub(crate) fn candidates(
    vectors: &Vectors,
    order: &[usize],
    day: &[Option<i64>],
) -> Vec<(usize, usize)> {
    let cap = posting_cap(order.len()) as u32;
    let usable = |h: u64| (2..=cap).contains(&vectors.df(h));
    // Posting lists hold positions in `order`, which is sorted by day (undated last).
    let mut postings: FastMap<u64, Vec<u32>> = FastMap::default();
    for (pos, &a) in order.iter().enumerate() {
        for t in &vectors.terms[a] {
            if usable(t.0) {
                postings.entry(t.0).or_default().push(pos as u32);
            }
        }
    }
    let days: Vec<Option<i64>> = order.iter().map(|&a| day[a]).collect();
    let dated = days.iter().take_while(|d| d.is_some()).count();
    let mut hits: Vec<(u32, u32)> = (0..order.len())
        .into_par_iter()
        .flat_map_iter(|pos| {
            let a = order[pos];
            let mut top: Vec<(u64, f32)> = vectors.terms[a]
                .iter()
                .filter(|t| usable(t.0))
                .map(|t| (t.0, t.1))
                .collect();
            // Heaviest first; equal weights by hash, so the choice is reproducible.
            top.sort_unstable_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
            top.truncate(TOP_TERMS);
            let mut out = Vec::new();
            for (h, _) in top {
                let list = &postings[&h];
                let range = window(list, &days, dated, days[pos]);
                for &q in list[range.0..range.1].iter().chain(&list[range.2..]) {
                    if q as usize != pos {
                        out.push((q.min(pos as u32), q.max(pos as u32)));
                    }
                }
            }
            out
        })
        .collect();
    hits.par_sort_unstable();
    let mut out = Vec::new();
    let mut i = 0;
    while i < hits.len() {
        let j = i + hits[i..].iter().take_while(|&&h| h == hits[i]).count();
        if j - i >= MIN_HITS {
            out.push((hits[i].0 as usize, hits[i].1 as usize));
        }
        i = j;
    }
    out
}

/// Index ranges of a posting list to read for an article on `day`: the dated entries
/// within the window (start..end), and the undated tail (from the third value on).
fn window(
    list: &[u32],
    days: &[Option<i64>],
    dated: usize,
    day: Option<i64>,
) -> (usize, usize, usize) {
    let tail = list.partition_point(|&q| (q as usize) < dated);
    let Some(d) = day else {
        return (0, tail, tail);
    };
    let start =
        list[..tail].partition_point(|&q| days[q as usize].is_some_and(|x| x < d - WINDOW_DAYS));
    let end =
        list[..tail].partition_point(|&q| days[q as usize].is_some_and(|x| x <= d + WINDOW_DAYS));
    (start, end, tail)
}
