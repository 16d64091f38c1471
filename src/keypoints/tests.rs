//! Unit tests of key-point choice on small hand-made topics.

use super::*;

fn date(s: &str) -> Option<jiff::civil::Date> {
    s.parse().ok()
}

fn paragraphs(texts: &[&str]) -> Vec<String> {
    texts.iter().map(|s| s.to_string()).collect()
}

#[test]
fn points_are_verbatim_spread_across_stories_and_distinct() {
    let bodies = [
        paragraphs(&[
            "South Korea and China renewed a currency swap worth 70 trillion won on Saturday. The agreement runs for five years.",
            "Officials said the swap would steady the won and the yuan in times of stress.",
        ]),
        paragraphs(&[
            "The central banks of South Korea and China renewed their 70 trillion won currency swap for five years.",
            "he said it mattered.",
        ]),
        paragraphs(&[
            "North Korea fired a short-range ballistic missile into the East Sea on Friday morning, the military said.",
        ]),
        paragraphs(&[
            "Analysts said the missile launch by North Korea was timed to coincide with the visit of a US official.",
        ]),
        paragraphs(&[
            "Japan and South Korea agreed to continue shuttle diplomacy at the first summit of their leaders in Gyeongju.",
        ]),
    ];
    let dates = [
        "2025-11-01",
        "2025-11-01",
        "2025-11-07",
        "2025-11-07",
        "2025-10-30",
    ];
    let stories = [0, 0, 1, 1, 2];
    let sentences: Vec<Vec<LeadSentence>> = bodies.iter().map(|b| lead_sentences(b)).collect();
    let articles: Vec<KeyPointArticle> = (0..5)
        .map(|i| KeyPointArticle {
            paragraphs: &bodies[i],
            sentences: &sentences[i],
            date: date(dates[i]),
            story: stories[i],
        })
        .collect();
    let points = key_points(&articles, &[0, 1, 2, 3, 4]);
    assert_eq!(points.len(), 3, "{points:#?}");
    let mut seen_stories: Vec<usize> = points.iter().map(|p| stories[p.article]).collect();
    seen_stories.sort();
    assert_eq!(seen_stories, vec![0, 1, 2], "one point per story");
    for p in &points {
        assert!(bodies[p.article][p.paragraph].contains(&p.text), "{p:?}");
        assert!(p.why.contains("LexRank centrality"), "{}", p.why);
    }
    assert!(points.iter().all(|p| !p.text.starts_with("he said")));
}

#[test]
fn fewer_stories_than_points_allow_a_second_point_but_no_duplicate() {
    let body = paragraphs(&[
        "The presidential office said the summit in Gyeongju lasted 97 minutes and produced seven agreements.",
        "The presidential office said the summit in Gyeongju lasted 97 minutes and produced seven agreements in total.",
        "Finance Minister Koo Yun-cheol signed a memorandum on trade in services with his Chinese counterpart.",
        "The two leaders agreed to open a regular channel for high-level communication between their offices.",
    ]);
    let sentences = lead_sentences(&body);
    let articles = [KeyPointArticle {
        paragraphs: &body,
        sentences: &sentences,
        date: date("2025-11-01"),
        story: 0,
    }];
    let points = key_points(&articles, &[0]);
    assert_eq!(points.len(), 3, "{points:#?}");
    let texts: Vec<&str> = points.iter().map(|p| p.text.as_str()).collect();
    let near_copies = texts.iter().filter(|t| t.contains("97 minutes")).count();
    assert_eq!(near_copies, 1, "{texts:?}");
}

#[test]
fn home_points_skip_what_an_earlier_topic_shows() {
    let point = |article: usize, text: &str| KeyPoint {
        text: text.into(),
        article,
        paragraph: 0,
        score: 0.1,
        why: String::new(),
    };
    let topics = vec![
        vec![point(0, "A."), point(1, "B."), point(2, "C.")],
        vec![point(1, "B."), point(3, "D."), point(4, "E.")],
    ];
    let home = home_points(&topics, 2);
    let texts: Vec<Vec<&str>> = home
        .iter()
        .map(|t| t.iter().map(|p| p.text.as_str()).collect())
        .collect();
    assert_eq!(texts, vec![vec!["A.", "B."], vec!["D.", "E."]]);
}

#[test]
fn an_empty_topic_has_no_points() {
    assert!(key_points(&[], &[]).is_empty());
}
