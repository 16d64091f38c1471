//! The grouping state of a corpus: the term index, the LSH buckets, every scored edge and
//! the groups of each connected component of the edges, so that an edit regroups only
//! the components it touches and gives exactly what grouping from scratch would.
//!
//! Why components: union-find with the average-link guard decides a pair only from the
//! edges and members of the groups it joins, all inside one connected component of the
//! candidate edges; a component no changed edge reaches keeps its groups.

use rayon::prelude::*;

use super::cluster::{self, Edge, EdgeKind};
use super::copies::{self, Bands};
use super::explain::PairExplanation;
use super::features::Features;
use super::index::{TermIndex, UNDATED};
use super::rewrite::{self, MIN_HITS};
use super::{COPY_THRESHOLD, StoryInput, day_number};
use crate::terms::FastSet;

/// No component: the article has no edge.
const NONE: u32 = u32::MAX;

/// One end of an edge, kept at both articles.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Link {
    pub other: u32,
    pub kind: EdgeKind,
    pub score: f64,
    pub cosine: f64,
}

/// A component's members, each member's group representative, and the decisions.
type Clustered = (Vec<u32>, Vec<(u32, u32)>, Vec<PairExplanation>);

/// A connected component of edges and its decisions.
#[derive(Debug, Clone, Default)]
pub(super) struct Component {
    pub(super) members: Vec<u32>,
    explanations: Vec<PairExplanation>,
}

/// Grouping state that survives edits; see the module doc.
#[derive(Debug, Clone, Default)]
pub struct StoryIndex {
    pub(crate) terms: TermIndex,
    pub(super) bands: Bands,
    pub(super) adj: Vec<Vec<Link>>,
    pub(super) comps: Vec<Component>,
    pub(super) free: Vec<u32>,
    pub(super) comp_of: Vec<u32>,
    /// Per article: a representative of its group (itself when alone).
    pub(crate) group: Vec<u32>,
}

/// Day key of an input.
pub(super) fn day_key(input: &StoryInput) -> i64 {
    input.date.map_or(UNDATED, day_number)
}

/// Canonical rank of an article: day (undated last), then key.
pub(crate) fn canon<'a>(inputs: &'a [StoryInput], dk: &[i64], i: usize) -> (i64, &'a str) {
    (dk[i], inputs[i].key.as_str())
}

/// Bucket keys of an article, none when it has no signature or is not grouped.
pub(super) fn keys_of(f: &Features, auto: bool) -> Vec<u64> {
    if auto {
        f.bucket_keys.clone()
    } else {
        Vec::new()
    }
}

impl StoryIndex {
    /// Groups a corpus from scratch; `features[i]` must be `extract(&inputs[i])`.
    pub fn new(inputs: &[StoryInput], features: &[Features]) -> Self {
        let n = inputs.len();
        let dk: Vec<i64> = inputs.iter().map(day_key).collect();
        let auto: Vec<bool> = inputs.iter().map(|i| i.story_override.is_none()).collect();
        let keys = features
            .iter()
            .zip(&auto)
            .map(|(f, &a)| keys_of(f, a))
            .collect();
        // The two indexes are independent; the term index is mostly serial interning.
        let (terms, bands) =
            rayon::join(|| TermIndex::new(features, dk, auto), || Bands::new(keys));
        let mut state = StoryIndex {
            terms,
            bands,
            adj: vec![Vec::new(); n],
            comp_of: vec![NONE; n],
            group: (0..n as u32).collect(),
            ..StoryIndex::default()
        };
        // Canonical ranks as integers: buckets sort by them without comparing keys.
        let dk = &state.terms.dk;
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_unstable_by(|&x, &y| canon(inputs, dk, x).cmp(&canon(inputs, dk, y)));
        let mut rank = vec![0u32; n];
        for (r, &i) in order.iter().enumerate() {
            rank[i] = r as u32;
        }
        let mut pairs = Vec::new();
        for bucket in state.bands.base_buckets() {
            copies::bucket_pairs(bucket, |m| rank[m as usize], &mut pairs);
        }
        pairs.sort_unstable();
        pairs.dedup();
        let copy_links: Vec<(u32, u32, Link)> = pairs
            .into_par_iter()
            .filter_map(|(a, b)| state.copy_link(features, a, b))
            .collect();
        let mut hits: Vec<u64> = (0..n)
            .into_par_iter()
            .fold(Vec::new, |mut out, i| {
                state.terms.hits(i, &mut out);
                out
            })
            .flatten()
            .collect();
        super::radix::sort_by_key(&mut hits, |&h| h);
        let candidates: Vec<(u32, u32)> = hits
            .chunk_by(|x, y| x == y)
            .filter(|c| c.len() >= MIN_HITS)
            .map(|c| ((c[0] >> 32) as u32, c[0] as u32))
            .collect();
        let rewrite_links: Vec<(u32, u32, Link)> = candidates
            .into_par_iter()
            .filter_map(|(a, b)| state.rewrite_link(features, a, b))
            .collect();
        for (a, b, link) in copy_links.into_iter().chain(rewrite_links) {
            state.add_link(a, b, link);
        }
        state.recluster(inputs, features, (0..n as u32).collect());
        state
    }

