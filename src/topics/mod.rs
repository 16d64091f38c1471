//! Stage 4: decide which topics an article belongs to, and say why.
//!
//! Terms from `site.toml` are matched in one pass (Aho-Corasick, [`matcher`]) over the
//! cleaned title and each paragraph, and every match is placed in its sentence. A topic
//! with an anchor (the home side of a relationship, e.g. Seoul for "China ties") counts
//! only sentences that tie one of its terms to the anchor ([`ties`]): the sentence names
//! the anchor, its paragraph opens with the anchor as subject, or it pairs "the two
//! leaders" right after a tied sentence; the party with someone else only is set aside.
//! An article joins a topic when the weight of its counted sentences reaches the
//! threshold, at least one of them holds a strong (not supporting) term, and the topic is
//! discussed, not just mentioned: one paragraph is mainly about it in several counted
//! sentences (a focus paragraph), or a large share of all sentences count for it (half
//! that share when the headline does) and at least `min_sentences` of them.

mod matcher;
mod sentences;
mod ties;

use crate::clean::{Block, BlockKind};
use crate::config::{ScoringConfig, SiteConfig};
use matcher::{Hit, Matcher, Pattern, Role, phrase_pattern, term_patterns};
pub use sentences::split_sentences;
use ties::{Sentence, Tie};

/// Compiled matcher for every topic and anchor of a site.
#[derive(Debug, Clone)]
pub struct TopicIndex {
    matcher: Matcher,
    topics: Vec<TopicRule>,
    /// Display names of the anchors, by index.
    anchors: Vec<String>,
    scoring: ScoringConfig,
}

#[derive(Debug, Clone)]
struct TopicRule {
    slug: String,
    terms: Vec<String>,
    threshold: f64,
    anchor: Option<usize>,
}

/// How often one term matched in counted sentences.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TermCount {
    /// The canonical term from `site.toml`.
    pub term: String,
    /// Number of matches (aliases included).
    pub count: usize,
}

/// One topic's assessment of one article.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TopicScore {
    /// Topic slug.
    pub slug: String,
    /// Sum of the term weights in counted sentences (and a counted title).
    pub score: f64,
    /// Weight needed to join.
    pub threshold: f64,
    /// Body sentences that count for the topic.
    pub sentences: usize,
    /// Body sentences that mention the topic but were set aside (no tie to the anchor).
    pub set_aside: usize,
    /// Sentences in the article.
    pub total_sentences: usize,
    /// Paragraphs mainly about the topic in several counted sentences.
    pub focus_paragraphs: usize,
    /// Matched terms of counted sentences, most frequent first.
    pub terms: Vec<TermCount>,
    /// Counted sentences of the paragraph that discusses the topic most (empty when none).
    pub passage: String,
    /// Whether the article belongs to the topic.
    pub member: bool,
}

/// One sentence that mentions a topic, with the verdict, for `clean --explain`.
#[derive(Debug, Clone, PartialEq)]
pub struct SentenceNote {
    /// Topic slug.
    pub topic: String,
    /// The sentence (the title is a sentence too).
    pub text: String,
    /// Whether it counted for the topic.
    pub counted: bool,
    /// Why it counted or was set aside ("China with North Korea only, no tie to Seoul").
    pub why: String,
}

/// Running totals of one topic over an article.
#[derive(Debug, Clone, Default)]
struct Tally {
    weight: f64,
    sentences: usize,
    set_aside: usize,
    focus: usize,
    strong: bool,
    in_title: bool,
    last_tied: bool,
    counts: Vec<usize>,
    /// (counted sentences, weight, block, counted-sentence mask) of the best paragraph.
    best: Option<(usize, f64, usize, u64)>,
}

/// Counted sentences and weight of one topic in the paragraph being read.
#[derive(Debug, Clone, Copy, Default)]
struct InParagraph {
    sentences: usize,
    weight: f64,
    mask: u64,
}

