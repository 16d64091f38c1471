//! A page's shape, measured on its bytes before it is parsed: how deep its elements nest
//! and how many there are.
//!
//! Parsing and readability both slow down with nesting: the parser checks the open
//! elements for many tags, and readability scores every ancestor of every paragraph, so
//! 20,000 nested `<div>`s took 81 s. Text costs too: the parser makes a piece of every
//! `&` and stray `<`, and html5ever 0.40's serialiser rescans the rest of a text for each
//! `&` or Latin-1 sign in it (a megabyte of `&` took 28 s). A page past these caps is read
//! as plain text instead, in one linear pass.

use std::collections::HashMap;

/// Deepest nesting read as a page; real pages nest a few dozen elements, rarely 200.
pub(super) const MAX_DEPTH: usize = 400;
/// Most elements read as a page; real articles have a few thousand.
pub(super) const MAX_ELEMENTS: usize = 60_000;
/// Most total depth (each element's depth, added up): readability's work grows with it.
pub(super) const MAX_DEPTH_SUM: usize = 1_500_000;
/// Most `&` and stray `<` in the page's text; real pages have a few hundred.
pub(super) const MAX_TEXT_PIECES: usize = 50_000;
/// Most serialising work: for each run of text, its `&` and Latin-1 signs times its
/// length, added up. Real pages stay under ten million.
pub(super) const MAX_ESCAPE_WORK: usize = 1_000_000_000;

/// Elements that never have content, or whose end the parser supplies when a sibling
/// opens: neither deepens the tree.
const FLAT: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "thead",
    "tbody", "tfoot", "colgroup", "rb", "rt", "rtc", "rp", "html", "head", "body",
];
/// Elements whose content is raw text up to their closing tag.
const RAW_TEXT: &[&str] = &[
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript",
];

/// How a page's elements nest.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Shape {
    /// Deepest nesting of elements.
    pub depth: usize,
    /// Elements opened.
    pub elements: usize,
    /// Each element's depth, added up.
    pub depth_sum: usize,
    /// `&` and `<` in the text outside tags.
    pub text_pieces: usize,
    /// For each run of text between tags, its `&` and Latin-1 signs times its length.
    pub escape_work: usize,
}

impl Shape {
    /// Why the page is too large or too deep to parse as a page, if it is.
    pub(super) fn excess(&self) -> Option<String> {
        if self.depth > MAX_DEPTH {
            Some(format!(
                "nests elements {} deep (the limit is {MAX_DEPTH})",
                self.depth
            ))
        } else if self.elements > MAX_ELEMENTS {
            Some(format!(
                "has more than {MAX_ELEMENTS} elements (the limit for a page)"
            ))
        } else if self.depth_sum > MAX_DEPTH_SUM {
            Some(format!(
                "nests its {} elements too deeply ({} levels in all, the limit is {MAX_DEPTH_SUM})",
                self.elements, self.depth_sum
            ))
        } else if self.text_pieces > MAX_TEXT_PIECES || self.escape_work > MAX_ESCAPE_WORK {
            Some(format!(
                "has {} `&` and `<` in its text, more than a page holds",
                self.text_pieces
            ))
        } else {
            None
        }
    }

    /// Counts a run of text between tags.
    fn add_text(&mut self, run: &[u8]) {
        // `&` and the lead byte of U+0080..U+00BF (no-break space, `«`, `©`, `·`).
        let signs = run.iter().filter(|&&b| b == b'&' || b == 0xC2).count();
        self.text_pieces += run.iter().filter(|&&b| b == b'&').count();
        self.escape_work = self.escape_work.saturating_add(signs * run.len());
    }
}

/// A tag name lower-cased into one integer (names longer than 16 bytes are cut).
fn key(name: &[u8]) -> u128 {
    let mut buf = [0u8; 16];
    for (slot, b) in buf.iter_mut().zip(name) {
        *slot = b.to_ascii_lowercase();
    }
    u128::from_le_bytes(buf)
}

