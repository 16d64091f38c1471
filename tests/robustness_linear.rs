//! Hostile text takes time in proportion to its size: a megabyte of each pathological
//! pattern (issue 12: `&`, `<a`, `<<<<`, 200,000 nested `<div>`s, a million one-letter
//! lines, one 10 MB line) goes through the whole of cleaning — page extraction for
//! `.html`, the text cleaner, topic scoring, markdown — as text and as a web page.
//!
//! Tests build without optimisation, where everything is ten to thirty times slower, so
//! two checks hold in any build and are what make the test fail on a quadratic step:
//! - growth: the pattern at full size takes at most [`GROWTH`] times as long as at a
//!   quarter of it (linear work gives 4, quadratic 16);
//! - baseline: it takes at most [`OVER_BASELINE`] times as long as an ordinary article of
//!   the same size and kind.
//!
//! A release build (`cargo test --release --test robustness_linear`) also checks the
//! issue's absolute figure: every pattern in under 1 s.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use briefing::article::Article;
use briefing::clean::template::SiteTemplate;
use briefing::config::SiteConfig;
use briefing::sources::{SourceFile, SourceKind};
use briefing::topics::TopicIndex;

const MB: usize = 1 << 20;
/// Largest ratio between the full-size and the quarter-size run.
const GROWTH: f64 = 7.0;
/// Largest ratio to an ordinary article of the same size.
const OVER_BASELINE: f64 = 4.0;
/// Time below which a ratio means nothing (timer and scheduler noise).
const NOISE: Duration = Duration::from_millis(150);

/// The hostile patterns, each made `scale` times (1.0 is the size).
fn patterns(scale: f64) -> Vec<(&'static str, String)> {
    let n = |count: usize| (count as f64 * scale) as usize;
    vec![
        ("1 MB of &", "&".repeat(n(MB))),
        ("1 MB of <a", "<a".repeat(n(MB / 2))),
        ("1 MB of <", "<".repeat(n(MB))),
        ("200,000 nested divs", "<div>".repeat(n(MB / 5))),
        ("1,000,000 one-letter lines", "x\n".repeat(n(1_000_000))),
        ("one 10 MB line", "word ".repeat(n(2 * MB))),
    ]
}

/// An ordinary article of about `bytes` bytes, as text or as a page.
fn ordinary(bytes: usize, kind: SourceKind) -> String {
    let paragraph = "The two governments agreed on Monday to open a military hotline, officials said, in a move both sides described as overdue and practical.";
    let count = bytes / (paragraph.len() + 9);
    match kind {
        SourceKind::Html => format!(
            "<html><head><title>Talks</title></head><body><article><h1>Talks resume</h1>{}</article></body></html>",
            format!("<p>{paragraph}</p>\n").repeat(count)
        ),
        _ => format!(
            "Talks resume\n\n{}",
            format!("{paragraph}\n\n").repeat(count)
        ),
    }
}

/// Time to clean and score `text` as a file of `kind`, and the article's word count.
fn clean_time(text: String, kind: SourceKind) -> (Duration, usize) {
    let config = SiteConfig::standalone();
    let index = TopicIndex::new(&config);
    let source = SourceFile {
        path: PathBuf::from("hostile"),
        display: "hostile".into(),
        kind,
        text,
    };
    let start = Instant::now();
    let (article, _, _) = Article::from_source(&source, &index, &config, &SiteTemplate::default());
    let words = article.map_or(0, |a| {
        std::hint::black_box(a.to_markdown());
        a.word_count
    });
    (start.elapsed(), words)
}

fn within(ratio: f64, slow: Duration, fast: Duration) -> bool {
    slow <= NOISE || slow.as_secs_f64() <= ratio * fast.as_secs_f64() + NOISE.as_secs_f64()
}

#[test]
fn hostile_text_is_cleaned_in_linear_time() {
    briefing::clean::warm_up();
    let mut report = Vec::new();
    let mut failures = Vec::new();
    for kind in [SourceKind::Text, SourceKind::Html] {
        for ((name, text), (_, small)) in patterns(1.0).into_iter().zip(patterns(0.25)) {
            let size = text.len();
            let (t_small, _) = clean_time(small, kind);
            let (t_full, words) = clean_time(text, kind);
            let (t_base, _) = clean_time(ordinary(size, kind), kind);
            report.push(format!(
                "{kind:?} {name}: {t_full:.2?} (quarter size {t_small:.2?}, ordinary article {t_base:.2?}), {words} words kept"
            ));
            if !within(GROWTH, t_full, t_small) {
                failures.push(format!("{kind:?} {name}: grows faster than linear"));
            }
            if !within(OVER_BASELINE, t_full, t_base) {
                failures.push(format!("{kind:?} {name}: slower than an ordinary article"));
            }
            if !cfg!(debug_assertions) && t_full >= Duration::from_secs(1) {
                failures.push(format!("{kind:?} {name}: {t_full:.2?} ≥ 1 s"));
            }
        }
    }
    println!("{}", report.join("\n"));
    assert!(failures.is_empty(), "{failures:#?}\n{}", report.join("\n"));
}
