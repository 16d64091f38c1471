//! The briefing layer end to end: a site built from the labelled story set (real events
//! reported by several outlets, written for the project) lists each story once, and
//! every key point on every page is a sentence of the paragraph it cites, whose anchor
//! exists. briefing.json is read as a user's tool would.

mod common;

use std::collections::{HashMap, HashSet};

use common::*;
use dom_query::Document;

/// The labelled story set as seeds: each text with its title, outlet and date as front
/// matter, and its gold story label kept aside.
fn story_site() -> (TestSite, HashMap<String, String>) {
    let mut site = TestSite::empty();
    let mut gold = HashMap::new();
    let dir = repo().join("tests/stories");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md") && !p.ends_with("README.md"))
        .collect();
    files.sort();
    for path in files {
        let text = read(&path);
        let (head, body) = text
            .strip_prefix("+++\n")
            .and_then(|t| t.split_once("\n+++\n"))
            .expect("front matter");
        let label: toml::Table = toml::from_str(head).unwrap();
        let field = |k: &str| {
            label
                .get(k)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string()
        };
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        gold.insert(field("title"), field("gold"));
        let front = format!(
            "+++\ntitle = {:?}\ndate = {:?}\nsource = {:?}\n+++\n",
            field("title"),
            field("date"),
            field("outlet")
        );
        site = site.seed(&name, format!("{front}{body}"));
    }
    (site, gold)
}

/// The text of the element with `id` on a page, whitespace collapsed.
fn anchored_text(html: &str, id: &str) -> Option<String> {
    let doc = Document::from(html);
    let node = doc.select(&format!("[id=\"{id}\"]"));
    if node.is_empty() {
        return None;
    }
    Some(node.text().split_whitespace().collect::<Vec<_>>().join(" "))
}

fn words(s: &str) -> HashSet<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() > 2)
        .map(str::to_lowercase)
        .collect()
}

#[test]
fn key_points_quote_the_paragraphs_they_cite() {
    let (site, _) = story_site();
    site.build();
    let data: serde_json::Value = serde_json::from_str(&site.page("briefing.json")).unwrap();
    let topics = data["topics"].as_array().unwrap();
    let mut checked = 0;
    for topic in topics {
        let points = topic["key_points"].as_array().unwrap();
        let stories_in_topic: HashSet<&str> = data["articles"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| {
                a["topics"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|t| t == &topic["slug"])
            })
            .map(|a| a["story"].as_str().unwrap())
            .collect();
        if stories_in_topic.len() >= 3 {
            assert!(
                (3..=7).contains(&points.len()),
                "{}: {} points",
                topic["slug"],
                points.len()
            );
        }
        let mut seen: Vec<HashSet<String>> = Vec::new();
        for p in points {
            let text = p["text"].as_str().unwrap();
            let slug = p["article"].as_str().unwrap();
            let anchor = p["anchor"].as_str().unwrap();
            let page = site.page(&format!("articles/{slug}/index.html"));
            let paragraph = anchored_text(&page, anchor)
                .unwrap_or_else(|| panic!("{slug}: no #{anchor} for {text:?}"));
            let collapsed: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(
                paragraph.contains(&collapsed),
                "{slug}#{anchor}: {text:?} not in {paragraph:?}"
            );
            assert!(
                text.chars()
                    .next()
                    .is_some_and(|c| c.is_uppercase() || c.is_numeric()),
                "fragment: {text:?}"
            );
            let w = words(text);
            for other in &seen {
                let shared = w.intersection(other).count() as f64;
                let union = w.union(other).count() as f64;
                assert!(
                    shared / union < 0.6,
                    "near-duplicate points in {}: {text:?}",
                    topic["slug"]
                );
            }
            seen.push(w);
            // The same point, cited on the topic page, links to that paragraph.
            let topic_page = site.page(&format!(
                "topics/{}/index.html",
                topic["slug"].as_str().unwrap()
            ));
            assert!(
                topic_page.contains(&format!("/articles/{slug}/#{anchor}\"")),
                "{slug}#{anchor} not cited on the topic page"
            );
            checked += 1;
        }
    }
    assert!(checked >= 9, "only {checked} key points");
    // The home page shows the first points of each topic, each citing its paragraph.
    let home = Document::from(site.page("index.html").as_str());
    let cites = home.select(".key-points a");
    assert!(!cites.is_empty());
    for a in cites.iter() {
        let href = a.attr("href").unwrap().to_string();
        let (path, anchor) = href.split_once('#').unwrap();
        let page = site.page(&format!("{}index.html", path.trim_start_matches('/')));
        assert!(
            anchored_text(&page, anchor).is_some(),
            "{href} does not resolve"
        );
    }
}

