//! Stage 5: turn the site into files — pages through Tera, markdown, feed and sitemap.
//!
//! Files go to a [`Sink`] as soon as they are made: a build writes them straight into
//! its staging folder, so a site of 100,000 articles never sits in memory as pages.

mod blocks;
pub mod briefing;
pub mod context;
mod data;
mod escape;
pub mod feeds;
pub mod filters;
pub mod head;
pub mod html;
pub mod lists;
mod pages;
pub mod search;
mod templates;

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;

use rayon::prelude::*;
use tera::Context;

use crate::article::Article;
use crate::error::Result;
use crate::fingerprint::fingerprint;
use crate::site::Site;
use context::Views;
pub use templates::{BUILTIN_TEMPLATES, Templates};

/// Static files every page links to: a site whose static/ folder lacks one gets this
/// copy, so that no page links to a missing stylesheet or icon (and `briefing init`
/// writes them into a new site).
pub const BUILTIN_STATICS: &[(&str, &[u8])] = &[
    ("style.css", include_bytes!("../../static/style.css")),
    ("favicon.svg", include_bytes!("../../static/favicon.svg")),
    ("search.js", include_bytes!("../../static/search.js")),
];

/// A file of the built site, relative to the output root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path with `/` separators, e.g. `topics/us-ties/index.html`.
    pub path: String,
    /// Contents.
    pub bytes: Vec<u8>,
}

impl OutputFile {
    pub(crate) fn new(path: impl Into<String>, text: String) -> Self {
        OutputFile {
            path: path.into(),
            bytes: text.into_bytes(),
        }
    }
}

/// Receives the files of a render, from several threads at once.
pub trait Sink: Sync {
    /// Takes one finished file.
    fn put(&self, file: OutputFile) -> Result<()>;
}

/// A sink that keeps everything in memory.
#[derive(Debug, Default)]
pub struct Collected {
    files: Mutex<Vec<OutputFile>>,
}

impl Collected {
    /// The files put, sorted by path.
    pub fn into_files(self) -> Vec<OutputFile> {
        let mut files = self.files.into_inner().unwrap_or_else(|e| e.into_inner());
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    }
}

impl Sink for Collected {
    fn put(&self, file: OutputFile) -> Result<()> {
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(file);
        Ok(())
    }
}

/// What the last render produced, by key, so `serve` renders again only the article and
/// topic pages whose inputs changed.
#[derive(Debug, Default)]
pub struct RenderCache {
    /// Article slug → key of its page.
    articles: HashMap<String, u64>,
    /// Topic page path → key.
    topic_pages: HashMap<String, u64>,
    /// Article key → sanitised body, for the feeds' entries.
    feed_bodies: HashMap<u64, String>,
    /// Paths of the named outputs (home, timelines, feeds, sitemaps…) last rendered.
    named: HashSet<String>,
    /// The search index, updated article by article.
    search: search::SearchState,
}

/// A key no render produces: the page must be rendered again.
const STALE: u64 = 0;

impl RenderCache {
    /// Marks every page for rendering (the templates changed), remembering which pages
    /// exist so that those no longer produced can still be removed.
    pub fn invalidate(&mut self) {
        self.articles.values_mut().for_each(|k| *k = STALE);
        self.topic_pages.values_mut().for_each(|k| *k = STALE);
        self.feed_bodies.clear();
    }
}

/// Renders every page and generated file of the site into memory.
pub fn render_site(site: &Site, templates: &Templates) -> Result<Vec<OutputFile>> {
    let sink = Collected::default();
    render_site_to(site, templates, None, &sink)?;
    Ok(sink.into_files())
}

