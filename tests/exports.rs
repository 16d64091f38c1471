//! Scrapers' exports as seeds: each gives the same site as its articles split into files,
//! and a bad record is one warning naming it while the rest builds.
//!
//! The fixtures in tests/fixtures/exports/ are made by its make.py from six stories of
//! tests/reporting: split/ (text files with front matter), pages/ (saved web pages), a
//! trafilatura-style JSON Lines file, a Scrapy JSON array, a CSV with a BOM and quoted
//! newlines, RSS 2.0 with content:encoded, Atom, and a WARC made by wget from pages/.

mod common;

use common::*;

const FIXTURES: &str = "tests/fixtures/exports";

/// The built site, file by file, against `want`'s.
fn same_site(got: &TestSite, want: &TestSite, what: &str) {
    assert_same_tree(&got.public(), &want.public(), what);
}

#[test]
fn each_export_gives_the_same_site_as_its_articles_in_files() {
    let files = TestSite::empty().seeds_from(&format!("{FIXTURES}/split"));
    let built = files.build();
    assert!(
        built.stdout.contains("Built 6 articles"),
        "{}",
        built.stdout
    );
    for export in ["articles.jsonl", "scrapy.json", "sheet.csv"] {
        let site = TestSite::empty().seed_from(&format!("{FIXTURES}/{export}"));
        let out = site.build();
        assert!(
            out.stdout.contains("Built 6 articles"),
            "{export}: {}",
            out.stdout
        );
        assert!(!out.stderr.contains("warning"), "{export}: {}", out.stderr);
        same_site(&site, &files, export);
    }
}

#[test]
fn an_archive_of_pages_gives_the_same_site_as_the_saved_pages() {
    let pages = TestSite::empty().seeds_from(&format!("{FIXTURES}/pages"));
    pages.build();
    let warc = TestSite::empty().seed_from(&format!("{FIXTURES}/archive.warc.gz"));
    let out = warc.build();
    assert!(out.stdout.contains("Built 6 articles"), "{}", out.stdout);
    same_site(&warc, &pages, "archive.warc.gz");
}

#[test]
fn rss_and_atom_feeds_give_the_same_articles() {
    let rss = TestSite::empty().seed_from(&format!("{FIXTURES}/feed.rss"));
    let out = rss.build();
    assert!(out.stdout.contains("Built 6 articles"), "{}", out.stdout);
    let atom = TestSite::empty().seed_from(&format!("{FIXTURES}/feed.atom"));
    atom.build();
    same_site(&atom, &rss, "feed.atom");
    // Each entry keeps its link, date and author, and the story's paragraphs.
    let page = rss.page("articles/bok-holds-rate-as-property-market-household-debt-surge/index.md");
    assert!(
        page.contains("url = \"https://news.example/business/bok-holds-rate\""),
        "{page}"
    );
    assert!(page.contains("date = \"2025-07-10"), "{page}");
    assert!(page.contains("author = \"Kim Hyun-jin\""), "{page}");
    assert!(
        page.contains("The Bank of Korea held its base rate steady"),
        "{page}"
    );
}

#[test]
fn a_bad_record_is_one_warning_naming_it_and_the_rest_builds() {
    let good = |n: usize| {
        format!(
            "{{\"title\":\"Harbour report {n}\",\"url\":\"https://h.example/{n}\",\"text\":\"The harbour authority in Busan said on Monday that cargo volume rose for the third month in a row, as shipping lines added routes.\"}}"
        )
    };
    let jsonl = [
        good(1),
        "{\"title\": \"cut".into(),
        good(3),
        "{\"title\":\"Only a title\"}".into(),
        "[1, 2]".into(),
        good(6),
    ]
    .join("\n");
    let csv = "title,text\r\nA report,\"The harbour authority in Busan said on Monday that cargo volume rose for the third month in a row.\"\r\nNo body,\r\n";
    let array = format!("[{}, {}, {{\"title\": ", good(7), good(8));
    let warc = std::fs::read(common::repo().join(FIXTURES).join("archive.warc.gz")).unwrap();
    let site = TestSite::empty()
        .seed("bad.jsonl", jsonl)
        .seed("bad.csv", csv)
        .seed("cut.json", array)
        .seed("cut.warc.gz", &warc[..warc.len() * 2 / 3]);
    let out = site.build();
    let warnings: Vec<&str> = out
        .stderr
        .lines()
        .filter(|l| l.starts_with("warning:"))
        .collect();
    let has = |needle: &str| warnings.iter().filter(|w| w.contains(needle)).count();
    assert_eq!(
        has("seeds/bad.jsonl, line 2: is not valid JSON"),
        1,
        "{}",
        out.stderr
    );
    assert_eq!(
        has("seeds/bad.jsonl, line 4: has no article text"),
        1,
        "{}",
        out.stderr
    );
    assert_eq!(
        has("seeds/bad.jsonl, line 5: is not a JSON object"),
        1,
        "{}",
        out.stderr
    );
    assert_eq!(
        has("seeds/bad.csv, line 3: has no article text"),
        1,
        "{}",
        out.stderr
    );
    assert_eq!(has("seeds/cut.json"), 1, "{}", out.stderr);
    assert_eq!(has("seeds/cut.warc.gz"), 1, "{}", out.stderr);
    assert!(has("cut short") >= 1, "{}", out.stderr);
    // 3 good lines, 1 CSV row, 2 array records, and the pages before the cut.
    let built: usize = out
        .stdout
        .split("Built ")
        .nth(1)
        .and_then(|r| r.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap();
    assert!((7..12).contains(&built), "{}", out.stdout);
    assert!(
        site.public()
            .join("articles/harbour-report-6/index.html")
            .is_file()
    );
    assert!(
        site.public()
            .join("articles/harbour-report-8/index.html")
            .is_file()
    );
}
