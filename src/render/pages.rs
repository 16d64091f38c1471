//! The pages: one per article (with its markdown), the pages and timeline of each topic,
//! and the home page. Each is rendered through its template into the sink.

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;

use rayon::prelude::*;
use tera::Context;

use super::briefing::AroundRefs;
use super::context::{self, TopicEntry, Views};
use super::{OutputFile, RenderCache, STALE, Sink, Templates, html};
use crate::config::TopicConfig;
use crate::error::Result;
use crate::fingerprint::fingerprint;
use crate::site::Site;

/// Articles in the home page's `latest` list.
const LATEST: usize = 10;

/// What every page renderer shares.
pub(super) struct Pager<'a> {
    pub templates: &'a Templates,
    pub views: &'a Views<'a>,
    pub base: &'a Context,
    pub sink: &'a dyn Sink,
    pub previous: Option<&'a RenderCache>,
    pub topic_pages: Mutex<HashMap<String, u64>>,
    /// Paths of the named outputs put so far (see [`Pager::put_named`]).
    pub named: Mutex<HashSet<String>>,
}

impl Pager<'_> {
    /// Puts a named output: a file rendered on every render (home, timelines, feeds,
    /// sitemaps, robots.txt, 404), whose path is remembered so that `serve` removes it
    /// when a later render no longer makes it (a topic taken out of site.toml).
    pub fn put_named(&self, file: OutputFile) -> Result<()> {
        self.named
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(file.path.clone());
        self.sink.put(file)
    }
}

/// Article pages and their markdown; returns the bodies of the articles that a feed
/// carries (`in_feed`, by index).
pub(super) fn render_articles(
    site: &Site,
    page: &Pager,
    keys: &[u64],
    refs: &[AroundRefs],
    in_feed: &[bool],
) -> Result<Vec<Option<String>>> {
    site.articles
        .par_iter()
        .enumerate()
        .zip(keys)
        .zip(in_feed)
        .map(|(((i, article), &key), &in_feed)| {
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
            let around = page.views.around(i, &refs[i]);
            let mut ctx = page.base.clone();
            ctx.insert("article", &page.views.article(article, content, around));
            ctx.insert("page", &page.views.article_page(article));
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

/// The pages of one topic: its key points, then each story once, `per_page` a page.
pub(super) fn render_topic(
    site: &Site,
    page: &Pager,
    keys: &[u64],
    topic: &TopicConfig,
    nav: u64,
) -> Result<()> {
    let slug = topic.slug.as_str();
    let shown: Vec<usize> = page
        .views
        .topic_stories(slug)
        .into_iter()
        .map(|(i, _)| i)
        .collect();
    let per_page = site.config.pagination.per_page.max(1);
    let total = shown.len().div_ceil(per_page).max(1);
    let view = page.views.topic(topic);
    let points = page
        .views
        .key_points(site.layer.key_points.get(slug).map_or(&[], Vec::as_slice));
    (1..=total).into_par_iter().try_for_each(|n| {
        let on_page = shown.chunks(per_page).nth(n - 1).unwrap_or(&[]);
        let path = format!("{}index.html", context::topic_page_path(slug, n));
        let member_keys: Vec<u64> = on_page.iter().map(|&i| keys[i]).collect();
        // Key points open the topic; later pages carry on the list of stories, so new
        // points re-render the first page only.
        let points_here = if n == 1 { &points[..] } else { &[] };
        let key = fingerprint(&(nav, slug, n, total, member_keys, points_here)).max(STALE + 1);
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
        let entries: Vec<TopicEntry> = on_page.iter().map(|&i| page.views.entry(i, slug)).collect();
        let mut ctx = page.base.clone();
        ctx.insert("topic", &view);
        ctx.insert("entries", &entries);
        ctx.insert("key_points", points_here);
        ctx.insert("pagination", &page.views.pagination(slug, n, total));
        ctx.insert(
            "timeline_url",
            &page.views.url(&format!("topics/{slug}/timeline/")),
        );
        ctx.insert("current_path", &context::topic_page_path(slug, 1));
        ctx.insert(
            "page",
            &page
                .views
                .topic_page(topic, &context::topic_page_path(slug, n), n),
        );
        let html = page.templates.render("topic.html", &ctx)?;
        page.sink.put(OutputFile::new(path, html))
    })
}

/// A topic's timeline: its stories by date, grouped by day.
pub(super) fn render_timeline(site: &Site, page: &Pager, topic: &TopicConfig) -> Result<()> {
    let mut ctx = page.base.clone();
    ctx.insert("topic", &page.views.topic(topic));
    let limit = site.config.pagination.timeline_stories;
    let stories = page.views.topic_stories(&topic.slug).len();
    ctx.insert("timeline", &page.views.timeline(&topic.slug, limit));
    // Stories left off the timeline: the topic's numbered pages list them.
    let older = if limit == 0 {
        0
    } else {
        stories.saturating_sub(limit)
    };
    ctx.insert("timeline_older", &older);
    ctx.insert("current_path", &context::topic_page_path(&topic.slug, 1));
    ctx.insert("page", &page.views.timeline_page(topic));
    let html = page.templates.render("timeline.html", &ctx)?;
    page.put_named(OutputFile::new(
        format!("topics/{}/timeline/index.html", topic.slug),
        html,
    ))
}

/// The home page: the dated edition, the lead story, every story once, each topic's key
/// points and first articles, and the articles in no topic.
pub(super) fn render_home(site: &Site, page: &Pager) -> Result<()> {
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
    ctx.insert("edition_date", &views.edition_date());
    ctx.insert("lead", &views.lead());
    ctx.insert(
        "stories",
        &views.stories(site.config.pagination.home_stories),
    );
    ctx.insert("story_count", &site.layer.stories.len());
    ctx.insert("sections", &views.sections());
    ctx.insert("latest", &latest);
    ctx.insert("untopical", &untopical);
    ctx.insert("current_path", "");
    ctx.insert("page", &views.home_page());
    page.put_named(OutputFile::new(
        "index.html",
        page.templates.render("index.html", &ctx)?,
    ))
}

/// The search page: a form and an empty list that `search.js` fills from the index.
pub(super) fn render_search(page: &Pager) -> Result<()> {
    let mut ctx = page.base.clone();
    ctx.insert("current_path", "search/");
    ctx.insert("page", &page.views.search_page());
    page.put_named(OutputFile::new(
        "search/index.html",
        page.templates.render("search.html", &ctx)?,
    ))
}
