//! `briefing build` end to end: the real binary on the default site and on fixture sites.

mod common;

use common::*;

fn build_default(out: &std::path::Path, extra: &[&str]) -> std::process::Output {
    let out_s = out.to_str().unwrap();
    let mut args = vec!["build", "--out", out_s];
    args.extend_from_slice(extra);
    briefing(&repo(), &args)
}

/// The article links listed on a topic page, in order.
fn article_links(html: &str, prefix: &str) -> Vec<String> {
    // Only the listed entries count: key points and "also reported by" link articles too.
    let marker = format!("class=\"entry__title\"><a href=\"{prefix}articles/");
    html.match_indices(&marker)
        .map(|(i, m)| {
            let rest = &html[i + m.len()..];
            rest[..rest.find('"').unwrap()]
                .trim_end_matches('/')
                .to_string()
        })
        .collect()
}

#[test]
fn default_site_builds_every_page() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let run = build_default(&out, &[]);
    let summary = ok_stdout(&run);
    assert!(summary.contains("Built 5 articles"), "{summary}");
    assert!(
        summary.contains("US ties 3, China ties 4, North Korea 4"),
        "{summary}"
    );
    for file in [
        "index.html",
        "404.html",
        "atom.xml",
        "sitemap.xml",
        "style.css",
    ] {
        assert!(out.join(file).is_file(), "{file} missing");
    }
    let slugs: Vec<String> = std::fs::read_dir(out.join("articles"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(slugs.len(), 5);
    for slug in &slugs {
        let page = read(&out.join("articles").join(slug).join("index.html"));
        assert!(page.starts_with("<!DOCTYPE html>"));
        assert!(
            page.contains("href=\"/articles/") && page.contains("index.md"),
            "markdown link on {slug}"
        );
        let md = read(&out.join("articles").join(slug).join("index.md"));
        assert!(md.starts_with("+++\ntitle = "), "{slug}: {md}");
    }
    let home = read(&out.join("index.html"));
    assert!(home.contains("<h1 class=\"masthead__title\">Seoul Diplomacy Briefing</h1>"));
    assert!(home.contains("<main id=\"main\""));
}

#[test]
fn topic_pages_list_exactly_the_articles_that_discuss_them() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    ok_stdout(&build_default(&out, &[]));
    // Expected membership, decided by reading the seeds (see tests/seeds.rs).
    let s000 = "south-koreas-president-lee-seeks-u-s-led-restart-of-north-korea-talks";
    let s001 = "lee-of-south-korea-calls-on-xi-of-china-to-assist-in-starting";
    let s002 = "south-korean-envoy-vows-closer-us-cooperation-for-north-korea-dialogue";
    let s003 = "president-lee-jae-myung-stresses-dialogue-with-china-after-u-s-talks";
    let s004 = "south-korean-president-lee-is-trying-to-ease-tensions-with-north-korea";
    for (topic, expected) in [
        ("us-ties", vec![s000, s002, s003]),
        ("china-ties", vec![s000, s001, s003, s004]),
        ("north-korea", vec![s000, s001, s002, s004]),
    ] {
        let html = read(&out.join("topics").join(topic).join("index.html"));
        let mut links = article_links(&html, "/");
        let mut expected = expected;
        links.sort();
        expected.sort();
        assert_eq!(links, expected, "{topic}");
        // One plain sentence per entry says why it is here; the term chips are gone.
        assert_eq!(
            html.matches("<p class=\"entry__why\">").count(),
            expected.len(),
            "{topic} says why each entry is here"
        );
        // The matched terms stay in a data- attribute for restyling, out of the text.
        let visible: String = html
            .split("data-terms=\"")
            .enumerate()
            .map(|(i, part)| {
                if i == 0 {
                    part
                } else {
                    part.split_once('"').map_or("", |(_, r)| r)
                }
            })
            .collect();
        assert!(!visible.contains('×'), "{topic} shows no term counts");
    }
}

