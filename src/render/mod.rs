//! Stage 5: turn the site into files — pages through Tera, markdown, feed and sitemap.
//!
//! Files go to a [`Sink`] as soon as they are made: a build writes them straight into
//! its staging folder, so a site of 100,000 articles never sits in memory as pages.

pub mod context;
pub mod feeds;
pub mod filters;
pub mod html;
mod templates;

use std::collections::HashMap;
use std::sync::Mutex;

use rayon::prelude::*;
use tera::Context;

use crate::config::TopicConfig;
use crate::error::Result;
use crate::fingerprint::fingerprint;
use crate::site::Site;
use context::{TopicEntry, Views};
pub use templates::{BUILTIN_TEMPLATES, Templates};

/// Articles in the home page's `latest` list.
const LATEST: usize = 10;

/// Stylesheet used when the site's static/ folder has no style.css.
pub const BUILTIN_STYLESHEET: &str = include_str!("../../static/style.css");

/// A file of the built site, relative to the output root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path with `/` separators, e.g. `topics/us-ties/index.html`.
    pub path: String,
    /// Contents.
    pub bytes: Vec<u8>,
}

impl OutputFile {
    fn new(path: impl Into<String>, text: String) -> Self {
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
    /// Article key → sanitised body, for the feed's entries.
    feed_bodies: HashMap<u64, String>,
    /// Sitemap files written (1, or the index and its parts).
    sitemap_files: usize,
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
    cache: Option<&mut RenderCache>,
    sink: &dyn Sink,
) -> Result<Vec<String>> {
    let views = Views::new(site);
    let (site_view, topics_view) = (views.site(), views.topics());
    let mut base = Context::new();
    base.insert("site", &site_view);
    base.insert("topics", &topics_view);
    // Every page shows the site settings and the topic list with counts.
    let nav = fingerprint(&format!("{site_view:?}{topics_view:?}"));
    let page = Pager {
        templates,
        views: &views,
        base: &base,
        sink,
        previous: cache.as_deref(),
        topic_pages: Mutex::new(HashMap::new()),
    };
    // A version of 0 means "not tracked" (one-shot builds): never a cache hit.
    let keys: Vec<u64> = site
        .articles
        .iter()
        .map(|a| fingerprint(&(nav, a.version, &a.slug)).max(STALE + 1))
        .collect();
    let bodies = render_articles(site, &page, &keys)?;
    // Topic pages show entries' summaries: a changed article changes the pages it is on.
    for topic in &site.config.topics {
        render_topic(site, &page, &keys, topic, nav)?;
    }
    render_home(site, &page)?;

    let mut ctx = base.clone();
    ctx.insert("current_path", "404.html");
    sink.put(OutputFile::new(
        "404.html",
        templates.render("404.html", &ctx)?,
    ))?;
    let feed: Vec<(&crate::article::Article, &str)> = site
        .articles
        .iter()
        .zip(&bodies)
        .filter_map(|(a, b)| b.as_deref().map(|b| (a, b)))
        .collect();
    sink.put(OutputFile::new("atom.xml", feeds::atom(site, &feed)))?;
    let sitemaps = feeds::sitemaps(site, feeds::SITEMAP_URLS);
    let sitemap_parts = sitemaps.len();
    for (path, text) in sitemaps {
        sink.put(OutputFile::new(path, text))?;
    }

    let topic_pages = page
        .topic_pages
        .into_inner()
        .unwrap_or_else(|e| e.into_inner());
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
    // Parts of a sitemap that shrank: sitemap-N.xml past the new count.
    removed.extend((sitemap_parts.max(1)..c.sitemap_files).map(|n| format!("sitemap-{n}.xml")));
    c.sitemap_files = sitemap_parts;
    c.articles = articles;
    c.topic_pages = topic_pages;
    c.feed_bodies = keys
        .iter()
        .zip(bodies)
        .filter_map(|(k, b)| b.map(|b| (*k, b)))
        .collect();
    Ok(removed)
}

/// What every page renderer shares.
struct Pager<'a> {
    templates: &'a Templates,
    views: &'a Views<'a>,
    base: &'a Context,
    sink: &'a dyn Sink,
    previous: Option<&'a RenderCache>,
    topic_pages: Mutex<HashMap<String, u64>>,
}

