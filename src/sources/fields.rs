//! Records of scrapers' exports (JSON, CSV) as documents: which field is the body, the
//! title, the URL… Common names work without configuration; `[sources]` adds more.

use serde_json::Value;

use crate::config::SourcesConfig;
use crate::fingerprint::fingerprint_bytes;
use crate::frontmatter::FrontMatter;

use super::SourceKind;
use super::document::{DocId, Document, RecordKey};

/// Body fields of plain text, most specific first (trafilatura, newspaper4k, news-please,
/// Apify, Scrapy items).
const TEXT: &[&str] = &["text", "maintext", "body", "content", "article", "raw_text"];
const HTML: &[&str] = &["html", "content_html", "body_html", "raw_html"];
const MARKDOWN: &[&str] = &["markdown", "content_markdown"];
const TITLE: &[&str] = &["title", "headline"];
const URL: &[&str] = &[
    "url",
    "link",
    "source_url",
    "canonical_url",
    "canonicalUrl",
    "loadedUrl",
    "href",
];
const DATE: &[&str] = &[
    "date",
    "published",
    "date_publish",
    "pubDate",
    "publish_date",
    "published_at",
    "datePublished",
    "date_published",
    "publication_date",
];
const AUTHOR: &[&str] = &["author", "authors", "byline", "creator"];
const SITE: &[&str] = &[
    "sitename",
    "source",
    "site",
    "site_name",
    "source_domain",
    "publisher",
    "hostname",
];
const ID: &[&str] = &["id", "_id", "uuid", "guid", "article_id"];
const LANGUAGE: &[&str] = &["language", "lang", "meta_lang", "languageCode"];

/// Field names for each part of a record: the site's own (from `[sources]`) first.
#[derive(Debug, Clone)]
pub struct FieldMap {
    text: Vec<String>,
    html: Vec<String>,
    markdown: Vec<String>,
    title: Vec<String>,
    url: Vec<String>,
    date: Vec<String>,
    author: Vec<String>,
    site: Vec<String>,
    id: Vec<String>,
    language: Vec<String>,
}

fn names(own: &[String], common: &[&str]) -> Vec<String> {
    own.iter()
        .cloned()
        .chain(common.iter().map(|s| s.to_string()))
        .collect()
}

impl FieldMap {
    /// The common names, after the site's own.
    pub fn new(own: &SourcesConfig) -> FieldMap {
        FieldMap {
            text: names(&own.text, TEXT),
            html: names(&own.html, HTML),
            markdown: names(&own.markdown, MARKDOWN),
            title: names(&own.title, TITLE),
            url: names(&own.url, URL),
            date: names(&own.date, DATE),
            author: names(&own.author, AUTHOR),
            site: names(&own.site, SITE),
            id: names(&own.id, ID),
            language: names(&own.language, LANGUAGE),
        }
    }

    /// The body field names, for a warning about a record that has none.
    pub fn body_names(&self) -> String {
        let mut all: Vec<&str> = self.text.iter().map(String::as_str).collect();
        all.extend(self.html.iter().map(String::as_str));
        all.extend(self.markdown.iter().map(String::as_str));
        all.join(", ")
    }
}

/// A record whose fields can be looked up by name.
pub trait Record {
    /// The field's value as text (lists joined, numbers written), if present and not empty.
    fn field(&self, name: &str) -> Option<String>;
}

impl Record for serde_json::Map<String, Value> {
    fn field(&self, name: &str) -> Option<String> {
        // Exact name first, then any case; Apify-style records nest metadata one level.
        let found = self
            .get(name)
            .or_else(|| {
                self.iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(name))
                    .map(|(_, v)| v)
            })
            .or_else(|| {
                self.get("metadata")
                    .and_then(Value::as_object)
                    .and_then(|m| m.get(name))
            })?;
        value_text(found).filter(|t| !t.trim().is_empty())
    }
}

/// A JSON value as text: strings as they are, numbers written, lists of names joined,
/// an object by its `name` (authors as `{ "name": … }`).
fn value_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().filter_map(value_text).collect();
            (!parts.is_empty()).then(|| parts.join(", "))
        }
        Value::Object(o) => o.get("name").and_then(value_text),
        Value::Bool(_) | Value::Null => None,
    }
}

/// Whether a body written in a text field is really HTML (RSS-style `content`).
fn looks_like_html(text: &str) -> bool {
    let head = text.trim_start();
    let head = &head[..head.len().min(2048)];
    head.starts_with('<')
        && [
            "<p", "<div", "<html", "<article", "<br", "<h1", "<h2", "<span",
        ]
        .iter()
        .any(|tag| head.to_ascii_lowercase().contains(tag))
}

