//! The values templates receive. Every field here is documented in docs/templates.md.

use serde::Serialize;

use crate::article::{Article, Reason};
use crate::config::TopicConfig;
use crate::site::Site;

/// `site`: the site-wide settings, available in every template.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    /// Title from site.toml.
    pub title: String,
    /// Description from site.toml.
    pub description: String,
    /// Language tag for `<html lang>`.
    pub language: String,
    /// Author or organisation.
    pub author: String,
    /// Path prefix of every internal link, e.g. `/` or `/briefing/`.
    pub base_path: String,
    /// Absolute base URL when known, else the base path.
    pub base_url: String,
    /// URL of the Atom feed.
    pub feed_url: String,
    /// URL of the stylesheet in static/.
    pub stylesheet_url: String,
    /// URL of the icon in static/ (`favicon.svg`).
    pub favicon_url: String,
    /// URL of the search page (`search/`), which the index files sit beside.
    pub search_url: String,
    /// URL of the search page's script in static/ (`search.js`).
    pub search_script_url: String,
    /// Number of articles in the site.
    pub article_count: usize,
}

/// A topic as listed in navigation and on the home page.
#[derive(Debug, Clone, Serialize)]
pub struct TopicView {
    /// Topic slug.
    pub slug: String,
    /// Display name.
    pub name: String,
    /// Short description.
    pub description: String,
    /// Link to the topic page.
    pub url: String,
    /// Link to the topic's Atom feed.
    pub feed_url: String,
    /// Number of articles in the topic.
    pub count: usize,
}

/// A link to a topic, as carried by articles.
#[derive(Debug, Clone, Serialize, Hash)]
pub struct TopicLink {
    /// Topic slug.
    pub slug: String,
    /// Display name.
    pub name: String,
    /// Link to the topic page.
    pub url: String,
}

/// An article as listed on the home and topic pages.
#[derive(Debug, Clone, Serialize, Hash)]
pub struct ArticleSummary {
    /// URL slug.
    pub slug: String,
    /// Title.
    pub title: String,
    /// Link to the article page.
    pub url: String,
    /// Publication date, if known.
    pub date: Option<String>,
    /// Publication the article came from, if known.
    pub source: Option<String>,
    /// Author, if known.
    pub author: Option<String>,
    /// First paragraph, shortened.
    pub summary: String,
    /// Topics the article belongs to.
    pub topics: Vec<TopicLink>,
    /// Words in the body.
    pub word_count: usize,
    /// Estimated reading time in minutes.
    pub reading_minutes: usize,
    /// Original URL of the article, if known.
    pub original_url: Option<String>,
    /// Id of the story it belongs to.
    pub story: Option<String>,
}

/// `article` on article.html: the summary plus the body.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleView {
    /// The same fields as in lists.
    #[serde(flatten)]
    pub summary: ArticleSummary,
    /// Body as sanitised HTML (print it with `| safe`).
    pub content: String,
    /// Link to the cleaned markdown beside the page.
    pub markdown_url: String,
    /// Where the article stands among the others: its story's other reports, more in
    /// its topic, previous and next, and why it is in each topic.
    #[serde(flatten)]
    pub around: super::briefing::Around,
}

/// One story on a topic page: the article it is listed under, the other outlets, and
/// the reason it is there.
#[derive(Debug, Clone, Serialize)]
pub struct TopicEntry {
    /// The article.
    #[serde(flatten)]
    pub article: ArticleSummary,
    /// Why it belongs to the topic (its `passage` is the sentences that counted).
    pub reason: Reason,
    /// The sentence that counted most, for one plain line under the headline.
    pub why: String,
    /// The story's other reports.
    pub also_reported_by: Vec<super::briefing::Outlet>,
}

/// A topic with its latest articles, as the home page lists them.
#[derive(Debug, Clone, Serialize)]
pub struct Section {
    /// The topic.
    pub topic: TopicView,
    /// Its first articles, in display order (`pagination.home_per_topic` of them).
    pub articles: Vec<ArticleSummary>,
    /// How many more articles the topic page lists.
    pub more: usize,
    /// The topic's first key points (none repeated from an earlier topic).
    pub key_points: Vec<super::briefing::KeyPointView>,
}

/// Where a page sits in a paginated list.
#[derive(Debug, Clone, Serialize)]
pub struct Pagination {
    /// 1-based number of this page.
    pub current: usize,
    /// Number of pages.
    pub total: usize,
    /// Link to the previous page, if any.
    pub previous_url: Option<String>,
    /// Link to the next page, if any.
    pub next_url: Option<String>,
    /// Index of the first entry on this page among all entries (1-based).
    pub first_index: usize,
}

/// Output path (relative) of page `n` of a topic.
pub fn topic_page_path(slug: &str, n: usize) -> String {
    if n <= 1 {
        format!("topics/{slug}/")
    } else {
        format!("topics/{slug}/page/{n}/")
    }
}

/// Output path (relative) of a topic's Atom feed.
pub fn topic_feed_path(slug: &str) -> String {
    format!("topics/{slug}/atom.xml")
}

/// Builds view models from the site, resolving links against the base path.
pub struct Views<'a> {
    pub(super) site: &'a Site,
    base: String,
    /// Articles per topic, in site.toml order (counted once: every page shows them).
    counts: Vec<usize>,
    /// Article slug → index in `site.articles` (the layer refers to articles by index).
    index: std::collections::HashMap<&'a str, usize>,
    /// Each topic's stories, listed once for every page that shows some of them.
    pub(super) lists: super::lists::TopicLists,
}

