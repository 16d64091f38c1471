//! Hostile and broken inputs: every good file still builds, every bad one gets one warning
//! naming it, nothing panics, inputs are never written, and no active markup from any
//! input reaches a page.

mod common;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use common::*;

/// Seeds of the default site plus one file per broken-input case.
fn hostile_site() -> tempfile::TempDir {
    let site = default_site_copy();
    let s = site.path().join("seeds");
    let good = "Harbour cranes arrive\n\nThe first two cranes for the harbour expansion arrived by ship on Monday, officials said, after a voyage of six weeks from the builder's yard.\n\nDock workers spent the day unloading them at the new quay, and the port expects them to be working by spring.\n";
    std::fs::write(s.join("empty.txt"), "").unwrap();
    std::fs::write(s.join("blank.txt"), "  \n\t\n   \n").unwrap();
    std::fs::write(s.join("boilerplate-only.txt"), "Menu\n\nWe use cookies to improve your experience. Accept all\n\nShare this article\n\nLeave a Reply\n").unwrap();
    std::fs::write(s.join("latin1.txt"), b"Caf\xe9 owners in Seoul\n\nThe caf\xe9 owners said on Monday that business had improved, and that tourists were returning to the old quarter after two slow years.\n").unwrap();
    let utf16: Vec<u8> = good
        .replace("Harbour cranes", "UTF-16 cranes")
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    let mut bom = vec![0xff, 0xfe];
    bom.extend(&utf16);
    std::fs::write(s.join("utf16-bom.txt"), bom).unwrap();
    let utf16be: Vec<u8> = good
        .replace("Harbour cranes", "Big-endian cranes")
        .encode_utf16()
        .flat_map(|u| u.to_be_bytes())
        .collect();
    std::fs::write(s.join("utf16-be-nobom.txt"), utf16be).unwrap();
    std::fs::write(
        s.join("photo.jpg.txt"),
        b"\xff\xd8\xff\xe0\0\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0\xff\xdb\0C\0",
    )
    .unwrap();
    std::fs::write(
        s.join("crlf.txt"),
        good.replace("Harbour cranes", "CRLF cranes")
            .replace('\n', "\r\n"),
    )
    .unwrap();
    std::fs::write(
        s.join("cr.txt"),
        good.replace("Harbour cranes", "CR cranes")
            .replace('\n', "\r"),
    )
    .unwrap();
    std::fs::write(
        s.join("controls.txt"),
        good.replace("Harbour cranes", "Control\u{0}\u{7} cranes")
            .replace("Monday", "Mon\u{1b}[31mday\u{0}"),
    )
    .unwrap();
    std::fs::write(
        s.join("unterminated.txt"),
        "+++\ntitle = \"Never closed\"\n\nBody text here.\n",
    )
    .unwrap();
    std::fs::write(
        s.join("malformed.txt"),
        "+++\ntitle = \"x\"\ntopics = [\"us-ties\"\n+++\nBody\n",
    )
    .unwrap();
    std::fs::write(
        s.join("same-title-1.txt"),
        good.replace("Harbour cranes arrive", "Same title twice"),
    )
    .unwrap();
    std::fs::write(
        s.join("same-title-2.txt"),
        good.replace("Harbour cranes arrive", "Same title twice"),
    )
    .unwrap();
    std::fs::write(
        s.join("name with spaces.txt"),
        good.replace("Harbour cranes", "Spaced cranes"),
    )
    .unwrap();
    std::fs::write(
        s.join("ünïcödé 北.txt"),
        good.replace("Harbour cranes", "Unicode cranes"),
    )
    .unwrap();
    std::fs::write(s.join(".hidden.txt"), good).unwrap();
    std::fs::write(
        s.join("noextension"),
        good.replace("Harbour cranes", "Extensionless cranes"),
    )
    .unwrap();
    // One 10 MB line of prose.
    std::fs::write(
        s.join("one-long-line.txt"),
        format!(
            "A very long line of talks\n\n{}\n",
            "The talks in Seoul went on into the night. ".repeat(240_000)
        ),
    )
    .unwrap();
    let big = std::fs::File::create(s.join("huge.txt")).unwrap();
    big.set_len(100 * 1024 * 1024).unwrap();
    std::fs::create_dir_all(s.join("loop")).unwrap();
    std::os::unix::fs::symlink("..", s.join("loop/back")).unwrap();
    site
}

