//! A real browser: headless Chromium opens a page served by `briefing serve`; a seed is
//! changed on disk and the open page must show the new text without any manual reload.
//! axe-core (vendored in tests/vendor/) checks every page type in light and dark mode,
//! and the header's focus ring, dark header and phone layout are measured. Driven over
//! the Chrome DevTools protocol (tests/common/cdp.rs). Under CI (CI=true) Chromium is
//! required.

mod common;

use std::path::Path;

use common::cdp::{Browser, Page, launch, require_chromium};
use common::*;
use serde_json::{Value, json};

#[test]
fn open_page_shows_a_seed_edit_without_manual_reload() {
    let Some(binary) = require_chromium() else {
        return;
    };
    let site = default_site_copy();
    let server = ServeProc::start(site.path());
    let path = "/articles/south-korean-president-lee-is-trying-to-ease-tensions-with-north-korea/";
    let browser = launch(&binary, &format!("http://127.0.0.1:{}{path}", server.port));
    let mut page = Page::attach(&browser, path);
    assert!(page.wait_until("document.readyState === 'complete'", 30));
    assert!(
        page.wait_until(
            "document.body.innerText.includes('Lee welcomed Xi following')",
            30
        ),
        "original text shown"
    );
    // Mark this document: a reload replaces it, so the mark tells us the page did reload by itself.
    page.eval("window.__before_edit = true");

    let seed = site.path().join("seeds/004_1d76d1aae684a6c5.txt");
    let text = read(&seed).replace(
        "Lee welcomed Xi following",
        "Lee cordially received Xi following",
    );
    save_like_an_editor(&seed, &text);

    assert!(
        page.wait_until(
            "document.body.innerText.includes('Lee cordially received Xi following')",
            30
        ),
        "the open page did not show the edit"
    );
    assert_eq!(
        page.eval("window.__before_edit === undefined"),
        Value::Bool(true),
        "page was reloaded"
    );

    // A template error shows as an overlay on the open page, and fixing it clears it.
    let tpl = site.path().join("templates/article.html");
    let good = read(&tpl);
    save_like_an_editor(
        &tpl,
        &good.replace("{{ article.title }}</h1>", "{{ article.title </h1>"),
    );
    assert!(page.wait_until("!!document.getElementById('briefing-error-overlay') && document.getElementById('briefing-error-overlay').innerText.includes('article.html')", 30));
    save_like_an_editor(&tpl, &good);
    assert!(page.wait_until(
        "!document.getElementById('briefing-error-overlay') && document.readyState === 'complete'",
        30
    ));
}

/// A path of each page type of the default site.
const PAGE_TYPES: [(&str, &str); 6] = [
    ("home", "/"),
    ("topic", "/topics/china-ties/"),
    ("timeline", "/topics/china-ties/timeline/"),
    (
        "article",
        "/articles/south-korean-president-lee-is-trying-to-ease-tensions-with-north-korea/",
    ),
    ("404", "/no-such-page/"),
    // With results listed: axe checks them too.
    ("search", "/search/?q=seoul+dialogue"),
];

/// The default site with `stories` of the labelled set added, served, and Chromium
/// with a page open on it.
fn open_site(binary: &Path, stories: &[&str]) -> (tempfile::TempDir, ServeProc, Browser, Page) {
    let site = default_site_copy();
    for name in stories {
        std::fs::write(site.path().join("seeds").join(name), story_seed(name)).unwrap();
    }
    let server = ServeProc::start(site.path());
    let home = format!("http://127.0.0.1:{}/", server.port);
    let browser = launch(binary, &home);
    let mut page = Page::attach(&browser, &home);
    assert!(page.wait_until("document.readyState === 'complete'", 30));
    (site, server, browser, page)
}

