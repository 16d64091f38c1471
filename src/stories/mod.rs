//! Site pass: articles that report the same event, from different outlets or copied
//! from one wire, become one story.
//!
//! Two kinds of evidence, each found without comparing all pairs:
//! - near-identical copies ([`minhash`]): MinHash over 5-word shingles, LSH bands for
//!   candidates, exact Jaccard ≥ [`COPY_THRESHOLD`] to confirm;
//! - rewrites ([`rewrite`]): TF-IDF cosine over content words, name bigrams and numbers
//!   ≥ [`rewrite::THRESHOLD`] within [`rewrite::WINDOW_DAYS`], candidates from an
//!   inverted index whose very common terms are capped.
//!
//! Pairs become groups by union-find, strongest first, behind an average-link guard
//! ([`cluster`]). Front matter `story = "..."` overrides all of it. The module depends
//! only on [`crate::terms`]; it knows nothing of the site, so it can be re-run alone.
//!
//! Incremental use: [`extract`] depends on one article only, so a caller keeps each
//! article's [`Features`] and, after an edit, re-extracts that article and calls
//! [`Grouper::new`] + [`Grouper::group`] with the cached rest (milliseconds at 10,000
//! articles); [`Stories::changed`] then names the stories whose membership moved.

mod cluster;
mod explain;
mod features;
pub mod minhash;
pub mod rewrite;
mod when;

use std::collections::{BTreeMap, HashMap};

use crate::terms::{self, FastMap};

use rayon::prelude::*;

pub use cluster::MAX_GROUP;
use cluster::{Edge, EdgeKind, Groups, Outcome};
pub use explain::{Evidence, PairExplanation, Reason};
pub use features::{Features, MAX_WORDS, extract};
use rewrite::Vectors;

/// Exact shingle Jaccard that makes two texts copies of one another. Independent reports
/// of one event share almost no 5-word runs (0.05 at most on the labelled set), while a
/// syndicated copy keeps most of them even after light rewording (0.48–0.75 there; the
/// most reworded copy, at 0.32, is grouped by the rewrite path instead).
pub const COPY_THRESHOLD: f64 = 0.4;
/// Articles one LSH bucket may hold and still pair them: a bigger bucket collects a
/// shingle run that many unrelated texts share (a standard closing line), and true
/// copies also meet in their other bands.
const MAX_BUCKET: usize = 64;
/// Body words per completeness step when choosing the headline article: a copy that adds
/// a credit line does not outrank the original, and then the earlier date wins.
pub const COMPLETENESS_STEP: u32 = 20;

/// One article as grouping sees it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StoryInput {
    /// Stable, unique id (the article's slug or path).
    pub key: String,
    /// Headline.
    pub title: String,
    /// Cleaned body blocks in reading order.
    pub paragraphs: Vec<String>,
    /// Publication date.
    pub date: Option<jiff::civil::Date>,
    /// Outlet name.
    pub outlet: Option<String>,
    /// Original address.
    pub url: Option<String>,
    /// Front matter `story = "..."`: articles naming the same id form one story.
    pub story_override: Option<String>,
}

/// One story: articles reporting the same event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Story {
    /// Stable id: the key of the earliest member (by date, then key), or the override id.
    pub id: String,
    /// Input indices, the headline first, then by completeness, date and key.
    pub members: Vec<usize>,
    /// The most complete report (longest body), earlier date and then key breaking ties.
    pub headline: usize,
}

/// The stories of a set of articles.
#[derive(Debug, Clone, PartialEq)]
pub struct Stories {
    /// Every story (singletons included), newest first, then by id.
    pub groups: Vec<Story>,
    /// For each input index, its story's index in `groups`.
    pub story_of: Vec<usize>,
    /// Why grouped pairs were grouped, and pairs with evidence that were refused (scores
    /// only: [`Grouper::explanations`] adds the shared terms).
    pub explanations: Vec<PairExplanation>,
}

impl Stories {
    /// The story an article belongs to.
    pub fn story(&self, article: usize) -> &Story {
        &self.groups[self.story_of[article]]
    }

    /// Ids of stories in `self` whose membership (by key) differs from `old`: the ones a
    /// caller must re-render after an edit. Keys come from the inputs of each run.
    pub fn changed(&self, keys: &[&str], old: &Stories, old_keys: &[&str]) -> Vec<String> {
        let members = |s: &Stories, k: &[&str]| -> HashMap<String, Vec<String>> {
            s.groups
                .iter()
                .map(|g| {
                    let mut m: Vec<String> = g.members.iter().map(|&i| k[i].to_string()).collect();
                    m.sort();
                    (g.id.clone(), m)
                })
                .collect()
        };
        let (new, before) = (members(self, keys), members(old, old_keys));
        let mut out: Vec<String> = new
            .iter()
            .filter(|(id, m)| before.get(*id) != Some(m))
            .map(|(id, _)| id.clone())
            .chain(before.keys().filter(|id| !new.contains_key(*id)).cloned())
            .collect();
        out.sort();
        out
    }
}

