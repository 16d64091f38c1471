//! Search: the index the real binary writes (default site, a generated one, `serve`
//! after edits against a fresh build), and the search page in headless Chromium under a
//! sub-path base_url, from the header's form and from `?q=`, with hostile titles shown
//! as text. Under CI (CI=true) Chromium is required.

mod common;

use std::path::Path;

use common::cdp::{Page, launch, require_chromium};
use common::*;
use serde_json::{Value, json};

fn json_file(path: &Path) -> Value {
    serde_json::from_str(&read(path)).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The shard file name of a term: hex of the UTF-8 bytes of its first two characters.
fn shard(term: &str) -> String {
    let end = term.char_indices().nth(2).map_or(term.len(), |(i, _)| i);
    term.as_bytes()[..end]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The index rows (title, url, topics, date, summary) of the articles holding `term`,
/// decoded from the built files as the search page decodes them.
fn lookup(out: &Path, term: &str) -> Vec<Value> {
    let meta = json_file(&out.join("search/index.json"));
    let chunk = meta["chunk"].as_u64().unwrap();
    let path = out.join(format!("search/terms/{}.json", shard(term)));
    if !path.exists() {
        return Vec::new();
    }
    let terms = json_file(&path);
    let Some(postings) = terms[term].as_array() else {
        return Vec::new();
    };
    let mut doc = 0;
    postings
        .iter()
        .map(|p| {
            doc += p.as_u64().unwrap() / 4;
            let rows = json_file(&out.join(format!("search/docs/{}.json", doc / chunk)));
            rows[(doc % chunk) as usize].clone()
        })
        .collect()
}

/// Lower-cased runs of letters and digits, as the index cuts text.
fn words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 2)
        .map(str::to_string)
        .collect()
}

#[test]
fn the_default_site_index_holds_every_article_under_each_title_word() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    ok_stdout(&briefing(
        &repo(),
        &["build", "--out", out.to_str().unwrap()],
    ));
    let data = json_file(&out.join("briefing.json"));
    let meta = json_file(&out.join("search/index.json"));
    let articles = data["articles"].as_array().unwrap();
    assert_eq!(meta["count"], articles.len());
    assert_eq!(meta["topics"][0]["name"], "US ties");
    assert!(out.join("search/index.html").is_file());
    assert!(out.join("search.js").is_file());
    let stop: Vec<&str> = meta["stop"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap())
        .collect();
    assert!(stop.contains(&"the") && !stop.contains(&"us"), "{stop:?}");
    for a in articles {
        let title = a["title"].as_str().unwrap();
        let topics: Vec<&str> = a["topics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap())
            .collect();
        for word in words(title).iter().filter(|w| !stop.contains(&w.as_str())) {
            let found = lookup(&out, word);
            let row = found
                .iter()
                .find(|r| r[0] == title)
                .unwrap_or_else(|| panic!("{word:?} does not find {title:?}: {found:?}"));
            assert_eq!(row[1], a["url"]);
            let names: Vec<&str> = row[2]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| {
                    meta["topics"][i.as_u64().unwrap() as usize]["name"]
                        .as_str()
                        .unwrap()
                })
                .collect();
            assert_eq!(names.len(), topics.len(), "{title}: {names:?}");
            assert!(
                !row[4].as_str().unwrap().is_empty(),
                "a snippet for {title}"
            );
        }
    }
    // "airspace" is in one article only.
    let found = lookup(&out, "airspace");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        found[0][0],
        "Lee of South Korea calls on Xi of China to assist in starting negotiations with North Korea"
    );
}

/// A seed about Seoul's ties with Washington, marked by `word`.
fn generated_seed(n: usize, word: &str) -> String {
    format!(
        "+++\ntitle = \"Report {n} on the alliance\"\n+++\nSeoul and Washington met again on \
         Monday; the {word} talks covered the alliance and its costs. Officials in Seoul said \
         the talks went well and that more would follow.\n\nA second paragraph says more about \
         the meeting in Seoul, and about what Washington asked for.\n"
    )
}

