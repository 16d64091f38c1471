//! Stage 4: decide which topics an article belongs to, and say why.
//!
//! Terms from `site.toml` are matched in one pass (Aho-Corasick) over each sentence of
//! the cleaned body. An article joins a topic when the matched weight reaches the
//! threshold and the topic is discussed, not just mentioned: either one paragraph is
//! mainly about it and mentions it in several sentences (a focus paragraph), or a large
//! share of all sentences do (half that share when the headline names the topic). A lone passing sentence therefore never makes a member.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::clean::{Block, BlockKind};
use crate::config::{ScoringConfig, SiteConfig, TermSpec};

/// Word endings accepted after a term, so `America` also finds `Americans`.
const SUFFIXES: &[&str] = &["s", "n", "ns", "es"];
/// Longest passage shown as the reason for membership, in characters.
const PASSAGE_CHARS: usize = 320;

/// Compiled matcher for every topic of a site.
#[derive(Debug, Clone)]
pub struct TopicIndex {
    automaton: Option<AhoCorasick>,
    patterns: Vec<PatternMeta>,
    topics: Vec<TopicRule>,
    scoring: ScoringConfig,
}

#[derive(Debug, Clone)]
struct PatternMeta {
    topic: usize,
    term: usize,
    weight: f64,
    exact: bool,
    text: String,
}

#[derive(Debug, Clone)]
struct TopicRule {
    slug: String,
    terms: Vec<String>,
    threshold: f64,
}

/// How often one term matched.
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
    /// Sum of matched term weights.
    pub score: f64,
    /// Weight needed to join.
    pub threshold: f64,
    /// Sentences that mention the topic.
    pub sentences: usize,
    /// Sentences in the article.
    pub total_sentences: usize,
    /// Paragraphs mentioning the topic in several sentences.
    pub focus_paragraphs: usize,
    /// Matched terms, most frequent first.
    pub terms: Vec<TermCount>,
    /// The most relevant passage (empty when nothing matched).
    pub passage: String,
    /// Whether the article belongs to the topic.
    pub member: bool,
}

impl TopicIndex {
    /// Compiles the terms of every topic in the configuration.
    pub fn new(config: &SiteConfig) -> Self {
        let mut patterns = Vec::new();
        let mut topics = Vec::new();
        for (t, topic) in config.topics.iter().enumerate() {
            let mut names = Vec::new();
            for spec in &topic.terms {
                let (term, weight, aliases, exact) = match spec {
                    TermSpec::Plain(s) => (s.as_str(), 1.0, &[][..], None),
                    TermSpec::Detailed {
                        term,
                        weight,
                        aliases,
                        exact_case,
                    } => (term.as_str(), *weight, aliases.as_slice(), *exact_case),
                };
                let term_idx = names.len();
                names.push(term.to_string());
                for text in std::iter::once(term).chain(aliases.iter().map(String::as_str)) {
                    let text = text.trim();
                    if text.is_empty() {
                        continue;
                    }
                    patterns.push(PatternMeta {
                        topic: t,
                        term: term_idx,
                        weight,
                        exact: exact.unwrap_or_else(|| is_acronym(text)),
                        text: text.to_string(),
                    });
                }
            }
            topics.push(TopicRule {
                slug: topic.slug.clone(),
                terms: names,
                threshold: topic.threshold.unwrap_or(config.scoring.threshold),
            });
        }
        let automaton = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            // A full DFA: built once per site, then the fastest search per paragraph.
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(patterns.iter().map(|p| p.text.as_str()))
            .ok();
        TopicIndex {
            automaton,
            patterns,
            topics,
            scoring: config.scoring.clone(),
        }
    }

