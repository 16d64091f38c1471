//! `[sources]`: the field names of scrapers' exports, beyond the common ones.

use serde::Deserialize;

/// Extra field names for each part of a record; they are tried before the built-in names.
///
/// ```toml
/// [sources]
/// text = ["article_text"]
/// title = ["heading"]
/// date = ["first_seen"]
/// ```
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub struct SourcesConfig {
    /// Fields holding the body as plain text.
    pub text: Vec<String>,
    /// Fields holding the body as HTML.
    pub html: Vec<String>,
    /// Fields holding the body as markdown.
    pub markdown: Vec<String>,
    /// The headline.
    pub title: Vec<String>,
    /// The article's address.
    pub url: Vec<String>,
    /// The publication date.
    pub date: Vec<String>,
    /// The author or authors.
    pub author: Vec<String>,
    /// The outlet.
    pub site: Vec<String>,
    /// The record's own identifier.
    pub id: Vec<String>,
    /// The language.
    pub language: Vec<String>,
}
