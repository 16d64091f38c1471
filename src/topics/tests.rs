//! Membership on small articles: anchors, ties, supporting terms, the share rule.
use super::*;
use std::path::Path;

const SITE: &str = r#"
title = "t"
[anchor]
name = "Seoul"
terms = ["Seoul", "South Korea", { term = "Lee", exact_case = true }]
third_parties = ["Russia"]
pair_words = ["the two leaders"]
[[topics]]
slug = "us"
name = "US"
terms = [{ term = "United States", weight = 2, aliases = ["U.S.", "US", "America"] }, { term = "Washington", weight = 2 }, { term = "alliance", support = true }]
[[topics]]
slug = "china"
name = "China"
terms = [{ term = "China", weight = 2, aliases = ["Chinese"] }, { term = "Xi", weight = 2 }]
[[topics]]
slug = "nk"
name = "NK"
anchor = false
terms = [{ term = "North Korea", weight = 2, aliases = ["North Korean"] }, { term = "Pyongyang", weight = 2 }, { term = "Kim Jong Un", weight = 2 }, { term = "the North", exact_case = true }, { term = "the peninsula", support = true }]
"#;

fn index() -> TopicIndex {
    TopicIndex::new(&SiteConfig::parse(SITE, Path::new("site.toml")).unwrap())
}

fn para(text: &str) -> Block {
    Block {
        kind: BlockKind::Paragraph,
        text: text.into(),
    }
}

fn score<'a>(scores: &'a [TopicScore], slug: &str) -> &'a TopicScore {
    scores.iter().find(|s| s.slug == slug).unwrap()
}

#[test]
fn passing_mention_is_not_membership() {
    let blocks = vec![
        para(
            "Pyongyang fired a missile on Monday. North Korea said the test was routine. The North has tested often.",
        ),
        para("Officials in Pyongyang gave no further details. Analysts expect more launches."),
        para(
            "South Korea keeps an alliance with the United States. Markets barely moved. Trading was calm.",
        ),
        para("Experts said the launch showed progress. They urged calm. Talks remain frozen."),
    ];
    let scores = index().assess("North Korea fires missile", &blocks);
    let (nk, us) = (score(&scores, "nk"), score(&scores, "us"));
    assert!(nk.member, "{nk:?}");
    assert!(!us.member, "{us:?}");
    assert!(nk.passage.starts_with("Pyongyang fired"));
    assert!(
        nk.terms
            .iter()
            .any(|t| t.term == "Pyongyang" && t.count == 2),
        "{:?}",
        nk.terms
    );
}

#[test]
fn focused_short_article_joins() {
    let blocks = vec![para(
        "Washington and Seoul renewed their alliance. The United States will keep troops in South Korea.",
    )];
    assert!(score(&index().assess("Allies agree", &blocks), "us").member);
}

#[test]
fn the_party_with_someone_else_only_does_not_count() {
    // Kim in Beijing: China is named in every sentence, never with Seoul.
    let blocks = vec![
        para(
            "Kim Jong Un arrived in Beijing by train. Xi welcomed the North Korean leader. China praised the visit.",
        ),
        para(
            "Xi and Kim Jong Un held talks on Thursday. Chinese media said Pyongyang and China are friends.",
        ),
    ];
    let (scores, notes) = index().explain("Kim Jong Un visits China", &blocks);
    let china = score(&scores, "china");
    assert!(
        !china.member && china.sentences == 0 && china.set_aside == 4,
        "{china:?}"
    );
    assert!(score(&scores, "nk").member);
    let why: Vec<&str> = notes
        .iter()
        .filter(|n| n.topic == "china")
        .map(|n| n.why.as_str())
        .collect();
    assert!(
        why.contains(&"Xi with Kim Jong Un only, no tie to Seoul"),
        "{why:?}"
    );
}

