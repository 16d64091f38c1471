//! Per-article evidence for grouping, computed once per article and cacheable: weighted
//! terms (content words, bigrams of capitalised names, numbers) and a MinHash signature.
//!
//! Nothing here depends on the other articles, so a changed article is re-extracted alone
//! and the corpus-wide weights (IDF) are applied when pairs are scored.

use super::StoryInput;
use super::minhash::{self, Signature};
use crate::terms::{self, Token, TokenKind};

/// Body words read per article: a report's lead carries its event; the rest is
/// background that other reports of other events share too.
pub const MAX_WORDS: usize = 500;
/// Each title word counts as this many body words: the headline names the event.
const TITLE_REPEAT: f32 = 3.0;
/// Names and numbers identify an event better than ordinary words.
const ENTITY_BOOST: f32 = 1.5;
/// See [`ENTITY_BOOST`].
const NUMBER_BOOST: f32 = 1.5;

/// What a term is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TermKind {
    /// A content word (folded), or two adjacent Han/kana characters.
    Word,
    /// Two adjacent capitalised words: `lee jae`, `jae myung`, `national museum`.
    Entity,
    /// A number, alone or with the word after it: `350`, `350 billion`, `8:10`.
    Number,
}

/// One term of an article, before corpus weighting.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Term {
    /// Stable hash of kind and text.
    pub hash: u64,
    /// Sublinear count (1 + ln tf) times the kind's boost.
    pub weight: f32,
    /// What it is.
    pub kind: TermKind,
}

/// Everything grouping needs to know about one article.
#[derive(Debug, Clone, Default)]
pub struct Features {
    /// Terms sorted by hash, each once.
    pub(crate) terms: Vec<Term>,
    /// MinHash of the body's shingles; `None` for very short bodies. Boxed: the layer
    /// moves every article's features in and out of its cache on each `serve` rebuild.
    pub(crate) signature: Option<Box<Signature>>,
    /// LSH bucket keys of the signature's bands (empty without one): computed here so a
    /// cached article costs grouping a copy, not 170 hashes.
    pub(crate) bucket_keys: Vec<u64>,
    /// Words in the whole body: how complete the report is.
    pub(crate) words: u32,
    /// Days the title and lead name (see [`super::when`]).
    pub(crate) event_days: Vec<i64>,
}

impl Features {
    /// Words in the whole body.
    pub fn words(&self) -> u32 {
        self.words
    }
}

/// Receives every term occurrence; lets one walk over the text serve both the compact
/// features and the named terms an explanation lists.
trait Sink {
    /// One occurrence of the term made of `parts` joined by spaces.
    fn add(&mut self, kind: TermKind, parts: &[&str], count: f32);
    /// [`Sink::add`] of a one-word term whose [`terms::hash`] is known.
    fn add_hashed(&mut self, kind: TermKind, word: &str, hash: u64, count: f32) {
        let _ = hash;
        self.add(kind, &[word], count);
    }
}

/// Collects (hash, kind, count) occurrences.
struct Counter(Vec<(u64, TermKind, f32)>);

impl Sink for Counter {
    fn add(&mut self, kind: TermKind, parts: &[&str], count: f32) {
        self.0.push((parts_hash(kind, parts), kind, count));
    }
    fn add_hashed(&mut self, kind: TermKind, _word: &str, hash: u64, count: f32) {
        self.0.push((kind_hash(kind, hash), kind, count));
    }
}

/// Collects term texts by hash, for explanations.
struct Names(Vec<(u64, TermKind, String)>);

impl Sink for Names {
    fn add(&mut self, kind: TermKind, parts: &[&str], _count: f32) {
        self.0
            .push((parts_hash(kind, parts), kind, parts.join(" ")));
    }
}

/// Hash of a term, its kind included so that the word `seoul` and a number never meet.
#[cfg(test)]
pub(crate) fn term_hash(kind: TermKind, text: &str) -> u64 {
    parts_hash(kind, &[text])
}