/// Measures a page in one pass. A closing tag closes an element only when one of that
/// name is open (the parser ignores stray ones too), so `<div></span>` repeated still
/// counts as deep. Stops counting once a cap is passed.
pub(super) fn measure(html: &str) -> Shape {
    let bytes = html.as_bytes();
    let flat: Vec<u128> = FLAT.iter().map(|n| key(n.as_bytes())).collect();
    let mut open: HashMap<u128, usize> = HashMap::new();
    let mut shape = Shape::default();
    let mut depth = 0usize;
    let mut pos = 0;
    let mut text_start = 0;
    while let Some(lt) = html[pos..].find('<').map(|at| pos + at) {
        shape.add_text(&bytes[text_start..lt]);
        if shape.excess().is_some() {
            return shape;
        }
        text_start = lt;
        let rest = &bytes[lt + 1..];
        if rest.starts_with(b"!--") {
            pos = html[lt..].find("-->").map_or(bytes.len(), |e| lt + e + 3);
            continue;
        }
        let closing = rest.first() == Some(&b'/');
        let name_start = lt + 1 + usize::from(closing);
        let name_len = bytes[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b':'))
            .count();
        if name_len == 0 || !bytes[name_start].is_ascii_alphabetic() {
            // A `<` that opens no tag is a piece of text of its own.
            shape.text_pieces += 1;
            pos = lt + 1;
            text_start = pos;
            continue;
        }
        let name = &bytes[name_start..name_start + name_len];
        // A tag ends at its `>`; a `<` first means it never closed (so each byte is
        // looked at once, even in a megabyte of `<a`).
        let Some(end) = bytes[name_start..]
            .iter()
            .position(|&b| b == b'>' || b == b'<')
            .map(|g| name_start + g)
        else {
            break;
        };
        if bytes[end] == b'<' {
            shape.text_pieces += 1;
            pos = end;
            continue;
        }
        pos = end + 1;
        text_start = pos;
        let k = key(name);
        if closing {
            if let Some(n) = open.get_mut(&k).filter(|n| **n > 0) {
                *n -= 1;
                depth -= 1;
            }
            continue;
        }
        shape.elements += 1;
        let raw = RAW_TEXT
            .iter()
            .find(|r| name.eq_ignore_ascii_case(r.as_bytes()));
        // A raw-text element's content is skipped below, its end tag with it.
        let self_closing = bytes[end - 1] == b'/' || raw.is_some();
        if !self_closing && !flat.contains(&k) {
            depth += 1;
            *open.entry(k).or_insert(0) += 1;
            shape.depth = shape.depth.max(depth);
        }
        shape.depth_sum += depth;
        if shape.excess().is_some() {
            break;
        }
        if let Some(raw) = raw {
            pos = raw_text_end(html, pos, raw);
            text_start = pos;
        }
    }
    shape.add_text(&bytes[text_start.min(bytes.len())..]);
    shape
}

/// Where the raw text of a `<script>`-like element that started at `from` ends: just
/// after its `</name`, found case-insensitively, or the end of the page.
fn raw_text_end(html: &str, from: usize, name: &str) -> usize {
    let bytes = html.as_bytes();
    let mut at = from;
    while let Some(close) = html[at..].find("</").map(|c| at + c) {
        let after = &bytes[close + 2..];
        if after.len() >= name.len() && after[..name.len()].eq_ignore_ascii_case(name.as_bytes()) {
            return close + 2 + name.len();
        }
        at = close + 2;
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_is_measured_as_the_parser_would_build_it() {
        let s =
            measure("<html><body><div><p>a<p>b<br><img src=x/></div><div>c</div></body></html>");
        assert_eq!((s.depth, s.elements), (1, 8), "{s:?}");
        // Stray closing tags close nothing; upper and lower case are one name.
        let s = measure(&"<DIV></span>".repeat(50));
        assert_eq!(s.depth, 50);
        assert_eq!(measure("<Div><div></DIV></div>").depth, 2);
        // Script text and comments hold no elements.
        let s = measure("<script>if (a<b && c<div) {}</SCRIPT><!-- <div><div> --><div></div>");
        assert_eq!((s.depth, s.elements), (1, 2), "{s:?}");
    }

    #[test]
    fn deep_and_large_pages_are_refused() {
        let deep = "<div>".repeat(MAX_DEPTH + 1);
        assert!(measure(&deep).excess().unwrap().contains("deep"));
        assert!(measure(&"<div>".repeat(MAX_DEPTH)).excess().is_none());
        let wide = "<span></span>".repeat(MAX_ELEMENTS + 1);
        assert!(measure(&wide).excess().unwrap().contains("elements"));
        let chains = format!("{}{}", "<b>".repeat(300), "</b>".repeat(300)).repeat(40);
        assert!(measure(&chains).excess().unwrap().contains("levels"));
        for text in [
            "&".repeat(MAX_TEXT_PIECES + 1),
            "<".repeat(MAX_TEXT_PIECES + 1),
        ] {
            assert!(
                measure(&text).excess().unwrap().contains('&'),
                "{}",
                &text[..9]
            );
        }
        // Fewer signs, but in one long run of text: the serialiser's work is the product.
        let run = format!("<p>{}{}</p>", "\u{a0}".repeat(20_000), "x".repeat(100_000));
        assert!(measure(&run).excess().is_some());
        let page =
            format!("<p>{}</p>", "Caf&eacute; &amp; bar, 3\u{a0}km. ".repeat(20)).repeat(500);
        assert_eq!(measure(&page).excess(), None);
    }
}