#[test]
fn ties_count_in_the_sentence_the_paragraph_and_after_a_pairing() {
    let blocks = vec![
        para(
            "President Lee met Xi in Gyeongju. He urged China to help. Xi praised Chinese ties with Seoul.",
        ),
        para(
            "Xi and Lee signed deals in Seoul. The two leaders then discussed Chinese investment.",
        ),
    ];
    let (scores, notes) = index().explain("Summit in Gyeongju", &blocks);
    let china = score(&scores, "china");
    assert!(
        china.member && china.sentences == 5 && china.set_aside == 0,
        "{china:?}"
    );
    assert!(
        china.passage.starts_with("President Lee met Xi"),
        "{china:?}"
    );
    let why: Vec<&str> = notes.iter().map(|n| n.why.as_str()).collect();
    assert!(why.contains(&"in a paragraph about Seoul"), "{why:?}");
    assert!(
        why.contains(&"pairs the two sides right after a sentence tied to Seoul"),
        "{why:?}"
    );
}

#[test]
fn a_tied_headline_and_back_references_carry_the_topic() {
    let blocks = vec![
        para("Xi praised the talks. China will buy more chips."),
        para(
            "Trump hopes to meet Kim Jong Un. Lee offered to arrange such a meeting. Markets rose.",
        ),
    ];
    let (scores, notes) = index().explain("Seoul and Beijing mend ties, says Xi", &blocks);
    let china = score(&scores, "china");
    assert_eq!((china.sentences, china.set_aside), (2, 0), "{china:?}");
    let nk = score(&scores, "nk");
    assert_eq!(nk.sentences, 2, "{nk:?}");
    let why: Vec<&str> = notes.iter().map(|n| n.why.as_str()).collect();
    assert!(
        why.contains(&"in an article whose headline ties it to Seoul"),
        "{why:?}"
    );
    assert!(
        why.contains(&"refers back to the sentence before"),
        "{why:?}"
    );
}

#[test]
fn a_third_party_as_subject_sets_the_sentence_aside() {
    let blocks = vec![para(
        "North Korea rejected talks with South Korea and the United States. Russia hailed its ties with the United States.",
    )];
    let (scores, notes) = index().explain("Pyongyang says no", &blocks);
    let us = score(&scores, "us");
    assert_eq!((us.sentences, us.set_aside), (0, 2), "{us:?}");
    let why: Vec<&str> = notes
        .iter()
        .filter(|n| n.topic == "us")
        .map(|n| n.why.as_str())
        .collect();
    assert_eq!(
        why,
        [
            "North Korea is the subject; Seoul and United States only as its counterparts",
            "United States with Russia only, no tie to Seoul"
        ]
    );
}

#[test]
fn supporting_terms_alone_never_make_a_member() {
    // Weather on "the peninsula", three times over four sentences: weight 3, share 75%.
    let blocks = vec![para(
        "Rain will reach the peninsula on Monday. Heat returns to the peninsula next week. Typhoons may hit the peninsula. Stay safe.",
    )];
    let nk = score(&index().assess("Weather", &blocks), "nk").clone();
    assert!(!nk.member && nk.score == 3.0 && nk.sentences == 3, "{nk:?}");
}

#[test]
fn the_share_rule_needs_enough_sentences() {
    // Two of four sentences (50%) mention Pyongyang, in separate paragraphs.
    let blocks = vec![
        para("Pyongyang issued a statement."),
        para("Markets were calm."),
        para("Trading was thin."),
        para("Pyongyang said more would follow."),
    ];
    let nk = score(&index().assess("Markets", &blocks), "nk").clone();
    assert!(!nk.member && nk.sentences == 2 && nk.score == 4.0, "{nk:?}");
}

#[test]
fn datelines_and_places_do_not_tie() {
    let blocks = vec![
        para("SEOUL — The United States and China agreed a truce on Thursday."),
        para(
            "Trump and Xi met at an air base in Busan, South Korea. The United States cut tariffs on China.",
        ),
    ];
    let scores = index().assess("US and China agree truce", &blocks);
    for slug in ["us", "china"] {
        let s = score(&scores, slug);
        assert!(!s.member && s.sentences == 0, "{s:?}");
    }
}
