//! Where a setting sits in `site.toml`, so that an error names the line to change.

use serde::Deserialize;
use toml::Spanned;

use crate::error::line_of;

/// The positions of the settings whose values are checked after parsing.
#[derive(Debug, Default, Deserialize)]
struct Spans {
    #[serde(default)]
    base_url: Option<Spanned<toml::Value>>,
    #[serde(default)]
    topics: Vec<TopicSpans>,
}

#[derive(Debug, Deserialize)]
struct TopicSpans {
    #[serde(default)]
    slug: Option<Spanned<toml::Value>>,
}

/// Finds the lines of checked settings in one configuration text.
pub(super) struct Locator<'a> {
    text: &'a str,
    spans: Spans,
}

impl<'a> Locator<'a> {
    /// Reads the positions; text that does not parse locates nothing.
    pub(super) fn new(text: &'a str) -> Self {
        Locator {
            text,
            spans: toml::from_str(text).unwrap_or_default(),
        }
    }

    /// The line of `base_url`'s value.
    pub(super) fn base_url(&self) -> Option<usize> {
        let span = self.spans.base_url.as_ref()?.span();
        Some(line_of(self.text, span.start))
    }

    /// The line of the `slug` of the `index`-th topic (0-based, in file order), so that a
    /// problem with a later topic is not reported at an earlier one of the same name.
    pub(super) fn topic(&self, index: usize) -> Option<usize> {
        let span = self.spans.topics.get(index)?.slug.as_ref()?.span();
        Some(line_of(self.text, span.start))
    }
}

/// The 1-based line where `key = …` is set in `table` (`None`: the top level).
pub fn key_line(text: &str, table: Option<&str>, key: &str) -> Option<usize> {
    let mut current: Option<String> = None;
    for (i, line) in text.lines().enumerate() {
        let t = line.trim();
        if let Some(header) = t.strip_prefix('[') {
            let name = header.trim_start_matches('[');
            let name = name.split(']').next().unwrap_or("").trim();
            current = Some(name.to_string());
            continue;
        }
        let here = match (table, &current) {
            (None, None) => true,
            (Some(want), Some(have)) => want == have,
            _ => false,
        };
        let sets_key = t
            .strip_prefix(key)
            .is_some_and(|rest| rest.trim_start().starts_with('='));
        if here && sets_key {
            return Some(i + 1);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topics_are_located_by_position_not_by_name() {
        let text = "title = \"a\"\n# base_url in a comment\nbase_url = \"x\"\n\
            [[topics]]\nname = \"a\"\nslug = \"a\"\n[[topics]]\nname = \"b\"\n\nslug = \"a\"\n";
        let at = Locator::new(text);
        assert_eq!(at.base_url(), Some(3));
        assert_eq!(at.topic(0), Some(6));
        assert_eq!(at.topic(1), Some(10));
        assert_eq!(at.topic(2), None);
    }
}