/// "wxa", "wxb"… in letters only: each article's own word.
fn marker(n: usize) -> String {
    let mut s = String::from("mark");
    let mut n = n;
    for _ in 0..3 {
        s.push(char::from(b'a' + (n % 26) as u8));
        n /= 26;
    }
    s
}

#[test]
fn a_generated_site_of_600_articles_finds_each_by_its_own_word() {
    let mut site = TestSite::empty();
    for n in 0..600 {
        site = site.seed(&format!("a{n:04}.txt"), generated_seed(n, &marker(n)));
    }
    site.build();
    let out = site.public();
    let meta = json_file(&out.join("search/index.json"));
    assert_eq!(meta["count"], 600);
    // 256 articles a chunk: three files, no fourth.
    assert!(out.join("search/docs/2.json").is_file());
    assert!(!out.join("search/docs/3.json").exists());
    for n in 0..600 {
        let found = lookup(&out, &marker(n));
        assert_eq!(found.len(), 1, "{}: {found:?}", marker(n));
        assert_eq!(found[0][0], format!("Report {n} on the alliance"));
    }
    // A word in every article decodes to all of them, each once.
    let all = lookup(&out, "washington");
    assert_eq!(all.len(), 600);
    let mut titles: Vec<&str> = all.iter().map(|r| r[0].as_str().unwrap()).collect();
    titles.sort_unstable();
    titles.dedup();
    assert_eq!(titles.len(), 600);
}

/// Every file under `search/` of an output folder, with its bytes.
fn search_files(out: &Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    snapshot(&out.join("search"))
}

#[test]
fn serve_keeps_the_index_equal_to_a_fresh_build_through_edits() {
    let site = default_site_copy();
    let builds = tempfile::tempdir().unwrap();
    let server = ServeProc::start(site.path());
    let fresh = |name: &str| {
        let out = builds.path().join(name);
        ok_stdout(&briefing(
            site.path(),
            &["build", "--out", out.to_str().unwrap()],
        ));
        search_files(&out)
    };
    assert_eq!(search_files(&site.path().join("public")), fresh("b0"));

    // An edit in place: one article's words change, nothing moves.
    let seed = site.path().join("seeds/004_1d76d1aae684a6c5.txt");
    let text = read(&seed).replace(
        "Lee welcomed Xi following",
        "Lee received quokkaedit Xi following",
    );
    save_like_an_editor(&seed, &text);
    server.wait_for_line("rebuild", 30);
    assert!(
        get(
            server.port,
            &format!("/search/terms/{}.json", shard("quokkaedit"))
        )
        .text()
        .contains("\"quokkaedit\":[")
    );
    assert_eq!(search_files(&site.path().join("public")), fresh("b1"));

    // An article added (the others move down) and one taken away.
    std::fs::write(
        site.path().join("seeds/zz-new.txt"),
        generated_seed(1, "wombatword"),
    )
    .unwrap();
    server.wait_for_line("rebuild", 30);
    assert_eq!(search_files(&site.path().join("public")), fresh("b2"));
    std::fs::remove_file(&seed).unwrap();
    server.wait_for_line("rebuild", 30);
    let files = search_files(&site.path().join("public"));
    assert_eq!(files, fresh("b3"));
    assert!(
        lookup(&site.path().join("public"), "quokkaedit").is_empty(),
        "a removed article's words are gone"
    );
}

/// The default site served under a sub-path base_url.
fn sub_path_site() -> tempfile::TempDir {
    let site = default_site_copy();
    let toml = site.path().join("site.toml");
    let text = read(&toml).replace(
        "base_url = \"https://briefing.example.org/\"",
        "base_url = \"https://host.example/sub/path/\"",
    );
    assert!(text.contains("/sub/path/"));
    std::fs::write(&toml, text).unwrap();
    site
}