#[test]
fn broken_inputs_warn_once_each_and_the_rest_builds() {
    let site = hostile_site();
    let before = snapshot(&site.path().join("seeds"));
    let out = Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(["build"])
        .current_dir(site.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let warnings: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("warning: "))
        .collect();
    for bad in [
        "seeds/empty.txt",
        "seeds/blank.txt",
        "seeds/boilerplate-only.txt",
        "seeds/photo.jpg.txt",
        "seeds/unterminated.txt",
        "seeds/malformed.txt",
        "seeds/.hidden.txt",
        "seeds/huge.txt",
    ] {
        let n = warnings
            .iter()
            .filter(|w| w.contains(&format!("warning: {bad}:")))
            .count();
        assert_eq!(n, 1, "{bad}: {n} warnings in\n{stderr}");
    }
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("seeds/malformed.txt: front matter, line")),
        "{stderr}"
    );
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("seeds/huge.txt") && w.contains("MiB")),
        "{stderr}"
    );
    assert!(
        warnings.iter().any(|w| w.contains("loop")),
        "symlink loop reported: {stderr}"
    );
    // 5 seeds + latin1, utf16 x2, crlf, cr, controls, 2 same titles, spaces, unicode, noext, long line.
    assert!(stdout.contains("Built 17 articles"), "{stdout}\n{stderr}");
    let public = site.path().join("public/articles");
    for slug in [
        "café-owners-in-seoul",
        "utf-16-cranes-arrive",
        "big-endian-cranes-arrive",
        "crlf-cranes-arrive",
        "cr-cranes-arrive",
        "control-cranes-arrive",
        "same-title-twice",
        "same-title-twice-2",
        "spaced-cranes-arrive",
        "unicode-cranes-arrive",
        "extensionless-cranes-arrive",
        "a-very-long-line-of-talks",
    ] {
        assert!(
            public.join(slug).join("index.html").is_file(),
            "{slug} missing"
        );
    }
    let controls = read(&public.join("control-cranes-arrive/index.md"));
    assert!(
        !controls.contains('\u{0}') && !controls.contains('\u{1b}'),
        "control characters removed"
    );
    assert!(
        snapshot(&site.path().join("seeds")) == before,
        "seeds/ was modified"
    );
    let strict = Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(["build", "--strict"])
        .current_dir(site.path())
        .output()
        .unwrap();
    assert!(!strict.status.success(), "--strict fails on warnings");
}

#[test]
fn killed_build_leaves_the_previous_site_intact() {
    #[path = "../benches/support/corpus.rs"]
    mod corpus;
    let tmp = tempfile::tempdir().unwrap();
    corpus::write_site(tmp.path(), 3000, 7).unwrap();
    ok_stdout(&briefing(tmp.path(), &["build"]));
    let public = tmp.path().join("public");
    let before = snapshot(&public);
    for delay_ms in [30, 120, 400] {
        // Change a seed so a completed build would differ, then kill the build part-way.
        let seed = tmp.path().join("seeds/article-000000.txt");
        std::fs::write(
            &seed,
            format!(
                "{}\nAn added closing sentence number {delay_ms} for the test.\n",
                read(&seed)
            ),
        )
        .unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_briefing"))
            .arg("build")
            .current_dir(tmp.path())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL
        let status = child.wait().unwrap();
        if status.success() {
            continue; // finished before the kill: nothing to check for this delay
        }
        assert!(
            snapshot(&public) == before,
            "public/ changed after a kill at {delay_ms} ms"
        );
    }
    // The next build cleans up what the killed ones left and swaps in a complete site.
    ok_stdout(&briefing(tmp.path(), &["build"]));
    let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".building-") || n.contains(".old-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    assert!(read(&public.join("index.html")).contains("</html>"));
}

