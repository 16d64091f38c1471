//! Removes markup that scrapers leave in text: script/style blocks, tags, comments, entities.
//!
//! Every step is one pass over the text. What closes a construct (`>`, `</script`, the
//! end of the line) is searched for once and the answer reused while the cursor has not
//! passed it, and an entity is looked for in at most [`MAX_ENTITY`] bytes: a megabyte of
//! `<a` or `&` costs one scan, not one scan per character.

use std::borrow::Cow;

/// Elements whose whole content is code or embedded media, never article text, with
/// the start of their closing tag.
const OPAQUE_ELEMENTS: &[(&str, &str)] = &[
    ("script", "</script"),
    ("style", "</style"),
    ("iframe", "</iframe"),
    ("noscript", "</noscript"),
    ("object", "</object"),
    ("embed", "</embed"),
    ("svg", "</svg"),
    ("template", "</template"),
    ("form", "</form"),
    ("button", "</button"),
    ("select", "</select"),
    ("textarea", "</textarea"),
    ("canvas", "</canvas"),
    ("video", "</video"),
    ("audio", "</audio"),
];

/// Longest entity looked for, `&` and `;` included: the longest named one,
/// `&CounterClockwiseContourIntegral;`, has 33 bytes.
pub const MAX_ENTITY: usize = 40;

/// Strips markup from a whole document, keeping its line structure.
pub fn strip_markup(text: &str) -> Cow<'_, str> {
    // Most text dumps hold no markup at all: they are not copied.
    if !text.contains(['<', '&']) {
        return Cow::Borrowed(text);
    }
    let mut out = remove_comments(text);
    if out.contains('<') {
        out = remove_opaque_elements(&out);
    }
    // Entities are decoded after tags are gone, then tags are stripped again so that
    // `&lt;script&gt;` cannot come back to life as markup.
    let out = strip_tags(&out);
    Cow::Owned(strip_tags(&decode_entities(&out)))
}

/// The next occurrence of a pattern at or after a cursor that only moves forward.
///
/// An answer stays true until the cursor passes it, and "none" stays true for good, so
/// each byte of the text is searched at most once however often the question is asked.
struct Ahead<'a> {
    hay: &'a str,
    needle: &'a str,
    found: Option<usize>,
    searched: bool,
}

impl<'a> Ahead<'a> {
    fn new(hay: &'a str, needle: &'a str) -> Self {
        Ahead {
            hay,
            needle,
            found: None,
            searched: false,
        }
    }

    /// Where the needle next starts at or after `from` (never less than a previous `from`).
    fn at_or_after(&mut self, from: usize) -> Option<usize> {
        match self.found {
            Some(at) if at >= from => return Some(at),
            None if self.searched => return None,
            _ => {}
        }
        self.searched = true;
        self.found = self
            .hay
            .get(from..)
            .and_then(|rest| rest.find(self.needle))
            .map(|at| from + at);
        self.found
    }
}

