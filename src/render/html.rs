//! Markdown → sanitised HTML.

use std::sync::LazyLock;

use pulldown_cmark::{Options, Parser, html};

/// Renders markdown to HTML and strips anything unsafe (scripts, handlers, `javascript:` URLs).
pub fn markdown_to_html(markdown: &str) -> String {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    let parser = Parser::new_ext(markdown, options);
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, parser);
    sanitise(&out)
}

/// Removes every element and attribute outside a conservative allow-list.
pub fn sanitise(html: &str) -> String {
    // Building the allow-lists costs as much as cleaning a short article: do it once.
    static SANITISER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
        let mut b = ammonia::Builder::default();
        b.url_schemes(["http", "https", "mailto"].into_iter().collect())
            .link_rel(Some("noopener noreferrer nofollow"));
        b
    });
    SANITISER.clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_renders() {
        assert_eq!(
            markdown_to_html("## Sub\n\nText"),
            "<h2>Sub</h2>\n<p>Text</p>\n"
        );
    }

    #[test]
    fn hostile_markup_is_removed() {
        let out = markdown_to_html(
            "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[x](javascript:alert(1)) <iframe src=//e></iframe> <style>p{}</style>",
        );
        for bad in ["<script", "onerror", "javascript:", "<iframe", "<style"] {
            assert!(!out.to_lowercase().contains(bad), "{bad} in {out}");
        }
    }
}
