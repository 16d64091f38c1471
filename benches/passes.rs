//! Criterion benches for the site passes that work across articles: story grouping and
//! key points. `cargo bench --bench passes`; `RAYON_NUM_THREADS=1` for one core.

#[path = "support/corpus.rs"]
mod corpus;
#[path = "support/events.rs"]
mod events;

use briefing::keypoints::{self, KeyPointArticle, LeadSentence};
use briefing::stories::{self, Features, Grouper, Stories, StoryIndex, StoryInput};
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

/// Every report's lead sentences (the site pass makes them for the articles it reads).
fn leads(inputs: &[StoryInput]) -> Vec<Vec<LeadSentence>> {
    inputs
        .iter()
        .map(|a| keypoints::lead_sentences(&a.paragraphs))
        .collect()
}

/// The reports as key points see them, with their stories.
fn key_point_articles<'a>(
    inputs: &'a [StoryInput],
    leads: &'a [Vec<LeadSentence>],
    grouped: &Stories,
) -> Vec<KeyPointArticle<'a>> {
    inputs
        .iter()
        .enumerate()
        .map(|(i, a)| KeyPointArticle {
            paragraphs: &a.paragraphs,
            sentences: &leads[i],
            date: a.date,
            story: grouped.story_of[i],
        })
        .collect()
}

/// Seconds of CPU this process has used: on a shared machine wall time also counts the
/// other engineers' jobs.
fn cpu() -> f64 {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `t` is a valid, writable timespec for the call.
    unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut t) };
    t.tv_sec as f64 + t.tv_nsec as f64 * 1e-9
}

/// Runs `f`, printing its wall and CPU time.
fn timed<T>(label: &str, f: impl FnOnce() -> T) -> T {
    let (wall, c) = (std::time::Instant::now(), cpu());
    let out = f();
    println!(
        "{label}: {:.1} ms wall, {:.1} ms cpu",
        wall.elapsed().as_secs_f64() * 1e3,
        (cpu() - c) * 1e3
    );
    out
}

/// Story sizes, and pairwise agreement with the generator's events (counted per cell of
/// the contingency table, so it stays linear at 100,000 articles).
fn agreement(inputs: &[StoryInput], result: &Stories) {
    let event = |k: &str| {
        k.rsplit_once('-')
            .map_or(k.to_string(), |(e, _)| e.to_string())
    };
    let pairs = |n: usize| (n * n.saturating_sub(1) / 2) as f64;
    let mut cells: std::collections::HashMap<(usize, String), usize> = Default::default();
    let mut gold: std::collections::HashMap<String, usize> = Default::default();
    for (i, a) in inputs.iter().enumerate() {
        *cells
            .entry((result.story_of[i], event(&a.key)))
            .or_default() += 1;
        *gold.entry(event(&a.key)).or_default() += 1;
    }
    let tp: f64 = cells.values().map(|&n| pairs(n)).sum();
    let predicted: f64 = result.groups.iter().map(|g| pairs(g.members.len())).sum();
    let actual: f64 = gold.values().map(|&n| pairs(n)).sum();
    let mut sizes = std::collections::BTreeMap::<usize, usize>::new();
    for g in &result.groups {
        *sizes.entry(g.members.len()).or_default() += 1;
    }
    let mut events = std::collections::BTreeMap::<usize, usize>::new();
    for n in gold.values() {
        *events.entry(*n).or_default() += 1;
    }
    println!("event sizes (size: count): {events:?}");
    println!("story sizes (size: count): {sizes:?}");
    let (p, r) = (tp / predicted.max(1.0), tp / actual.max(1.0));
    println!(
        "pairwise against the events: precision {p:.3} recall {r:.3} F1 {:.3}",
        2.0 * p * r / (p + r).max(1e-9)
    );
}

