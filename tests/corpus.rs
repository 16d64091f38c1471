//! Cleaning quality on a labelled corpus of articles that are not the seeds (tests/corpus/):
//! token-level precision, recall and F1 of the body (bag of words, as in the ScrapingHub
//! article-extraction benchmark), boilerplate leaks, title accuracy and topic errors, for
//! the dev split (rules were tuned on it) and the held-out split (never looked at while
//! tuning: the honest estimate for unseen sites). Print the report with
//! `cargo test --test corpus -- --nocapture`.

mod common;

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use briefing::article::Article;
use briefing::clean::template::SiteTemplate;
use briefing::config::SiteConfig;
use briefing::sources;
use briefing::topics::TopicIndex;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Label {
    split: String,
    title: String,
    topics: Vec<String>,
    #[serde(default)]
    author: Option<String>,
    #[serde(default)]
    date: Option<String>,
    body: Vec<String>,
    boilerplate: Vec<String>,
}

struct Item {
    id: String,
    input: PathBuf,
    label: Label,
}

fn load_corpus() -> Vec<Item> {
    let dir = common::repo().join("tests/corpus");
    let mut items = Vec::new();
    let mut labels: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    labels.sort();
    for label_path in labels {
        let id = label_path
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let input = ["txt", "html", "md"]
            .iter()
            .map(|ext| dir.join(format!("{id}.{ext}")))
            .find(|p| p.is_file())
            .unwrap_or_else(|| panic!("{id}: no input file"));
        let text = std::fs::read_to_string(&label_path).unwrap();
        let label: Label = toml::from_str(&text).unwrap_or_else(|e| panic!("{id}.toml: {e}"));
        items.push(Item { id, input, label });
    }
    items
}

/// Words, lower-cased; CJK characters count one token each.
fn tokens(text: &str) -> HashMap<String, usize> {
    let mut bag = HashMap::new();
    let mut word = String::new();
    let flush = |w: &mut String, bag: &mut HashMap<String, usize>| {
        if !w.is_empty() {
            *bag.entry(std::mem::take(w)).or_insert(0) += 1;
        }
    };
    for c in text.chars() {
        if briefing::clean::features::is_cjk(c) {
            flush(&mut word, &mut bag);
            *bag.entry(c.to_string()).or_insert(0) += 1;
        } else if c.is_alphanumeric() {
            word.extend(c.to_lowercase());
        } else {
            flush(&mut word, &mut bag);
        }
    }
    flush(&mut word, &mut bag);
    bag
}

fn prf(gold: &str, predicted: &str) -> (f64, f64, f64) {
    let (g, p) = (tokens(gold), tokens(predicted));
    let overlap: usize = p
        .iter()
        .map(|(w, n)| (*n).min(*g.get(w).unwrap_or(&0)))
        .sum();
    let (gt, pt): (usize, usize) = (g.values().sum(), p.values().sum());
    let precision = if pt == 0 {
        0.0
    } else {
        overlap as f64 / pt as f64
    };
    let recall = if gt == 0 {
        0.0
    } else {
        overlap as f64 / gt as f64
    };
    let f1 = if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    };
    (precision, recall, f1)
}

#[derive(Default)]
struct Totals {
    n: usize,
    precision: f64,
    recall: f64,
    f1: f64,
    leaks: usize,
    snippets: usize,
    active_markup: usize,
    titles_exact: usize,
    topic_errors: usize,
    meta_checked: usize,
    meta_right: usize,
}

struct Outcome {
    totals: HashMap<String, Totals>,
    lines: Vec<String>,
}