fn remove_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        match rest[start..].find("-->") {
            Some(end) => {
                keep_newlines(&mut out, &rest[start..start + end]);
                rest = &rest[start + end + 3..];
            }
            None => {
                keep_newlines(&mut out, &rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Removes every `<name …>…</name>` of [`OPAQUE_ELEMENTS`] (case-insensitive) in one
/// pass; an unclosed one runs to the end of its line.
fn remove_opaque_elements(text: &str) -> String {
    // ASCII lower-casing keeps every byte offset, so positions found in `lower` cut `text`.
    let lower = text.to_ascii_lowercase();
    let mut closes: Vec<Ahead<'_>> = OPAQUE_ELEMENTS
        .iter()
        .map(|(_, close)| Ahead::new(&lower, close))
        .collect();
    let mut line_end = Ahead::new(&lower, "\n");
    let mut tag_end = Ahead::new(&lower, ">");
    let mut out = String::with_capacity(text.len());
    let (mut pos, mut copied) = (0, 0);
    while let Some(lt) = lower[pos..].find('<').map(|at| pos + at) {
        let after = &lower.as_bytes()[lt + 1..];
        // `<scripts>` or `<styled>` are not the element.
        let element = OPAQUE_ELEMENTS.iter().position(|(name, _)| {
            after.starts_with(name.as_bytes())
                && !after
                    .get(name.len())
                    .is_some_and(|b| b.is_ascii_alphanumeric())
        });
        let Some(k) = element else {
            pos = lt + 1;
            continue;
        };
        let end = match closes[k].at_or_after(lt) {
            Some(close) => tag_end.at_or_after(close).map_or(lower.len(), |g| g + 1),
            None => line_end.at_or_after(lt).unwrap_or(lower.len()),
        };
        out.push_str(&text[copied..lt]);
        keep_newlines(&mut out, &text[lt..end]);
        (pos, copied) = (end, end);
    }
    out.push_str(&text[copied..]);
    out
}

fn keep_newlines(out: &mut String, removed: &str) {
    out.extend(removed.chars().filter(|&c| c == '\n'));
}

/// Removes anything shaped like a tag: `<a href=…>`, `</div>`, `<br/>`, `<!DOCTYPE>`.
fn strip_tags(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut tag_end = Ahead::new(text, ">");
    let mut blank_line = Ahead::new(text, "\n\n");
    let mut out = String::with_capacity(text.len());
    let (mut pos, mut copied) = (0, 0);
    while let Some(lt) = text[pos..].find('<').map(|at| pos + at) {
        let next = bytes.get(lt + 1).copied().unwrap_or(b' ');
        let opens_tag = next.is_ascii_alphabetic() || matches!(next, b'/' | b'!' | b'?');
        if opens_tag && let Some(close) = tag_end.at_or_after(lt) {
            // A '<' followed by a paragraph break before any '>' is prose ("a < b"), not a tag.
            let prose = blank_line.at_or_after(lt).is_some_and(|b| b < close);
            if !prose && !is_autolink(&text[lt + 1..close]) {
                out.push_str(&text[copied..lt]);
                keep_newlines(&mut out, &text[lt..=close]);
                (pos, copied) = (close + 1, close + 1);
                continue;
            }
        }
        pos = lt + 1;
    }
    out.push_str(&text[copied..]);
    out
}

/// Whether the inside of `<…>` is a markdown autolink (`<https://…>`, `<mailto:…>`,
/// `<name@host.tld>`) rather than a tag: the author's link, kept as written.
///
/// Only web and mail schemes count: Word's `<o:p>` or `<st1:place>` are tags, and a
/// `javascript:` link would never render as one anyway.
fn is_autolink(inside: &str) -> bool {
    if inside.is_empty() || inside.contains(|c: char| c.is_whitespace() || c == '<') {
        return false;
    }
    let lower = inside.get(..8).unwrap_or(inside).to_ascii_lowercase();
    if ["http://", "https://", "ftp://", "mailto:"]
        .iter()
        .any(|scheme| lower.starts_with(scheme))
    {
        return true;
    }
    // An e-mail address: local@domain with a dot in the domain, nothing tag-like.
    match inside.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !local.contains(['/', '"', '\'', '=', ':'])
                && domain.contains('.')
                && domain
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-'))
        }
        None => false,
    }
}

/// Decodes every named HTML entity (the WHATWG list) and numeric reference that ends
/// with `;`; anything else shaped like one (`AT&T`, `&bogus;`) stays as written.
pub fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let tail = &rest[amp..];
        // A name is letters and digits (and `#` for numbers), then `;`, in MAX_ENTITY bytes.
        let name_len = tail.as_bytes()[1..]
            .iter()
            .take(MAX_ENTITY - 2)
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'#')
            .count();
        let reference = &tail[..1 + name_len];
        let decoded =
            tail[1 + name_len..].starts_with(';') && push_entity(&mut out, &tail[..name_len + 2]);
        rest = if decoded {
            &tail[name_len + 2..]
        } else {
            out.push_str(reference);
            &tail[reference.len()..]
        };
    }
    out.push_str(rest);
    out
}

/// Appends what `reference` (`&name;` or `&#…;`) stands for; false when it is none.
fn push_entity(out: &mut String, reference: &str) -> bool {
    let name = &reference[1..reference.len() - 1];
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok(),
            None => num.parse().ok(),
        };
        let Some(code) = code else {
            return false;
        };
        // Pages declared Latin-1 number Windows-1252's quotes and dashes in 0x80..0x9F
        // (`&#146;`); browsers read them as those characters, and so do we.
        if let Ok(byte) = u8::try_from(code)
            && (0x80..=0x9F).contains(&byte)
        {
            let bytes = [byte];
            let (c, _, _) = encoding_rs::WINDOWS_1252.decode(&bytes);
            out.push_str(c.trim_matches(|ch: char| ch.is_control()));
            return true;
        }
        return match char::from_u32(code).filter(|c| !c.is_control() || *c == '\n') {
            Some(c) => {
                out.push(c);
                true
            }
            None => false,
        };
    }
    match htmlize::ENTITIES.get(reference.as_bytes()) {
        Some(expansion) => {
            out.push_str(std::str::from_utf8(expansion).unwrap_or(""));
            true
        }
        None => false,
    }
}