#[test]
fn axe_finds_no_violation_on_any_page_type_in_light_or_dark_mode() {
    let Some(binary) = require_chromium() else {
        return;
    };
    let axe = read(&repo().join("tests/vendor/axe.min.js"));
    // With dated reports of one story from two outlets, so that the pages also show
    // outlets, dates, "also reported by" and links to the original reports.
    let stories = [
        "03-gyeongju-summit-deal.md",
        "04-gyeongju-summit-deal-syndicated.md",
        "21-nk-missile-oct22-first.md",
        "22-nk-missile-oct22-junghwa.md",
    ];
    let (_site, server, _browser, mut page) = open_site(&binary, &stories);
    let mut pages = PAGE_TYPES.to_vec();
    pages.extend([
        (
            "article with outlets",
            "/articles/trump-and-lee-settle-investment-terms-at-gyeongju-summit/",
        ),
        ("dated timeline", "/topics/north-korea/timeline/"),
    ]);
    let mut violations = Vec::new();
    let mut checked = 0;
    for (width, height) in [(1280, 900), (390, 844)] {
        page.viewport(width, height);
        for scheme in ["light", "dark"] {
            page.media(scheme, "");
            for &(kind, path) in &pages {
                page.open(&format!("http://127.0.0.1:{}{path}", server.port));
                if kind == "search" {
                    assert!(page.wait_until(
                        "document.querySelectorAll('#search-results > li').length > 1",
                        30
                    ));
                }
                assert_eq!(
                    page.eval(&format!(
                        "matchMedia('(prefers-color-scheme: {scheme})').matches"
                    )),
                    Value::Bool(true)
                );
                if kind == "article with outlets" {
                    let text = page.eval("document.querySelector('.article__foot').innerText");
                    assert!(
                        text.as_str().unwrap().contains("Pacific Business Digest"),
                        "{text}"
                    );
                }
                page.eval(&axe);
                // Every rule axe runs by default: WCAG 2.x A and AA, and best practices.
                let found = page.eval_async(
                    "axe.run(document).then(r => r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.help + ' at ' + v.nodes.map(n => n.target.join(' ')).join(', ')))",
                );
                checked += 1;
                for v in found.as_array().expect("axe ran") {
                    violations.push(format!(
                        "{kind} {width}px {scheme}: {}",
                        v.as_str().unwrap()
                    ));
                }
            }
        }
    }
    assert_eq!(checked, 32);
    assert!(violations.is_empty(), "{}", violations.join("\n"));
}

/// JavaScript: the sRGB colour of any CSS colour (computed colours may come back as
/// `color(srgb …)` or `oklab(…)`; a canvas turns every form into bytes).
const RGB_OF: &str = "const rgbOf = (css) => { const c = document.createElement('canvas').getContext('2d'); c.fillStyle = css; c.fillRect(0, 0, 1, 1); return Array.from(c.getImageData(0, 0, 1, 1).data).slice(0, 3); };";

/// JavaScript: WCAG's contrast ratio of two sRGB colours.
const CONTRAST: &str = "const lum = (rgb) => { const [r, g, b] = rgb.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; }; const contrast = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };";

#[test]
fn header_focus_ring_is_visible_and_the_header_dark_in_dark_mode() {
    let Some(binary) = require_chromium() else {
        return;
    };
    let (_site, server, _browser, mut page) = open_site(&binary, &[]);
    // The default colours in both schemes, then a pale accent with dark text on it: the
    // header's hover, current-page and focus colours must follow the accent, not
    // assume a dark one.
    let cases = [
        ("light", ""),
        ("dark", ""),
        ("light", "--accent: #f2c94c; --accent-ink: #1b1f24"),
    ];
    for (scheme, accent) in cases {
        page.media(scheme, "");
        page.open(&format!(
            "http://127.0.0.1:{}/topics/china-ties/",
            server.port
        ));
        page.eval(&format!(
            "document.documentElement.setAttribute('style', {})",
            json!(accent)
        ));
        let case = format!("{scheme} {accent}");
        // Every focusable thing in the header: the brand, the topic links (one of them
        // the current page, on its own background), the search box and its button.
        let report = page.eval(&format!(
            "(() => {{ {RGB_OF} {CONTRAST}
              const header = document.querySelector('.site-header');
              const bg = rgbOf(getComputedStyle(header).backgroundColor);
              const rings = [...header.querySelectorAll('a, input, button')].map(a => {{
                a.focus();
                const s = getComputedStyle(a);
                return {{ text: a.textContent.trim() || a.id, visible: a.matches(':focus-visible'),
                  style: s.outlineStyle, width: parseFloat(s.outlineWidth),
                  ratio: contrast(rgbOf(s.outlineColor), bg) }};
              }});
              const current = getComputedStyle(header.querySelector('[aria-current=\"page\"]'));
              const pill = contrast(rgbOf(current.color), rgbOf(current.backgroundColor));
              const marked = contrast(rgbOf(current.backgroundColor), bg);
              const meta = document.querySelector('meta[name=\"theme-color\"][media=\"(prefers-color-scheme: {scheme})\"]');
              return {{ bg, lum: lum(bg), rings, pill, marked, theme: meta ? rgbOf(meta.content) : null }};
            }})()"
        ));
        if accent.is_empty() {
            // The browser's toolbar colour (base.html) is the header's (style.css).
            assert_eq!(report["theme"], report["bg"], "{case}: theme-color");
        }
        let rings = report["rings"].as_array().unwrap();
        assert!(rings.len() >= 6, "{report}");
        for ring in rings {
            assert_eq!(ring["visible"], Value::Bool(true), "{case}: {ring}");
            assert_eq!(ring["style"], "solid", "{case}: {ring}");
            assert!(ring["width"].as_f64().unwrap() >= 2.0, "{case}: {ring}");
            let ratio = ring["ratio"].as_f64().unwrap();
            assert!(
                ratio >= 3.0,
                "{case}: focus ring {ratio:.2}:1 on the header: {ring}"
            );
        }
        let pill = report["pill"].as_f64().unwrap();
        assert!(pill >= 4.5, "{case}: current topic's text {pill:.2}:1");
        // The current (and hovered) topic's background stands out from the header's
        // (white at 16% did not, on a pale accent).
        let marked = report["marked"].as_f64().unwrap();
        assert!(marked >= 1.2, "{case}: current topic marked {marked:.2}:1");
        if scheme == "dark" {
            // A dark band, not the pale one that was the brightest thing on the page.
            let lum = report["lum"].as_f64().unwrap();
            assert!(lum < 0.05, "dark header has luminance {lum:.3}: {report}");
        }
    }
}

