//! Multilingual lexicons of boilerplate phrases (en, de, fr, es, sv, ko, ja, zh).
//!
//! A phrase alone never condemns a long paragraph: each pattern has a scope saying how
//! long a block may be and still be judged by it, so a news paragraph that mentions
//! "cookies" or "comments" is safe.

use std::cell::RefCell;
use std::sync::LazyLock;

use regex_automata::util::syntax;
use regex_automata::{Input, MatchError, MatchKind, PatternSet, hybrid, nfa::thompson};
use regex_syntax::hir::Hir;

use phrase::PhraseRegex;

mod phrase;

/// The kind of boilerplate a phrase signals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    /// Cookie and consent banners.
    Consent,
    /// Newsletter, subscription and app prompts.
    Newsletter,
    /// Share rows and follow-our-channel lines.
    Social,
    /// Comment forms and comment policies.
    Comments,
    /// Advertisement markers.
    Advertising,
    /// Headers of related / recommended / more-stories blocks.
    Related,
    /// Copyright lines.
    Copyright,
    /// Bylines and timestamps.
    Byline,
    /// Photo captions' credits and image sources.
    Credit,
    /// Site navigation and widget labels.
    Navigation,
}

impl Category {
    /// Short lowercase name used in explanations.
    pub fn name(self) -> &'static str {
        match self {
            Category::Consent => "cookie/consent banner",
            Category::Newsletter => "newsletter/subscribe prompt",
            Category::Social => "share/follow prompt",
            Category::Comments => "comment form/policy",
            Category::Advertising => "advertisement marker",
            Category::Related => "related-stories block",
            Category::Copyright => "copyright line",
            Category::Byline => "byline/timestamp",
            Category::Credit => "image credit",
            Category::Navigation => "navigation/widget label",
        }
    }
}

/// How long a block may be for a pattern to judge it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Scope {
    /// The pattern must cover the whole block (it is anchored).
    Whole,
    /// Blocks of up to `SHORT_WORDS` words.
    Short,
    /// Blocks of up to `SHORT_WORDS` words that do not read as a sentence: for common
    /// words ("cookies", "share the", "teilen", "댓글") that prose uses as well.
    Label,
    /// Blocks of up to `LONG_WORDS` words: the phrase is specific enough.
    Long,
}

/// Word count up to which `Scope::Short` patterns apply.
const SHORT_WORDS: usize = 25;
/// Word count up to which `Scope::Long` patterns apply.
const LONG_WORDS: usize = 100;

/// What `\W` means in the phrase lists: whitespace, ASCII and Latin-1 punctuation and
/// symbols (`«»·×`), general and supplemental punctuation, arrows, shapes, dingbats, CJK
/// punctuation and the katakana middle dot, vertical, small and fullwidth punctuation,
/// emoji and their variation selectors.
/// Spelled out rather than `\W` (the complement of every letter and digit of Unicode),
/// which made the automata three times larger and start-up milliseconds slower; written
/// case-sensitive because folding a class costs time and these ranges have nothing to fold.
const SEPARATOR: &str = concat!(
    r"(?-i:[\s!-/:-@\[-`{-~\x{A0}-\x{BF}\x{D7}\x{F7}\x{2000}-\x{2BFF}\x{2E00}-\x{2E7F}",
    r"\x{3000}-\x{303F}\x{30FB}\x{FE00}-\x{FE6F}\x{FEFF}\x{FF01}-\x{FF0F}\x{FF1A}-\x{FF20}",
    r"\x{FF3B}-\x{FF40}\x{FF5B}-\x{FF65}\x{1F000}-\x{1FAFF}])"
);

pub(super) struct Pattern {
    category: Category,
    scope: Scope,
    /// Parsed once: the set below and the pattern's own regex are built from it.
    hir: Hir,
    /// Built on first use, to find the phrase a set match stands for. Whole-line
    /// patterns never need it, and most others never match on a given site.
    regex: PhraseRegex,
}

