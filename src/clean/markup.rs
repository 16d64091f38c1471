//! Removes markup that scrapers leave in text: script/style blocks, tags, comments, entities.

/// Elements whose whole content is code or embedded media, never article text.
const OPAQUE_ELEMENTS: &[&str] = &[
    "script", "style", "iframe", "noscript", "object", "embed", "svg", "template", "form",
    "button", "select", "textarea", "canvas", "video", "audio",
];

/// Strips markup from a whole document, keeping its line structure.
pub fn strip_markup(text: &str) -> String {
    // Most text dumps hold no markup at all.
    if !text.contains(['<', '&']) {
        return text.to_string();
    }
    let mut out = remove_comments(text);
    if out.contains('<') {
        for name in OPAQUE_ELEMENTS {
            out = remove_element(&out, name);
        }
    }
    // Entities are decoded after tags are gone, then tags are stripped again so that
    // `&lt;script&gt;` cannot come back to life as markup.
    let out = strip_tags(&out);
    strip_tags(&decode_entities(&out))
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

/// Removes `<name …>…</name>` (case-insensitive); an unclosed one runs to the end of its line.
fn remove_element(text: &str, name: &str) -> String {
    let lower = text.to_ascii_lowercase();
    let open = format!("<{name}");
    let close = format!("</{name}");
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    while let Some(found) = lower[pos..].find(&open) {
        let start = pos + found;
        let after = lower.as_bytes().get(start + open.len()).copied();
        // `<scripts>` or `<styled>` are not the element.
        if after.is_some_and(|b| b.is_ascii_alphanumeric()) {
            out.push_str(&text[pos..start + open.len()]);
            pos = start + open.len();
            continue;
        }
        out.push_str(&text[pos..start]);
        let end = match lower[start..].find(&close) {
            Some(c) => {
                let close_at = start + c;
                lower[close_at..]
                    .find('>')
                    .map_or(lower.len(), |g| close_at + g + 1)
            }
            None => lower[start..]
                .find('\n')
                .map_or(lower.len(), |nl| start + nl),
        };
        keep_newlines(&mut out, &text[start..end]);
        pos = end;
    }
    out.push_str(&text[pos..]);
    out
}

fn keep_newlines(out: &mut String, removed: &str) {
    out.extend(removed.chars().filter(|&c| c == '\n'));
}

/// Removes anything shaped like a tag: `<a href=…>`, `</div>`, `<br/>`, `<!DOCTYPE>`.
fn strip_tags(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let mut copied = 0;
    while i < bytes.len() {
        if bytes[i] == b'<' {
            let next = bytes.get(i + 1).copied().unwrap_or(b' ');
            let opens_tag = next.is_ascii_alphabetic() || matches!(next, b'/' | b'!' | b'?');
            if opens_tag && let Some(len) = text[i..].find('>') {
                let tag = &text[i..i + len + 1];
                // A '<' followed by a paragraph break before any '>' is prose ("a < b"), not a tag.
                if !tag.contains("\n\n") {
                    out.push_str(&text[copied..i]);
                    keep_newlines(&mut out, tag);
                    i += len + 1;
                    copied = i;
                    continue;
                }
            }
        }
        i += 1;
    }
    out.push_str(&text[copied..]);
    out
}

/// Decodes the named and numeric entities that occur in scraped text.
pub fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let tail = &rest[amp..];
        let semi = tail.find(';').filter(|&s| s <= 10);
        let decoded = semi.and_then(|s| entity(&tail[1..s]));
        match (semi, decoded) {
            (Some(s), Some(c)) => {
                out.push(c);
                rest = &tail[s + 1..];
            }
            _ => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code).filter(|c| !c.is_control() || *c == '\n');
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "ndash" => '–',
        "mdash" => '—',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "hellip" => '…',
        "copy" => '©',
        "euro" => '€',
        "pound" => '£',
        "yen" => '¥',
        _ => return None,
    })
}

/// The line with each run of whitespace made one space and its ends trimmed.
pub(super) fn collapse_whitespace(raw: &str) -> String {
    let b = raw.as_bytes();
    // Most lines are already tidy ASCII: copy them without splitting into words.
    let tidy = raw.is_ascii()
        && b.first().is_some_and(|c| !c.is_ascii_whitespace())
        && b.last().is_some_and(|c| !c.is_ascii_whitespace())
        && !b
            .windows(2)
            .any(|w| w[0].is_ascii_whitespace() && (w[0] != b' ' || w[1].is_ascii_whitespace()));
    if tidy {
        return raw.to_string();
    }
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