    /// Scores an article's title and body against every topic.
    pub fn assess(&self, title: &str, blocks: &[Block]) -> Vec<TopicScore> {
        let n = self.topics.len();
        let mut weight = vec![0.0; n];
        let mut sentences = vec![0usize; n];
        let mut focus = vec![0usize; n];
        let mut counts: Vec<Vec<usize>> =
            self.topics.iter().map(|t| vec![0; t.terms.len()]).collect();
        let mut best: Vec<(usize, f64, Option<&str>)> = vec![(0, 0.0, None); n];
        let mut total_sentences = 0;

        // The title counts towards the weight but is not a sentence of the body.
        let mut in_title = vec![false; n];
        for (topic, term, w) in self.matches(title) {
            weight[topic] += w;
            counts[topic][term] += 1;
            in_title[topic] = true;
        }
        let mut para_sentences = vec![0usize; n];
        let mut para_weight = vec![0.0; n];
        for block in blocks {
            para_sentences.iter_mut().for_each(|c| *c = 0);
            para_weight.iter_mut().for_each(|w| *w = 0.0);
            // One search over the whole paragraph; each match is then placed in its sentence.
            let text = block.text.as_str();
            let starts: Vec<usize> = split_sentences(text)
                .iter()
                .map(|s| s.as_ptr() as usize - text.as_ptr() as usize)
                .collect();
            total_sentences += starts.len();
            // Topics seen per sentence, as sorted (sentence, topic) pairs.
            let mut seen: Vec<(usize, usize)> = Vec::new();
            for (at, topic, term, w) in self.matches_at(text) {
                para_weight[topic] += w;
                counts[topic][term] += 1;
                let sentence = starts.partition_point(|&s| s <= at).saturating_sub(1);
                seen.push((sentence, topic));
            }
            seen.sort_unstable();
            seen.dedup();
            for (_, topic) in seen {
                para_sentences[topic] += 1;
            }
            // A focus paragraph mentions the topic in several sentences and is mainly about it.
            let leading = para_sentences.iter().copied().max().unwrap_or(0);
            for t in 0..n {
                weight[t] += para_weight[t];
                sentences[t] += para_sentences[t];
                if para_sentences[t] >= self.scoring.focus_sentences.max(1)
                    && para_sentences[t] >= leading
                {
                    focus[t] += 1;
                }
                let rank = (para_sentences[t], para_weight[t]);
                let is_para = !matches!(block.kind, BlockKind::Heading(_));
                if is_para && rank.0 > 0 && (rank.0, rank.1) > (best[t].0, best[t].1) {
                    best[t] = (rank.0, rank.1, Some(block.text.as_str()));
                }
            }
        }
        (0..n)
            .map(|t| {
                let rule = &self.topics[t];
                let share = if total_sentences == 0 {
                    0.0
                } else {
                    sentences[t] as f64 / total_sentences as f64
                };
                // A topic named in the headline needs only half the share in the body.
                let share_needed = if in_title[t] {
                    self.scoring.min_share / 2.0
                } else {
                    self.scoring.min_share
                };
                let discussed = focus[t] > 0 || share >= share_needed;
                let mut terms: Vec<TermCount> = rule
                    .terms
                    .iter()
                    .zip(&counts[t])
                    .filter(|(_, c)| **c > 0)
                    .map(|(term, &count)| TermCount {
                        term: term.clone(),
                        count,
                    })
                    .collect();
                terms.sort_by(|a, b| b.count.cmp(&a.count).then(a.term.cmp(&b.term)));
                TopicScore {
                    slug: rule.slug.clone(),
                    score: (weight[t] * 100.0).round() / 100.0,
                    threshold: rule.threshold,
                    sentences: sentences[t],
                    total_sentences,
                    focus_paragraphs: focus[t],
                    terms,
                    passage: best[t].2.map(excerpt).unwrap_or_default(),
                    member: weight[t] >= rule.threshold && discussed,
                }
            })
            .collect()
    }

    /// Every accepted match in `text`: (topic, term, weight).
    fn matches<'a>(&'a self, text: &'a str) -> impl Iterator<Item = (usize, usize, f64)> + 'a {
        self.matches_at(text)
            .map(|(_, topic, term, w)| (topic, term, w))
    }

