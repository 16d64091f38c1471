//! Saved web pages: page metadata (title, date, site, canonical URL, author) and the main
//! article, found by two extractors, readability (dom_smoothie) and trafilatura
//! (rs-trafilatura), whose agreement decides ([`agree`]), and converted to markdown
//! (htmd). The text cleaner then runs on that markdown like on any other input.

mod agree;
mod shape;

use std::sync::LazyLock;

use dom_query::Document;
use regex::Regex;

use crate::frontmatter::FrontMatter;

/// Elements that never hold article text, removed before conversion.
const NEVER_BODY: &str = "script, style, noscript, iframe, object, embed, svg, canvas, form, button, \
    select, textarea, input, nav, aside, footer, figure, figcaption, picture, video, audio, template, \
    dialog, [role=dialog], [aria-hidden=true], [hidden]";

/// The article part of a web page.
#[derive(Debug, Clone, PartialEq)]
pub struct Extracted {
    /// Metadata read from the page.
    pub meta: FrontMatter,
    /// The main article as markdown (links reduced to their text, images removed).
    pub markdown: String,
    /// Set when the page was too deep or too large to parse and was read as plain text.
    pub warning: Option<String>,
}

/// Extracts metadata and the main article of a web page.
pub fn extract(html: &str) -> Extracted {
    // Parsing and readability take the square of the nesting depth: a page past the
    // caps is read as text (one linear pass) rather than taking minutes.
    if let Some(excess) = shape::measure(html).excess() {
        return Extracted {
            meta: FrontMatter::default(),
            markdown: super::markup::strip_markup(html).into_owned(),
            warning: Some(format!(
                "{excess}: read as plain text, without finding the article in the page"
            )),
        };
    }
    let doc = Document::from(html);
    let meta = metadata(&doc);
    let content = dom_smoothie::Readability::new(html, None, None)
        .ok()
        .and_then(|mut r| r.parse().ok())
        .map(|article| article.content.to_string())
        .filter(|c| c.len() > 200)
        // Readability found nothing convincing: fall back to the whole body.
        .unwrap_or_else(|| doc.select("body").html().to_string());
    let readability = to_markdown(&content);
    // A second opinion on text far longer than any article (a dump saved as a page)
    // would triple the cost of the page for a decision about its edges only.
    let markdown = if readability.len() > SECOND_OPINION_MAX {
        readability
    } else {
        agree::agreed(&readability, &trafilatura(html))
    };
    Extracted {
        meta,
        markdown,
        warning: None,
    }
}

/// Longest extracted text (bytes of markdown) that trafilatura is asked to confirm: ten
/// times a long feature article.
const SECOND_OPINION_MAX: usize = 512 << 10;

/// The article as trafilatura finds it, as markdown; empty when it finds none.
fn trafilatura(html: &str) -> String {
    // The page is read as an article: its page-type classifier would only change how
    // hard trafilatura looks, and costs a third of its time.
    let options = rs_trafilatura::Options {
        page_type: Some(rs_trafilatura::page_type::PageType::Article),
        ..rs_trafilatura::Options::default()
    };
    rs_trafilatura::extract_with_options(html, &options)
        .ok()
        .and_then(|r| r.content_html)
        .map(|h| to_markdown(&h))
        .unwrap_or_default()
}

fn meta_content(doc: &Document, selectors: &[&str]) -> Option<String> {
    selectors.iter().find_map(|sel| {
        let node = doc.select(sel).first();
        node.attr("content")
            .or_else(|| node.attr("datetime"))
            .or_else(|| node.attr("href"))
            .map(|v| collapse(&v))
            .filter(|v| !v.is_empty())
    })
}

