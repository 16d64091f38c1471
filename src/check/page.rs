//! What `check` needs from one HTML page: its title, description, ids and links.

use std::collections::HashSet;

use dom_query::Document;

/// Attributes that point at another file or page, by element.
const LINKS: &[(&str, &str)] = &[
    ("a[href]", "href"),
    ("area[href]", "href"),
    ("link[href]", "href"),
    ("img[src]", "src"),
    ("script[src]", "src"),
    ("iframe[src]", "src"),
    ("source[src]", "src"),
    ("audio[src]", "src"),
    ("video[src]", "src"),
    ("form[action]", "action"),
];

/// One page of the built site, reduced to what the checks read.
#[derive(Debug, Clone, Default)]
pub(super) struct Page {
    /// Path in the output, with `/` separators (`topics/x/index.html`).
    pub path: String,
    /// Text of `<title>`, trimmed (empty when missing).
    pub title: String,
    /// `content` of `<meta name="description">`, trimmed (`None` when the tag is missing).
    pub description: Option<String>,
    /// Fragment targets: every `id`, and the `name` of `<a>` elements.
    pub ids: HashSet<String>,
    /// Every link on the page, as written.
    pub links: Vec<String>,
}

impl Page {
    /// Parses a page's HTML.
    pub(super) fn parse(path: &str, html: &str) -> Page {
        let doc = Document::from(html);
        let mut ids: HashSet<String> = HashSet::new();
        for (selector, attr) in [("[id]", "id"), ("a[name]", "name")] {
            for node in doc.select(selector).nodes() {
                if let Some(id) = node.attr(attr) {
                    ids.insert(id.to_string());
                }
            }
        }
        let mut links = Vec::new();
        for (selector, attr) in LINKS {
            for node in doc.select(selector).nodes() {
                if let Some(href) = node.attr(attr) {
                    links.push(href.trim().to_string());
                }
            }
        }
        let description = doc
            .select("meta[name=description]")
            .nodes()
            .first()
            .map(|m| {
                m.attr("content")
                    .map(|c| c.trim().to_string())
                    .unwrap_or_default()
            });
        Page {
            path: path.to_string(),
            title: doc.select("head title").text().trim().to_string(),
            description,
            ids,
            links,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_links_title_and_description_are_read() {
        let p = Page::parse(
            "x/index.html",
            "<!DOCTYPE html><html><head><title> T </title><meta name=\"description\" content=\"\">\
             <link rel=stylesheet href=/s.css></head><body><h2 id=a>x</h2><a name=b href='#a'>y</a>\
             <img src=\"p.png\"></body></html>",
        );
        assert_eq!(p.title, "T");
        assert_eq!(p.description.as_deref(), Some(""));
        assert!(p.ids.contains("a") && p.ids.contains("b"));
        let mut links = p.links.clone();
        links.sort();
        assert_eq!(links, ["#a", "/s.css", "p.png"]);
        assert_eq!(Page::parse("y", "<p>no head</p>").description, None);
    }
}