/// Tags a page may contain; anything else came from an input.
const ALLOWED_TAGS: &[&str] = &[
    "html",
    "head",
    "meta",
    "title",
    "link",
    "body",
    "a",
    "span",
    "header",
    "nav",
    "ul",
    "ol",
    "li",
    "main",
    "section",
    "aside",
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "article",
    "div",
    "footer",
    "time",
    "blockquote",
    "em",
    "strong",
    "code",
    "pre",
    "br",
    "hr",
    "del",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "sup",
    "sub",
    "img",
];

/// Every tag in `html` with its lower-cased name and raw attribute text.
fn tags(html: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        rest = &rest[start + 1..];
        let end = rest.find('>').unwrap_or(rest.len());
        let inside = &rest[..end];
        rest = &rest[end.min(rest.len())..];
        let inside = inside.trim_start_matches('/');
        if inside.starts_with('!') {
            continue;
        }
        let name: String = inside
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        out.push((name, inside.to_ascii_lowercase()));
    }
    out
}

/// Fails if `html` holds a tag, attribute or URL that could run code.
fn check_markup(name: &str, html: &str) {
    for (tag, inside) in tags(html) {
        // The templates' own search: the header form (to the search page only), its
        // fields, and on the search page the built-in script, loaded by address.
        let own = match tag.as_str() {
            // `inside` of a closing tag is the bare name.
            "form" => inside == "form" || inside.contains("search/\" method=\"get\""),
            "label" | "input" | "button" | "noscript" => true,
            "script" => {
                inside == "script"
                    || inside.starts_with("script src=\"") && inside.ends_with("search.js\" defer")
            }
            _ => false,
        };
        assert!(
            own || ALLOWED_TAGS.contains(&tag.as_str()),
            "{name}: <{inside}> reached the page"
        );
        for (attr, value) in attributes(&inside) {
            assert!(
                !attr.starts_with("on"),
                "{name}: event handler {attr} in <{inside}>"
            );
            let value: String = value.chars().filter(|c| !c.is_whitespace()).collect();
            for scheme in ["javascript:", "vbscript:", "data:"] {
                assert!(
                    !value.starts_with(scheme),
                    "{name}: {scheme} URL in <{inside}>"
                );
            }
        }
        if tag == "link" {
            // The page's own links only: its stylesheet, feeds, icon and address.
            let rel = attributes(&inside)
                .into_iter()
                .find(|(a, _)| a == "rel")
                .map(|(_, v)| v)
                .unwrap_or_default();
            assert!(
                ["stylesheet", "alternate", "icon", "canonical"].contains(&rel.as_str()),
                "{name}: <{inside}>"
            );
        }
        if tag == "meta" {
            assert!(!inside.contains("http-equiv"), "{name}: <{inside}>");
        }
    }
}

/// Attribute names and values of a tag's inside (`a href="x" class=y`), quotes respected.
fn attributes(inside: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let chars: Vec<char> = inside.chars().collect();
    let mut i = chars
        .iter()
        .position(|c| c.is_whitespace())
        .unwrap_or(chars.len());
    while i < chars.len() {
        while i < chars.len() && (chars[i].is_whitespace() || chars[i] == '/') {
            i += 1;
        }
        let start = i;
        while i < chars.len() && !chars[i].is_whitespace() && chars[i] != '=' {
            i += 1;
        }
        let name: String = chars[start..i].iter().collect();
        let mut value = String::new();
        if i < chars.len() && chars[i] == '=' {
            i += 1;
            if i < chars.len() && (chars[i] == '"' || chars[i] == '\'') {
                let quote = chars[i];
                i += 1;
                while i < chars.len() && chars[i] != quote {
                    value.push(chars[i]);
                    i += 1;
                }
                i += 1;
            } else {
                while i < chars.len() && !chars[i].is_whitespace() {
                    value.push(chars[i]);
                    i += 1;
                }
            }
        }
        if !name.is_empty() {
            out.push((name, value));
        }
    }
    out
}