/// JavaScript: the search results as data.
const RESULTS: &str = "[...document.querySelectorAll('#search-results > li')].map(li => ({ title: li.querySelector('h2').textContent, href: li.querySelector('h2 a').getAttribute('href'), topics: [...li.querySelectorAll('.kicker span')].map(s => s.textContent), snippet: li.querySelector('.search-result__snippet').textContent, marks: [...li.querySelectorAll('mark')].map(m => m.textContent) }))";

#[test]
fn the_search_page_finds_an_article_under_a_sub_path_from_the_header_and_from_q() {
    let Some(binary) = require_chromium() else {
        return;
    };
    let site = sub_path_site();
    let server = ServeProc::start(site.path());
    let root = format!("http://127.0.0.1:{}/sub/path/", server.port);
    let browser = launch(&binary, &root);
    let mut page = Page::attach(&browser, "/sub/path/");
    assert!(page.wait_until("document.readyState === 'complete'", 30));

    // The header's box is a plain form: submitting it opens the search page with ?q=.
    page.eval("document.getElementById('site-search-q').value = 'Airspace'; document.querySelector('.site-search').requestSubmit()");
    assert!(
        page.wait_until(
            "location.pathname === '/sub/path/search/' && document.querySelectorAll('#search-results > li').length > 0",
            30
        ),
        "{}",
        page.eval("document.body.innerText")
    );
    assert_eq!(page.eval("location.search"), json!("?q=Airspace"));
    assert_eq!(
        page.eval("document.getElementById('search-q').value"),
        json!("Airspace")
    );
    let results = page.eval(RESULTS);
    let list = results.as_array().unwrap();
    assert_eq!(list.len(), 1, "{results}");
    let hit = &list[0];
    assert_eq!(
        hit["title"],
        "Lee of South Korea calls on Xi of China to assist in starting negotiations with North Korea"
    );
    assert_eq!(
        hit["href"],
        "/sub/path/articles/lee-of-south-korea-calls-on-xi-of-china-to-assist-in-starting/"
    );
    assert_eq!(hit["topics"], json!(["China ties", "North Korea"]));
    assert!(hit["snippet"].as_str().unwrap().len() > 40, "{hit}");
    let status = page.eval("document.getElementById('search-status').textContent");
    assert!(
        status.as_str().unwrap().starts_with("1 article holds"),
        "{status}"
    );
    assert_eq!(
        page.eval("document.getElementById('search-status').getAttribute('role')"),
        json!("status"),
        "the count is announced"
    );

    // Typing on the search page searches as one types, and keeps the address in step;
    // two words find the articles holding both, their words marked in the snippet.
    page.eval("const q = document.getElementById('search-q'); q.value = 'seoul washington'; q.dispatchEvent(new Event('input'))");
    assert!(page.wait_until(
        "location.search === '?q=seoul+washington' && document.querySelectorAll('#search-results > li').length > 1",
        30
    ));
    let results = page.eval(RESULTS);
    for hit in results.as_array().unwrap() {
        assert!(
            hit["href"]
                .as_str()
                .unwrap()
                .starts_with("/sub/path/articles/")
        );
    }
    assert!(
        results
            .as_array()
            .unwrap()
            .iter()
            .any(|h| !h["marks"].as_array().unwrap().is_empty()),
        "{results}"
    );

    // Opened straight at ?q=, following the result with the keyboard's Enter.
    page.open(&format!("{root}search/?q=airspace"));
    assert!(page.wait_until(
        "document.querySelectorAll('#search-results > li').length === 1",
        30
    ));
    page.eval("document.querySelector('#search-results a').focus()");
    assert_eq!(
        page.eval("document.activeElement.matches(':focus-visible') || document.activeElement.matches(':focus')"),
        json!(true)
    );
    page.eval("document.activeElement.click()");
    assert!(page.wait_until(
        "location.pathname.startsWith('/sub/path/articles/lee-of-south-korea') && document.readyState === 'complete'",
        30
    ));

    // A word in no article says so.
    page.open(&format!("{root}search/?q=zzyzxnothing"));
    assert!(page.wait_until(
        "document.getElementById('search-status').textContent.startsWith('No article holds')",
        30
    ));
}