impl TopicIndex {
    /// Compiles the terms of every topic and anchor in the configuration.
    pub fn new(config: &SiteConfig) -> Self {
        let mut patterns: Vec<Pattern> = Vec::new();
        let mut anchors: Vec<(String, &crate::config::AnchorConfig)> = Vec::new();
        let mut topics = Vec::new();
        for (t, topic) in config.topics.iter().enumerate() {
            let anchor = config.anchor_of(topic).map(|a| {
                // Topics sharing the site's anchor share one set of anchor patterns.
                let known = anchors.iter().position(|(_, k)| std::ptr::eq(*k, a));
                known.unwrap_or_else(|| {
                    let idx = anchors.len();
                    anchors.push((a.display_name(), a));
                    for spec in &a.terms {
                        term_patterns(spec, Role::Anchor(idx), &mut patterns);
                    }
                    for (list, role) in [
                        (&a.ignore, Role::Ignore),
                        (&a.third_parties, Role::Third(idx)),
                        (&a.pair_words, Role::Pair(idx)),
                    ] {
                        for text in list {
                            phrase_pattern(text, role, None, &mut patterns);
                        }
                    }
                    idx
                })
            });
            let mut names = Vec::new();
            for spec in &topic.terms {
                let weight = match spec {
                    crate::config::TermSpec::Detailed { weight, .. } => *weight,
                    crate::config::TermSpec::Plain(_) => 1.0,
                };
                let role = Role::Term {
                    topic: t,
                    term: names.len(),
                    weight,
                    support: spec.is_support(),
                };
                names.push(spec.text().to_string());
                term_patterns(spec, role, &mut patterns);
            }
            topics.push(TopicRule {
                slug: topic.slug.clone(),
                terms: names,
                threshold: topic.threshold.unwrap_or(config.scoring.threshold),
                anchor,
            });
        }
        TopicIndex {
            matcher: Matcher::new(patterns),
            topics,
            anchors: anchors.into_iter().map(|(name, _)| name).collect(),
            scoring: config.scoring.clone(),
        }
    }

    /// Scores an article's title and body against every topic.
    pub fn assess(&self, title: &str, blocks: &[Block]) -> Vec<TopicScore> {
        self.run(title, blocks, None)
    }

    /// Scores like [`assess`](Self::assess), and notes every sentence that mentions a
    /// topic with why it counted or was set aside.
    pub fn explain(&self, title: &str, blocks: &[Block]) -> (Vec<TopicScore>, Vec<SentenceNote>) {
        let mut notes = Vec::new();
        let scores = self.run(title, blocks, Some(&mut notes));
        (scores, notes)
    }

    fn run(
        &self,
        title: &str,
        blocks: &[Block],
        mut notes: Option<&mut Vec<SentenceNote>>,
    ) -> Vec<TopicScore> {
        let n = self.topics.len();
        let mut tally: Vec<Tally> = self
            .topics
            .iter()
            .map(|t| Tally {
                counts: vec![0; t.terms.len()],
                ..Tally::default()
            })
            .collect();
        let mut hits: Vec<Hit> = self.matcher.hits(title).collect();
        let no_subject = vec![false; self.anchors.len()];
        let heading = Sentence {
            text: title,
            start: 0,
            hits: &hits,
        };
        // The title counts towards the weight, but is not a sentence of the body.
        for (t, tl) in tally.iter_mut().enumerate() {
            let mut unused = InParagraph::default();
            let set_aside = tl.set_aside;
            tl.in_title =
                self.read_sentence(&heading, t, tl, &no_subject, &mut unused, 0, &mut notes);
            tl.set_aside = set_aside;
        }
        let mut total_sentences = 0;
        let mut subject = no_subject.clone();
        let mut para = vec![InParagraph::default(); n];
        for (b, block) in blocks.iter().enumerate() {
            let text = block.text.as_str();
            let starts: Vec<usize> = split_sentences(text)
                .iter()
                .map(|s| s.as_ptr() as usize - text.as_ptr() as usize)
                .collect();
            total_sentences += starts.len();
            hits.clear();
            hits.extend(self.matcher.hits(text));
            para.iter_mut().for_each(|p| *p = InParagraph::default());
            let mut lo = 0;
            for (k, &start) in starts.iter().enumerate() {
                let end = starts.get(k + 1).copied().unwrap_or(text.len());
                let hi = lo + hits[lo..].partition_point(|h| h.at < end);
                let sentence = Sentence {
                    text,
                    start,
                    hits: &hits[lo..hi],
                };
                lo = hi;
                if k == 0 {
                    for (a, s) in subject.iter_mut().enumerate() {
                        *s = sentence.opens_with_anchor(a);
                    }
                }
                if sentence.hits.is_empty() {
                    continue;
                }
                for (t, tl) in tally.iter_mut().enumerate() {
                    self.read_sentence(&sentence, t, tl, &subject, &mut para[t], k, &mut notes);
                }
            }
            // A focus paragraph mentions the topic in several sentences and is mainly about it.
            let leading = para.iter().map(|p| p.sentences).max().unwrap_or(0);
            for (tl, p) in tally.iter_mut().zip(&para) {
                tl.sentences += p.sentences;
                if p.sentences >= self.scoring.focus_sentences.max(1) && p.sentences >= leading {
                    tl.focus += 1;
                }
                let is_para = !matches!(block.kind, BlockKind::Heading(_));
                let better = tl
                    .best
                    .is_none_or(|(s, w, _, _)| (p.sentences, p.weight) > (s, w));
                if is_para && p.sentences > 0 && better {
                    tl.best = Some((p.sentences, p.weight, b, p.mask));
                }
            }
        }
        (0..n)
            .map(|t| self.score(t, &tally[t], total_sentences, blocks))
            .collect()
    }

