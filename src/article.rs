//! One article on its way through the pipeline: source → cleaned → scored.

use serde::Serialize;

use crate::clean::template::SiteTemplate;
use crate::clean::{self, Block, BlockKind, Cleaned};
use crate::config::SiteConfig;
use crate::date::Published;
use crate::error::Warning;
use crate::frontmatter::{self, FrontMatter};
use crate::sources::{SourceFile, SourceKind, html};
use crate::topics::{TopicIndex, TopicScore};

/// Words read per minute, for the reading-time estimate.
const WORDS_PER_MINUTE: usize = 230;
/// Longest summary shown in lists, in characters.
const SUMMARY_CHARS: usize = 220;

/// A cleaned, scored article (its slug is assigned later, site-wide).
#[derive(Debug, Clone)]
pub struct Article {
    /// URL slug, unique in the site.
    pub slug: String,
    /// Metadata: front matter values, with the inferred title.
    pub meta: FrontMatter,
    /// Title shown on pages.
    pub title: String,
    /// The first real paragraph, shortened for lists (computed once: lists show it often).
    pub summary: String,
    /// Cleaned body as markdown.
    pub body_markdown: String,
    /// Score against every topic of the site.
    pub scores: Vec<TopicScore>,
    /// Slugs of the topics the article belongs to.
    pub topics: Vec<String>,
    /// True when the topics were set in front matter rather than inferred.
    pub topics_given: bool,
    /// Input file, relative to the site root.
    pub source_file: String,
    /// Words in the body.
    pub word_count: usize,
    /// When it was published, validated (`meta.date` is its canonical text).
    pub published: Option<Published>,
    /// Identifies the cleaned content for `serve`'s caches: the same source text under the
    /// same settings gets the same version. 0 when not tracked (one-shot builds).
    pub version: u64,
}

/// What a topic page shows to justify an article's place on it.
#[derive(Debug, Clone, Serialize)]
pub struct Reason {
    /// The most relevant passage of the article.
    pub passage: String,
    /// Matched terms, e.g. `Pyongyang ×3`.
    pub terms: Vec<String>,
    /// Total matched weight.
    pub score: f64,
    /// True when front matter placed the article in the topic.
    pub assigned: bool,
}

