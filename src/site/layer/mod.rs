//! The briefing layer between the articles and the pages: one entry per story across
//! outlets, and key points per topic, each citing an article's paragraph.
//!
//! Both are site passes ([`super::passes`]): they run after slugs and display order,
//! whenever an article's content changed, on the same code path in `build` and `serve`.
//! Story features are kept per article version, so an edit extracts one article's
//! features again, not the site's.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;

use super::Site;
use crate::article::Article;
use crate::sources::DocId;
use crate::stories::{self, Features, Grouper, StoryIndex, StoryInput, Subject};
use points::{Lead, TopicPoints};

mod points;

/// Key points a topic page opens with, at most (the passes choose 3–7).
pub const HOME_POINTS: usize = 3;

/// One story: the articles that report the same event, listed once under the best one.
#[derive(Debug, Clone, PartialEq)]
pub struct StoryEntry {
    /// Stable id (the earliest member's, or a front-matter `story` id).
    pub id: String,
    /// The article the story is listed under (index into `site.articles`).
    pub headline: usize,
    /// Every member, the headline first.
    pub members: Vec<usize>,
    /// Why each other member is in the story (one line each, for `--explain`).
    pub why: Vec<String>,
}

/// A key point: a sentence taken verbatim from a member article.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    /// The sentence.
    pub text: String,
    /// The article it is from (index into `site.articles`).
    pub article: usize,
    /// The block of that article holding it (its anchor is `#p{block}`).
    pub block: usize,
    /// Why it was chosen.
    pub why: String,
}

/// Key points by topic slug.
pub type PointsByTopic = BTreeMap<String, Vec<Point>>;

/// The layer as the pages use it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Layer {
    /// Every story, singletons included, newest first.
    pub stories: Vec<StoryEntry>,
    /// For each article (index into `site.articles`), its story's index in `stories`.
    pub story_of: Vec<usize>,
    /// Each topic's key points, by topic slug.
    pub key_points: PointsByTopic,
    /// The home page's points per topic (the first few, none repeated across topics).
    pub home_points: PointsByTopic,
}

impl Layer {
    /// The story of article `i`.
    pub fn story(&self, i: usize) -> Option<&StoryEntry> {
        self.story_of.get(i).and_then(|&s| self.stories.get(s))
    }
}

/// What grouping read of one article and found in it, at one version of the article.
struct Extracted {
    version: u64,
    input: StoryInput,
    features: Features,
}

/// Story inputs, features and key points, kept between runs by article version: an
/// edit extracts the edited article again, and re-ranks only the topics whose newest
/// members it touches.
#[derive(Default)]
pub struct FeatureCache {
    by_doc: HashMap<DocId, Extracted>,
    /// Key points by topic slug.
    points: HashMap<String, TopicPoints>,
    /// Leads read for key points, by article position (reused at the same version).
    leads: Vec<Lead>,
    /// The site's subject terms (its topics' and anchor's), left out of features.
    subject: Option<Subject>,
    /// The grouping state of the last run and the key of each article it holds, so an
    /// edit regroups only what the edited articles reach.
    grouping: Option<(StoryIndex, Vec<String>)>,
}

/// The names a site's topics and anchor are made of.
fn subject_of(site: &Site) -> Subject {
    use crate::config::TermSpec;
    let spec_names = |t: &TermSpec| -> Vec<String> {
        match t {
            TermSpec::Plain(s) => vec![s.clone()],
            TermSpec::Detailed { term, aliases, .. } => std::iter::once(term.clone())
                .chain(aliases.iter().cloned())
                .collect(),
        }
    };
    let mut names: Vec<String> = site
        .config
        .topics
        .iter()
        .flat_map(|t| t.terms.iter().flat_map(spec_names))
        .collect();
    if let Some(anchor) = &site.config.anchor {
        names.extend(anchor.terms.iter().flat_map(spec_names));
    }
    Subject::of(names.iter().map(String::as_str))
}

fn story_input(a: &Article) -> StoryInput {
    let (paragraphs, words) = lead_paragraphs(a, true);
    StoryInput {
        key: a.slug.clone(),
        title: a.title.clone(),
        paragraphs,
        words: Some(u32::try_from(words).unwrap_or(u32::MAX)),
        date: a.published.map(|p| p.day()),
        outlet: a.meta.source.clone(),
        url: a.meta.url.clone(),
        story_override: a.meta.story.clone(),
    }
}