#[test]
fn no_script_or_active_markup_from_seeds_reaches_the_output() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    ok_stdout(&build_default(&out, &[]));
    for (path, bytes) in snapshot(&out) {
        let mut text = String::from_utf8_lossy(&bytes).to_lowercase();
        // The one script of the site's own: the search page loads the built-in search.js.
        if path == std::path::Path::new("search/index.html") {
            let own = "<script src=\"/search.js\" defer></script>";
            assert_eq!(
                text.matches("<script").count(),
                1,
                "only search.js on {}",
                path.display()
            );
            text = text.replacen(own, "", 1);
        }
        for bad in [
            "<script",
            "<iframe",
            "<style",
            "javascript:",
            " onerror=",
            " onclick=",
            "profitableratecpm",
        ] {
            assert!(!text.contains(bad), "{bad} in {}", path.display());
        }
    }
}

#[test]
fn feed_and_sitemap_are_valid_xml() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    ok_stdout(&build_default(&out, &[]));
    let atom = read(&out.join("atom.xml"));
    let doc = roxmltree::Document::parse(&atom).expect("atom.xml parses");
    let feed = doc.root_element();
    assert_eq!(feed.tag_name().name(), "feed");
    assert_eq!(
        feed.tag_name().namespace(),
        Some("http://www.w3.org/2005/Atom")
    );
    let entries: Vec<_> = feed
        .children()
        .filter(|n| n.has_tag_name("entry"))
        .collect();
    assert_eq!(entries.len(), 5);
    for e in &entries {
        for child in ["title", "id", "updated", "link", "content"] {
            assert!(
                e.children().any(|n| n.has_tag_name(child)),
                "entry lacks {child}"
            );
        }
        let id = e
            .children()
            .find(|n| n.has_tag_name("id"))
            .unwrap()
            .text()
            .unwrap();
        assert!(
            id.starts_with("https://briefing.example.org/articles/"),
            "{id}"
        );
    }
    let sitemap = read(&out.join("sitemap.xml"));
    let doc = roxmltree::Document::parse(&sitemap).expect("sitemap parses");
    let locs: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .map(|n| n.text().unwrap().to_string())
        .collect();
    assert_eq!(locs.len(), 1 + 3 + 5);
    assert!(
        locs.iter()
            .all(|l| l.starts_with("https://briefing.example.org/"))
    );
}

#[test]
fn builds_are_byte_identical() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    ok_stdout(&build_default(&a, &[]));
    ok_stdout(&build_default(&b, &[]));
    assert!(
        snapshot(&a) == snapshot(&b),
        "two builds of the same input differ"
    );
}

#[test]
fn report_counts_the_files_written_and_a_rebuild_keeps_no_stale_file() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let opts = briefing::build::BuildOptions {
        root: repo(),
        out: Some(out.clone()),
        base_url: None,
        force: false,
    };
    let first = briefing::build::build(&opts).unwrap();
    assert_eq!(first.files, snapshot(&out).len());
    // A file left in the output by hand is gone after the next build (the old output is
    // replaced as a whole), and the count is the same.
    std::fs::write(out.join("articles/stray.html"), "stray").unwrap();
    let second = briefing::build::build(&opts).unwrap();
    assert_eq!(second.files, first.files);
    assert_eq!(snapshot(&out).len(), first.files);
    assert!(!out.join("articles/stray.html").exists());
    // Nothing but the output is left beside it (no staging or old folder).
    let beside: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().flatten().collect();
    assert_eq!(beside.len(), 1);
}

#[test]
fn base_url_with_sub_path_prefixes_every_internal_link() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    ok_stdout(&build_default(
        &out,
        &["--base-url", "https://host.example/briefing/"],
    ));
    let home = read(&out.join("index.html"));
    assert!(home.contains("href=\"/briefing/style.css\""));
    assert!(home.contains("href=\"/briefing/topics/us-ties/\""));
    let any_links = |prefix: &str| home.matches(&format!("href=\"{prefix}articles/")).count();
    assert_eq!(any_links("/"), 0, "no root-relative article links");
    assert!(any_links("/briefing/") > 0);
    let topic = read(&out.join("topics/north-korea/index.html"));
    for (i, _) in topic.match_indices("href=\"/") {
        assert!(
            topic[i..].starts_with("href=\"/briefing/"),
            "unprefixed link: {}",
            &topic[i..i + 60]
        );
    }
    let atom = read(&out.join("atom.xml"));
    assert!(atom.contains("<id>https://host.example/briefing/articles/"));
}