#[test]
fn a_phone_shows_masthead_lead_and_two_more_headlines_in_the_first_screen() {
    let Some(binary) = require_chromium() else {
        return;
    };
    let (_site, server, _browser, mut page) = open_site(&binary, &[]);
    page.media("light", "");
    page.viewport(390, 844);
    page.open(&format!("http://127.0.0.1:{}/", server.port));
    let bottom = |page: &mut Page, selector: &str| {
        page.eval(&format!(
            "(() => {{ const e = document.querySelector({}); return e ? e.getBoundingClientRect().bottom : 1e9; }})()",
            json!(selector)
        ))
        .as_f64()
        .unwrap()
    };
    assert!(bottom(&mut page, ".masthead") <= 844.0, "masthead");
    assert!(bottom(&mut page, "#lead-title") <= 844.0, "lead headline");
    let shown = page.eval(
        "[...document.querySelectorAll('.story-list .story__title')].filter(h => h.getBoundingClientRect().bottom <= innerHeight).length",
    );
    assert!(
        shown.as_u64().unwrap() >= 2,
        "{shown} more headlines in view"
    );
    // Nothing is wider than the screen, down to 320 px.
    for width in [390, 320] {
        page.viewport(width, 700);
        page.open(&format!("http://127.0.0.1:{}/", server.port));
        let wide = page.eval("document.documentElement.scrollWidth");
        assert!(
            wide.as_u64().unwrap() <= u64::from(width),
            "{width}px: {wide}"
        );
    }
}

#[test]
fn a_printed_page_shows_its_address_and_date() {
    let Some(binary) = require_chromium() else {
        return;
    };
    let (_site, server, _browser, mut page) = open_site(&binary, &[]);
    page.media("light", "print");
    let (_, path) = PAGE_TYPES[3];
    page.open(&format!("http://127.0.0.1:{}{path}", server.port));
    let shown = |page: &mut Page, selector: &str| {
        page.eval(&format!(
            "(() => {{ const e = document.querySelector({}); return !!e && getComputedStyle(e).display !== 'none' && e.getClientRects().length > 0 ? e.innerText : null; }})()",
            json!(selector)
        ))
    };
    let address = shown(&mut page, ".print-address");
    assert_eq!(
        address.as_str(),
        Some(format!("https://briefing.example.org{path}").as_str()),
        "the printed address"
    );
    assert_eq!(
        shown(&mut page, ".topic-nav"),
        Value::Null,
        "navigation is not printed"
    );
    page.open(&format!("http://127.0.0.1:{}/", server.port));
    let edition = shown(&mut page, ".masthead__edition");
    assert!(
        edition
            .as_str()
            .is_some_and(|t| t.contains("November 2025")),
        "{edition}"
    );
}