/// Extracts every article's features (in parallel) and groups them.
pub fn group(inputs: &[StoryInput]) -> Stories {
    let features: Vec<Features> = inputs.par_iter().map(extract).collect();
    Grouper::new(inputs, &features).group()
}

/// Day number of a civil date (days since 1970-01-01), for date windows.
fn day_number(d: jiff::civil::Date) -> i64 {
    // Howard Hinnant's days_from_civil.
    let (m, dd) = (i64::from(d.month()), i64::from(d.day()));
    let y = i64::from(d.year()) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + dd - 1;
    era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468
}

/// Groups articles from their (possibly cached) features.
pub struct Grouper<'a> {
    inputs: &'a [StoryInput],
    features: &'a [Features],
    vectors: Vectors,
    days: Vec<Option<i64>>,
}

impl<'a> Grouper<'a> {
    /// Weighs the terms of all articles; `features[i]` must be `extract(&inputs[i])`.
    pub fn new(inputs: &'a [StoryInput], features: &'a [Features]) -> Self {
        let refs: Vec<&Features> = features.iter().collect();
        Grouper {
            inputs,
            features,
            vectors: Vectors::new(&refs),
            days: inputs.iter().map(|i| i.date.map(day_number)).collect(),
        }
    }

    /// Sort key of an article: day (undated last), then key.
    fn sort_key(&self, i: usize) -> (Option<i64>, String) {
        (self.days[i], self.inputs[i].key.clone())
    }

    /// Headline rank: more complete first, then earlier, then by key.
    fn rank(&self, i: usize) -> (std::cmp::Reverse<u32>, bool, Option<i64>, &str) {
        let step = self.features[i].words / COMPLETENESS_STEP;
        (
            std::cmp::Reverse(step),
            self.days[i].is_none(),
            self.days[i],
            &self.inputs[i].key,
        )
    }

    /// Groups the articles.
    pub fn group(&self) -> Stories {
        let auto: Vec<usize> = (0..self.inputs.len())
            .filter(|&i| self.inputs[i].story_override.is_none())
            .collect();
        let mut order = auto.clone();
        order.sort_by_key(|&i| (self.days[i].is_none(), self.sort_key(i)));
        let mut edges = self.copy_edges(&order);
        edges.extend(self.rewrite_edges(&order));
        let rank: FastMap<usize, usize> = order.iter().enumerate().map(|(r, &i)| (i, r)).collect();
        cluster::sort_edges(&mut edges, |i| rank[&i]);
        let mut groups = Groups::new(self.inputs.len());
        let mut explanations = Vec::new();
        for e in &edges {
            let outcome = groups.apply(e, rewrite::LINK_THRESHOLD, |x, y| self.pair_score(x, y));
            let (grouped, link, refused) = match outcome {
                Outcome::Redundant => continue,
                Outcome::Merged { link } => (true, Some(link), None),
                Outcome::WeakLink { link } => (
                    false,
                    Some(link),
                    Some(format!(
                        "the groups' mean cosine {link:.2} < {:.2} (chaining guard)",
                        rewrite::LINK_THRESHOLD
                    )),
                ),
                Outcome::TooLarge => (
                    false,
                    None,
                    Some(format!("the story would exceed {MAX_GROUP} articles")),
                ),
                Outcome::CannotLink => (
                    false,
                    None,
                    Some(
                        "the other story holds a report whose lead names a day 2+ days away".into(),
                    ),
                ),
            };
            let mut x = self.explain_edge(e, link);
            x.grouped = grouped;
            x.refused = refused;
            explanations.push(x);
        }
        self.assemble(&auto, &mut groups, explanations)
    }

