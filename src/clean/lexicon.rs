//! Multilingual lexicons of boilerplate phrases (en, de, fr, es, sv, ko, ja, zh).
//!
//! A phrase alone never condemns a long paragraph: each pattern has a scope saying how
//! long a block may be and still be judged by it, so a news paragraph that mentions
//! "cookies" or "comments" is safe.

use std::sync::LazyLock;

use regex::Regex;

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
    /// Blocks of up to `LONG_WORDS` words: the phrase is specific enough.
    Long,
}

/// Word count up to which `Scope::Short` patterns apply.
const SHORT_WORDS: usize = 25;
/// Word count up to which `Scope::Long` patterns apply.
const LONG_WORDS: usize = 100;

pub(super) struct Pattern {
    category: Category,
    scope: Scope,
    source: String,
    /// Compiled on first use: the set below finds which pattern matched, and most
    /// patterns never match on a given site (compiling them all cost most of start-up).
    regex: std::sync::OnceLock<Regex>,
}

impl Pattern {
    fn regex(&self) -> &Regex {
        self.regex.get_or_init(|| {
            Regex::new(&self.source).unwrap_or_else(|e| panic!("bad lexicon pattern: {e}"))
        })
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
    // the slow ones on non-ASCII text); every boundary here sits next to an ASCII letter.
    let body = alternatives.join("|").replace(r"\b", r"(?-u:\b)");
    let source = match scope {
        // A whole line made of one or more of the phrases: "Accept  Settings  Reject".
        Scope::Whole => format!(r"(?i)^\W*(?:(?:{body})\W*)+$"),
        _ => format!(r"(?i)(?:{body})"),
    };
    Pattern {
        category,
        scope,
        // The patterns are literals of this file; a typo is caught by the unit tests.
        source,
        regex: std::sync::OnceLock::new(),
    }
}

static PATTERNS: LazyLock<Vec<Pattern>> = LazyLock::new(super::phrases::all);

/// All patterns in one automaton: most lines match none, and one scan tells.
static ANY: LazyLock<regex::RegexSet> = LazyLock::new(|| {
    // The union of every multilingual, Unicode-aware pattern is larger than the default limit.
    regex::RegexSetBuilder::new(PATTERNS.iter().map(|p| p.source.as_str()))
        .size_limit(64 << 20)
        .dfa_size_limit(64 << 20)
        .build()
        .unwrap_or_else(|e| panic!("bad lexicon pattern set: {e}"))
});

/// Finds the first boilerplate phrase that may judge a block of `words` words.
pub fn find(text: &str, words: usize) -> Option<LexiconHit> {
    if words > LONG_WORDS {
        return None;
    }
    // Most lines match nothing; a plain search can stop early and use literal
    // prefilters, where the search for every matching pattern cannot.
    if !ANY.is_match(text) {
        return None;
    }
    let matched = ANY.matches(text);
    PATTERNS
        .iter()
        .enumerate()
        .filter(|(i, _)| matched.matched(*i))
        .find_map(|(_, p)| {
            let allowed = match p.scope {
                Scope::Whole => words <= SHORT_WORDS,
                Scope::Short => words <= SHORT_WORDS,
                Scope::Long => words <= LONG_WORDS,
            };
            if !allowed {
                return None;
            }
            p.regex().find(text).map(|m| LexiconHit {
                category: p.category,
                phrase: m.as_str().trim().to_string(),
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
        find(text, text.split_whitespace().count()).map(|h| h.category)
    }

    #[test]
    fn patterns_compile() {
        // Each pattern is compiled lazily in use; compile them all here so a typo fails a test.
        assert!(PATTERNS.iter().all(|p| !p.regex().as_str().is_empty()));
        assert_eq!(ANY.len(), PATTERNS.len());
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
        assert_eq!(
            cat("Facebook Twitter WhatsApp Email"),
            Some(Category::Social)
        );
        assert_eq!(cat("– Advertisement –"), Some(Category::Advertising));
        assert_eq!(cat("Photo: Reuters"), Some(Category::Credit));
        assert_eq!(cat("By Jane Doe | March 3, 2025"), Some(Category::Byline));
        assert_eq!(cat("Scroll to Top"), Some(Category::Navigation));
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
