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
//! article's [`Features`] and a [`StoryIndex`]; after an edit it re-extracts the edited
//! articles and calls [`StoryIndex::update`], which regroups only the connected
//! components the edit reaches and gives what grouping from scratch would;
//! [`Stories::changed`] then names the stories whose membership moved.

mod cluster;
mod copies;
mod explain;
mod features;
mod index;
pub mod minhash;
mod posting;
mod radix;
pub mod rewrite;
mod state;
mod update;
mod when;

use std::collections::HashMap;

use crate::terms::FastMap;

use rayon::prelude::*;

pub use cluster::MAX_GROUP;
pub use copies::MAX_BUCKET;
pub use explain::{Evidence, PairExplanation, Reason};
pub use features::{Features, MAX_WORDS, Subject, extract, extract_about};
pub use index::IDF_STEP;
pub use state::StoryIndex;

/// Exact shingle Jaccard that makes two texts copies of one another. Independent reports
/// of one event share almost no 5-word runs (0.05 at most on the labelled set), while a
/// syndicated copy keeps most of them even after light rewording (0.48–0.75 there; the
/// most reworded copy, at 0.32, is grouped by the rewrite path instead).
pub const COPY_THRESHOLD: f64 = 0.4;
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
    /// Cleaned body paragraphs in reading order; the lead alone (at least
    /// [`MAX_WORDS`] words) is enough when `words` is given.
    pub paragraphs: Vec<String>,
    /// Words in the whole body, when `paragraphs` holds only its lead; counted from
    /// `paragraphs` when `None`.
    pub words: Option<u32>,
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

/// Groups articles from their (possibly cached) features, and explains the result.
pub struct Grouper<'a> {
    inputs: &'a [StoryInput],
    features: &'a [Features],
    index: StoryIndex,
    /// Where the lead paragraphs of an input that no longer carries them come from.
    leads: Option<&'a LeadSource<'a>>,
}

/// The lead paragraphs of input `i`, as [`StoryInput::paragraphs`] held them, for
/// inputs whose paragraphs were dropped once their features were extracted: only
/// explanations read them again, for the few pairs they describe.
pub type LeadSource<'a> = dyn Fn(usize) -> Vec<String> + Sync + 'a;

impl<'a> Grouper<'a> {
    /// Groups the articles; `features[i]` must be `extract(&inputs[i])`.
    pub fn new(inputs: &'a [StoryInput], features: &'a [Features]) -> Self {
        Grouper {
            inputs,
            features,
            index: StoryIndex::new(inputs, features),
            leads: None,
        }
    }

    /// Reads the lead paragraphs of inputs that hold none from `leads`.
    pub fn with_leads(self, leads: &'a LeadSource<'a>) -> Self {
        Grouper {
            leads: Some(leads),
            ..self
        }
    }

    /// Input `i` with its lead paragraphs, fetched again when they were dropped.
    fn full_input(&self, i: usize) -> std::borrow::Cow<'a, StoryInput> {
        let input = &self.inputs[i];
        match self.leads {
            Some(leads) if input.paragraphs.is_empty() => std::borrow::Cow::Owned(StoryInput {
                paragraphs: leads(i),
                ..input.clone()
            }),
            _ => std::borrow::Cow::Borrowed(input),
        }
    }

    /// Resumes from the state of an earlier run on the same articles in the same
    /// places, of which those at `changed` were edited since (see
    /// [`StoryIndex::update`]); `inputs` and `features` are the whole corpus again.
    pub fn resume(
        index: StoryIndex,
        inputs: &'a [StoryInput],
        features: &'a [Features],
        changed: &[usize],
    ) -> Self {
        let mut index = index;
        index.update(inputs, features, changed);
        Grouper {
            inputs,
            features,
            index,
            leads: None,
        }
    }

    /// The stories.
    pub fn group(&self) -> Stories {
        self.index.stories(self.inputs, self.features)
    }

    /// The grouping state, to keep across edits.
    pub fn into_index(self) -> StoryIndex {
        self.index
    }
}

