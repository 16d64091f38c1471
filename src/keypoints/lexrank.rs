//! LexRank (Erkan and Radev 2004) over TF-IDF sentence vectors, biased towards newer
//! reports: a sentence is central when sentences of other reports say much the same.
//!
//! The graph links two sentences of different articles by their cosine when it reaches
//! [`EDGE_COSINE`] (sentences of one article do not vote for each other, so a long report
//! cannot make itself central). The random walk follows links with probability
//! [`DAMPING`] and otherwise jumps to a sentence in proportion to its prior (recency and
//! position), which is how newer reports get more weight (topic-sensitive PageRank).
//! Pairs are found through an inverted index whose very common terms are skipped.

use rayon::prelude::*;

use crate::terms::{self, FastMap, TokenKind};

/// Probability of following a link rather than jumping by the prior.
pub const DAMPING: f64 = 0.85;
/// Least cosine that links two sentences.
pub const EDGE_COSINE: f64 = 0.1;
/// Sentences a term may occur in and still link sentences (at least 20, or 5% of the
/// candidates): a term in more says nothing about which sentences agree, and skipping it
/// keeps the graph near-linear.
fn posting_cap(n: usize) -> usize {
    (n / 20).max(20)
}
/// Power-iteration stops after this many rounds or when the scores move less than 1e-7
/// in total (far below the gaps between chosen points).
const ROUNDS: usize = 100;

/// A sentence as a sparse unit vector: (term hash, weight), sorted by hash.
pub(crate) type Vector = Vec<(u64, f32)>;

/// Term counts of a sentence (content words and numbers, folded), sorted by hash.
pub(crate) fn terms_of(sentence: &str) -> Vec<(u64, f32)> {
    let mut buf = String::new();
    let mut out: Vec<(u64, f32)> = Vec::new();
    for t in terms::tokens(sentence) {
        terms::fold_into(t.text, &mut buf);
        let keep = match t.kind {
            TokenKind::Number => true,
            TokenKind::Word => buf.chars().nth(1).is_some() && !terms::is_stopword(&buf),
            TokenKind::Unspaced => true,
        };
        if keep {
            out.push((terms::hash(buf.as_bytes()), 1.0));
        }
    }
    out.sort_unstable_by_key(|t| t.0);
    out.dedup_by(|a, b| {
        if a.0 == b.0 {
            b.1 += a.1;
            true
        } else {
            false
        }
    });
    out
}

/// TF-IDF unit vectors, IDF over the candidate sentences.
pub(crate) fn vectors<C: AsRef<[(u64, f32)]>>(counts: &[C]) -> Vec<Vector> {
    let mut df: FastMap<u64, u32> = FastMap::default();
    for c in counts {
        for t in c.as_ref() {
            *df.entry(t.0).or_insert(0) += 1;
        }
    }
    let n = counts.len() as f32;
    counts
        .iter()
        .map(|c| {
            let mut v: Vector = c
                .as_ref()
                .iter()
                .map(|&(h, tf)| (h, (1.0 + tf.ln()) * (1.0 + n / df[&h] as f32).ln()))
                .collect();
            let norm = v.iter().map(|t| t.1 * t.1).sum::<f32>().sqrt();
            if norm > 0.0 {
                v.iter_mut().for_each(|t| t.1 /= norm);
            }
            v
        })
        .collect()
}

/// Cosine of two unit vectors.
pub(crate) fn cosine(a: &Vector, b: &Vector) -> f64 {
    let (mut i, mut j, mut dot) = (0, 0, 0.0f64);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                dot += f64::from(a[i].1) * f64::from(b[j].1);
                i += 1;
                j += 1;
            }
        }
    }
    dot
}

