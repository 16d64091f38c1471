//! Multilingual lexicons of boilerplate phrases (en, de, fr, es, sv, ko, ja, zh).
//!
//! A phrase alone never condemns a long paragraph: each pattern has a scope saying how
//! long a block may be and still be judged by it, so a news paragraph that mentions
//! "cookies" or "comments" is safe.

use std::cell::RefCell;
use std::sync::{LazyLock, OnceLock};

use regex_automata::util::syntax;
use regex_automata::{Input, MatchError, MatchKind, PatternSet, hybrid, meta, nfa::thompson};
use regex_syntax::hir::Hir;

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
    /// Compiled on first use, to find the phrase a set match stands for. Whole-line
    /// patterns never need it, and most others never match on a given site.
    regex: OnceLock<meta::Regex>,
}

impl Pattern {
    fn regex(&self) -> &meta::Regex {
        self.regex.get_or_init(|| {
            meta::Regex::builder()
                .build_from_hir(&self.hir)
                .unwrap_or_else(|e| panic!("bad lexicon pattern: {e}"))
        })
    }

    /// The phrase of `text` this pattern matches, if any.
    fn phrase<'t>(&self, text: &'t str) -> Option<&'t str> {
        match self.scope {
            // Anchored at both ends: a match is the whole line.
            Scope::Whole => Some(text),
            _ => self.regex().find(text).map(|m| &text[m.range()]),
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
        regex: OnceLock::new(),
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
                .filter(|&i| PATTERNS[i].regex().is_match(text))
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
        .map(|&id| &PATTERNS[id])
        .filter(|p| p.applies_to(words, sentence))
        .find_map(|p| {
            p.phrase(text).map(|phrase| LexiconHit {
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
mod tests {
    use super::*;

    fn cat(text: &str) -> Option<Category> {
        let f = super::super::features::Features::of(text);
        find(text, f.words.max(f.size), f.is_sentence()).map(|h| h.category)
    }

    #[test]
    fn patterns_compile() {
        // Each pattern is compiled lazily in use; compile them all here so a typo fails a test.
        assert!(PATTERNS.iter().all(|p| p.regex().pattern_len() == 1));
        assert_eq!(ANY.dfa.pattern_len(), PATTERNS.len());
    }

    #[test]
    fn the_long_block_automaton_finds_what_every_pattern_finds() {
        // A long block is scanned with LONG only: it must judge as every pattern would.
        let long = &*LONG;
        assert!(!long.ids.is_empty());
        assert!(long.ids.iter().all(|&i| PATTERNS[i].scope == Scope::Long));
        let (mut any_cache, mut long_cache) = (ANY.dfa.create_cache(), long.dfa.create_cache());
        let words = SHORT_WORDS + 10;
        let judged = |ids: Option<Vec<usize>>| -> Vec<usize> {
            let ids = ids.unwrap_or_default().into_iter();
            ids.filter(|&i| PATTERNS[i].applies_to(words, true))
                .collect()
        };
        let texts = [
            "This website uses cookies to improve your experience, and by continuing to browse this site you agree to our use of cookies as described in the policy that you can read at any time.",
            "Wir verwenden Cookies, um Inhalte und Anzeigen zu personalisieren, Funktionen für soziale Medien anbieten zu können und die Zugriffe auf unsere Website zu analysieren, wie Sie unten lesen.",
            "The minister said on Tuesday that the talks in Seoul would resume next month, and that both sides had agreed to share the results of the survey before the summit in the spring.",
        ];
        for text in texts {
            let from_any = judged(ANY.matching(&mut any_cache, text));
            assert_eq!(
                from_any,
                judged(long.matching(&mut long_cache, text)),
                "{text}"
            );
            assert_eq!(
                from_any.is_empty(),
                text.starts_with("The minister"),
                "{text}"
            );
        }
    }

    #[test]
    fn boilerplate_in_many_languages() {
        assert_eq!(
            cat("Wir verwenden Cookies, um Ihnen das beste Erlebnis zu bieten."),
            Some(Category::Consent)
        );
        assert_eq!(
            cat("Nous utilisons des cookies pour améliorer votre expérience."),
            Some(Category::Consent)
        );
        assert_eq!(
            cat("Suscríbete a nuestro boletín"),
            Some(Category::Newsletter)
        );
        assert_eq!(cat("Relaterade artiklar"), Some(Category::Related));
        assert_eq!(cat("관련 기사"), Some(Category::Related));
        assert_eq!(cat("関連記事"), Some(Category::Related));
        assert_eq!(cat("相关新闻"), Some(Category::Related));
        for related in [
            "Artigos relacionados",
            "Leggi anche",
            "Baca juga",
            "Читайте также",
        ] {
            assert_eq!(cat(related), Some(Category::Related), "{related}");
        }
        for comments in [
            "Deixe uma resposta",
            "Lascia un commento",
            "Tinggalkan Balasan",
        ] {
            assert_eq!(cat(comments), Some(Category::Comments), "{comments}");
        }
        assert_eq!(
            cat("Facebook Twitter WhatsApp Email"),
            Some(Category::Social)
        );
        assert_eq!(cat("– Advertisement –"), Some(Category::Advertising));
        assert_eq!(cat("Photo: Reuters"), Some(Category::Credit));
        assert_eq!(
            cat("南韓總統李在明（右）與美國總統川普（左）29日在慶州會談。（圖／路透社）"),
            Some(Category::Credit)
        );
        assert_eq!(
            cat("11月1日，习近平同李在明举行会谈。新华社记者 张伟 摄"),
            Some(Category::Credit)
        );
        assert_eq!(cat("By Jane Doe | March 3, 2025"), Some(Category::Byline));
        assert_eq!(cat("Scroll to Top"), Some(Category::Navigation));
        // Separators between and around the phrases of a whole-line pattern.
        assert_eq!(cat("× Close"), Some(Category::Navigation));
        assert_eq!(cat("▶ Share ｜ Tweet ・ Email"), Some(Category::Social));
        assert_eq!(cat("«Accept» — «Reject all»"), Some(Category::Consent));
        assert_eq!(cat("👍 Like"), Some(Category::Social));
        // Phrases ending in a non-ASCII letter, where an ASCII `\b` never matches.
        for ad in ["Publicité", "광고", "広告", "廣告 ", "– Anzeige –"] {
            assert_eq!(cat(ad), Some(Category::Advertising), "{ad}");
        }
        assert_eq!(cat("Dela på Facebook"), Some(Category::Social));
        assert_eq!(cat("Publicitéssss"), None);
        // Newsletter promotions written as whole sentences.
        for promo in [
            "Sign up for Diplomacy Weekly — our free Friday newsletter on Korea and the world.",
            "Sign up to the Morning Briefing - the day's top stories in your inbox.",
            "Click here to subscribe to Seoul Wire on KakaoTalk and get the top stories.",
            "Newsletter: Jetzt kostenlos anmelden und jeden Morgen informiert sein.",
            "Welcome back! If someone forwarded this to you, you can sign up here.",
        ] {
            assert_eq!(cat(promo), Some(Category::Newsletter), "{promo}");
        }
    }

    #[test]
    fn common_words_judge_labels_not_sentences() {
        // Words that prose uses too: they mark a label, never a sentence.
        for line in [
            "We will share the data on missile launches with Tokyo, the minister said.",
            "The treaty still needs the consent of the National Assembly.",
            "Beide Länder teilen die Sorge über das Raketenprogramm.",
            "Les deux pays veulent partager les informations militaires.",
            "El Boletín Oficial del Estado publicó el acuerdo el martes.",
            "이 기사에 대한 댓글이 많았다고 관계자는 말했다.",
            "What about the cookies?",
            "By Friday, the opposition had agreed to put the deal to a vote.",
            "Por Washington, asistió el secretario de Estado adjunto.",
            "Mer om avtalet väntas presenteras på fredag, enligt presidentkansliet.",
            "Mer omfattande sanktioner diskuteras i Bryssel",
            "More on the deal is expected on Friday, officials said.",
        ] {
            assert_eq!(cat(line), None, "{line}");
        }
        for (label, category) in [
            ("Share this", Category::Social),
            ("Teilen", Category::Social),
            ("Cookies", Category::Consent),
            ("Newsletter", Category::Newsletter),
            ("댓글 3", Category::Comments),
            ("Accept all cookies.", Category::Consent),
            ("By Jane Doe, Reuters", Category::Byline),
            ("Por Ana Gil | Madrid", Category::Byline),
            ("By Jane Doe and John Roe", Category::Byline),
            ("Mer om Nordkorea", Category::Related),
            ("More from Seoul", Category::Related),
            ("Mer om: Nordkorea avfyrade robotar.", Category::Related),
            ("More on: Seoul names a new envoy.", Category::Related),
        ] {
            assert_eq!(cat(label), Some(category), "{label}");
        }
    }

    #[test]
    fn news_prose_is_not_boilerplate() {
        for line in [
            "The minister said the comments made by the ambassador were regrettable and would be discussed.",
            "Lee said he would share more details about the deal after returning to Seoul next week.",
            "By the end of the talks, both sides had agreed to continue technical discussions.",
            "Related agencies in both countries will meet next month to review the currency swap.",
            "Home prices in Seoul rose for the fifth month in a row, the data showed.",
        ] {
            assert_eq!(cat(line), None, "{line}");
        }
    }
}
