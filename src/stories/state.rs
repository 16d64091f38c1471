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
use crate::terms::{FastMap, FastSet};

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
struct Component {
    members: Vec<u32>,
    explanations: Vec<PairExplanation>,
}

/// Grouping state that survives edits; see the module doc.
#[derive(Debug, Clone, Default)]
pub struct StoryIndex {
    pub(crate) terms: TermIndex,
    bands: Bands,
    adj: Vec<Vec<Link>>,
    comps: Vec<Component>,
    free: Vec<u32>,
    comp_of: Vec<u32>,
    /// Per article: a representative of its group (itself when alone).
    pub(crate) group: Vec<u32>,
}

/// Day key of an input.
fn day_key(input: &StoryInput) -> i64 {
    input.date.map_or(UNDATED, day_number)
}

/// Canonical rank of an article: day (undated last), then key.
pub(crate) fn canon<'a>(inputs: &'a [StoryInput], dk: &[i64], i: usize) -> (i64, &'a str) {
    (dk[i], inputs[i].key.as_str())
}

/// Bucket keys of an article, none when it has no signature or is not grouped.
fn keys_of(f: &Features, auto: bool) -> Vec<u64> {
    match (&f.signature, auto) {
        (Some(s), true) => copies::bucket_keys(&s.band_keys()),
        _ => Vec::new(),
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
        let mut state = StoryIndex {
            terms: TermIndex::new(features, dk, auto),
            bands: Bands::new(keys),
            adj: vec![Vec::new(); n],
            comp_of: vec![NONE; n],
            group: (0..n as u32).collect(),
            ..StoryIndex::default()
        };
        let mut pairs = Vec::new();
        for bucket in state.bands.base_buckets() {
            copies::bucket_pairs(
                bucket,
                |m| canon(inputs, &state.terms.dk, m as usize),
                &mut pairs,
            );
        }
        pairs.sort_unstable();
        pairs.dedup();
        let copy_links: Vec<(u32, u32, Link)> = pairs
            .into_par_iter()
            .filter_map(|(a, b)| state.copy_link(features, a, b))
            .collect();
        let mut hits: Vec<(u32, u32)> = (0..n)
            .into_par_iter()
            .fold(Vec::new, |mut out, i| {
                state.terms.hits(i, &mut out);
                out
            })
            .flatten()
            .collect();
        hits.par_sort_unstable();
        let candidates: Vec<(u32, u32)> = hits
            .chunk_by(|x, y| x == y)
            .filter(|c| c.len() >= MIN_HITS)
            .map(|c| c[0])
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
    fn copy_link(&self, features: &[Features], a: u32, b: u32) -> Option<(u32, u32, Link)> {
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
    fn rewrite_link(&self, features: &[Features], a: u32, b: u32) -> Option<(u32, u32, Link)> {
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
        let stats = self.terms.pair(features, a, b);
        if stats.shared < rewrite::MIN_SHARED {
            return Some((stats.cosine, 0.0));
        }
        let gap = rewrite::day_gap(&features[a].event_days, &features[b].event_days);
        rewrite::adjusted(stats.cosine, gap).map(|s| (stats.cosine, s))
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
    pub(crate) fn cosine(&self, features: &[Features], a: usize, b: usize) -> f64 {
        self.terms.pair(features, a, b).cosine
    }

    fn add_link(&mut self, a: u32, b: u32, link: Link) {
        self.adj[a as usize].push(link);
        self.adj[b as usize].push(Link { other: a, ..link });
    }

    /// Removes the edges of article `i` of `kind` (all kinds for `None`); returns the
    /// other ends.
    fn drop_links(&mut self, i: u32, kind: Option<EdgeKind>) -> Vec<u32> {
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
    fn recluster(
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

    /// Regroups after the articles at `changed` were edited (`inputs` and `features` are
    /// the whole corpus, in the same positions as before, `features` re-extracted for
    /// the changed ones). Only the components the edit reaches are regrouped; the result
    /// is the one [`StoryIndex::new`] would give. Returns the articles regrouped.
    /// A different number of articles, or an edit of more than a quarter of them, groups
    /// from scratch.
    pub fn update(
        &mut self,
        inputs: &[StoryInput],
        features: &[Features],
        changed: &[usize],
    ) -> Vec<usize> {
        let n = self.len();
        let mut changed: Vec<u32> = changed
            .iter()
            .filter(|&&c| c < n)
            .map(|&c| c as u32)
            .collect();
        changed.sort_unstable();
        changed.dedup();
        if inputs.len() != n || features.len() != n || changed.len() * 4 > n {
            *self = StoryIndex::new(inputs, features);
            return (0..inputs.len()).collect();
        }
        let mut dirty: FastSet<u32> = changed.iter().copied().collect();
        // Buckets the changed articles were or will be in, and the pairs they yield now:
        // an article entering a bucket can also change the pairs of the others.
        let new_keys: Vec<Vec<u64>> = changed
            .iter()
            .map(|&c| {
                let auto = inputs[c as usize].story_override.is_none();
                keys_of(&features[c as usize], auto)
            })
            .collect();
        let mut touched: Vec<u64> = changed
            .iter()
            .flat_map(|&c| self.bands.keys[c as usize].iter().copied())
            .chain(new_keys.iter().flatten().copied())
            .collect();
        touched.sort_unstable();
        touched.dedup();
        let mut old_pairs = self.bucket_pairs(inputs, &touched);
        let mut delta: FastMap<u32, i64> = FastMap::default();
        let mut window_terms: Vec<(u32, i64)> = Vec::new();
        for (&c, keys) in changed.iter().zip(new_keys) {
            let ci = c as usize;
            let (old_dk, old_auto) = (self.terms.dk[ci], self.terms.auto[ci]);
            let old_ids = self.terms.remove(ci);
            self.bands.remove(ci);
            dirty.extend(self.drop_links(c, None));
            let input = &inputs[ci];
            let (dk, auto) = (day_key(input), input.story_override.is_none());
            let new_ids = self.terms.insert(&features[ci], ci, dk, auto);
            self.bands.insert(ci, keys);
            for &t in &old_ids {
                *delta.entry(t).or_insert(0) -= 1;
            }
            for &t in &new_ids {
                *delta.entry(t).or_insert(0) += 1;
            }
            // Terms whose postings moved around the old and the new day.
            let moved_day = old_dk != dk || old_auto != auto;
            let old_set: FastSet<u32> = old_ids.iter().copied().collect();
            let new_set: FastSet<u32> = new_ids.iter().copied().collect();
            for (&t, set, day) in old_ids
                .iter()
                .map(|t| (t, &new_set, old_dk))
                .chain(new_ids.iter().map(|t| (t, &old_set, dk)))
            {
                if moved_day || !set.contains(&t) {
                    window_terms.push((t, day));
                }
            }
        }
        let df_changed: Vec<u32> = delta.iter().filter(|d| *d.1 != 0).map(|d| *d.0).collect();
        let before: FastMap<u32, u32> = df_changed
            .iter()
            .map(|&t| (t, (i64::from(self.terms.df(t)) - delta[&t]) as u32))
            .collect();
        let moved = self.terms.reweigh(&df_changed, &before);
        // Articles whose weights moved, then those whose top terms may have.
        let mut reweighed: FastSet<u32> = changed.iter().copied().collect();
        for &t in &moved {
            reweighed.extend(self.terms.holders(t));
        }
        let mut retop: FastSet<u32> = reweighed.clone();
        window_terms.sort_unstable();
        window_terms.dedup();
        for &(t, d) in &window_terms {
            for y in self.terms.holders_near(t, d) {
                if self.terms.at_cap_edge(t, y as usize, changed.len()) {
                    retop.insert(y);
                }
            }
        }
        for &i in &reweighed {
            self.terms.reweigh_article(features, i as usize);
        }
        let mut affected: FastSet<u32> = reweighed;
        let mut retop: Vec<u32> = retop.into_iter().collect();
        retop.sort_unstable();
        for i in retop {
            if self.terms.retop(features, i as usize) {
                affected.insert(i);
            }
        }
        let mut affected: Vec<u32> = affected.into_iter().collect();
        affected.sort_unstable();
        self.rescore(features, &affected, &mut dirty);
        // Copies: the pairs of the touched buckets, before and after.
        old_pairs.extend(self.bucket_pairs(inputs, &touched));
        old_pairs.sort_unstable();
        old_pairs.dedup();
        for (a, b) in old_pairs {
            self.adj[a as usize].retain(|l| !(l.other == b && l.kind == EdgeKind::EstimatedCopy));
            self.adj[b as usize].retain(|l| !(l.other == a && l.kind == EdgeKind::EstimatedCopy));
            if self.yields(inputs, a, b)
                && let Some((a, b, link)) = self.copy_link(features, a, b)
            {
                self.add_link(a, b, link);
            }
            dirty.extend([a, b]);
        }
        let mut seeds: Vec<u32> = dirty.into_iter().collect();
        seeds.sort_unstable();
        // Every old component of a seed falls into pieces that each hold a seed (the
        // end of a removed edge), so the walk reaches all of them.
        let mut regrouped = self.recluster(inputs, features, seeds);
        regrouped.sort_unstable();
        regrouped.into_iter().map(|i| i as usize).collect()
    }

    /// Replaces the rewrite edges of the `affected` articles (sorted).
    fn rescore(&mut self, features: &[Features], affected: &[u32], dirty: &mut FastSet<u32>) {
        for &y in affected {
            dirty.extend(self.drop_links(y, Some(EdgeKind::Rewrite)));
            dirty.insert(y);
        }
        let found: Vec<(u32, u32, Link)> = affected
            .par_iter()
            .flat_map_iter(|&y| {
                let counts = self.terms.hit_counts(y as usize);
                let mut pairs: Vec<(u32, u32)> = counts
                    .into_iter()
                    .filter(|&(z, c)| {
                        c as usize >= MIN_HITS && !(z < y && affected.binary_search(&z).is_ok())
                    })
                    .map(|(z, _)| (y.min(z), y.max(z)))
                    .collect();
                pairs.sort_unstable();
                pairs
                    .into_iter()
                    .filter_map(|(a, b)| self.rewrite_link(features, a, b))
                    .collect::<Vec<_>>()
            })
            .collect();
        for (a, b, link) in found {
            dirty.extend([a, b]);
            self.add_link(a, b, link);
        }
    }

    /// The pairs the given buckets yield now.
    fn bucket_pairs(&self, inputs: &[StoryInput], keys: &[u64]) -> Vec<(u32, u32)> {
        let mut out = Vec::new();
        for &key in keys {
            let rank = |m: u32| canon(inputs, &self.terms.dk, m as usize);
            copies::bucket_pairs(self.bands.bucket(key), rank, &mut out);
        }
        out
    }

    /// Whether any bucket of `a` yields the pair (a, b) now.
    fn yields(&self, inputs: &[StoryInput], a: u32, b: u32) -> bool {
        self.bands.keys[a as usize].iter().any(|&key| {
            let members = self.bands.bucket(key);
            members.contains(&b) && {
                let mut out = Vec::new();
                let rank = |m: u32| canon(inputs, &self.terms.dk, m as usize);
                copies::bucket_pairs(members, rank, &mut out);
                out.contains(&(a.min(b), a.max(b)))
            }
        })
    }
}