#[test]
fn custom_template_overrides_the_builtin_one() {
    let site = fixture_copy("custom-template");
    let summary = ok_stdout(&briefing(site.path(), &["build"]));
    assert!(summary.contains("Built 1 article"), "{summary}");
    let page = read(
        &site
            .path()
            .join("public/articles/harbour-expansion-approved-after-long-debate/index.html"),
    );
    assert!(page.contains("<h1>CUSTOM: Harbour expansion approved after long debate</h1>"));
    assert!(
        page.contains("class=\"site-header\""),
        "built-in base.html still used"
    );
    assert!(!page.contains("Share this article") && !page.contains("Advertisement"));
    // The other templates fall back to the built-in defaults.
    assert!(read(&site.path().join("public/index.html")).contains("class=\"masthead__title\""));
    assert!(
        site.path().join("public/style.css").is_file(),
        "built-in stylesheet supplied"
    );
}

#[test]
fn front_matter_overrides_inferred_values() {
    let site = fixture_copy("front-matter");
    let summary = ok_stdout(&briefing(site.path(), &["build"]));
    assert!(summary.contains("Harbour 1, Rail 1"), "{summary}");
    let md = read(
        &site
            .path()
            .join("public/articles/rail-strike-called-off-at-the-last-minute/index.md"),
    );
    assert!(md.contains("title = \"Rail strike called off at the last minute\""));
    assert!(md.contains("date = \"2025-03-14\""));
    assert!(md.contains("topics = [\"harbour\"]"), "{md}");
    assert!(md.contains("The railway union called off Friday's strike"));
    let page = read(
        &site
            .path()
            .join("public/articles/rail-strike-called-off-at-the-last-minute/index.html"),
    );
    assert!(page.contains("Harbour City Courier") && page.contains("Mina Park"));
    assert!(page.contains("href=\"https://courier.example/rail-strike\""));
    // The night-train story mentions the harbour once in passing: rail only.
    let night = read(
        &site
            .path()
            .join("public/articles/night-trains-return-to-the-coast-line/index.md"),
    );
    assert!(night.contains("topics = [\"rail\"]"), "{night}");
}

