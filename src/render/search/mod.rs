//! The search index, a named output read by `static/search.js` on the search page.
//!
//! A single index file grows with the site (elasticlunr's was 114 MB at 10,000
//! articles), so it is cut in three: `search/index.json` (article count, topics, the
//! left-out function words, which shards exist), `search/terms/<shard>.json` (terms
//! by their first two characters, each with its articles) and `search/docs/<n>.json`
//! (what a result shows, [`CHUNK`] articles a file). A query fetches one shard per word
//! and the chunks of the results it shows.
//!
//! `serve` keeps the index between renders ([`SearchState`]): an edited article is cut
//! into terms again and only the shards of terms it gained or lost are written again.

mod postings;
mod terms;

use rayon::prelude::*;
use serde::Serialize;

use super::OutputFile;
use super::context::Views;
use crate::article::Article;
use crate::error::Result;
use crate::fingerprint::fingerprint;
use crate::site::Site;
use crate::text::packed::{WordSet, pack};
use postings::Postings;
pub use terms::{each_term, shard_of, stop_words};

/// Articles per `search/docs/<n>.json` file: a results page needs one or two of them.
pub const CHUNK: usize = 256;

/// Format of the index files, in `index.json`: bumped when a file changes shape.
const FORMAT: u32 = 1;

/// The index as the last render left it, so the next one redoes only what changed.
#[derive(Debug, Default)]
pub struct SearchState {
    /// What every file depends on besides the articles: base path, topics, language.
    key: u64,
    docs: Vec<Doc>,
    postings: Postings,
    /// `search/docs/<n>.json`, by `n`.
    chunks: Vec<String>,
}

/// One article as the index knows it.
#[derive(Debug)]
struct Doc {
    slug: String,
    /// The article's version (0: untracked, never reused).
    version: u64,
    /// Term ids with weight class, sorted by id.
    terms: Vec<(u32, u8)>,
    /// Its entry in a docs chunk (JSON).
    row: String,
}

/// `search/index.json`.
#[derive(Serialize)]
struct Meta<'a> {
    version: u32,
    /// Articles indexed (the search page weighs rare terms up with it).
    count: usize,
    chunk: usize,
    topics: Vec<TopicRef>,
    stop: &'a [&'static str],
    shards: Vec<&'a str>,
}

#[derive(Serialize)]
struct TopicRef {
    name: String,
    url: String,
}

/// What a result shows of one article: title, link, topics (indices into the topics
/// of `index.json`), date and summary. Plain text: the page sets it as text only.
#[derive(Serialize)]
struct Row<'a>(&'a str, String, Vec<usize>, Option<&'a str>, &'a str);

/// Brings `state` up to date with `site` and puts every file of the index.
pub fn render(
    site: &Site,
    views: &Views,
    state: &mut SearchState,
    put: &dyn Fn(OutputFile) -> Result<()>,
) -> Result<()> {
    let stop = stop_words(&site.config.language);
    let topics: Vec<TopicRef> = site
        .config
        .topics
        .iter()
        .map(|t| TopicRef {
            name: t.name.clone(),
            url: views.url(&format!("topics/{}/", t.slug)),
        })
        .collect();
    let key = fingerprint(&(
        views.url(""),
        &site.config.language,
        FORMAT,
        topic_key(&topics),
    ));
    if key != state.key {
        *state = SearchState {
            key,
            ..SearchState::default()
        };
    }
    update(site, views, state, &stop);
    let shards = state.postings.shard_names();
    let meta = Meta {
        version: FORMAT,
        count: state.docs.len(),
        chunk: CHUNK,
        topics,
        stop: &stop,
        shards,
    };
    let text = serde_json::to_string(&meta).unwrap_or_else(|_| "{}".into());
    put(OutputFile::new("search/index.json", text))?;
    for (name, text) in state.postings.shard_texts() {
        put(OutputFile::new(
            format!("search/terms/{name}.json"),
            text.to_string(),
        ))?;
    }
    for (n, text) in state.chunks.iter().enumerate() {
        put(OutputFile::new(
            format!("search/docs/{n}.json"),
            text.clone(),
        ))?;
    }
    Ok(())
}