/// [`term_hash`] of parts joined by spaces.
fn parts_hash(kind: TermKind, parts: &[&str]) -> u64 {
    kind_hash(kind, terms::hash_parts(parts))
}

/// A term's hash from its text's [`terms::hash_parts`] (for one word, [`terms::hash`]).
fn kind_hash(kind: TermKind, text_hash: u64) -> u64 {
    terms::mix(text_hash ^ (kind as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15))
}

/// Terms that say what a whole site is about (its topics' and anchor's names): they
/// are in nearly every report, so they cannot mark one event, however few reports a
/// small site has to weigh them with.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Subject {
    hashes: terms::FastSet<u64>,
}

impl Subject {
    /// The terms (words and two-word names) of each of `names`, as articles' terms are made.
    pub fn of<'a>(names: impl IntoIterator<Item = &'a str>) -> Subject {
        let mut counter = Counter(Vec::new());
        let mut scratch = Scratch::default();
        for name in names {
            units(name, 1.0, &mut counter, &mut scratch, None);
        }
        Subject {
            hashes: counter.0.into_iter().map(|(h, _, _)| h).collect(),
        }
    }

    fn holds(&self, hash: u64) -> bool {
        self.hashes.contains(&hash)
    }
}

/// Extracts an article's features.
pub fn extract(input: &StoryInput) -> Features {
    extract_about(input, &Subject::default())
}

/// Extracts an article's features, leaving out the site's `subject` terms.
pub fn extract_about(input: &StoryInput, subject: &Subject) -> Features {
    let mut counter = Counter(Vec::with_capacity(2 * MAX_WORDS));
    let mut words = Vec::with_capacity(MAX_WORDS + 64);
    walk(input, &mut counter, &mut words);
    let mut occurrences = counter.0;
    occurrences.retain(|(h, _, _)| !subject.holds(*h));
    occurrences.sort_unstable_by_key(|&(h, k, _)| (h, k));
    let mut terms: Vec<Term> = Vec::new();
    let mut counts: Vec<f32> = Vec::new();
    for (hash, kind, count) in occurrences {
        match terms.last() {
            Some(last) if last.hash == hash => *counts.last_mut().unwrap_or(&mut 0.0) += count,
            _ => {
                terms.push(Term {
                    hash,
                    weight: 0.0,
                    kind,
                });
                counts.push(count);
            }
        }
    }
    for (term, count) in terms.iter_mut().zip(counts) {
        let boost = match term.kind {
            TermKind::Word => 1.0,
            TermKind::Entity => ENTITY_BOOST,
            TermKind::Number => NUMBER_BOOST,
        };
        term.weight = (1.0 + count.ln()) * boost;
    }
    let body_words = input.words.unwrap_or_else(|| {
        let n: usize = input
            .paragraphs
            .iter()
            .map(|p| crate::text::words::count(p))
            .sum();
        u32::try_from(n).unwrap_or(u32::MAX)
    });
    let signature = minhash::signature(&minhash::shingles(&words));
    Features {
        terms,
        bucket_keys: signature
            .as_ref()
            .map(|s| super::copies::bucket_keys(&s.band_keys()))
            .unwrap_or_default(),
        signature: signature.map(Box::new),
        words: body_words,
        event_days: super::when::event_days(
            &input.title,
            input.paragraphs.first().map(String::as_str),
            input.date,
        ),
    }
}

/// Term texts of an article by hash, for explanations (same walk as [`extract`]).
pub(crate) fn named_terms(input: &StoryInput) -> Vec<(u64, TermKind, String)> {
    let mut names = Names(Vec::new());
    walk(input, &mut names, &mut Vec::new());
    names.0.sort_unstable_by_key(|a| (a.0, a.1));
    names.0.dedup_by_key(|n| n.0);
    names.0
}

/// Sorted shingle hashes of the article's body, for the exact Jaccard of a candidate pair.
pub(crate) fn shingle_set(input: &StoryInput) -> Vec<u64> {
    let mut words = Vec::new();
    walk(input, &mut Names(Vec::new()), &mut words);
    minhash::shingles(&words)
}