#[test]
fn markup_in_an_article_title_shows_as_text_in_the_results() {
    let Some(binary) = require_chromium() else {
        return;
    };
    // Cleaning strips whole tags; an unclosed one survives in a title, and would run
    // if a result were written as HTML.
    let site = TestSite::empty().seed(
        "hostile.txt",
        "+++\ntitle = \"Seoul <img src=x onerror=window.__pwned=1// kiwiword\"\n+++\n\
         President Lee said in Seoul on Monday that the kiwiword <script>window.__pwned=2</script> alliance with the United States \
         remains central to South Korea's security, and he urged Washington to keep its \
         commitments.\n\nSeoul and Washington agreed that the alliance would be strengthened. \
         South Korea's defence minister said Seoul would pay more for US forces. Lee told \
         reporters in Seoul that the United States remained South Korea's closest ally.\n",
    );
    site.build();
    let title = lookup(&site.public(), "kiwiword")[0][0].clone();
    assert!(
        title.as_str().unwrap().contains("<img src=x onerror="),
        "{title}"
    );

    let server = ServeProc::start(site.root());
    let url = format!("http://127.0.0.1:{}/search/?q=kiwiword", server.port);
    let browser = launch(&binary, &url);
    let mut page = Page::attach(&browser, "/search/");
    assert!(page.wait_until(
        "document.querySelectorAll('#search-results > li').length === 1",
        30
    ));
    let hit = &page.eval(RESULTS)[0];
    assert_eq!(hit["title"], title, "the title, as text");
    assert_eq!(
        page.eval(
            "document.querySelectorAll('#search-results img, #search-results script').length"
        ),
        json!(0)
    );
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert_eq!(page.eval("window.__pwned === undefined"), json!(true));
}

/// JavaScript: the elements wider than the screen, for a failure message.
const TOO_WIDE: &str = "[...document.querySelectorAll('body *')].filter(e => !e.closest('.topic-nav ul') && e.getBoundingClientRect().right > innerWidth - 1).map(e => e.tagName + '.' + e.className + ' ' + e.getBoundingClientRect().left + '-' + e.getBoundingClientRect().right).slice(0, 12)";

#[test]
fn the_search_page_fits_a_phone_and_prints_its_results_without_the_forms() {
    let Some(binary) = require_chromium() else {
        return;
    };
    let site = default_site_copy();
    let server = ServeProc::start(site.path());
    let url = format!("http://127.0.0.1:{}/search/?q=seoul", server.port);
    let browser = launch(&binary, &url);
    let mut page = Page::attach(&browser, "/search/");
    let listed = "document.querySelectorAll('#search-results > li').length > 1";
    for width in [390, 320] {
        for path in ["/search/?q=seoul", "/"] {
            page.viewport(width, 700);
            page.open(&format!("http://127.0.0.1:{}{path}", server.port));
            if path != "/" {
                assert!(page.wait_until(listed, 30));
            }
            let wide = page.eval("document.documentElement.scrollWidth");
            assert!(
                wide.as_u64().unwrap() <= u64::from(width),
                "{path} at {width}px: {wide} wide: {}",
                page.eval(TOO_WIDE)
            );
            // The header's box stays on screen and usable.
            let field = page.eval("(() => { const r = document.getElementById('site-search-q').getBoundingClientRect(); return r.width >= 80 && r.left >= 0 && r.right <= innerWidth; })()");
            assert_eq!(field, json!(true), "{path} at {width}px");
        }
    }
    page.media("light", "print");
    page.open(&url);
    assert!(page.wait_until(listed, 30));
    let shown = page.eval("['.site-search', '.search-form', '.search-results'].map(s => getComputedStyle(document.querySelector(s)).display !== 'none')");
    assert_eq!(shown, json!([false, false, true]));
}