/// Times `StoryIndex::update` for a few kinds of edit of one article, as `serve` makes.
fn edits(inputs: &[StoryInput], features: &[Features]) {
    let mut index = StoryIndex::new(inputs, features);
    let (mut inputs, mut features) = (inputs.to_vec(), features.to_vec());
    let n = inputs.len();
    for (what, c) in [
        ("paragraphs cut", n / 2),
        ("date moved", n / 3),
        ("text replaced by another report's", n / 4),
        ("title reworded", n - 1),
    ] {
        match what {
            "paragraphs cut" => inputs[c].paragraphs.truncate(2),
            "date moved" => {
                inputs[c].date = inputs[c]
                    .date
                    .map(|d| d.saturating_add(jiff::Span::new().days(9)))
            }
            "title reworded" => inputs[c].title.push_str(" as talks resume"),
            _ => inputs[c].paragraphs = inputs[c - 1].paragraphs.clone(),
        }
        let label = format!("edit ({what}): re-extract, update, stories");
        let regrouped = timed(&label, || {
            features[c] = stories::extract(&inputs[c]);
            let regrouped = index.update(&inputs, &features, &[c]);
            std::hint::black_box(index.stories(&inputs, &features));
            regrouped
        });
        println!("  regrouped {} of {n} articles", regrouped.len());
    }
}

/// `PASSES_TIMING=N cargo bench --bench passes`: one plain timed run of each step at N
/// articles (quicker than criterion for a single figure; prints and exits).
fn timing(n: usize) {
    let inputs = timed(&format!("generate {n}"), || events::reports(n, 7));
    let features: Vec<Features> =
        timed("extract", || inputs.iter().map(stories::extract).collect());
    let grouper = timed(
        "group from cached features (index, candidates, clusters)",
        || Grouper::new(&inputs, &features),
    );
    let result = timed("stories from the groups", || grouper.group());
    println!(
        "{} stories, {} decisions",
        result.groups.len(),
        result.explanations.len()
    );
    agreement(&inputs, &result);
    edits(&inputs, &features);
    let members: Vec<usize> = (0..n).collect();
    let newest = keypoints::newest(&members, |a| inputs[a].date);
    timed(
        &format!("lead sentences of the {} newest", newest.len()),
        || {
            newest
                .iter()
                .map(|&a| keypoints::lead_sentences(&inputs[a].paragraphs))
                .collect::<Vec<_>>()
        },
    );
    let leads = leads(&inputs);
    let articles = key_point_articles(&inputs, &leads, &result);
    let points = timed(&format!("key points, one topic of all {n}"), || {
        keypoints::key_points(&articles, &members)
    });
    println!("{} points", points.len());
    let thirds: Vec<Vec<usize>> = (0..3)
        .map(|t| members.iter().copied().filter(|m| m % 3 == t).collect())
        .collect();
    let per_topic = timed(&format!("key points, three topics of {}", n / 3), || {
        thirds
            .iter()
            .map(|m| keypoints::key_points(&articles, m))
            .collect::<Vec<_>>()
    });
    timed("home points", || keypoints::home_points(&per_topic, 3));
}

fn key_points(c: &mut Criterion) {
    let inputs = events::reports(1_000, 11);
    let grouped = stories::group(&inputs);
    let leads = leads(&inputs);
    let articles = key_point_articles(&inputs, &leads, &grouped);
    let members: Vec<usize> = (0..articles.len()).collect();
    let newest = keypoints::newest(&members, |a| inputs[a].date);
    let thirds: Vec<Vec<usize>> = (0..3)
        .map(|t| members.iter().copied().filter(|m| m % 3 == t).collect())
        .collect();
    let mut g = c.benchmark_group("keypoints/1000");
    g.sample_size(20);
    g.bench_function("lead sentences of the 150 newest", |b| {
        b.iter(|| {
            newest
                .iter()
                .map(|&a| keypoints::lead_sentences(std::hint::black_box(&inputs[a].paragraphs)))
                .collect::<Vec<_>>()
        })
    });
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
