//! `page`: what each page is, for the sharing metadata in `<head>`: the canonical link,
//! OpenGraph and Twitter-card tags. Every field is documented in docs/templates.md.

use serde::Serialize;

use super::context::Views;
use crate::article::{Article, shorten};
use crate::config::TopicConfig;

/// Longest description a page shares: link previews cut around 200–300 characters.
const DESCRIPTION_CHARS: usize = 300;

/// `page`, in every template.
#[derive(Debug, Clone, Serialize)]
pub struct PageMeta {
    /// The page's own title (the site's title on the home page), for `og:title`.
    pub title: String,
    /// What the page is about, for the meta description and `og:description`.
    pub description: String,
    /// The page's absolute URL, for the canonical link and `og:url`; null when base_url
    /// is a bare path (a relative URL there would be wrong) and on the 404 page (it is
    /// served at any address).
    pub url: Option<String>,
    /// OpenGraph type: `article` on article pages, else `website`.
    pub og_type: &'static str,
    /// An article's publication date or time (`YYYY-MM-DD` or RFC 3339), when known.
    pub published_time: Option<String>,
}

/// The sentences of `text` that fit in `max` characters; the first one shortened at a
/// word when even it is longer (a preview cut mid-sentence reads as a mistake).
fn whole_sentences(text: &str, max: usize) -> String {
    let mut out = String::new();
    for s in crate::text::sentences::split_sentences(text) {
        let len = out.chars().count() + s.chars().count() + 1;
        if !out.is_empty() && len > max {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(s);
    }
    shorten(&out, max)
}

impl Views<'_> {
    /// A page at `rel` (relative to the site root) with this title and description.
    fn page(&self, rel: &str, title: String, description: &str) -> PageMeta {
        PageMeta {
            title,
            description: whole_sentences(description, DESCRIPTION_CHARS),
            url: self.absolute(rel),
            og_type: "website",
            published_time: None,
        }
    }

    /// The absolute URL of `rel`, when the base URL is absolute.
    fn absolute(&self, rel: &str) -> Option<String> {
        let base = &self.site.config.base_url;
        base.absolute.is_some().then(|| base.absolute_url(rel))
    }

    /// The home page.
    pub fn home_page(&self) -> PageMeta {
        let c = &self.site.config;
        self.page("", c.title.clone(), &c.description)
    }

    /// Page `n` of a topic, at `rel`.
    pub fn topic_page(&self, t: &TopicConfig, rel: &str, n: usize) -> PageMeta {
        let title = match n {
            1 => t.name.clone(),
            n => format!("{} (page {n})", t.name),
        };
        let description = match t.description.as_str() {
            "" => format!("Reports on {}.", t.name),
            d => d.to_string(),
        };
        self.page(rel, title, &description)
    }

    /// A topic's timeline.
    pub fn timeline_page(&self, t: &TopicConfig) -> PageMeta {
        self.page(
            &format!("topics/{}/timeline/", t.slug),
            format!("{}: timeline", t.name),
            &format!("Every story of {}, by date.", t.name),
        )
    }

    /// An article's page: described by its standfirst.
    pub fn article_page(&self, a: &Article) -> PageMeta {
        PageMeta {
            og_type: "article",
            published_time: a.meta.date.clone(),
            ..self.page(
                &format!("articles/{}/", a.slug),
                a.title.clone(),
                &super::briefing::standfirst(a),
            )
        }
    }

    /// The search page.
    pub fn search_page(&self) -> PageMeta {
        let n = self.site.articles.len();
        let plural = if n == 1 { "" } else { "s" };
        self.page(
            "search/",
            "Search".into(),
            &format!(
                "Search the {n} article{plural} of {}.",
                self.site.config.title
            ),
        )
    }

    /// The 404 page: it has no address of its own.
    pub fn not_found_page(&self) -> PageMeta {
        PageMeta {
            url: None,
            ..self.page(
                "404.html",
                "Page not found".into(),
                &self.site.config.description,
            )
        }
    }
}