impl Pattern {
    /// The leftmost-first match in `text` of this pattern, number `id` of [`PATTERNS`].
    fn find(&self, id: usize, text: &str) -> Option<regex_automata::Match> {
        self.regex.find(&self.hir, id, text)
    }

    /// The phrase of `text` this pattern matches, if any.
    fn phrase<'t>(&self, id: usize, text: &'t str) -> Option<&'t str> {
        match self.scope {
            // Anchored at both ends: a match is the whole line.
            Scope::Whole => Some(text),
            _ => self.find(id, text).map(|m| &text[m.range()]),
        }
    }

    /// Whether this pattern may judge a block of `words` words (`sentence`: it reads
    /// as a sentence of prose).
    fn applies_to(&self, words: usize, sentence: bool) -> bool {
        match self.scope {
            Scope::Whole | Scope::Short => words <= SHORT_WORDS,
            Scope::Label => words <= SHORT_WORDS && !sentence,
            Scope::Long => words <= LONG_WORDS,
        }
    }
}

/// What a lexicon match found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexiconHit {
    /// Kind of boilerplate.
    pub category: Category,
    /// The phrase that matched.
    pub phrase: String,
}

pub(super) fn pattern(category: Category, scope: Scope, alternatives: &[&str]) -> Pattern {
    // ASCII word boundaries keep the regex on its fast DFA engines (a Unicode `\b` forces
    // the slow ones on non-ASCII text). So a `\b` must sit next to an ASCII letter: the
    // phrase lists end non-ASCII phrases with `(?:\W|$)` (tested below).
    let body = alternatives
        .join("|")
        .replace(r"\b", r"(?-u:\b)")
        .replace(r"\W", SEPARATOR);
    let source = match scope {
        // A whole line made of one or more of the phrases: "Accept  Settings  Reject".
        Scope::Whole => format!(r"(?i)^{SEPARATOR}*(?:(?:{body}){SEPARATOR}*)+$"),
        _ => format!(r"(?i)(?:{body})"),
    };
    // The patterns are literals of this crate; a typo is caught by the unit tests.
    let hir = syntax::parse(&source).unwrap_or_else(|e| panic!("bad lexicon pattern: {e}"));
    Pattern {
        category,
        scope,
        hir,
        regex: PhraseRegex::default(),
    }
}

static PATTERNS: LazyLock<Vec<Pattern>> = LazyLock::new(super::phrases::all);

/// Patterns in one forward lazy DFA: most lines match none, and one scan tells.
/// Only the forward automaton is built (a `RegexSet` also compiles a reverse one it
/// never uses here); matches are reported for every pattern (`MatchKind::All`).
struct PatternAutomaton {
    dfa: hybrid::dfa::DFA,
    /// Index into [`PATTERNS`] of each of the automaton's patterns.
    ids: Vec<usize>,
}

impl PatternAutomaton {
    /// The automaton of the patterns that may judge a block of more than `words` words.
    fn longer_than(words: usize) -> PatternAutomaton {
        let ids: Vec<usize> = (0..PATTERNS.len())
            .filter(|&i| PATTERNS[i].applies_to(words + 1, false))
            .collect();
        let hirs: Vec<&Hir> = ids.iter().map(|&i| &PATTERNS[i].hir).collect();
        let nfa = thompson::Compiler::new()
            .configure(
                thompson::Config::new()
                    .which_captures(thompson::WhichCaptures::None)
                    .nfa_size_limit(Some(64 << 20)),
            )
            .build_many_from_hir(&hirs)
            .unwrap_or_else(|e| panic!("bad lexicon pattern set: {e}"));
        let dfa = hybrid::dfa::DFA::builder()
            .configure(
                hybrid::dfa::Config::new()
                    .match_kind(MatchKind::All)
                    .cache_capacity(16 << 20)
                    // Never give up for a slow line: falling back would cost more.
                    .minimum_cache_clear_count(None),
            )
            .build_from_nfa(nfa)
            .unwrap_or_else(|e| panic!("bad lexicon pattern set: {e}"));
        PatternAutomaton { dfa, ids }
    }