/// Buffers reused across the paragraphs of one article.
#[derive(Default)]
struct Scratch {
    folded: String,
    spans: Vec<(usize, usize)>,
    word: String,
    /// [`terms::hash`] of each folded token.
    hashes: Vec<u64>,
    /// Whether each folded token is a function word.
    stop: Vec<bool>,
}

/// Walks the title and the first [`MAX_WORDS`] body words, reporting terms to `sink` and
/// pushing the hash of every body word (function words included) to `words`.
fn walk(input: &StoryInput, sink: &mut impl Sink, words: &mut Vec<u64>) {
    let mut scratch = Scratch::default();
    units(&input.title, TITLE_REPEAT, sink, &mut scratch, None);
    for (p, paragraph) in input.paragraphs.iter().enumerate() {
        if words.len() >= MAX_WORDS {
            break;
        }
        units(
            paragraph,
            position_weight(p),
            sink,
            &mut scratch,
            Some(words),
        );
    }
}

/// Weight of the words of paragraph `p`: reports put the event (who, what, where, when)
/// first and background later, and background is what reports of different events
/// with the same people share. Decays from 1.5 for the lead to a floor of 0.5.
fn position_weight(p: usize) -> f32 {
    (1.5 * 0.75f32.powi(p as i32)).max(0.5)
}

/// Reports the terms of one title or paragraph.
fn units(
    text: &str,
    count: f32,
    sink: &mut impl Sink,
    s: &mut Scratch,
    mut words: Option<&mut Vec<u64>>,
) {
    let tokens = terms::tokens(text);
    s.folded.clear();
    s.spans.clear();
    s.hashes.clear();
    s.stop.clear();
    for t in &tokens {
        terms::fold_into(t.text, &mut s.word);
        let start = s.folded.len();
        s.folded.push_str(&s.word);
        s.spans.push((start, s.folded.len()));
        // Each word is hashed and looked up once, however many terms it is part of.
        s.hashes.push(terms::hash(s.word.as_bytes()));
        s.stop.push(terms::is_stopword(&s.word));
    }
    let folded = |i: usize| &s.folded[s.spans[i].0..s.spans[i].1];
    for (i, t) in tokens.iter().enumerate() {
        let f = folded(i);
        if let Some(w) = words.as_deref_mut() {
            w.push(s.hashes[i]);
        }
        match t.kind {
            TokenKind::Word => word_terms(f, s.hashes[i], s.stop[i], count, sink),
            TokenKind::Number => {
                let n = terms::fold_number(t.text);
                sink.add(TermKind::Number, &[&n], count);
                if let Some(unit) = unit_after(text, &tokens, i, |j| folded(j)) {
                    sink.add(TermKind::Number, &[&n, unit], count);
                }
            }
            TokenKind::Unspaced => {
                if let Some(next) = tokens
                    .get(i + 1)
                    .filter(|n| n.kind == TokenKind::Unspaced && adjacent(text, t, n, true))
                {
                    let pair = &text[t.start..next.end()];
                    sink.add(TermKind::Word, &[pair], count);
                }
            }
        }
        // Two adjacent capitalised words, neither a function word: part of a name.
        if let Some(next) = tokens.get(i + 1) {
            let g = folded(i + 1);
            if !s.stop[i]
                && !s.stop[i + 1]
                && t.is_capitalised()
                && next.is_capitalised()
                && adjacent(text, t, next, false)
            {
                sink.add(TermKind::Entity, &[f, g], count);
            }
        }
    }
}

/// A content word, and the parts of a hyphenated one (`nuclear-powered` also counts as
/// `nuclear` and `powered`, so it meets "nuclear powered").
fn word_terms(folded: &str, hash: u64, stop: bool, count: f32, sink: &mut impl Sink) {
    let long_enough = folded.chars().nth(1).is_some();
    if long_enough && !stop {
        sink.add_hashed(TermKind::Word, folded, hash, count);
    }
    if folded.contains('-') {
        for part in folded.split('-').filter(|p| p.chars().nth(2).is_some()) {
            if !terms::is_stopword(part) {
                sink.add(TermKind::Word, &[part], count);
            }
        }
    }
}