/// The paragraphs of `a` that story features read, and the words of its whole body
/// when `count_all` (else of the lead only).
fn lead_paragraphs(a: &Article, count_all: bool) -> (Vec<String>, usize) {
    // Features read only the lead; the rest is counted, not copied. Twice the words
    // features read: they count tokens, of which a word can hold fewer than one ("–").
    let mut paragraphs = Vec::new();
    let (mut lead_words, mut words) = (0usize, 0usize);
    for text in a.paragraph_texts() {
        if lead_words >= 2 * stories::MAX_WORDS && !count_all {
            break;
        }
        let n = crate::text::words::count(&text);
        words += n;
        if lead_words < 2 * stories::MAX_WORDS {
            lead_words += n;
            paragraphs.push(text.into_owned());
        }
    }
    (paragraphs, words)
}

/// Computes the layer of `site` (whose articles are in display order).
pub fn compute(site: &Site, cache: &mut FeatureCache) -> Layer {
    let subject = cache
        .subject
        .get_or_insert_with(|| subject_of(site))
        .clone();
    // Inputs and features of articles seen before at the same version are reused (moved
    // out of the cache, which is rebuilt from this run's below).
    let mut previous = std::mem::take(&mut cache.by_doc);
    let cached: Vec<Option<Extracted>> = site
        .articles
        .iter()
        .map(|a| {
            previous
                .remove(&a.id)
                .filter(|e| e.version == a.version && a.version != 0)
        })
        .collect();
    drop(previous);
    let fresh: Vec<bool> = cached.iter().map(Option::is_none).collect();
    let (inputs, features): (Vec<StoryInput>, Vec<Features>) = cached
        .into_par_iter()
        .zip(&site.articles)
        .map(|(e, a)| match e {
            Some(mut e) => {
                // Adding an article can rename another: the slug is not content.
                if e.input.key != a.slug {
                    e.input.key.clone_from(&a.slug);
                }
                (e.input, e.features)
            }
            None => {
                let mut input = story_input(a);
                let features = stories::extract_about(&input, &subject);
                // Only explanations read the lead again, for a few pairs: it is made
                // anew for them (see `leads` below) rather than held for every article.
                input.paragraphs = Vec::new();
                (input, features)
            }
        })
        .unzip();
    let grouper = match cache.grouping.take() {
        // The same articles in the same places: only the edited ones are regrouped.
        Some((index, keys))
            if keys.len() == inputs.len() && keys.iter().zip(&inputs).all(|(k, i)| *k == i.key) =>
        {
            let changed: Vec<usize> = (0..fresh.len()).filter(|&i| fresh[i]).collect();
            Grouper::resume(index, &inputs, &features, &changed)
        }
        _ => Grouper::new(&inputs, &features),
    };
    let leads = |i: usize| lead_paragraphs(&site.articles[i], false).0;
    let grouper = grouper.with_leads(&leads);
    let grouped = grouper.group();
    let explained = grouper.explanations(&grouped);
    let keys = inputs.iter().map(|i| i.key.clone()).collect();
    cache.grouping = Some((grouper.into_index(), keys));
    cache.by_doc = HashMap::with_capacity(site.articles.len());
    cache.by_doc.extend(
        site.articles
            .iter()
            .zip(inputs.into_iter().zip(features))
            .filter(|(a, _)| a.version != 0)
            .map(|(a, (input, features))| {
                let e = Extracted {
                    version: a.version,
                    input,
                    features,
                };
                (a.id.clone(), e)
            }),
    );
    let mut why: HashMap<(usize, usize), String> = HashMap::new();
    for e in &explained {
        why.insert((e.a, e.b), e.to_string());
    }
    let stories: Vec<StoryEntry> = grouped
        .groups
        .iter()
        .map(|g| StoryEntry {
            id: g.id.clone(),
            headline: g.headline,
            members: g.members.clone(),
            why: g
                .members
                .iter()
                .filter(|&&m| m != g.headline)
                .map(|&m| {
                    why.get(&(g.headline.min(m), g.headline.max(m)))
                        .cloned()
                        .unwrap_or_else(|| "grouped through another member of the story".into())
                })
                .collect(),
        })
        .collect();
    let (key_points, home_points) =
        points::of_topics(site, &grouped.story_of, &mut cache.points, &mut cache.leads);
    Layer {
        stories,
        story_of: grouped.story_of,
        key_points,
        home_points,
    }
}
