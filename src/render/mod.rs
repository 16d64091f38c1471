//! Stage 5: turn the site into files — pages through Tera, markdown, feed and sitemap.
//!
//! Files go to a [`Sink`] as soon as they are made: a build writes them straight into
//! its staging folder, so a site of 100,000 articles never sits in memory as pages.

pub mod context;
pub mod feeds;
pub mod html;
mod templates;

use std::collections::HashMap;
use std::sync::Mutex;

use rayon::prelude::*;
use tera::Context;

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

    /// Notes a file left out because it is what the last render with the same
    /// [`RenderCache`] produced.
    fn keep(&self, path: String) -> Result<()> {
        let _ = path;
        Ok(())
    }
}

/// A sink that keeps everything in memory.
#[derive(Debug, Default)]
pub struct Collected {
    files: Mutex<Vec<OutputFile>>,
    kept: Mutex<Vec<String>>,
}

impl Collected {
    /// The files put, sorted by path, and the paths kept.
    pub fn into_parts(self) -> (Vec<OutputFile>, Vec<String>) {
        let mut files = self.files.into_inner().unwrap_or_else(|e| e.into_inner());
        files.sort_by(|a, b| a.path.cmp(&b.path));
        let kept = self.kept.into_inner().unwrap_or_else(|e| e.into_inner());
        (files, kept)
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

    fn keep(&self, path: String) -> Result<()> {
        self.kept
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(path);
        Ok(())
    }
}

/// What the last render produced, by key, so `serve` renders again only the article and
/// topic pages whose inputs changed. Drop it when the templates change.
#[derive(Debug, Default)]
pub struct RenderCache {
    pages: HashMap<String, u64>,
    feed_bodies: HashMap<u64, String>,
}

/// Renders every page and generated file of the site into memory.
pub fn render_site(site: &Site, templates: &Templates) -> Result<Vec<OutputFile>> {
    let sink = Collected::default();
    render_site_to(site, templates, None, &sink)?;
    Ok(sink.into_parts().0)
}

/// Renders the site into `sink`. With a cache, pages whose key is unchanged are only
/// [`Sink::keep`]-ed, and the cache is refreshed.
pub fn render_site_to(
    site: &Site,
    templates: &Templates,
    cache: Option<&mut RenderCache>,
    sink: &dyn Sink,
) -> Result<()> {
    let views = Views::new(site);
    let mut base = Context::new();
    base.insert("site", &views.site());
    base.insert("topics", &views.topics());
    // Every page shows the site settings and the topic list with counts.
    let nav = fingerprint(&format!("{:?}{:?}", views.site(), views.topics()));
    let page = Pager {
        templates,
        views: &views,
        base: &base,
        sink,
        previous: cache.as_deref(),
        fresh: Mutex::new(HashMap::new()),
    };
    // A version of 0 means "not tracked" (one-shot builds): never a cache hit.
    let keys: Vec<u64> = site
        .articles
        .iter()
        .map(|a| fingerprint(&(nav, a.version, &a.slug)))
        .collect();
    let bodies = render_articles(site, &page, &keys)?;
    for topic in &site.config.topics {
        render_topic(site, &page, &keys, &topic.slug, nav)?;
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
    sink.put(OutputFile::new("sitemap.xml", feeds::sitemap(site)))?;

    let fresh = page.fresh.into_inner().unwrap_or_else(|e| e.into_inner());
    if let Some(c) = cache {
        c.pages = fresh;
        c.feed_bodies = keys
            .iter()
            .zip(bodies)
            .filter(|(_, b)| b.is_some())
            .filter_map(|(k, b)| b.map(|b| (*k, b)))
            .collect();
    }
    Ok(())
}

/// What every page renderer shares.
struct Pager<'a> {
    templates: &'a Templates,
    views: &'a Views<'a>,
    base: &'a Context,
    sink: &'a dyn Sink,
    previous: Option<&'a RenderCache>,
    fresh: Mutex<HashMap<String, u64>>,
}

impl Pager<'_> {
    /// True (and the paths kept) when `path` was rendered from the same `key` last time.
    fn unchanged(&self, key: u64, paths: &[&str]) -> Result<bool> {
        let Some(previous) = self.previous else {
            return Ok(false);
        };
        if previous.pages.get(paths[0]) != Some(&key) {
            return Ok(false);
        }
        for p in paths {
            self.sink.keep((*p).to_string())?;
        }
        self.remember(paths[0], key);
        Ok(true)
    }

    fn remember(&self, path: &str, key: u64) {
        if self.previous.is_some() {
            self.fresh
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(path.to_string(), key);
        }
    }
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
            let html_path = format!("articles/{}/index.html", article.slug);
            let md_path = format!("articles/{}/index.md", article.slug);
            if article.version != 0 && page.unchanged(key, &[&html_path, &md_path])? {
                let cached = page.previous.and_then(|c| c.feed_bodies.get(&key).cloned());
                return Ok(in_feed.then(|| {
                    cached.unwrap_or_else(|| html::markdown_to_html(&article.body_markdown))
                }));
            }
            let body = html::markdown_to_html(&article.body_markdown);
            let (content, kept) = if in_feed {
                (body.clone(), Some(body))
            } else {
                (body, None)
            };
            let mut ctx = page.base.clone();
            ctx.insert("article", &page.views.article(article, content));
            ctx.insert("current_path", &format!("articles/{}/", article.slug));
            let html = page.templates.render("article.html", &ctx)?;
            page.sink.put(OutputFile::new(html_path.clone(), html))?;
            page.sink
                .put(OutputFile::new(md_path, article.to_markdown()))?;
            page.remember(&html_path, key);
            Ok(kept)
        })
        .collect()
}

/// The pages of one topic, `per_page` entries each.
fn render_topic(site: &Site, page: &Pager, keys: &[u64], slug: &str, nav: u64) -> Result<()> {
    let members: Vec<usize> = (0..site.articles.len())
        .filter(|&i| site.articles[i].topics.iter().any(|t| t == slug))
        .collect();
    let per_page = site.config.pagination.per_page.max(1);
    let total = members.len().div_ceil(per_page).max(1);
    let Some(topic) = site.config.topic(slug) else {
        return Ok(());
    };
    let view = page.views.topic(topic);
    (1..=total).into_par_iter().try_for_each(|n| {
        let on_page = members.chunks(per_page).nth(n - 1).unwrap_or(&[]);
        let path = format!("{}index.html", context::topic_page_path(slug, n));
        let member_keys: Vec<u64> = on_page.iter().map(|&i| keys[i]).collect();
        let key = fingerprint(&(nav, slug, n, total, member_keys));
        let tracked = on_page.iter().all(|&i| site.articles[i].version != 0);
        if tracked && page.unchanged(key, &[&path])? {
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
        page.sink.put(OutputFile::new(path.clone(), html))?;
        page.remember(&path, key);
        Ok(())
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
