//! Criterion benches for the site passes that work across articles: story grouping and
//! key points. `cargo bench --bench passes`; `RAYON_NUM_THREADS=1` for one core.

#[path = "support/corpus.rs"]
mod corpus;
#[path = "support/events.rs"]
mod events;

use briefing::keypoints::{self, KeyPointArticle};
use briefing::stories::{self, Features, Grouper, Stories, StoryInput};
use criterion::{Criterion, criterion_group};

fn grouping(c: &mut Criterion) {
    for n in [1_000usize, 10_000] {
        let inputs = events::reports(n, 7);
        let features: Vec<Features> = inputs.iter().map(stories::extract).collect();
        let mut g = c.benchmark_group(format!("stories/{n}"));
        g.sample_size(10);
        g.bench_function("extract + group", |b| {
            b.iter(|| stories::group(std::hint::black_box(&inputs)))
        });
        g.bench_function("group from cached features", |b| {
            b.iter(|| Grouper::new(std::hint::black_box(&inputs), &features).group())
        });
        g.bench_function("extract one edited article", |b| {
            b.iter(|| stories::extract(std::hint::black_box(&inputs[n / 2])))
        });
        g.finish();
    }
}

/// The reports as key points see them, with their stories.
fn key_point_articles<'a>(inputs: &'a [StoryInput], grouped: &Stories) -> Vec<KeyPointArticle<'a>> {
    inputs
        .iter()
        .enumerate()
        .map(|(i, a)| KeyPointArticle {
            paragraphs: &a.paragraphs,
            date: a.date,
            story: grouped.story_of[i],
        })
        .collect()
}

/// `PASSES_TIMING=N cargo bench --bench passes`: one plain timed run of each step at N
/// articles (quicker than criterion for a single figure; prints and exits).
fn timing(n: usize) {
    let t = std::time::Instant::now();
    let inputs = events::reports(n, 7);
    println!("generate {n}: {:?}", t.elapsed());
    let t = std::time::Instant::now();
    let features: Vec<Features> = inputs.iter().map(stories::extract).collect();
    println!("extract: {:?}", t.elapsed());
    let t = std::time::Instant::now();
    let grouper = Grouper::new(&inputs, &features);
    println!("weigh terms: {:?}", t.elapsed());
    let t = std::time::Instant::now();
    let result = grouper.group();
    println!(
        "group: {:?} ({} stories, {} decisions)",
        t.elapsed(),
        result.groups.len(),
        result.explanations.len()
    );
    let t = std::time::Instant::now();
    let articles = key_point_articles(&inputs, &result);
    let members: Vec<usize> = (0..n).collect();
    let points = keypoints::key_points(&articles, &members);
    println!(
        "key points, one topic of all {n}: {:?} ({} points)",
        t.elapsed(),
        points.len()
    );
}

fn key_points(c: &mut Criterion) {
    let inputs = events::reports(1_000, 11);
    let grouped = stories::group(&inputs);
    let articles = key_point_articles(&inputs, &grouped);
    let members: Vec<usize> = (0..articles.len()).collect();
    let thirds: Vec<Vec<usize>> = (0..3)
        .map(|t| members.iter().copied().filter(|m| m % 3 == t).collect())
        .collect();
    let mut g = c.benchmark_group("keypoints/1000");
    g.sample_size(20);
    g.bench_function("one topic of 1,000 articles", |b| {
        b.iter(|| keypoints::key_points(std::hint::black_box(&articles), &members))
    });
    g.bench_function("three topics of 333 articles + home", |b| {
        b.iter(|| {
            let all: Vec<_> = thirds
                .iter()
                .map(|m| keypoints::key_points(&articles, m))
                .collect();
            keypoints::home_points(&all, 3)
        })
    });
    g.finish();
}

criterion_group!(benches, grouping, key_points);

fn main() {
    if let Some(n) = std::env::var("PASSES_TIMING")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        timing(n);
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