fn score(items: &[Item]) -> Outcome {
    let root = common::repo();
    let config = SiteConfig::load(&root).unwrap();
    let index = TopicIndex::new(&config);
    let mut totals: HashMap<String, Totals> = HashMap::new();
    let mut lines = Vec::new();
    for item in items {
        let source = sources::read_one(&item.input, Path::new("")).expect("input reads");
        let (article, cleaned, _) =
            Article::from_source(&source, &index, &config, &SiteTemplate::default());
        let (title, body, markdown, topics, meta) = match (&article, &cleaned) {
            (Some(a), Some(c)) => (
                a.title.clone(),
                c.blocks
                    .iter()
                    .map(|b| b.text.as_str())
                    .collect::<Vec<_>>()
                    .join("\n"),
                a.to_markdown(),
                a.topics.iter().cloned().collect::<BTreeSet<_>>(),
                a.meta.clone(),
            ),
            _ => Default::default(),
        };
        let gold = item.label.body.join("\n");
        let (p, r, f1) = prf(&gold, &body);
        let leaked: Vec<&String> = item
            .label
            .boilerplate
            .iter()
            .filter(|b| markdown.contains(b.as_str()))
            .collect();
        let lower = markdown.to_lowercase();
        let active = ["<script", "<style", "<iframe"]
            .iter()
            .filter(|t| lower.contains(*t))
            .count();
        let expected_topics: BTreeSet<String> = item.label.topics.iter().cloned().collect();
        let title_ok = title == item.label.title;
        let topics_ok = topics == expected_topics;
        let t = totals.entry(item.label.split.clone()).or_default();
        t.n += 1;
        t.precision += p;
        t.recall += r;
        t.f1 += f1;
        t.leaks += leaked.len();
        t.snippets += item.label.boilerplate.len();
        t.active_markup += active;
        t.titles_exact += title_ok as usize;
        t.topic_errors += (!topics_ok) as usize;
        for (want, got) in [
            (&item.label.author, &meta.author),
            (&item.label.date, &meta.date),
        ] {
            if let Some(want) = want {
                t.meta_checked += 1;
                t.meta_right += (Some(want) == got.as_ref()) as usize;
            }
        }
        let mut line = format!(
            "{:<5} {:<8} P {:.3} R {:.3} F1 {:.3}  leaks {}/{}  title {}  topics {}",
            item.id,
            item.label.split,
            p,
            r,
            f1,
            leaked.len(),
            item.label.boilerplate.len(),
            if title_ok { "ok" } else { "WRONG" },
            if topics_ok {
                "ok".to_string()
            } else {
                format!("WRONG (got {topics:?}, want {expected_topics:?})")
            },
        );
        if item.label.split == "dev" {
            // Details are shown for the dev split only, which the rules may be tuned on.
            if !title_ok {
                line.push_str(&format!("\n      title: got {title:?}"));
            }
            for l in &leaked {
                line.push_str(&format!("\n      leaked: {l:?}"));
            }
        }
        lines.push(line);
    }
    Outcome { totals, lines }
}

fn summary(split: &str, t: &Totals) -> String {
    let n = t.n.max(1) as f64;
    format!(
        "{split:<8} articles {:>2}  body P {:.3} R {:.3} F1 {:.3}  boilerplate leaks {}/{}  script/style/iframe {}  titles exact {}/{}  topic errors {}  author/date {}/{}",
        t.n,
        t.precision / n,
        t.recall / n,
        t.f1 / n,
        t.leaks,
        t.snippets,
        t.active_markup,
        t.titles_exact,
        t.n,
        t.topic_errors,
        t.meta_right,
        t.meta_checked
    )
}

#[test]
fn cleaning_quality_holds_its_floors() {
    let items = load_corpus();
    assert!(
        items.len() >= 30,
        "the corpus needs at least 30 articles, has {}",
        items.len()
    );
    let html = items
        .iter()
        .filter(|i| i.input.extension().is_some_and(|e| e == "html"))
        .count();
    assert!(html >= 8, "at least 8 HTML pages, found {html}");
    let outcome = score(&items);
    println!("\nper article:");
    for l in &outcome.lines {
        println!("  {l}");
    }
    let mut all = Totals::default();
    println!("\nsummary:");
    for split in ["dev", "heldout"] {
        if let Some(t) = outcome.totals.get(split) {
            println!("  {}", summary(split, t));
            all.n += t.n;
            all.precision += t.precision;
            all.recall += t.recall;
            all.f1 += t.f1;
            all.leaks += t.leaks;
            all.snippets += t.snippets;
            all.active_markup += t.active_markup;
            all.titles_exact += t.titles_exact;
            all.topic_errors += t.topic_errors;
            all.meta_checked += t.meta_checked;
            all.meta_right += t.meta_right;
        }
    }
    println!("  {}\n", summary("all", &all));
    let n = all.n as f64;
    assert!(all.f1 / n >= 0.97, "body F1 {:.3} < 0.97", all.f1 / n);
    assert_eq!(all.active_markup, 0, "script/style/iframe leaked");
    assert!(
        all.titles_exact as f64 / n >= 0.95,
        "titles exact {}/{}",
        all.titles_exact,
        all.n
    );
    assert!(
        all.topic_errors * 30 <= all.n,
        "topic errors {} in {}",
        all.topic_errors,
        all.n
    );
}

#[test]
fn labels_are_consistent_with_their_inputs() {
    for item in load_corpus() {
        let l = &item.label;
        assert!(
            matches!(l.split.as_str(), "dev" | "heldout"),
            "{}: split",
            item.id
        );
        for b in &l.boilerplate {
            assert!(
                !l.body.iter().any(|p| p.contains(b.as_str())),
                "{}: boilerplate {b:?} inside the body label",
                item.id
            );
        }
        for t in &l.topics {
            assert!(
                ["us-ties", "china-ties", "north-korea"].contains(&t.as_str()),
                "{}: topic {t}",
                item.id
            );
        }
    }
}