    /// Articles in the index.
    pub fn len(&self) -> usize {
        self.adj.len()
    }

    /// Whether the index is empty.
    pub fn is_empty(&self) -> bool {
        self.adj.is_empty()
    }

    /// The copy edge of a bucket pair, when the MinHash estimate reaches the threshold.
    pub(super) fn copy_link(
        &self,
        features: &[Features],
        a: u32,
        b: u32,
    ) -> Option<(u32, u32, Link)> {
        let (x, y) = (
            features[a as usize].signature.as_ref()?,
            features[b as usize].signature.as_ref()?,
        );
        let e = x.estimate(y);
        (e >= COPY_THRESHOLD).then_some((
            a,
            b,
            Link {
                other: b,
                kind: EdgeKind::EstimatedCopy,
                score: e,
                cosine: e,
            },
        ))
    }

    /// The rewrite edge of a candidate pair, when its adjusted cosine reaches the threshold.
    pub(super) fn rewrite_link(
        &self,
        features: &[Features],
        a: u32,
        b: u32,
    ) -> Option<(u32, u32, Link)> {
        let (cosine, score) = self.scores(features, a as usize, b as usize)?;
        (score >= rewrite::THRESHOLD).then_some((
            a,
            b,
            Link {
                other: b,
                kind: EdgeKind::Rewrite,
                score,
                cosine,
            },
        ))
    }

    /// Cosine and adjusted score of a pair (`None`: their leads name different days).
    fn scores(&self, features: &[Features], a: usize, b: usize) -> Option<(f64, f64)> {
        let stats = self.terms.pair(a, b);
        if stats.shared < rewrite::MIN_SHARED {
            return Some((stats.cosine, 0.0));
        }
        let gap = rewrite::day_gap(&features[a].event_days, &features[b].event_days);
        let dk = &self.terms.dk;
        let undated = dk[a] == UNDATED || dk[b] == UNDATED;
        rewrite::adjusted(stats.cosine, gap, undated).map(|s| (stats.cosine, s))
    }

    /// Adjusted score of any pair, from its edge when it has one.
    pub(crate) fn pair_score(&self, features: &[Features], a: usize, b: usize) -> Option<f64> {
        let known = self.adj[a]
            .iter()
            .find(|l| l.other as usize == b && l.kind == EdgeKind::Rewrite);
        match known {
            Some(l) => Some(l.score),
            None => self.scores(features, a, b).map(|s| s.1),
        }
    }

    /// Cosine of any pair.
    pub(crate) fn cosine(&self, a: usize, b: usize) -> f64 {
        self.terms.pair(a, b).cosine
    }

    pub(super) fn add_link(&mut self, a: u32, b: u32, link: Link) {
        self.adj[a as usize].push(link);
        self.adj[b as usize].push(Link { other: a, ..link });
    }

