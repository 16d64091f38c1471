//! Criterion benches for the hot stages: clean one article, score its topics, render one
//! page. `cargo bench --bench stages`.

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

criterion_group!(benches, stages);
criterion_main!(benches);
