//! One document through the per-article stages: page extraction, cleaning, topic scoring,
//! and settling its metadata. Each step is a function of its own.

use crate::clean::page as html;
use crate::clean::template::SiteTemplate;
use crate::clean::{self, Cleaned};
use crate::config::SiteConfig;
use crate::date::Published;
use crate::error::Warning;
use crate::frontmatter::FrontMatter;
use crate::sources::{Document, SourceKind};
use crate::topics::{TopicIndex, TopicScore};

use super::{Article, summary_of, text_only};

/// What cleaning one document needs from the site.
#[derive(Clone, Copy)]
pub struct Cleaner<'a> {
    /// The site's topic matcher.
    pub index: &'a TopicIndex,
    /// The site's settings.
    pub config: &'a SiteConfig,
    /// Lines recurring across the site's documents.
    pub template: &'a SiteTemplate,
}

/// One document, cleaned and scored.
#[derive(Debug)]
pub struct Processed {
    /// The article, when any text survives.
    pub article: Option<Article>,
    /// The full cleaning result, for `--explain`.
    pub cleaned: Option<Cleaned>,
    /// Problems with this document that did not stop it.
    pub warnings: Vec<Warning>,
}

/// A document's body ready for the text cleaner: a page reduced to its article.
struct Body<'a> {
    text: std::borrow::Cow<'a, str>,
    kind: SourceKind,
    meta: FrontMatter,
    line: usize,
    /// The text is the article an extractor took from a web page.
    from_page: bool,
}

impl Cleaner<'_> {
    /// Cleans and scores one document.
    pub fn process(&self, doc: &Document) -> Processed {
        let label = doc.label();
        let mut warnings = Vec::new();
        let mut warn = |message: String| {
            warnings.push(Warning {
                file: label.clone(),
                message,
            })
        };
        let body = extract(doc, &mut warn);
        let title = body.meta.title.as_deref();
        let cleaned = if body.from_page {
            clean::clean_page(&body.text, title, self.template)
        } else {
            clean::clean(&body.text, body.kind, title, body.line, self.template)
        };
        cleaned.warnings.iter().for_each(|w| warn(w.clone()));
        if cleaned.blocks.is_empty() {
            let lines = cleaned.decisions.len();
            warn(format!(
                "no article text left after cleaning ({lines} lines, all boilerplate or empty); skipped"
            ));
            return Processed {
                article: None,
                cleaned: Some(cleaned),
                warnings,
            };
        }
        let scores = self.index.assess(&cleaned.title, &cleaned.blocks);
        let (topics, topics_given) = self.topics(&body.meta, &scores, &mut warn);
        let (meta, published) = settle_meta(body.meta, &cleaned, &mut warn);
        let word_count = cleaned
            .blocks
            .iter()
            .map(|b| crate::text::words::count(&b.text))
            .sum();
        let article = Article {
            slug: String::new(),
            title: meta.title.clone().unwrap_or_default(),
            summary: summary_of(&cleaned.blocks),
            blocks: cleaned.blocks.clone(),
            markup: cleaned.kind,
            scores,
            topics,
            topics_given,
            id: doc.id.clone(),
            word_count,
            published,
            meta,
            version: 0,
        };
        Processed {
            article: Some(article),
            cleaned: Some(cleaned),
            warnings,
        }
    }

    /// The topics given in front matter (unknown ones are one warning), or else those
    /// the article was scored into.
    fn topics(
        &self,
        meta: &FrontMatter,
        scores: &[TopicScore],
        warn: &mut dyn FnMut(String),
    ) -> (Vec<String>, bool) {
        let Some(given) = &meta.topics else {
            let inferred = scores.iter().filter(|s| s.member).map(|s| s.slug.clone());
            return (inferred.collect(), false);
        };
        let mut kept = Vec::new();
        let mut unknown: Vec<&str> = Vec::new();
        for slug in given {
            if self.config.topic(slug).is_none() {
                unknown.push(slug);
            } else if !kept.contains(slug) {
                kept.push(slug.clone());
            }
        }
        if !unknown.is_empty() {
            // One warning however many: a generated file may list thousands.
            let shown: Vec<String> = unknown.iter().take(3).map(|s| format!("{s:?}")).collect();
            let more = unknown.len().saturating_sub(3);
            let known: Vec<&str> = self.config.topics.iter().map(|t| t.slug.as_str()).collect();
            warn(format!(
                "front matter names {} unknown topic{} ({}{}); ignored (known: {})",
                unknown.len(),
                if unknown.len() == 1 { "" } else { "s" },
                shown.join(", "),
                if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                },
                known.join(", ")
            ));
        }
        (kept, true)
    }
}