impl Article {
    /// Cleans and scores one source (`template`: lines recurring across the site's seeds).
    /// Returns the article (if any text survives),
    /// the full cleaning result for explanations, and warnings.
    pub fn from_source(
        source: &SourceFile,
        index: &TopicIndex,
        config: &SiteConfig,
        template: &SiteTemplate,
    ) -> (Option<Article>, Option<Cleaned>, Vec<Warning>) {
        let mut warnings = Vec::new();
        let warn = |message: String| Warning {
            file: source.display.clone(),
            message,
        };
        // A web page is first reduced to its main article, as markdown with page metadata.
        let page;
        let (split, kind) = if source.kind == SourceKind::Html {
            page = html::extract(&source.text);
            warnings.extend(page.warning.iter().map(|w| warn(w.clone())));
            let split = frontmatter::Split {
                front: page.meta.clone(),
                body: &page.markdown,
                body_line: 1,
            };
            (split, SourceKind::Markdown)
        } else {
            match frontmatter::split(&source.text) {
                Ok(s) => (s, source.kind),
                Err(e) => {
                    warnings.push(warn(format!("front matter, {e}; skipped")));
                    return (None, None, warnings);
                }
            }
        };
        let cleaned = clean::clean(
            split.body,
            kind,
            split.front.title.as_deref(),
            split.body_line,
            template,
        );
        warnings.extend(cleaned.warnings.iter().map(|w| warn(w.clone())));
        if cleaned.blocks.is_empty() {
            let lines = cleaned.decisions.len();
            warnings.push(warn(format!(
                "no article text left after cleaning ({lines} lines, all boilerplate or empty); skipped"
            )));
            return (None, Some(cleaned), warnings);
        }
        let scores = index.assess(&cleaned.title, &cleaned.blocks);
        let (topics, topics_given) = match &split.front.topics {
            Some(given) => {
                let mut kept = Vec::new();
                let mut unknown: Vec<&str> = Vec::new();
                for slug in given {
                    if config.topic(slug).is_none() {
                        unknown.push(slug);
                    } else if !kept.contains(slug) {
                        kept.push(slug.clone());
                    }
                }
                if !unknown.is_empty() {
                    // One warning however many: a generated file may list thousands.
                    let shown: Vec<String> =
                        unknown.iter().take(3).map(|s| format!("{s:?}")).collect();
                    let more = unknown.len().saturating_sub(3);
                    warnings.push(warn(format!(
                        "front matter names {} unknown topic{} ({}{}); ignored (known: {})",
                        unknown.len(),
                        if unknown.len() == 1 { "" } else { "s" },
                        shown.join(", "),
                        if more > 0 {
                            format!(" and {more} more")
                        } else {
                            String::new()
                        },
                        config
                            .topics
                            .iter()
                            .map(|t| t.slug.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )));
                }
                (kept, true)
            }
            None => (
                scores
                    .iter()
                    .filter(|s| s.member)
                    .map(|s| s.slug.clone())
                    .collect(),
                false,
            ),
        };
        let mut meta = split.front.clone();
        if let Some(given) = meta.slug.take() {
            let usable = crate::slug::slugify(&given);
            if usable != given {
                warnings.push(warn(format!(
                    "slug {given:?} is not a usable URL name (lowercase letters, digits and dashes, at most 72 characters); {}",
                    if usable.is_empty() { "the title's slug is used".to_string() } else { format!("{usable:?} is used") }
                )));
            }
            meta.slug = Some(usable).filter(|s| !s.is_empty());
        }
        // Front matter and page metadata are text: no markup survives in them either.
        let plain = |v: &Option<String>| v.as_deref().map(text_only).filter(|t| !t.is_empty());
        let title = text_only(&cleaned.title);
        meta.title = Some(title.clone());
        meta.source = plain(&meta.source);
        meta.author = plain(&meta.author);
        meta.place = plain(&meta.place);
        if let Some(url) = meta.url.take() {
            if crate::render::context::is_web_url(&url) {
                meta.url = Some(url);
            } else {
                warnings.push(warn(format!(
                    "url {url:?} is not an http(s) address; ignored"
                )));
            }
        }
        // Front matter wins; otherwise a dropped byline or date line supplies them.
        meta.author = meta.author.or_else(|| cleaned.byline.author.clone());
        // A date is parsed and written again in our own form, never passed through.
        let given = meta.date.take().and_then(|d| match Published::parse(&d) {
            Ok(p) => Some(p),
            Err(why) => {
                warnings.push(warn(format!("date {d:?} {why}; ignored")));
                None
            }
        });
        let published = given.or_else(|| {
            let inferred = cleaned.byline.date.as_deref()?;
            Published::parse(inferred).ok()
        });
        meta.date = published.map(|p| p.canonical());
        meta.place = meta.place.or_else(|| cleaned.byline.place.clone());
        let body_markdown = cleaned.body_markdown();
        let word_count = cleaned
            .blocks
            .iter()
            .map(|b| b.text.split_whitespace().count())
            .sum();
        let article = Article {
            slug: String::new(),
            title,
            summary: summary_of(&cleaned.blocks),
            body_markdown,
            scores,
            topics,
            topics_given,
            source_file: source.display.clone(),
            word_count,
            published,
            meta,
            version: 0,
        };
        (Some(article), Some(cleaned), warnings)
    }

    /// The cleaned document: `+++` front matter (with assigned topics) and markdown body.
    pub fn to_markdown(&self) -> String {
        let mut front = self.meta.clone();
        front.topics = Some(self.topics.clone());
        format!("{}\n{}", frontmatter::render(&front), self.body_markdown)
    }

    /// Minutes needed to read the body, at least one.
    pub fn reading_minutes(&self) -> usize {
        self.word_count.div_ceil(WORDS_PER_MINUTE).max(1)
    }

    /// Why the article is in `topic`, for the topic page.
    pub fn reason(&self, topic: &str) -> Reason {
        let score = self.scores.iter().find(|s| s.slug == topic);
        Reason {
            passage: score.map(|s| s.passage.clone()).unwrap_or_default(),
            terms: score
                .map(|s| {
                    s.terms
                        .iter()
                        .map(|t| {
                            if t.count > 1 {
                                format!("{} ×{}", t.term, t.count)
                            } else {
                                t.term.clone()
                            }
                        })
                        .collect()
                })
                .unwrap_or_default(),
            score: score.map_or(0.0, |s| s.score),
            assigned: self.topics_given,
        }
    }
}

/// The first paragraph of eight words or more (else the first block), shortened for lists.
fn summary_of(blocks: &[Block]) -> String {
    let first = blocks
        .iter()
        .find(|b| b.kind == BlockKind::Paragraph && b.text.split_whitespace().count() >= 8)
        .or_else(|| blocks.first())
        .map(|b| b.text.as_str())
        .unwrap_or("");
    shorten(first, SUMMARY_CHARS)
}

/// Markup removed, whitespace collapsed: for titles and metadata.
/// Markdown links to scripts keep only their text too: metadata is written into the
/// cleaned `index.md`, which other markdown viewers render.
fn text_only(text: &str) -> String {
    clean::markdown::defuse_links(&clean::markup::strip_markup(text))
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Shortens text to about `max` characters at a word boundary.
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let at = cut.rfind(' ').unwrap_or(cut.len());
    format!("{}…", cut[..at].trim_end_matches([',', ';', ':', ' ']))
}