#[test]
fn each_story_is_listed_once_under_its_best_article() {
    let (site, gold) = story_site();
    site.build();
    let data: serde_json::Value = serde_json::from_str(&site.page("briefing.json")).unwrap();
    let title_of: HashMap<&str, &str> = data["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["slug"].as_str().unwrap(), a["title"].as_str().unwrap()))
        .collect();
    // End to end, through cleaning: the stories agree with the gold labels (B-cubed).
    let stories = data["stories"].as_array().unwrap();
    let mut of: HashMap<&str, usize> = HashMap::new();
    for (i, s) in stories.iter().enumerate() {
        for m in s["members"].as_array().unwrap() {
            of.insert(m.as_str().unwrap(), i);
        }
    }
    let slugs: Vec<&str> = of.keys().copied().collect();
    let label = |slug: &str| gold.get(title_of[slug]).cloned().unwrap_or_default();
    let (mut p, mut r) = (0.0, 0.0);
    for &a in &slugs {
        let same_story: Vec<&str> = slugs.iter().copied().filter(|b| of[b] == of[a]).collect();
        let same_gold: Vec<&str> = slugs
            .iter()
            .copied()
            .filter(|b| label(b) == label(a))
            .collect();
        let both = same_story.iter().filter(|b| label(b) == label(a)).count() as f64;
        p += both / same_story.len() as f64;
        r += both / same_gold.len() as f64;
    }
    let (p, r) = (p / slugs.len() as f64, r / slugs.len() as f64);
    let f1 = 2.0 * p * r / (p + r);
    println!(
        "end-to-end B-cubed: P {p:.3} R {r:.3} F1 {f1:.3} over {} articles",
        slugs.len()
    );
    assert!(f1 >= 0.85, "B-cubed F1 {f1:.3}");
    // The home page lists each story once.
    let home = Document::from(site.page("index.html").as_str());
    let listed: Vec<String> = home
        .select(".lead__title a, .briefing .story__title a")
        .iter()
        .map(|a| a.attr("href").unwrap().to_string())
        .collect();
    assert_eq!(listed.len(), stories.len(), "one row per story");
    let unique: HashSet<&String> = listed.iter().collect();
    assert_eq!(unique.len(), listed.len());
    for s in stories {
        let headline = s["headline"].as_str().unwrap();
        assert!(
            listed
                .iter()
                .any(|h| h.ends_with(&format!("/articles/{headline}/"))),
            "{headline} not listed"
        );
    }
    // A story of several outlets says who else reported it, with working links.
    let multi = stories
        .iter()
        .find(|s| s["members"].as_array().unwrap().len() > 1)
        .unwrap();
    let headline = multi["headline"].as_str().unwrap();
    let page = site.page(&format!("articles/{headline}/index.html"));
    assert!(page.contains("Also reported by"), "{headline}");
    for m in multi["members"].as_array().unwrap().iter().skip(1) {
        let m = m.as_str().unwrap();
        assert!(
            page.contains(&format!("/articles/{m}/\"")),
            "{m} not linked from {headline}"
        );
    }
}

#[test]
fn the_edition_is_dated_and_each_topic_has_a_timeline() {
    let (site, _) = story_site();
    site.build();
    let data: serde_json::Value = serde_json::from_str(&site.page("briefing.json")).unwrap();
    let newest = data["articles"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["date"].as_str())
        .max()
        .unwrap()
        .to_string();
    assert_eq!(data["edition_date"].as_str(), Some(&newest[..10]));
    let home = site.page("index.html");
    assert!(
        home.contains(&format!("<time datetime=\"{}\">", &newest[..10])),
        "masthead date"
    );
    for topic in data["topics"].as_array().unwrap() {
        let slug = topic["slug"].as_str().unwrap();
        let page = site.page(&format!("topics/{slug}/timeline/index.html"));
        let doc = Document::from(page.as_str());
        let days: Vec<String> = doc
            .select(".timeline__date time")
            .iter()
            .map(|t| t.attr("datetime").unwrap().to_string())
            .collect();
        let mut sorted = days.clone();
        sorted.sort_by(|a, b| b.cmp(a));
        assert_eq!(days, sorted, "{slug}: days newest first");
        assert!(
            site.page(&format!("topics/{slug}/index.html"))
                .contains("timeline/")
        );
    }
}

#[test]
fn an_article_without_a_source_says_so_and_strict_builds_warn() {
    let site = TestSite::default_site();
    let built = site.build();
    let page = site.page("articles/south-korean-envoy-vows-closer-us-cooperation-for-north-korea-dialogue/index.html");
    assert!(page.contains("Source not recorded"), "provenance line");
    assert!(
        !built.stderr.contains("no source"),
        "no warning without --strict: {}",
        built.stderr
    );
    let strict = site.run(&["build", "--strict"]);
    let err = String::from_utf8_lossy(&strict.stderr);
    assert!(!strict.status.success());
    assert!(err.contains("no source recorded"), "{err}");
}

#[test]
fn explain_says_why_articles_were_grouped() {
    let (site, _) = story_site();
    let out = site.run(&["clean", "--explain", "seeds/03-gyeongju-summit-deal.md"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let story = text.split("## story").nth(1).expect("a story section");
    assert!(story.contains("articles, listed under"), "{story}");
    assert!(
        story.contains("↳ same event") || story.contains("↳ near-identical copy"),
        "{story}"
    );
    // The evidence comes from the bodies, not the titles alone: the names the three
    // reports of the submarine approval share are listed.
    let seeds = [
        "seeds/05-sub-approval-reuters.md",
        "seeds/06-sub-approval-philadelphia.md",
        "seeds/07-sub-approval-radio.md",
    ];
    let out = site.run(&[&["clean", "--explain"][..], &seeds[..]].concat());
    let text = String::from_utf8_lossy(&out.stdout);
    let same: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("↳ same event"))
        .collect();
    assert!(!same.is_empty(), "{text}");
    for line in same {
        assert!(line.contains("lee jae myung"), "{line}");
    }
}
