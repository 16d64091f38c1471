//! Regrouping after an edit: re-derive only what the changed articles reach (their
//! terms' document frequencies and IDF, the weights and top terms that moved, the
//! candidate pairs and LSH buckets around them), then recluster the components whose
//! edges changed. The result equals [`StoryIndex::new`] on the edited corpus.

use rayon::prelude::*;

use super::StoryInput;
use super::cluster::EdgeKind;
use super::copies;
use super::features::Features;
use super::rewrite::MIN_HITS;
use super::state::{Link, StoryIndex, canon, day_key, keys_of};
use crate::terms::{FastMap, FastSet};

impl StoryIndex {
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
            if self.terms.retop(i as usize) {
                affected.insert(i);
            }
        }
        let mut affected: Vec<u32> = affected.into_iter().collect();
        affected.sort_unstable();
        self.rescore(features, &affected, &mut dirty);
        // Copies: the pairs of the touched buckets, before and after. A pair the touched
        // buckets yield now is yielded; only the others need a look at every bucket.
        let mut now = self.bucket_pairs(inputs, &touched);
        now.sort_unstable();
        now.dedup();
        old_pairs.extend_from_slice(&now);
        old_pairs.sort_unstable();
        old_pairs.dedup();
        for (a, b) in old_pairs {
            self.adj[a as usize].retain(|l| !(l.other == b && l.kind == EdgeKind::EstimatedCopy));
            self.adj[b as usize].retain(|l| !(l.other == a && l.kind == EdgeKind::EstimatedCopy));
            let yielded = now.binary_search(&(a, b)).is_ok() || self.yields(inputs, a, b);
            if yielded && let Some((a, b, link)) = self.copy_link(features, a, b) {
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