impl<'a> Views<'a> {
    /// Prepares views for `site`.
    pub fn new(site: &'a Site) -> Self {
        let topics = &site.config.topics;
        let mut counts = vec![0; topics.len()];
        for a in &site.articles {
            for (i, t) in topics.iter().enumerate() {
                counts[i] += usize::from(a.topics.contains(&t.slug));
            }
        }
        Views {
            site,
            base: site.config.base_url.path.clone(),
            counts,
            index: site
                .articles
                .iter()
                .enumerate()
                .map(|(i, a)| (a.slug.as_str(), i))
                .collect(),
            lists: super::lists::TopicLists::new(site),
        }
    }

    /// A site-internal link.
    pub fn url(&self, rel: &str) -> String {
        format!("{}{rel}", self.base)
    }

    /// The `site` value.
    pub fn site(&self) -> SiteView {
        let c = &self.site.config;
        SiteView {
            title: c.title.clone(),
            description: c.description.clone(),
            language: c.language.clone(),
            author: c.author.clone(),
            base_path: self.base.clone(),
            base_url: c.base_url.absolute_url(""),
            feed_url: self.url("atom.xml"),
            stylesheet_url: self.url("style.css"),
            favicon_url: self.url("favicon.svg"),
            search_url: self.url("search/"),
            search_script_url: self.url("search.js"),
            article_count: self.site.articles.len(),
        }
    }

    /// Every topic, in site.toml order.
    pub fn topics(&self) -> Vec<TopicView> {
        self.site
            .config
            .topics
            .iter()
            .map(|t| self.topic(t))
            .collect()
    }

    /// One topic.
    pub fn topic(&self, t: &TopicConfig) -> TopicView {
        TopicView {
            slug: t.slug.clone(),
            name: t.name.clone(),
            description: t.description.clone(),
            url: self.url(&format!("topics/{}/", t.slug)),
            feed_url: self.url(&topic_feed_path(&t.slug)),
            count: self
                .site
                .config
                .topics
                .iter()
                .position(|c| c.slug == t.slug)
                .map_or(0, |i| self.counts[i]),
        }
    }

    /// An article as listed.
    pub fn summary(&self, a: &Article) -> ArticleSummary {
        ArticleSummary {
            slug: a.slug.clone(),
            title: a.title.clone(),
            url: self.url(&format!("articles/{}/", a.slug)),
            date: a.meta.date.clone(),
            source: a.meta.source.clone(),
            author: a.meta.author.clone(),
            summary: a.summary.clone(),
            topics: a
                .topics
                .iter()
                .filter_map(|slug| self.site.config.topic(slug))
                .map(|t| self.topic_link(t))
                .collect(),
            word_count: a.word_count,
            reading_minutes: a.reading_minutes(),
            original_url: a
                .meta
                .url
                .clone()
                .filter(|u| crate::text::url::is_web_url(u)),
            story: self.story_id(a),
        }
    }

    /// A link to a topic.
    pub fn topic_link(&self, t: &TopicConfig) -> TopicLink {
        TopicLink {
            slug: t.slug.clone(),
            name: t.name.clone(),
            url: self.url(&format!("topics/{}/", t.slug)),
        }
    }

    /// The id of the story `a` belongs to.
    fn story_id(&self, a: &Article) -> Option<String> {
        let i = self.index.get(a.slug.as_str())?;
        self.site.layer.story(*i).map(|s| s.id.clone())
    }

    /// An article with its body and what stands around it.
    pub fn article(
        &self,
        a: &Article,
        content: String,
        around: super::briefing::Around,
    ) -> ArticleView {
        ArticleView {
            summary: self.summary(a),
            content,
            markdown_url: self.url(&format!("articles/{}/index.md", a.slug)),
            around,
        }
    }

    /// The home page sections, one per topic.
    pub fn sections(&self) -> Vec<Section> {
        let limit = self.site.config.pagination.home_per_topic;
        let section = |t: &TopicConfig| {
            let topic = self.topic(t);
            Section {
                key_points: self.key_points(
                    self.site
                        .layer
                        .home_points
                        .get(&t.slug)
                        .map_or(&[], Vec::as_slice),
                ),
                more: topic.count.saturating_sub(limit),
                articles: self
                    .site
                    .articles_in(&t.slug)
                    .take(limit)
                    .map(|a| self.summary(a))
                    .collect(),
                topic,
            }
        };
        self.site.config.topics.iter().map(section).collect()
    }

    /// Pagination of page `n` (1-based) of `total` pages of a topic.
    pub fn pagination(&self, slug: &str, n: usize, total: usize) -> Pagination {
        Pagination {
            current: n,
            total,
            previous_url: (n > 1).then(|| self.url(&topic_page_path(slug, n - 1))),
            next_url: (n < total).then(|| self.url(&topic_page_path(slug, n + 1))),
            first_index: (n - 1) * self.site.config.pagination.per_page + 1,
        }
    }

    /// One story as listed on a topic page, under article `shown` (its index `i`), with
    /// why it is there.
    pub fn entry(&self, i: usize, topic: &str) -> TopicEntry {
        let shown = &self.site.articles[i];
        let reason = shown.reason(topic);
        TopicEntry {
            article: self.summary(shown),
            why: super::briefing::first_sentence(&reason.passage),
            reason,
            also_reported_by: self
                .site
                .layer
                .story(i)
                .map(|s| self.others(s, i))
                .unwrap_or_default(),
        }
    }
}
