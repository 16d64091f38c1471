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
mod membership;
mod passage;
mod ties;

use crate::clean::{Block, BlockKind};
use crate::config::{ScoringConfig, SiteConfig};
use crate::text::sentences::split_sentences;
use matcher::{Hit, Matcher, Pattern, Role, phrase_pattern, term_patterns};
use membership::{InParagraph, Tally, verdict};
use ties::{Sentence, Subject, Tie};

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
pub(super) struct TopicRule {
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
            end: title.len(),
            hits: &hits,
        };
        // The title counts towards the weight, but is not a sentence of the body.
        for (t, tl) in tally.iter_mut().enumerate() {
            let mut unused = InParagraph::default();
            let set_aside = tl.set_aside;
            tl.in_title =
                self.read_sentence(&heading, t, tl, &no_subject, &mut unused, 0, &mut notes);
            tl.set_aside = set_aside;
            // A headline naming only the anchor and the topic's party says what the
            // article is about, as an opening subject does for a paragraph.
            tl.headline = tl.in_title
                && self.topics[t]
                    .anchor
                    .is_some_and(|a| !heading.names_other(t, a));
        }
        let mut total_sentences = 0;
        let mut subject = no_subject.clone();
        let mut para = vec![InParagraph::default(); n];
        // Whether the previous sentence of the paragraph counted, per topic.
        let mut previous = vec![false; n];
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
            previous.iter_mut().for_each(|p| *p = false);
            let mut lo = 0;
            for (k, &start) in starts.iter().enumerate() {
                let end = starts.get(k + 1).copied().unwrap_or(text.len());
                let hi = lo + hits[lo..].partition_point(|h| h.at < end);
                let sentence = Sentence {
                    text,
                    start,
                    end,
                    hits: &hits[lo..hi],
                };
                lo = hi;
                if k == 0 {
                    for (a, s) in subject.iter_mut().enumerate() {
                        *s = sentence.opens_with_anchor(a);
                    }
                }
                let back = k > 0 && previous.contains(&true) && sentence.refers_back();
                if sentence.hits.is_empty() && !back {
                    previous.iter_mut().for_each(|p| *p = false);
                    continue;
                }
                for (t, tl) in tally.iter_mut().enumerate() {
                    previous[t] = if sentence.mentions(t) {
                        self.read_sentence(&sentence, t, tl, &subject, &mut para[t], k, &mut notes)
                    } else if back && previous[t] && self.continues(&sentence, t) {
                        // "… meet Kim Jong Un. Lee offered to arrange such a meeting."
                        para[t].count(k);
                        if let Some(notes) = notes.as_deref_mut() {
                            notes.push(self.continuation_note(&sentence, t));
                        }
                        true
                    } else {
                        false
                    };
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
            .map(|t| {
                verdict(
                    &self.topics[t],
                    &self.scoring,
                    &tally[t],
                    total_sentences,
                    blocks,
                )
            })
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
            Some(a) => {
                let subject = Subject {
                    paragraph: subject[a],
                    headline: tally.headline,
                };
                sentence.tie(t, a, subject, tally.last_tied)
            }
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
            para.count(index);
        } else {
            tally.set_aside += 1;
        }
        if let Some(notes) = notes {
            notes.push(self.note(sentence, t, tie));
        }
        counted
    }

    /// Whether a sentence that refers back may continue topic `t`: for an anchored topic,
    /// only when it names no other party.
    fn continues(&self, sentence: &Sentence, t: usize) -> bool {
        self.topics[t]
            .anchor
            .is_none_or(|a| !sentence.names_other(t, a))
    }

    /// The explanation of a sentence counted because it refers back to a counted one.
    fn continuation_note(&self, sentence: &Sentence, t: usize) -> SentenceNote {
        SentenceNote {
            topic: self.topics[t].slug.clone(),
            text: sentence.own_text().to_string(),
            counted: true,
            why: "refers back to the sentence before".into(),
        }
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
            Tie::Headline => format!("in an article whose headline ties it to {anchor}"),
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
        SentenceNote {
            topic: rule.slug.clone(),
            text: sentence.own_text().to_string(),
            counted: tie.counts(),
            why,
        }
    }
}

#[cfg(test)]
mod tests;
