//! Finds the block tag a template leaves open. Tera reports a missing `{% endif %}` where
//! it gave up (often the `{% endblock %}` far below, as "Unknown tag"); the author needs
//! the line of the `{% if %}` that was never closed.

/// A block tag without its end tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct OpenBlock {
    /// The tag's keyword: `if`, `for`, `block`, `filter`, `set`, `component`…
    pub keyword: String,
    /// The tag as written, whitespace collapsed: `{% if article.source %}`.
    pub tag: String,
    /// 1-based line of the tag.
    pub line: usize,
}

/// Tags that open a body closed by `end<keyword>`.
const OPENERS: &[&str] = &["if", "for", "block", "filter", "macro", "component", "raw"];

/// The innermost block left open: at an end tag of another kind, or at the end of the
/// text. `None` when every block is closed (the syntax error is something else) or on a
/// stray end tag, which Tera already reports at the right place.
pub(super) fn unclosed(source: &str) -> Option<OpenBlock> {
    let mut stack: Vec<OpenBlock> = Vec::new();
    let mut rest = source;
    let mut offset = 0;
    while let Some(start) = rest.find('{') {
        let after = &rest[start..];
        let (close, is_tag) = if after.starts_with("{#") {
            ("#}", false)
        } else if after.starts_with("{%") {
            ("%}", true)
        } else {
            offset += start + 1;
            rest = &rest[start + 1..];
            continue;
        };
        // An unterminated tag or comment: Tera says where it starts.
        let end = after.find(close)? + close.len();
        let line = source[..offset + start].matches('\n').count() + 1;
        offset += start + end;
        rest = &rest[start + end..];
        if !is_tag {
            continue;
        }
        let inner = after[2..end - 2].trim_matches('-').trim();
        let keyword = keyword_of(inner);
        if let Some(name) = keyword.strip_prefix("end") {
            match stack.last() {
                Some(open) if open.keyword == name => {
                    stack.pop();
                }
                Some(open) => return Some(open.clone()),
                None => return None,
            }
        } else if opens_body(&keyword, inner) {
            if keyword == "raw" {
                // Nothing inside `raw` is a tag; skip to its end, as Tera's lexer does.
                let Some(at) = rest.find("endraw") else {
                    return Some(open_block(keyword, inner, line));
                };
                offset += at;
                rest = &rest[at..];
                continue;
            }
            stack.push(open_block(keyword, inner, line));
        }
    }
    stack.pop()
}

/// `if`, `endfor`…; a component call `<card(…)>` is `component`, `</card>` its end.
fn keyword_of(inner: &str) -> String {
    if inner.starts_with("</") {
        return "endcomponent".into();
    }
    if inner.starts_with('<') {
        return "component".into();
    }
    inner
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .next()
        .unwrap_or("")
        .to_string()
}

/// Whether a tag with this keyword has a body: `set` only in its block form
/// (`{% set x %}…{% endset %}`, no `=`), a component call unless it closes itself.
fn opens_body(keyword: &str, inner: &str) -> bool {
    match keyword {
        "set" | "set_global" => {
            let after_name = inner[keyword.len()..]
                .trim_start()
                .trim_start_matches(|c: char| c.is_alphanumeric() || c == '_')
                .trim_start();
            !after_name.starts_with('=')
        }
        "component" if inner.starts_with('<') => !inner.ends_with("/>"),
        _ => OPENERS.contains(&keyword),
    }
}

fn open_block(keyword: String, inner: &str, line: usize) -> OpenBlock {
    let keyword = if keyword == "set_global" {
        "set".to_string()
    } else {
        keyword
    };
    OpenBlock {
        keyword,
        tag: format!(
            "{{% {} %}}",
            inner.split_whitespace().collect::<Vec<_>>().join(" ")
        ),
        line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open(source: &str) -> Option<(String, usize)> {
        unclosed(source).map(|o| (o.keyword, o.line))
    }

    #[test]
    fn the_unclosed_block_is_found_at_its_opening_line() {
        let t = "{% extends \"base.html\" %}\n{% block content %}\n<p>\n{%- if a -%}\nx\n{% for i in l %}{{ i }}{% endfor %}\n{% endblock content %}\n";
        assert_eq!(open(t), Some(("if".into(), 4)));
        assert_eq!(
            unclosed(t).unwrap().tag,
            "{% if a %}",
            "the tag as written, without whitespace control"
        );
        assert_eq!(
            open("{% block a %}\n{% for x in y %}\n"),
            Some(("for".into(), 2))
        );
        assert_eq!(open("{% block a %}x"), Some(("block".into(), 1)));
    }

    #[test]
    fn closed_blocks_comments_raw_and_inline_sets_are_not_open() {
        for t in [
            "{% if a %}{% elif b %}{% else %}{% endif %}",
            "{# {% if a %} #}{% set x = 1 %}{% set_global y=2 %}",
            "{% raw %}{% if a %}{% endraw %}",
            "{% set x | upper %}a{% endset %}{% filter upper %}b{% endfilter %}",
            "{% <card(title=\"x\")> %}body{% </card> %}{% <icon() /> %}",
            "{{ e.title }</p>{% for e in l %}{% endfor %}",
            "{% endif %}",
        ] {
            assert_eq!(open(t), None, "{t}");
        }
    }
}
