//! One Aho-Corasick pass finds every term of every topic, every anchor term and the
//! phrases around them; whole-word and case rules then decide which matches stand.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::config::TermSpec;

/// Word endings accepted after a term, so `America` also finds `Americans`.
const SUFFIXES: &[&str] = &["s", "n", "ns", "es"];

/// What a matched phrase means.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Role {
    /// A term of topic `topic` (index `term` among its canonical terms).
    Term {
        /// Topic index.
        topic: usize,
        /// Canonical term index within the topic.
        term: usize,
        /// Weight of one mention.
        weight: f64,
        /// Supporting terms add weight but never make a member alone.
        support: bool,
    },
    /// A term of anchor `0`: the home side is named.
    Anchor(usize),
    /// A party of anchor `0`'s world that is neither home side nor topic ("Russia").
    Third(usize),
    /// A phrase of anchor `0` that pairs two sides without naming them ("the two leaders").
    Pair(usize),
    /// A longer phrase that shadows an anchor term ("Korean War"); never reported.
    Ignore,
}

/// One phrase to search for.
#[derive(Debug, Clone)]
pub struct Pattern {
    /// Its meaning.
    pub role: Role,
    /// Match case exactly.
    pub exact: bool,
    /// The phrase as written in `site.toml`.
    pub text: String,
}

/// One accepted match: byte range and role.
#[derive(Debug, Clone, Copy)]
pub struct Hit {
    /// Byte offset of the first character.
    pub at: usize,
    /// Byte offset after the last character.
    pub end: usize,
    /// What the match means.
    pub role: Role,
}

/// The compiled search for one site.
#[derive(Debug, Clone)]
pub struct Matcher {
    automaton: Option<AhoCorasick>,
    patterns: Vec<Pattern>,
}

impl Matcher {
    /// Compiles all patterns into one automaton (leftmost-longest, so "North Korea" wins
    /// over an anchor term "Korea" inside it and "Korean War" over "Korea").
    pub fn new(patterns: Vec<Pattern>) -> Self {
        let automaton = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            // A full DFA: built once per site, then the fastest search per paragraph.
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(patterns.iter().map(|p| p.text.as_str()))
            .ok();
        Matcher {
            automaton,
            patterns,
        }
    }

    /// Every accepted match in `text`, in order (shadowing phrases left out).
    pub fn hits<'a>(&'a self, text: &'a str) -> impl Iterator<Item = Hit> + 'a {
        self.automaton
            .iter()
            .flat_map(move |ac| ac.find_iter(text))
            .filter_map(move |m| {
                let p = &self.patterns[m.pattern().as_usize()];
                if p.role == Role::Ignore
                    || (p.exact && &text[m.start()..m.end()] != p.text.as_str())
                    || !whole_word(text, m.start(), m.end())
                {
                    return None;
                }
                Some(Hit {
                    at: m.start(),
                    end: m.end(),
                    role: p.role,
                })
            })
    }
}

/// Patterns for one term and its aliases, all with the same role.
pub fn term_patterns(spec: &TermSpec, role: Role, out: &mut Vec<Pattern>) {
    let (term, aliases, exact) = match spec {
        TermSpec::Plain(s) => (s.as_str(), &[][..], None),
        TermSpec::Detailed {
            term,
            aliases,
            exact_case,
            ..
        } => (term.as_str(), aliases.as_slice(), *exact_case),
    };
    for text in std::iter::once(term).chain(aliases.iter().map(String::as_str)) {
        phrase_pattern(text, role, exact, out);
    }
}

/// A pattern for one phrase (skipped when blank); `exact` defaults to the acronym rule.
pub fn phrase_pattern(text: &str, role: Role, exact: Option<bool>, out: &mut Vec<Pattern>) {
    let text = text.trim();
    if text.is_empty() {
        return;
    }
    out.push(Pattern {
        role,
        exact: exact.unwrap_or_else(|| is_acronym(text)),
        text: text.to_string(),
    });
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

#[cfg(test)]
mod tests {
    use super::*;

    fn matcher(specs: &[(&str, Role)]) -> Matcher {
        let mut out = Vec::new();
        for (text, role) in specs {
            phrase_pattern(text, *role, None, &mut out);
        }
        Matcher::new(out)
    }

    const TERM: Role = Role::Term {
        topic: 0,
        term: 0,
        weight: 1.0,
        support: false,
    };

    #[test]
    fn acronyms_are_case_sensitive_and_words_whole() {
        let m = matcher(&[("US", TERM), ("America", TERM)]);
        let hits: Vec<_> = m
            .hits("Let us talk about USB and Americans in the US.")
            .collect();
        assert_eq!(hits.len(), 2, "{hits:?}");
    }

    #[test]
    fn longer_phrases_shadow_anchor_terms() {
        let m = matcher(&[
            ("Korea", Role::Anchor(0)),
            ("North Korea", TERM),
            ("Korean War", Role::Ignore),
        ]);
        let roles: Vec<Role> = m
            .hits("North Korean troops, the Korean War and a Korean envoy")
            .map(|h| h.role)
            .collect();
        assert_eq!(roles, [TERM, Role::Anchor(0)]);
    }

    #[test]
    fn cjk_terms_match_inside_words() {
        let m = matcher(&[("북한", TERM)]);
        assert_eq!(m.hits("북한의 미사일 발사").count(), 1);
    }
}