fn topic_key(topics: &[TopicRef]) -> Vec<(&str, &str)> {
    topics
        .iter()
        .map(|t| (t.name.as_str(), t.url.as_str()))
        .collect()
}

/// Cuts the articles whose version changed into terms (all of them without a previous
/// state), then updates the postings: in place when the list of articles kept its
/// order, rebuilt when articles came, went or moved (positions are the ids).
fn update(site: &Site, views: &Views, state: &mut SearchState, stop: &[&'static str]) {
    let stop: WordSet = stop.iter().filter_map(|w| pack(w)).collect();
    let same_order = state.docs.len() == site.articles.len()
        && state
            .docs
            .iter()
            .zip(&site.articles)
            .all(|(d, a)| d.slug == a.slug);
    let previous: crate::terms::FastMap<&str, usize> = state
        .docs
        .iter()
        .enumerate()
        .map(|(i, d)| (d.slug.as_str(), i))
        .collect();
    let reused = |a: &Article| {
        let i = *previous.get(a.slug.as_str())?;
        let d = &state.docs[i];
        (a.version != 0 && d.version == a.version).then_some(i)
    };
    // The costly part, on every core: cutting changed articles into terms.
    let plan: Vec<Plan> = site
        .articles
        .par_iter()
        .map(|a| match reused(a) {
            Some(i) => Plan::Keep(i),
            None => Plan::Cut(terms::article_terms(a, &stop), row(site, views, a)),
        })
        .collect();
    if same_order {
        // In place: the articles keep their ids; only changed ones are redone.
        for (i, p) in plan.into_iter().enumerate() {
            let Plan::Cut(words, row) = p else { continue };
            let ids = state.postings.intern(&words);
            state.postings.replace(i as u32, &state.docs[i].terms, &ids);
            let d = &mut state.docs[i];
            d.terms = ids;
            d.version = site.articles[i].version;
            d.row = row;
        }
    } else {
        let mut old = std::mem::take(&mut state.docs);
        let docs: Vec<Doc> = site
            .articles
            .iter()
            .zip(plan)
            .map(|(a, p)| match p {
                Plan::Cut(words, row) => Doc {
                    slug: a.slug.clone(),
                    version: a.version,
                    terms: state.postings.intern(&words),
                    row,
                },
                Plan::Keep(j) => std::mem::replace(&mut old[j], Doc::empty()),
            })
            .collect();
        state
            .postings
            .rebuild(docs.iter().map(|d| d.terms.as_slice()));
        state.docs = docs;
    }
    state.postings.write_changed();
    let chunks = state.docs.len().div_ceil(CHUNK);
    state.chunks = (0..chunks)
        .into_par_iter()
        .map(|n| {
            let rows = &state.docs[n * CHUNK..((n + 1) * CHUNK).min(state.docs.len())];
            let mut text = String::from("[");
            for (i, d) in rows.iter().enumerate() {
                if i > 0 {
                    text.push(',');
                }
                text.push_str(&d.row);
            }
            text.push(']');
            text
        })
        .collect();
}

/// What becomes of one article: its previous entry (by position) is kept, or it is cut
/// into terms again with its new row.
enum Plan {
    Keep(usize),
    Cut(terms::ArticleTerms, String),
}

impl Doc {
    fn empty() -> Doc {
        Doc {
            slug: String::new(),
            version: 0,
            terms: Vec::new(),
            row: String::new(),
        }
    }
}

/// The JSON of what a result shows of `a`.
fn row(site: &Site, views: &Views, a: &Article) -> String {
    let topics = a
        .topics
        .iter()
        .filter_map(|slug| site.config.topics.iter().position(|t| &t.slug == slug))
        .collect();
    let row = Row(
        &a.title,
        views.url(&format!("articles/{}/", a.slug)),
        topics,
        a.meta.date.as_deref(),
        &a.summary,
    );
    serde_json::to_string(&row).unwrap_or_else(|_| "null".into())
}