/// A saved page (a file or a record) is reduced to its main article as markdown; the
/// page's own metadata fills what the document does not say.
fn extract<'a>(doc: &'a Document, warn: &mut dyn FnMut(String)) -> Body<'a> {
    if doc.kind != SourceKind::Html {
        return Body {
            text: std::borrow::Cow::Borrowed(&doc.body),
            kind: doc.kind,
            meta: doc.meta.clone(),
            line: doc.body_line,
            from_page: false,
        };
    }
    let page = html::extract(&doc.body);
    if let Some(w) = &page.warning {
        warn(w.clone());
    }
    Body {
        text: std::borrow::Cow::Owned(page.markdown),
        kind: SourceKind::Markdown,
        meta: under(doc.meta.clone(), page.meta),
        line: 1,
        from_page: true,
    }
}

/// `first`, with each field it lacks taken from `then`.
fn under(first: FrontMatter, then: FrontMatter) -> FrontMatter {
    FrontMatter {
        title: first.title.or(then.title),
        date: first.date.or(then.date),
        source: first.source.or(then.source),
        url: first.url.or(then.url),
        author: first.author.or(then.author),
        place: first.place.or(then.place),
        topics: first.topics.or(then.topics),
        slug: first.slug.or(then.slug),
        language: first.language.or(then.language),
        story: first.story.or(then.story),
    }
}

/// Metadata as the site shows it: text only, a usable slug, an http(s) URL, a parsed
/// date; bylines and datelines the cleaner removed fill what the document lacks.
fn settle_meta(
    mut meta: FrontMatter,
    cleaned: &Cleaned,
    warn: &mut dyn FnMut(String),
) -> (FrontMatter, Option<Published>) {
    if let Some(given) = meta.slug.take() {
        let usable = crate::slug::slugify(&given);
        if usable != given {
            warn(format!(
                "slug {given:?} is not a usable URL name (lowercase letters, digits and dashes, at most 72 characters); {}",
                if usable.is_empty() {
                    "the title's slug is used".to_string()
                } else {
                    format!("{usable:?} is used")
                }
            ));
        }
        meta.slug = Some(usable).filter(|s| !s.is_empty());
    }
    // Front matter and page metadata are text: no markup survives in them either.
    let plain = |v: &Option<String>| v.as_deref().map(text_only).filter(|t| !t.is_empty());
    meta.title = Some(text_only(&cleaned.title));
    meta.source = plain(&meta.source);
    meta.author = plain(&meta.author);
    meta.place = plain(&meta.place);
    meta.story = plain(&meta.story);
    meta.language = plain(&meta.language);
    if let Some(url) = meta.url.take() {
        if crate::text::url::is_web_url(&url) {
            meta.url = Some(url);
        } else {
            warn(format!("url {url:?} is not an http(s) address; ignored"));
        }
    }
    // The document wins; otherwise a dropped byline or date line supplies them.
    meta.author = meta.author.or_else(|| cleaned.byline.author.clone());
    meta.place = meta.place.or_else(|| cleaned.byline.place.clone());
    // A date is parsed and written again in our own form, never passed through.
    let given = meta.date.take().and_then(|d| match Published::parse(&d) {
        Ok(p) => Some(p),
        Err(why) => {
            warn(format!("date {d:?} {why}; ignored"));
            None
        }
    });
    let published = given.or_else(|| Published::parse(cleaned.byline.date.as_deref()?).ok());
    meta.date = published.map(|p| p.canonical());
    (meta, published)
}