    /// Every accepted match in `text` with its byte offset: (offset, topic, term, weight).
    fn matches_at<'a>(
        &'a self,
        text: &'a str,
    ) -> impl Iterator<Item = (usize, usize, usize, f64)> + 'a {
        self.automaton
            .iter()
            .flat_map(move |ac| ac.find_iter(text))
            .filter_map(move |m| {
                let meta = &self.patterns[m.pattern().as_usize()];
                let found = &text[m.start()..m.end()];
                if meta.exact && found != meta.text {
                    return None;
                }
                whole_word(text, m.start(), m.end()).then_some((
                    m.start(),
                    meta.topic,
                    meta.term,
                    meta.weight,
                ))
            })
    }
}

/// All-capital terms such as `US` or `U.S.` are matched case-sensitively, so "us" is not the US.
fn is_acronym(term: &str) -> bool {
    let upper = term.chars().filter(|c| c.is_uppercase()).count();
    upper >= 2 && !term.chars().any(char::is_lowercase)
}

/// The match must not sit inside a longer word (a plural or demonym suffix is allowed).
/// CJK terms are exempt: Korean particles and unspaced Chinese and Japanese attach directly.
fn whole_word(text: &str, start: usize, end: usize) -> bool {
    if text[start..end].chars().any(crate::clean::features::is_cjk) {
        return true;
    }
    let before_ok = text[..start]
        .chars()
        .next_back()
        .is_none_or(|c| !c.is_alphanumeric())
        || !text[start..].starts_with(char::is_alphanumeric);
    if !before_ok {
        return false;
    }
    if !text[..end].ends_with(char::is_alphanumeric) {
        return true;
    }
    let rest = &text[end..];
    let word_len = rest
        .find(|c: char| !c.is_alphanumeric())
        .unwrap_or(rest.len());
    word_len == 0 || SUFFIXES.contains(&&rest[..word_len])
}

/// Splits a paragraph into sentences, without breaking at `U.S.` or `Mr.`.
pub fn split_sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, stop) in sentence_stops(text) {
        if i < start {
            continue;
        }
        // Skip closing quotes or brackets that belong to the sentence.
        let after = &text[i + stop.len()..];
        let closing = after
            .find(|c| !matches!(c, '"' | '”' | '’' | '\'' | ')' | '」'))
            .unwrap_or(after.len());
        let end = i + stop.len() + closing;
        let cjk_stop = matches!(stop, "。" | "！" | "？");
        let next_is_space = text[end..].chars().next().is_some_and(char::is_whitespace);
        if !(cjk_stop || next_is_space || end == text.len()) {
            continue;
        }
        if stop == "." && is_abbreviation(&text[start..i]) {
            continue;
        }
        let sentence = text[start..end].trim();
        if !sentence.is_empty() {
            out.push(sentence);
        }
        start = end;
    }
    let rest = text[start..].trim();
    if !rest.is_empty() {
        out.push(rest);
    }
    out
}

