//! One article on its way through the pipeline: document → cleaned → scored.

mod process;

use serde::Serialize;

use crate::clean::template::SiteTemplate;
use crate::clean::{self, Block, BlockKind, Cleaned};
use crate::config::SiteConfig;
use crate::date::Published;
use crate::error::Warning;
use crate::frontmatter::{self, FrontMatter};
use crate::sources::{DocId, Document, SourceFile, SourceKind, single_document};
use crate::topics::{TopicIndex, TopicScore};
pub use process::{Cleaner, Processed};

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
    /// Cleaned body: paragraphs, subheadings and list items, in order. Block `n` is the
    /// element with the anchor `#pn` on the article's page.
    pub blocks: Vec<Block>,
    /// How the body is written (text is escaped when written as markdown).
    pub markup: SourceKind,
    /// Score against every topic of the site.
    pub scores: Vec<TopicScore>,
    /// Slugs of the topics the article belongs to.
    pub topics: Vec<String>,
    /// True when the topics were set in front matter rather than inferred.
    pub topics_given: bool,
    /// The document it was made from (its file and, for exports, its record).
    pub id: DocId,
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
    /// Cleans and scores one document (see [`Cleaner::process`]).
    pub fn from_document(doc: &Document, cleaner: &Cleaner) -> Processed {
        cleaner.process(doc)
    }

    /// Cleans and scores one file that is a single article, as `clean` and the tests
    /// read it: the article (if any text survives), the full cleaning result for
    /// explanations, and warnings.
    pub fn from_source(
        source: &SourceFile,
        index: &TopicIndex,
        config: &SiteConfig,
        template: &SiteTemplate,
    ) -> (Option<Article>, Option<Cleaned>, Vec<Warning>) {
        let doc = match single_document(source.clone()) {
            Ok(doc) => doc,
            Err(w) => return (None, None, vec![w]),
        };
        let p = Cleaner {
            index,
            config,
            template,
        }
        .process(&doc);
        (p.article, p.cleaned, p.warnings)
    }

    /// The cleaned document: `+++` front matter (with assigned topics) and markdown body.
    pub fn to_markdown(&self) -> String {
        let mut front = self.meta.clone();
        front.topics = Some(self.topics.clone());
        format!("{}\n{}", frontmatter::render(&front), self.body_markdown())
    }

    /// The cleaned body as markdown (no title, no front matter).
    pub fn body_markdown(&self) -> String {
        clean::markdown::render(&self.blocks, self.markup)
    }

    /// The body's first `most` paragraphs as plain text (inline markup removed), each
    /// with its block number, for passes that quote them (key points).
    pub fn paragraphs(&self, most: usize) -> Vec<(usize, String)> {
        self.blocks
            .iter()
            .enumerate()
            .filter(|(_, b)| b.kind == BlockKind::Paragraph)
            .take(most)
            .map(|(i, b)| (i, plain_text(&b.text, self.markup)))
            .collect()
    }

    /// The body's paragraphs as plain text, borrowed where no markup had to go.
    pub fn paragraph_texts(&self) -> impl Iterator<Item = std::borrow::Cow<'_, str>> {
        self.blocks
            .iter()
            .filter(|b| b.kind == BlockKind::Paragraph)
            .map(|b| match self.markup {
                SourceKind::Text => std::borrow::Cow::Borrowed(b.text.as_str()),
                _ => std::borrow::Cow::Owned(plain_text(&b.text, self.markup)),
            })
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

/// A block's text as a reader sees it: markdown's inline markup (links, emphasis,
/// escapes) removed; plain-text blocks are already that.
pub fn plain_text(text: &str, markup: SourceKind) -> String {
    if markup == SourceKind::Text {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    for event in pulldown_cmark::Parser::new(text) {
        match event {
            pulldown_cmark::Event::Text(t) | pulldown_cmark::Event::Code(t) => out.push_str(&t),
            pulldown_cmark::Event::SoftBreak | pulldown_cmark::Event::HardBreak => out.push(' '),
            _ => {}
        }
    }
    out
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
