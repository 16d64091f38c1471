//! Sharing and discovery, read from pages built by the real binary as a link preview or
//! a crawler reads them: the canonical link, OpenGraph and Twitter-card tags on every
//! page type, escaped in their attributes; the theme colours and icon; robots.txt.

mod common;

use common::*;
use dom_query::Document;

/// A title and body with every character that matters in an attribute.
const TRICKY_TITLE: &str = r#"Lee & Xi sign "the deal": tariffs <5% and <10% in Gyeongju's hall"#;
const TRICKY_SEED: &str = r#"+++
title = "Lee & Xi sign \"the deal\": tariffs <5% and <10% in Gyeongju's hall"
date = "2025-11-20"
source = "Harbour <Courier>"
+++
South Korean President Lee Jae Myung and Chinese President Xi Jinping signed "the deal" on trade & the currency swap in Gyeongju on Thursday, with tariffs < 5% promised. Officials in Seoul said Beijing would follow with a visit.

The two leaders met for ninety minutes, the presidential office said, and agreed to meet again next year in Beijing.
"#;

/// The site with the tricky seed added; built, with the slug of the tricky article.
fn tricky_site(base_url: Option<&str>) -> (TestSite, String) {
    let site = TestSite::default_site().seed("tricky.txt", TRICKY_SEED);
    match base_url {
        Some(url) => {
            let out = site.run(&["build", "--base-url", url]);
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        None => {
            site.build();
        }
    }
    let data: serde_json::Value = serde_json::from_str(&site.page("briefing.json")).unwrap();
    let slug = data["articles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == TRICKY_TITLE)
        .unwrap_or_else(|| panic!("tricky article not built: {data}"))["slug"]
        .as_str()
        .unwrap()
        .to_string();
    (site, slug)
}

/// The `content` of `<meta property=…>` or `<meta name=…>`, as a browser decodes it.
fn meta(doc: &Document, key: &str) -> Option<String> {
    let sel = doc.select(&format!("meta[property=\"{key}\"], meta[name=\"{key}\"]"));
    sel.attr("content").map(|v| v.to_string())
}

fn link(doc: &Document, rel: &str) -> Option<String> {
    doc.select(&format!("link[rel=\"{rel}\"]"))
        .attr("href")
        .map(|v| v.to_string())
}

/// Every page type: (output file, its canonical URL below the base, og:type).
fn page_types(slug: &str) -> Vec<(String, Option<String>, &'static str)> {
    vec![
        ("index.html".into(), Some(String::new()), "website"),
        (
            "topics/china-ties/index.html".into(),
            Some("topics/china-ties/".into()),
            "website",
        ),
        (
            "topics/china-ties/timeline/index.html".into(),
            Some("topics/china-ties/timeline/".into()),
            "website",
        ),
        (
            format!("articles/{slug}/index.html"),
            Some(format!("articles/{slug}/")),
            "article",
        ),
        ("404.html".into(), None, "website"),
    ]
}

#[test]
fn every_page_type_has_absolute_canonical_and_sharing_tags() {
    let (site, slug) = tricky_site(None);
    let base = "https://briefing.example.org/";
    for (file, rel, og_type) in page_types(&slug) {
        let html = site.page(&file);
        let doc = Document::from(html.as_str());
        let canonical = rel.map(|r| format!("{base}{r}"));
        assert_eq!(link(&doc, "canonical"), canonical, "{file}: canonical");
        assert_eq!(meta(&doc, "og:url"), canonical, "{file}: og:url");
        assert_eq!(meta(&doc, "og:type").as_deref(), Some(og_type), "{file}");
        assert_eq!(
            meta(&doc, "og:site_name").as_deref(),
            Some("Seoul Diplomacy Briefing"),
            "{file}"
        );
        let title = meta(&doc, "og:title").unwrap_or_default();
        let description = meta(&doc, "og:description").unwrap_or_default();
        assert!(!title.is_empty() && !description.is_empty(), "{file}");
        assert_eq!(
            meta(&doc, "description"),
            Some(description.clone()),
            "{file}"
        );
        assert_eq!(meta(&doc, "twitter:card").as_deref(), Some("summary"));
        assert_eq!(meta(&doc, "twitter:title"), Some(title), "{file}");
        assert_eq!(meta(&doc, "twitter:description"), Some(description));
        // A light and a dark theme colour, each for its scheme.
        let colours: Vec<(String, String)> = doc
            .select("meta[name=\"theme-color\"]")
            .iter()
            .map(|m| {
                let attr = |a: &str| m.attr(a).map(|v| v.to_string()).unwrap_or_default();
                (attr("media"), attr("content"))
            })
            .collect();
        let medias: Vec<&str> = colours.iter().map(|(m, _)| m.as_str()).collect();
        assert_eq!(
            medias,
            [
                "(prefers-color-scheme: light)",
                "(prefers-color-scheme: dark)"
            ],
            "{file}"
        );
        assert!(
            colours.iter().all(|(_, c)| c.starts_with('#')),
            "{colours:?}"
        );
        assert_eq!(
            doc.select("meta[media]").length(),
            2,
            "{file}: media elsewhere"
        );
        assert_eq!(
            link(&doc, "icon").as_deref(),
            Some("/favicon.svg"),
            "{file}"
        );
    }
    assert!(site.page("favicon.svg").contains("<svg"));
}

#[test]
fn article_tags_carry_the_title_standfirst_and_date_escaped() {
    let (site, slug) = tricky_site(None);
    let html = site.page(&format!("articles/{slug}/index.html"));
    let doc = Document::from(html.as_str());
    // Decoded, the values are the title and first sentence exactly…
    assert_eq!(meta(&doc, "og:title").as_deref(), Some(TRICKY_TITLE));
    assert_eq!(meta(&doc, "twitter:title").as_deref(), Some(TRICKY_TITLE));
    assert_eq!(
        meta(&doc, "og:description").as_deref(),
        Some(
            "South Korean President Lee Jae Myung and Chinese President Xi Jinping signed \"the deal\" on trade & the currency swap in Gyeongju on Thursday, with tariffs < 5% promised. Officials in Seoul said Beijing would follow with a visit."
        )
    );
    assert_eq!(
        meta(&doc, "article:published_time").as_deref(),
        Some("2025-11-20")
    );
    // …and in the bytes, nothing of them can end the attribute or open a tag.
    let head = &html[..html.find("</head>").unwrap()];
    assert!(
        !head.contains("<5%") && !head.contains("\"the deal"),
        "raw in <head>"
    );
    assert!(
        head.contains(r#"<meta property="og:title" content="Lee &amp; Xi sign &quot;the deal&quot;: tariffs &lt;5% and &lt;10% in Gyeongju&#39;s hall">"#),
        "{head}"
    );
    assert!(head.contains("with tariffs &lt; 5% promised"), "{head}");
    // Pages without a date of their own say nothing of one.
    let home = site.page("index.html");
    assert!(!home.contains("article:published_time"));
}

#[test]
fn a_bare_path_base_url_leaves_out_what_needs_an_absolute_url() {
    let (site, slug) = tricky_site(Some("/"));
    for (file, _, _) in page_types(&slug) {
        let html = site.page(&file);
        let doc = Document::from(html.as_str());
        assert_eq!(link(&doc, "canonical"), None, "{file}");
        assert_eq!(meta(&doc, "og:url"), None, "{file}");
        // What needs no URL stays.
        assert!(meta(&doc, "og:title").is_some(), "{file}");
        assert_eq!(meta(&doc, "twitter:card").as_deref(), Some("summary"));
    }
    let robots = site.page("robots.txt");
    assert!(!robots.contains("Sitemap"), "{robots}");
    assert!(robots.contains("User-agent: *"), "{robots}");
}

#[test]
fn robots_txt_names_the_absolute_sitemap() {
    let (site, _) = tricky_site(None);
    assert_eq!(
        site.page("robots.txt"),
        "# Written by briefing.\nUser-agent: *\nAllow: /\n\nSitemap: https://briefing.example.org/sitemap.xml\n"
    );
    let (site, slug) = tricky_site(Some("https://example.org/briefing/"));
    let robots = site.page("robots.txt");
    assert!(
        robots.ends_with("\nSitemap: https://example.org/briefing/sitemap.xml\n"),
        "{robots}"
    );
    let sitemap = site.page("sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.org/briefing/</loc>"));
    let doc_html = site.page(&format!("articles/{slug}/index.html"));
    let doc = Document::from(doc_html.as_str());
    assert_eq!(
        link(&doc, "canonical"),
        Some(format!("https://example.org/briefing/articles/{slug}/"))
    );
    assert_eq!(link(&doc, "icon").as_deref(), Some("/briefing/favicon.svg"));
}

#[test]
fn a_site_without_an_icon_gets_the_default_one_and_can_replace_it() {
    let site = TestSite::default_site();
    std::fs::remove_file(site.root().join("static/favicon.svg")).unwrap();
    site.build();
    assert_eq!(
        site.page("favicon.svg"),
        read(&repo().join("static/favicon.svg")),
        "the built-in copy"
    );
    let own = "<svg xmlns=\"http://www.w3.org/2000/svg\"><circle r=\"4\"/></svg>\n";
    std::fs::write(site.root().join("static/favicon.svg"), own).unwrap();
    site.build();
    assert_eq!(site.page("favicon.svg"), own, "the site's own icon");
}