/// Byte offset and text of every `.`, `!`, `?`, `。`, `！` and `？`: a byte scan, since a
/// search for a set of chars decodes every character of every paragraph.
fn sentence_stops(text: &str) -> impl Iterator<Item = (usize, &'static str)> + '_ {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().filter_map(move |(i, &b)| {
        let stop = match b {
            b'.' => ".",
            b'!' => "!",
            b'?' => "?",
            // Lead bytes of the CJK stops: check the whole character.
            0xE3 | 0xEF => ["。", "！", "？"]
                .into_iter()
                .find(|s| bytes[i..].starts_with(s.as_bytes()))?,
            _ => return None,
        };
        Some((i, stop))
    })
}

fn is_abbreviation(before: &str) -> bool {
    let word = before.rsplit(char::is_whitespace).next().unwrap_or("");
    let word = word.trim_start_matches(|c: char| !c.is_alphanumeric());
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    // "U.S", "Mr", "Sept", "Jan", single initials; a sentence rarely ends in one.
    word.contains('.')
        || (letters <= 2 && word.chars().next().is_some_and(char::is_uppercase))
        || matches!(
            word,
            "Sept" | "Gen" | "Gov" | "Sen" | "Rep" | "Prof" | "Corp" | "Inc" | "Ltd" | "vs" | "etc"
        )
}

/// Cuts a passage at a sentence (or word) boundary near `PASSAGE_CHARS`.
fn excerpt(text: &str) -> String {
    if text.chars().count() <= PASSAGE_CHARS {
        return text.to_string();
    }
    let mut out = String::new();
    for sentence in split_sentences(text) {
        if !out.is_empty() && out.chars().count() + sentence.chars().count() > PASSAGE_CHARS {
            return out;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(sentence);
    }
    if out.chars().count() > PASSAGE_CHARS {
        let cut: String = out.chars().take(PASSAGE_CHARS).collect();
        let at = cut.rfind(' ').unwrap_or(cut.len());
        return format!("{}…", &cut[..at]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn config() -> SiteConfig {
        SiteConfig::parse(
            r#"
title = "t"
[[topics]]
slug = "us"
name = "US"
terms = [{ term = "United States", weight = 2, aliases = ["U.S.", "US", "America"] }, { term = "Washington", weight = 2 }, "alliance"]
[[topics]]
slug = "nk"
name = "NK"
terms = [{ term = "North Korea", weight = 2, aliases = ["North Korean"] }, { term = "Pyongyang", weight = 2 }, { term = "the North", exact_case = true }]
"#,
            Path::new("site.toml"),
        )
        .unwrap()
    }

    fn para(text: &str) -> Block {
        Block {
            kind: BlockKind::Paragraph,
            text: text.into(),
        }
    }

    #[test]
    fn sentences_do_not_break_at_abbreviations() {
        let s = split_sentences(
            "U.S. President Trump met Lee. “It went well,” he said. Then Mr. Kim left!",
        );
        assert_eq!(
            s,
            vec![
                "U.S. President Trump met Lee.",
                "“It went well,” he said.",
                "Then Mr. Kim left!"
            ]
        );
    }

    #[test]
    fn sentences_end_at_cjk_stops() {
        // Full-width stops need no space after them; other characters sharing their
        // lead bytes (「」, ｜) are not stops.
        let s = split_sentences("李在明总统会见了习近平。两国同意合作！「会谈」顺利吗？是的｜完");
        assert_eq!(
            s,
            vec![
                "李在明总统会见了习近平。",
                "两国同意合作！",
                "「会谈」顺利吗？",
                "是的｜完"
            ]
        );
    }

    #[test]
    fn acronyms_are_case_sensitive_and_words_whole() {
        let idx = TopicIndex::new(&config());
        let hits: Vec<_> = idx
            .matches("Let us talk about USB and Americans in the US.")
            .collect();
        assert_eq!(hits.len(), 2, "{hits:?}");
        assert_eq!(idx.matches("the north of the country").count(), 0);
        assert_eq!(idx.matches("talks with the North stalled").count(), 1);
    }

    #[test]
    fn passing_mention_is_not_membership() {
        let idx = TopicIndex::new(&config());
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
        let scores = idx.assess("North Korea fires missile", &blocks);
        let nk = scores.iter().find(|s| s.slug == "nk").unwrap();
        let us = scores.iter().find(|s| s.slug == "us").unwrap();
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
    fn cjk_terms_match_inside_words() {
        let cfg = SiteConfig::parse(
            "title = \"t\"\n[[topics]]\nslug = \"nk\"\nname = \"NK\"\nterms = [\"북한\"]\n",
            Path::new("site.toml"),
        )
        .unwrap();
        let idx = TopicIndex::new(&cfg);
        assert_eq!(idx.matches("북한의 미사일 발사").count(), 1);
    }

    #[test]
    fn focused_short_article_joins() {
        let idx = TopicIndex::new(&config());
        let blocks = vec![para(
            "Washington and Seoul renewed their alliance. The United States will keep troops in Korea.",
        )];
        assert!(idx.assess("Allies agree", &blocks)[0].member);
    }
}