    /// Removes the edges of article `i` of `kind` (all kinds for `None`); returns the
    /// other ends.
    pub(super) fn drop_links(&mut self, i: u32, kind: Option<EdgeKind>) -> Vec<u32> {
        let hit = |l: &Link| kind.is_none_or(|k| l.kind == k);
        let others: Vec<u32> = self.adj[i as usize]
            .iter()
            .filter(|l| hit(l))
            .map(|l| l.other)
            .collect();
        self.adj[i as usize].retain(|l| !hit(l));
        for &o in &others {
            self.adj[o as usize].retain(|l| !(l.other == i && hit(l)));
        }
        others
    }

    /// Recomputes the components reachable from `seeds` and their groups; returns the
    /// articles reached.
    pub(super) fn recluster(
        &mut self,
        inputs: &[StoryInput],
        features: &[Features],
        seeds: Vec<u32>,
    ) -> Vec<u32> {
        let mut stack = seeds;
        let mut seen: FastSet<u32> = FastSet::default();
        let mut found: Vec<Vec<u32>> = Vec::new();
        for start in std::mem::take(&mut stack) {
            if !seen.insert(start) {
                continue;
            }
            let mut members = vec![start];
            stack.push(start);
            while let Some(x) = stack.pop() {
                self.release(x);
                for l in &self.adj[x as usize] {
                    if seen.insert(l.other) {
                        members.push(l.other);
                        stack.push(l.other);
                    }
                }
            }
            members.sort_unstable();
            found.push(members);
        }
        let reached: Vec<u32> = found.iter().flatten().copied().collect();
        let clustered: Vec<Clustered> = found
            .into_par_iter()
            .map(|members| {
                if members.len() == 1 {
                    return (members, Vec::new(), Vec::new());
                }
                let (reps, explanations) = self.cluster(inputs, features, &members);
                (members, reps, explanations)
            })
            .collect();
        for (members, reps, explanations) in clustered {
            if members.len() == 1 {
                self.group[members[0] as usize] = members[0];
                continue;
            }
            for (m, rep) in reps {
                self.group[m as usize] = rep;
            }
            let slot = self.free.pop().unwrap_or_else(|| {
                self.comps.push(Component::default());
                self.comps.len() as u32 - 1
            });
            for &m in &members {
                self.comp_of[m as usize] = slot;
            }
            self.comps[slot as usize] = Component {
                members,
                explanations,
            };
        }
        reached
    }

    /// Frees the component of `x`, if it still has one.
    fn release(&mut self, x: u32) {
        let slot = std::mem::replace(&mut self.comp_of[x as usize], NONE);
        if slot == NONE {
            return;
        }
        for m in std::mem::take(&mut self.comps[slot as usize].members) {
            self.comp_of[m as usize] = NONE;
        }
        self.comps[slot as usize].explanations.clear();
        self.free.push(slot);
    }

    /// Groups of one component (members sorted): each member's representative, and the
    /// decisions.
    fn cluster(
        &self,
        inputs: &[StoryInput],
        features: &[Features],
        members: &[u32],
    ) -> (Vec<(u32, u32)>, Vec<PairExplanation>) {
        let local = |g: u32| members.binary_search(&g).unwrap_or(0);
        let mut edges: Vec<Edge> = Vec::new();
        for &m in members {
            for l in self.adj[m as usize].iter().filter(|l| l.other > m) {
                edges.push(Edge {
                    a: m as usize,
                    b: l.other as usize,
                    score: l.score,
                    cosine: l.cosine,
                    kind: l.kind,
                });
            }
        }
        let dk = &self.terms.dk;
        cluster::sort_edges(&mut edges, |i| canon(inputs, dk, i));
        let sim = |x: usize, y: usize| {
            self.pair_score(features, members[x] as usize, members[y] as usize)
        };
        let (groups, decisions) = cluster::decide(members.len(), &edges, local, sim);
        let explanations = decisions
            .into_iter()
            .map(|(e, outcome)| self.explain_edge(features, &e, outcome))
            .collect();
        let reps = (0..members.len())
            .map(|x| (members[x], members[groups[x]]))
            .collect();
        (reps, explanations)
    }

    /// Every decision of every component.
    pub(crate) fn explanations(&self) -> impl Iterator<Item = &PairExplanation> {
        self.comps.iter().flat_map(|c| &c.explanations)
    }
}