#[test]
fn no_active_markup_from_any_input_reaches_a_page() {
    let vectors = [
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
        "<ScRiPt>alert(String.fromCharCode(88,83,83))</sCrIpT>",
        "<img src=x onerror=alert(1)>",
        "<IMG SRC=\"javascript:alert('XSS');\">",
        "<img src=`javascript:alert(1)`>",
        "<svg/onload=alert(1)>",
        "<svg><script>alert(1)</script></svg>",
        "<iframe src=\"javascript:alert(1)\"></iframe>",
        "<object data=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\"></object>",
        "<embed src=javascript:alert(1)>",
        "<style>body{background:url(javascript:alert(1))}</style>",
        "<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
        "<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)\">y</a>",
        "<body onload=alert(1)>",
        "<div style=\"background:url(javascript:alert(1))\">z</div>",
        "<form action=javascript:alert(1)><input type=submit></form>",
        "<<script>alert(1)//<</script>",
        "<scr<script>ipt>alert(1)</script>",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "<details open ontoggle=alert(1)>",
        "<a href=\"data:text/html,<script>alert(1)</script>\">d</a>",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
        "<link rel=import href=//evil.example>",
        "[click](javascript:alert(1))",
        "[click](JAVASCRIPT:alert(document.cookie))",
        "![img](javascript:alert(1))",
        "[data](data:text/html;base64,PHNjcmlwdD4=)",
        "<a href='vbscript:msgbox(1)'>v</a>",
    ];
    let site = default_site_copy();
    let s = site.path().join("seeds");
    let paragraph = |i: usize, v: &str| {
        format!(
            "Paragraph {i} of the test article says that officials met in Seoul on Monday {v} and talked for an hour about trade."
        )
    };
    let body: Vec<String> = vectors
        .iter()
        .enumerate()
        .map(|(i, v)| paragraph(i, v))
        .collect();
    std::fs::write(
        s.join("xss.txt"),
        format!(
            "XSS in text <script>alert(1)</script>\n\n{}\n",
            body.join("\n\n")
        ),
    )
    .unwrap();
    std::fs::write(
        s.join("xss.md"),
        format!(
            "# XSS in markdown <img src=x onerror=alert(1)>\n\n{}\n",
            body.join("\n\n")
        ),
    )
    .unwrap();
    std::fs::write(
        s.join("xss-front.txt"),
        "+++\ntitle = \"<script>alert('title')</script> Front matter title\"\nsource = \"<img src=x onerror=alert(1)>\"\nurl = \"javascript:alert(1)\"\nauthor = \"<svg onload=alert(1)>\"\ndate = \"<b>2025</b>\"\n+++\nThe body of the front matter article is harmless, and it is long enough to be a real paragraph of text.\n",
    )
    .unwrap();
    let html_body: String = vectors
        .iter()
        .enumerate()
        .map(|(i, v)| format!("<p>{}</p>", paragraph(i, v)))
        .collect();
    std::fs::write(
        s.join("xss.html"),
        format!("<html><head><title>XSS page</title><meta property=\"og:title\" content=\"XSS &lt;script&gt;alert(1)&lt;/script&gt; page\"><link rel=canonical href=\"javascript:alert(1)\"></head><body onload=alert(1)><article><h1>XSS page</h1>{html_body}</article><script>alert('page')</script></body></html>"),
    )
    .unwrap();
    // Every vector in every metadata field, dates included, plus characters XML forbids.
    let hostile_dates = [
        "2025-11-03T10:00:00Z<img src=x onerror=alert(1)>",
        "2025-11-03 & < ]]>",
    ];
    for (i, v) in vectors.iter().chain(&hostile_dates).enumerate() {
        let field = v.replace('\\', "\\\\").replace('"', "\\\"");
        std::fs::write(
            s.join(format!("meta-{i:02}.txt")),
            format!("+++\ntitle = \"Meta {i} {field}\"\nsource = \"{field}\"\nauthor = \"{field}\"\nplace = \"{field}\"\ndate = \"{field}\"\n+++\n{}\n\n{}\n", paragraph(i, v), paragraph(i + 100, "\u{fffe}\u{ffff}\u{1}")),
        )
        .unwrap();
    }
    std::fs::write(
        s.join("nonchars.txt"),
        "Talks \u{ffff}resume\u{fffe} in Seoul\n\nOfficials from both sides met in Seoul on Monday \u{ffff} and talked about trade \u{fffe} for an hour, the ministry said.\n",
    )
    .unwrap();
    let run = briefing(site.path(), &["build"]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let stderr = String::from_utf8_lossy(&run.stderr);
    for date in hostile_dates {
        assert!(
            stderr.contains("ignored") && stderr.contains(&date[..10]),
            "no warning for date {date:?}: {stderr}"
        );
    }
    let stamp =
        regex::Regex::new(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$").unwrap();
    for (path, bytes) in snapshot(&site.path().join("public")) {
        let name = path.to_string_lossy().into_owned();
        if !name.ends_with(".html") && !name.ends_with(".xml") {
            continue;
        }
        if name.ends_with(".xml") {
            // A strict XML parser takes every feed and sitemap, and times are ours.
            let text = String::from_utf8(bytes.clone()).expect("XML is UTF-8");
            let doc = roxmltree::Document::parse(&text)
                .unwrap_or_else(|e| panic!("{name} is not well-formed XML: {e}"));
            for node in doc.descendants().filter(|n| n.has_tag_name("updated")) {
                let t = node.text().unwrap_or("");
                assert!(stamp.is_match(t), "{name}: <updated>{t}</updated>");
            }
            assert!(!text.contains('\u{ffff}') && !text.contains('\u{fffe}'));
        }
        let text = String::from_utf8_lossy(&bytes);
        if name.ends_with(".html") {
            check_markup(&name, &text);
        } else if name.ends_with("atom.xml") {
            // The feed carries each article's HTML escaped: unescape it and check it the same way.
            let mut rest = text.as_ref();
            while let Some(start) = rest.find("<content type=\"html\">") {
                rest = &rest[start + 22..];
                let end = rest.find("</content>").unwrap_or(rest.len());
                let html = rest[..end]
                    .replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&quot;", "\"")
                    .replace("&apos;", "'")
                    .replace("&amp;", "&");
                check_markup(&name, &html);
            }
        }
    }
    // The markdown beside each page carries no active link, image or raw HTML either.
    for (path, bytes) in snapshot(&site.path().join("public/articles")) {
        if path.extension().is_some_and(|e| e == "md") {
            let text = String::from_utf8_lossy(&bytes);
            for event in pulldown_cmark::Parser::new(&text) {
                use pulldown_cmark::{Event, Tag};
                match event {
                    Event::Start(Tag::Link { dest_url, .. })
                    | Event::Start(Tag::Image { dest_url, .. }) => {
                        let url = dest_url.to_ascii_lowercase();
                        assert!(
                            url.starts_with("http") || url.starts_with("mailto:"),
                            "{}: link to {url}",
                            path.display()
                        );
                    }
                    Event::Html(h) | Event::InlineHtml(h) => {
                        panic!("{}: raw HTML {h}", path.display())
                    }
                    _ => {}
                }
            }
        }
    }
}

#[test]
fn inputs_are_never_written() {
    let site = default_site_copy();
    let before: Vec<_> = ["seeds", "templates", "static"]
        .iter()
        .map(|d| snapshot(&site.path().join(d)))
        .collect();
    ok_stdout(&briefing(site.path(), &["build"]));
    ok_stdout(&briefing(
        site.path(),
        &[
            "clean",
            "--out-dir",
            "cleaned",
            "seeds/000_5b85675cd7a7ade6.txt",
            "seeds/001_ed73effe6fc8d6d8.txt",
        ],
    ));
    let refused = briefing(
        site.path(),
        &[
            "clean",
            "--out-dir",
            "seeds",
            "seeds/000_5b85675cd7a7ade6.txt",
            "seeds/001_ed73effe6fc8d6d8.txt",
        ],
    );
    assert!(
        !refused.status.success(),
        "clean refuses to write into seeds/"
    );
    let after: Vec<_> = ["seeds", "templates", "static"]
        .iter()
        .map(|d| snapshot(&site.path().join(d)))
        .collect();
    assert!(before == after, "an input folder changed");
    assert!(Path::new(&site.path().join("cleaned")).is_dir());
}

#[test]
fn unreadable_seed_is_one_warning_and_the_rest_builds() {
    use std::os::unix::fs::PermissionsExt;
    let site = default_site_copy();
    let root = site.path();
    let locked = root.join("seeds/locked.txt");
    std::fs::write(&locked, "Locked away\n\nA body nobody may read.\n").unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    // Root reads any file: run the build as nobody then, from a copy of the binary that
    // nobody can reach, in a site folder nobody may write.
    let as_root = std::fs::metadata("/proc/self").is_ok_and(|m| {
        use std::os::unix::fs::MetadataExt;
        m.uid() == 0
    });
    let bin = root.join("briefing-bin");
    std::fs::copy(env!("CARGO_BIN_EXE_briefing"), &bin).unwrap();
    std::fs::set_permissions(root, std::fs::Permissions::from_mode(0o777)).unwrap();
    let mut cmd = if as_root {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(&bin);
        c
    } else {
        Command::new(&bin)
    };
    let out = cmd
        .args(["build", "--root"])
        .arg(root)
        .output()
        .expect("the build runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{text}");
    let warnings: Vec<&str> = text.lines().filter(|l| l.contains("locked.txt")).collect();
    assert_eq!(warnings.len(), 1, "{text}");
    assert!(warnings[0].contains("cannot be read"), "{text}");
    assert!(text.contains("Built 5 articles"), "{text}");
}

#[test]
fn a_long_wide_title_or_a_huge_topic_list_is_at_most_one_warning() {
    let site = default_site_copy();
    let s = site.path().join("seeds");
    // Adlam letters are four bytes each: 72 of them made a 288-byte folder name.
    let adlam = "𞤀𞤁𞤂𞤃𞤄𞤅𞤆𞤇 ".repeat(20);
    std::fs::write(
        s.join("adlam.txt"),
        format!("{adlam}\n\nOfficials met in Seoul on Monday and talked for an hour about trade and tariffs, the ministry said afterwards.\n"),
    )
    .unwrap();
    let topics: Vec<String> = (0..200_000).map(|i| format!("\"t{i}\"")).collect();
    std::fs::write(
        s.join("many-topics.txt"),
        format!("+++\ntitle = \"Many topics\"\ntopics = [{}]\nslug = \"../../Etc/Passwd\"\n+++\nOfficials met in Seoul on Monday and talked for an hour about trade and tariffs, the ministry said afterwards.\n", topics.join(", ")),
    )
    .unwrap();
    let run = briefing(site.path(), &["build"]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    let about = |file: &str| stderr.lines().filter(|l| l.contains(file)).count();
    assert_eq!(
        about("many-topics.txt"),
        2,
        "one for the topics, one for the slug: {stderr}"
    );
    assert!(
        stderr.contains("200000 unknown topics") && stderr.contains("and 199997 more"),
        "{stderr}"
    );
    assert!(
        site.path()
            .join("public/articles/etc-passwd/index.html")
            .is_file()
    );
    let adlam_dirs: Vec<_> = std::fs::read_dir(site.path().join("public/articles"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(|c: char| ('\u{1e900}'..='\u{1e95f}').contains(&c)))
        .collect();
    assert_eq!(adlam_dirs.len(), 1, "the Adlam article is built");
    assert!(adlam_dirs[0].len() <= 160);
}

#[test]
fn clean_reads_only_regular_files_and_never_past_the_cap() {
    let tmp = tempfile::tempdir().unwrap();
    let fifo = tmp.path().join("pipe.txt");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    std::os::unix::fs::symlink("/dev/zero", tmp.path().join("zero.txt")).unwrap();
    for name in ["pipe.txt", "zero.txt"] {
        // A FIFO used to block for ever, /dev/zero to read until memory ran out.
        let mut child = Command::new(env!("CARGO_BIN_EXE_briefing"))
            .args(["clean", name])
            .current_dir(tmp.path())
            .stderr(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        while child.try_wait().unwrap().is_none() {
            if std::time::Instant::now() > deadline {
                let _ = child.kill();
                panic!("clean {name} did not return");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let out = child.wait_with_output().unwrap();
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains(name) && err.contains("not a regular file"),
            "{err}"
        );
    }
}
