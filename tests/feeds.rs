//! Every Atom feed the real binary writes — the site's and one per topic — parsed with
//! roxmltree and held to RFC 4287's rules, read back with feed-rs (a feed reader's
//! parser), linked from its topic page, and kept up to date by `serve`.

mod common;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::*;
use dom_query::Document;

const ATOM: &str = "http://www.w3.org/2005/Atom";

/// Dated articles from several outlets, on top of the default site's undated ones.
fn dated_site() -> TestSite {
    let mut site = TestSite::default_site();
    for name in [
        "08-lee-xi-swap.md",
        "21-nk-missile-oct22-first.md",
        "43-lee-trump-whitehouse-koreanet.md",
        "56-hegseth-scm-seoul.md",
    ] {
        let mut seed = story_seed(name);
        // One with a time of day and an offset, as scrapers give them.
        if name.starts_with("08") {
            seed = seed.replace(
                "date = \"2025-11-01\"",
                "date = \"2025-11-01T08:30:00+09:00\"",
            );
        }
        site = site.seed(name, seed);
    }
    site
}

/// Every `atom.xml` under `public`, relative.
fn feeds(public: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = walkdir::WalkDir::new(public)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_name() == "atom.xml")
        .map(|e| e.path().strip_prefix(public).unwrap().to_path_buf())
        .collect();
    found.sort();
    found
}

