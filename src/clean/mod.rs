//! Stage 3: raw article text → title + body blocks → markdown.
//!
//! The text is split into blocks (one per line), each block is measured
//! ([`features`]), checked against multilingual boilerplate lexicons ([`lexicon`]),
//! and classified in context ([`classify`]); what survives becomes markdown
//! ([`markdown`]). Every decision is kept so `--explain` can show it.

pub mod byline;
mod classify;
pub mod features;
pub mod lexicon;
pub mod markdown;
pub mod markup;
mod phrases;
mod stopwords;
pub mod template;
mod title;

pub use classify::{Decision, Verdict};

use std::borrow::Cow;

use crate::sources::SourceKind;

/// What a kept block is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// A body paragraph.
    Paragraph,
    /// A subheading, with its markdown level (2–4).
    Heading(u8),
    /// A list item; `ordered` lists are numbered.
    ListItem {
        /// Numbered (`1.`) rather than bulleted.
        ordered: bool,
    },
}

/// A block of the cleaned article body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// Paragraph, heading or list item.
    pub kind: BlockKind,
    /// The text, without list markers or `#`.
    pub text: String,
}

/// The result of cleaning one input.
#[derive(Debug, Clone)]
pub struct Cleaned {
    /// The article title (inferred, or from front matter).
    pub title: String,
    /// Body blocks in reading order.
    pub blocks: Vec<Block>,
    /// One decision per input line, for `--explain`.
    pub decisions: Vec<Decision>,
    /// How the input was written, which decides markdown escaping.
    pub kind: SourceKind,
    /// Author and date found in dropped byline and date lines.
    pub byline: byline::Byline,
}

impl Cleaned {
    /// The body as markdown (no title, no front matter).
    pub fn body_markdown(&self) -> String {
        markdown::render(&self.blocks, self.kind)
    }
}

/// Cleans raw article text. `given_title` (from front matter) replaces the inferred title.
/// `first_line` is the file line the text starts on, for explanations; `template` holds
/// lines that recur across the site's seeds.
pub fn clean(
    text: &str,
    kind: SourceKind,
    given_title: Option<&str>,
    first_line: usize,
    template: &template::SiteTemplate,
) -> Cleaned {
    let stripped = markup::strip_markup(&normalise_line_ends(text));
    classify::classify(&stripped, kind, given_title, first_line, template)
}

/// CRLF and lone CR become LF; other control characters (except tab) are dropped.
fn normalise_line_ends(text: &str) -> Cow<'_, str> {
    // Most inputs have nothing to change: check the bytes before copying anything.
    // C0 controls and DEL are single bytes; C1 controls (U+0080..U+009F) are C2 80..C2 9F.
    let bytes = text.as_bytes();
    let clean = !bytes.iter().enumerate().any(|(i, &b)| {
        (b < 0x20 && b != b'\n' && b != b'\t')
            || b == 0x7F
            || (b == 0xC2 && bytes.get(i + 1).is_some_and(|n| (0x80..=0x9F).contains(n)))
    });
    if clean {
        return Cow::Borrowed(text);
    }
    let unified = text.replace("\r\n", "\n").replace('\r', "\n");
    Cow::Owned(
        unified
            .chars()
            .filter(|&c| c == '\n' || c == '\t' || !c.is_control())
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_ends_and_controls_are_normalised() {
        assert_eq!(normalise_line_ends("a\r\nb\rc\n\td"), "a\nb\nc\n\td");
        assert_eq!(
            normalise_line_ends("bell\u{7}, del\u{7f}, nel\u{85}."),
            "bell, del, nel."
        );
        // Non-control characters that share the C2 lead byte stay.
        assert_eq!(normalise_line_ends("\u{a0}£§"), "\u{a0}£§");
        assert!(matches!(
            normalise_line_ends("tidy\ntext"),
            Cow::Borrowed(_)
        ));
    }
}