impl StoryIndex {
    /// The stories of the current state: automatic groups, then overrides.
    pub fn stories(&self, inputs: &[StoryInput], features: &[Features]) -> Stories {
        let dk = &self.terms.dk;
        let canon = |i: usize| state::canon(inputs, dk, i);
        // Headline rank: more complete first, then earlier (undated last), then key.
        let rank = |i: usize| {
            let step = features[i].words / COMPLETENESS_STEP;
            (std::cmp::Reverse(step), dk[i], inputs[i].key.as_str())
        };
        let mut slot_of_rep: Vec<u32> = vec![u32::MAX; inputs.len()];
        let mut members: Vec<Vec<usize>> = Vec::new();
        for i in (0..inputs.len()).filter(|&i| self.terms.auto[i]) {
            let rep = self.group[i] as usize;
            if slot_of_rep[rep] == u32::MAX {
                slot_of_rep[rep] = members.len() as u32;
                members.push(Vec::new());
            }
            members[slot_of_rep[rep] as usize].push(i);
        }
        let first = |m: &[usize]| m.iter().copied().min_by(|&x, &y| canon(x).cmp(&canon(y)));
        let mut ids: Vec<&str> = members
            .iter()
            .map(|m| first(m).map_or("", |f| inputs[f].key.as_str()))
            .collect();
        // An override joins the automatic story it names, else forms its own.
        let mut by_id: FastMap<&str, usize> =
            ids.iter().enumerate().map(|(s, &id)| (id, s)).collect();
        let mut explanations: Vec<PairExplanation> = self.explanations().cloned().collect();
        for (i, input) in inputs.iter().enumerate() {
            let Some(id) = &input.story_override else {
                continue;
            };
            let slot = *by_id.entry(id.as_str()).or_insert_with(|| {
                members.push(Vec::new());
                ids.push(id.as_str());
                members.len() - 1
            });
            if let Some(first) = first(&members[slot]) {
                explanations.push(PairExplanation {
                    a: first,
                    b: i,
                    grouped: true,
                    reason: Reason::Override { id: id.clone() },
                    refused: None,
                });
            }
            members[slot].push(i);
        }
        let stories: Vec<Story> = members
            .into_iter()
            .zip(ids)
            .map(|(mut members, id)| {
                members.sort_by(|&x, &y| rank(x).cmp(&rank(y)));
                Story {
                    id: id.to_string(),
                    headline: members[0],
                    members,
                }
            })
            .collect();
        let newest = |s: &Story| {
            s.members
                .iter()
                .map(|&m| dk[m])
                .filter(|&d| d != index::UNDATED)
                .max()
        };
        let newest: Vec<Option<i64>> = stories.iter().map(newest).collect();
        let mut order: Vec<usize> = (0..stories.len()).collect();
        order.sort_unstable_by(|&x, &y| {
            newest[y]
                .cmp(&newest[x])
                .then_with(|| stories[x].id.cmp(&stories[y].id))
        });
        let mut slots: Vec<Option<Story>> = stories.into_iter().map(Some).collect();
        let stories: Vec<Story> = order.iter().filter_map(|&s| slots[s].take()).collect();
        let mut story_of = vec![0; inputs.len()];
        for (s, story) in stories.iter().enumerate() {
            for &m in &story.members {
                story_of[m] = s;
            }
        }
        // By story and keys, so the list reads the same for any input order.
        let key = |e: &PairExplanation| {
            let (ka, kb) = (inputs[e.a].key.as_str(), inputs[e.b].key.as_str());
            (story_of[e.a], ka.min(kb), ka.max(kb))
        };
        // Each key once (borrowed, not cloned): a comparison then reads two keys, not four.
        explanations.sort_by_cached_key(key);
        Stories {
            groups: stories,
            story_of,
            explanations,
        }
    }
}

#[cfg(test)]
mod tests;