#[test]
fn template_error_names_file_and_line_and_keeps_old_output() {
    let site = fixture_copy("template-error");
    let public = site.path().join("public");
    std::fs::create_dir_all(&public).unwrap();
    std::fs::write(public.join("index.html"), "previous build").unwrap();
    // As a previous build leaves it: marked as briefing's.
    std::fs::write(public.join(".briefing-output"), "").unwrap();
    let run = briefing(site.path(), &["build"]);
    assert!(!run.status.success());
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(err.contains("templates/topic.html:5"), "{err}");
    assert_eq!(read(&public.join("index.html")), "previous build");
    let leftovers: Vec<_> = std::fs::read_dir(site.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(
        leftovers
            .iter()
            .all(|n| !n.to_string_lossy().contains("building")),
        "{leftovers:?}"
    );
}

#[test]
fn unclosed_if_is_reported_at_its_opening_line() {
    let site = default_site_copy();
    let path = site.path().join("templates/article.html");
    let template = read(&path);
    // An `{% if %}` whose `{% endif %}` was deleted, well above the `{% endblock %}`
    // where Tera gives up.
    let mut lines: Vec<&str> = template.lines().collect();
    let at = lines.iter().position(|l| l.contains("<h1>")).unwrap();
    lines.insert(
        at,
        "    {% if article.author %}<p class=\"byline\">{{ article.author }}</p>",
    );
    std::fs::write(&path, lines.join("\n")).unwrap();
    let opening = at + 1;
    let run = briefing(site.path(), &["build"]);
    assert!(!run.status.success());
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(
        err.contains(&format!(
            "templates/article.html:{opening}: {{% if article.author %}} is never closed"
        )),
        "{err}"
    );
    let last = lines.iter().rposition(|l| l.contains("endblock")).unwrap() + 1;
    assert!(err.contains(&format!("before line {last}")), "{err}");
}

#[test]
fn bad_site_toml_names_line_and_exits_non_zero() {
    let site = default_site_copy();
    std::fs::write(
        site.path().join("site.toml"),
        "title = \"x\"\n\n[[topics]]\nslug = \"a\"\nname = 3\nterms = []\n",
    )
    .unwrap();
    let run = briefing(site.path(), &["build"]);
    assert!(!run.status.success());
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(err.contains("site.toml:5"), "{err}");
    assert!(!site.path().join("public").exists());
}

/// Replaces `from` with `to` in the copy's site.toml and builds it; the failed build's stderr.
fn build_failing_with(site: &std::path::Path, from: &str, to: &str) -> String {
    let toml = read(&site.join("site.toml"));
    assert!(toml.contains(from), "site.toml lacks {from:?}");
    std::fs::write(site.join("site.toml"), toml.replacen(from, to, 1)).unwrap();
    let run = briefing(site, &["build"]);
    assert!(!run.status.success(), "the build succeeded");
    assert!(!site.join("public").exists(), "a failed build wrote output");
    String::from_utf8_lossy(&run.stderr).into_owned()
}

#[test]
fn base_url_without_scheme_is_an_error_at_its_line() {
    let site = default_site_copy();
    let line = read(&site.path().join("site.toml"))
        .lines()
        .position(|l| l.starts_with("base_url ="))
        .unwrap()
        + 1;
    let err = build_failing_with(
        site.path(),
        "base_url = \"https://briefing.example.org/\"",
        "base_url = \"briefing.example.org\"",
    );
    assert!(
        err.contains(&format!(
            "site.toml:{line}: base_url \"briefing.example.org\""
        )),
        "{err}"
    );
    assert!(
        err.contains("did you mean \"https://briefing.example.org/\""),
        "{err}"
    );
    // The command-line override is held to the same rule.
    let site = default_site_copy();
    let run = briefing(site.path(), &["build", "--base-url", "example.org/sub"]);
    assert!(!run.status.success());
    assert!(String::from_utf8_lossy(&run.stderr).contains("--base-url"));
}

#[test]
fn duplicate_topic_slug_is_reported_at_the_duplicate() {
    let site = default_site_copy();
    let toml = read(&site.path().join("site.toml"));
    let line_of = |needle: &str| toml.lines().position(|l| l == needle).unwrap() + 1;
    let (first, second) = (
        line_of("slug = \"us-ties\""),
        line_of("slug = \"china-ties\""),
    );
    assert!(first < second);
    let err = build_failing_with(site.path(), "slug = \"china-ties\"", "slug = \"us-ties\"");
    assert!(
        err.contains(&format!(
            "site.toml:{second}: topic slug \"us-ties\" is defined twice (first at line {first})"
        )),
        "{err}"
    );
}

#[test]
fn refuses_to_build_over_its_own_inputs() {
    let site = default_site_copy();
    for out in [".", "seeds", "templates", "static", ".."] {
        let run = briefing(site.path(), &["build", "--out", out]);
        assert!(!run.status.success(), "--out {out} accepted");
        assert!(
            String::from_utf8_lossy(&run.stderr).contains("refusing"),
            "--out {out}"
        );
    }
    assert_eq!(
        std::fs::read_dir(site.path().join("seeds"))
            .unwrap()
            .count(),
        5
    );
}

#[test]
fn bad_inputs_warn_and_the_rest_builds() {
    let site = default_site_copy();
    let seeds = site.path().join("seeds");
    std::fs::write(seeds.join("photo.png"), b"\x89PNG\r\n\x1a\n\0\0").unwrap();
    std::fs::write(seeds.join("empty.txt"), "").unwrap();
    std::fs::write(seeds.join("broken.txt"), "+++\ntitle = \n+++\nBody").unwrap();
    let run = briefing(site.path(), &["build"]);
    let summary = ok_stdout(&run);
    assert!(
        summary.contains("Built 5 articles") && summary.contains("3 warnings"),
        "{summary}"
    );
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(err.contains("seeds/photo.png"), "{err}");
    assert!(
        err.contains("seeds/empty.txt: no article text left"),
        "{err}"
    );
    assert!(
        err.contains("seeds/broken.txt: front matter, line 2"),
        "{err}"
    );
    let strict = briefing(site.path(), &["build", "--strict"]);
    assert!(!strict.status.success());
}

#[test]
fn clean_writes_one_file_per_input_with_out_dir() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("cleaned");
    let run = briefing(
        &repo(),
        &[
            "clean",
            "--out-dir",
            out.to_str().unwrap(),
            "seeds/003_8451e265bbcb7627.txt",
            "seeds/004_1d76d1aae684a6c5.txt",
        ],
    );
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            ".briefing-output",
            "president-lee-jae-myung-stresses-dialogue-with-china-after-u-s-talks.md",
            "south-korean-president-lee-is-trying-to-ease-tensions-with-north-korea.md"
        ]
    );
}