fn metadata(doc: &Document) -> FrontMatter {
    let site = meta_content(
        doc,
        &[
            r#"meta[property="og:site_name"]"#,
            r#"meta[name="application-name"]"#,
        ],
    );
    let og = meta_content(
        doc,
        &[
            r#"meta[property="og:title"]"#,
            r#"meta[name="twitter:title"]"#,
        ],
    );
    let h1 = Some(collapse(&doc.select("h1").first().text())).filter(|t| !t.is_empty());
    let title_tag = Some(collapse(&doc.select("title").first().text())).filter(|t| !t.is_empty());
    let title = og
        .or(h1)
        .or(title_tag)
        .map(|t| strip_site_suffix(&t, site.as_deref()));
    let date = meta_content(
        doc,
        &[
            r#"meta[property="article:published_time"]"#,
            r#"meta[name="article:published_time"]"#,
            r#"meta[itemprop="datePublished"]"#,
            r#"meta[name="date"]"#,
            r#"meta[name="pubdate"]"#,
            r#"meta[name="DC.date.issued"]"#,
            "time[datetime]",
        ],
    )
    .and_then(|d| super::byline::date_in(&d));
    let url = meta_content(
        doc,
        &[r#"link[rel="canonical"]"#, r#"meta[property="og:url"]"#],
    )
    .filter(|u| u.starts_with("http://") || u.starts_with("https://"));
    let author = meta_content(
        doc,
        &[
            r#"meta[name="author"]"#,
            r#"meta[property="article:author"]"#,
        ],
    )
    .filter(|a| !a.starts_with("http"))
    .or_else(|| {
        let byline = collapse(
            &doc.select(r#"[rel="author"], .author, .byline, [itemprop="author"]"#)
                .first()
                .text(),
        );
        person_from_byline(&byline)
    });
    FrontMatter {
        title,
        date,
        source: site,
        url,
        author,
        ..FrontMatter::default()
    }
}

/// "By Park Ji-won" → "Park Ji-won"; anything that does not look like a name → None.
pub fn person_from_byline(byline: &str) -> Option<String> {
    // "By Lena Ortiz | Nov 3" is the byline parser's job; a bare "Park Ji-won" in an
    // author element is a name when it is two to four capitalised words.
    if let Some(author) = super::byline::author_in(byline) {
        return Some(author);
    }
    let name = byline
        .split(['|', ',', '·', '•', '\n'])
        .next()
        .unwrap_or("")
        .trim();
    let words: Vec<&str> = name.split_whitespace().collect();
    let looks_like_name = (2..=4).contains(&words.len())
        && words
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase))
        && !name.chars().any(|c| c.is_ascii_digit());
    looks_like_name.then(|| name.to_string())
}