    /// Reads one sentence for topic `t`; returns whether it counted.
    #[allow(clippy::too_many_arguments)]
    fn read_sentence(
        &self,
        sentence: &Sentence,
        t: usize,
        tally: &mut Tally,
        subject: &[bool],
        para: &mut InParagraph,
        index: usize,
        notes: &mut Option<&mut Vec<SentenceNote>>,
    ) -> bool {
        if !sentence.mentions(t) {
            return false;
        }
        let rule = &self.topics[t];
        let tie = match rule.anchor {
            None => Tie::Plain,
            Some(a) => sentence.tie(t, a, subject[a], tally.last_tied),
        };
        let counted = tie.counts();
        tally.last_tied = counted;
        if counted {
            for h in sentence.hits {
                if let Role::Term {
                    topic,
                    term,
                    weight,
                    support,
                } = h.role
                    && topic == t
                {
                    para.weight += weight;
                    tally.weight += weight;
                    tally.counts[term] += 1;
                    tally.strong |= !support;
                }
            }
            para.sentences += 1;
            if index < 64 {
                para.mask |= 1 << index;
            }
        } else {
            tally.set_aside += 1;
        }
        if let Some(notes) = notes {
            notes.push(self.note(sentence, t, tie));
        }
        counted
    }

    /// The explanation of one verdict.
    fn note(&self, sentence: &Sentence, t: usize, tie: Tie) -> SentenceNote {
        let rule = &self.topics[t];
        let anchor = rule.anchor.map_or("", |a| self.anchors[a].as_str());
        let party = sentence
            .hits
            .iter()
            .position(|h| matches!(h.role, Role::Term { topic, .. } if topic == t))
            .map_or("", |i| sentence.hit_text(i));
        let why = match tie {
            Tie::Plain => String::new(),
            Tie::Names => format!("names {anchor}"),
            Tie::ParagraphSubject => format!("in a paragraph about {anchor}"),
            Tie::Paired => format!("pairs the two sides right after a sentence tied to {anchor}"),
            Tie::Untied => format!("no tie to {anchor}"),
            Tie::OthersOnly(i) => format!(
                "{party} with {} only, no tie to {anchor}",
                sentence.hit_text(i)
            ),
            Tie::OtherSubject(i) => format!(
                "{} is the subject; {anchor} and {party} only as its counterparts",
                sentence.hit_text(i)
            ),
        };
        let end = sentence
            .text
            .get(sentence.start..)
            .and_then(|rest| split_sentences(rest).first().copied())
            .unwrap_or("");
        SentenceNote {
            topic: rule.slug.clone(),
            text: end.to_string(),
            counted: tie.counts(),
            why,
        }
    }

    /// The verdict for topic `t` from its totals.
    fn score(
        &self,
        t: usize,
        tally: &Tally,
        total_sentences: usize,
        blocks: &[Block],
    ) -> TopicScore {
        let rule = &self.topics[t];
        let share = if total_sentences == 0 {
            0.0
        } else {
            tally.sentences as f64 / total_sentences as f64
        };
        // A topic named (and tied) in the headline needs only half the share in the body.
        let share_needed = if tally.in_title {
            self.scoring.min_share / 2.0
        } else {
            self.scoring.min_share
        };
        // A tied headline is one of the sentences the share rule needs.
        let counted = tally.sentences + usize::from(tally.in_title);
        let by_share = share >= share_needed && counted >= self.scoring.min_sentences;
        let discussed = tally.focus > 0 || by_share;
        let mut terms: Vec<TermCount> = rule
            .terms
            .iter()
            .zip(&tally.counts)
            .filter(|(_, c)| **c > 0)
            .map(|(term, &count)| TermCount {
                term: term.clone(),
                count,
            })
            .collect();
        terms.sort_by(|a, b| b.count.cmp(&a.count).then(a.term.cmp(&b.term)));
        // The passage is made of sentences that counted, so it shows why the article is here.
        let passage = tally
            .best
            .and_then(|(_, _, b, mask)| blocks.get(b).map(|block| (block, mask)))
            .map(|(block, mask)| {
                let counted = split_sentences(&block.text)
                    .into_iter()
                    .enumerate()
                    .filter(move |(k, _)| *k < 64 && mask & (1 << k) != 0)
                    .map(|(_, s)| s);
                sentences::passage(counted)
            })
            .unwrap_or_default();
        TopicScore {
            slug: rule.slug.clone(),
            score: (tally.weight * 100.0).round() / 100.0,
            threshold: rule.threshold,
            sentences: tally.sentences,
            set_aside: tally.set_aside,
            total_sentences,
            focus_paragraphs: tally.focus,
            terms,
            passage,
            member: tally.weight >= rule.threshold && tally.strong && discussed,
        }
    }
}
#[cfg(test)]
mod tests {
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
        let (scores, notes) = index().explain("Lee meets Xi", &blocks);
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
}