#[test]
fn help_and_version() {
    let root = repo();
    for args in [
        &["--help"][..],
        &["build", "--help"],
        &["clean", "--help"],
        &["--version"],
    ] {
        let out = ok_stdout(&briefing(&root, args));
        assert!(!out.is_empty());
    }
    let missing = briefing(&std::env::temp_dir(), &["build"]);
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("site.toml"));
}

#[test]
fn long_topics_are_paginated() {
    let site = default_site_copy();
    let toml = site.path().join("site.toml");
    std::fs::write(
        &toml,
        format!(
            "{}\n[pagination]\nper_page = 3\nhome_per_topic = 1\n",
            read(&toml)
        ),
    )
    .unwrap();
    ok_stdout(&briefing(site.path(), &["build"]));
    let public = site.path().join("public");
    let first = read(&public.join("topics/china-ties/index.html"));
    let second = read(&public.join("topics/china-ties/page/2/index.html"));
    assert!(
        first.contains("Page 1 of 2")
            && first.contains("href=\"/topics/china-ties/page/2/\" rel=\"next\"")
    );
    assert!(
        second.contains("href=\"/topics/china-ties/\" rel=\"prev\"")
            && second.contains("start=\"4\"")
    );
    assert_eq!(article_links(&first, "/").len(), 3);
    assert_eq!(article_links(&second, "/").len(), 1);
    assert!(
        !public.join("topics/us-ties/page/2").exists(),
        "3 articles fit one page"
    );
    let home = read(&public.join("index.html"));
    assert!(
        home.contains("4 reports on China ties →"),
        "home links each topic with its count"
    );
}

/// `(id, updated)` of every entry of a feed, in order.
fn feed_entries(atom: &str) -> Vec<(String, String)> {
    let doc = roxmltree::Document::parse(atom).expect("atom.xml parses");
    let text = |e: roxmltree::Node, tag: &str| {
        e.children()
            .find(|n| n.has_tag_name(tag))
            .and_then(|n| n.text())
            .unwrap_or_default()
            .to_string()
    };
    doc.root_element()
        .children()
        .filter(|n| n.has_tag_name("entry"))
        .map(|e| (text(e, "id"), text(e, "updated")))
        .collect()
}

#[test]
fn feed_holds_the_newest_articles_up_to_its_limit() {
    let site = default_site_copy();
    let toml = site.path().join("site.toml");
    let original = read(&toml);
    let build_with = |limit: usize| {
        std::fs::write(
            &toml,
            format!("{original}\n[pagination]\nfeed_entries = {limit}\n"),
        )
        .unwrap();
        ok_stdout(&briefing(site.path(), &["build"]));
        feed_entries(&read(&site.path().join("public/atom.xml")))
    };
    let all = build_with(0);
    assert_eq!(all.len(), 5, "0 means every article");
    let mut dates: Vec<&String> = all.iter().map(|(_, d)| d).collect();
    dates.sort_by(|a, b| b.cmp(a));
    assert_eq!(
        dates,
        all.iter().map(|(_, d)| d).collect::<Vec<_>>(),
        "newest first"
    );
    let two = build_with(2);
    assert_eq!(two, all[..2].to_vec(), "the two newest");
}