/// "Headline | Site" or "Headline – Site" → "Headline".
fn strip_site_suffix(title: &str, site: Option<&str>) -> String {
    for sep in [" | ", " – ", " — ", " - ", " :: ", " · "] {
        if let Some(at) = title.rfind(sep) {
            let tail = &title[at + sep.len()..];
            let is_site = site.is_some_and(|s| tail.eq_ignore_ascii_case(s))
                || tail.split_whitespace().count() <= 3;
            if is_site && at > 0 {
                return title[..at].trim().to_string();
            }
        }
    }
    title.to_string()
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Converts article HTML to markdown: non-body elements removed, links reduced to their text.
fn to_markdown(content_html: &str) -> String {
    // A destination may hold one level of balanced parentheses (`…/Harbour_(Busan)`),
    // as CommonMark allows: stopping at the first `)` left the rest of it in the text.
    static IMAGE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"!\[[^\]]*\]\((?:[^()]|\([^()]*\))*\)").unwrap_or_else(|e| panic!("{e}"))
    });
    static LINK: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\[([^\]]*)\]\((?:[^()]|\([^()]*\))*\)").unwrap_or_else(|e| panic!("{e}"))
    });
    let doc = Document::from(content_html);
    doc.select(NEVER_BODY).remove();
    let html = doc.select("body").html().to_string();
    let converter = htmd::HtmlToMarkdown::builder()
        .skip_tags(vec!["script", "style", "iframe", "noscript", "img"])
        .build();
    let markdown = converter.convert(&html).unwrap_or_default();
    let markdown = IMAGE.replace_all(&markdown, "");
    let markdown = LINK.replace_all(&markdown, "$1");
    // Block quotes become plain paragraphs; the quote marks in the text remain.
    markdown
        .lines()
        .map(|l| l.trim_start_matches('>').trim_start())
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!DOCTYPE html><html><head>
<title>Seoul and Tokyo agree hotline | Example News</title>
<meta property="og:title" content="Seoul and Tokyo agree hotline">
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2025-11-03T08:00:00+09:00">
<link rel="canonical" href="https://news.example/hotline">
<script>var tracking = 1;</script></head><body>
<nav><a href="/">Home</a><a href="/world">World</a></nav>
<div class="cookie">We use cookies. <button>Accept</button></div>
<article><h1>Seoul and Tokyo agree hotline</h1><p class="byline">By Park Ji-won</p>
<figure><img src="a.jpg" alt="Ministers"><figcaption>Ministers meet. Photo: Reuters</figcaption></figure>
<p>The two governments agreed on Monday to open a military hotline, officials said, in a move both sides described as overdue and practical.</p>
<h2>Why it matters</h2>
<p>Analysts said the line would reduce the risk of accidents at sea, where vessels of both navies often operate close to each other in crowded waters.</p>
<ul><li>Talks resume in March.</li><li>Defence chiefs meet in May.</li></ul>
<p>Read the <a href="https://news.example/other">full statement</a> on the ministry&rsquo;s website, which also lists the next steps &amp; dates.</p>
</article><aside><h3>Most read</h3><ul><li><a href="/x">Another story</a></li></ul></aside>
<footer>© 2025 Example News</footer></body></html>"#;

    #[test]
    fn links_with_parentheses_leave_only_their_text() {
        let md = to_markdown(
            "<p>See the <a href=\"https://e.org/wiki/Harbour_(Busan)\">history page</a> and \
             <img src=\"https://e.org/a_(b).jpg\" alt=\"x\"> the map.</p>",
        );
        assert_eq!(md.trim(), "See the history page and the map.");
    }

    #[test]
    fn metadata_comes_from_the_page() {
        let out = extract(PAGE);
        assert_eq!(
            out.meta.title.as_deref(),
            Some("Seoul and Tokyo agree hotline")
        );
        assert_eq!(out.meta.date.as_deref(), Some("2025-11-03"));
        assert_eq!(out.meta.source.as_deref(), Some("Example News"));
        assert_eq!(
            out.meta.url.as_deref(),
            Some("https://news.example/hotline")
        );
        assert_eq!(out.meta.author.as_deref(), Some("Park Ji-won"));
    }

    #[test]
    fn article_becomes_markdown_without_chrome() {
        let md = extract(PAGE).markdown;
        assert!(md.contains("The two governments agreed on Monday"), "{md}");
        assert!(md.contains("## Why it matters"), "{md}");
        assert!(md.contains("Talks resume in March."), "{md}");
        assert!(
            md.contains("Read the full statement on the ministry’s website"),
            "{md}"
        );
        // Banners readability keeps (the cookie line here) are left to the text cleaner.
        for gone in [
            "Photo: Reuters",
            "Most read",
            "tracking",
            "Home",
            "a.jpg",
            "©",
        ] {
            assert!(!md.contains(gone), "{gone} in {md}");
        }
    }

    #[test]
    fn cleaned_page_keeps_only_the_article() {
        let source = crate::sources::SourceFile {
            path: "page.html".into(),
            display: "page.html".into(),
            kind: crate::sources::SourceKind::Html,
            text: PAGE.into(),
        };
        let config = crate::config::SiteConfig::standalone();
        let index = crate::topics::TopicIndex::new(&config);
        let (article, _, _) = crate::article::Article::from_source(
            &source,
            &index,
            &config,
            &crate::clean::template::SiteTemplate::default(),
        );
        let article = article.expect("an article");
        assert_eq!(article.title, "Seoul and Tokyo agree hotline");
        let md = article.to_markdown();
        assert!(md.contains("date = \"2025-11-03\""), "{md}");
        assert!(!md.contains("cookies") && !md.contains("Accept"), "{md}");
        assert!(md.contains("- Talks resume in March."), "{md}");
    }

    #[test]
    fn site_suffix_is_stripped() {
        assert_eq!(
            strip_site_suffix("Big news – The Daily", Some("The Daily")),
            "Big news"
        );
        assert_eq!(strip_site_suffix("Big news | Daily", None), "Big news");
        assert_eq!(
            strip_site_suffix("US - Korea talks resume after a long pause in Seoul", None),
            "US - Korea talks resume after a long pause in Seoul"
        );
        assert_eq!(
            person_from_byline("By Lena Ortiz | Nov 3"),
            Some("Lena Ortiz".into())
        );
        assert_eq!(person_from_byline("Staff reporter 2025"), None);
    }
}
