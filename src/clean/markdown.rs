//! Writes cleaned blocks as CommonMark.

use std::borrow::Cow;

use super::{Block, BlockKind};
use crate::sources::SourceKind;

/// Renders blocks as markdown; plain-text input is escaped so it reads back as the same text.
pub fn render(blocks: &[Block], kind: SourceKind) -> String {
    let size: usize = blocks.iter().map(|b| b.text.len() + 8).sum();
    let mut out = String::with_capacity(size + size / 16);
    let mut number = 0;
    for (i, block) in blocks.iter().enumerate() {
        let prev = i.checked_sub(1).map(|p| blocks[p].kind);
        let text: Cow<'_, str> = match kind {
            SourceKind::Text => Cow::Owned(escape(&block.text)),
            SourceKind::Markdown | SourceKind::Html => defuse_links(&block.text),
        };
        match block.kind {
            BlockKind::ListItem { ordered } => {
                let continues =
                    matches!(prev, Some(BlockKind::ListItem { ordered: o }) if o == ordered);
                if !continues && !out.is_empty() {
                    out.push('\n');
                }
                number = if continues { number + 1 } else { 1 };
                if ordered {
                    out.push_str(&format!("{number}. {text}\n"));
                } else {
                    out.push_str(&format!("- {text}\n"));
                }
            }
            BlockKind::Heading(level) => {
                if !out.is_empty() {
                    out.push('\n');
                }
                out.push_str(&"#".repeat(level as usize));
                out.push(' ');
                out.push_str(&text);
                out.push('\n');
            }
            BlockKind::Paragraph => {
                if !out.is_empty() {
                    out.push('\n');
                }
                push_escaping_line_start(&mut out, &text);
                out.push('\n');
            }
        }
    }
    out
}

/// Markdown links and images whose target is not a web or mail address keep only their
/// text, so `[x](javascript:…)` cannot reach the cleaned `index.md` either.
pub fn defuse_links(text: &str) -> Cow<'_, str> {
    static UNSAFE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?i)!?\[([^\]]*)\]\(\s*<?\s*(?:javascript|vbscript|data|file)\s*:(?:[^()]|\([^()]*\))*\)")
            .unwrap_or_else(|e| panic!("{e}"))
    });
    UNSAFE.replace_all(text, "$1")
}

/// The bytes that [`escape`] escapes, as a table: a `match` on them compiled to a jump
/// per byte of every paragraph.
const SPECIAL: [bool; 256] = {
    let mut table = [false; 256];
    let specials = b"\\`*_[]<>|";
    let mut i = 0;
    while i < specials.len() {
        table[specials[i] as usize] = true;
        i += 1;
    }
    table
};

/// Escapes characters that would turn plain text into markup.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut rest = text;
    // The specials are ASCII, so a byte search never splits a character; most text has
    // none, and whole runs between them are copied at once.
    while let Some(at) = rest.bytes().position(|b| SPECIAL[b as usize]) {
        out.push_str(&rest[..at]);
        out.push('\\');
        out.push_str(&rest[at..=at]);
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
    out
}

/// A paragraph starting with `#`, `-`, `+`, `=` or `1.` would become another block type:
/// its first marker is escaped as it is written out.
fn push_escaping_line_start(out: &mut String, text: &str) {
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    let numbered = digits > 0 && text[digits..].starts_with(['.', ')']);
    if text.starts_with(['#', '-', '+', '=']) {
        out.push('\\');
        out.push_str(text);
    } else if numbered {
        out.push_str(&text[..digits]);
        out.push('\\');
        out.push_str(&text[digits..]);
    } else {
        out.push_str(text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> Block {
        Block {
            kind: BlockKind::Paragraph,
            text: text.into(),
        }
    }

    #[test]
    fn blocks_become_markdown() {
        let blocks = vec![
            p("Intro."),
            Block {
                kind: BlockKind::Heading(2),
                text: "Sub".into(),
            },
            Block {
                kind: BlockKind::ListItem { ordered: false },
                text: "one".into(),
            },
            Block {
                kind: BlockKind::ListItem { ordered: false },
                text: "two".into(),
            },
            p("End costs $350 billion."),
        ];
        assert_eq!(
            render(&blocks, SourceKind::Text),
            "Intro.\n\n## Sub\n\n- one\n- two\n\nEnd costs $350 billion.\n"
        );
    }

    #[test]
    fn markdown_links_to_scripts_lose_their_target() {
        let out = render(
            &[p(
                "See [this](JavaScript:alert(1)) and ![i](data:image/svg+xml;x) or [ok](https://e.org).",
            )],
            SourceKind::Markdown,
        );
        assert_eq!(out, "See this and i or [ok](https://e.org).\n");
    }

    #[test]
    fn plain_text_cannot_inject_markup() {
        let out = render(
            &[p("1. a <b>*x*</b> [l](javascript:alert(1))")],
            SourceKind::Text,
        );
        assert_eq!(
            out,
            "1\\. a \\<b\\>\\*x\\*\\</b\\> \\[l\\](javascript:alert(1))\n"
        );
    }
}