/// `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)`, and a real instant.
fn is_rfc3339(text: &str) -> bool {
    let shape =
        regex::Regex::new(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
            .unwrap();
    shape.is_match(text) && text.parse::<jiff::Timestamp>().is_ok()
}

/// An absolute IRI: a scheme, a colon, something after it.
fn is_absolute_iri(text: &str) -> bool {
    let shape = regex::Regex::new(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$").unwrap();
    shape.is_match(text)
}

fn children<'a, 'i>(n: roxmltree::Node<'a, 'i>, tag: &str) -> Vec<roxmltree::Node<'a, 'i>> {
    n.children()
        .filter(|c| {
            c.is_element() && c.tag_name().name() == tag && c.tag_name().namespace() == Some(ATOM)
        })
        .collect()
}

fn text_of(n: roxmltree::Node, tag: &str) -> String {
    children(n, tag)
        .first()
        .and_then(|c| c.text())
        .unwrap_or_default()
        .to_string()
}

/// Checks RFC 4287's rules on one feed; returns its entries' alternate links.
fn check_atom(name: &str, xml: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("{name}: {e}"));
    let feed = doc.root_element();
    assert_eq!(feed.tag_name().name(), "feed", "{name}");
    assert_eq!(feed.tag_name().namespace(), Some(ATOM), "{name}");
    // 4.1.1: exactly one id, title and updated; an author unless every entry has one.
    for tag in ["id", "title", "updated"] {
        assert_eq!(children(feed, tag).len(), 1, "{name}: feed needs one {tag}");
    }
    assert!(is_absolute_iri(&text_of(feed, "id")), "{name}: feed id");
    assert!(!text_of(feed, "title").trim().is_empty(), "{name}: title");
    let feed_updated = text_of(feed, "updated");
    assert!(is_rfc3339(&feed_updated), "{name}: updated {feed_updated}");
    let links = children(feed, "link");
    let rel = |l: &roxmltree::Node| l.attribute("rel").unwrap_or("alternate").to_string();
    let selves: Vec<_> = links.iter().filter(|l| rel(l) == "self").collect();
    assert_eq!(selves.len(), 1, "{name}: one link rel=self");
    let self_href = selves[0].attribute("href").unwrap_or_default();
    assert!(self_href.ends_with(name), "{name}: self link {self_href}");
    assert!(
        links.iter().filter(|l| rel(l) == "alternate").count() <= 1,
        "{name}: at most one alternate link of a type"
    );
    let feed_author = children(feed, "author")
        .iter()
        .any(|a| !text_of(*a, "name").trim().is_empty());
    // 4.1.2: each entry has one id, title and updated, and an alternate link (there is
    // content, but the link is what a reader opens).
    let mut ids = HashSet::new();
    let mut hrefs = Vec::new();
    for entry in children(feed, "entry") {
        for tag in ["id", "title", "updated"] {
            assert_eq!(
                children(entry, tag).len(),
                1,
                "{name}: entry needs one {tag}"
            );
        }
        let id = text_of(entry, "id");
        assert!(is_absolute_iri(&id), "{name}: entry id {id}");
        assert!(ids.insert(id.clone()), "{name}: id {id} twice");
        let updated = text_of(entry, "updated");
        assert!(is_rfc3339(&updated), "{name}: entry updated {updated}");
        let stamp = |t: &str| t.parse::<jiff::Timestamp>().unwrap();
        assert!(
            stamp(&updated) <= stamp(&feed_updated),
            "{name}: newer than the feed"
        );
        assert!(
            !text_of(entry, "title").trim().is_empty(),
            "{name}: entry title"
        );
        let alternate: Vec<_> = children(entry, "link")
            .into_iter()
            .filter(|l| rel(l) == "alternate")
            .collect();
        assert_eq!(alternate.len(), 1, "{name}: entry link");
        hrefs.push(alternate[0].attribute("href").unwrap().to_string());
        assert!(
            feed_author || !children(entry, "author").is_empty(),
            "{name}: no author for {id}"
        );
        for content in children(entry, "content") {
            assert_eq!(content.attribute("type"), Some("html"), "{name}");
        }
    }
    // A feed reader's parser reads the same entries.
    let parsed = feed_rs::parser::parse(xml.as_bytes()).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(parsed.entries.len(), hrefs.len(), "{name}");
    hrefs
}

/// The article URLs of a topic, in the order briefing.json lists them.
fn topic_articles(site: &TestSite, slug: &str, base: &str) -> Vec<String> {
    let data: serde_json::Value = serde_json::from_str(&site.page("briefing.json")).unwrap();
    data["articles"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["topics"].as_array().unwrap().iter().any(|t| t == slug))
        .map(|a| {
            format!(
                "{base}{}",
                a["url"].as_str().unwrap().trim_start_matches('/')
            )
        })
        .collect()
}

#[test]
fn every_feed_follows_rfc_4287_and_a_topic_feed_holds_its_topic() {
    let site = dated_site();
    site.build();
    let public = site.public();
    let found = feeds(&public);
    let names: Vec<String> = found.iter().map(|p| p.display().to_string()).collect();
    assert_eq!(
        names,
        [
            "atom.xml",
            "topics/china-ties/atom.xml",
            "topics/north-korea/atom.xml",
            "topics/us-ties/atom.xml"
        ]
    );
    let base = "https://briefing.example.org/";
    let mut feed_ids = HashSet::new();
    for rel in &found {
        let name = rel.display().to_string();
        let xml = read(&public.join(rel));
        let hrefs = check_atom(&name, &xml);
        let doc = roxmltree::Document::parse(&xml).unwrap();
        assert!(
            feed_ids.insert(text_of(doc.root_element(), "id")),
            "feed ids differ"
        );
        if let Some(slug) = name
            .strip_prefix("topics/")
            .and_then(|n| n.strip_suffix("/atom.xml"))
        {
            assert_eq!(hrefs, topic_articles(&site, slug, base), "{name}");
            assert_eq!(
                text_of(doc.root_element(), "id"),
                format!("{base}topics/{slug}/")
            );
        } else {
            assert_eq!(hrefs.len(), 9, "the site feed has every article");
        }
    }
    // The offset of a dated article is kept, not flattened.
    let us = read(&public.join("topics/china-ties/atom.xml"));
    assert!(us.contains("T08:30:00+09:00</updated>"), "{us}");
}

#[test]
fn feeds_keep_their_limit_and_stay_valid_under_a_bare_path() {
    let site = dated_site().config("[pagination]\nfeed_entries = 2");
    let out = site.run(&["build", "--base-url", "/"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let found = feeds(&site.public());
    assert_eq!(found.len(), 4, "the site's feed and one per topic");
    for rel in found {
        let name = rel.display().to_string();
        let hrefs = check_atom(&name, &read(&site.public().join(&rel)));
        assert!(hrefs.len() <= 2, "{name}: {hrefs:?}");
        if let Some(slug) = name
            .strip_prefix("topics/")
            .and_then(|n| n.strip_suffix("/atom.xml"))
        {
            assert_eq!(hrefs, topic_articles(&site, slug, "/")[..2], "{name}");
        }
    }
}

#[test]
fn each_topic_page_links_its_feed_in_head_and_in_view() {
    let site = dated_site();
    site.build();
    for slug in ["us-ties", "china-ties", "north-korea"] {
        let html = site.page(&format!("topics/{slug}/index.html"));
        let doc = Document::from(html.as_str());
        let href = format!("/topics/{slug}/atom.xml");
        let alternates: Vec<String> = doc
            .select("link[rel=\"alternate\"][type=\"application/atom+xml\"]")
            .iter()
            .filter_map(|l| l.attr("href").map(|h| h.to_string()))
            .collect();
        assert_eq!(
            alternates,
            ["/atom.xml".to_string(), href.clone()],
            "{slug}"
        );
        let visible = doc.select(&format!("main a[href=\"{href}\"]"));
        assert_eq!(visible.length(), 1, "{slug}: a visible link to the feed");
        assert!(visible.text().contains("feed"), "{}", visible.text());
        assert!(site.public().join(href.trim_start_matches('/')).is_file());
    }
}

/// Waits until `check` holds for the file at `path` (None: it is missing).
fn wait_for_file(path: &Path, what: &str, check: impl Fn(Option<String>) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !check(std::fs::read_to_string(path).ok()) {
        assert!(Instant::now() < deadline, "{what}: {}", path.display());
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn serve_writes_topic_feeds_and_removes_those_of_a_removed_topic() {
    let site = default_site_copy();
    let _server = ServeProc::start(site.path());
    let public = site.path().join("public");
    let feed = public.join("topics/north-korea/atom.xml");
    check_atom("topics/north-korea/atom.xml", &read(&feed));
    // A seed edit reaches the topic's feed.
    let seed = site.path().join("seeds/004_1d76d1aae684a6c5.txt");
    save_like_an_editor(
        &seed,
        &read(&seed).replace(
            "Lee welcomed Xi following",
            "Lee cordially received Xi following",
        ),
    );
    wait_for_file(&feed, "the edit in the topic feed", |t| {
        t.is_some_and(|t| t.contains("Lee cordially received Xi following"))
    });
    check_atom("topics/north-korea/atom.xml", &read(&feed));
    // A topic taken out of site.toml takes its feed and timeline with it.
    let toml = site.path().join("site.toml");
    let text = read(&toml);
    let at = text
        .find("[[topics]]\nslug = \"north-korea\"")
        .expect("the topic");
    save_like_an_editor(&toml, &text[..at]);
    wait_for_file(&feed, "the removed topic's feed", |t| t.is_none());
    assert!(
        !public
            .join("topics/north-korea/timeline/index.html")
            .exists()
    );
    assert!(public.join("topics/us-ties/atom.xml").is_file());
}