/// Renders the site into `sink`. With a cache, article and topic pages whose key is
/// unchanged are skipped, and the cache is refreshed; returns the paths of pages the
/// previous render with that cache produced and this one did not.
pub fn render_site_to(
    site: &Site,
    templates: &Templates,
    mut cache: Option<&mut RenderCache>,
    sink: &dyn Sink,
) -> Result<Vec<String>> {
    // Taken out of the cache while the pager borrows it (a failed render drops it, and
    // the next one indexes every article again).
    let mut index = cache
        .as_mut()
        .map(|c| std::mem::take(&mut c.search))
        .unwrap_or_default();
    let views = Views::new(site);
    let (site_view, topics_view) = (views.site(), views.topics());
    let mut base = Context::new();
    base.insert("site", &site_view);
    base.insert("topics", &topics_view);
    // Every page shows the site settings and the topic list with counts.
    let nav = fingerprint(&format!("{site_view:?}{topics_view:?}"));
    let page = pages::Pager {
        templates,
        views: &views,
        base: &base,
        sink,
        previous: cache.as_deref(),
        topic_pages: Mutex::new(HashMap::new()),
        named: Mutex::new(HashSet::new()),
    };
    // A page shows its article and what stands around it (the story's other reports,
    // neighbours, more in the topic): the key is what identifies all of them, so that
    // only pages whose key changed are built. One-shot builds (no cache) need no keys.
    let refs: Vec<briefing::AroundRefs> = (0..site.articles.len())
        .into_par_iter()
        .map(|i| views.around_refs(i))
        .collect();
    let keys: Vec<u64> = if cache.is_some() {
        refs.par_iter()
            .enumerate()
            .map(|(i, r)| fingerprint(&(nav, views.around_identity(i, r))).max(STALE + 1))
            .collect()
    } else {
        vec![STALE + 1; site.articles.len()]
    };
    let limit = feeds::entry_limit(site);
    let topic_members: Vec<Vec<usize>> = site
        .config
        .topics
        .iter()
        .map(|t| {
            (0..site.articles.len())
                .filter(|&i| site.articles[i].topics.contains(&t.slug))
                .take(limit)
                .collect()
        })
        .collect();
    let mut in_feed: Vec<bool> = (0..site.articles.len()).map(|i| i < limit).collect();
    topic_members
        .iter()
        .flatten()
        .for_each(|&i| in_feed[i] = true);
    // The index is built beside the article pages: its one-thread parts (giving terms
    // their ids) then cost no wall time.
    let (bodies, indexed) = rayon::join(
        || pages::render_articles(site, &page, &keys, &refs, &in_feed),
        || search::render(site, &views, &mut index, &|f| page.put_named(f)),
    );
    let bodies = bodies?;
    indexed?;
    // Topic pages and the site-wide outputs (home, feeds, data, sitemaps) side by side:
    // the latter are one file each, and one after another they left a core idle.
    let (topics, named) = rayon::join(
        || render_topics(site, &page, &keys, nav),
        || render_named(site, &page, &bodies, &topic_members, limit),
    );
    topics?;
    named?;

    let topic_pages = page
        .topic_pages
        .into_inner()
        .unwrap_or_else(|e| e.into_inner());
    let named = page.named.into_inner().unwrap_or_else(|e| e.into_inner());
    let Some(c) = cache else {
        return Ok(Vec::new());
    };
    let articles: HashMap<String, u64> = site
        .articles
        .iter()
        .zip(&keys)
        .map(|(a, k)| (a.slug.clone(), *k))
        .collect();
    let mut removed: Vec<String> = c
        .articles
        .keys()
        .filter(|slug| !articles.contains_key(*slug))
        .flat_map(|slug| ["index.html", "index.md"].map(|f| format!("articles/{slug}/{f}")))
        .collect();
    removed.extend(
        c.topic_pages
            .keys()
            .filter(|p| !topic_pages.contains_key(*p))
            .cloned(),
    );
    // Named outputs no longer made: a removed topic's timeline and feed, the parts of a
    // sitemap that shrank.
    let mut gone: Vec<String> = c.named.difference(&named).cloned().collect();
    gone.sort();
    removed.extend(gone);
    c.named = named;
    c.search = index;
    c.articles = articles;
    c.topic_pages = topic_pages;
    c.feed_bodies = keys
        .iter()
        .zip(bodies)
        .filter_map(|(k, b)| b.map(|b| (*k, b)))
        .collect();
    Ok(removed)
}

/// Every topic's pages and timeline. Topic pages show entries' summaries: a changed
/// article changes the pages it is on.
fn render_topics(site: &Site, page: &pages::Pager, keys: &[u64], nav: u64) -> Result<()> {
    for topic in &site.config.topics {
        pages::render_topic(site, page, keys, topic, nav)?;
        pages::render_timeline(site, page, topic)?;
    }
    Ok(())
}

/// The site-wide outputs: home, search and 404 pages, `briefing.json`, the feeds,
/// robots.txt and the sitemaps.
fn render_named(
    site: &Site,
    page: &pages::Pager,
    bodies: &[Option<String>],
    topic_members: &[Vec<usize>],
    limit: usize,
) -> Result<()> {
    let views = page.views;
    pages::render_home(site, page)?;
    pages::render_search(page)?;
    page.put_named(OutputFile::new(
        "briefing.json",
        data::briefing_json(site, views),
    ))?;
    let mut ctx = page.base.clone();
    ctx.insert("current_path", "404.html");
    ctx.insert("page", &views.not_found_page());
    page.put_named(OutputFile::new(
        "404.html",
        page.templates.render("404.html", &ctx)?,
    ))?;
    // One feed writer for the site and each topic: only the article list differs.
    let site_feed = feeds::Feed::site(site);
    let text = feeds::atom(
        site,
        &site_feed,
        &feed_entries(site, bodies, 0..site.articles.len().min(limit)),
    );
    page.put_named(OutputFile::new(site_feed.path, text))?;
    for (topic, members) in site.config.topics.iter().zip(topic_members) {
        let feed = feeds::Feed::topic(site, topic);
        let text = feeds::atom(
            site,
            &feed,
            &feed_entries(site, bodies, members.iter().copied()),
        );
        page.put_named(OutputFile::new(feed.path, text))?;
    }
    page.put_named(OutputFile::new("robots.txt", feeds::robots(site)))?;
    for (path, text) in feeds::sitemaps(site, feeds::SITEMAP_URLS) {
        page.put_named(OutputFile::new(path, text))?;
    }
    Ok(())
}

/// The articles at `members` (indices) with the bodies kept for the feeds.
fn feed_entries<'a>(
    site: &'a Site,
    bodies: &'a [Option<String>],
    members: impl Iterator<Item = usize>,
) -> Vec<(&'a Article, &'a str)> {
    members
        .filter_map(|i| Some((&site.articles[i], bodies.get(i)?.as_deref()?)))
        .collect()
}