/// The line with each run of whitespace made one space and its ends trimmed.
pub(super) fn collapse_whitespace(raw: &str) -> String {
    let b = raw.as_bytes();
    // Most lines are already tidy ASCII: copy them without splitting into words.
    let tidy = raw.is_ascii()
        && b.first().is_some_and(|c| !c.is_ascii_whitespace())
        && b.last().is_some_and(|c| !c.is_ascii_whitespace())
        // SIMD searches: a byte-pair loop over every line was 3% of a build.
        && memchr::memmem::find(b, b"  ").is_none()
        && memchr::memchr3(b'\t', b'\n', b'\r', b).is_none()
        && memchr::memchr(b'\x0c', b).is_none();
    if tidy {
        return raw.to_string();
    }
    // Written word by word into one string: a list of the words first would cost
    // sixteen bytes a word, more than the text on a line of one-letter words.
    let mut out = String::with_capacity(raw.len());
    for word in raw.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn autolinks_stay_and_tags_that_look_like_them_go() {
        let text = "Read <https://example.org/a_(b)> or write <desk@example.org>.";
        assert_eq!(strip_markup(text), text);
        assert_eq!(
            strip_markup("Seoul<o:p></o:p> and <st1:place>Busan</st1:place> <a href=\"x\">y</a>"),
            "Seoul and Busan y"
        );
        assert_eq!(strip_markup("<javascript:alert(1)>ok"), "ok");
    }

    #[test]
    fn scripts_and_tags_go_text_stays() {
        let input = "Before\n<script async src=\"//ads.example/x.js\"></script>\n<div id=\"c\"></div>\nAfter <b>bold</b> text";
        assert_eq!(strip_markup(input), "Before\n\n\nAfter bold text");
    }

    #[test]
    fn multi_line_script_and_mixed_case() {
        let input = "A\n<SCRIPT>\nvar x = 1;\n</ScRiPt>\nB";
        assert_eq!(strip_markup(input), "A\n\n\n\nB");
    }

    #[test]
    fn unclosed_script_runs_to_line_end() {
        assert_eq!(strip_markup("<script>alert(1)\nBody"), "\nBody");
    }

    #[test]
    fn encoded_tags_do_not_come_back() {
        let out = strip_markup("x &lt;script&gt;alert(1)&lt;/script&gt; y &amp; z");
        assert!(!out.contains("<script"), "{out}");
        assert!(out.contains("y & z"));
    }

    #[test]
    fn prose_comparisons_survive() {
        assert_eq!(strip_markup("growth < 2% and > 1%"), "growth < 2% and > 1%");
        assert_eq!(
            decode_entities("5 &euro; &#8220;q&#x201D; &bogus; AT&T"),
            "5 € “q” &bogus; AT&T"
        );
    }

    #[test]
    fn every_named_entity_and_windows_1252_numbers_decode() {
        assert_eq!(
            decode_entities("Caf&eacute; &Ccedil;a &frac12; &CounterClockwiseContourIntegral;"),
            "Café Ça ½ ∳"
        );
        // 0x80..0x9F are Windows-1252’s quotes and dashes on old pages; a control is no text.
        assert_eq!(decode_entities("it&#146;s &#150; ok&#7;"), "it’s – ok&#7;");
        assert_eq!(decode_entities("&#x1F600; &#xZZ; &#;"), "😀 &#xZZ; &#;");
        // No `;` within reach: left as written, and the scan moves on.
        let long = format!("&{};", "a".repeat(60));
        assert_eq!(decode_entities(&long), long);
        assert_eq!(decode_entities("&&amp;&"), "&&&");
    }

    #[test]
    fn a_tag_without_end_and_a_comparison_stay_text() {
        assert_eq!(strip_markup("a <b and c"), "a <b and c");
        assert_eq!(strip_markup("x <a\n\ny> z"), "x <a\n\ny> z");
        assert_eq!(strip_markup("<<<b>>>"), "<<>>");
        assert_eq!(
            strip_markup("keep <style>p{}</style> this <form x>\n</FORM> too"),
            "keep  this \n too"
        );
    }
}