/// The unit after a number: `%` directly after it, or the next word when only spaces
/// separate them (`350 billion`, `700 kilometers`).
fn unit_after<'a>(
    text: &str,
    tokens: &[Token<'_>],
    i: usize,
    folded: impl Fn(usize) -> &'a str,
) -> Option<&'a str> {
    let t = tokens[i];
    if text[t.end()..].starts_with('%') {
        return Some("percent");
    }
    let next = tokens.get(i + 1)?;
    let word = folded(i + 1);
    (next.kind == TokenKind::Word && adjacent(text, &t, next, false) && !terms::is_stopword(word))
        .then_some(word)
}

/// Only spaces (or, for `touching`, nothing at all) between two tokens.
fn adjacent(text: &str, a: &Token<'_>, b: &Token<'_>, touching: bool) -> bool {
    let gap = &text[a.end()..b.start];
    if touching {
        gap.is_empty()
    } else {
        !gap.is_empty() && gap.chars().all(|c| c == ' ' || c == '\u{a0}')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(title: &str, body: &[&str]) -> StoryInput {
        StoryInput {
            key: "k".into(),
            title: title.into(),
            paragraphs: body.iter().map(|s| s.to_string()).collect(),
            ..StoryInput::default()
        }
    }

    fn named(i: &StoryInput, kind: TermKind) -> Vec<String> {
        let mut v: Vec<String> = named_terms(i)
            .into_iter()
            .filter(|n| n.1 == kind)
            .map(|n| n.2)
            .collect();
        v.sort();
        v
    }

    #[test]
    fn names_numbers_and_words_are_found() {
        let i = input(
            "Lee meets Xi",
            &[
                "President Lee Jae Myung met Xi Jinping in Gyeongju. The swap is worth 70 trillion won, up 5%.",
            ],
        );
        assert_eq!(
            named(&i, TermKind::Entity),
            vec!["jae myung", "lee jae", "president lee", "xi jinping"]
        );
        assert_eq!(
            named(&i, TermKind::Number),
            vec!["5", "5 percent", "70", "70 trillion"]
        );
        let words = named(&i, TermKind::Word);
        assert!(words.contains(&"gyeongju".to_string()), "{words:?}");
        assert!(!words.contains(&"the".to_string()));
        // "The swap": a sentence-initial function word does not start a name.
        assert!(
            !named(&i, TermKind::Entity)
                .iter()
                .any(|e| e.starts_with("the"))
        );
    }

    #[test]
    fn punctuation_breaks_names_and_han_gives_bigrams() {
        let i = input("", &["In Seoul, Officials met. 习近平会见"]);
        assert!(
            named(&i, TermKind::Entity).is_empty(),
            "{:?}",
            named(&i, TermKind::Entity)
        );
        let words = named(&i, TermKind::Word);
        assert!(words.contains(&"习近".to_string()) && words.contains(&"近平".to_string()));
    }

    #[test]
    fn title_words_weigh_more_and_counts_are_sublinear() {
        let f = extract(&input("Gyeongju", &["Gyeongju Gyeongju busan"]));
        let w = |t: &str| {
            let h = term_hash(TermKind::Word, t);
            f.terms
                .iter()
                .find(|x| x.hash == h)
                .map(|x| x.weight)
                .unwrap()
        };
        // The lead paragraph counts 1.5 per word, the title 3.
        assert!((w("busan") - (1.0 + 1.5f32.ln())).abs() < 1e-6);
        assert!((w("gyeongju") - (1.0 + 6.0f32.ln())).abs() < 1e-6);
        assert_eq!(f.words, 3);
        assert!(f.signature.is_none(), "three words make no signature");
    }
}