/// Stationary scores of the biased random walk; `group[i]` is sentence i's article
/// (sentences of one group are not linked) and `prior[i]` its jump weight.
pub(crate) fn rank(vectors: &[Vector], group: &[usize], prior: &[f64]) -> Vec<f64> {
    let n = vectors.len();
    let links = links(vectors, group);
    let total: f64 = prior.iter().sum();
    let jump: Vec<f64> = if total > 0.0 {
        prior.iter().map(|p| p / total).collect()
    } else {
        vec![1.0 / n.max(1) as f64; n]
    };
    // Each link's share of its sentence's out-weight, computed once, not every round.
    let shares: Vec<Vec<(usize, f64)>> = links
        .iter()
        .map(|l| {
            let out: f64 = l.iter().map(|e| e.1).sum();
            l.iter().map(|&(j, w)| (j, DAMPING * w / out)).collect()
        })
        .collect();
    let dangling_ones: Vec<usize> = (0..n).filter(|&i| links[i].is_empty()).collect();
    let mut score = jump.clone();
    let mut next = vec![0.0; n];
    for _ in 0..ROUNDS {
        // Mass of sentences without links follows the prior too (no score leaks away).
        let dangling: f64 = dangling_ones.iter().map(|&i| score[i]).sum();
        for (x, j) in next.iter_mut().zip(&jump) {
            *x = (1.0 - DAMPING) * j + DAMPING * dangling * j;
        }
        for (i, l) in shares.iter().enumerate() {
            let s = score[i];
            for &(j, w) in l {
                next[j] += s * w;
            }
        }
        let moved: f64 = next.iter().zip(&score).map(|(a, b)| (a - b).abs()).sum();
        std::mem::swap(&mut score, &mut next);
        if moved < 1e-7 {
            break;
        }
    }
    score
}

/// Weighted links between sentences of different groups, through an inverted index.
fn links(vectors: &[Vector], group: &[usize]) -> Vec<Vec<(usize, f64)>> {
    let mut postings: FastMap<u64, Vec<usize>> = FastMap::default();
    for (i, v) in vectors.iter().enumerate() {
        for t in v {
            postings.entry(t.0).or_default().push(i);
        }
    }
    let cap = posting_cap(vectors.len());
    // Each sentence's links to later sentences are found in parallel, then joined in
    // sentence order: the lists come out exactly as a serial walk makes them, so the
    // walk's sums (and the ranking) do not depend on the thread count.
    let later: Vec<Vec<(usize, f64)>> = (0..vectors.len())
        .into_par_iter()
        .map_init(Vec::new, |seen: &mut Vec<usize>, i| {
            let v = &vectors[i];
            seen.clear();
            for t in v {
                let list = &postings[&t.0];
                if list.len() <= cap {
                    seen.extend(
                        list.iter()
                            .copied()
                            .filter(|&j| j > i && group[j] != group[i]),
                    );
                }
            }
            seen.sort_unstable();
            seen.dedup();
            seen.iter()
                .map(|&j| (j, cosine(v, &vectors[j])))
                .filter(|&(_, c)| c >= EDGE_COSINE)
                .collect()
        })
        .collect();
    let mut out = vec![Vec::new(); vectors.len()];
    for (i, list) in later.into_iter().enumerate() {
        for (j, c) in list {
            out[i].push((j, c));
            out[j].push((i, c));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sentence_others_repeat_is_central() {
        let sentences = [
            "Seoul and Beijing renewed the currency swap worth 70 trillion won.",
            "The currency swap worth 70 trillion won was renewed for five years.",
            "Beijing agreed to renew the 70 trillion won currency swap with Seoul.",
            "Fishermen in Busan complained about fuel prices.",
        ];
        let counts: Vec<_> = sentences.iter().map(|s| terms_of(s)).collect();
        let v = vectors(&counts);
        let r = rank(&v, &[0, 1, 2, 3], &[1.0; 4]);
        assert!(r[0] > r[3] && r[1] > r[3] && r[2] > r[3], "{r:?}");
        assert!((r.iter().sum::<f64>() - 1.0).abs() < 1e-6);
    }

    #[test]
    fn sentences_of_one_article_do_not_vote_for_each_other() {
        let sentences = [
            "The swap was renewed today.",
            "The swap was renewed today again.",
            "Rain fell.",
        ];
        let counts: Vec<_> = sentences.iter().map(|s| terms_of(s)).collect();
        let r = rank(&vectors(&counts), &[0, 0, 1], &[1.0; 3]);
        assert!((r[0] - r[2]).abs() < 1e-9, "{r:?}");
    }

    #[test]
    fn the_prior_breaks_ties_towards_newer_reports() {
        let counts: Vec<_> = ["Talks resumed.", "Talks resumed."]
            .iter()
            .map(|s| terms_of(s))
            .collect();
        let r = rank(&vectors(&counts), &[0, 1], &[1.0, 0.5]);
        assert!(r[0] > r[1], "{r:?}");
    }
}
