//! Criterion benches for the site passes that work across articles: story grouping and
//! key points. `cargo bench --bench passes`; `RAYON_NUM_THREADS=1` for one core.

#[path = "support/events.rs"]
mod events;

use briefing::stories::{self, Features, Grouper};
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
}

criterion_group!(benches, grouping);

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