#[test]
fn a_rebuild_leaves_unchanged_static_files_as_they_were() {
    use std::os::unix::fs::MetadataExt;
    let site = default_site_copy();
    std::fs::write(site.path().join("static/logo.svg"), "<svg/>").unwrap();
    ok_stdout(&briefing(site.path(), &["build"]));
    let public = site.path().join("public");
    let stat = |p: &str| std::fs::metadata(public.join(p)).unwrap();
    let (css, logo) = (stat("style.css"), stat("logo.svg"));
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(site.path().join("static/logo.svg"), "<svg></svg>").unwrap();
    ok_stdout(&briefing(site.path(), &["build"]));
    assert_eq!(
        stat("style.css").ino(),
        css.ino(),
        "an unchanged static file was rewritten"
    );
    assert_eq!(stat("style.css").mtime_nsec(), css.mtime_nsec());
    assert_ne!(stat("logo.svg").ino(), logo.ino());
    assert_eq!(read(&public.join("logo.svg")), "<svg></svg>");
}

#[test]
fn seeds_keep_links_with_parentheses_and_autolinks() {
    let site = TestSite::empty()
        .seed(
            "links.md",
            "+++\ntitle = \"Harbour plan published in full\"\n+++\n\n\
         The council put the plan on its [history page](https://example.org/wiki/Harbour_(Busan)) \
         and the full text at <https://example.org/plan.pdf>, with questions to <desk@example.org> \
         until the end of the month, officials said on Tuesday.\n",
        )
        .seed(
            "saved.html",
            "<html><head><title>Harbour works to start next spring</title></head><body><article>\
         <h1>Harbour works to start next spring</h1><p>The city set out the timetable on its \
         <a href=\"https://example.org/wiki/Harbour_(Busan)\">project page</a> after a debate \
         that ran late into the evening on Tuesday, officials said.</p><p>The works are to last \
         about four years, with a budget of roughly two billion won set aside for them by the \
         council.</p></article></body></html>",
        );
    site.build();
    let saved = site.page("articles/harbour-works-to-start-next-spring/index.md");
    assert!(
        saved.contains("on its project page after a debate"),
        "a saved page's link becomes its text, with nothing of the URL left: {saved}"
    );
    let page = site.page("articles/harbour-plan-published-in-full/index.html");
    assert!(
        page.contains("<a href=\"https://example.org/wiki/Harbour_(Busan)\"")
            && page.contains(">history page</a> and the full text"),
        "a parenthesis inside the URL stays in it, with no stray ')': {page}"
    );
    assert!(
        page.contains("<a href=\"https://example.org/plan.pdf\"")
            && page.contains("<a href=\"mailto:desk@example.org\""),
        "autolinks stay links: {page}"
    );
}

#[test]
fn home_page_and_timelines_are_cut_to_the_newest_stories() {
    let site = default_site_copy();
    let toml = site.path().join("site.toml");
    std::fs::write(
        &toml,
        format!(
            "{}\n[pagination]\nhome_stories = 2\ntimeline_stories = 1\n",
            read(&toml)
        ),
    )
    .unwrap();
    ok_stdout(&briefing(site.path(), &["build"]));
    let public = site.path().join("public");
    let home = read(&public.join("index.html"));
    // The masthead counts every story; the list holds the lead and one more.
    assert!(home.contains("5 stories from 5 reports"), "{home}");
    assert_eq!(home.matches("<li class=\"story\">").count(), 1, "{home}");
    assert!(
        home.contains("3 older stories are on the topic pages"),
        "{home}"
    );
    let timeline = read(&public.join("topics/china-ties/timeline/index.html"));
    assert_eq!(timeline.matches("class=\"story__title\"").count(), 1);
    assert!(
        timeline.contains("3 older stories are on <a href=\"/topics/china-ties/\">"),
        "{timeline}"
    );
    // Without the settings nothing is cut.
    std::fs::write(
        &toml,
        read(&toml).replace("home_stories = 2\ntimeline_stories = 1\n", ""),
    )
    .unwrap();
    ok_stdout(&briefing(site.path(), &["build"]));
    let home = read(&public.join("index.html"));
    assert_eq!(home.matches("<li class=\"story\">").count(), 4);
    assert!(!home.contains("older stor"));
    let timeline = read(&public.join("topics/china-ties/timeline/index.html"));
    assert_eq!(timeline.matches("class=\"story__title\"").count(), 4);
}
