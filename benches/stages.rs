//! Criterion benches for the hot stages: clean one article, score its topics, render one
//! page; and the hostile inputs of issue 12, which must take linear time.
//! `cargo bench --bench stages` (`-- hostile` for those alone).

#[path = "support/corpus.rs"]
mod corpus;

use std::path::Path;

use briefing::clean::{clean, template::SiteTemplate};
use briefing::config::SiteConfig;
use briefing::sources::SourceKind;
use briefing::topics::TopicIndex;
use criterion::{Criterion, criterion_group, criterion_main};

fn stages(c: &mut Criterion) {
    let mut rng = corpus::Rng(1);
    let raw = corpus::article(&mut rng, 1);
    let seed = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds/003_8451e265bbcb7627.txt"),
    )
    .unwrap();
    let template = SiteTemplate::default();
    let config = SiteConfig::load(Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap();
    let index = TopicIndex::new(&config);

    for (name, text) in [
        ("clean: generated article (~700 words)", &raw),
        ("clean: seed 003 (boilerplate-heavy)", &seed),
    ] {
        c.bench_function(name, |b| {
            b.iter(|| {
                clean(
                    std::hint::black_box(text),
                    SourceKind::Text,
                    None,
                    1,
                    &template,
                )
            })
        });
    }
    let cleaned = clean(&raw, SourceKind::Text, None, 1, &template);
    c.bench_function("topics: score one article", |b| {
        b.iter(|| index.assess(std::hint::black_box(&cleaned.title), &cleaned.blocks))
    });
    let markdown = cleaned.body_markdown();
    c.bench_function("render: markdown to sanitised HTML", |b| {
        b.iter(|| briefing::render::html::markdown_to_html(std::hint::black_box(&markdown)))
    });
}

/// A megabyte of each pathological pattern, cleaned as text and extracted as a web page.
fn hostile(c: &mut Criterion) {
    const MB: usize = 1 << 20;
    let template = SiteTemplate::default();
    let mut group = c.benchmark_group("hostile");
    group.sample_size(10);
    for (name, text) in [
        ("1 MB of &", "&".repeat(MB)),
        ("1 MB of <a", "<a".repeat(MB / 2)),
        ("1 MB of <", "<".repeat(MB)),
        ("200,000 nested divs", "<div>".repeat(MB / 5)),
        ("1,000,000 one-letter lines", "x\n".repeat(1_000_000)),
        ("one 10 MB line", "word ".repeat(2 * MB)),
    ] {
        group.bench_function(format!("clean text: {name}"), |b| {
            b.iter(|| {
                clean(
                    std::hint::black_box(&text),
                    SourceKind::Text,
                    None,
                    1,
                    &template,
                )
            })
        });
        group.bench_function(format!("extract page: {name}"), |b| {
            b.iter(|| briefing::clean::page::extract(std::hint::black_box(&text)))
        });
    }
    group.finish();
}

criterion_group!(benches, stages, hostile);
criterion_main!(benches);
