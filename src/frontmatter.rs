//! Optional `+++` TOML front matter at the top of a seed or cleaned article.

use serde::{Deserialize, Serialize};

/// Metadata an analyst can set by hand; every field overrides what is inferred.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// Article title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Publication date, `YYYY-MM-DD` or RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Publication or site the article came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Original URL of the article.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Author named in a byline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// Place named in the article's dateline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// Topic slugs; when present they replace the inferred topics.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topics: Option<Vec<String>>,
    /// URL slug of the article page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
    /// Language of the article (BCP 47), when the source says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Story id: articles with the same one are shown as one story.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub story: Option<String>,
}

/// A document split into its front matter and the text after it.
#[derive(Debug, Clone, PartialEq)]
pub struct Split<'a> {
    /// Parsed front matter (default when absent).
    pub front: FrontMatter,
    /// Text after the closing `+++`.
    pub body: &'a str,
    /// Number of lines the front matter block took, to report body line numbers.
    pub body_line: usize,
}

/// Why front matter could not be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct FrontMatterError {
    /// 1-based line in the file.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// Splits off a leading `+++ … +++` block; text without one is all body.
pub fn split(text: &str) -> Result<Split<'_>, FrontMatterError> {
    let trimmed = text.trim_start_matches('\u{feff}');
    let Some(after_open) = strip_fence(trimmed) else {
        return Ok(Split {
            front: FrontMatter::default(),
            body: trimmed,
            body_line: 1,
        });
    };
    let mut offset = 0;
    for line in after_open.split_inclusive('\n') {
        if line.trim_end() == "+++" {
            let toml_text = &after_open[..offset];
            let front: FrontMatter = toml::from_str(toml_text).map_err(|e| FrontMatterError {
                line: 1 + e
                    .span()
                    .map(|s| crate::error::line_of(toml_text, s.start))
                    .unwrap_or(1),
                message: e.message().trim().to_string(),
            })?;
            let body = &after_open[offset + line.len()..];
            let body_line = 2 + toml_text.matches('\n').count() + 1;
            return Ok(Split {
                front,
                body,
                body_line,
            });
        }
        offset += line.len();
    }
    Err(FrontMatterError {
        line: 1,
        message: "front matter opened with +++ is never closed".into(),
    })
}

fn strip_fence(text: &str) -> Option<&str> {
    let first_end = text.find('\n')?;
    (text[..first_end].trim_end() == "+++").then(|| &text[first_end + 1..])
}

/// Renders front matter as a `+++` block followed by a newline.
pub fn render(front: &FrontMatter) -> String {
    let body = toml::to_string(front).unwrap_or_default();
    format!("+++\n{body}+++\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_front_matter_is_all_body() {
        let s = split("Title\n\nBody").unwrap();
        assert_eq!(s.body, "Title\n\nBody");
        assert_eq!(s.front, FrontMatter::default());
    }

    #[test]
    fn reads_fields_and_body() {
        let s = split("+++\ntitle = \"T\"\ntopics = [\"a\"]\n+++\nBody\n").unwrap();
        assert_eq!(s.front.title.as_deref(), Some("T"));
        assert_eq!(s.front.topics, Some(vec!["a".to_string()]));
        assert_eq!(s.body, "Body\n");
        assert_eq!(s.body_line, 5);
    }

    #[test]
    fn errors_name_the_line() {
        let e = split("+++\ntitle = \"T\"\ndate = \n+++\n").unwrap_err();
        assert_eq!(e.line, 3, "{e}");
        let e = split("+++\ntitle = \"T\"\n").unwrap_err();
        assert!(e.message.contains("never closed"));
        let e = split("+++\nbogus = 1\n+++\n").unwrap_err();
        assert!(e.message.contains("bogus"), "{e}");
    }

    #[test]
    fn round_trips() {
        let front = FrontMatter {
            title: Some("A \"quoted\" title".into()),
            topics: Some(vec!["x".into()]),
            ..Default::default()
        };
        let text = format!("{}body", render(&front));
        assert_eq!(split(&text).unwrap().front, front);
    }
}