    /// The patterns (indices into [`PATTERNS`]) matching somewhere in `text`.
    fn matching(&self, cache: &mut hybrid::dfa::Cache, text: &str) -> Option<Vec<usize>> {
        self.scan(cache, text).unwrap_or_else(|_| {
            // The DFA has no quit bytes and never gives up, so this is not expected; the
            // patterns' own regexes give the same answer, only slower.
            let found: Vec<usize> = self
                .ids
                .iter()
                .copied()
                .filter(|&i| PATTERNS[i].find(i, text).is_some())
                .collect();
            (!found.is_empty()).then_some(found)
        })
    }

    /// One scan tells whether anything matches; only then are the matching patterns listed.
    fn scan(
        &self,
        cache: &mut hybrid::dfa::Cache,
        text: &str,
    ) -> Result<Option<Vec<usize>>, MatchError> {
        let found = self
            .dfa
            .try_search_fwd(cache, &Input::new(text).earliest(true))?;
        if found.is_none() {
            return Ok(None);
        }
        let mut set = PatternSet::new(self.dfa.pattern_len());
        self.dfa
            .try_which_overlapping_matches(cache, &Input::new(text), &mut set)?;
        Ok(Some(set.iter().map(|id| self.ids[id.as_usize()]).collect()))
    }
}

/// Every pattern, for blocks short enough for all of them.
static ANY: LazyLock<PatternAutomaton> = LazyLock::new(|| PatternAutomaton::longer_than(0));
/// The patterns that judge blocks longer than `SHORT_WORDS`: most of a body's
/// paragraphs are, and this smaller automaton scans them faster.
static LONG: LazyLock<PatternAutomaton> =
    LazyLock::new(|| PatternAutomaton::longer_than(SHORT_WORDS));

/// Builds the phrase sets' automata (see [`super::warm_up`]).
pub(super) fn warm_up() {
    LazyLock::force(&ANY);
    LazyLock::force(&LONG);
}

thread_local! {
    /// The lazy DFAs' states, grown per thread as lines are scanned.
    static CACHE: RefCell<hybrid::dfa::Cache> = RefCell::new(ANY.dfa.create_cache());
    static LONG_CACHE: RefCell<hybrid::dfa::Cache> = RefCell::new(LONG.dfa.create_cache());
}

/// The patterns that may judge a block of `words` words matching somewhere in `text`.
fn matching(text: &str, words: usize) -> Option<Vec<usize>> {
    if words > SHORT_WORDS {
        LONG_CACHE.with_borrow_mut(|cache| LONG.matching(cache, text))
    } else {
        CACHE.with_borrow_mut(|cache| ANY.matching(cache, text))
    }
}

/// Finds the first boilerplate phrase that may judge a block of `words` words;
/// `sentence` says the block reads as a sentence of prose (see [`Scope::Label`]).
pub fn find(text: &str, words: usize, sentence: bool) -> Option<LexiconHit> {
    if words > LONG_WORDS {
        return None;
    }
    let matched = matching(text, words)?;
    // In list order (the automata report ids in order): the first pattern listed wins.
    matched
        .iter()
        .map(|&id| (id, &PATTERNS[id]))
        .filter(|(_, p)| p.applies_to(words, sentence))
        .find_map(|(id, p)| {
            p.phrase(id, text).map(|phrase| LexiconHit {
                category: p.category,
                phrase: phrase.trim().to_string(),
            })
        })
}

/// The lexicon hit of a short block, when it makes the block the header of a
/// related-stories or comments tail.
pub fn is_tail_header(hit: Option<&LexiconHit>, words: usize) -> Option<&LexiconHit> {
    if words > 8 {
        return None;
    }
    hit.filter(|h| {
        matches!(h.category, Category::Related) || (h.category == Category::Comments && words <= 5)
    })
}

#[cfg(test)]
mod tests;