/// Where a record is in its file.
#[derive(Debug, Clone, Copy)]
pub struct Position {
    /// 1-based record number.
    pub index: usize,
    /// 1-based line where it starts, when the format has lines.
    pub line: Option<usize>,
}

impl Position {
    /// "line 12" or "record 3", for messages.
    pub fn place(&self) -> String {
        match self.line {
            Some(l) => format!("line {l}"),
            None => format!("record {}", self.index),
        }
    }
}

/// Turns a record into a document, or says what it lacks.
pub fn to_document(
    record: &dyn Record,
    fields: &FieldMap,
    file: &str,
    at: Position,
    raw: &[u8],
) -> Result<Document, String> {
    let first = |names: &[String]| names.iter().find_map(|n| record.field(n));
    let (kind, body) = if let Some(html) = first(&fields.html) {
        (SourceKind::Html, html)
    } else if let Some(md) = first(&fields.markdown) {
        (SourceKind::Markdown, md)
    } else if let Some(text) = first(&fields.text) {
        let kind = if looks_like_html(&text) {
            SourceKind::Html
        } else {
            SourceKind::Text
        };
        (kind, text)
    } else {
        return Err(format!(
            "has no article text (looked for a field named {}); skipped",
            fields.body_names()
        ));
    };
    let url = first(&fields.url).filter(|u| u.starts_with("http://") || u.starts_with("https://"));
    let key = match (&url, first(&fields.id)) {
        (Some(u), _) => RecordKey::Url(u.clone()),
        (None, Some(id)) => RecordKey::Id(id),
        (None, None) => RecordKey::Index(at.line.unwrap_or(at.index)),
    };
    let meta = FrontMatter {
        title: first(&fields.title),
        date: first(&fields.date),
        source: first(&fields.site),
        url,
        author: first(&fields.author),
        language: first(&fields.language),
        ..FrontMatter::default()
    };
    Ok(Document {
        id: DocId {
            file: file.to_string(),
            record: Some(key),
        },
        place: at.place(),
        kind,
        body,
        body_line: 1,
        meta,
        hash: fingerprint_bytes(raw),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(json: &str) -> serde_json::Map<String, Value> {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn common_field_names_are_found() {
        let fields = FieldMap::new(&SourcesConfig::default());
        let at = Position {
            index: 1,
            line: Some(1),
        };
        // newspaper4k-style: a list of authors, publish_date, source_url.
        let r = record(
            r#"{"title":"Talks resume","text":"Officials met.","authors":["Kim Min-ji","Lee Jun"],"publish_date":"2025-11-03","url":"https://news.example/a"}"#,
        );
        let d = to_document(&r, &fields, "x.jsonl", at, b"").unwrap();
        assert_eq!(d.kind, SourceKind::Text);
        assert_eq!(d.meta.author.as_deref(), Some("Kim Min-ji, Lee Jun"));
        assert_eq!(d.meta.date.as_deref(), Some("2025-11-03"));
        assert_eq!(
            d.id.record,
            Some(RecordKey::Url("https://news.example/a".into()))
        );
        // Apify-style nested metadata, HTML in a content field.
        let r = record(r#"{"content":"<p>Body</p><p>More</p>","metadata":{"title":"Nested"}}"#);
        let d = to_document(&r, &fields, "x.json", at, b"").unwrap();
        assert_eq!(d.kind, SourceKind::Html);
        assert_eq!(d.meta.title.as_deref(), Some("Nested"));
        assert_eq!(d.id.record, Some(RecordKey::Index(1)));
    }

    #[test]
    fn the_sites_own_names_come_first_and_missing_text_is_said() {
        let own = SourcesConfig {
            text: vec!["article_text".into()],
            ..SourcesConfig::default()
        };
        let fields = FieldMap::new(&own);
        let at = Position {
            index: 4,
            line: None,
        };
        let r = record(r#"{"article_text":"Own field.","text":"Common field."}"#);
        assert_eq!(
            to_document(&r, &fields, "x", at, b"").unwrap().body,
            "Own field."
        );
        let err = to_document(
            &record(r#"{"title":"Only a title"}"#),
            &fields,
            "x",
            at,
            b"",
        )
        .unwrap_err();
        assert!(
            err.contains("article_text") && err.contains("maintext"),
            "{err}"
        );
        assert_eq!(at.place(), "record 4");
    }
}