/// Article pages and their markdown; returns the bodies of the feed's entries.
fn render_articles(site: &Site, page: &Pager, keys: &[u64]) -> Result<Vec<Option<String>>> {
    let feed_entries = match site.config.pagination.feed_entries {
        0 => usize::MAX,
        n => n,
    };
    site.articles
        .par_iter()
        .zip(keys)
        .enumerate()
        .map(|(i, (article, &key))| {
            let in_feed = i < feed_entries;
            let unchanged = page
                .previous
                .is_some_and(|c| c.articles.get(&article.slug) == Some(&key));
            if article.version != 0 && unchanged {
                let cached = page.previous.and_then(|c| c.feed_bodies.get(&key).cloned());
                return Ok(in_feed.then(|| {
                    cached.unwrap_or_else(|| html::markdown_to_html(&article.body_markdown()))
                }));
            }
            let body = html::markdown_to_html(&article.body_markdown());
            let (content, kept) = if in_feed {
                (body.clone(), Some(body))
            } else {
                (body, None)
            };
            let mut ctx = page.base.clone();
            ctx.insert("article", &page.views.article(article, content));
            ctx.insert("current_path", &format!("articles/{}/", article.slug));
            let html = page.templates.render("article.html", &ctx)?;
            let dir = format!("articles/{}/", article.slug);
            page.sink
                .put(OutputFile::new(format!("{dir}index.html"), html))?;
            page.sink.put(OutputFile::new(
                format!("{dir}index.md"),
                article.to_markdown(),
            ))?;
            Ok(kept)
        })
        .collect()
}

/// The pages of one topic, `per_page` entries each.
fn render_topic(
    site: &Site,
    page: &Pager,
    keys: &[u64],
    topic: &TopicConfig,
    nav: u64,
) -> Result<()> {
    let slug = topic.slug.as_str();
    let members: Vec<usize> = (0..site.articles.len())
        .filter(|&i| site.articles[i].topics.iter().any(|t| t == slug))
        .collect();
    let per_page = site.config.pagination.per_page.max(1);
    let total = members.len().div_ceil(per_page).max(1);
    let view = page.views.topic(topic);
    (1..=total).into_par_iter().try_for_each(|n| {
        let on_page = members.chunks(per_page).nth(n - 1).unwrap_or(&[]);
        let path = format!("{}index.html", context::topic_page_path(slug, n));
        let member_keys: Vec<u64> = on_page.iter().map(|&i| keys[i]).collect();
        let key = fingerprint(&(nav, slug, n, total, member_keys)).max(STALE + 1);
        if page.previous.is_some() {
            page.topic_pages
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(path.clone(), key);
        }
        let tracked = on_page.iter().all(|&i| site.articles[i].version != 0);
        let unchanged = page
            .previous
            .is_some_and(|c| c.topic_pages.get(&path) == Some(&key));
        if tracked && unchanged {
            return Ok(());
        }
        let entries: Vec<TopicEntry> = on_page
            .iter()
            .map(|&i| page.views.entry(&site.articles[i], slug))
            .collect();
        let mut ctx = page.base.clone();
        ctx.insert("topic", &view);
        ctx.insert("entries", &entries);
        ctx.insert("pagination", &page.views.pagination(slug, n, total));
        ctx.insert("current_path", &context::topic_page_path(slug, 1));
        let html = page.templates.render("topic.html", &ctx)?;
        page.sink.put(OutputFile::new(path, html))
    })
}

/// The home page: a few articles per topic, the latest, and those in no topic.
fn render_home(site: &Site, page: &Pager) -> Result<()> {
    let views = page.views;
    let latest: Vec<_> = site
        .articles
        .iter()
        .take(LATEST)
        .map(|a| views.summary(a))
        .collect();
    let untopical: Vec<_> = site
        .articles
        .iter()
        .filter(|a| a.topics.is_empty())
        .map(|a| views.summary(a))
        .collect();
    let mut ctx = page.base.clone();
    ctx.insert("sections", &views.sections());
    ctx.insert("latest", &latest);
    ctx.insert("untopical", &untopical);
    ctx.insert("current_path", "");
    page.sink.put(OutputFile::new(
        "index.html",
        page.templates.render("index.html", &ctx)?,
    ))
}