    /// Near-identical pairs: LSH band collisions whose MinHash estimate reaches the
    /// copy threshold.
    fn copy_edges(&self, order: &[usize]) -> Vec<Edge> {
        // (band key, canonical rank, article): sorting groups each bucket, in rank order,
        // without a map of small vectors.
        let mut keys: Vec<(u64, u32, u32)> = order
            .par_iter()
            .enumerate()
            .flat_map_iter(|(rank, &i)| {
                let sig = self.features[i].signature.as_ref();
                sig.into_iter().flat_map(move |s| {
                    s.band_keys()
                        .into_iter()
                        .enumerate()
                        .map(move |(band, key)| {
                            (terms::mix(key ^ band as u64), rank as u32, i as u32)
                        })
                })
            })
            .collect();
        keys.par_sort_unstable();
        // A bucket of m copies needs m − 1 pairs, not m²: pair each with the first and
        // with its predecessor (copies of a wire story are copies of each other).
        let mut pairs: Vec<(usize, usize)> = Vec::new();
        let usable = |b: &&[(u64, u32, u32)]| (2..=MAX_BUCKET).contains(&b.len());
        for bucket in keys.chunk_by(|x, y| x.0 == y.0).filter(usable) {
            let first = bucket[0].2 as usize;
            for w in bucket.windows(2) {
                let (a, b) = (w[0].2 as usize, w[1].2 as usize);
                pairs.push((a.min(b), a.max(b)));
                pairs.push((first.min(b), first.max(b)));
            }
        }
        pairs.sort_unstable();
        pairs.dedup();
        pairs
            .into_par_iter()
            .filter_map(|(a, b)| {
                let (Some(x), Some(y)) = (&self.features[a].signature, &self.features[b].signature)
                else {
                    return None;
                };
                let e = x.estimate(y);
                (e >= COPY_THRESHOLD).then_some(Edge {
                    a,
                    b,
                    score: e,
                    kind: EdgeKind::EstimatedCopy,
                })
            })
            .collect()
    }

    /// Same-event pairs: index candidates whose cosine reaches the threshold.
    fn rewrite_edges(&self, order: &[usize]) -> Vec<Edge> {
        rewrite::candidates(&self.vectors, order, &self.days)
            .into_par_iter()
            .filter_map(|(p, q)| {
                let (a, b) = (order[p], order[q]);
                let score = self.pair_score(a, b)?;
                (score >= rewrite::THRESHOLD).then_some(Edge {
                    a,
                    b,
                    score,
                    kind: EdgeKind::Rewrite,
                })
            })
            .collect()
    }

    /// Cosine of a pair adjusted for the days their leads name (`None`: different days).
    fn pair_score(&self, a: usize, b: usize) -> Option<f64> {
        let gap = rewrite::day_gap(&self.features[a].event_days, &self.features[b].event_days);
        if self.vectors.shared_evidence(a, b) < rewrite::MIN_SHARED {
            return Some(0.0);
        }
        rewrite::adjusted(self.vectors.cosine(a, b), gap)
    }

    /// Builds the stories: automatic groups, then overrides.
    fn assemble(
        &self,
        auto: &[usize],
        groups: &mut Groups,
        mut explanations: Vec<PairExplanation>,
    ) -> Stories {
        let mut by_id: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for &i in auto {
            let root = groups.find(i);
            if root != i {
                continue;
            }
            let members = groups.members(root).to_vec();
            let id = members
                .iter()
                .map(|&m| (self.days[m].is_none(), self.sort_key(m)))
                .min()
                .map(|(_, (_, key))| key)
                .unwrap_or_default();
            by_id.insert(id, members);
        }
        // An override joins the automatic story it names, else forms its own.
        for (i, input) in self.inputs.iter().enumerate() {
            let Some(id) = &input.story_override else {
                continue;
            };
            let members = by_id.entry(id.clone()).or_default();
            if let Some(&first) = members.first() {
                explanations.push(PairExplanation {
                    a: first,
                    b: i,
                    grouped: true,
                    reason: Reason::Override { id: id.clone() },
                    refused: None,
                });
            }
            members.push(i);
        }
        let mut stories: Vec<Story> = by_id
            .into_iter()
            .map(|(id, mut members)| {
                members.sort_by(|&x, &y| self.rank(x).cmp(&self.rank(y)));
                Story {
                    id,
                    headline: members[0],
                    members,
                }
            })
            .collect();
        let newest = |s: &Story| s.members.iter().filter_map(|&m| self.days[m]).max();
        stories.sort_by(|x, y| newest(y).cmp(&newest(x)).then_with(|| x.id.cmp(&y.id)));
        let mut story_of = vec![0; self.inputs.len()];
        for (s, story) in stories.iter().enumerate() {
            for &m in &story.members {
                story_of[m] = s;
            }
        }
        // By story and keys, so the list reads the same for any input order.
        explanations.sort_by(|x, y| {
            let key = |e: &PairExplanation| {
                let (ka, kb) = (&self.inputs[e.a].key, &self.inputs[e.b].key);
                (story_of[e.a], ka.min(kb).clone(), ka.max(kb).clone())
            };
            key(x).cmp(&key(y))
        });
        Stories {
            groups: stories,
            story_of,
            explanations,
        }
    }
}

#[cfg(test)]
mod tests;
