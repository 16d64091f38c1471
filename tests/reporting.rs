//! Topic membership on stories modelled on real reporting (tests/reporting/): each story
//! was written from one published news story and labelled by reading it, by the rule in
//! tests/reporting/RULES.md, before the program ran on it. A judgement is one (story,
//! topic) pair; the set must show at most one wrong judgement in 100 and no missed topic.
//! Print the report with `cargo test --test reporting -- --nocapture`.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use briefing::article::Article;
use briefing::clean::Cleaned;
use briefing::clean::template::SiteTemplate;
use briefing::config::SiteConfig;
use briefing::sources;
use briefing::topics::TopicIndex;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Label {
    /// Topics the story discusses, by RULES.md.
    topics: Vec<String>,
    /// The real outlet and address the story was modelled on.
    source: String,
}

struct Story {
    id: String,
    input: PathBuf,
    label: Label,
}

fn dir() -> PathBuf {
    common::repo().join("tests/reporting")
}

fn load() -> Vec<Story> {
    let mut labels: Vec<PathBuf> = std::fs::read_dir(dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    labels.sort();
    labels
        .into_iter()
        .map(|path| {
            let id = path.file_stem().unwrap().to_string_lossy().into_owned();
            let input = dir().join(format!("{id}.txt"));
            assert!(input.is_file(), "{id}: no {id}.txt beside its label");
            let text = std::fs::read_to_string(&path).unwrap();
            let label: Label = toml::from_str(&text).unwrap_or_else(|e| panic!("{id}.toml: {e}"));
            Story { id, input, label }
        })
        .collect()
}

/// The host named in a label's source note: one outlet, however many pages of it.
fn outlet(source: &str) -> Option<String> {
    let url = &source[source.find("://")? + 3..];
    let host = url.split('/').next()?;
    let host = host.trim_start_matches("www.").trim_start_matches("www01.");
    Some(host.to_string())
}

#[test]
fn labels_name_known_topics_and_a_real_source() {
    let stories = load();
    assert!(stories.len() >= 40, "{} stories, need 40", stories.len());
    assert!(
        dir().join("RULES.md").is_file(),
        "the labelling rule is written down"
    );
    let (config, _) = site();
    let mut outlets = BTreeSet::new();
    for s in &stories {
        for t in &s.label.topics {
            assert!(config.topic(t).is_some(), "{}: unknown topic {t}", s.id);
        }
        let host = outlet(&s.label.source).unwrap_or_else(|| panic!("{}: source has no URL", s.id));
        outlets.insert(host);
    }
    assert!(
        outlets.len() >= 10,
        "stories from {} sites, need 10",
        outlets.len()
    );
    for topic in &config.topics {
        assert!(
            stories.iter().any(|s| s.label.topics.contains(&topic.slug)),
            "no story labelled {}",
            topic.slug
        );
    }
    assert!(
        stories.iter().any(|s| s.label.topics.is_empty()),
        "the set includes stories in no topic"
    );
}

/// The default site's configuration and topic index.
fn site() -> (SiteConfig, TopicIndex) {
    let config = SiteConfig::load(&common::repo()).unwrap();
    let index = TopicIndex::new(&config);
    (config, index)
}

/// A story read, cleaned and scored as the site builds it.
fn build(s: &Story, config: &SiteConfig, index: &TopicIndex) -> (Article, Cleaned) {
    let source = sources::read_one(&s.input, Path::new("")).expect("story reads");
    let (article, cleaned, _) =
        Article::from_source(&source, index, config, &SiteTemplate::default());
    match (article, cleaned) {
        (Some(a), Some(c)) => (a, c),
        _ => panic!("{}: nothing left after cleaning", s.id),
    }
}

#[test]
fn topics_match_the_labels() {
    let (config, index) = site();
    let stories = load();
    let (mut judgements, mut wrong, mut missed) = (0, 0, 0);
    println!("\nper story:");
    for s in &stories {
        let (article, _) = build(s, &config, &index);
        let got: BTreeSet<&str> = article.topics.iter().map(String::as_str).collect();
        let want: BTreeSet<&str> = s.label.topics.iter().map(String::as_str).collect();
        let mut notes = Vec::new();
        for topic in &config.topics {
            let slug = topic.slug.as_str();
            judgements += 1;
            match (want.contains(slug), got.contains(slug)) {
                (true, false) => {
                    wrong += 1;
                    missed += 1;
                    notes.push(format!("MISSED {slug}"));
                }
                (false, true) => {
                    wrong += 1;
                    notes.push(format!("WRONG JOIN {slug}"));
                }
                _ => {}
            }
        }
        println!(
            "  {} {:<40} {}",
            s.id,
            format!("{want:?}"),
            if notes.is_empty() {
                "ok".to_string()
            } else {
                notes.join(", ")
            }
        );
    }
    println!(
        "\n{} stories, {judgements} judgements: {wrong} wrong ({missed} missed)\n",
        stories.len()
    );
    assert_eq!(missed, 0, "a labelled topic was missed");
    assert!(
        wrong * 100 <= judgements,
        "{wrong} wrong judgements in {judgements}: more than 1 in 100"
    );
}

#[test]
fn why_it_is_here_is_a_sentence_that_counted() {
    let (config, index) = site();
    let mut checked = 0;
    for s in load() {
        let (article, cleaned) = build(&s, &config, &index);
        let (_, notes) = index.explain(&cleaned.title, &cleaned.blocks);
        for topic in &article.topics {
            let passage = article.reason(topic).passage;
            // The passage opens with a counted body sentence (cut with "…" when long).
            let opening: String = passage.chars().take(60).collect();
            let opening = opening.trim_end_matches('…');
            assert!(
                !opening.is_empty()
                    && notes.iter().any(|n| n.topic == *topic
                        && n.counted
                        && n.text != cleaned.title
                        && (passage.starts_with(n.text.as_str()) || n.text.starts_with(opening))),
                "{} {topic}: passage {passage:?} is not a counted sentence",
                s.id
            );
            checked += 1;
        }
    }
    assert!(
        checked >= 40,
        "only {checked} (story, topic) passages checked"
    );
}

#[test]
fn explain_says_which_sentences_counted_and_which_were_set_aside() {
    let out = common::ok_stdout(&common::briefing(
        &common::repo(),
        &["clean", "--explain", "tests/reporting/r01.txt"],
    ));
    let topics = &out[out.find("## topics").expect("a topics section")..];
    assert!(topics.contains("OUT china-ties"), "{topics}");
    assert!(
        topics
            .contains("set aside “Seoul: Kim Jong Un, the leader of North Korea, reached Beijing")
            && topics.contains("(Beijing with Kim Jong Un only, no tie to Seoul)"),
        "{topics}"
    );
    assert!(topics.contains("IN  north-korea"), "{topics}");
    assert!(
        topics.contains("    counted   “Kim Jong Un arrives in Beijing"),
        "{topics}"
    );
    assert!(topics.contains("    why it is here: "), "{topics}");
}
